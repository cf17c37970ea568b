/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_MM_TYPES_H
#define _SAMPLES_LINUX_MM_TYPES_H
#include <linux/types.h>
struct page {
	unsigned long flags;
	void *private;
	int _refcount;
};
typedef struct { unsigned long pgprot; } pgprot_t;
struct vm_area_struct {
	unsigned long vm_start;
	unsigned long vm_end;
	unsigned long vm_pgoff;
	unsigned long vm_flags;
	pgprot_t vm_page_prot;
	void *vm_private_data;
};
#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_VMALLOC_H
#define _SAMPLES_LINUX_VMALLOC_H
#include <linux/types.h>
void *vmalloc(unsigned long size);
void *vzalloc(unsigned long size);
void vfree(const void *addr);
struct page *vmalloc_to_page(const void *addr);
#endif
/* Appended for the kmalloc-as-page samples. */
struct vm_area_struct;
void *vmalloc_user(unsigned long size);
unsigned long vmalloc_to_pfn(const void *addr);
bool is_vmalloc_addr(const void *x);
int remap_vmalloc_range(struct vm_area_struct *vma, void *addr, unsigned long pgoff);

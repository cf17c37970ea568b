/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_XEN_PAGE_H
#define _SAMPLES_XEN_PAGE_H
#include <linux/types.h>
unsigned long virt_to_gfn(const void *v);
int gnttab_grant_foreign_access(unsigned short domid, unsigned long frame, int readonly);
#endif

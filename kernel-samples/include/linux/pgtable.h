/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_PGTABLE_H
#define _SAMPLES_LINUX_PGTABLE_H
#include <linux/mm.h>
typedef struct { unsigned long pte; } pte_t;
typedef struct { unsigned long pmd; } pmd_t;
void pmd_populate_kernel(void *mm, pmd_t *pmd, pte_t *pte);
#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_HIGHMEM_H
#define _SAMPLES_LINUX_HIGHMEM_H
#include <linux/mm.h>
void *kmap(struct page *page);
void kunmap(struct page *page);
void *kmap_local_page(struct page *page);
void kunmap_local(const void *addr);
void clear_page(void *page);
void copy_page(void *to, void *from);
#endif

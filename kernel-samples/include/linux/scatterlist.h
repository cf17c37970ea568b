/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_SCATTERLIST_H
#define _SAMPLES_LINUX_SCATTERLIST_H
#include <linux/mm.h>
struct scatterlist {
	unsigned long page_link;
	unsigned int offset;
	unsigned int length;
};
void sg_init_table(struct scatterlist *sgl, unsigned int nents);
void sg_init_one(struct scatterlist *sg, const void *buf, unsigned int buflen);
void sg_set_buf(struct scatterlist *sg, const void *buf, unsigned int buflen);
void sg_set_page(struct scatterlist *sg, struct page *page, unsigned int len, unsigned int offset);
#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_BIO_H
#define _SAMPLES_LINUX_BIO_H
#include <linux/mm.h>
struct block_device;
struct bio {
	struct block_device *bi_bdev;
	unsigned int bi_opf;
	unsigned long long bi_sector;
	void *bi_private;
};
struct bio *bio_alloc(struct block_device *bdev, unsigned short nr_vecs, unsigned int opf,
		      gfp_t gfp);
int bio_add_page(struct bio *bio, struct page *page, unsigned int len, unsigned int off);
int submit_bio_wait(struct bio *bio);
void bio_put(struct bio *bio);
#define REQ_OP_READ 0
#define REQ_OP_WRITE 1
#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample log manager in the style of jfs's lbmLogInit(): log buffers carved out of
 * zeroed pages, each handed to the block layer by its struct page.
 *
 * What the rules must say:
 *   logbuf_init()   pagealloc-kmalloc: keep — virt_to_page() of the buffer (the bio
 *                   needs its struct page)
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/bio.h>

#define LOGPSIZE 4096
#define LOGBUFS 4

struct logbuf {
	struct logbuf *l_next;
	char *l_ldata;
	struct page *l_page;
	unsigned int l_offset;
};

struct logsb {
	struct logbuf *freelist;
	struct block_device *bdev;
};

static int logbuf_init(struct logsb *log)
{
	struct logbuf *lbuf;
	int i, offset;

	log->freelist = NULL;
	for (i = 0; i < LOGBUFS;) {
		char *buffer;
		struct page *page;

		buffer = (char *)get_zeroed_page(GFP_KERNEL);
		if (!buffer)
			return -ENOMEM;
		page = virt_to_page(buffer);
		for (offset = 0; offset < PAGE_SIZE; offset += LOGPSIZE) {
			lbuf = kmalloc(sizeof(*lbuf), GFP_KERNEL);
			if (!lbuf) {
				if (offset == 0)
					free_page((unsigned long)buffer);
				return -ENOMEM;
			}
			if (offset)
				get_page(page);
			lbuf->l_offset = offset;
			lbuf->l_ldata = buffer + offset;
			lbuf->l_page = page;
			lbuf->l_next = log->freelist;
			log->freelist = lbuf;
			i++;
		}
	}
	return 0;
}

static int logbuf_write(struct logsb *log, struct logbuf *lbuf)
{
	struct bio *bio = bio_alloc(log->bdev, 1, REQ_OP_WRITE, GFP_NOFS);

	bio_add_page(bio, lbuf->l_page, LOGPSIZE, lbuf->l_offset);
	return submit_bio_wait(bio);
}

int logbuf_start(struct logsb *log)
{
	int rc = logbuf_init(log);

	if (rc)
		return rc;
	return logbuf_write(log, log->freelist);
}

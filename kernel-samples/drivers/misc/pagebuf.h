/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A command buffer whose helpers live in a header: every file that includes it may touch
 * ->data, so nothing declared here is private to one file.
 *
 * What the rules must say:
 *   pagebuf_init()   pagealloc-kmalloc: review — ->data belongs to struct pagebuf, declared
 *                    in this header: other files may free or map it
 */
#ifndef SAMPLE_PAGEBUF_H
#define SAMPLE_PAGEBUF_H

#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/types.h>

struct pagebuf {
	unsigned int len;
	u8 *data;
};

static inline int pagebuf_init(struct pagebuf *buf)
{
	buf->data = (u8 *)__get_free_page(GFP_KERNEL);
	if (!buf->data)
		return -ENOMEM;
	buf->len = 0;
	return 0;
}

static inline void pagebuf_destroy(struct pagebuf *buf)
{
	free_page((unsigned long)buf->data);
}

#endif

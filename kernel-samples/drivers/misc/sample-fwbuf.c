// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample firmware buffer device: page-sized buffers handed to functions of other
 * files, which the facts pass reads.
 *
 * What the rules must say:
 *   fwbuf_read_stats()   pagealloc-kmalloc: replace — fwbuf_format_stats() of
 *                        sample-fwbuf-io.c only writes text into the buffer
 *   fwbuf_query()        pagealloc-kmalloc: keep — fwbuf_send_request() of
 *                        sample-fwbuf-io.c hands it to fwbuf_hw_post() of
 *                        sample-fwbuf.h, which takes its physical address
 *   fwbuf_fill()         pagealloc-kmalloc: review — fwbuf_external_fill() is declared
 *                        but defined nowhere in the tree
 *   fwbuf_sysinfo()      pagealloc-kmalloc: review — fwbuf_store_sysinfo() of
 *                        sample-fwbuf-io.c hands it to an inline assembly statement,
 *                        whose operands spatch does not show
 */
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/uaccess.h>
#include "sample-fwbuf.h"

ssize_t fwbuf_read_stats(struct fwbuf_dev *dev, char __user *ubuf, size_t len)
{
	char *page;
	ssize_t n;

	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	n = fwbuf_format_stats(dev, page, PAGE_SIZE);
	if (n > len)
		n = len;
	if (copy_to_user(ubuf, page, n))
		n = -EFAULT;
	free_page((unsigned long)page);
	return n;
}

int fwbuf_query(struct fwbuf_dev *dev)
{
	void *req;
	int ret;

	req = (void *)get_zeroed_page(GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	ret = fwbuf_send_request(dev, req);
	free_page((unsigned long)req);
	return ret;
}

int fwbuf_fill(struct fwbuf_dev *dev)
{
	char *buf;
	int ret;

	buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	ret = fwbuf_external_fill(dev, buf);
	free_page((unsigned long)buf);
	return ret;
}

int fwbuf_sysinfo(struct fwbuf_dev *dev)
{
	void *info;
	int ret;

	info = (void *)get_zeroed_page(GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	ret = fwbuf_store_sysinfo(info, 1);
	free_page((unsigned long)info);
	return ret;
}

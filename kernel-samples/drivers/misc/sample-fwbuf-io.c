// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample firmware buffer device, its I/O side: the functions sample-fwbuf.c hands its
 * buffers to. No allocation here: the facts pass reads this file for what
 * fwbuf_format_stats() (only writes text into the buffer) and fwbuf_send_request()
 * (hands it to fwbuf_hw_post() of sample-fwbuf.h, which takes its physical address)
 * do with their parameters, and fwbuf_store_sysinfo(), which hands its buffer to an
 * instruction in an inline assembly statement.
 */
#include <linux/kernel.h>
#include "sample-fwbuf.h"

ssize_t fwbuf_format_stats(struct fwbuf_dev *dev, char *buf, size_t size)
{
	return scnprintf(buf, size, "requests %u\nerrors %u\n", dev->requests,
			 dev->errors);
}

int fwbuf_send_request(struct fwbuf_dev *dev, void *req)
{
	dev->requests++;
	fwbuf_hw_post(dev, req);
	return 0;
}

int fwbuf_store_sysinfo(void *info, int code)
{
	int rc = code;

	asm volatile("stsi 0(%[addr])" : "+d" (rc) : [addr] "a" (info) : "cc", "memory");
	return rc;
}

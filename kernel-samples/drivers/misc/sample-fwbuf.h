/* SPDX-License-Identifier: GPL-2.0-only */
/* Sample firmware buffer device: what sample-fwbuf.c and sample-fwbuf-io.c share. */
#ifndef _SAMPLE_FWBUF_H
#define _SAMPLE_FWBUF_H
#include <linux/io.h>
#include <linux/types.h>

struct fwbuf_dev {
	void __iomem *regs;
	u32 requests;
	u32 errors;
};

/* The device fetches the request block by its physical address. */
static inline void fwbuf_hw_post(struct fwbuf_dev *dev, void *req)
{
	writel((u32)virt_to_phys(req), dev->regs);
}

ssize_t fwbuf_format_stats(struct fwbuf_dev *dev, char *buf, size_t size);
int fwbuf_send_request(struct fwbuf_dev *dev, void *req);
int fwbuf_external_fill(struct fwbuf_dev *dev, char *buf);
int fwbuf_store_sysinfo(void *info, int code);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * A sample debugfs dump of a network device's registers: the page is filled with
 * put_unaligned_le32(), logged with netdev_dbg() and copied to user space.
 *
 * What the rules must say:
 *   sample_regdump_read()   pagealloc-kmalloc: replace — put_unaligned_le32() and
 *                           get_unaligned() only write and read through the pointer, and
 *                           netdev_dbg() only prints: kmalloc(PAGE_SIZE) + kfree().
 *   sample_info_read()      pagealloc-kmalloc: replace — the unsigned long page becomes
 *                           char *page, and the length "(unsigned long)p - page" becomes
 *                           "p - page".
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/uaccess.h>
#include <asm/unaligned.h>

#define SAMPLE_NREGS	64

struct sample_regdev {
	struct net_device *ndev;
	u32 regs[SAMPLE_NREGS];
};

static ssize_t sample_regdump_read(struct file *file, char __user *ubuf, size_t count,
				   loff_t *ppos)
{
	struct sample_regdev *rd = file->private_data;
	char *page = (char *)__get_free_page(GFP_KERNEL);
	ssize_t ret;
	int i;

	if (!page)
		return -ENOMEM;
	for (i = 0; i < SAMPLE_NREGS; i++)
		put_unaligned_le32(rd->regs[i], page + 3 + 4 * i);
	netdev_dbg(rd->ndev, "first register %08x\n", get_unaligned((u32 *)(page + 3)));
	ret = simple_read_from_buffer(ubuf, count, ppos, page + 3, 4 * SAMPLE_NREGS);
	free_page((unsigned long)page);
	return ret;
}

static ssize_t sample_info_read(struct file *file, char __user *ubuf, size_t count,
				loff_t *ppos)
{
	struct sample_regdev *rd = file->private_data;
	unsigned long page = get_zeroed_page(GFP_KERNEL);
	char *p = (char *)page;
	ssize_t ret;

	if (!p)
		return -ENOMEM;
	p += sprintf(p, "name=%s\n", rd->ndev->name);
	p += sprintf(p, "registers=%d\n", SAMPLE_NREGS);
	ret = simple_read_from_buffer(ubuf, count, ppos, (char *)page,
				      (unsigned long)p - page);
	free_page(page);
	return ret;
}

const struct file_operations sample_regdump_fops = {
	.read = sample_regdump_read,
};

const struct file_operations sample_info_fops = {
	.read = sample_info_read,
};

// SPDX-License-Identifier: GPL-2.0-only
/*
 * A sample read handler that hands two page buffers to a device's callback in one call.
 * The callback is a function pointer: nothing here shows what it does with them.
 *
 * What the rules must say:
 *   sample_dev_read()   pagealloc-kmalloc, 'hdr' and 'page': review — both are passed to
 *                       dev->ops->dump(), whose body the rule does not see. The call
 *                       names two followed buffers: each must be seen as an argument,
 *                       not only the first.
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/uaccess.h>

struct sample_dev;

struct sample_dev_ops {
	int (*dump)(struct sample_dev *dev, char *hdr, char *page);
};

struct sample_dev {
	const struct sample_dev_ops *ops;
};

static ssize_t sample_dev_read(struct file *file, char __user *buf, size_t count,
			       loff_t *pos)
{
	struct sample_dev *dev = file->private_data;
	char *hdr = (char *)__get_free_page(GFP_KERNEL);
	unsigned long page;
	int length;

	if (!hdr)
		return -ENOMEM;
	page = get_zeroed_page(GFP_KERNEL);
	if (!page) {
		free_page((unsigned long)hdr);
		return -ENOMEM;
	}
	length = dev->ops->dump(dev, hdr, (char *)page);
	if (length > (int)count)
		length = -EINVAL;
	if (length > 0 && copy_to_user(buf, (char *)page, length))
		length = -EFAULT;
	free_page(page);
	free_page((unsigned long)hdr);
	return length;
}

const struct file_operations sample_dev_fops = {
	.read = sample_dev_read,
};

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample transaction files in the style of simple_transaction_get(): a write fills a
 * zeroed page that the following read returns; the page lives in file->private_data
 * and is freed on release.
 *
 * What the rules must say:
 *   xact_get()   pagealloc-kmalloc: review — the buffer is stored in
 *                file->private_data, where the rule does not follow it (it is freed
 *                through that pointer in xact_release())
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>

struct xact_argresp {
	ssize_t size;
	char data[];
};

#define XACT_LIMIT (PAGE_SIZE - sizeof(struct xact_argresp))

static DEFINE_SPINLOCK(xact_lock);

char *xact_get(struct file *file, const char __user *buf, size_t size)
{
	struct xact_argresp *ar;

	if (size > XACT_LIMIT - 1)
		return ERR_PTR(-EFBIG);

	ar = (struct xact_argresp *)get_zeroed_page(GFP_KERNEL);
	if (!ar)
		return ERR_PTR(-ENOMEM);

	spin_lock(&xact_lock);
	if (file->private_data) {
		spin_unlock(&xact_lock);
		free_page((unsigned long)ar);
		return ERR_PTR(-EBUSY);
	}
	file->private_data = ar;
	spin_unlock(&xact_lock);

	if (copy_from_user(ar->data, buf, size))
		return ERR_PTR(-EFAULT);
	return ar->data;
}

ssize_t xact_read(struct file *file, char __user *buf, size_t size, loff_t *pos)
{
	struct xact_argresp *ar = file->private_data;

	if (!ar)
		return 0;
	return simple_read_from_buffer(buf, size, pos, ar->data, ar->size);
}

int xact_release(struct inode *inode, struct file *file)
{
	free_page((unsigned long)file->private_data);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample mount helpers in the style of copy_mount_options() and the mount-point
 * printers: one copies the user's options into a page it hands back to the caller,
 * the other formats a path in a scratch page.
 *
 * What the rules must say:
 *   mnt_copy_options()   pagealloc-kmalloc: review — the buffer is returned to the
 *                        caller, who frees it with free_page() elsewhere
 *   mnt_show_path()      pagealloc-kmalloc: replace — scratch buffer for seq_file
 *                        output, GFP_KERNEL kept
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/seq_file.h>
#include <linux/string.h>

void *mnt_copy_options(const void __user *data)
{
	char *copy;
	unsigned long left;

	if (!data)
		return NULL;

	copy = (char *)__get_free_page(GFP_KERNEL);
	if (!copy)
		return ERR_PTR(-ENOMEM);

	left = copy_from_user(copy, data, PAGE_SIZE);
	if (left == PAGE_SIZE) {
		free_page((unsigned long)copy);
		return ERR_PTR(-EFAULT);
	}
	memset(copy + PAGE_SIZE - left, 0, left);
	return copy;
}

int mnt_show_path(struct seq_file *m, const void *path)
{
	char *buf, *p;
	int err = 0;

	buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p = d_path(path, buf, PAGE_SIZE);
	if (IS_ERR(p))
		err = PTR_ERR(p);
	else
		seq_puts(m, p);
	free_page((unsigned long)buf);
	return err;
}

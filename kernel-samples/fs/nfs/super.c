// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample NFS superblock printer in the style of nfs_show_devname(): the device name
 * is built backwards in a scratch page.
 *
 * What the rules must say:
 *   nfs_sample_show_devname()   pagealloc-kmalloc: review — scratch buffer freed on the
 *                               single exit path, but handed to nfs_sample_path(), whose
 *                               body is in another file
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/seq_file.h>

char *nfs_sample_path(struct dentry *dentry, char *buffer, ssize_t buflen);

int nfs_sample_show_devname(struct seq_file *m, struct dentry *root)
{
	char *page = (char *)__get_free_page(GFP_KERNEL);
	char *devname;
	int err = 0;

	if (!page)
		return -ENOMEM;
	devname = nfs_sample_path(root, page, PAGE_SIZE);
	if (IS_ERR(devname))
		err = PTR_ERR(devname);
	else
		seq_puts(m, devname);
	free_page((unsigned long)page);
	return err;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample NFSv4 referral walker in the style of nfs_follow_referral(): two scratch
 * pages, one for the mount path and one for the export path, released through a
 * chain of goto labels.
 *
 * What the rules must say:
 *   nfs4_sample_follow()   pagealloc-kmalloc: replace (twice) — page and page2 are
 *                          plain buffers (GFP_USER kept); each free_page() on the error
 *                          and success paths becomes kfree()
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>

struct nfs4_sample_location {
	const char *rootpath;
	const char *servers[4];
	int nservers;
};

int nfs4_sample_mount(const char *server, const char *mnt_path, size_t exportlen);

/* Helpers of this file: they write or read the buffers and keep nothing. */
static char *nfs4_sample_pathname(struct dentry *dentry, char *buffer, ssize_t buflen)
{
	return dentry_path_raw(dentry, buffer, buflen);
}

static int nfs4_sample_try_mount(const char *server, const char *mnt_path,
				 const char *export)
{
	if (!strlen(export))
		return -EINVAL;
	return nfs4_sample_mount(server, mnt_path, strlen(export));
}

int nfs4_sample_follow(struct dentry *dentry, const struct nfs4_sample_location *loc)
{
	char *page = NULL, *page2 = NULL;
	char *mnt_path;
	int i, err = -ENOENT;

	page = (char *)__get_free_page(GFP_USER);
	if (!page)
		return -ENOMEM;
	page2 = (char *)__get_free_page(GFP_USER);
	if (!page2) {
		err = -ENOMEM;
		goto out_page;
	}

	mnt_path = nfs4_sample_pathname(dentry, page, PAGE_SIZE);
	if (IS_ERR(mnt_path)) {
		err = PTR_ERR(mnt_path);
		goto out_page2;
	}
	if (strscpy(page2, loc->rootpath, PAGE_SIZE) < 0) {
		err = -ENAMETOOLONG;
		goto out_page2;
	}
	for (i = 0; i < loc->nservers && err; i++)
		err = nfs4_sample_try_mount(loc->servers[i], mnt_path, page2);

out_page2:
	free_page((unsigned long)page2);
out_page:
	free_page((unsigned long)page);
	return err;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample directory reader in the style of jfs_readdir(): directory entries are
 * packed into a page addressed as an unsigned long and walked with address
 * arithmetic.
 *
 * What the rules must say:
 *   dtree_readdir()   pagealloc-kmalloc: review — the unsigned long receiver is used in
 *                     address arithmetic, so making it a pointer would spread
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/string.h>

struct dtree_dirent {
	unsigned long ino;
	unsigned int name_len;
	char name[];
};

struct dtree_entry {
	unsigned long ino;
	const char *name;
};

int dtree_emit(void *ctx, const char *name, unsigned int len, unsigned long ino);

static size_t dtree_dirent_size(unsigned int name_len)
{
	return (sizeof(struct dtree_dirent) + name_len + 1 + 7) & ~7UL;
}

int dtree_readdir(void *ctx, const struct dtree_entry *ents, int count)
{
	unsigned long dirent_buf;
	struct dtree_dirent *jd;
	int i, rc = 0;

	dirent_buf = __get_free_page(GFP_KERNEL);
	if (!dirent_buf)
		return -ENOMEM;

	jd = (struct dtree_dirent *)dirent_buf;
	for (i = 0; i < count; i++) {
		unsigned int len = strlen(ents[i].name);

		if ((unsigned long)jd + dtree_dirent_size(len) > dirent_buf + PAGE_SIZE)
			break;
		jd->ino = ents[i].ino;
		jd->name_len = len;
		memcpy(jd->name, ents[i].name, len + 1);
		jd = (struct dtree_dirent *)((char *)jd + dtree_dirent_size(len));
	}

	jd = (struct dtree_dirent *)dirent_buf;
	while ((unsigned long)jd < dirent_buf + PAGE_SIZE && jd->name_len && !rc) {
		rc = dtree_emit(ctx, jd->name, jd->name_len, jd->ino);
		jd = (struct dtree_dirent *)((char *)jd + dtree_dirent_size(jd->name_len));
	}
	free_page(dirent_buf);
	return rc;
}

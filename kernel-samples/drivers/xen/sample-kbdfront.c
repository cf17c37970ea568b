// SPDX-License-Identifier: GPL-2.0-only
/*
 * A sample Xen frontend: a page shared with the backend domain, granted by its frame
 * number in a helper of the same file.
 *
 * What the rules must say:
 *   sample_kbd_probe()        pagealloc-kmalloc: keep — the page is passed to
 *                             sample_kbd_connect(), which hands virt_to_gfn() of it
 *                             to the grant table: another domain maps that frame
 *   sample_kbd_name()         pagealloc-kmalloc: replace — passed only to a helper of
 *                             this file that writes through it with strscpy()
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>
#include <xen/page.h>

struct sample_kbd_info {
	void *ring;
	int gref;
	unsigned short otherend_id;
};

static int sample_kbd_connect(struct sample_kbd_info *info, void *ring)
{
	unsigned long gfn = virt_to_gfn(ring);

	info->gref = gnttab_grant_foreign_access(info->otherend_id, gfn, 0);
	return info->gref < 0 ? info->gref : 0;
}

int sample_kbd_probe(struct sample_kbd_info *info)
{
	void *ring = (void *)get_zeroed_page(GFP_KERNEL);
	int err;

	if (!ring)
		return -ENOMEM;
	err = sample_kbd_connect(info, ring);
	if (err) {
		free_page((unsigned long)ring);
		return err;
	}
	info->ring = ring;
	return 0;
}

static void sample_kbd_fill_name(char *name, const struct sample_kbd_info *info)
{
	strscpy(name, info->gref ? "granted" : "idle", PAGE_SIZE);
}

int sample_kbd_name(const struct sample_kbd_info *info)
{
	char *name = (char *)__get_free_page(GFP_KERNEL);
	int len;

	if (!name)
		return -ENOMEM;
	sample_kbd_fill_name(name, info);
	len = strlen(name);
	free_page((unsigned long)name);
	return len;
}

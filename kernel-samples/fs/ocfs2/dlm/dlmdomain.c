// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample lock-manager hash in the style of the old dlm_alloc_pagevec(): the hash table
 * is an array of separately allocated pages, so every lookup first picks the page.
 *
 * What the rules must say:
 *   dlm_sample_alloc_pagevec()   pagealloc-kmalloc: review — page-sized blocks allocated
 *                                into an array in a loop: one kvmalloc_array() /
 *                                kvcalloc() table would avoid the extra dereference
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/list.h>

#define DLM_SAMPLE_HASH_PAGES 4
#define DLM_SAMPLE_BUCKETS_PER_PAGE (PAGE_SIZE / sizeof(struct hlist_head))

static void dlm_sample_free_pagevec(void **vec, int pages)
{
	while (pages--)
		free_page((unsigned long)vec[pages]);
	kfree(vec);
}

static void **dlm_sample_alloc_pagevec(int pages)
{
	void **vec = kmalloc_array(pages, sizeof(void *), GFP_KERNEL);
	int i;

	if (!vec)
		return NULL;

	for (i = 0; i < pages; i++)
		if (!(vec[i] = (void *)__get_free_page(GFP_KERNEL)))
			goto out_free;
	return vec;
out_free:
	dlm_sample_free_pagevec(vec, i);
	return NULL;
}

static struct hlist_head *dlm_sample_lockres_hash(void **vec, unsigned int i)
{
	return (struct hlist_head *)vec[(i / DLM_SAMPLE_BUCKETS_PER_PAGE) %
					DLM_SAMPLE_HASH_PAGES] +
		(i % DLM_SAMPLE_BUCKETS_PER_PAGE);
}

struct hlist_head *dlm_sample_bucket(unsigned int i)
{
	static void **vec;

	if (!vec)
		vec = dlm_sample_alloc_pagevec(DLM_SAMPLE_HASH_PAGES);
	if (!vec)
		return NULL;
	return dlm_sample_lockres_hash(vec, i);
}

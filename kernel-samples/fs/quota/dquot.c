// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample quota cache in the style of dquot_init(): hash tables of list heads allocated
 * with the page allocator at boot and never freed.
 *
 * What the rules must say:
 *   dqcache_init()      pagealloc-kmalloc: replace — the order is a variable, but the
 *                       only value the function gives it is 0: one page, kmalloc(PAGE_SIZE);
 *                       the static table is never freed, and hlist_add_head() only
 *                       writes through the bucket it is given
 *   dqcache_ids_init()  pagealloc-kmalloc: review — a hash table whose order is computed
 *                       at run time: alloc_large_system_hash() or kvmalloc_array() would
 *                       fit better
 */
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/mm.h>
#include <linux/list.h>
#include <linux/hash.h>

struct dqentry {
	struct hlist_node dq_hash;
	unsigned int dq_id;
};

static struct hlist_head *dqcache_hash;
static unsigned int dqcache_hash_bits;
static struct hlist_head *dqcache_ids;

static int __init dqcache_init(void)
{
	unsigned long nr_hash, order;
	unsigned int i;

	order = 0;
	dqcache_hash = (struct hlist_head *)__get_free_pages(GFP_KERNEL, order);
	if (!dqcache_hash)
		return -ENOMEM;

	nr_hash = (1UL << order) * PAGE_SIZE / sizeof(struct hlist_head);
	dqcache_hash_bits = 0;
	while (nr_hash >> (dqcache_hash_bits + 1))
		dqcache_hash_bits++;
	for (i = 0; i < (1U << dqcache_hash_bits); i++)
		INIT_HLIST_HEAD(dqcache_hash + i);
	pr_info("dqcache: hash table entries: %lu (order %lu)\n", nr_hash, order);
	return 0;
}

static void dqcache_insert(struct dqentry *e)
{
	struct hlist_head *head = dqcache_hash + hash_32(e->dq_id, dqcache_hash_bits);

	hlist_add_head(&e->dq_hash, head);
}

static int __init dqcache_ids_init(unsigned long entries)
{
	unsigned long order = get_order(entries * sizeof(struct hlist_head));
	unsigned long i;

	dqcache_ids = (struct hlist_head *)__get_free_pages(GFP_KERNEL, order);
	if (!dqcache_ids)
		return -ENOMEM;
	for (i = 0; i < entries; i++)
		INIT_HLIST_HEAD(dqcache_ids + i);
	return 0;
}

int dqcache_start(struct dqentry *first, unsigned long ids)
{
	int ret = dqcache_init();

	if (ret)
		return ret;
	dqcache_insert(first);
	return dqcache_ids_init(ids);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample quota cache in the style of dquot_init(): a hash table of list heads whose
 * size is computed at boot and allocated with the page allocator.
 *
 * What the rules must say:
 *   dqcache_init()   pagealloc-kmalloc: review — a hash table with a run-time order:
 *                    alloc_large_system_hash() or kvmalloc_array() would fit better
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

struct hlist_head *dqcache_bucket(unsigned int id)
{
	return dqcache_hash + hash_32(id, dqcache_hash_bits);
}

int dqcache_start(void)
{
	return dqcache_init();
}

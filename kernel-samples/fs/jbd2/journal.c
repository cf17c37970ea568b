// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample journal buffers in the style of jbd2: block-sized buffers for the journal's
 * I/O, which the block layer wants aligned to the block size.
 *
 * What the rules must say (the verdicts depend on the scanned tree's version):
 *   jrnl_alloc()          pagealloc-kmalloc: keep — the order is computed from the
 *                         block size at run time (on a tree before 5.4 the alignment
 *                         check on the address is named instead)
 *   jrnl_commit_scratch() pagealloc-kmalloc: replace on 5.4 and later (kmalloc() of a
 *                         power-of-two size is naturally aligned there; the message
 *                         says so); keep before 5.4, because it relies on page alignment
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

struct jrnl {
	unsigned int j_blocksize;
	struct kmem_cache *j_slab;
	u32 j_csum_seed;
};

/* Reads the block it is given and keeps nothing. */
static u32 jrnl_csum(u32 seed, const void *buf, size_t len)
{
	const u8 *p = buf;

	while (len--)
		seed = (seed << 1) ^ *p++;
	return seed;
}

void *jrnl_alloc(struct jrnl *j, size_t size, gfp_t flags)
{
	void *ptr;

	if (size < PAGE_SIZE)
		return kmem_cache_alloc(j->j_slab, flags);

	ptr = (void *)__get_free_pages(flags, get_order(size));
	/* The block layer needs the buffer aligned to its size. */
	BUG_ON(((unsigned long)ptr) & (size - 1));
	return ptr;
}

void jrnl_free(struct jrnl *j, void *ptr, size_t size)
{
	if (size < PAGE_SIZE) {
		kmem_cache_free(j->j_slab, ptr);
		return;
	}
	free_pages((unsigned long)ptr, get_order(size));
}

int jrnl_commit_scratch(struct jrnl *j, const void *tags, size_t len, u32 *csum)
{
	char *scratch;

	if (len > PAGE_SIZE)
		return -EINVAL;
	scratch = (char *)__get_free_page(GFP_NOFS);
	if (!scratch)
		return -ENOMEM;
	/* Checksummed in place by code that assumes a page-aligned block. */
	BUG_ON(offset_in_page(scratch));
	memset(scratch, 0, PAGE_SIZE);
	memcpy(scratch, tags, len);
	*csum = jrnl_csum(j->j_csum_seed, scratch, PAGE_SIZE);
	free_page((unsigned long)scratch);
	return 0;
}

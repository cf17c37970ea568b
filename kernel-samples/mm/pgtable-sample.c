// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample kernel page-table and protection helpers: memory that must come from the page
 * allocator because the MMU or the direct map looks at it by the page.
 *
 * What the rules must say:
 *   sample_pte_alloc_kernel()   pagealloc-kmalloc: keep — a page table (pte_t *) given to
 *                               pmd_populate_kernel()
 *   sample_alloc_ro_table()     pagealloc-kmalloc: keep — set_memory_ro() changes the
 *                               attributes of the buffer's page
 *   sample_alloc_trampoline()   pagealloc-kmalloc: keep — a constant order 4
 *                               (16 contiguous pages)
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/pgtable.h>
#include <linux/set_memory.h>
#include <linux/string.h>

struct sample_mm {
	int users;
};

static struct sample_mm sample_init_mm;

int sample_pte_alloc_kernel(pmd_t *pmd)
{
	pte_t *pte = (pte_t *)get_zeroed_page(GFP_KERNEL);

	if (!pte)
		return -ENOMEM;
	pmd_populate_kernel(&sample_init_mm, pmd, pte);
	return 0;
}

void *sample_alloc_ro_table(const void *src, size_t len)
{
	void *table;

	if (len > PAGE_SIZE)
		return NULL;
	table = (void *)__get_free_page(GFP_KERNEL);
	if (!table)
		return NULL;
	memcpy(table, src, len);
	if (set_memory_ro((unsigned long)table, 1)) {
		free_page((unsigned long)table);
		return NULL;
	}
	return table;
}

static unsigned long sample_trampoline;

int sample_alloc_trampoline(void)
{
	sample_trampoline = __get_free_pages(GFP_KERNEL, 4);
	if (!sample_trampoline)
		return -ENOMEM;
	memset((void *)sample_trampoline, 0xcc, 16 * PAGE_SIZE);
	return 0;
}

void sample_free_trampoline(void)
{
	free_pages(sample_trampoline, 4);
	sample_trampoline = 0;
}

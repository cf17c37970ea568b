// SPDX-License-Identifier: GPL-2.0-only
/*
 * A sample self-test of the page allocator: it gives a page back and looks at the
 * address after the free, which only means something for the page allocator.
 *
 * What the rules must say:
 *   sample_buddy_reuse()      pagealloc-kmalloc, first allocation: review — 'p' is used
 *                             (printed, compared) after free_page() gave it back
 *                             pagealloc-kmalloc, second allocation: review — the
 *                             unsigned long 'p' is also used as an integer (old = p);
 *                             the free before this allocation is not named as a use
 *                             after its free
 *   sample_buddy_read_after_free()
 *                             pagealloc-kmalloc: review — its copy 'base' is read after
 *                             free_page() gave the page back (a test of page poisoning)
 *   sample_buddy_init_on_alloc()
 *                             pagealloc-kmalloc, 'first': review — used (compared) after
 *                             its free; 'val': review — compared with 'first', a page
 *                             given back (a test of what the allocator hands out)
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>

void sample_buddy_reuse(void)
{
	unsigned long p = __get_free_page(GFP_KERNEL);
	unsigned long old;

	if (!p)
		return;
	memset((void *)p, 0x5a, PAGE_SIZE);
	free_page(p);
	old = p;
	p = __get_free_page(GFP_KERNEL);
	if (!p)
		return;
	if (p == old)
		pr_info("sample: the freed page came back first\n");
	free_page(p);
}

/* Reads the page through a copy after giving it back: a test of page poisoning. */
void sample_buddy_read_after_free(void)
{
	unsigned long p = __get_free_page(GFP_KERNEL);
	int *base;
	int saw;

	if (!p)
		return;
	base = (int *)p;
	base[0] = 0x5a5a;
	free_page(p);
	saw = base[0];
	if (saw != 0x5a5a)
		pr_info("sample: the freed page was poisoned\n");
}

/* A new page must not show what a page given back held: init_on_alloc. */
void sample_buddy_init_on_alloc(void)
{
	u8 *first;
	u8 *val;

	first = (u8 *)__get_free_page(GFP_KERNEL);
	if (!first)
		return;
	memset(first, 0xab, PAGE_SIZE);
	free_page((unsigned long)first);
	val = (u8 *)__get_free_page(GFP_KERNEL);
	if (!val)
		return;
	if (val != first)
		pr_info("sample: another page came back\n");
	if (memchr(val, 0xab, PAGE_SIZE))
		pr_info("sample: the new page was not cleared\n");
	free_page((unsigned long)val);
}

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

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Page framebuffer: a small framebuffer in physically contiguous pages that user space maps
 * with remap_pfn_range(), and a cursor image the device fetches through a scatterlist. These
 * are correct users of the page allocator and of kmalloc().
 *
 * What the rules must say about each function:
 *   pagefb_alloc()         pagealloc-kmalloc: keep (the pages are mapped to user space);
 *                          nothing from kmalloc-as-page — SetPageReserved() of
 *                          page-allocator pages
 *   pagefb_mmap()          nothing from kmalloc-as-page — remap_pfn_range() of those pages
 *   pagefb_free()          nothing from kmalloc-as-page — ClearPageReserved(), free_pages()
 *   pagefb_cursor_load()   nothing — kmalloc() cursor image, sg_set_page() of its
 *                          virt_to_page() is legal for slab memory
 *   pagefb_cursor_free()   nothing — kfree()
 */
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>

#define PAGEFB_ORDER		3
#define PAGEFB_BYTES		(PAGE_SIZE << PAGEFB_ORDER)
#define PAGEFB_CURSOR_BYTES	(64 * 64 / 8)

struct pagefb {
	unsigned long base;
	void *cursor;
	struct scatterlist cursor_sg;
};

static int pagefb_alloc(struct pagefb *fb)
{
	unsigned long addr;

	fb->base = __get_free_pages(GFP_KERNEL | __GFP_ZERO, PAGEFB_ORDER);
	if (!fb->base)
		return -ENOMEM;
	for (addr = fb->base; addr < fb->base + PAGEFB_BYTES; addr += PAGE_SIZE)
		SetPageReserved(virt_to_page((void *)addr));
	return 0;
}

static int pagefb_mmap(struct pagefb *fb, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;

	if (vma->vm_pgoff || len > PAGEFB_BYTES)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys((void *)fb->base) >> PAGE_SHIFT,
			       len, vma->vm_page_prot);
}

static void pagefb_free(struct pagefb *fb)
{
	unsigned long addr;

	for (addr = fb->base; addr < fb->base + PAGEFB_BYTES; addr += PAGE_SIZE)
		ClearPageReserved(virt_to_page((void *)addr));
	free_pages(fb->base, PAGEFB_ORDER);
	fb->base = 0;
}

static int pagefb_cursor_load(struct pagefb *fb, const void *image)
{
	void *cursor = kmalloc(PAGEFB_CURSOR_BYTES, GFP_KERNEL);

	if (!cursor)
		return -ENOMEM;
	memcpy(cursor, image, PAGEFB_CURSOR_BYTES);
	sg_init_table(&fb->cursor_sg, 1);
	sg_set_page(&fb->cursor_sg, virt_to_page(cursor), PAGEFB_CURSOR_BYTES,
		    offset_in_page(cursor));
	fb->cursor = cursor;
	return 0;
}

static void pagefb_cursor_free(struct pagefb *fb)
{
	kfree(fb->cursor);
	fb->cursor = NULL;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Virtual shadow framebuffer: drawing goes to a vmalloc() shadow that vshadow_push() sends
 * to the device; user space maps the shadow through a fault handler.
 *
 * What the rules must say about each function:
 *   vshadow_probe()         nothing — vzalloc() of the shadow, kvcalloc() of the line
 *                           table, kzalloc() of the palette
 *   vshadow_fault()         kmalloc-as-page: review, "bug:" — virt_to_page() of the vzalloc()
 *                           shadow
 *   vshadow_mmap()          nothing — sets up the fault-driven mapping
 *   vshadow_push()          kmalloc-as-page: review, "bug:" — sg_init_one() of the shadow
 *   vshadow_map_lines()     kmalloc-as-page: review, "bug:" — dma_map_single() of the
 *                           kvcalloc() line table
 *   vshadow_palette_page()  kmalloc-as-page: review, "bug:" — vmalloc_to_page() of the
 *                           kzalloc() palette
 *   vshadow_remove()        nothing — vfree(), kvfree() and kfree() match their allocators
 */
#include <linux/dma-mapping.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#define VSHADOW_PALETTE_ENTRIES	256

struct vshadow_par {
	struct device *dev;
	void *shadow;
	size_t shadow_len;
	u32 *lines;
	unsigned int nlines;
	dma_addr_t lines_dma;
	u32 *palette;
	struct scatterlist sg;
};

int vshadow_hw_submit(struct device *dev, struct scatterlist *sg, unsigned int nents);

static struct vshadow_par *vshadow_probe(struct device *dev, size_t len, unsigned int nlines)
{
	struct vshadow_par *par;

	par = kzalloc(sizeof(*par), GFP_KERNEL);
	if (!par)
		return NULL;
	par->dev = dev;
	par->shadow_len = PAGE_ALIGN(len);
	par->shadow = vzalloc(par->shadow_len);
	if (!par->shadow)
		goto err_par;
	par->nlines = nlines;
	par->lines = kvcalloc(nlines, sizeof(u32), GFP_KERNEL);
	if (!par->lines)
		goto err_shadow;
	par->palette = kzalloc(VSHADOW_PALETTE_ENTRIES * sizeof(u32), GFP_KERNEL);
	if (!par->palette)
		goto err_lines;
	return par;

err_lines:
	kvfree(par->lines);
err_shadow:
	vfree(par->shadow);
err_par:
	kfree(par);
	return NULL;
}

static vm_fault_t vshadow_fault(struct vm_fault *vmf)
{
	struct vshadow_par *par = vmf->vma->vm_private_data;
	unsigned long offset = vmf->pgoff << PAGE_SHIFT;
	struct page *page;

	if (offset >= par->shadow_len)
		return VM_FAULT_SIGBUS;
	page = virt_to_page(par->shadow + offset);
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct vshadow_vm_ops = {
	.fault	= vshadow_fault,
};

static int vshadow_mmap(struct vshadow_par *par, struct vm_area_struct *vma)
{
	if (vma->vm_end - vma->vm_start > par->shadow_len)
		return -EINVAL;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	vma->vm_private_data = par;
	/* The caller installs vshadow_vm_ops on the vma. */
	return 0;
}

static int vshadow_push(struct vshadow_par *par)
{
	sg_init_one(&par->sg, par->shadow, par->shadow_len);
	return vshadow_hw_submit(par->dev, &par->sg, 1);
}

static int vshadow_map_lines(struct vshadow_par *par)
{
	par->lines_dma = dma_map_single(par->dev, par->lines, par->nlines * sizeof(u32),
					DMA_TO_DEVICE);
	if (dma_mapping_error(par->dev, par->lines_dma))
		return -ENOMEM;
	return 0;
}

/* The device takes the palette as one page, like the pages of the shadow. */
static struct page *vshadow_palette_page(struct vshadow_par *par)
{
	return vmalloc_to_page(par->palette);
}

static void vshadow_remove(struct vshadow_par *par)
{
	dma_unmap_single(par->dev, par->lines_dma, par->nlines * sizeof(u32), DMA_TO_DEVICE);
	kfree(par->palette);
	kvfree(par->lines);
	vfree(par->shadow);
	kfree(par);
}

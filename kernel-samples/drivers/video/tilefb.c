// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tiled framebuffer: the framebuffer is vmalloc() memory that user space maps, and that the
 * device reads through a scatterlist of its pages. Every translation here is the right one.
 *
 * What the rules must say about each function:
 *   tilefb_alloc()        nothing — vmalloc_user() framebuffer, kvmalloc_array() gamma
 *                         table, a 1 KiB kvzalloc() colour map
 *   tilefb_mmap()         nothing — remap_vmalloc_range()
 *   tilefb_fault()        nothing — vmalloc_to_page() of the vmalloc() framebuffer
 *   tilefb_build_sg()     nothing — sg_set_page() of vmalloc_to_page() pages
 *   tilefb_send_cmd()     nothing — sg_init_one() of a kmalloc() command packet is fine
 *   tilefb_gamma_page()   nothing — virt_to_page() only after is_vmalloc_addr() says no
 *   tilefb_gamma_map()    nothing — dma_map_single() of the gamma table, which its only
 *                         caller does after is_vmalloc_addr() said no
 *   tilefb_gamma_load()   nothing — checks is_vmalloc_addr() before tilefb_gamma_map()
 *   tilefb_cmap_sg()      nothing — a 1 KiB kvzalloc() never falls back to vmalloc()
 *   tilefb_free()         nothing
 */
#include <linux/dma-mapping.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#define TILEFB_CMD_BYTES	32
#define TILEFB_CMAP_BYTES	1024

struct tilefb {
	struct device *dev;
	void *screen;
	unsigned long screen_len;
	u16 *gamma;
	unsigned int gamma_len;
	u32 *cmap;
	struct scatterlist *sgl;
	unsigned int nents;
};

int tilefb_hw_queue(struct device *dev, struct scatterlist *sg, unsigned int nents);

static int tilefb_alloc(struct tilefb *fb, unsigned long len, unsigned int gamma_len)
{
	fb->screen_len = PAGE_ALIGN(len);
	fb->screen = vmalloc_user(fb->screen_len);
	if (!fb->screen)
		return -ENOMEM;
	fb->nents = fb->screen_len >> PAGE_SHIFT;
	fb->sgl = kcalloc(fb->nents, sizeof(*fb->sgl), GFP_KERNEL);
	if (!fb->sgl)
		goto err_screen;
	fb->gamma_len = gamma_len;
	fb->gamma = kvmalloc_array(gamma_len, sizeof(u16), GFP_KERNEL);
	if (!fb->gamma)
		goto err_sgl;
	fb->cmap = kvzalloc(TILEFB_CMAP_BYTES, GFP_KERNEL);
	if (!fb->cmap)
		goto err_gamma;
	return 0;

err_gamma:
	kvfree(fb->gamma);
err_sgl:
	kfree(fb->sgl);
err_screen:
	vfree(fb->screen);
	return -ENOMEM;
}

static int tilefb_mmap(struct tilefb *fb, struct vm_area_struct *vma)
{
	return remap_vmalloc_range(vma, fb->screen, vma->vm_pgoff);
}

/* Used instead of tilefb_mmap() when damage tracking wants to see every first write. */
static vm_fault_t tilefb_fault(struct vm_fault *vmf)
{
	struct tilefb *fb = vmf->vma->vm_private_data;
	unsigned long offset = vmf->pgoff << PAGE_SHIFT;
	struct page *page;

	if (offset >= fb->screen_len)
		return VM_FAULT_SIGBUS;
	page = vmalloc_to_page(fb->screen + offset);
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct tilefb_vm_ops = {
	.fault	= tilefb_fault,
};

static void tilefb_build_sg(struct tilefb *fb)
{
	unsigned int i;

	sg_init_table(fb->sgl, fb->nents);
	for (i = 0; i < fb->nents; i++)
		sg_set_page(&fb->sgl[i], vmalloc_to_page(fb->screen + i * PAGE_SIZE), PAGE_SIZE,
			    0);
}

static int tilefb_send_cmd(struct tilefb *fb, const void *cmd, size_t len)
{
	struct scatterlist sg;
	void *pkt;
	int ret;

	if (len > TILEFB_CMD_BYTES)
		return -EINVAL;
	pkt = kmalloc(TILEFB_CMD_BYTES, GFP_KERNEL);
	if (!pkt)
		return -ENOMEM;
	memcpy(pkt, cmd, len);
	sg_init_one(&sg, pkt, len);
	ret = tilefb_hw_queue(fb->dev, &sg, 1);
	kfree(pkt);
	return ret;
}

static struct page *tilefb_gamma_page(struct tilefb *fb)
{
	if (is_vmalloc_addr(fb->gamma))
		return vmalloc_to_page(fb->gamma);
	return virt_to_page(fb->gamma);
}

static int tilefb_gamma_map(struct tilefb *fb, dma_addr_t *dma)
{
	*dma = dma_map_single(fb->dev, fb->gamma, fb->gamma_len * sizeof(u16), DMA_TO_DEVICE);
	return dma_mapping_error(fb->dev, *dma) ? -ENOMEM : 0;
}

static int tilefb_gamma_load(struct tilefb *fb, dma_addr_t *dma)
{
	if (is_vmalloc_addr(fb->gamma))
		return -EINVAL;	/* the caller falls back to tilefb_gamma_page() */
	return tilefb_gamma_map(fb, dma);
}

static int tilefb_cmap_sg(struct tilefb *fb, struct scatterlist *sg)
{
	sg_init_one(sg, fb->cmap, TILEFB_CMAP_BYTES);
	return tilefb_hw_queue(fb->dev, sg, 1);
}

static void tilefb_free(struct tilefb *fb)
{
	kvfree(fb->cmap);
	kvfree(fb->gamma);
	kfree(fb->sgl);
	vfree(fb->screen);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample DMA controller driver: descriptor rings and bounce pages a device reads and
 * writes, so the memory is chosen for the device, not just for the CPU.
 *
 * What the rules must say:
 *   sdmac_alloc_isa_bounce()   pagealloc-kmalloc: keep — __get_dma_pages(): ZONE_DMA
 *                              memory for a device's addressing limits
 *   sdmac_alloc_legacy_ring()  pagealloc-kmalloc: keep — GFP_DMA in the flags
 *   sdmac_map_descs()          pagealloc-kmalloc: keep — the page is handed to the device
 *                              with dma_map_single()
 *   sdmac_prep_sg()            pagealloc-kmalloc: keep — the page is put in a scatterlist
 *                              with sg_init_one()
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

struct sdmac {
	struct device *dev;
	void *isa_bounce;
	void *legacy_ring;
	void *descs;
	dma_addr_t descs_dma;
	struct scatterlist sg;
	void *sg_buf;
};

int sdmac_alloc_isa_bounce(struct sdmac *dc)
{
	dc->isa_bounce = (void *)__get_dma_pages(GFP_KERNEL, 0);
	return dc->isa_bounce ? 0 : -ENOMEM;
}

int sdmac_alloc_legacy_ring(struct sdmac *dc)
{
	dc->legacy_ring = (void *)get_zeroed_page(GFP_KERNEL | GFP_DMA);
	return dc->legacy_ring ? 0 : -ENOMEM;
}

void sdmac_free_rings(struct sdmac *dc)
{
	free_page((unsigned long)dc->isa_bounce);
	free_page((unsigned long)dc->legacy_ring);
}

int sdmac_map_descs(struct sdmac *dc)
{
	void *descs = (void *)get_zeroed_page(GFP_KERNEL);

	if (!descs)
		return -ENOMEM;
	dc->descs_dma = dma_map_single(dc->dev, descs, PAGE_SIZE, DMA_TO_DEVICE);
	if (dma_mapping_error(dc->dev, dc->descs_dma)) {
		free_page((unsigned long)descs);
		return -EIO;
	}
	dc->descs = descs;
	return 0;
}

int sdmac_prep_sg(struct sdmac *dc, const void *data, size_t len)
{
	char *buf;

	if (len > PAGE_SIZE)
		return -EINVAL;
	buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	memcpy(buf, data, len);
	sg_init_one(&dc->sg, buf, len);
	dc->sg_buf = buf;
	return 0;
}

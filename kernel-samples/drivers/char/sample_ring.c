// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample character-device ring whose buffer is allocated here and freed in
 * sample_ring_core.c, through a structure declared in sample_ring.h.
 *
 * What the rules must say:
 *   sample_ring_setup()   pagealloc-kmalloc: keep — ->data of struct sample_ring is never
 *                         freed in this file: the free_page() in sample_ring_core.c
 *                         would have to change with it
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include "sample_ring.h"

int sample_ring_setup(struct sample_ring *ring)
{
	ring->data = (char *)__get_free_page(GFP_KERNEL);
	if (!ring->data)
		return -ENOMEM;
	ring->head = 0;
	ring->tail = 0;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample ring teardown: frees the buffer sample_ring.c allocated.
 *
 * What the rules must say: nothing (no allocation here; the allocation site in
 * sample_ring.c carries the finding).
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include "sample_ring.h"

void sample_ring_teardown(struct sample_ring *ring)
{
	free_page((unsigned long)ring->data);
	ring->data = NULL;
}

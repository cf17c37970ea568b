/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sample ring shared by drivers/char/sample_ring.c and drivers/char/sample_ring_core.c:
 * one file fills ->data, the other frees it.
 */
#ifndef _SAMPLE_RING_H
#define _SAMPLE_RING_H
#include <linux/types.h>

struct sample_ring {
	char *data;
	size_t head;
	size_t tail;
};

int sample_ring_setup(struct sample_ring *ring);
void sample_ring_teardown(struct sample_ring *ring);
#endif

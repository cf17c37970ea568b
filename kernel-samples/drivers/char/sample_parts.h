/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sample partition scan state shared by drivers/char/sample_parts.c, which allocates and
 * frees its buffers, and drivers/char/sample_parts_note.c, which uses them.
 */
#ifndef _SAMPLE_PARTS_H
#define _SAMPLE_PARTS_H
#include <linux/types.h>

struct sample_parts {
	char *pp_log;
	unsigned int *pp_ring;
	int next;
};

void sample_parts_note(struct sample_parts *state, const char *name);
void sample_parts_ring_start(struct sample_parts *state);
#endif

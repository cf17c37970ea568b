// SPDX-License-Identifier: GPL-2.0-only
/*
 * A sample scan that keeps its buffers in a structure declared in a header: another file
 * may use them, so what that file does decides.
 *
 * What the rules must say:
 *   sample_parts_scan()   pagealloc-kmalloc: replace — ->pp_log is used in one other file,
 *                         sample_parts_note.c, which only appends to it with strlcat();
 *                         it is freed here: kmalloc(PAGE_SIZE) + kfree().
 *   sample_parts_ring()   pagealloc-kmalloc: keep — sample_parts_note.c hands ->pp_ring to
 *                         virt_to_phys().
 */
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/mm.h>
#include "sample_parts.h"

int sample_parts_scan(struct sample_parts *state)
{
	state->pp_log = (char *)__get_free_page(GFP_KERNEL);
	if (!state->pp_log)
		return -ENOMEM;
	state->pp_log[0] = '\0';
	sample_parts_note(state, "p1");
	pr_info("%s\n", state->pp_log);
	free_page((unsigned long)state->pp_log);
	return 0;
}

int sample_parts_ring(struct sample_parts *state)
{
	unsigned int *ring = (unsigned int *)get_zeroed_page(GFP_KERNEL);

	if (!ring)
		return -ENOMEM;
	state->pp_ring = ring;
	sample_parts_ring_start(state);
	free_page((unsigned long)state->pp_ring);
	return 0;
}

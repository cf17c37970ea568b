// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample lock-manager debug dumps in the style of fs/ocfs2/dlm/dlmdebug.c: each dump
 * formats into a zeroed scratch page and prints it.
 *
 * What the rules must say:
 *   dlm_sample_print_lockres()   pagealloc-kmalloc: replace — kzalloc(PAGE_SIZE,
 *                                GFP_ATOMIC): the GFP_ATOMIC of a caller holding a
 *                                spinlock is kept
 *   dlm_sample_print_nodes()     pagealloc-kmalloc: replace — kzalloc(PAGE_SIZE,
 *                                GFP_NOFS), the buffer freed on two paths
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

struct dlm_sample_lockres {
	spinlock_t spinlock;
	const char *name;
	int owner;
	int state;
};

struct dlm_sample_ctxt {
	const char *name;
	unsigned long live_map;
	int num_nodes;
};

static int dlm_sample_dump_lockres(struct dlm_sample_lockres *res, char *buf, int len)
{
	return scnprintf(buf, len, "lockres %s owner %d state 0x%x\n", res->name, res->owner,
			 res->state);
}

void dlm_sample_print_lockres(struct dlm_sample_lockres *res)
{
	char *buf;

	spin_lock(&res->spinlock);
	buf = (char *)get_zeroed_page(GFP_ATOMIC);
	if (buf) {
		dlm_sample_dump_lockres(res, buf, PAGE_SIZE - 1);
		printk("%s", buf);
		free_page((unsigned long)buf);
	}
	spin_unlock(&res->spinlock);
}

int dlm_sample_print_nodes(struct dlm_sample_ctxt *dlm)
{
	char *buf;
	int i, out = 0;

	buf = (char *)get_zeroed_page(GFP_NOFS);
	if (!buf)
		return -ENOMEM;

	out += scnprintf(buf + out, PAGE_SIZE - out, "domain %s:", dlm->name);
	for (i = 0; i < dlm->num_nodes; i++) {
		if (out >= PAGE_SIZE - 16) {
			free_page((unsigned long)buf);
			return -ENOSPC;
		}
		if (dlm->live_map & (1UL << i))
			out += scnprintf(buf + out, PAGE_SIZE - out, " %d", i);
	}
	printk("%s\n", buf);
	free_page((unsigned long)buf);
	return 0;
}

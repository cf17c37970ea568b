// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample lock-manager recovery message in the style of
 * dlm_request_all_locks_handler(): a two-page message buffer, allocated with a
 * constant order 1.
 *
 * What the rules must say:
 *   dlm_sample_send_locks()   pagealloc-kmalloc: replace — order 1 becomes
 *                             kmalloc(2 * PAGE_SIZE, GFP_NOFS); free_pages(.., 1)
 *                             becomes kfree()
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

struct dlm_sample_lock {
	u64 cookie;
	u8 type;
};

static u8 dlm_sample_wire[64];

/* Copies the message out and keeps nothing. */
static int dlm_sample_send(int node, const void *msg, size_t len)
{
	if (len > sizeof(dlm_sample_wire))
		len = sizeof(dlm_sample_wire);
	memcpy(dlm_sample_wire, msg, len);
	return node < 0 ? -EINVAL : 0;
}

int dlm_sample_send_locks(int node, const struct dlm_sample_lock *locks, int nr)
{
	struct dlm_sample_lock *msg;
	size_t max = 2 * PAGE_SIZE / sizeof(*msg);
	int i, ret;

	msg = (struct dlm_sample_lock *)__get_free_pages(GFP_NOFS, 1);
	if (!msg)
		return -ENOMEM;

	for (i = 0; i < nr && i < max; i++)
		msg[i] = locks[i];
	ret = dlm_sample_send(node, msg, i * sizeof(*msg));
	free_pages((unsigned long)msg, 1);
	return ret;
}

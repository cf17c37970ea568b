// SPDX-License-Identifier: GPL-2.0-only
/*
 * Context area of an accelerator: buffers reached through a chain of pointers whose types
 * are declared in a header this file does not see (the rules run with --no-includes).
 *
 * What the rules must say about each function:
 *   ctxarea_alloc()   pagealloc-kmalloc: keep — the order is computed at run time, and the
 *                     buffer belongs to a structure whose type is not known here (the rule
 *                     must still give one verdict, not fail)
 *   ctxarea_log()     pagealloc-kmalloc: keep — a page in a field of an unknown structure,
 *                     never freed in this file: the free_page() elsewhere would change too
 */
#include <linux/errno.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>

#include "ctxarea.h"

int ctxarea_alloc(struct accel *acc)
{
	if (!(acc->priv->area = (struct ctx_entry *)
	      __get_free_pages(GFP_KERNEL | __GFP_ZERO, acc->priv->area_order)))
		return -ENOMEM;
	return 0;
}

int ctxarea_log(struct accel *acc)
{
	acc->priv->log = (char *)__get_free_page(GFP_KERNEL);
	if (!acc->priv->log)
		return -ENOMEM;
	return 0;
}

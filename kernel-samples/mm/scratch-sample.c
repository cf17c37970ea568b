// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample scratch buffers of mm-style code: the cases where the page allocator is just
 * a buffer allocator, and those where the rules cannot tell.
 *
 * What the rules must say:
 *   sample_dump_state()       pagealloc-kmalloc: replace — page_address(alloc_page())
 *                             used as a plain buffer; __free_page(virt_to_page()) and
 *                             free_page() both become kfree()
 *   sample_format_report()    pagealloc-kmalloc: replace — a cursor copied from the
 *                             buffer walks it; only the buffer itself is freed
 *   sample_fill_and_put()     pagealloc-kmalloc: replace — passed to a static helper
 *                             (read only) whose free_page() becomes kfree() too
 *   sample_queue_report()     pagealloc-kmalloc: review — passed to a function whose
 *                             body the file does not have (ownership passes to the
 *                             queue)
 *   sample_report_tail()      pagealloc-kmalloc: review — a copy of the buffer is
 *                             returned to the caller
 *   sample_bad_free()         pagealloc-kmalloc: review — freed with kfree()
 *                             (kmalloc-as-page reports the mismatch itself)
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

struct sample_state {
	unsigned long nr_free;
	unsigned long nr_used;
	const char *name;
};

static int sample_emit(const char *text, size_t len);
int sample_queue(char *text, size_t len);

int sample_dump_state(const struct sample_state *st)
{
	char *buf = page_address(alloc_page(GFP_KERNEL));
	int len, ret;

	if (!buf)
		return -ENOMEM;
	len = scnprintf(buf, PAGE_SIZE, "%s: free %lu used %lu\n", st->name, st->nr_free,
			st->nr_used);
	if (len <= 0) {
		__free_page(virt_to_page(buf));
		return -EINVAL;
	}
	ret = sample_emit(buf, len);
	free_page((unsigned long)buf);
	return ret;
}

int sample_format_report(const struct sample_state *st, int nr)
{
	char *buf, *p;
	int i, ret;

	buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p = buf;
	for (i = 0; i < nr; i++)
		p += scnprintf(p, PAGE_SIZE - (p - buf), "%s %lu\n", st[i].name,
			       st[i].nr_free);
	ret = sample_emit(buf, p - buf);
	free_page((unsigned long)buf);
	return ret;
}

static void sample_put_text(char *text)
{
	sample_emit(text, strlen(text));
	free_page((unsigned long)text);
}

int sample_fill_and_put(const struct sample_state *st)
{
	char *text = (char *)__get_free_page(GFP_KERNEL);

	if (!text)
		return -ENOMEM;
	scnprintf(text, PAGE_SIZE, "%s\n", st->name);
	sample_put_text(text);
	return 0;
}

int sample_queue_report(const struct sample_state *st)
{
	char *text = (char *)__get_free_page(GFP_KERNEL);
	int len, ret;

	if (!text)
		return -ENOMEM;
	len = scnprintf(text, PAGE_SIZE, "%s\n", st->name);
	ret = sample_queue(text, len);
	if (ret)
		free_page((unsigned long)text);
	return ret;
}

char *sample_report_tail(const struct sample_state *st)
{
	char *buf, *tail;

	buf = (char *)__get_free_page(GFP_KERNEL);
	if (!buf)
		return NULL;
	tail = buf;
	scnprintf(tail, PAGE_SIZE, "%s\n", st->name);
	return tail;
}

void sample_bad_free(const struct sample_state *st)
{
	char *buf = (char *)__get_free_page(GFP_KERNEL);

	if (!buf)
		return;
	scnprintf(buf, PAGE_SIZE, "%s\n", st->name);
	sample_emit(buf, strlen(buf));
	kfree(buf);
}

static char sample_log[256];

/* Only reads what it is given: the buffers passed to it stay plain buffers. */
static int sample_emit(const char *text, size_t len)
{
	if (len >= sizeof(sample_log))
		len = sizeof(sample_log) - 1;
	memcpy(sample_log, text, len);
	sample_log[len] = '\0';
	return (int)len;
}

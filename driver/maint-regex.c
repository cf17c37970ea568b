// SPDX-License-Identifier: GPL-2.0-only
/*
 * maint-regex.c - the regexes of a MAINTAINERS file run with PCRE2, under bounds: the
 * length of a regex, the memory its compilation may take (a compile context whose
 * allocator counts), and the match, depth and heap limits of every match (see the top of
 * maintainers.c for what get_maintainer.pl would do instead).
 */
#include "maint-internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Every block handed to PCRE2 starts with its size, so that freeing can count it. */
union re_block {
	size_t size;
	max_align_t align;
};

static void *re_alloc(PCRE2_SIZE size, void *data)
{
	struct re_budget *b = data;
	union re_block *blk;

	if (b->used > b->limit || size > b->limit - b->used)
		return NULL;
	blk = malloc(sizeof(*blk) + size);
	if (!blk)
		return NULL;
	blk->size = size;
	b->used += size;
	return blk + 1;
}

static void re_free(void *ptr, void *data)
{
	struct re_budget *b = data;
	union re_block *blk;

	if (!ptr)
		return;
	blk = (union re_block *)ptr - 1;
	b->used -= blk->size;
	free(blk);
}

void maint_re_setup(struct maintainers *m)
{
	m->budget.limit = SIZE_MAX;
	m->re_gctx = pcre2_general_context_create(re_alloc, re_free, &m->budget);
	m->re_cctx = m->re_gctx ? pcre2_compile_context_create(m->re_gctx) : NULL;
	/* The default allocator: matches may run concurrently, the budget is not locked. */
	m->re_mctx = pcre2_match_context_create(NULL);
	if (!m->re_cctx || !m->re_mctx)
		die("out of memory setting up PCRE2 for MAINTAINERS; free some memory and retry");
	pcre2_set_max_pattern_length(m->re_cctx, MAINT_RE_MAX_LENGTH);
	pcre2_set_match_limit(m->re_mctx, MAINT_RE_MATCH_LIMIT);
	pcre2_set_depth_limit(m->re_mctx, MAINT_RE_DEPTH_LIMIT);
	pcre2_set_heap_limit(m->re_mctx, MAINT_RE_HEAP_LIMIT);
}

void maint_re_release(struct maintainers *m)
{
	size_t i;

	for (i = 0; i < m->npats; i++)
		pcre2_code_free(m->pats[i].re);
	pcre2_match_context_free(m->re_mctx);
	pcre2_compile_context_free(m->re_cctx);
	pcre2_general_context_free(m->re_gctx);
}

static const char *pattern_what(const struct pattern *p)
{
	return p->kind == PAT_F ? "F:" : p->kind == PAT_X ? "X:" : "N:";
}

void maint_re_compile(struct maintainers *m, struct pattern *p, const char *regex)
{
	PCRE2_UCHAR why[160];
	PCRE2_SIZE offset;
	char q[64];
	int rc;

	m->budget.limit = m->budget.used + MAINT_RE_COMPILE_MEMORY;
	p->re = pcre2_compile((PCRE2_SPTR)regex, PCRE2_ZERO_TERMINATED,
			      p->kind == PAT_N ? PCRE2_EXTENDED : 0, &rc, &offset, m->re_cctx);
	m->budget.limit = SIZE_MAX;
	if (p->re) {
		p->valid = 1;
		return;
	}
	if (rc == PCRE2_ERROR_HEAP_FAILED)
		snprintf((char *)why, sizeof(why), "compiling it needs more than %zu MiB",
			 MAINT_RE_COMPILE_MEMORY >> 20);
	else if (pcre2_get_error_message(rc, why, sizeof(why)) < 0)
		snprintf((char *)why, sizeof(why), "PCRE2 error %d", rc);
	maint_add_warning(m, p->line,
		    "%s pattern '%s' cannot be used as a regex (%s, at character %zu); it is "
		    "skipped and never matches: fix or simplify it",
		    pattern_what(p), maint_excerpt(p->value, q, sizeof(q)), (const char *)why,
		    (size_t)offset);
}

/* The first match of p that hit a limit: warn once, and never run p again. */
static void give_up(const struct maintainers *cm, struct pattern *p, int rc, const char *path)
{
	struct maintainers *m = (struct maintainers *)cm;	/* allocated non-const */
	PCRE2_UCHAR why[160];
	char q[64], q2[64];

	if (atomic_exchange(&p->skipped, 1))
		return;
	if (pcre2_get_error_message(rc, why, sizeof(why)) < 0)
		snprintf((char *)why, sizeof(why), "PCRE2 error %d", rc);
	maint_add_warning(m, p->line,
		    "%s pattern '%s' hit a limit matching '%s' (%s); it is skipped from now on "
		    "and never matches: simplify it",
		    pattern_what(p), maint_excerpt(p->value, q, sizeof(q)),
		    maint_excerpt(path, q2, sizeof(q2)), (const char *)why);
}

int maint_re_match(const struct maintainers *m, struct pattern *p, const char *subject,
		   size_t len, pcre2_match_data *md)
{
	int rc;

	if (atomic_load_explicit(&p->skipped, memory_order_relaxed))
		return 0;
	rc = pcre2_match(p->re, (PCRE2_SPTR)subject, len, 0, 0, md, m->re_mctx);
	if (rc >= 0)
		return 1;
	if (rc != PCRE2_ERROR_NOMATCH)
		give_up(m, p, rc, subject);
	return 0;
}


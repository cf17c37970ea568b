/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * maint-internal.h - what maintainers.c (reading), maint-regex.c (PCRE2 under bounds) and
 * maint-lookup.c (a path's sections) share: the parsed file. Not for other files: they use
 * maintainers.h.
 */
#ifndef WHICHALLOC_MAINT_INTERNAL_H
#define WHICHALLOC_MAINT_INTERNAL_H

#define PCRE2_CODE_UNIT_WIDTH 8

#include "maintainers.h"
#include "util.h"

#include <pcre2.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

/* Bounds on one regex (see "Where this file knowingly differs" in maintainers.c). */
#define MAINT_RE_MAX_LENGTH	((size_t)64 << 10)	/* bytes of regex source */
#define MAINT_RE_COMPILE_MEMORY	((size_t)8 << 20)	/* bytes while compiling one */
#define MAINT_RE_MATCH_LIMIT	1000000			/* pcre2_set_match_limit() */
#define MAINT_RE_DEPTH_LIMIT	10000			/* pcre2_set_depth_limit() */
#define MAINT_RE_HEAP_LIMIT	4096			/* KiB, pcre2_set_heap_limit() */

enum pat_kind { PAT_F, PAT_X, PAT_N };

struct pattern {
	enum pat_kind kind;
	unsigned int line;
	int depth;		/* F: get_maintainer.pl's score for a match */
	int slashes;		/* F/X: number of '/' in the converted pattern */
	int dir;		/* F/X: ends in '/': matches everything below */
	int dir_unknown;	/* no tree: a literal pattern that may name a directory */
	int literal;		/* the whole pattern is its prefix: no regex needed */
	int valid;		/* 0: cannot be run, never matches */
	char *prefix;		/* every matching path begins with this */
	size_t prefix_len;
	const char *value;	/* the field's value, in the parsed text (for warnings) */
	pcre2_code *re;		/* the compiled regex, or NULL when literal or invalid */
	atomic_int skipped;	/* a match hit a limit: never run again */
};

/* A NULL-terminated vector of strings owned elsewhere (in the parsed text). */
struct strvec {
	const char **v;
	size_t n, alloc;
};

struct section {
	struct maint_section pub;
	struct strvec maint, rev, lists;
	size_t pat_first, pat_count;
};

/* What PCRE2 holds through the compile context's allocator (to bound a compilation). */
struct re_budget {
	size_t used, limit;
};

struct maintainers {
	char *text;
	char *name;
	const char *tree;	/* only while parsing */
	struct section *secs;
	size_t nsecs, secs_alloc;
	struct pattern *pats;
	size_t npats, pats_alloc;
	struct string_list warns;
	pthread_mutex_t warn_lock;	/* warns and warn_fn, also during lookups */
	maint_warn_fn *warn_fn;
	void *warn_ctx;
	struct re_budget budget;
	pcre2_general_context *re_gctx;	/* allocates through budget */
	pcre2_compile_context *re_cctx;
	pcre2_match_context *re_mctx;	/* limits; read-only while matching */
};

/* Record "NAME:LINE: message" and hand it to the warn callback; safe during lookups. */
PRINTF(3, 4) void maint_add_warning(struct maintainers *m, unsigned int line,
				    const char *fmt, ...);
/* A short, printable quotation of s for a message. */
const char *maint_excerpt(const char *s, char *buf, size_t size);

/* Set up and release m's PCRE2 contexts and compiled regexes. */
void maint_re_setup(struct maintainers *m);
void maint_re_release(struct maintainers *m);
/* Compile regex for p (N: with Perl's /x); one that does not compile is warned about. */
void maint_re_compile(struct maintainers *m, struct pattern *p, const char *regex);
/*
 * Does p's regex match subject (len bytes)? md: the caller's own match data. A match that
 * hits a limit is no match; the first one warns and makes p skipped from then on.
 */
int maint_re_match(const struct maintainers *m, struct pattern *p, const char *subject,
		   size_t len, pcre2_match_data *md);

#endif

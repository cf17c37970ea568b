// SPDX-License-Identifier: GPL-2.0-only
/*
 * maint-lookup.c - the sections of a MAINTAINERS file that match a path, ranked as
 * get_maintainer.pl ranks them (see the top of maintainers.c). Lookups only read the
 * parsed file, apart from what maint_re_match() notes about a regex that hits a limit, so
 * they may run concurrently; each has its own PCRE2 match data.
 */
#include "maint-internal.h"

#include <limits.h>
#include <stdint.h>
#include <string.h>


/* A path as get_maintainer.pl's canonpath() leaves it: no "./", "//" or "/." parts. */
struct lookup_path {
	const char *s;
	size_t len;
	int slashes;
	char buf[PATH_MAX];
};

static void normalize(struct lookup_path *lp, const char *path)
{
	size_t i = 0, o = 0, n;
	const char *s;

	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	n = strlen(path);
	lp->s = path;
	lp->len = n;
	if ((strstr(path, "//") || strstr(path, "/./") ||
	     (n >= 2 && !strcmp(path + n - 2, "/."))) && n < sizeof(lp->buf)) {
		while (i < n) {
			if (path[i] == '/' && o && lp->buf[o - 1] == '/') {
				i++;
			} else if (path[i] == '.' && o && lp->buf[o - 1] == '/' &&
				   (path[i + 1] == '/' || !path[i + 1])) {
				i++;
			} else {
				lp->buf[o++] = path[i++];
			}
		}
		if (o > 1 && lp->buf[o - 1] == '/' && path[n - 1] == '.')
			o--;
		lp->buf[o] = '\0';
		lp->s = lp->buf;
		lp->len = o;
	}
	lp->slashes = 0;
	for (s = lp->s; *s; s++)
		lp->slashes += *s == '/';
}

/* One lookup: the normalised path and this lookup's own PCRE2 match data. */
struct lookup {
	const struct maintainers *m;
	pcre2_match_data *md;
	struct lookup_path lp;
};

static void lookup_start(struct lookup *lk, const struct maintainers *m, const char *path)
{
	lk->m = m;
	normalize(&lk->lp, path);
	lk->md = pcre2_match_data_create(1, NULL);
	if (!lk->md)
		die("out of memory looking up %s in MAINTAINERS; free some memory and retry",
		    path);
}

static void lookup_end(struct lookup *lk)
{
	pcre2_match_data_free(lk->md);
}

static int regex_matches(const struct lookup *lk, struct pattern *p)
{
	return maint_re_match(lk->m, p, lk->lp.s, lk->lp.len, lk->md);
}

static int pattern_matches(const struct lookup *lk, struct pattern *p)
{
	const struct lookup_path *lp = &lk->lp;

	if (!p->valid)
		return 0;
	if (p->kind == PAT_N)
		return regex_matches(lk, p);
	if (lp->len < p->prefix_len || memcmp(lp->s, p->prefix, p->prefix_len))
		return 0;
	if (p->dir_unknown && lp->s[p->prefix_len] == '/')
		return 1;
	if (!p->literal && !regex_matches(lk, p))
		return 0;
	return p->dir || p->slashes == lp->slashes;
}

/*
 * Does section s match? Its score in *depth, as get_maintainers() computes it, and in *key
 * that score then, between equal scores, the length of the literal text the scoring pattern
 * begins with.
 */
static int section_score(const struct lookup *lk, const struct section *s, int *depth,
			 long long *key)
{
	struct pattern *p, *end, *q;
	int matched = 0;

	if (!s->pat_count)	/* m->pats is NULL when no section has a pattern */
		return 0;
	p = lk->m->pats + s->pat_first;
	end = p + s->pat_count;
	for (q = p; q < end; q++)
		if (q->kind == PAT_X && pattern_matches(lk, q))
			return 0;
	for (q = p; q < end; q++) {
		if (q->kind != PAT_X && pattern_matches(lk, q)) {
			*depth = q->depth;	/* the last matching line wins */
			*key = (long long)q->depth * ((long long)UINT32_MAX + 1) +
			       (q->prefix_len < UINT32_MAX ? q->prefix_len : UINT32_MAX);
			matched = 1;
		}
	}
	return matched;
}

const struct maint_section *maintainers_lookup(const struct maintainers *m, const char *path)
{
	struct lookup lk;
	const struct section *best = NULL;
	long long best_key = LLONG_MIN, key;
	int depth;
	size_t i;

	if (!m || !path)
		return NULL;
	lookup_start(&lk, m, path);
	for (i = 0; i < m->nsecs; i++) {
		if (section_score(&lk, &m->secs[i], &depth, &key) && key > best_key) {
			best = &m->secs[i];
			best_key = key;
		}
	}
	lookup_end(&lk);
	return best ? &best->pub : NULL;
}

size_t maintainers_match(const struct maintainers *m, const char *path,
			 struct maint_match *out, size_t max)
{
	struct lookup lk;
	size_t i, total = 0;
	long long upper = LLONG_MAX, level, key;
	int found, depth;

	if (!m || !path)
		return 0;
	lookup_start(&lk, m, path);
	/* One round per distinct key, highest first: no allocation needed. */
	for (;;) {
		found = 0;
		level = LLONG_MIN;
		for (i = 0; i < m->nsecs; i++) {
			if (section_score(&lk, &m->secs[i], &depth, &key) && key < upper &&
			    (!found || key > level)) {
				level = key;
				found = 1;
			}
		}
		if (!found)
			break;
		for (i = 0; i < m->nsecs; i++) {
			if (section_score(&lk, &m->secs[i], &depth, &key) && key == level) {
				if (total < max) {
					out[total].section = &m->secs[i].pub;
					out[total].depth = depth;
				}
				total++;
			}
		}
		upper = level;
	}
	lookup_end(&lk);
	return total;
}

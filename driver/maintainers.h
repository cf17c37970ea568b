/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * maintainers.h - read a kernel MAINTAINERS file and name the subsystem of a file the way
 * the kernel's scripts/get_maintainer.pl does.
 *
 * A section is a title line followed by field lines "X:<whitespace>value". A path belongs to
 * every section that has an F: pattern or N: regex matching it and no X: pattern matching it;
 * the section named first is the one whose matching pattern is the most specific (has the
 * most '/'). See the comment at the top of maintainers.c for the exact rules and for where
 * this module knowingly differs from get_maintainer.pl.
 */
#ifndef WHICHALLOC_MAINTAINERS_H
#define WHICHALLOC_MAINTAINERS_H

#include <stddef.h>

struct maintainers;			/* opaque */

struct maint_section {
	const char *title;		/* e.g. "PROC FILESYSTEM" */
	const char *status;		/* S: (the first one), or NULL */
	const char *const *maintainers;	/* M: lines, NULL-terminated */
	const char *const *reviewers;	/* R: */
	const char *const *lists;	/* L: */
	unsigned int line;		/* 1-based line of the title in the file */
};

/*
 * Receives each warning about a malformed line, "NAME:LINE: what happened; what to do".
 * Called while parsing, and during a lookup for a regex that hits a matching limit (once
 * per pattern, under a lock: never by two lookups at the same time).
 */
typedef void maint_warn_fn(void *ctx, const char *msg);

struct maint_opts {
	/*
	 * The tree top against which "F:\tdir" patterns without a trailing slash are tested for
	 * being directories (get_maintainer.pl's "-d"). maintainers_load_opts(): NULL means
	 * the directory holding the MAINTAINERS file. maintainers_parse_opts(): NULL means no
	 * file system; such a pattern then matches below itself when a looked-up path
	 * continues it with '/'.
	 */
	const char *tree;
	maint_warn_fn *warn;		/* NULL: warnings are only collected */
	void *warn_ctx;			/* must live as long as the parsed file */
};

/*
 * Parse a MAINTAINERS file. Returns NULL and fills err (a message naming the file and line)
 * on failure: unreadable file, NUL byte, no section at all (running out of memory ends the
 * program, as xmalloc() does). Malformed lines and regexes that cannot be used are reported
 * as warnings (see maintainers_warning()) but do not fail.
 * maintainers_load() tests directory patterns against the file's directory;
 * maintainers_parse() does not touch the file system.
 */
struct maintainers *maintainers_load(const char *path, char *err, size_t errlen);
struct maintainers *maintainers_parse(const char *text, size_t len, const char *name,
				      char *err, size_t errlen);
struct maintainers *maintainers_load_opts(const char *path, const struct maint_opts *opts,
					  char *err, size_t errlen);
struct maintainers *maintainers_parse_opts(const char *text, size_t len, const char *name,
					   const struct maint_opts *opts, char *err, size_t errlen);
void maintainers_free(struct maintainers *m);

/*
 * The section scripts/get_maintainer.pl names first for this file (path relative to the
 * tree top), or NULL when no section matches. Where get_maintainer.pl's order is undefined
 * (several sections score the same), the one whose matching pattern begins with the longest
 * literal text, then the one earliest in the file.
 */
const struct maint_section *maintainers_lookup(const struct maintainers *m, const char *path);

/* One section matching a path, and how specific its match is (get_maintainer.pl's score). */
struct maint_match {
	const struct maint_section *section;
	int depth;
};

/*
 * Every section matching path, in maintainers_lookup()'s order (depth is the score).
 * Fills at most max entries of out and returns how many sections match (may exceed max).
 */
size_t maintainers_match(const struct maintainers *m, const char *path,
			 struct maint_match *out, size_t max);

size_t maintainers_count(const struct maintainers *m);
const struct maint_section *maintainers_section(const struct maintainers *m, size_t i);

/*
 * The warnings about malformed lines found while parsing, in file order, then those about
 * regexes that hit a matching limit during lookups, in the order they happened.
 */
size_t maintainers_warning_count(const struct maintainers *m);
const char *maintainers_warning(const struct maintainers *m, size_t i);

#endif /* WHICHALLOC_MAINTAINERS_H */

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Kernel versions as rules see them (cocci/lib/whichalloc_record.py, kernel_version()), and
 * the version ranges a rule's "// Version-split:" header distinguishes.
 */
#ifndef WHICHALLOC_VERSION_H
#define WHICHALLOC_VERSION_H

#include <stdbool.h>
#include <stddef.h>

struct kversion {
	unsigned int v[3];
};

/*
 * The leading numeric pieces of "6.1.0-rc1" (at most three), missing ones 0; a version with
 * no numeric piece (NULL, "") is (99, 0, 0), as the rules read it: a current kernel.
 */
struct kversion kversion_parse(const char *s);
int kversion_cmp(const struct kversion *a, const struct kversion *b);
/* Strictly "N.N" or "N.N.N": false for anything else. */
bool kversion_parse_strict(const char *s, struct kversion *out);

/*
 * Which of the ranges cut by splits[0..nr-1] (ascending) holds version: 0 below splits[0],
 * nr from splits[nr-1] on.
 */
size_t kversion_range(const struct kversion *splits, size_t nr, const char *version);

/* Order two version strings as kversion_parse() reads them, then as text. */
int kversion_str_cmp(const char *a, const char *b);

#endif

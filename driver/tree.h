/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Facts about the scanned tree: its kernel version and its git commit.
 */
#ifndef WHICHALLOC_TREE_H
#define WHICHALLOC_TREE_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * The version the top Makefile's VERSION, PATCHLEVEL, SUBLEVEL and EXTRAVERSION make, as the
 * kernel's own KERNELVERSION does ("6.1.0-samples"); -1 when there is no VERSION.
 */
int tree_version_parse(const char *makefile, size_t len, struct strbuf *out);
/* The version of the tree at top; NULL when its Makefile says none. */
char *tree_version(const char *top);
/* git HEAD when top is the top of a git checkout; NULL otherwise. */
char *tree_git_commit(const char *top);
/* Has the tree a Makefile and a MAINTAINERS file at its top? */
bool tree_looks_like_kernel(const char *top);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The tree's C sources (*.c and *.h) under the requested directories.
 */
#ifndef WHICHALLOC_WALK_H
#define WHICHALLOC_WALK_H

#include "util.h"

/*
 * Append to files, sorted and without duplicates, the paths (relative to top) of the .c and
 * .h files under each of dirs (relative to top; all of top when dirs is empty; a dir may also
 * name one file). Symbolic links and hidden entries are not followed. -1 with a message
 * when a dir does not exist under top or escapes it.
 */
int walk_tree(const char *top, const struct string_list *dirs, struct string_list *files);

/* Normalise a --dir argument ("./fs//ext4/" -> "fs/ext4"); -1 when it leaves the tree. */
int normalise_subdir(const char *dir, struct strbuf *out);

/* Is path (relative) inside one of dirs (all paths when dirs is empty)? */
bool path_in_dirs(const char *path, const struct string_list *dirs);

#endif

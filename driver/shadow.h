/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A file whose bytes are not all UTF-8 (a Latin-1 comment or string in an older or vendor
 * tree), shown to spatch without them.
 *
 * spatch hands code to a rule's Python as strings it decodes strictly as UTF-8; one byte
 * that is not UTF-8 in what it hands over ("'utf-8' codec can't decode byte 0xe9") fails the
 * rule on the whole file. Such a file is run again in a shadow of the tree: a private
 * directory where every entry of the tree is a symbolic link to the original, except the
 * directories on the way to the file, which are real directories of such links, and the
 * file itself, a copy in which each byte that is not UTF-8 is replaced by '?'. spatch runs
 * there with the same relative name, options and include paths, so it resolves every
 * #include as in the tree, and lines and columns are unchanged: its findings map back 1:1.
 * Only a diff hunk that covers a line with a replaced byte does not apply to the real file.
 */
#ifndef WHICHALLOC_SHADOW_H
#define WHICHALLOC_SHADOW_H

#include "util.h"

/* The placeholder of a byte that is not UTF-8. */
#define SHADOW_PLACEHOLDER '?'

/* Is this a message of spatch about a rule's Python failing to decode the code? */
bool shadow_decode_failure(const char *spatch_err);
/* Replace each byte of buf that is not part of valid UTF-8 by the placeholder; how many. */
size_t shadow_sanitize(char *buf, size_t len);
/*
 * Make a shadow of the tree at top under parent, with the file rel holding content
 * (len bytes, already sanitized): its directory, or NULL, said, when it cannot be made.
 */
char *shadow_tree_make(const char *parent, const char *top, const char *rel,
		       const char *content, size_t len);
/*
 * diff (a unified diff of src) without its hunks that cover a line of src holding a byte
 * that is not UTF-8 or that are part of a diff of also (NULL for none); *dropped says
 * whether any was left out. NULL when no hunk is left.
 */
char *shadow_drop_replaced_hunks(const char *diff, const char *src, size_t len,
				 const struct string_list *also, bool *dropped);

#endif

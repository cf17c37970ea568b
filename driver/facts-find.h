/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef WHICHALLOC_FACTS_FIND_H
#define WHICHALLOC_FACTS_FIND_H

#include "util.h"

#include <stdbool.h>

/* Every function definition of a tree: "NAME TAB PATH TAB HASH", sorted. */
struct def_index {
	struct string_list entries;
	bool built;
};

/*
 * Read the tree's .c and .h files once for the definitions they hold (done once; later
 * calls return at once). -1 with a message when the tree cannot be walked.
 */
int def_index_build(const char *top, struct def_index *ix);
/*
 * Append to found ("PATH TAB HASH TAB NAME": PATH relative to the tree's top, HASH its
 * content's git blob hash) the files that seem to define one of names.
 */
void def_index_find(const struct def_index *ix, const struct string_list *names,
		    struct string_list *found);
void def_index_clear(struct def_index *ix);

/* Whether name asks about a field ("STRUCT.FIELD", the structure without "struct"). */
bool is_field_name(const char *name);
/* At most this many files are read for one field: a name that common decides nothing. */
#define FIELD_FILES_MAX 32
/*
 * Append to found, as def_index_find() does, the files of the tree that use one of the
 * fields of names ("->FIELD" or ".FIELD"); a field used in more than FIELD_FILES_MAX files
 * gets none. -1 with a message when the tree cannot be walked.
 */
int field_files_find(const char *top, const struct string_list *names,
		     struct string_list *found);

#endif

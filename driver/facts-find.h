/* SPDX-License-Identifier: GPL-2.0-only */
#ifndef WHICHALLOC_FACTS_FIND_H
#define WHICHALLOC_FACTS_FIND_H

#include "util.h"

/*
 * Append to found ("PATH TAB HASH TAB NAME": PATH relative to top, HASH its content's git
 * blob hash) the .c and .h files of the tree
 * that seem to define one of names (C identifiers). -1 with a message when the tree cannot
 * be walked.
 */
int find_definitions(const char *top, const struct string_list *names,
		     struct string_list *found);

#endif

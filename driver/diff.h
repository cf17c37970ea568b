/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Unified diffs as spatch prints them: split one file's diff into hunks, find the function
 * each hunk changes, and pick the hunks that belong to a finding.
 */
#ifndef WHICHALLOC_DIFF_H
#define WHICHALLOC_DIFF_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

struct hunk {
	long old_start, old_len, new_start, new_len;
	const char *text;	/* the hunk from its "@@" line on, inside the diff */
	size_t len;
	struct string_list functions;	/* the functions its changed lines are in */
	char *cut_name;		/* the start of a name diff -p cut from its "@@" line */
	bool cut_changed;	/* lines of that function change */
};

struct hunk_list {
	const char *header;	/* the "---" and "+++" lines */
	size_t header_len;
	struct hunk *items;
	size_t nr;
	size_t alloc;
};

#define HUNK_LIST_INIT { NULL, 0, NULL, 0, 0 }

/*
 * Parse "@@ -a,b +c,d @@ context" (the counts default to 1). Sets *context to the text after
 * the second "@@" (without the blank that follows it). -1 when the line is not a hunk header.
 */
int parse_hunk_header(const char *line, size_t len, struct hunk *h,
		      const char **context, size_t *context_len);

/*
 * The function a line starting a definition names: "static int foo(int n)" -> "foo".
 * NULL when the line does not begin a function (a declaration ending in ';', a struct, a
 * line without a parenthesis).
 */
char *function_of_line(const char *line, size_t len);

/* A "label:" line, which diff -p mistakes for a function line. */
bool is_label_line(const char *line, size_t len);

/* Split one file's unified diff into hunks; -1 with a message when it is malformed. */
int diff_split(const char *diff, size_t len, struct hunk_list *out);
void hunk_list_clear(struct hunk_list *list);

/*
 * The part of a file's diff that belongs to a finding in function: the header and the hunks
 * that change that function, plus the hunks that change none of the functions listed in
 * finding_functions (those go to every finding). Empty when no hunk belongs to it.
 */
void diff_for_function(const struct hunk_list *list, const char *function,
		       const struct string_list *finding_functions, struct strbuf *out);

#endif

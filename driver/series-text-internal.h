/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the files that write a series' words share (series-text.c, series-code.c,
 * series-pagealloc.c, series-memdup.c, series-cover.c): reading the code and the rule's
 * message, the prose helpers, one finding's site, and the table of per-rule writers.
 * Not for other callers: series.h is the interface.
 */
#ifndef WHICHALLOC_SERIES_TEXT_INTERNAL_H
#define WHICHALLOC_SERIES_TEXT_INTERNAL_H

#include "series.h"

#include <stdbool.h>
#include <stddef.h>

/* The longest subject line, "[PATCH n/N]" not counted. */
#define TEXT_SUBJECT_MAX 72
/* How many subjects a rule may offer for one patch, best first. */
#define TEXT_SUBJECTS 4

/* series-code.c: reading C code, a regenerated diff and a rule's message. */

/* The position of identifier name in s as a whole word, or NULL. */
const char *code_find_word(const char *s, const char *name);
/* The end of the parenthesised group opening at p ('('), or NULL when it does not close. */
const char *code_group_end(const char *p);
/* The earliest call "name(args)" in s of any of names (NULL-terminated); at: where. */
char *code_first_call(const char *s, const char *const *names, const char **at);
/* Argument i of "name(a, b, c)", or NULL. */
char *code_arg_of(const char *call, size_t i);
/* What the statement in code assigns the call at "at" to ("buf", "ctx->page"), or NULL. */
char *code_assigned_to(const char *code, const char *at);
/* What a use "name:N" of series_buffer_uses() does with the buffer, as a clause. */
char *code_use_clause(const char *use);
/* The removed and added lines of a regenerated diff, without their signs. */
void code_diff_sides(const char *diff, struct string_list *removed, struct string_list *added);
/* How many items of l contain s. */
size_t code_count_containing(const struct string_list *l, const char *s);
/* The rule's message split at "; " into its parts. */
void code_message_parts(const char *msg, struct string_list *out);

/* series-text.c: prose. */

/* "a", "a and b", "a, b and c". */
void text_add_list(struct strbuf *out, const struct string_list *items);
/* text wrapped as a paragraph and a blank line; nothing when text is empty. */
void text_add_paragraph(struct strbuf *out, const char *text);
/* A list item "- text", its continuation lines indented by two. */
void text_add_item(struct strbuf *out, const char *text);
/* s appended as the next sentence (after a space). */
void text_add_sentence(struct strbuf *out, const char *s);
/* "'tmp'": a variable named in prose; "the buffer" for NULL. */
char *text_quoted(const char *var);

/* One finding's site, read from its code, its message and the patch. */
struct site {
	const struct series_finding *f;
	char *var;		/* the buffer */
	char *old_call;		/* what allocated it */
	char *new_call;		/* what allocates it now */
	char *where;		/* pagealloc: the rule's "at lines ..." / "in f() (line N)" */
	char *holder;		/* pagealloc: "the static buffer x", "its buffer x", ... */
	struct string_list notes;
	struct string_list uses;
};

void site_clear(struct site *s);
/* The function a call calls ("kmalloc" for "kmalloc(n, GFP_KERNEL)"); "kmalloc" for NULL. */
char *site_call_name(const char *call);
/* The distinct functions of the sites, "f()" each. */
void site_functions(const struct site *sites, size_t nr, struct string_list *out);

/*
 * What one rule writes: its sites read, the notes below the "---" line, the commit message
 * (detail 0 is the fullest; higher ones are shorter), the subjects it offers (best first,
 * unused slots NULL) and its sentence in the cover letter.
 */
struct text_rule {
	const char *name;
	const char *helper;		/* what the series moves to: "kmalloc()" */
	const char *cover_all;		/* the cover's sentence: when every patch is the rule's */
	const char *cover_some;		/* ... when some are */
	const char *cover_what;		/* ... and what follows */
	void (*read_site)(struct site *s, const char *source, const struct string_list *added);
	void (*notes)(const struct series_patch *p, struct site *sites, size_t nr,
		      const struct string_list *removed, const struct string_list *added,
		      struct strbuf *out);
	void (*message)(const struct series_patch *p, const struct site *sites, size_t nr,
			int detail, struct strbuf *out);
	void (*subjects)(const struct site *sites, size_t nr, bool one_function,
			 char *candidates[TEXT_SUBJECTS]);
};

extern const struct text_rule pagealloc_kmalloc_text;	/* series-pagealloc.c */
extern const struct text_rule memdup_user_nul_text;	/* series-memdup.c */
extern const struct text_rule memdup_user_text;		/* series-memdup.c */

/* Every rule's writer, in the order the cover letter names them; NULL-terminated. */
extern const struct text_rule *const text_rules[];
/* The writer of rule name; memdup-user's for a rule the table does not name. */
const struct text_rule *text_rule(const char *name);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The "not a checkpatch flood" gate a series must pass: its verdicts and reasons, and the
 * checks that need no database (what a hunk changes, what checkpatch.pl said).
 */
#ifndef WHICHALLOC_GATE_H
#define WHICHALLOC_GATE_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* The series' default --max: what a maintainer reviews in one sitting. */
#define GATE_DEFAULT_MAX 8
/* The default days between two series sent to one subsystem. */
#define GATE_DEFAULT_COOL_DOWN 14

enum gate_id {
	GATE_REVIEW,		/* every finding accepted, none rejected or fixed */
	GATE_SUBSYSTEM,		/* one subsystem */
	GATE_SIZE,		/* at most --max patches */
	GATE_IN_FLIGHT,		/* no unsettled series, none sent within the cool-down */
	GATE_RULES,		/* no report-only rule, no keep/review verdict */
	GATE_FRESH,		/* files unchanged since the scan */
	GATE_APPLIES,		/* every patch applies, in order */
	GATE_SUBSTANCE,		/* no whitespace/comment-only hunk, no cosmetic patch */
	GATE_COMPLETE,		/* a buffer moved to kmalloc() is no longer free_page()d */
	GATE_CHECKPATCH,	/* no checkpatch.pl ERROR or new WARNING */
	GATE_RECIPIENTS,	/* the series has a To: */
	GATE_NR
};

enum gate_state { GATE_PASS, GATE_FAIL, GATE_SKIPPED };

struct gate_verdict {
	enum gate_state state;
	struct string_list reasons;	/* why it failed, naming the findings concerned */
	char *note;			/* why it passed or was skipped */
};

struct gate_report {
	struct gate_verdict v[GATE_NR];
};

void gate_report_init(struct gate_report *r);
void gate_report_clear(struct gate_report *r);
/* The gate's name ("review", "checkpatch") and the rule it enforces, for messages. */
const char *gate_name(enum gate_id id);
const char *gate_rule(enum gate_id id);
/* Record a reason for refusing; the gate fails. */
PRINTF(3, 4) void gate_fail(struct gate_report *r, enum gate_id id, const char *fmt, ...);
/* Say why a gate passed or was not applicable (kept unless it fails). */
PRINTF(4, 5) void gate_note(struct gate_report *r, enum gate_id id, enum gate_state state,
			    const char *fmt, ...);
bool gate_passed(const struct gate_report *r);
/* Every verdict with its reasons, one block per gate. */
void gate_report_print(FILE *out, const struct gate_report *r);

/* What a hunk changes, read with the whole file around it. */
enum hunk_substance {
	HUNK_CODE,		/* the tokens change */
	HUNK_WHITESPACE,	/* only blanks, tabs or newlines change */
	HUNK_COMMENT,		/* only comments (and blanks) change */
};

/*
 * Compare the C file before with candidate (before with one hunk applied): whitespace
 * outside string and character literals, then comments, are ignored in turn.
 */
enum hunk_substance gate_hunk_substance(const char *before, size_t before_len,
					const char *candidate, size_t candidate_len);

/*
 * Is the change from before to after purely cosmetic: the same tokens once comments,
 * whitespace, casts to plain types ("(char *)", "(unsigned long)") and redundant parentheses
 * are dropped?
 */
bool gate_cosmetic(const char *before, size_t before_len, const char *after, size_t after_len);

/*
 * Does text still hand var to free_page() or free_pages() (or to __free_page(s) of its
 * virt_to_page())? A patch that moves var to kmalloc() must change every such free.
 */
bool gate_frees_page_of(const char *text, size_t len, const char *var);

/* One problem checkpatch.pl reported with --terse --show-types. */
struct checkpatch_problem {
	char *level;	/* "ERROR", "WARNING" or "CHECK" */
	char *type;	/* "LONG_LINE", ... */
	char *message;
	long line;	/* line of the patch file; 0 when it names none */
};

struct checkpatch_problems {
	struct checkpatch_problem *items;
	size_t nr;
	size_t alloc;
};

#define CHECKPATCH_PROBLEMS_INIT { NULL, 0, 0 }

/* Read checkpatch.pl --terse --show-types output ("FILE:LINE: LEVEL:TYPE: message"). */
void checkpatch_parse(const char *output, struct checkpatch_problems *out);
void checkpatch_problems_clear(struct checkpatch_problems *p);

/*
 * The problems of a patch that block it: every ERROR; every WARNING about its message
 * (lines before diff_line, the patch file's first "diff --git" line, or none); every
 * WARNING about its diff that checkpatch does not also report, with the same type and
 * message, for the reversed patch (which shows the old code as added lines). The
 * problems are appended to out as "LEVEL:TYPE: message (line N)".
 */
void checkpatch_blocking(const struct checkpatch_problems *forward,
			 const struct checkpatch_problems *reverse, long diff_line,
			 struct string_list *out);

/* The reversed diff of a patch file: '+' and '-' lines and hunk ranges swapped. */
void reverse_patch(const char *patch, struct strbuf *out);

#endif

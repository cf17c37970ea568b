/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * spatch's standard output under whichalloc: WA1 records (docs/rule-contract.md) and the
 * unified diffs of patch mode, one per changed file.
 */
#ifndef WHICHALLOC_RECORD_H
#define WHICHALLOC_RECORD_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

struct wa_record {
	char *rule;
	char *verdict;
	char *file;
	long line, col, end_line, end_col;
	char *function;
	char *message;
};

/* WAW: the rule would decide more with the facts of callee, a function of another file. */
struct wa_want {
	char *file;
	char *callee;
};

/* WAF: what a function does with one of its parameters (docs/rule-contract.md, "Facts"). */
struct wa_fact {
	char *file;
	char *function;
	long param;		/* -1: every parameter */
	char *linkage;		/* "static" or "extern" */
	char *kind;		/* benign, keep, review, free or call */
	long line;
	char *text;
	char *callee;		/* for call: the function it passes the parameter to */
	long callee_param;	/* and as which parameter; -1 otherwise */
};

struct file_diff {
	char *path;	/* from the "+++ b/PATH" line */
	char *text;	/* the whole block, "diff -u -p" line included */
};

struct spatch_output {
	struct wa_record *records;
	size_t nr_records, alloc_records;
	struct file_diff *diffs;
	size_t nr_diffs, alloc_diffs;
	struct wa_want *wants;
	size_t nr_wants, alloc_wants;
	struct wa_fact *facts;
	size_t nr_facts, alloc_facts;
	size_t nr_garbage;	/* lines that are neither records nor diff lines */
	size_t nr_malformed;	/* WA1 lines or diffs that could not be parsed */
	bool truncated;		/* the output stops inside a line or a hunk */
	struct strbuf problem;	/* the first malformed or garbage line, for messages */
};

#define SPATCH_OUTPUT_INIT { .problem = STRBUF_INIT }

/* Undo the record escaping; -1 on an invalid escape. */
int unescape_field(const char *s, size_t len, struct strbuf *out);

/* Parse one record line (without its newline); -1 when it is malformed. */
int parse_record(const char *line, size_t len, struct wa_record *rec);
void wa_record_clear(struct wa_record *rec);
int parse_want(const char *line, size_t len, struct wa_want *w);
void wa_want_clear(struct wa_want *w);
int parse_fact(const char *line, size_t len, struct wa_fact *x);
void wa_fact_clear(struct wa_fact *x);

/*
 * Parse everything spatch printed. Malformed records and stray lines are counted and
 * skipped; a record or hunk cut short at the end sets truncated and is dropped.
 */
void parse_spatch_output(const char *buf, size_t len, struct spatch_output *out);
void spatch_output_clear(struct spatch_output *out);

#endif

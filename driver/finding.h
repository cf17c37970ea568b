/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A finding as the reports read it: the row, its filters and loading, its TSV and JSON,
 * and whether its code is still in the tree. Commands, exports, the HTML report, history,
 * review and series share it; it knows nothing of any command.
 */
#ifndef WHICHALLOC_FINDING_H
#define WHICHALLOC_FINDING_H

#include "util.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>

/* Which findings: what list, export, review, history, stats and subsystems filter by. */
struct finding_filter {
	const char *rule;
	const char *verdict;
	const char *status;
	const char *file;	/* an fnmatch() glob; a star matches "/" too */
	const char *subsys;	/* a MAINTAINERS section title */
	bool all;		/* --all: not only what needs action (triage.h) */
	long run;		/* 0: the latest complete run */
};

/* Every column of the finding table. */
struct finding_row {
	long long id;
	char *fingerprint, *rule, *verdict, *file;
	long long line, col, end_line, end_col;
	char *function, *message, *code;
	char *diff;		/* NULL when none */
	char *subsystem;	/* NULL when unknown */
	char *status;
	long long first_run, last_run;
	long long fixed_run;	/* 0 when not fixed */
};

/* The select list that finding_row_read() expects, for "FROM finding f". */
#define FINDING_ROW_COLUMNS \
	"f.id, f.fingerprint, f.rule, f.verdict, f.file, f.line, f.col, f.end_line, " \
	"f.end_col, f.function, f.message, f.code, f.diff, f.subsystem, f.status, " \
	"f.first_run, f.last_run, f.fixed_run"

void finding_row_read(sqlite3_stmt *st, struct finding_row *row);
void finding_row_clear(struct finding_row *row);

struct row_list {
	struct finding_row *items;
	size_t nr, alloc;
};

void row_list_clear(struct row_list *rows);

/*
 * The findings f selects (its filters and run), by file, line, column, rule and id;
 * *run_out (may be NULL) is the run they are about, 0 for every fixed finding. -1 with a
 * message.
 */
int finding_load(sqlite3 *db, const struct finding_filter *f, struct row_list *rows,
		 long long *run_out);

/* The columns of finding_write_tsv(), as list --format tsv names them. */
#define FINDING_TSV_HEADER "id\trule\tverdict\tfile\tline\tfunction\tsubsystem\tstatus\tmessage"
/* One line: the columns of FINDING_TSV_HEADER, each field escaped (write_tsv_field()). */
void finding_write_tsv(FILE *out, const struct finding_row *r);

/* A finding as list --format json writes it: every column. */
json_t *finding_json(const struct finding_row *r);

/* Does the source src (a whole file) still hold the finding's code at its lines? */
bool code_still_there(const struct strbuf *src, const struct finding_row *r);
/*
 * Read the finding's file from the tree at top (NULL: none known) into src, for show,
 * html and review: true when read and it still holds the finding's code at its lines.
 */
bool finding_code_now(const char *top, const struct finding_row *r, struct strbuf *src);

#endif

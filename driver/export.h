/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What export and html share: the data of a report (run, findings, rules, review history),
 * the formats (coccicheck report lines, org-mode, CSV, JSON, SARIF 2.1.0), the conversion of a
 * finding's diff into SARIF replacements. Output files are output.h's.
 */
#ifndef WHICHALLOC_EXPORT_H
#define WHICHALLOC_EXPORT_H

#include "finding.h"
#include "fmt.h"
#include "hash.h"
#include "output.h"
#include "triage.h"
#include "util.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>

/* ---- the data of a report ---- */

struct run_info {
	long long id;
	char *status, *started_at, *finished_at, *tree_path, *tree_version, *tree_commit;
	char *spatch_version, *dirs;
	long long jobs, files_total, files_done;
};

int run_info_load(sqlite3 *db, long long run, struct run_info *out);
void run_info_clear(struct run_info *ri);

struct review_entry {
	char *status, *reason, *reviewer, *at, *note;	/* reason and note may be NULL */
};

struct review_history {
	struct review_entry *items;
	size_t nr, alloc;
};

/* Every decision about finding id, oldest first (by time, then as recorded). */
int review_history_load(sqlite3 *db, long long id, struct review_history *out);
void review_history_clear(struct review_history *h);

struct rule_doc {
	char *name;
	char hash[SHA1_HEX_SIZE];
	char *description;	/* the first /// line, as the run stored it */
	char *confidence;
	bool report_only;
	char *rationale;	/* the other /// lines as paragraphs; "" when unknown */
	/*
	 * Where the rationale comes from: NULL when the rule file has the hash the run used,
	 * else a note (the file changed since, or was not found).
	 */
	char *rationale_note;
};

struct rule_docs {
	struct rule_doc *items;
	size_t nr, alloc;
};

/*
 * The rules of run (0: none), plus the latest version of every rule named by rows, with
 * their rationale read from the rules directory (cocci_dir: --cocci-dir or NULL for the
 * default; a missing directory only leaves the rationales empty).
 */
int rule_docs_load(sqlite3 *db, long long run, const struct row_list *rows,
		   const char *cocci_dir, struct rule_docs *out);
const struct rule_doc *rule_docs_find(const struct rule_docs *docs, const char *name);
size_t rule_docs_index(const struct rule_docs *docs, const char *name);
void rule_docs_clear(struct rule_docs *docs);

/*
 * The block of /// lines that opens a rule's header, after its first line (the description),
 * without the slashes; blank /// lines separate paragraphs, whose lines are joined with
 * blanks.
 */
void rule_rationale(const char *text, size_t len, struct strbuf *out);

/* A scanned file that spatch failed on in a run. */
struct file_error {
	char *path, *status, *message;
};

struct file_errors {
	struct file_error *items;
	size_t nr, alloc;
};

int file_errors_load(sqlite3 *db, long long run, struct file_errors *out);
void file_errors_clear(struct file_errors *e);

/* Everything an export or the HTML report shows. */
struct report_data {
	long long run;			/* 0: every fixed finding (--status fixed) */
	struct run_info run_info;	/* of run, else of the latest run */
	struct row_list rows;
	struct review_history *reviews;	/* one per row */
	struct rule_docs rules;
	struct file_errors errors;	/* of run */
	struct triage_left_out not_shown;	/* what the default of triage.h left out */
};

/*
 * Load what list would show for o (only what needs action unless o->all or a verdict or
 * status filter), with rules, reviews and errors.
 */
int report_data_load(sqlite3 *db, const struct finding_filter *o, const char *cocci_dir,
		     struct report_data *d);
void report_data_clear(struct report_data *d);

/* ---- formats ---- */

/*
 * One line in the format of make coccicheck MODE=report (coccilib.report.print_report):
 * "FILE:LINE:COL-END_COL: SEVERITY: RULE: VERDICT: MESSAGE". SEVERITY is ERROR for messages
 * that start with "bug: ", INFO for keep, WARNING otherwise; ": VERDICT" is left out when
 * the message already starts with it. Line breaks in the fields are written as \n.
 */
void write_report_line(FILE *out, const struct finding_row *r);
/* One line as coccilib.org.print_safe_todo() prints it. */
void write_org_line(FILE *out, const struct finding_row *r);

/* One RFC 4180 field: quoted when it holds a comma, a quote, CR or LF. NULL is empty. */
void write_csv_field(FILE *out, const char *s);
/* The header and one record per finding, each ending in CRLF. */
void write_csv(FILE *out, const struct row_list *rows);

json_t *review_history_json(const struct review_history *h);
json_t *report_json(const struct report_data *d, const struct finding_filter *o);
json_t *sarif_log(const struct report_data *d);

/* ---- SARIF helpers ---- */

/*
 * One replacement of a fix: delete the lines [start_line, end_line) of the original file
 * (start_line == end_line: insert before start_line) and insert text there.
 */
struct line_replacement {
	long start_line, end_line;
	char *text;
};

struct replacement_list {
	char *path;	/* the file, from the diff's "+++ b/" line */
	struct line_replacement *items;
	size_t nr, alloc;
};

/*
 * Turn a one-file unified diff into replacements of whole lines, in the coordinates of the
 * original file, in order and not overlapping. -1 with a message when the diff is malformed,
 * touches more than one file, or changes a last line without a newline.
 */
int diff_to_replacements(const char *diff, struct replacement_list *out);
void replacement_list_clear(struct replacement_list *list);

/*
 * The 1-based column in UTF-16 code units (SARIF's default columnKind) of the 0-based byte
 * column byte_col of line (len bytes). Bytes that are not valid UTF-8 count one unit each.
 */
long utf16_column(const char *line, size_t len, long byte_col);

/* Percent-encode a relative path for a URI reference (unreserved bytes and '/' kept). */
void uri_path_encode(struct strbuf *out, const char *path);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the subcommands share: their entry points and usage texts, option errors, the default
 * database and the choice of run.
 */
#ifndef WHICHALLOC_CMD_H
#define WHICHALLOC_CMD_H

#include "util.h"

#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>

#define EXIT_USAGE 2

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage;
};

/* The subcommands, ending with a NULL name. */
extern const struct command commands[];
const struct command *find_command(const char *name);
void print_commands(FILE *out);

int cmd_scan(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_html(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_subsystems(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_merge(int argc, char **argv);

extern const char scan_usage[];
extern const char list_usage[];
extern const char show_usage[];
extern const char stats_usage[];
extern const char export_usage[];
extern const char html_usage[];
extern const char review_usage[];
extern const char subsystems_usage[];
extern const char diff_usage[];
extern const char series_usage[];
extern const char history_usage[];
extern const char merge_usage[];

/* WHICHALLOC_DB, else whichalloc.db in the current directory. */
const char *default_db_path(void);

/* Report the option getopt_long() refused (c is ':' or '?'); returns -1. */
int option_error(const char *cmd, int c, char **argv);
/* Parse a number option in [min, max]; -1 with a message. */
int number_option(const char *cmd, const char *opt, const char *arg, long min, long max,
		  long *out);

/*
 * The run a report is about: wanted (> 0) when it exists, else the latest complete run.
 * -1 with a message when there is none.
 */
long long select_run(sqlite3 *db, long long wanted);

enum list_format { FORMAT_TABLE, FORMAT_TSV, FORMAT_JSON };

struct list_options {
	const char *db;
	const char *rule;
	const char *verdict;
	const char *status;
	const char *file;	/* an fnmatch() glob; a star matches "/" too */
	const char *subsys;	/* a MAINTAINERS section title */
	bool all;		/* --all: not only what needs action (triage.h) */
	long run;		/* 0: the latest complete run */
	enum list_format format;
	bool help;
};

/*
 * The finding filters list, review and export share: their getopt_long values, their
 * entries for a struct option table, and their parser.
 */
enum filter_option_value {
	OPT_FILTER_RULE = 512, OPT_FILTER_VERDICT, OPT_FILTER_STATUS, OPT_FILTER_FILE,
	OPT_FILTER_SUBSYS, OPT_FILTER_RUN,
	OPT_FILTER_ALL,		/* --all of list and export (triage.h) */
};
#define FILTER_LONG_OPTIONS \
	{ "rule", required_argument, NULL, OPT_FILTER_RULE }, \
	{ "verdict", required_argument, NULL, OPT_FILTER_VERDICT }, \
	{ "status", required_argument, NULL, OPT_FILTER_STATUS }, \
	{ "file", required_argument, NULL, OPT_FILTER_FILE }, \
	{ "subsys", required_argument, NULL, OPT_FILTER_SUBSYS }, \
	{ "run", required_argument, NULL, OPT_FILTER_RUN }

/*
 * Take option c (with optarg) into f when it is a filter: 0 when taken, -1 with a message
 * naming cmd when its value is wrong, 1 when c is not a filter option.
 */
int filter_option(const char *cmd, struct list_options *f, int c);

/* Parse list's arguments (argv[0] is "list"); -1 with a message on errors. */
int list_parse_options(int argc, char **argv, struct list_options *o);

struct show_options {
	const char *db;
	long id;
	bool help;
};

int show_parse_options(int argc, char **argv, struct show_options *o);

struct stats_options {
	const char *db;
	long run;
	/* Filters, as for list: NULL counts everything. */
	const char *rule, *verdict, *status, *file, *subsys;
	bool help;
};

int stats_parse_options(int argc, char **argv, struct stats_options *o);

/* Write s with TAB, LF, CR and backslash escaped as \t \n \r \\ (for TSV). */
void write_tsv_field(FILE *out, const char *s);

/* A finding as the reports read it: every column of the finding table. */
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

/*
 * The findings list shows for o (its filters and run), in its order; *run_out (may be NULL)
 * is the run they are about, 0 for every fixed finding. -1 with a message.
 */
int list_load_findings(sqlite3 *db, const struct list_options *o, struct row_list *rows,
		       long long *run_out);
void row_list_clear(struct row_list *rows);
/* A finding as list --format json writes it. */
json_t *finding_json(const struct finding_row *r);
/* Does the source src (a whole file) still hold the finding's code at its lines? */
bool code_still_there(const struct strbuf *src, const struct finding_row *r);

#endif

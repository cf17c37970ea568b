/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the subcommands share: their entry points and usages (parse-options.h), the finding
 * filters of their option tables and the default database.
 */
#ifndef WHICHALLOC_CMD_H
#define WHICHALLOC_CMD_H

#include "finding.h"
#include "parse-options.h"
#include "util.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>

#define EXIT_USAGE 2

struct command {
	const struct command_usage *usage;	/* its name, --help and options */
	int (*fn)(int argc, char **argv);
	const char *summary;
};

/* The subcommands, ending with a NULL usage. */
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

extern const struct command_usage scan_usage;
extern const struct command_usage list_usage;
extern const struct command_usage show_usage;
extern const struct command_usage stats_usage;
extern const struct command_usage export_usage;
extern const struct command_usage html_usage;
extern const struct command_usage review_usage;
extern const struct command_usage subsystems_usage;
extern const struct command_usage diff_usage;
extern const struct command_usage series_usage;
extern const struct command_usage history_usage;
extern const struct command_usage merge_usage;

/* WHICHALLOC_DB, else whichalloc.db in the current directory. */
const char *default_db_path(void);

enum list_format { FORMAT_TABLE, FORMAT_TSV, FORMAT_JSON };

struct list_options {
	const char *db;
	struct finding_filter filter;
	enum list_format format;
	bool help;
};

/* The largest run ID --run takes. */
#define RUN_ID_MAX 0x7fffffffL

/* Callbacks of option tables: a --verdict or --status filter, --format table|tsv|json. */
parse_option_fn option_verdict, option_status, option_list_format;

/* The finding filters, in the option tables of the commands that take them. */
#define OPT_FILTER_RULE(T, f, h) OPT_STRING(0, "rule", "R", T, f, h)
#define OPT_FILTER_VERDICT(T, f, h) \
	OPT_CALLBACK(0, "verdict", "V", T, f, (const char *)0, option_verdict, h)
#define OPT_FILTER_STATUS(T, f, h) \
	OPT_CALLBACK(0, "status", "S", T, f, (const char *)0, option_status, h)
#define OPT_FILTER_FILE(T, f, h) OPT_STRING(0, "file", "GLOB", T, f, h)
#define OPT_FILTER_SUBSYS(T, f, h) OPT_STRING(0, "subsys", "S", T, f, h)
#define OPT_FILTER_RUN(T, f, h) OPT_NUMBER(0, "run", "ID", T, f, 1, RUN_ID_MAX, h)
#define OPT_LIST_FORMAT(T, f, h) \
	OPT_CALLBACK(0, "format", "F", T, f, (enum list_format)0, option_list_format, h)

/* --cocci-dir DIR, the rules read for their what ("rationale"). */
#define OPT_COCCI_DIR(T, f, what) \
	OPT_STRING(0, "cocci-dir", "DIR", T, f, \
		   "the rules, for their " what " (default: $WHICHALLOC_COCCI, else\n" \
		   "../cocci or ../share/whichalloc/cocci next to the executable)")

#define HELP_DB "the database (default: $WHICHALLOC_DB, else ./whichalloc.db)"
#define HELP_FILE "only files matching the glob (fnmatch; 'fs/*' matches all of fs/)"
#define HELP_SUBSYS "only subsystem S (its MAINTAINERS section title, any case)"

/*
 * The filters of list and export, as 'whichalloc list --help' says them; p is the path to
 * the struct finding_filter in T, with its dot ("filter.", "list.filter.").
 */
#define LIST_FILTER_OPTIONS(T, p) \
	OPT_FILTER_RULE(T, p rule, "only rule R"), \
	OPT_FILTER_VERDICT(T, p verdict, "only verdict V: replace, keep or review"), \
	OPT_FILTER_STATUS(T, p status, "only status S: new, accepted, rejected or fixed"), \
	OPT_FILTER_FILE(T, p file, HELP_FILE), \
	OPT_FILTER_SUBSYS(T, p subsys, HELP_SUBSYS), \
	OPT_FILTER_RUN(T, p run, "the findings of run ID instead of the latest complete run")

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

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command table and what the subcommands share.
 */
#include "cmd.h"
#include "db.h"

#include <stdlib.h>
#include <string.h>

const struct command commands[] = {
	{ &scan_usage, cmd_scan, "run the rules over a kernel tree and store the findings" },
	{ &list_usage, cmd_list, "list the findings of a run" },
	{ &show_usage, cmd_show, "show one finding with its code and proposed diff" },
	{ &stats_usage, cmd_stats, "count a run's findings by rule and verdict" },
	{ &export_usage, cmd_export,
	  "write findings as coccicheck report/org lines, SARIF, JSON or CSV" },
	{ &html_usage, cmd_html, "write a static HTML report with charts and a page per finding" },
	{ &review_usage, cmd_review,
	  "accept or reject findings, one by one or by ID; share decisions" },
	{ &subsystems_usage, cmd_subsystems, "count open findings per MAINTAINERS subsystem" },
	{ &diff_usage, cmd_diff, "the findings that appeared and disappeared between two runs" },
	{ &history_usage, cmd_history,
	  "each finding's life across the runs, in tree-version order" },
	{ &merge_usage, cmd_merge, "merge databases: shard scans into one run, runs and reviews" },
	{ &series_usage, cmd_series, "write a patch series for one subsystem, behind the gate" },
	{ NULL, NULL, NULL },
};

const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->usage; c++)
		if (!strcmp(c->usage->name, name))
			return c;
	return NULL;
}

void print_commands(FILE *out)
{
	fprintf(out, "The commands are:\n");
	for (const struct command *c = commands; c->usage; c++)
		fprintf(out, "   %-10s %s\n", c->usage->name, c->summary);
	fprintf(out, "   %-10s %s\n", "help", "show a command's usage (whichalloc help CMD)");
}

const char *default_db_path(void)
{
	const char *env = getenv("WHICHALLOC_DB");

	return env && *env ? env : "whichalloc.db";
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

int option_verdict(const char *cmd, const struct parse_option *opt, const char *arg,
		   void *base)
{
	static const char *const verdicts[] = { "replace", "keep", "review", NULL };

	*(const char **)parse_option_value(opt, base) = arg;
	return one_of(arg, verdicts) ? 0 :
	       error("%s: --verdict wants replace, keep or review, not '%s'", cmd, arg);
}

int option_status(const char *cmd, const struct parse_option *opt, const char *arg,
		  void *base)
{
	static const char *const statuses[] = { "new", "accepted", "rejected", "fixed", NULL };

	*(const char **)parse_option_value(opt, base) = arg;
	return one_of(arg, statuses) ? 0 :
	       error("%s: --status wants new, accepted, rejected or fixed, not '%s'", cmd, arg);
}

int option_list_format(const char *cmd, const struct parse_option *opt, const char *arg,
		       void *base)
{
	static const char *const names[] = {
		[FORMAT_TABLE] = "table", [FORMAT_TSV] = "tsv", [FORMAT_JSON] = "json",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(arg, names[i])) {
			*(enum list_format *)parse_option_value(opt, base) = (enum list_format)i;
			return 0;
		}
	return error("%s: --format wants table, tsv or json, not '%s'", cmd, arg);
}

static long long latest_run(sqlite3 *db, const char *sql)
{
	return db_query_int(db, sql, 0);
}

static long long select_run_id(sqlite3 *db, long long wanted)
{
	sqlite3_stmt *st;
	long long found = 0, latest;

	if (wanted <= 0) {
		found = latest_run(db, "SELECT max(id) FROM run WHERE status = 'complete'");
		if (found > 0)
			return found;
		latest = latest_run(db, "SELECT max(id) FROM run");
		if (latest > 0)
			return error("no complete run in the database yet (the latest, run %lld, "
				     "did not finish); finish a scan, or pass --run %lld", latest,
				     latest);
		return error("the database has no run yet; run 'whichalloc scan' first");
	}
	st = db_prepare(db, "SELECT id FROM run WHERE id = ?1");
	if (!st)
		return -1;
	db_bind_int(st, 1, wanted);
	if (sqlite3_step(st) == SQLITE_ROW)
		found = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!found)
		return error("there is no run %lld in the database; 'whichalloc stats' names the "
			     "latest", wanted);
	return found;
}

/* A shard run (scan --shard K/N) holds the findings of its part of the tree only. */
static void note_partial_run(sqlite3 *db, long long run)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT shard FROM run WHERE id = ?1 AND shard IS "
				      "NOT NULL");

	if (!st)
		return;
	db_bind_int(st, 1, run);
	if (sqlite3_step(st) == SQLITE_ROW)
		warning("run %lld is partial: it scanned part %s of the tree only (scan --shard); "
			"merge the databases of all the parts with 'whichalloc merge' for the "
			"whole tree", run, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

long long select_run(sqlite3 *db, long long wanted)
{
	long long run = select_run_id(db, wanted);

	if (run > 0)
		note_partial_run(db, run);
	return run;
}

static char *column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

void finding_row_read(sqlite3_stmt *st, struct finding_row *row)
{
	row->id = sqlite3_column_int64(st, 0);
	row->fingerprint = column_text(st, 1);
	row->rule = column_text(st, 2);
	row->verdict = column_text(st, 3);
	row->file = column_text(st, 4);
	row->line = sqlite3_column_int64(st, 5);
	row->col = sqlite3_column_int64(st, 6);
	row->end_line = sqlite3_column_int64(st, 7);
	row->end_col = sqlite3_column_int64(st, 8);
	row->function = column_text(st, 9);
	row->message = column_text(st, 10);
	row->code = column_text(st, 11);
	row->diff = column_text(st, 12);
	row->subsystem = column_text(st, 13);
	row->status = column_text(st, 14);
	row->first_run = sqlite3_column_int64(st, 15);
	row->last_run = sqlite3_column_int64(st, 16);
	row->fixed_run = sqlite3_column_int64(st, 17);
}

void finding_row_clear(struct finding_row *row)
{
	free(row->fingerprint);
	free(row->rule);
	free(row->verdict);
	free(row->file);
	free(row->function);
	free(row->message);
	free(row->code);
	free(row->diff);
	free(row->subsystem);
	free(row->status);
	memset(row, 0, sizeof(*row));
}

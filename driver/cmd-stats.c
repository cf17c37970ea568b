// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc stats
 */
#include "cmd.h"
#include "db.h"
#include "query.h"
#include "termsafe.h"
#include "subsystem.h"

#include <stdlib.h>
#include <string.h>

#define T struct stats_options
static const struct parse_option stats_options[] = {
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	OPT_FILTER_RUN(T, run, "run ID instead of the latest complete run"),
	OPT_FILTER_RULE(T, rule, "only rule R"),
	OPT_FILTER_VERDICT(T, verdict, "only verdict V: replace, keep or review"),
	OPT_FILTER_STATUS(T, status,
			  "only findings whose status is now S: new, accepted, rejected, fixed"),
	OPT_FILTER_FILE(T, file, HELP_FILE),
	OPT_FILTER_SUBSYS(T, subsys, HELP_SUBSYS),
	OPT_END(),
};
#undef T

const struct command_usage stats_usage = {
	.name = "stats",
	.text =
"usage: whichalloc stats [--db FILE] [--run ID] [--rule R] [--verdict V] [--status S]\n"
"                        [--file GLOB] [--subsys S]\n"
"\n"
"Count the findings of the latest complete run (or run ID) by rule and verdict and by\n"
"subsystem, with totals, the findings new and fixed in that run, the files it scanned,\n"
"and the files spatch failed on or skipped, with spatch's message. The filters, as for\n"
"'whichalloc list', limit the counts of findings to those that pass them.\n",
	.options = stats_options,
	.column = 18,
};

int stats_parse_options(int argc, char **argv, struct stats_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	i = parse_options(argc, argv, &stats_usage, o, &o->help);
	if (i < 0)
		return -1;
	if (!o->help && i < argc)
		return error("stats: unexpected argument '%s'; see 'whichalloc stats --help'",
			     argv[i]);
	if (!o->db)
		o->db = default_db_path();
	return 0;
}

/* Column col made safe for a terminal (names and paths from the tree), or def. */
static const char *text_or(sqlite3_stmt *st, int col, const char *def)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? tsafe((const char *)s) : def;
}

static int print_run(sqlite3 *db, long long run)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT status, started_at, finished_at, tree_path, tree_version, tree_commit, "
		"spatch_version, dirs, jobs FROM run WHERE id = ?1");

	if (!st)
		return -1;
	db_bind_int(st, 1, run);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return error("run %lld vanished from the database", run);
	}
	printf("run %lld (%s), started %s, finished %s\n", run, text_or(st, 0, "?"),
	       text_or(st, 1, "?"), text_or(st, 2, "never"));
	printf("tree: %s (version %s, commit %s)\n", text_or(st, 3, "?"),
	       text_or(st, 4, "unknown"), text_or(st, 5, "none"));
	printf("spatch %s, %d jobs, directories: %s\n", text_or(st, 6, "?"),
	       sqlite3_column_int(st, 8), *text_or(st, 7, "") ? text_or(st, 7, "") : "all");
	sqlite3_finalize(st);
	return 0;
}

static void print_files(sqlite3 *db, long long run)
{
	static const char *const statuses[] = { "ok", "error", "timeout", "skipped" };
	sqlite3_stmt *st = db_prepare(db,
		"SELECT count(*) FROM file_scan WHERE run_id = ?1 AND status = ?2");
	long long n[4], total = 0;

	if (!st)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(statuses); i++) {
		db_bind_int(st, 1, run);
		db_bind_text(st, 2, statuses[i]);
		n[i] = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
		sqlite3_reset(st);
		total += n[i];
	}
	sqlite3_finalize(st);
	printf("files: %lld scanned: %lld ok, %lld errors, %lld timeouts, %lld skipped\n",
	       total, n[0], n[1], n[2], n[3]);
}

struct rule_counts {
	char *rule;
	long long n[3];
};

static const char *const verdict_names[] = { "replace", "keep", "review" };

static size_t verdict_index(const char *v)
{
	for (size_t i = 0; i < ARRAY_SIZE(verdict_names); i++)
		if (!strcmp(v, verdict_names[i]))
			return i;
	return 0;
}

/* The filters, bound at ?2..?6; verdict is the column the verdict filter tests. */
#define FILTERS_SQL(verdict) \
	"AND (?2 IS NULL OR f.rule = ?2) AND (?3 IS NULL OR " verdict " = ?3) " \
	"AND (?4 IS NULL OR f.status = ?4) AND (?5 IS NULL OR whichalloc_fnmatch(?5, f.file)) " \
	"AND (?6 IS NULL OR f.subsystem = ?6 COLLATE NOCASE) "

static void bind_filters(sqlite3_stmt *st, const struct stats_options *o)
{
	db_bind_text(st, 2, o->rule);
	db_bind_text(st, 3, o->verdict);
	db_bind_text(st, 4, o->status);
	db_bind_text(st, 5, o->file);
	db_bind_text(st, 6, o->subsys);
}

/* Every rule of the run, with zero counts when it found nothing. */
static const char counts_sql[] =
	"SELECT ru.name, s.verdict, count(s.finding_id) FROM run_rule rr "
	"JOIN rule ru ON ru.id = rr.rule_id "
	"LEFT JOIN (SELECT f.rule, si.verdict, si.finding_id FROM sighting si "
	"JOIN finding f ON f.id = si.finding_id WHERE si.run_id = ?1 " FILTERS_SQL("si.verdict")
	") s ON s.rule = ru.name "
	"WHERE rr.run_id = ?1 AND (?2 IS NULL OR ru.name = ?2) "
	"GROUP BY ru.name, s.verdict ORDER BY ru.name";

static size_t load_counts(sqlite3 *db, long long run, const struct stats_options *o,
			  struct rule_counts **out)
{
	sqlite3_stmt *st = db_prepare(db, counts_sql);
	size_t nr = 0, alloc = 0;

	*out = NULL;
	if (!st)
		return 0;
	db_bind_int(st, 1, run);
	bind_filters(st, o);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *rule = (const char *)sqlite3_column_text(st, 0);

		if (!nr || strcmp((*out)[nr - 1].rule, rule)) {
			ALLOC_GROW(*out, nr + 1, alloc);
			memset(&(*out)[nr], 0, sizeof(**out));
			(*out)[nr++].rule = xstrdup(rule);
		}
		if (sqlite3_column_text(st, 1))
			(*out)[nr - 1].n[verdict_index((const char *)sqlite3_column_text(st, 1))] =
				sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return nr;
}

static void print_count_line(const char *name, const long long n[3], int width)
{
	printf("%-*s %8lld %8lld %8lld %8lld\n", width, tsafe(name), n[0], n[1], n[2],
	       n[0] + n[1] + n[2]);
}

static void print_counts(sqlite3 *db, long long run, const struct stats_options *o)
{
	struct rule_counts *c;
	size_t nr = load_counts(db, run, o, &c);
	long long total[3] = { 0, 0, 0 };
	int width = 5;

	for (size_t i = 0; i < nr; i++)
		if ((int)strlen(c[i].rule) > width)
			width = (int)strlen(c[i].rule);
	printf("\n%-*s %8s %8s %8s %8s\n", width, "rule", "replace", "keep", "review", "total");
	for (size_t i = 0; i < nr; i++) {
		print_count_line(c[i].rule, c[i].n, width);
		for (size_t v = 0; v < 3; v++)
			total[v] += c[i].n[v];
		free(c[i].rule);
	}
	print_count_line("total", total, width);
	free(c);
}

static long long count_for_run(sqlite3 *db, const char *sql, long long run,
			       const struct stats_options *o)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	long long n = 0;

	if (!st)
		return 0;
	db_bind_int(st, 1, run);
	bind_filters(st, o);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void print_changes(sqlite3 *db, long long run, const struct stats_options *o)
{
	printf("\nnew in this run: %lld; fixed in this run: %lld\n",
	       count_for_run(db, "SELECT count(*) FROM finding f WHERE first_run = ?1 "
			     FILTERS_SQL("f.verdict"), run, o),
	       count_for_run(db, "SELECT count(*) FROM finding f WHERE fixed_run = ?1 "
			     FILTERS_SQL("f.verdict"), run, o));
}

static void print_subsystems(sqlite3 *db, long long run, const struct stats_options *o)
{
	struct finding_filter filter = { .rule = o->rule, .verdict = o->verdict,
					 .status = o->status, .file = o->file,
					 .subsys = o->subsys };
	struct verdict_count_list l;
	int width = 9;

	if (subsystem_counts(db, run, &filter, false, &l))
		return;
	for (size_t i = 0; i < l.nr; i++)
		if (l.items[i].name && (int)strlen(l.items[i].name) > width)
			width = (int)strlen(l.items[i].name);
	printf("\n%-*s %8s %8s %8s %8s\n", width, "subsystem", "replace", "keep", "review",
	       "total");
	for (size_t i = 0; i < l.nr; i++)
		print_count_line(l.items[i].name ? l.items[i].name : "(none)", l.items[i].n,
				 width);
	verdict_count_list_clear(&l);
}

static void print_errors(sqlite3 *db, long long run)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT f.path, fs.status, fs.error FROM file_scan fs "
		"JOIN file f ON f.id = fs.file_id WHERE fs.run_id = ?1 AND fs.status <> 'ok' "
		"ORDER BY f.path");
	bool any = false;

	if (!st)
		return;
	db_bind_int(st, 1, run);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *raw = sqlite3_column_text(st, 2);
		const char *msg = raw ? tsafe_lines((const char *)raw) : "";

		if (!any)
			printf("\nfiles with errors:\n");
		any = true;
		printf("  %s (%s): %.*s\n", text_or(st, 0, "?"), text_or(st, 1, "?"),
		       (int)strcspn(msg, "\n"), msg);
	}
	sqlite3_finalize(st);
}

int cmd_stats(int argc, char **argv)
{
	struct stats_options o;
	sqlite3 *db;
	long long run;
	int ret = 1;

	if (stats_parse_options(argc, argv, &o))
		return EXIT_USAGE;
	if (o.help) {
		usage_print(&stats_usage, stdout);
		return 0;
	}
	if (db_open(o.db, DB_READ, &db))
		return 1;
	run = select_run(db, o.run);
	if (run > 0 && !query_register_fnmatch(db) && !print_run(db, run)) {
		print_files(db, run);
		print_counts(db, run, &o);
		print_subsystems(db, run, &o);
		print_changes(db, run, &o);
		print_errors(db, run);
		ret = 0;
	}
	db_close(db);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc diff
 */
#include "cmd.h"
#include "db.h"
#include "termsafe.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct diff_options {
	const char *db;
	long run_a, run_b;
	enum list_format format;
	bool help;
};

#define T struct diff_options
static const struct parse_option diff_options[] = {
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	OPT_LIST_FORMAT(T, format,
			"table (default), tsv (a header line, then: change id rule verdict file\n"
			"line function subsystem status message; change is 'appeared' or\n"
			"'disappeared'), or json (an object with from_run, to_run, and the arrays\n"
			"appeared and disappeared of findings as 'list --format json' "
			"writes them)"),
	OPT_END(),
};
#undef T

const struct command_usage diff_usage = {
	.name = "diff",
	.text =
"usage: whichalloc diff [--db FILE] [--format table|tsv|json] RUN_A RUN_B\n"
"\n"
"The findings that appeared and disappeared between two runs: those run RUN_B saw and\n"
"RUN_A did not, and those RUN_A saw and RUN_B did not (by the runs' sightings, so a\n"
"finding whose file was renamed or whose lines moved is neither). A finding's line and\n"
"verdict are what the run that saw it said; its status is today's. When the runs scanned\n"
"different directories, findings outside the other run's directories count too.\n",
	.options = diff_options,
	.column = 15,
};

static int diff_parse_options(int argc, char **argv, struct diff_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	i = parse_options(argc, argv, &diff_usage, o, &o->help);
	if (i < 0)
		return -1;
	if (!o->db)
		o->db = default_db_path();
	if (o->help)
		return 0;
	if (argc - i != 2)
		return error("diff: which runs? pass two run IDs, the earlier first ('whichalloc "
			     "stats --run ID' describes a run)");
	if (number_option("diff", "RUN_A", argv[i], 1, RUN_ID_MAX, &o->run_a) ||
	    number_option("diff", "RUN_B", argv[i + 1], 1, RUN_ID_MAX, &o->run_b))
		return -1;
	return 0;
}

/* Findings that run ?1 saw and run ?2 did not, with what run ?1 said of them. */
static const char only_in_sql[] =
	"SELECT " FINDING_ROW_COLUMNS ", s.verdict, s.line FROM finding f "
	"JOIN sighting s ON s.finding_id = f.id AND s.run_id = ?1 "
	"WHERE NOT EXISTS (SELECT 1 FROM sighting x WHERE x.run_id = ?2 "
	"AND x.finding_id = f.id) ORDER BY f.file, s.line, f.rule, f.id";

static int load_only_in(sqlite3 *db, long long in, long long not_in, struct row_list *rows)
{
	sqlite3_stmt *st = db_prepare(db, only_in_sql);
	int rc;

	if (!st)
		return -1;
	db_bind_int(st, 1, in);
	db_bind_int(st, 2, not_in);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct finding_row *r;

		ALLOC_GROW(rows->items, rows->nr + 1, rows->alloc);
		r = &rows->items[rows->nr++];
		finding_row_read(st, r);
		free(r->verdict);
		r->verdict = xstrdup((const char *)sqlite3_column_text(st, 18));
		r->line = sqlite3_column_int64(st, 19);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("cannot compare runs %lld and %lld: %s", in, not_in,
			     sqlite3_errmsg(db));
	return 0;
}

static char *run_dirs(sqlite3 *db, long long run)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT dirs, status FROM run WHERE id = ?1");
	char *dirs = NULL;

	if (!st)
		return NULL;
	db_bind_int(st, 1, run);
	if (sqlite3_step(st) == SQLITE_ROW) {
		dirs = xstrdup((const char *)sqlite3_column_text(st, 0));
		if (strcmp((const char *)sqlite3_column_text(st, 1), "complete"))
			warning("run %lld is %s: it did not see every file it was to scan", run,
				sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (!dirs)
		error("there is no run %lld in the database; 'whichalloc stats' names the latest",
		      run);
	return dirs;
}

static const char *dirs_text(const char *dirs)
{
	return *dirs ? dirs : "the whole tree";
}

static void print_tsv(const struct row_list *rows, const char *change)
{
	for (size_t i = 0; i < rows->nr; i++) {
		printf("%s\t", change);
		finding_write_tsv(stdout, &rows->items[i]);
	}
}

static json_t *rows_json(const struct row_list *rows)
{
	json_t *a = json_array();

	for (size_t i = 0; i < rows->nr; i++)
		json_array_append_new(a, finding_json(&rows->items[i]));
	return a;
}

static void print_rows_table(const struct row_list *rows, char sign)
{
	int wid = 2, wrule = 4, wwhere = 9;

	for (size_t i = 0; i < rows->nr; i++) {
		const struct finding_row *r = &rows->items[i];
		int n = snprintf(NULL, 0, "%s:%lld", r->file, r->line);

		if (snprintf(NULL, 0, "%lld", r->id) > wid)
			wid = snprintf(NULL, 0, "%lld", r->id);
		if ((int)strlen(r->rule) > wrule)
			wrule = (int)strlen(r->rule);
		if (n > wwhere)
			wwhere = n;
	}
	for (size_t i = 0; i < rows->nr; i++) {
		const struct finding_row *r = &rows->items[i];
		char *where = xstrfmt("%s:%lld", tsafe(r->file), r->line);

		printf("%c %*lld  %-*s  %-7s  %-8s  %-*s  %s()\n", sign, wid, r->id, wrule,
		       tsafe(r->rule), tsafe(r->verdict), tsafe(r->status), wwhere, where,
		       tsafe(r->function));
		free(where);
	}
	if (!rows->nr)
		printf("  (none)\n");
}

static int print_diff(const struct diff_options *o, const struct row_list *appeared,
		      const struct row_list *gone, const char *dirs_a, const char *dirs_b)
{
	json_t *root;
	int ret;

	switch (o->format) {
	case FORMAT_TSV:
		printf("change\t" FINDING_TSV_HEADER "\n");
		print_tsv(appeared, "appeared");
		print_tsv(gone, "disappeared");
		return 0;
	case FORMAT_JSON:
		root = json_object();
		json_object_set_new(root, "from_run", json_integer(o->run_a));
		json_object_set_new(root, "to_run", json_integer(o->run_b));
		json_object_set_new(root, "appeared", rows_json(appeared));
		json_object_set_new(root, "disappeared", rows_json(gone));
		ret = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(root);
		return ret ? error("cannot write the JSON output") : 0;
	case FORMAT_TABLE:
	default:
		printf("run %ld (%s) -> run %ld (%s): %zu appeared, %zu disappeared\n", o->run_a,
		       dirs_text(dirs_a), o->run_b, dirs_text(dirs_b), appeared->nr, gone->nr);
		printf("\nappeared in run %ld:\n", o->run_b);
		print_rows_table(appeared, '+');
		printf("\ndisappeared in run %ld:\n", o->run_b);
		print_rows_table(gone, '-');
		return 0;
	}
}

static int diff_runs(sqlite3 *db, const struct diff_options *o)
{
	struct row_list appeared = { NULL, 0, 0 }, gone = { NULL, 0, 0 };
	char *dirs_a = run_dirs(db, o->run_a), *dirs_b = dirs_a ? run_dirs(db, o->run_b) : NULL;
	int ret = -1;

	if (dirs_a && dirs_b) {
		if (strcmp(dirs_a, dirs_b))
			warning("run %ld scanned %s and run %ld scanned %s: findings outside the "
				"directories both scanned count as appeared or disappeared",
				o->run_a, dirs_text(dirs_a), o->run_b, dirs_text(dirs_b));
		if (!load_only_in(db, o->run_b, o->run_a, &appeared) &&
		    !load_only_in(db, o->run_a, o->run_b, &gone))
			ret = print_diff(o, &appeared, &gone, dirs_a, dirs_b);
	}
	row_list_clear(&appeared);
	row_list_clear(&gone);
	free(dirs_a);
	free(dirs_b);
	return ret;
}

int cmd_diff(int argc, char **argv)
{
	struct diff_options o;
	sqlite3 *db;
	int ret;

	if (diff_parse_options(argc, argv, &o))
		return EXIT_USAGE;
	if (o.help) {
		usage_print(&diff_usage, stdout);
		return 0;
	}
	if (db_open(o.db, DB_EXISTING, &db))
		return 1;
	ret = diff_runs(db, &o);
	db_close(db);
	if (!ret && fflush(stdout))
		ret = error("diff: cannot write to standard output: %m");
	return ret ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc subsystems
 */
#include "cmd.h"
#include "db.h"
#include "fmt.h"
#include "query.h"
#include "maint-report.h"
#include "maintainers.h"
#include "subsystem.h"
#include "termsafe.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

struct subsystems_options {
	const char *db;
	const char *kernel;
	const char *subsys;
	long run;
	bool all;
	bool attach;
	enum list_format format;
	bool help;
};

#define T struct subsystems_options
static const struct parse_option subsystems_options[] = {
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	OPT_FILTER_RUN(T, run, "run ID instead of the latest complete run"),
	OPT_BOOL(0, "all", T, all, "count every finding the run saw, rejected ones too"),
	OPT_FILTER_SUBSYS(T, subsys, HELP_SUBSYS),
	OPT_LIST_FORMAT(T, format,
			"table (default), tsv (a header line, then: subsystem replace keep\n"
			"review total unreviewed; no subsystem is an empty field) or json"),
	OPT_BOOL(0, "attach", T, attach,
		 "attach subsystems to every finding again now, from the MAINTAINERS of\n"
		 "the tree of the latest run (or of --kernel DIR): after MAINTAINERS\n"
		 "changed, or for a database scanned before it had subsystems"),
	OPT_STRING(0, "kernel", "DIR", T, kernel,
		   "with --attach: the tree whose MAINTAINERS to read"),
	OPT_END(),
};
#undef T

const struct command_usage subsystems_usage = {
	.name = "subsystems",
	.text =
"usage: whichalloc subsystems [--db FILE] [--run ID] [--all] [--subsys S]\n"
"                             [--format table|tsv|json]\n"
"   or: whichalloc subsystems --attach [--db FILE] [--kernel DIR]\n"
"\n"
"List the subsystems (MAINTAINERS section titles) with the open findings that the latest\n"
"complete run (or run ID) saw in them, by verdict. Open means undecided (status new) or\n"
"accepted (a patch is to be made); UNREVIEWED counts the undecided ones. A finding's\n"
"subsystem is the section scripts/get_maintainer.pl names first for its file; 'scan'\n"
"attaches it after each run.\n",
	.options = subsystems_options,
	.column = 17,
};

static int subsystems_parse_options(int argc, char **argv, struct subsystems_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	i = parse_options(argc, argv, &subsystems_usage, o, &o->help);
	if (i < 0)
		return -1;
	if (!o->db)
		o->db = default_db_path();
	if (o->help)
		return 0;
	if (i < argc)
		return error("subsystems: unexpected argument '%s'; see 'whichalloc subsystems "
			     "--help'", argv[i]);
	if (o->kernel && !o->attach)
		return error("subsystems: --kernel only goes with --attach");
	if (o->attach && (o->run || o->all || o->subsys || o->format != FORMAT_TABLE))
		return error("subsystems: --attach takes no --run, --all, --subsys or --format; it "
			     "attaches subsystems to every finding");
	return 0;
}

/* ---- listing ---- */

static const char *const verdict_titles[] = { "REPLACE", "KEEP", "REVIEW" };

static void print_table(const struct verdict_count_list *l, long long run, bool all)
{
	int width = (int)strlen("SUBSYSTEM");
	long long sum[5] = { 0 };

	for (size_t i = 0; i < l->nr; i++) {
		const char *name = l->items[i].name ? l->items[i].name : "(none)";

		if ((int)strlen(name) > width)
			width = (int)strlen(name);
	}
	printf("%s findings of run %lld by subsystem\n\n", all ? "All" : "Open", run);
	printf("%-*s %8s %8s %8s %8s %10s\n", width, "SUBSYSTEM", verdict_titles[0],
	       verdict_titles[1], verdict_titles[2], all ? "TOTAL" : "OPEN", "UNREVIEWED");
	for (size_t i = 0; i < l->nr; i++) {
		const struct verdict_counts *c = &l->items[i];

		printf("%-*s %8lld %8lld %8lld %8lld %10lld\n", width,
		       c->name ? tsafe(c->name) : "(none)",
		       c->n[0], c->n[1], c->n[2], c->total, c->unreviewed);
		for (size_t v = 0; v < 3; v++)
			sum[v] += c->n[v];
		sum[3] += c->total;
		sum[4] += c->unreviewed;
	}
	if (!l->nr)
		printf("(no %sfindings)\n", all ? "" : "open ");
	printf("%-*s %8lld %8lld %8lld %8lld %10lld\n", width, "total", sum[0], sum[1], sum[2],
	       sum[3], sum[4]);
}

static void print_tsv(const struct verdict_count_list *l)
{
	printf("subsystem\treplace\tkeep\treview\ttotal\tunreviewed\n");
	for (size_t i = 0; i < l->nr; i++) {
		const struct verdict_counts *c = &l->items[i];

		write_tsv_field(stdout, c->name);
		printf("\t%lld\t%lld\t%lld\t%lld\t%lld\n", c->n[0], c->n[1], c->n[2], c->total,
		       c->unreviewed);
	}
}

static int print_json(const struct verdict_count_list *l, long long run, bool all)
{
	json_t *root = json_object(), *list = json_array();
	int ret;

	json_object_set_new(root, "run", json_integer(run));
	json_object_set_new(root, "findings", json_string(all ? "all" : "open"));
	for (size_t i = 0; i < l->nr; i++) {
		const struct verdict_counts *c = &l->items[i];
		json_t *o = json_object();

		json_object_set_new(o, "subsystem", c->name ? json_string(c->name) : json_null());
		json_object_set_new(o, "replace", json_integer(c->n[0]));
		json_object_set_new(o, "keep", json_integer(c->n[1]));
		json_object_set_new(o, "review", json_integer(c->n[2]));
		json_object_set_new(o, "total", json_integer(c->total));
		json_object_set_new(o, "unreviewed", json_integer(c->unreviewed));
		json_array_append_new(list, o);
	}
	json_object_set_new(root, "subsystems", list);
	ret = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
	return ret ? error("cannot write the JSON output") : 0;
}

static int list_subsystems(sqlite3 *db, const struct subsystems_options *o)
{
	struct verdict_count_list counts;
	struct finding_filter filter = { .subsys = o->subsys };
	long long run = select_run(db, o->run);
	int ret = 0;

	if (run < 0 || subsystem_counts(db, run, &filter, !o->all, &counts))
		return -1;
	if (o->format == FORMAT_TSV)
		print_tsv(&counts);
	else if (o->format == FORMAT_JSON)
		ret = print_json(&counts, run, o->all);
	else
		print_table(&counts, run, o->all);
	verdict_count_list_clear(&counts);
	return ret;
}

/* ---- --attach ---- */

static char *latest_tree(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT tree_path FROM run ORDER BY id DESC LIMIT 1");
	char *top = NULL;

	if (!st)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		top = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!top)
		error("subsystems: the database has no run yet, so no tree to read MAINTAINERS "
		      "from; pass --kernel DIR or run 'whichalloc scan' first");
	return top;
}

static int attach(sqlite3 *db, const struct subsystems_options *o)
{
	char *top = o->kernel ? xstrdup(o->kernel) : latest_tree(db);
	struct maintainers *m;
	long long changed;
	bool missing;

	if (!top)
		return -1;
	m = subsystem_load_maintainers(top, &missing);
	if (!m) {
		error("subsystems: nothing attached: %s/MAINTAINERS %s; pass --kernel DIR of a "
		      "tree that has one", top, missing ? "does not exist" : "cannot be used");
		free(top);
		return -1;
	}
	changed = subsystem_attach(db, m, 0);
	if (changed >= 0)
		printf("subsystems attached from %s/MAINTAINERS: %lld findings changed subsystem "
		       "of %lld\n", tsafe(top), changed,
		       db_query_int(db, "SELECT count(*) FROM finding", 0));
	maint_report_free(m);
	free(top);
	return changed < 0 ? -1 : 0;
}

int cmd_subsystems(int argc, char **argv)
{
	struct subsystems_options o;
	sqlite3 *db;
	int ret;

	if (subsystems_parse_options(argc, argv, &o))
		return EXIT_USAGE;
	if (o.help) {
		usage_print(&subsystems_usage, stdout);
		return 0;
	}
	if (db_open(o.db, DB_EXISTING, &db))
		return 1;
	ret = o.attach ? attach(db, &o) : list_subsystems(db, &o);
	db_close(db);
	if (!ret && fflush(stdout))
		ret = error("subsystems: cannot write to standard output: %m");
	return ret ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc review
 */
#include "cmd.h"
#include "db.h"
#include "review.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct review_options {
	const char *db;
	struct finding_filter filter;
	bool help;
	const char *reviewer;
	const char *decision;	/* accepted, rejected, new; NULL: none */
	const char *reason;
	const char *note;
	const char *export_file;
	const char *import_file;
	bool force;
	long long *ids;
	size_t nr_ids;
};

static int set_decision(struct review_options *o, const char *decision)
{
	if (o->decision && strcmp(o->decision, decision))
		return error("review: --accept, --reject and --reopen exclude one another; "
			     "choose one");
	o->decision = decision;
	return 0;
}

static int take_decision(const char *cmd, const struct parse_option *opt, const char *arg,
			 void *base)
{
	struct review_options *o = base;

	if (!strcmp(opt->long_name, "accept"))
		return set_decision(o, "accepted");
	if (!strcmp(opt->long_name, "reopen"))
		return set_decision(o, "new");
	if (!review_reason_valid(arg))
		return error("%s: --reject wants a reason: false-positive, intentional or "
			     "not-worth-it, not '%s'", cmd, arg);
	o->reason = arg;
	return set_decision(o, "rejected");
}

static int take_note(const char *cmd, const struct parse_option *opt, const char *arg,
		     void *base)
{
	if (!*arg)
		return error("%s: --note wants some text", cmd);
	*(const char **)parse_option_value(opt, base) = arg;
	return 0;
}

#define T struct review_options
#define OPT_DECISION(l, a, h) OPT_CALLBACK(0, l, a, T, decision, (const char *)0, take_decision, h)
static const struct parse_option review_options[] = {
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	OPT_STRING(0, "reviewer", "NAME", T, reviewer,
		   "who decides (default: git config user.name <user.email>)"),
	OPT_DECISION("accept", NULL, "accept findings ID...: a patch may be made from them"),
	OPT_DECISION("reject", "REASON",
		     "reject findings ID...: false-positive, intentional or not-worth-it"),
	OPT_DECISION("reopen", NULL, "make findings ID... undecided again (status new)"),
	OPT_CALLBACK(0, "note", "TEXT", T, note, (const char *)0, take_note,
		     "a note with the decision; alone, a note that changes no decision"),
	OPT_STRING(0, "export", "FILE", T, export_file,
		   "write every decision as JSON, keyed by finding fingerprint ('-':\n"
		   "standard output); an existing FILE is replaced only with --force"),
	OPT_BOOL(0, "force", T, force, "with --export: replace an existing FILE"),
	OPT_STRING(0, "import", "FILE", T, import_file,
		   "append the decisions of an export that the database lacks ('-':\n"
		   "standard input); decisions about findings this database does not\n"
		   "know are skipped with a warning: scan first, then import (importing\n"
		   "the same file again adds nothing)"),
	/* One line for the filters: they are list's. */
	OPT_FILTER_RULE(T, filter.rule, NULL),
	OPT_FILTER_VERDICT(T, filter.verdict, NULL),
	OPT_FILTER_STATUS(T, filter.status, NULL),
	OPT_FILTER_FILE(T, filter.file, NULL),
	OPT_FILTER_SUBSYS(T, filter.subsys, NULL),
	OPT_FILTER_RUN(T, filter.run, "which findings to walk, as for 'whichalloc list'"),
	OPT_END(),
};
#undef OPT_DECISION
#undef T

const struct command_usage review_usage = {
	.name = "review",
	.text =
"usage: whichalloc review [--db FILE] [--reviewer NAME] [--rule R] [--verdict V]\n"
"                         [--status S] [--file GLOB] [--subsys S] [--run ID]\n"
"   or: whichalloc review [--db FILE] [--reviewer NAME] ID... (--accept | --reject REASON\n"
"                         | --reopen) [--note TEXT]\n"
"   or: whichalloc review [--db FILE] [--reviewer NAME] ID... --note TEXT\n"
"   or: whichalloc review [--db FILE] --export FILE [--force]\n"
"   or: whichalloc review [--db FILE] --import FILE\n"
"\n"
"Record review decisions about findings. Without IDs, on a terminal, walk the findings\n"
"one by one as 'git add -p' does: the code around the site, the proposed diff and the\n"
"rule's rationale (with the first finding of each rule; ? shows it again), then one\n"
"key: y accept, n reject (asks why: f false positive, i intentional, w not worth it),\n"
"s skip, e add a note, k go back, q quit, ? help and the rationale. It\n"
"walks the findings that list would show with the same filters, and only the undecided\n"
"ones (status new) unless --status says otherwise. Each decision is saved at once.\n"
"\n"
"Decisions are appended to the database's review history, never changed: a change of\n"
"mind is a new decision, and a finding's status is its latest one. A finding keeps its\n"
"decisions across rescans; one that is fixed stays fixed whatever is decided.\n",
	.options = review_options,
	.column = 21,
};

static bool any_filter(const struct finding_filter *f)
{
	return f->rule || f->verdict || f->status || f->file || f->subsys || f->run;
}

/* The finding IDs argv[first..argc - 1]. */
static int parse_ids(struct review_options *o, int first, int argc, char **argv)
{
	o->ids = xcalloc((size_t)(argc - first) + 1, sizeof(*o->ids));
	for (int i = first; i < argc; i++) {
		long id;

		if (number_option("review", "a finding ID", argv[i], 1, 0x7fffffffffffL, &id))
			return -1;
		o->ids[o->nr_ids++] = id;
	}
	return 0;
}

static const char *decision_option(const struct review_options *o)
{
	if (!o->decision)
		return "note";
	if (!strcmp(o->decision, "accepted"))
		return "accept";
	return strcmp(o->decision, "new") ? "reject" : "reopen";
}

/* Which combinations make sense: one mode at a time. */
static int check_modes(const struct review_options *o)
{
	bool transfer = o->export_file || o->import_file;

	if (o->export_file && o->import_file)
		return error("review: --export and --import are two commands; run one, then the "
			     "other");
	if (transfer && (o->nr_ids || o->decision || o->note || any_filter(&o->filter)))
		return error("review: --%s takes no finding IDs, decision or filter; it moves "
			     "every decision", o->export_file ? "export" : "import");
	if (o->force && !o->export_file)
		return error("review: --force only goes with --export FILE");
	if (o->nr_ids && any_filter(&o->filter))
		return error("review: filters choose the findings to walk; with finding IDs, "
			     "leave them out");
	if (!o->nr_ids && (o->decision || o->note))
		return error("review: which findings? pass their IDs before --%s (see "
			     "'whichalloc list')", decision_option(o));
	if (o->nr_ids && !o->decision && !o->note)
		return error("review: what about findings %lld...? pass --accept, --reject REASON, "
			     "--reopen or --note TEXT", o->ids[0]);
	return 0;
}

static int review_parse_options(int argc, char **argv, struct review_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	/* IDs and options may come in any order (getopt_long's permutation). */
	i = parse_options(argc, argv, &review_usage, o, &o->help);
	if (i < 0)
		return -1;
	if (!o->db)
		o->db = default_db_path();
	if (o->help)
		return 0;
	if (parse_ids(o, i, argc, argv))
		return -1;
	return check_modes(o);
}

static int check_ids(sqlite3 *db, const struct review_options *o)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM finding WHERE id = ?1");
	int ret = 0;

	if (!st)
		return -1;
	for (size_t i = 0; i < o->nr_ids && !ret; i++) {
		db_bind_int(st, 1, o->ids[i]);
		if (sqlite3_step(st) != SQLITE_ROW)
			ret = error("review: there is no finding %lld in %s; 'whichalloc list' "
				    "shows their IDs (nothing was recorded)", o->ids[i],
				    o->db);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return ret;
}

static bool is_fixed(sqlite3 *db, long long id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT status = 'fixed' FROM finding WHERE id = ?1");
	bool fixed = false;

	if (st) {
		db_bind_int(st, 1, id);
		fixed = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	return fixed;
}

static void describe(const struct review_options *o, long long id, int recorded, bool fixed)
{
	bool reopen = o->decision && !strcmp(o->decision, "new");

	if (!recorded) {
		/* A note is always recorded: only a decision can repeat the latest one. */
		printf("finding %lld: already %s%s%s; nothing recorded\n", id,
		       reopen ? "undecided" : o->decision, o->reason ? " as " : "",
		       o->reason ? o->reason : "");
		return;
	}
	printf("finding %lld: %s%s%s%s", id, !o->decision ? "note recorded" :
	       reopen ? "reopened (undecided)" : o->decision,
	       o->reason ? " (" : "", o->reason ? o->reason : "", o->reason ? ")" : "");
	if (fixed)
		printf(" (it is fixed: the decision is kept in its history, its status stays "
		       "fixed)");
	putchar('\n');
}

/* Decide about every ID, all or nothing. */
static int decide_ids(sqlite3 *db, const struct review_options *o, const char *reviewer)
{
	int *recorded = xcalloc(o->nr_ids, sizeof(*recorded));
	int ret = check_ids(db, o);

	if (!ret && db_begin(db))
		ret = -1;
	for (size_t i = 0; i < o->nr_ids && !ret; i++) {
		struct review_decision d = { o->decision, o->reason, o->note, reviewer, NULL };

		recorded[i] = o->decision ? review_record(db, o->ids[i], &d) :
			      review_record_note(db, o->ids[i], o->note, reviewer);
		if (recorded[i] < 0)
			ret = -1;
	}
	if (!ret && db_commit(db))
		ret = -1;
	if (ret) {
		db_rollback(db);
	} else {
		for (size_t i = 0; i < o->nr_ids; i++)
			describe(o, o->ids[i], recorded[i], is_fixed(db, o->ids[i]));
	}
	free(recorded);
	return ret;
}

static int walk(sqlite3 *db, struct review_options *o, const char *reviewer)
{
	struct row_list rows = { NULL, 0, 0 };
	long long run = 0;
	int ret;

	if (!o->filter.status)
		o->filter.status = "new";
	ret = finding_load(db, &o->filter, &rows, &run);
	if (!ret)
		ret = review_walk(db, &rows, run, reviewer);
	row_list_clear(&rows);
	return ret;
}

static int export(sqlite3 *db, const char *path, bool force)
{
	long long n;

	if (review_export(db, path, force, &n))
		return -1;
	/* Standard output holds the JSON: the count goes to standard error. */
	fprintf(strcmp(path, "-") ? stdout : stderr, "exported %lld decisions to %s\n", n,
		strcmp(path, "-") ? path : "standard output");
	return 0;
}

static int import(sqlite3 *db, const char *path)
{
	struct review_import_summary sum;

	if (review_import(db, path, &sum))
		return -1;
	printf("imported %s: %lld decisions added, %lld already present, about %lld findings "
	       "of this database", path, sum.added, sum.present, sum.findings);
	if (sum.unknown_findings)
		printf("; %lld decisions about %lld unknown findings skipped",
		       sum.unknown_decisions, sum.unknown_findings);
	printf("\n");
	return 0;
}

static int run_review(struct review_options *o)
{
	bool interactive = !o->nr_ids && !o->export_file && !o->import_file;
	char *reviewer = NULL;
	sqlite3 *db;
	int ret = -1;

	if (interactive && !isatty(STDIN_FILENO)) {
		error("review: standard input is not a terminal, so there is no one to ask; on a "
		      "terminal run 'whichalloc review', elsewhere pass finding IDs with --accept, "
		      "--reject REASON, --reopen or --note TEXT");
		return EXIT_USAGE;
	}
	if (o->nr_ids || interactive) {
		reviewer = review_identity(o->reviewer);
		if (!reviewer)
			return 1;
	}
	if (db_open(o->db, DB_EXISTING, &db)) {
		free(reviewer);
		return 1;
	}
	if (o->export_file)
		ret = export(db, o->export_file, o->force);
	else if (o->import_file)
		ret = import(db, o->import_file);
	else if (o->nr_ids)
		ret = decide_ids(db, o, reviewer);
	else
		ret = walk(db, o, reviewer);
	db_close(db);
	free(reviewer);
	return ret ? 1 : 0;
}

int cmd_review(int argc, char **argv)
{
	struct review_options o;
	int ret;

	if (review_parse_options(argc, argv, &o)) {
		free(o.ids);
		return EXIT_USAGE;
	}
	if (o.help) {
		usage_print(&review_usage, stdout);
		free(o.ids);
		return 0;
	}
	ret = run_review(&o);
	free(o.ids);
	if (!ret && fflush(stdout)) {
		error("review: cannot write to standard output: %m");
		return 1;
	}
	return ret;
}

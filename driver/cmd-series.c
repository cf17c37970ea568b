// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc series: a patch series for one subsystem, behind the gate.
 *
 * The steps: choose the findings (the subsystem's accepted ones, or those named), pull in
 * the findings whose changes share a hunk with them, group them into patches (one rule's
 * change in one file, for one function group), regenerate each patch against the tree as the
 * earlier ones leave it, write the texts, run every gate, and only then write the files and
 * the record. See docs/series.md. This file holds the options and the order of the steps;
 * the steps are series-plan.c's (planning), series-ident.c's (author and recipients),
 * series-gate.c's (the gate's checks) and series-write.c's (patches, texts, files, record).
 */
#include "cmd.h"
#include "db.h"
#include "mbox.h"
#include "run-command.h"
#include "series-plan.h"
#include "termsafe.h"
#include "tree.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int take_max(const char *cmd, const struct parse_option *opt, const char *arg,
		    void *base)
{
	struct series_options *o = base;

	(void)opt;
	o->max_given = true;
	return number_option(cmd, "--max", arg, 1, 1000, &o->max);
}

static int take_prefix(const char *cmd, const struct parse_option *opt, const char *arg,
		       void *base)
{
	if (!*arg || strchr(arg, '\n'))
		return error("%s: --prefix wants the text before ': ' of the subjects, such as "
			     "'proc' or 'NTB: ntb_tool'", cmd);
	*(const char **)parse_option_value(opt, base) = arg;
	return 0;
}

static int take_subject_prefix(const char *cmd, const struct parse_option *opt,
			       const char *arg, void *base)
{
	if (strchr(arg, '\n') || strchr(arg, ']'))
		return error("%s: --subject-prefix wants one line without ']', such as 'RFC "
			     "PATCH'", cmd);
	*(const char **)parse_option_value(opt, base) = arg;
	return 0;
}

/* --to and --cc: a 'Name <email>' that ident_parse() takes. */
static int take_recipient(const char *cmd, const struct parse_option *opt, const char *arg,
			  void *base)
{
	struct ident check;

	(void)cmd;
	if (ident_parse(arg, &check))
		return -1;
	ident_clear(&check);
	string_list_append(parse_option_value(opt, base), arg);
	return 0;
}

#define T struct series_options
#define OPT_RECIPIENT(l, f, h) \
	OPT_CALLBACK(0, l, "ID", T, f, (struct string_list){ 0 }, take_recipient, h)
static const struct parse_option series_options[] = {
	OPT_STRING(0, "subsys", "NAME", T, subsys, "the subsystem"),
	OPT_STRING(0, "out", "DIR", T, out,
		   "where to write (default: the current directory); existing files\n"
		   "are never overwritten without --force, nothing is written outside"),
	OPT_BOOL(0, "force", T, force, "overwrite files of the same names in DIR"),
	OPT_CALLBACK(0, "max", "N", T, max, (long)0, take_max,
		     "allow N patches instead of 8 (recorded with the series)"),
	OPT_BOOL(0, "dry-run", T, dry_run,
		 "print what would be written and every gate verdict; write nothing"),
	OPT_BOOL(0, "verbose", T, verbose, "with --dry-run, print every file in full"),
	OPT_STRING(0, "from", "ID", T, from,
		   "author and Signed-off-by (default: git config user.name/email)"),
	OPT_BOOL(0, "get-maintainer", T, get_maintainer,
		 "To:/Cc: from the tree's scripts/get_maintainer.pl run on the\n"
		 "patches (the default; without perl or the script, MAINTAINERS)"),
	OPT_SET_BOOL(0, "no-get-maintainer", T, get_maintainer, 0,
		     "To:/Cc: from the subsystem's MAINTAINERS section only"),
	OPT_NUMBER('v', "reroll-count", "N", T, version, 1, 1000,
		   "version N of the series ([PATCH vN], vN-*.patch files);\n"
		   "it supersedes the subsystem's draft or sent series"),
	OPT_STRING(0, "changes", "FILE", T, changes,
		   "the 'Changes in vN' text (what changed since the last version)"),
	OPT_CALLBACK(0, "prefix", "P", T, prefix, (const char *)0, take_prefix,
		     "the subject prefix (default: the most common one in the file's\n"
		     "git log, else derived from its path: fs/proc/x.c -> proc)"),
	OPT_CALLBACK(0, "subject-prefix", "TEXT", T, subject_prefix, (const char *)0,
		     take_subject_prefix, "instead of PATCH in [PATCH n/N] (e.g. 'RFC PATCH')"),
	OPT_RECIPIENT("to", to, NULL),
	OPT_RECIPIENT("cc", cc, "add 'Name <email>' to To: or Cc: (may be repeated)"),
	OPT_NUMBER(0, "cool-down", "DAYS", T, cool_down, 0, 3650,
		   "days after a series was sent before the next (default 14)"),
	OPT_STRING(0, "signature", "TEXT", T, signature,
		   "the line after '-- ' (default: the version of git, as git writes)"),
	OPT_NUMBER(0, "mark", "SERIES S", T, mark, 1, RUN_ID_MAX,
		   "record that a series was sent, merged or dropped"),
	OPT_BOOL(0, "list", T, list, "list the series and their status"),
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	OPT_END(),
};
#undef OPT_RECIPIENT
#undef T

const struct command_usage series_usage = {
	.name = "series",
	.text =
"usage: whichalloc series --subsys NAME [ID...] [--out DIR] [--force] [--max N]\n"
"                         [--dry-run [--verbose]] [--from 'NAME <EMAIL>']\n"
"                         [--[no-]get-maintainer] [-v N [--changes FILE]] [--prefix P]\n"
"                         [--subject-prefix TEXT] [--to ID]... [--cc ID]...\n"
"                         [--cool-down DAYS] [--signature TEXT] [--db FILE]\n"
"       whichalloc series --mark SERIES sent|merged|dropped [--db FILE]\n"
"       whichalloc series --list [--db FILE]\n"
"\n"
"Write a patch series for one subsystem (its MAINTAINERS section title) in the form\n"
"'git format-patch --cover-letter' writes and 'git am' applies: 0000-cover-letter.patch,\n"
"0001-*.patch, ... (a lone patch has no cover letter). Each patch is one rule's change\n"
"in one file.\n"
"The series holds the subsystem's accepted findings, or the findings ID... named, and\n"
"every finding whose change shares a hunk with them. It is written only if it passes\n"
"the gate; otherwise every reason is listed with the findings concerned (exit 1):\n"
"  review      every finding is accepted, none rejected or fixed\n"
"  subsystem   the series stays in one subsystem\n"
"  size        at most --max patches (default 8)\n"
"  in-flight   no series of the subsystem is draft or sent, none sent within the\n"
"              cool-down\n"
"  rules       no finding from a report-only rule, none with verdict keep or review\n"
"  fresh       no file changed since the scan\n"
"  applies     every patch applies to the tree in order (git apply --check, else\n"
"              patch --dry-run)\n"
"  substance   no whitespace- or comment-only hunk, no purely cosmetic patch\n"
"  complete    no buffer a patch moves to kmalloc() is still freed with free_page()\n"
"  checkpatch  the tree's scripts/checkpatch.pl reports no ERROR and no new WARNING\n"
"  recipients  the series has a To:\n"
"The series is recorded as a draft with its findings.\n",
	.options = series_options,
	.column = 21,
	.trailer = "\nSOURCE_DATE_EPOCH, when set, dates the series instead of the current time.\n",
};

/*
 * What the options and the arguments after them (argv[first..argc - 1]) say together; -1
 * with a message.
 */
static int check_options(int first, int argc, char **argv, struct series_options *o)
{
	if (!o->db)
		o->db = default_db_path();
	if (o->help)
		return 0;
	if (o->mark) {
		if (first + 1 != argc)
			return error("series: --mark SERIES wants one status after it: sent, "
				     "merged or dropped");
		o->mark_status = argv[first];
		if (strcmp(o->mark_status, "sent") && strcmp(o->mark_status, "merged") &&
		    strcmp(o->mark_status, "dropped"))
			return error("series: a series can be marked sent, merged or dropped, not "
				     "'%s'", o->mark_status);
		return 0;
	}
	if (o->list) {
		if (first < argc)
			return error("series: --list takes no argument, not '%s'", argv[first]);
		return 0;
	}
	if (!o->subsys)
		return error("series: which subsystem? pass --subsys NAME (its MAINTAINERS section "
			     "title; 'whichalloc list' shows each finding's)");
	for (int i = first; i < argc; i++) {
		long id;

		if (number_option("series", "a finding ID", argv[i], 1, 0x7fffffffffffL, &id))
			return -1;
		string_list_append(&o->ids, argv[i]);
	}
	if (o->verbose && !o->dry_run)
		return error("series: --verbose goes with --dry-run");
	if (o->changes && o->version < 2)
		return error("series: --changes FILE says what changed since the last version; "
			     "it goes with -v N (N > 1)");
	return 0;
}

static int series_parse_options(int argc, char **argv, struct series_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->max = GATE_DEFAULT_MAX;
	o->cool_down = GATE_DEFAULT_COOL_DOWN;
	o->version = 1;
	o->get_maintainer = true;
	i = parse_options(argc, argv, &series_usage, o, &o->help);
	if (i < 0)
		return -1;
	return check_options(i, argc, argv, o);
}

static void run_tool_gates(struct plan *pl)
{
	char *scratch = series_scratch_make(pl);

	if (!scratch)
		return;
	series_gate_applies(pl, scratch);
	if (pl->o->get_maintainer) {
		bool all_built = true;

		for (size_t k = 0; k < pl->nr_patches; k++)
			all_built &= pl->p[k].built;
		if (all_built && series_get_maintainer(pl, scratch) > 0) {
			free(pl->recipients_from);
			pl->recipients_from = xstrfmt("the %s section of MAINTAINERS (no perl or "
						      "no scripts/get_maintainer.pl in the tree)",
						      pl->subsystem);
		}
	}
	series_gate_checkpatch(pl, scratch);
	series_scratch_remove(scratch, pl);
	free(scratch);
}

/* Every step of a series up to the gate's last verdict; -1 when one cannot go on. */
static int prepare_series(struct plan *pl)
{
	if (plan_load_findings(pl) || plan_choose_findings(pl))
		return -1;
	pl->tree_commit = tree_git_commit(pl->tree);
	if (series_find_author(pl))
		return -1;
	series_find_signature(pl);
	series_find_date(pl);
	series_find_abbrev(pl);
	plan_group_patches(pl);
	plan_read_run_facts(pl);
	series_gate_findings(pl);
	series_gate_in_flight(pl);
	series_gate_fresh(pl);
	series_build_patches(pl);
	if (pl->o->changes && series_read_changes(pl))
		return -1;
	series_find_recipients(pl);
	if (pl->nr_patches) {
		series_write_texts(pl);
		run_tool_gates(pl);
		/* The recipients, and whether checkpatch ran: write the texts again. */
		series_write_texts(pl);
	}
	series_gate_recipients(pl);
	return 0;
}

/* --dry-run: the plan, every verdict, with --verbose every file; 0 when the gate passes. */
static int print_dry_run(const struct plan *pl, const char *dir)
{
	series_print_plan(pl, stdout, dir);
	printf("gate:\n");
	gate_report_print(stdout, &pl->gate);
	if (pl->o->verbose) {
		if (pl->cover.len)
			printf("\n==> cover letter <==\n%s", pl->cover.buf);
		for (size_t k = 0; k < pl->nr_patches; k++)
			if (pl->p[k].built)
				printf("\n==> %s <==\n%s", pl->p[k].filename, pl->p[k].mail.buf);
	}
	printf("dry run: nothing written; the gate %s\n", gate_passed(&pl->gate) ?
	       "lets this series through" : "refuses this series");
	return gate_passed(&pl->gate) ? 0 : 1;
}

/* Remove the files written so far and roll the record back. */
static void undo_series(struct plan *pl, const char *out, const struct string_list *written)
{
	for (size_t i = 0; i < written->nr; i++)
		series_remove_entry(out, written->items[i]);
	db_rollback(pl->db);
}

/* Write the files into out and record the series: both or neither; -1 when neither. */
static int record_series(struct plan *pl, const char *out)
{
	const struct series_options *o = pl->o;
	struct string_list written = STRING_LIST_INIT;
	long long id = 0;
	char *dir = NULL;
	int ret = -1;

	if (db_begin(pl->db))
		return -1;
	if (series_write_files(pl, out, &written) || (dir = realpath(out, NULL)) == NULL) {
		undo_series(pl, out, &written);
		goto done;
	}
	if (series_record(pl, dir, &id) || series_supersede(pl, id) || db_commit(pl->db)) {
		undo_series(pl, out, &written);
		error("the series could not be recorded in %s; nothing was written", o->db);
		goto done;
	}
	printf("series %lld (draft) for %s: %zu patch%s in %s\n", id, pl->subsystem,
	       pl->nr_patches, pl->nr_patches == 1 ? "" : "es", dir);
	for (size_t i = 0; i < pl->superseded.nr; i++)
		printf("version %ld supersedes series %s (kept, marked superseded)\n",
		       o->version, pl->superseded.items[i]);
	for (size_t i = 0; i < written.nr; i++)
		printf("  %s\n", written.items[i]);
	printf("send it (git send-email %s/*.patch), then record it: whichalloc series "
	       "--mark %lld sent\n", o->out ? o->out : ".", id);
	ret = 0;
done:
	string_list_clear(&written);
	free(dir);
	return ret;
}

static int make_series(const struct series_options *o)
{
	struct plan pl;
	char *git = locate_program("git");
	const char *out = o->out ? o->out : ".";
	int ret = 1;

	memset(&pl, 0, sizeof(pl));
	pl.o = o;
	pl.git = git != NULL;
	free(git);
	strbuf_init(&pl.cover, 0);
	gate_report_init(&pl.gate);
	if (db_open(o->db, DB_EXISTING, &pl.db))
		return 1;
	if (prepare_series(&pl))
		goto out;
	if (o->dry_run) {
		char *dir = realpath(out, NULL);

		if (!dir)
			dir = xstrdup(out);
		ret = print_dry_run(&pl, dir);
		free(dir);
		goto out;
	}
	if (!gate_passed(&pl.gate)) {
		fprintf(stderr, "whichalloc: error: series for %s refused by the gate; every "
			"verdict:\n", pl.subsystem);
		gate_report_print(stderr, &pl.gate);
		fprintf(stderr, "nothing written; fix the reasons above (or leave the findings "
			"out) and run again, with --dry-run to check first\n");
		goto out;
	}
	if (!record_series(&pl, out))
		ret = 0;
out:
	plan_clear(&pl);
	db_close(pl.db);
	return ret;
}

static int mark_series(const struct series_options *o)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *status = NULL;
	char now[32];
	int ret = 1;

	if (db_open(o->db, DB_EXISTING, &db))
		return 1;
	st = db_prepare(db, "SELECT status FROM series WHERE id = ?1");
	if (!st)
		goto out;
	db_bind_int(st, 1, o->mark);
	if (sqlite3_step(st) == SQLITE_ROW)
		status = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (!status) {
		error("there is no series %ld in %s; 'whichalloc series --list' shows them",
		      o->mark, o->db);
		goto out;
	}
	if (!strcmp(status, o->mark_status)) {
		error("series %ld is already %s", o->mark, status);
		goto out;
	}
	if (!((!strcmp(status, "draft") && (!strcmp(o->mark_status, "sent") ||
					    !strcmp(o->mark_status, "dropped"))) ||
	      (!strcmp(status, "sent") && (!strcmp(o->mark_status, "merged") ||
					   !strcmp(o->mark_status, "dropped"))))) {
		error("series %ld is %s and cannot become %s: a series goes draft -> sent -> "
		      "merged or dropped (a draft may be dropped)", o->mark, status,
		      o->mark_status);
		goto out;
	}
	iso8601_now(now);
	st = db_prepare(db, "UPDATE series SET status = ?2,"
			" sent_at = CASE WHEN ?2 = 'sent' THEN ?3 ELSE sent_at END,"
			" settled_at = CASE WHEN ?2 IN ('merged', 'dropped') THEN ?3"
			"                   ELSE settled_at END"
			" WHERE id = ?1");
	if (!st)
		goto out;
	db_bind_int(st, 1, o->mark);
	db_bind_text(st, 2, o->mark_status);
	db_bind_text(st, 3, now);
	if (!db_step_done(st)) {
		printf("series %ld: %s -> %s\n", o->mark, status, o->mark_status);
		ret = 0;
	}
	sqlite3_finalize(st);
out:
	free(status);
	db_close(db);
	return ret;
}

/* A text column for the terminal: "-" when NULL. */
static const char *column_or(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? (const char *)s : "-";
}

static int list_series(const struct series_options *o)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int ret = 1, rc, n = 0;

	if (db_open(o->db, DB_EXISTING, &db))
		return 1;
	st = db_prepare(db, "SELECT s.id, s.status, s.patches, s.created_at,"
			" coalesce(s.sent_at, '-'), s.max_override, s.subsystem, s.out_dir,"
			" (SELECT count(*) FROM series_finding sf WHERE sf.series_id = s.id)"
			" FROM series s ORDER BY s.id");
	if (!st)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!n++)
			printf("%-4s %-8s %-7s %-8s %-20s %-20s %s\n", "ID", "STATUS", "PATCHES",
			       "FINDINGS", "CREATED", "SENT", "SUBSYSTEM / FILES");
		printf("%-4lld %-8s %-7d%s %-8d %-20s %-20s %s\n", sqlite3_column_int64(st, 0),
		       tsafe(column_or(st, 1)), sqlite3_column_int(st, 2),
		       sqlite3_column_int(st, 5) ? "*" : " ", sqlite3_column_int(st, 8),
		       tsafe(column_or(st, 3)), tsafe(column_or(st, 4)), tsafe(column_or(st, 6)));
		printf("%-4s %s\n", "", tsafe(column_or(st, 7)));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		error("cannot read the series from %s: %s", o->db, sqlite3_errmsg(db));
		goto out;
	}
	if (!n)
		printf("no series yet; 'whichalloc series --subsys NAME --dry-run' plans one\n");
	else
		printf("(* : --max raised the patch limit)\n");
	ret = 0;
out:
	db_close(db);
	return ret;
}

int cmd_series(int argc, char **argv)
{
	struct series_options o;
	int ret;

	if (series_parse_options(argc, argv, &o)) {
		string_list_clear(&o.ids);
		string_list_clear(&o.to);
		string_list_clear(&o.cc);
		return EXIT_USAGE;
	}
	if (o.help)
		ret = (usage_print(&series_usage, stdout), 0);
	else if (o.mark)
		ret = mark_series(&o);
	else if (o.list)
		ret = list_series(&o);
	else
		ret = make_series(&o);
	string_list_clear(&o.ids);
	string_list_clear(&o.to);
	string_list_clear(&o.cc);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc series: a patch series for one subsystem, behind the gate.
 *
 * The steps: choose the findings (the subsystem's accepted ones, or those named), pull in
 * the findings whose changes share a hunk with them, group them into patches (one rule's
 * change in one file, for one function group), regenerate each patch against the tree as the
 * earlier ones leave it, write the texts, run every gate, and only then write the files and
 * the record. See docs/series.md.
 */
#include "cmd.h"
#include "db.h"
#include "review-latest.h"
#include "diff.h"
#include "maintainers.h"
#include "mbox.h"
#include "output.h"
#include "run-command.h"
#include "series-plan.h"
#include "termsafe.h"
#include "tree.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

const char series_usage[] =
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
"The series is recorded as a draft with its findings.\n"
"\n"
"  --subsys NAME      the subsystem\n"
"  --out DIR          where to write (default: the current directory); existing files\n"
"                     are never overwritten without --force, nothing is written outside\n"
"  --force            overwrite files of the same names in DIR\n"
"  --max N            allow N patches instead of 8 (recorded with the series)\n"
"  --dry-run          print what would be written and every gate verdict; write nothing\n"
"  --verbose          with --dry-run, print every file in full\n"
"  --from ID          author and Signed-off-by (default: git config user.name/email)\n"
"  --get-maintainer   To:/Cc: from the tree's scripts/get_maintainer.pl run on the\n"
"                     patches (the default; without perl or the script, MAINTAINERS)\n"
"  --no-get-maintainer  To:/Cc: from the subsystem's MAINTAINERS section only\n"
"  --reroll-count N, -v N  version N of the series ([PATCH vN], vN-*.patch files);\n"
"                     it supersedes the subsystem's draft or sent series\n"
"  --changes FILE     the 'Changes in vN' text (what changed since the last version)\n"
"  --prefix P         the subject prefix (default: the most common one in the file's\n"
"                     git log, else derived from its path: fs/proc/x.c -> proc)\n"
"  --subject-prefix TEXT  instead of PATCH in [PATCH n/N] (e.g. 'RFC PATCH')\n"
"  --to ID, --cc ID   add 'Name <email>' to To: or Cc: (may be repeated)\n"
"  --cool-down DAYS   days after a series was sent before the next (default 14)\n"
"  --signature TEXT   the line after '-- ' (default: the version of git, as git writes)\n"
"  --mark SERIES S    record that a series was sent, merged or dropped\n"
"  --list             list the series and their status\n"
"  --db FILE          the database (default: $WHICHALLOC_DB, else ./whichalloc.db)\n"
"\n"
"SOURCE_DATE_EPOCH, when set, dates the series instead of the current time.\n";

enum {
	OPT_SUBSYS = 256, OPT_OUT, OPT_FORCE, OPT_MAX, OPT_DRY_RUN, OPT_VERBOSE, OPT_FROM,
	OPT_GET_MAINTAINER, OPT_COOL_DOWN, OPT_SIGNATURE, OPT_MARK, OPT_LIST, OPT_DB,
	OPT_NO_GET_MAINTAINER, OPT_SUBJECT_PREFIX, OPT_CHANGES, OPT_PREFIX, OPT_TO, OPT_CC,
};

static const struct option series_long_options[] = {
	{ "subsys", required_argument, NULL, OPT_SUBSYS },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "max", required_argument, NULL, OPT_MAX },
	{ "dry-run", no_argument, NULL, OPT_DRY_RUN },
	{ "verbose", no_argument, NULL, OPT_VERBOSE },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "get-maintainer", no_argument, NULL, OPT_GET_MAINTAINER },
	{ "no-get-maintainer", no_argument, NULL, OPT_NO_GET_MAINTAINER },
	{ "reroll-count", required_argument, NULL, 'v' },
	{ "changes", required_argument, NULL, OPT_CHANGES },
	{ "prefix", required_argument, NULL, OPT_PREFIX },
	{ "subject-prefix", required_argument, NULL, OPT_SUBJECT_PREFIX },
	{ "to", required_argument, NULL, OPT_TO },
	{ "cc", required_argument, NULL, OPT_CC },
	{ "cool-down", required_argument, NULL, OPT_COOL_DOWN },
	{ "signature", required_argument, NULL, OPT_SIGNATURE },
	{ "mark", required_argument, NULL, OPT_MARK },
	{ "list", no_argument, NULL, OPT_LIST },
	{ "db", required_argument, NULL, OPT_DB },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int parse_options(int argc, char **argv, struct series_options *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->max = GATE_DEFAULT_MAX;
	o->cool_down = GATE_DEFAULT_COOL_DOWN;
	o->version = 1;
	o->get_maintainer = true;
	opterr = 0;
	optind = 0;
	while ((c = getopt_long(argc, argv, ":hv:", series_long_options, NULL)) != -1) {
		switch (c) {
		case OPT_SUBSYS:
			o->subsys = optarg;
			break;
		case OPT_OUT:
			o->out = optarg;
			break;
		case OPT_FORCE:
			o->force = true;
			break;
		case OPT_MAX:
			if (number_option("series", "--max", optarg, 1, 1000, &o->max))
				return -1;
			o->max_given = true;
			break;
		case OPT_DRY_RUN:
			o->dry_run = true;
			break;
		case OPT_VERBOSE:
			o->verbose = true;
			break;
		case OPT_FROM:
			o->from = optarg;
			break;
		case OPT_GET_MAINTAINER:
			o->get_maintainer = true;
			break;
		case OPT_NO_GET_MAINTAINER:
			o->get_maintainer = false;
			break;
		case 'v':
			if (number_option("series", "-v", optarg, 1, 1000, &o->version))
				return -1;
			break;
		case OPT_CHANGES:
			o->changes = optarg;
			break;
		case OPT_PREFIX:
			if (!*optarg || strchr(optarg, '\n'))
				return error("series: --prefix wants the text before ': ' of the "
					     "subjects, such as 'proc' or 'NTB: ntb_tool'");
			o->prefix = optarg;
			break;
		case OPT_TO:
		case OPT_CC: {
			struct ident check;

			if (ident_parse(optarg, &check))
				return -1;
			ident_clear(&check);
			string_list_append(c == OPT_TO ? &o->to : &o->cc, optarg);
			break;
		}
		case OPT_SUBJECT_PREFIX:
			if (strchr(optarg, '\n') || strchr(optarg, ']'))
				return error("series: --subject-prefix wants one line without ']', "
					     "such as 'RFC PATCH'");
			o->subject_prefix = optarg;
			break;
		case OPT_COOL_DOWN:
			if (number_option("series", "--cool-down", optarg, 0, 3650, &o->cool_down))
				return -1;
			break;
		case OPT_SIGNATURE:
			o->signature = optarg;
			break;
		case OPT_MARK:
			if (number_option("series", "--mark", optarg, 1, 0x7fffffffL, &o->mark))
				return -1;
			break;
		case OPT_LIST:
			o->list = true;
			break;
		case OPT_DB:
			o->db = optarg;
			break;
		case 'h':
			o->help = true;
			break;
		default:
			return option_error("series", c, argv);
		}
	}
	if (!o->db)
		o->db = default_db_path();
	if (o->help)
		return 0;
	if (o->mark) {
		if (optind + 1 != argc)
			return error("series: --mark SERIES wants one status after it: sent, "
				     "merged or dropped");
		o->mark_status = argv[optind];
		if (strcmp(o->mark_status, "sent") && strcmp(o->mark_status, "merged") &&
		    strcmp(o->mark_status, "dropped"))
			return error("series: a series can be marked sent, merged or dropped, not "
				     "'%s'", o->mark_status);
		return 0;
	}
	if (o->list) {
		if (optind < argc)
			return error("series: --list takes no argument, not '%s'", argv[optind]);
		return 0;
	}
	if (!o->subsys)
		return error("series: which subsystem? pass --subsys NAME (its MAINTAINERS section "
			     "title; 'whichalloc list' shows each finding's)");
	for (int i = optind; i < argc; i++) {
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

static void plan_clear(struct plan *pl)
{
	for (size_t i = 0; i < pl->nr; i++) {
		struct series_finding *f = &pl->f[i];

		finding_row_clear(&f->row);
		free(f->tree);
		free(f->scan_hash);
		free(f->subsystem_now);
		free(f->reviewer);
		free(f->review_reason);
		free(f->review_note);
	}
	free(pl->f);
	for (size_t i = 0; i < pl->nr_patches; i++) {
		struct series_patch *p = &pl->p[i];

		free(p->file);
		free(p->rule);
		free(p->members);
		free(p->prefix);
		free(p->subject);
		free(p->body);
		free(p->notes);
		free(p->filename);
		sd_patch_clear(&p->diff);
		strbuf_release(&p->mail);
	}
	free(pl->p);
	for (size_t i = 0; i < pl->nr_files; i++)
		sd_file_clear(&pl->files[i]);
	free(pl->files);
	free(pl->subsystem);
	free(pl->tree);
	free(pl->tree_version);
	free(pl->tree_commit);
	free(pl->spatch_version);
	if (pl->maint)
		maintainers_free(pl->maint);
	ident_clear(&pl->author);
	free(pl->signature);
	string_list_clear(&pl->to);
	string_list_clear(&pl->cc);
	strbuf_release(&pl->cover);
	free(pl->cover_subject);
	free(pl->changes);
	free(pl->recipients_from);
	string_list_clear(&pl->superseded);
	gate_report_clear(&pl->gate);
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

static int load_findings(struct plan *pl)
{
	sqlite3_stmt *st = db_prepare(pl->db,
		"SELECT " FINDING_ROW_COLUMNS ", r.tree_path, fs.content_hash, "
		"  coalesce((SELECT ru.report_only FROM run_rule rr JOIN rule ru"
		"            ON ru.id = rr.rule_id"
		"            WHERE rr.run_id = f.last_run AND ru.name = f.rule), 0),"
		"  v.reviewer, v.reason, v.note"
		" FROM finding f JOIN run r ON r.id = f.last_run"
		" LEFT JOIN file fi ON fi.path = f.file"
		" LEFT JOIN file_scan fs ON fs.run_id = f.last_run AND fs.file_id = fi.id"
		" LEFT JOIN review v ON v.id = " REVIEW_LATEST_ID("f.id")
		" ORDER BY f.file, f.line, f.rule, f.id");
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct series_finding *f;

		ALLOC_GROW(pl->f, pl->nr + 1, pl->alloc);
		f = &pl->f[pl->nr++];
		memset(f, 0, sizeof(*f));
		finding_row_read(st, &f->row);
		f->tree = column_dup(st, 18);
		f->scan_hash = column_dup(st, 19);
		f->report_only = sqlite3_column_int(st, 20) != 0;
		f->reviewer = column_dup(st, 21);
		f->review_reason = column_dup(st, 22);
		f->review_note = column_dup(st, 23);
		f->patch = -1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("cannot read the findings from %s (%s)", pl->o->db,
			     sqlite3_errmsg(pl->db));
	return 0;
}

static struct series_finding *finding_by_id(struct plan *pl, long long id)
{
	for (size_t i = 0; i < pl->nr; i++)
		if (pl->f[i].row.id == id)
			return &pl->f[i];
	return NULL;
}

static bool has_patch(const struct series_finding *f)
{
	return !strcmp(f->row.verdict, "replace") && !plan_is_fixed(f) && f->row.diff &&
		*f->row.diff;
}

static void attach_maintainers(struct plan *pl)
{
	char *path = xstrfmt("%s/MAINTAINERS", pl->tree);
	char err[512];

	if (access(path, R_OK)) {
		free(path);
		return;
	}
	pl->maint = maintainers_load(path, err, sizeof(err));
	if (!pl->maint)
		warning("%s; the series uses the subsystems stored with the findings", err);
	free(path);
	for (size_t i = 0; pl->maint && i < pl->nr; i++) {
		const struct maint_section *s;

		if (strcmp(pl->f[i].tree, pl->tree))
			continue;
		s = maintainers_lookup(pl->maint, pl->f[i].row.file);
		if (s)
			pl->f[i].subsystem_now = xstrdup(s->title);
	}
}

static const struct maint_section *subsystem_section(const struct plan *pl)
{
	for (size_t i = 0; pl->maint && i < maintainers_count(pl->maint); i++) {
		const struct maint_section *s = maintainers_section(pl->maint, i);

		if (!strcmp(s->title, pl->subsystem))
			return s;
	}
	return NULL;
}

/* Find the tree and the subsystem's spelling; choose the requested findings. */
static int choose_findings(struct plan *pl)
{
	const struct series_options *o = pl->o;
	long long latest = 0;

	if (o->ids.nr) {
		for (size_t i = 0; i < o->ids.nr; i++) {
			struct series_finding *f = finding_by_id(pl, atoll(o->ids.items[i]));

			if (!f)
				return error("there is no finding %s in %s; 'whichalloc list' "
					     "shows their IDs", o->ids.items[i], o->db);
			f->requested = true;
		}
	}
	/* The tree: that of the latest run behind the subsystem's (or the named) findings. */
	for (size_t i = 0; i < pl->nr; i++) {
		struct series_finding *f = &pl->f[i];
		bool candidate = o->ids.nr ? f->requested :
			(f->row.subsystem && !strcasecmp(f->row.subsystem, o->subsys));

		if (candidate && f->row.last_run > latest) {
			latest = f->row.last_run;
			free(pl->tree);
			pl->tree = xstrdup(f->tree);
		}
	}
	if (!pl->tree) {
		/* Findings without a stored subsystem: ask the latest run's MAINTAINERS. */
		long long run = db_query_int(pl->db, "SELECT max(id) FROM run", 0);

		for (size_t i = 0; i < pl->nr; i++)
			if (pl->f[i].row.last_run == run)
				pl->tree = xstrdup(pl->f[i].tree);
		if (!pl->tree)
			return error("%s has no findings yet; run 'whichalloc scan' first", o->db);
	}
	attach_maintainers(pl);

	/* The subsystem's spelling: MAINTAINERS', else the findings'. */
	for (size_t i = 0; pl->maint && i < maintainers_count(pl->maint) && !pl->subsystem; i++)
		if (!strcasecmp(maintainers_section(pl->maint, i)->title, o->subsys))
			pl->subsystem = xstrdup(maintainers_section(pl->maint, i)->title);
	for (size_t i = 0; i < pl->nr && !pl->subsystem; i++)
		if (plan_subsystem_of(&pl->f[i]) && !strcasecmp(plan_subsystem_of(&pl->f[i]), o->subsys))
			pl->subsystem = xstrdup(plan_subsystem_of(&pl->f[i]));
	if (!pl->subsystem) {
		struct string_list known = STRING_LIST_INIT;
		struct strbuf list = STRBUF_INIT;

		for (size_t i = 0; i < pl->nr; i++)
			if (plan_subsystem_of(&pl->f[i]) && !string_list_has(&known,
									plan_subsystem_of(&pl->f[i])))
				string_list_append(&known, plan_subsystem_of(&pl->f[i]));
		string_list_sort(&known);
		for (size_t i = 0; i < known.nr; i++)
			strbuf_addf(&list, "\n  %s", known.items[i]);
		error("no subsystem '%s' in %s/MAINTAINERS or among the findings; the findings' "
		      "subsystems are:%s", o->subsys, pl->tree, list.len ? list.buf : " (none)");
		string_list_clear(&known);
		strbuf_release(&list);
		return -1;
	}
	if (!o->ids.nr) {
		size_t n = 0;

		for (size_t i = 0; i < pl->nr; i++) {
			struct series_finding *f = &pl->f[i];

			if (!strcmp(f->row.status, "accepted") && !plan_is_fixed(f) && plan_subsystem_of(f) &&
			    !strcmp(plan_subsystem_of(f), pl->subsystem) && !strcmp(f->tree, pl->tree)) {
				f->requested = true;
				n++;
			}
		}
		if (!n)
			return error("no accepted finding in %s: review its findings first "
				     "(whichalloc review --subsys '%s'), or name the findings",
				     pl->subsystem, pl->subsystem);
	}
	for (size_t i = 0; i < pl->nr; i++) {
		if (!pl->f[i].requested)
			continue;
		pl->f[i].in_series = true;
		if (strcmp(pl->f[i].tree, pl->tree))
			return error("finding %lld was found in %s, the others in %s: a series is "
				     "made from one tree; name findings of one tree",
				     pl->f[i].row.id, pl->f[i].tree, pl->tree);
	}
	return 0;
}

/* The hunks of a finding's stored diff, as text, to tell which findings share one. */
static void hunk_texts(const struct series_finding *f, struct string_list *out)
{
	struct hunk_list hl = HUNK_LIST_INIT;

	if (!has_patch(f) || diff_split(f->row.diff, strlen(f->row.diff), &hl))
		return;
	for (size_t i = 0; i < hl.nr; i++)
		string_list_append_nodup(out, xstrndup(hl.items[i].text, hl.items[i].len));
	hunk_list_clear(&hl);
}

static bool share_hunk(const struct string_list *a, const struct string_list *b)
{
	for (size_t i = 0; i < a->nr; i++)
		if (string_list_has(b, a->items[i]))
			return true;
	return false;
}

static int patch_cmp(const void *a, const void *b)
{
	const struct series_patch *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->first_line != y->first_line)
		return x->first_line < y->first_line ? -1 : 1;
	return strcmp(x->rule, y->rule);
}

/*
 * Pull in the findings whose changes share a hunk with the series' (a function group must go
 * whole), then make one patch per rule and file.
 */
static void group_patches(struct plan *pl)
{
	struct string_list *hunks = xcalloc(pl->nr + 1, sizeof(*hunks));
	bool grew = true;

	for (size_t i = 0; i < pl->nr; i++) {
		if (!strcmp(pl->f[i].tree, pl->tree))
			hunk_texts(&pl->f[i], &hunks[i]);
	}
	while (grew) {
		grew = false;
		for (size_t i = 0; i < pl->nr; i++) {
			if (!pl->f[i].in_series || !hunks[i].nr)
				continue;
			for (size_t j = 0; j < pl->nr; j++) {
				if (j == i || !hunks[j].nr ||
				    strcmp(pl->f[i].row.file, pl->f[j].row.file) ||
				    strcmp(pl->f[i].row.rule, pl->f[j].row.rule) ||
				    !share_hunk(&hunks[i], &hunks[j]))
					continue;
				if (!pl->f[j].in_series)
					grew = pl->f[j].in_series = true;
			}
		}
	}
	/* One patch per rule and file: every function group of it the series holds. */
	for (size_t i = 0; i < pl->nr; i++) {
		struct series_finding *f = &pl->f[i];
		struct series_patch *p = NULL;

		if (!f->in_series || !hunks[i].nr)
			continue;
		for (size_t k = 0; k < pl->nr_patches; k++)
			if (!strcmp(pl->p[k].file, f->row.file) &&
			    !strcmp(pl->p[k].rule, f->row.rule))
				p = &pl->p[k];
		if (!p) {
			ALLOC_GROW(pl->p, pl->nr_patches + 1, pl->alloc_patches);
			p = &pl->p[pl->nr_patches++];
			memset(p, 0, sizeof(*p));
			p->file = xstrdup(f->row.file);
			p->rule = xstrdup(f->row.rule);
			p->first_line = f->row.line;
			sd_patch_init(&p->diff);
			strbuf_init(&p->mail, 0);
		}
		ALLOC_GROW(p->members, p->nr_members + 1, p->alloc_members);
		p->members[p->nr_members++] = i;
		if (f->row.line < p->first_line)
			p->first_line = f->row.line;
	}
	if (pl->nr_patches)
		qsort(pl->p, pl->nr_patches, sizeof(*pl->p), patch_cmp);
	for (size_t k = 0; k < pl->nr_patches; k++)
		for (size_t m = 0; m < pl->p[k].nr_members; m++)
			pl->f[pl->p[k].members[m]].patch = (int)k;
	for (size_t i = 0; i < pl->nr; i++)
		string_list_clear(&hunks[i]);
	free(hunks);
}

/* Run argv in dir; its standard output, or NULL when it fails. */
static char *run_output(const char **argv, const char *dir, double limit, struct strbuf *err)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	char *ret = NULL;

	cp.argv = argv;
	cp.dir = dir;
	cp.time_limit = limit;
	if (!run_command(&cp)) {
		if (command_succeeded(&cp))
			ret = strbuf_detach(&cp.out, NULL);
		else if (err) {
			strbuf_addf(err, "%s ", argv[0]);
			describe_command_end(&cp, err);
			strbuf_rtrim(&cp.err);
			if (cp.err.len)
				strbuf_addf(err, ": %s", cp.err.buf);
		}
	} else if (err) {
		strbuf_addstr(err, last_error());
	}
	child_process_clear(&cp);
	return ret;
}

static char *git_config(const struct plan *pl, const char *key)
{
	const char *argv[] = { "git", "config", key, NULL };
	char *v = pl->git ? run_output(argv, pl->tree_commit ? pl->tree : NULL, 30, NULL) : NULL;

	if (v) {
		char *nl = strchr(v, '\n');

		if (nl)
			*nl = '\0';
		if (!*v) {
			free(v);
			v = NULL;
		}
	}
	return v;
}

static int find_author(struct plan *pl)
{
	char *name, *email, *id;
	int ret;

	if (pl->o->from)
		return ident_parse(pl->o->from, &pl->author);
	name = git_config(pl, "user.name");
	email = git_config(pl, "user.email");
	if (!name || !email) {
		free(name);
		free(email);
		return error("series: who signs the patches off? set git config user.name and "
			     "user.email, or pass --from 'Full Name <user@example.org>'");
	}
	id = xstrfmt("%s <%s>", name, email);
	ret = ident_parse(id, &pl->author);
	free(id);
	free(name);
	free(email);
	return ret;
}

static void find_signature(struct plan *pl)
{
	const char *argv[] = { "git", "--version", NULL };
	char *v;

	if (pl->o->signature) {
		pl->signature = xstrdup(pl->o->signature);
		return;
	}
	v = pl->git ? run_output(argv, NULL, 30, NULL) : NULL;
	if (v && starts_with(v, "git version ")) {
		char *nl = strchr(v, '\n');

		if (nl)
			*nl = '\0';
		pl->signature = xstrdup(v + strlen("git version "));
	} else {
		pl->signature = xstrdup("whichalloc " WHICHALLOC_VERSION);
	}
	free(v);
}

static void find_date(struct plan *pl)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	long v;
	struct tm tm;

	pl->date = time(NULL);
	if (epoch && *epoch && !parse_long(epoch, 0, 0x7fffffffL, &v))
		pl->date = (time_t)v;
	else if (epoch && *epoch)
		warning("SOURCE_DATE_EPOCH='%s' is not a number of seconds; dating the series now",
			epoch);
	localtime_r(&pl->date, &tm);
	pl->tz_minutes = (int)(tm.tm_gmtoff / 60);
}

/* The abbreviation git uses in index lines: that of the tree's repository, else 12. */
static void find_abbrev(struct plan *pl)
{
	const char *argv[] = { "git", "rev-parse", "--short", "HEAD", NULL };
	char *v = pl->tree_commit ? run_output(argv, pl->tree, 30, NULL) : NULL;

	pl->abbrev = 12;
	if (v) {
		size_t n = strcspn(v, "\n");

		if (n >= 4 && n <= 40)
			pl->abbrev = (int)n;
	}
	free(v);
}

static void add_address(struct string_list *list, const char *addr)
{
	const char *lt = strchr(addr, '<');
	char *key = xstrdup(lt ? lt : addr);

	/* One entry per e-mail address, whatever name comes with it. */
	for (size_t i = 0; i < list->nr; i++) {
		const char *other = strchr(list->items[i], '<');

		if (!strcasecmp(other ? other : list->items[i], key)) {
			free(key);
			return;
		}
	}
	free(key);
	string_list_append(list, addr);
}

/* "list@example.org (moderated for non-subscribers)" -> "list@example.org" */
static char *plain_list(const char *l)
{
	size_t n = strcspn(l, " \t(");

	return xstrndup(l, n);
}

/* To: and Cc: from the subsystem's MAINTAINERS section, and the --to/--cc addresses. */
static void find_recipients(struct plan *pl)
{
	const struct maint_section *s = subsystem_section(pl);

	string_list_clear(&pl->to);
	string_list_clear(&pl->cc);
	for (size_t i = 0; i < pl->o->to.nr; i++)
		add_address(&pl->to, pl->o->to.items[i]);
	for (size_t i = 0; i < pl->o->cc.nr; i++)
		add_address(&pl->cc, pl->o->cc.items[i]);
	free(pl->recipients_from);
	pl->recipients_from = xstrfmt("the %s section of MAINTAINERS", pl->subsystem);
	if (!s)
		return;
	for (const char *const *m = s->maintainers; m && *m; m++)
		add_address(&pl->to, *m);
	for (const char *const *r = s->reviewers; r && *r; r++)
		add_address(&pl->cc, *r);
	for (const char *const *l = s->lists; l && *l; l++) {
		char *addr = plain_list(*l);

		add_address(&pl->cc, addr);
		free(addr);
	}
}

/* Someone in To: need not be in Cc: too. */
static void drop_cc_in_to(struct plan *pl)
{
	for (size_t i = 0; i < pl->cc.nr;) {
		const char *lt = strchr(pl->cc.items[i], '<');
		bool dup = false;

		for (size_t j = 0; j < pl->to.nr && !dup; j++) {
			const char *other = strchr(pl->to.items[j], '<');

			dup = !strcasecmp(other ? other : pl->to.items[j],
					  lt ? lt : pl->cc.items[i]);
		}
		if (dup) {
			free(pl->cc.items[i]);
			memmove(&pl->cc.items[i], &pl->cc.items[i + 1],
				(pl->cc.nr - i - 1) * sizeof(*pl->cc.items));
			pl->cc.nr--;
		} else {
			i++;
		}
	}
}

/*
 * What b4 prep --auto-to-cc does: scripts/get_maintainer.pl on the patches themselves (it
 * reads the files they touch, not K: keywords anywhere in them), maintainers and reviewers
 * To:, lists Cc:. 0 when it ran; 1 when perl or the script is missing (MAINTAINERS stays);
 * -1 when it failed (a gate failure says why).
 */
static int get_maintainer(struct plan *pl, const char *scratch)
{
	static const char *const common[] = { "perl", "scripts/get_maintainer.pl", "--nogit",
		"--nogit-fallback", "--nogit-chief-penguins", "--norolestats", NULL };
	char *script = xstrfmt("%s/scripts/get_maintainer.pl", pl->tree);
	char *perl = locate_program("perl");
	struct string_list *lists[2] = { &pl->to, &pl->cc };
	char **files = xcalloc(pl->nr_patches + 1, sizeof(*files));
	int ret = series_is_regular_file(script) && perl ? 0 : 1;

	for (size_t k = 0; !ret && k < pl->nr_patches; k++)
		files[k] = xstrfmt("%s/%04zu.patch", scratch, k + 1);
	for (int side = 0; !ret && side < 2; side++) {
		const char **argv = xcalloc(pl->nr_patches + ARRAY_SIZE(common) + 2,
					    sizeof(*argv));
		struct strbuf err = STRBUF_INIT;
		size_t n = 0;
		char *out, *save = NULL;

		for (; common[n]; n++)
			argv[n] = common[n];
		argv[n++] = side ? "--nom" : "--nol";
		for (size_t k = 0; k < pl->nr_patches; k++)
			argv[n++] = files[k];
		out = run_output(argv, pl->tree, 300, &err);
		free(argv);
		if (!out) {
			gate_fail(&pl->gate, GATE_RECIPIENTS, "scripts/get_maintainer.pl failed: %s; "
				  "run it by hand on the patches to see why, or pass "
				  "--no-get-maintainer to take To:/Cc: from MAINTAINERS", err.buf);
			ret = -1;
		}
		if (!side && out) {
			string_list_clear(&pl->to);
			string_list_clear(&pl->cc);
			for (size_t i = 0; i < pl->o->to.nr; i++)
				add_address(&pl->to, pl->o->to.items[i]);
			for (size_t i = 0; i < pl->o->cc.nr; i++)
				add_address(&pl->cc, pl->o->cc.items[i]);
		}
		for (char *line = out ? strtok_r(out, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *role = strstr(line, " (");

			if (role)
				*role = '\0';
			if (*line)
				add_address(lists[side], line);
		}
		free(out);
		strbuf_release(&err);
	}
	if (!ret) {
		drop_cc_in_to(pl);
		free(pl->recipients_from);
		pl->recipients_from = xstrdup("scripts/get_maintainer.pl on the patches");
	}
	for (size_t k = 0; k < pl->nr_patches; k++)
		free(files[k]);
	free(files);
	free(script);
	free(perl);
	return ret;
}

/* --prefix; else the file's own history's most common prefix; else one from its path. */
static char *subject_prefix(const struct plan *pl, const char *file)
{
	if (pl->o->prefix)
		return xstrdup(pl->o->prefix);
	if (pl->tree_commit) {
		const char *argv[] = { "git", "log", "--no-merges", "--format=%s", "-n", "50", "--",
				       file, NULL };
		char *log = run_output(argv, pl->tree, 60, NULL);
		char *prefix = log ? series_prefix_from_log(log) : NULL;

		free(log);
		if (prefix)
			return prefix;
	}
	return series_prefix_from_path(file);
}

/* Regenerate every patch in order against the files as the earlier patches leave them. */
static void build_patches(struct plan *pl)
{
	for (size_t k = 0; k < pl->nr_patches; k++) {
		struct series_patch *p = &pl->p[k];
		struct sd_file *file = plan_file_of(pl, p->file);
		struct sd_changes changes = SD_CHANGES_INIT;
		struct strbuf why = STRBUF_INIT;
		int ret = 0;

		if (!file)
			continue;	/* not fresh: said so already */
		for (size_t m = 0; m < p->nr_members && !ret; m++)
			ret = sd_parse_changes(file, pl->f[p->members[m]].row.diff, &changes, &why);
		if (!ret)
			ret = sd_apply(file, &changes, pl->abbrev, &p->diff, &why);
		if (ret) {
			struct strbuf ids = STRBUF_INIT;

			for (size_t m = 0; m < p->nr_members; m++)
				strbuf_addf(&ids, " %lld", pl->f[p->members[m]].row.id);
			gate_fail(&pl->gate, GATE_APPLIES, "patch %zu (%s, %s, finding%s%s) does "
				  "not apply: %s; rescan the file", k + 1, p->file, p->rule,
				  p->nr_members > 1 ? "s" : "", ids.buf, why.buf);
			strbuf_release(&ids);
		} else {
			p->built = true;
		}
		if (p->built)
			series_gate_patch(pl, p);
		sd_changes_clear(&changes);
		strbuf_release(&why);
	}
}

/*
 * Two patches with one subject ("proc: replace __get_free_page() with kmalloc()" for two
 * files) would confuse everyone: name the file in each of them.
 */
static void qualify_subjects(struct plan *pl)
{
	bool *dup = xcalloc(pl->nr_patches + 1, sizeof(*dup));

	for (size_t k = 0; k < pl->nr_patches; k++)
		for (size_t j = 0; j < pl->nr_patches; j++)
			if (j != k && !strcmp(pl->p[j].subject, pl->p[k].subject))
				dup[k] = true;
	for (size_t k = 0; k < pl->nr_patches; k++) {
		const char *slash = strrchr(pl->p[k].file, '/');
		char *s;

		if (!dup[k])
			continue;
		s = xstrfmt("%s in %s", pl->p[k].subject, slash ? slash + 1 : pl->p[k].file);
		free(pl->p[k].subject);
		pl->p[k].subject = s;
	}
	free(dup);
}

static void write_texts(struct plan *pl)
{
	struct series_context ctx = {
		.subsystem = pl->subsystem,
		.tree = pl->tree,
		.tree_version = pl->tree_version,
		.tree_commit = pl->tree_commit,
		.spatch_version = pl->spatch_version,
		.author = &pl->author,
		.checkpatch = pl->checkpatch_ran,
		.version = (int)pl->o->version,
		.changes = pl->changes,
	};
	struct mbox_envelope env = {
		.from = &pl->author, .date = pl->date, .tz_minutes = pl->tz_minutes,
		.to = &pl->to, .cc = &pl->cc, .signature = pl->signature,
		.subject_prefix = pl->o->subject_prefix, .version = (int)pl->o->version,
		.unnumbered = pl->nr_patches == 1, .base_commit = pl->tree_commit,
	};
	struct strbuf notes = STRBUF_INIT;
	struct diffstat_item *items = xcalloc(pl->nr_patches + 1, sizeof(*items));
	const char **subjects = xcalloc(pl->nr_patches + 1, sizeof(*subjects));
	struct strbuf subject = STRBUF_INIT, blurb = STRBUF_INIT, stat = STRBUF_INIT;
	size_t nr_items = 0;

	for (size_t k = 0; k < pl->nr_patches; k++) {
		struct series_patch *p = &pl->p[k];
		struct sd_file *file = plan_file_of(pl, p->file);

		if (!p->prefix)
			p->prefix = subject_prefix(pl, p->file);
		series_patch_text(&ctx, p, pl->f, file ? file->original.buf : "");
	}
	qualify_subjects(pl);
	for (size_t k = 0; k < pl->nr_patches; k++) {
		struct series_patch *p = &pl->p[k];
		struct diffstat_item item = { p->file, p->diff.added, p->diff.deleted };
		size_t i;

		strbuf_reset(&notes);
		if (pl->nr_patches == 1)
			series_lone_notes(&ctx, p, pl->f, pl->nr, &notes);
		else
			strbuf_addstr(&notes, p->notes);
		strbuf_reset(&stat);
		mbox_diffstat(&stat, &item, 1);
		strbuf_reset(&p->mail);
		mbox_format_patch(&p->mail, &env, (int)k + 1, (int)pl->nr_patches, p->subject,
				  p->body, notes.buf, stat.buf, p->diff.diff.buf);
		free(p->filename);
		strbuf_reset(&subject);
		mbox_patch_filename_v(&subject, (int)pl->o->version, (int)k + 1, p->subject);
		p->filename = strbuf_detach(&subject, NULL);
		subjects[k] = p->subject;
		for (i = 0; i < nr_items; i++)
			if (!strcmp(items[i].path, p->file))
				break;
		if (i == nr_items)
			items[nr_items++] = item;
		else {
			items[i].added += item.added;
			items[i].deleted += item.deleted;
		}
	}
	/* A lone patch needs no cover letter: what it would say is below its "---". */
	strbuf_reset(&pl->cover);
	free(pl->cover_subject);
	pl->cover_subject = NULL;
	if (pl->nr_patches > 1) {
		strbuf_reset(&subject);
		series_cover_text(&ctx, pl->p, pl->nr_patches, pl->f, pl->nr, &subject, &blurb);
		strbuf_reset(&stat);
		mbox_diffstat(&stat, items, nr_items);
		mbox_format_cover(&pl->cover, &env, (int)pl->nr_patches, subject.buf, blurb.buf,
				  subjects, stat.buf);
		pl->cover_subject = strbuf_detach(&subject, NULL);
	} else {
		pl->cover_subject = xstrdup(pl->p[0].subject);
	}
	strbuf_release(&notes);
	strbuf_release(&blurb);
	strbuf_release(&stat);
	free(items);
	free(subjects);
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
		if (all_built && get_maintainer(pl, scratch) > 0) {
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

static void read_run_facts(struct plan *pl)
{
	sqlite3_stmt *st;

	for (size_t i = 0; i < pl->nr; i++)
		if (pl->f[i].in_series && pl->f[i].row.last_run > pl->run)
			pl->run = pl->f[i].row.last_run;
	st = db_prepare(pl->db, "SELECT tree_version, spatch_version FROM run WHERE id = ?1");
	if (!st)
		return;
	db_bind_int(st, 1, pl->run);
	if (sqlite3_step(st) == SQLITE_ROW) {
		pl->tree_version = column_dup(st, 0);
		pl->spatch_version = column_dup(st, 1);
	}
	sqlite3_finalize(st);
}

static void print_plan(const struct plan *pl, FILE *out, const char *dir)
{
	size_t n = 0;

	for (size_t i = 0; i < pl->nr; i++)
		n += pl->f[i].in_series;
	fprintf(out, "series for %s: %zu patch%s from %zu finding%s, tree %s (run %lld)\n",
		tsafe(pl->subsystem), pl->nr_patches, pl->nr_patches == 1 ? "" : "es", n,
		n == 1 ? "" : "s", tsafe(pl->tree), pl->run);
	fprintf(out, "From: %s <%s>\n", tsafe(pl->author.name), tsafe(pl->author.email));
	for (size_t i = 0; i < pl->to.nr; i++)
		fprintf(out, "To: %s\n", tsafe(pl->to.items[i]));
	for (size_t i = 0; i < pl->cc.nr; i++)
		fprintf(out, "Cc: %s\n", tsafe(pl->cc.items[i]));
	fprintf(out, "files in %s:\n", tsafe(dir));
	if (pl->cover.len) {
		struct strbuf name = STRBUF_INIT;

		mbox_patch_filename_v(&name, (int)pl->o->version, 0, NULL);
		fprintf(out, "  %s\n      %s\n", name.buf, tsafe(pl->cover_subject));
		strbuf_release(&name);
	}
	for (size_t k = 0; k < pl->nr_patches; k++) {
		const struct series_patch *p = &pl->p[k];

		fprintf(out, "  %s\n      %s, rule %s, findings",
			p->filename ? tsafe(p->filename) : "(not built)", tsafe(p->file),
			tsafe(p->rule));
		for (size_t m = 0; m < p->nr_members; m++)
			fprintf(out, " %lld", pl->f[p->members[m]].row.id);
		if (p->built)
			fprintf(out, ", +%ld -%ld", p->diff.added, p->diff.deleted);
		fputc('\n', out);
		if (p->subject)
			fprintf(out, "      %s\n", tsafe(p->subject));
	}
}

static int insert_series(struct plan *pl, const char *dir, long long *id)
{
	char now[32];
	struct strbuf to = STRBUF_INIT, cc = STRBUF_INIT, author = STRBUF_INIT;
	sqlite3_stmt *st = db_prepare(pl->db,
		"INSERT INTO series (subsystem, status, created_at, run_id, tree_path, tree_commit,"
		" out_dir, subject, patches, max_patches, max_override, cool_down_days, author,"
		" to_list, cc_list, version) VALUES (?1, 'draft', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
		" ?10, ?11, ?12, ?13, ?14, ?15)");
	int ret = -1;

	if (!st)
		return -1;
	iso8601_now(now);
	for (size_t i = 0; i < pl->to.nr; i++)
		strbuf_addf(&to, "%s%s", i ? "\n" : "", pl->to.items[i]);
	for (size_t i = 0; i < pl->cc.nr; i++)
		strbuf_addf(&cc, "%s%s", i ? "\n" : "", pl->cc.items[i]);
	strbuf_addf(&author, "%s <%s>", pl->author.name, pl->author.email);
	db_bind_text(st, 1, pl->subsystem);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, pl->run);
	db_bind_text(st, 4, pl->tree);
	db_bind_text(st, 5, pl->tree_commit);
	db_bind_text(st, 6, dir);
	db_bind_text(st, 7, pl->cover_subject);
	db_bind_int(st, 8, (long long)pl->nr_patches);
	db_bind_int(st, 9, pl->o->max);
	db_bind_int(st, 10, pl->o->max_given && pl->o->max > GATE_DEFAULT_MAX);
	db_bind_int(st, 11, pl->o->cool_down);
	db_bind_text(st, 12, author.buf);
	db_bind_text(st, 13, to.buf);
	db_bind_text(st, 14, cc.buf);
	db_bind_int(st, 15, pl->o->version);
	if (!db_step_done(st)) {
		*id = sqlite3_last_insert_rowid(pl->db);
		ret = 0;
	}
	sqlite3_finalize(st);
	st = ret ? NULL : db_prepare(pl->db, "INSERT INTO series_finding (series_id, finding_id,"
				     " patch) VALUES (?1, ?2, ?3)");
	for (size_t i = 0; st && !ret && i < pl->nr; i++) {
		if (!pl->f[i].in_series)
			continue;
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, pl->f[i].row.id);
		db_bind_int(st, 3, pl->f[i].patch + 1);
		ret = db_step_done(st);
	}
	if (!st)
		ret = -1;
	sqlite3_finalize(st);
	strbuf_release(&to);
	strbuf_release(&cc);
	strbuf_release(&author);
	return ret;
}

/* Write the files into dir: never outside it, never over a file without --force. */
static int write_series(struct plan *pl, const char *dir, struct string_list *written)
{
	int dfd;
	struct string_list names = STRING_LIST_INIT, exist = STRING_LIST_INIT;
	const char **data;
	size_t *lens;
	int ret = 0;

	if (series_mkdirs(dir))
		return -1;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return error("cannot open the output directory %s: %s", dir, strerror(errno));
	data = xcalloc(pl->nr_patches + 1, sizeof(*data));
	lens = xcalloc(pl->nr_patches + 1, sizeof(*lens));
	if (pl->cover.len) {
		struct strbuf name = STRBUF_INIT;

		mbox_patch_filename_v(&name, (int)pl->o->version, 0, NULL);
		string_list_append_nodup(&names, strbuf_detach(&name, NULL));
		data[0] = pl->cover.buf;
		lens[0] = pl->cover.len;
	}
	for (size_t k = 0; k < pl->nr_patches; k++) {
		data[names.nr] = pl->p[k].mail.buf;
		lens[names.nr] = pl->p[k].mail.len;
		string_list_append(&names, pl->p[k].filename);
	}
	for (size_t i = 0; i < names.nr; i++) {
		struct stat st;

		if (strchr(names.items[i], '/') || names.items[i][0] == '.')
			die("BUG: series file name '%s' would leave its directory", names.items[i]);
		if (!fstatat(dfd, names.items[i], &st, AT_SYMLINK_NOFOLLOW)) {
			if (!S_ISREG(st.st_mode))
				ret = error("%s/%s exists and is not a regular file; whichalloc "
					    "writes only its own files there: choose another --out",
					    dir, names.items[i]);
			else
				string_list_append(&exist, names.items[i]);
		}
	}
	if (!ret && exist.nr && !pl->o->force) {
		struct strbuf list = STRBUF_INIT;

		for (size_t i = 0; i < exist.nr; i++)
			strbuf_addf(&list, "\n  %s", exist.items[i]);
		ret = error("%s already holds files of these names:%s\nchoose another --out, or "
			    "pass --force to overwrite them", dir, list.buf);
		strbuf_release(&list);
	}
	/* Each file appears whole or not at all (output.h); an error leaves no file. */
	for (size_t i = 0; !ret && i < names.nr; i++) {
		ret = output_write_at(dfd, dir, names.items[i], data[i], lens[i],
				      string_list_has(&exist, names.items[i]) ? OUTPUT_FORCE : 0);
		if (!ret)
			string_list_append(written, names.items[i]);
	}
	close(dfd);
	free(data);
	free(lens);
	string_list_clear(&names);
	string_list_clear(&exist);
	return ret;
}

static int read_changes(struct plan *pl)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, pl->o->changes) < 0) {
		error("cannot read --changes %s: %s; write what changed since the last version "
		      "into it", pl->o->changes, strerror(errno));
		strbuf_release(&sb);
		return -1;
	}
	if (mbox_has_non_ascii(sb.buf) || memchr(sb.buf, '\0', sb.len)) {
		strbuf_release(&sb);
		return error("--changes %s holds bytes other than ASCII text; write it in plain "
			     "ASCII", pl->o->changes);
	}
	pl->changes = strbuf_detach(&sb, NULL);
	return 0;
}

/* The drafts and sent series a reroll replaces: kept, marked superseded by id. */
static int supersede(struct plan *pl, long long id)
{
	char now[32];
	sqlite3_stmt *st = db_prepare(pl->db, "UPDATE series SET status = 'superseded',"
				      " superseded_by = ?2, settled_at = ?3 WHERE id = ?1");
	int ret = st ? 0 : -1;

	iso8601_now(now);
	for (size_t i = 0; st && !ret && i < pl->superseded.nr; i++) {
		db_bind_int(st, 1, atoll(pl->superseded.items[i]));
		db_bind_int(st, 2, id);
		db_bind_text(st, 3, now);
		ret = db_step_done(st);
	}
	sqlite3_finalize(st);
	return ret;
}

static int make_series(const struct series_options *o)
{
	struct plan pl;
	char *git = locate_program("git");
	const char *out = o->out ? o->out : ".";
	char *dir = NULL;
	int ret = 1;

	memset(&pl, 0, sizeof(pl));
	pl.o = o;
	pl.git = git != NULL;
	free(git);
	strbuf_init(&pl.cover, 0);
	gate_report_init(&pl.gate);
	if (db_open(o->db, DB_EXISTING, &pl.db))
		return 1;
	if (load_findings(&pl) || choose_findings(&pl))
		goto out;
	pl.tree_commit = tree_git_commit(pl.tree);
	if (find_author(&pl))
		goto out;
	find_signature(&pl);
	find_date(&pl);
	find_abbrev(&pl);
	group_patches(&pl);
	read_run_facts(&pl);
	series_gate_findings(&pl);
	series_gate_in_flight(&pl);
	series_gate_fresh(&pl);
	build_patches(&pl);
	if (o->changes && read_changes(&pl))
		goto out;
	find_recipients(&pl);
	if (pl.nr_patches) {
		write_texts(&pl);
		run_tool_gates(&pl);
		/* The recipients, and whether checkpatch ran: write the texts again. */
		write_texts(&pl);
	}
	series_gate_recipients(&pl);

	dir = realpath(out, NULL);
	if (!dir)
		dir = xstrdup(out);
	if (o->dry_run) {
		print_plan(&pl, stdout, dir);
		printf("gate:\n");
		gate_report_print(stdout, &pl.gate);
		if (o->verbose) {
			if (pl.cover.len)
				printf("\n==> cover letter <==\n%s", pl.cover.buf);
			for (size_t k = 0; k < pl.nr_patches; k++)
				if (pl.p[k].built)
					printf("\n==> %s <==\n%s", pl.p[k].filename,
					       pl.p[k].mail.buf);
		}
		printf("dry run: nothing written; the gate %s\n", gate_passed(&pl.gate) ?
		       "lets this series through" : "refuses this series");
		ret = gate_passed(&pl.gate) ? 0 : 1;
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
	{
		struct string_list written = STRING_LIST_INIT;
		long long id = 0;
		char *abs;

		if (db_begin(pl.db))
			goto out;
		if (write_series(&pl, out, &written) || (abs = realpath(out, NULL)) == NULL) {
			for (size_t i = 0; i < written.nr; i++)
				series_remove_entry(out, written.items[i]);
			db_rollback(pl.db);
			string_list_clear(&written);
			goto out;
		}
		free(dir);
		dir = abs;
		if (insert_series(&pl, dir, &id) || supersede(&pl, id) || db_commit(pl.db)) {
			for (size_t i = 0; i < written.nr; i++)
				series_remove_entry(out, written.items[i]);
			db_rollback(pl.db);
			error("the series could not be recorded in %s; nothing was written", o->db);
			string_list_clear(&written);
			goto out;
		}
		printf("series %lld (draft) for %s: %zu patch%s in %s\n", id, pl.subsystem,
		       pl.nr_patches, pl.nr_patches == 1 ? "" : "es", dir);
		for (size_t i = 0; i < pl.superseded.nr; i++)
			printf("version %ld supersedes series %s (kept, marked superseded)\n",
			       o->version, pl.superseded.items[i]);
		for (size_t i = 0; i < written.nr; i++)
			printf("  %s\n", written.items[i]);
		printf("send it (git send-email %s/*.patch), then record it: whichalloc series "
		       "--mark %lld sent\n", o->out ? o->out : ".", id);
		string_list_clear(&written);
		ret = 0;
	}
out:
	free(dir);
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

	if (parse_options(argc, argv, &o)) {
		string_list_clear(&o.ids);
		string_list_clear(&o.to);
		string_list_clear(&o.cc);
		return EXIT_USAGE;
	}
	if (o.help)
		ret = (fputs(series_usage, stdout), 0);
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

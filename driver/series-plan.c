// SPDX-License-Identifier: GPL-2.0-only
/*
 * The plan of a series: its findings loaded (with their latest review decisions), the
 * requested ones chosen, those sharing a hunk with them pulled in, and all of them grouped
 * into patches (one rule's change in one file, for one function group); and the file
 * helpers the command and the gate share.
 */
#include "diff.h"
#include "maint-report.h"
#include "maintainers.h"
#include "query.h"
#include "series-plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The subsystem the database gives a finding, else what MAINTAINERS says now. */
const char *plan_subsystem_of(const struct series_finding *f)
{
	return f->row.subsystem ? f->row.subsystem : f->subsystem_now;
}

bool plan_is_fixed(const struct series_finding *f)
{
	return f->row.fixed_run || !strcmp(f->row.status, "fixed");
}

struct sd_file *plan_file_of(struct plan *pl, const char *path)
{
	for (size_t i = 0; i < pl->nr_files; i++)
		if (!strcmp(pl->files[i].path, path))
			return &pl->files[i];
	return NULL;
}

bool series_is_regular_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

int series_mkdirs(const char *path)
{
	char *p = xstrdup(path);
	int ret = 0;

	for (char *s = p + 1; !ret; s++) {
		char c = *s;

		if (c && c != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST)
			ret = error("cannot create %s: %s; choose another --out", p,
				    strerror(errno));
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return ret;
}

int series_remove_entry(const char *dir, const char *name)
{
	char *path = xstrfmt("%s/%s", dir, name);
	int ret = unlink(path);

	free(path);
	return ret;
}

void plan_clear(struct plan *pl)
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
	for (size_t i = 0; i < pl->nr_patches; i++)
		series_patch_clear(&pl->p[i]);
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
		maint_report_free(pl->maint);
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

int plan_load_findings(struct plan *pl)
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
	pl->maint = maint_report_load(path, err, sizeof(err));
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

const struct maint_section *plan_subsystem_section(const struct plan *pl)
{
	for (size_t i = 0; pl->maint && i < maintainers_count(pl->maint); i++) {
		const struct maint_section *s = maintainers_section(pl->maint, i);

		if (!strcmp(s->title, pl->subsystem))
			return s;
	}
	return NULL;
}

/* Find the tree and the subsystem's spelling; choose the requested findings. */
int plan_choose_findings(struct plan *pl)
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
		if (plan_subsystem_of(&pl->f[i]) &&
		    !strcasecmp(plan_subsystem_of(&pl->f[i]), o->subsys))
			pl->subsystem = xstrdup(plan_subsystem_of(&pl->f[i]));
	if (!pl->subsystem) {
		struct string_list known = STRING_LIST_INIT;
		struct strbuf list = STRBUF_INIT;

		for (size_t i = 0; i < pl->nr; i++) {
			const char *sub = plan_subsystem_of(&pl->f[i]);

			if (sub && !string_list_has(&known, sub))
				string_list_append(&known, sub);
		}
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
			const char *sub = plan_subsystem_of(f);

			if (!strcmp(f->row.status, "accepted") && !plan_is_fixed(f) && sub &&
			    !strcmp(sub, pl->subsystem) && !strcmp(f->tree, pl->tree)) {
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
void plan_group_patches(struct plan *pl)
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

void plan_read_run_facts(struct plan *pl)
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

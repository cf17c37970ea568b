// SPDX-License-Identifier: GPL-2.0-only
/*
 * Subsystems of findings, from the scanned tree's MAINTAINERS.
 */
#include "subsystem.h"
#include "db.h"
#include "maint-report.h"
#include "maintainers.h"
#include "query.h"
#include "triage.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct maintainers *subsystem_load_maintainers(const char *top, bool *missing)
{
	char *path = xstrfmt("%s/MAINTAINERS", top);
	char err[512] = "";
	struct maintainers *m = NULL;
	struct stat st;

	if (missing)
		*missing = false;
	if (stat(path, &st)) {
		if (missing)
			*missing = true;
		warning("%s has no MAINTAINERS file (%s): findings get no subsystem; scan the top "
			"of a kernel tree to have them", top, strerror(errno));
	} else {
		m = maint_report_load(path, err, sizeof(err));
		if (!m)
			warning("cannot use %s: %s; findings get no subsystem until it is fixed "
				"('whichalloc subsystems --attach' then attaches them)", path, err);
	}
	free(path);
	return m;
}

static const char attach_files_sql[] =
	"SELECT DISTINCT file FROM finding WHERE ?1 = 0 "
	"OR id IN (SELECT finding_id FROM sighting WHERE run_id = ?1) ORDER BY file";
static const char attach_update_sql[] =
	"UPDATE finding SET subsystem = ?3 WHERE file = ?2 AND subsystem IS NOT ?3 AND (?1 = 0 "
	"OR id IN (SELECT finding_id FROM sighting WHERE run_id = ?1))";

static int attach_files(sqlite3 *db, const struct maintainers *m, long long run,
			struct string_list *files, long long *changed)
{
	sqlite3_stmt *st = db_prepare(db, attach_update_sql);
	int ret = 0;

	if (!st)
		return -1;
	for (size_t i = 0; i < files->nr && !ret; i++) {
		const struct maint_section *sec = m ? maintainers_lookup(m, files->items[i]) : NULL;

		db_bind_int(st, 1, run);
		db_bind_text(st, 2, files->items[i]);
		db_bind_text(st, 3, sec ? sec->title : NULL);
		ret = db_step_done(st);
		if (!ret)
			*changed += sqlite3_changes(db);
	}
	sqlite3_finalize(st);
	return ret;
}

static int load_files(sqlite3 *db, long long run, struct string_list *files)
{
	sqlite3_stmt *st = db_prepare(db, attach_files_sql);
	int rc;

	if (!st)
		return -1;
	db_bind_int(st, 1, run);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		string_list_append(files, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("cannot read the files of the findings: %s", sqlite3_errmsg(db));
	return 0;
}

long long subsystem_attach(sqlite3 *db, const struct maintainers *m, long long run)
{
	struct string_list files = STRING_LIST_INIT;
	long long changed = 0;
	int ret;

	if (db_begin(db))
		return -1;
	ret = load_files(db, run, &files);
	if (!ret)
		ret = attach_files(db, m, run, &files, &changed);
	if (!ret)
		ret = db_commit(db);
	string_list_clear(&files);
	if (ret) {
		db_rollback(db);
		return error("cannot attach subsystems to the findings; the database is unchanged");
	}
	return changed;
}

int subsystem_attach_run(sqlite3 *db, const struct maintainers *m, const char *top,
			 long long run)
{
	if (!m) {
		char *path = xstrfmt("%s/MAINTAINERS", top);
		struct stat st;

		/* When the file is there, loading it has already said what is wrong with it. */
		if (stat(path, &st))
			warning("%s has no MAINTAINERS file: the findings of run %lld get no "
				"subsystem; scan the top of a kernel tree to have them", top, run);
		free(path);
	}
	return subsystem_attach(db, m, run) < 0 ? -1 : 0;
}

/* Every filter a bound parameter: nothing the user types becomes SQL. */
static const char counts_sql[] =
	"SELECT f.subsystem, s.verdict, count(*), sum(f.status = 'new') "
	"FROM finding f JOIN sighting s ON s.finding_id = f.id "
	"WHERE s.run_id = ?1 "
	"AND (?2 = 0 OR whichalloc_open(f.status)) "
	"AND (?3 IS NULL OR f.status = ?3) "
	"AND (?4 IS NULL OR f.rule = ?4) "
	"AND (?5 IS NULL OR s.verdict = ?5) "
	"AND (?6 IS NULL OR whichalloc_fnmatch(?6, f.file)) "
	"AND (?7 IS NULL OR f.subsystem = ?7 COLLATE NOCASE) "
	"GROUP BY f.subsystem, s.verdict ORDER BY f.subsystem";

static size_t verdict_slot(const char *verdict)
{
	static const char *const names[] = { "replace", "keep", "review" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (verdict && !strcmp(verdict, names[i]))
			return i;
	return ARRAY_SIZE(names);
}

static bool same_name(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int cmp_counts(const void *pa, const void *pb)
{
	const struct verdict_counts *a = pa, *b = pb;

	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	if (!a->name || !b->name)
		return !a->name - !b->name;
	return strcmp(a->name, b->name);
}

static void add_count(struct verdict_count_list *out, sqlite3_stmt *st)
{
	const char *name = (const char *)sqlite3_column_text(st, 0);
	size_t slot = verdict_slot((const char *)sqlite3_column_text(st, 1));
	struct verdict_counts *c;

	if (!out->nr || !same_name(out->items[out->nr - 1].name, name)) {
		ALLOC_GROW(out->items, out->nr + 1, out->alloc);
		c = &out->items[out->nr++];
		memset(c, 0, sizeof(*c));
		c->name = name ? xstrdup(name) : NULL;
	}
	c = &out->items[out->nr - 1];
	if (slot < ARRAY_SIZE(c->n))
		c->n[slot] += sqlite3_column_int64(st, 2);
	c->total += sqlite3_column_int64(st, 2);
	c->unreviewed += sqlite3_column_int64(st, 3);
}

int subsystem_counts(sqlite3 *db, long long run, const struct finding_filter *o, bool open_only,
		     struct verdict_count_list *out)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (query_register_fnmatch(db) || triage_register_sql(db))
		return -1;
	st = db_prepare(db, counts_sql);
	if (!st)
		return -1;
	db_bind_int(st, 1, run);
	db_bind_int(st, 2, open_only);
	db_bind_text(st, 3, o ? o->status : NULL);
	db_bind_text(st, 4, o ? o->rule : NULL);
	db_bind_text(st, 5, o ? o->verdict : NULL);
	db_bind_text(st, 6, o ? o->file : NULL);
	db_bind_text(st, 7, o ? o->subsys : NULL);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		add_count(out, st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		verdict_count_list_clear(out);
		return error("cannot count the findings of run %lld by subsystem: %s", run,
			     sqlite3_errmsg(db));
	}
	if (out->nr)
		qsort(out->items, out->nr, sizeof(*out->items), cmp_counts);
	return 0;
}

void verdict_count_list_clear(struct verdict_count_list *list)
{
	for (size_t i = 0; i < list->nr; i++)
		free(list->items[i].name);
	free(list->items);
	memset(list, 0, sizeof(*list));
}

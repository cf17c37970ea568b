// SPDX-License-Identifier: GPL-2.0-only
/*
 * The run's results in the database, through prepared statements only.
 */
#include "store.h"
#include "db.h"
#include "query.h"
#include "fingerprint.h"

#include <stdlib.h>
#include <string.h>

void finding_clear(struct finding *f)
{
	free(f->rule);
	free(f->verdict);
	free(f->file);
	free(f->function);
	free(f->message);
	free(f->code);
	free(f->diff);
	free(f->subsystem);
	memset(f, 0, sizeof(*f));
}

static const char sql_find_fingerprint[] =
	"SELECT id, status FROM finding WHERE fingerprint = ?1";
static const char sql_latest_review[] =
	"SELECT status FROM review WHERE id = " REVIEW_LATEST_ID("?1");
static const char sql_update_finding[] =
	"UPDATE finding SET verdict = ?2, file = ?3, line = ?4, col = ?5, end_line = ?6, "
	"end_col = ?7, function = ?8, message = ?9, code = ?10, diff = ?11, subsystem = ?12, "
	"status = ?13, last_run = ?14, fixed_run = NULL WHERE id = ?1";
static const char sql_insert_finding[] =
	"INSERT INTO finding (fingerprint, rule, verdict, file, line, col, end_line, end_col, "
	"function, message, code, diff, subsystem, status, first_run, last_run) "
	"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, 'new', ?14, ?14)";
static const char sql_insert_sighting[] =
	"INSERT OR REPLACE INTO sighting (run_id, finding_id, verdict, line) "
	"VALUES (?1, ?2, ?3, ?4)";
static const char sql_mark_unseen_fixed[] =
	"UPDATE finding SET status = 'fixed', fixed_run = ?1 "
	"WHERE file = ?2 AND rule = ?3 AND last_run <> ?1 AND status <> 'fixed'";
static const char sql_mark_id_fixed[] =
	"UPDATE finding SET status = 'fixed', fixed_run = ?1 "
	"WHERE id = ?2 AND last_run <> ?1 AND status <> 'fixed'";
static const char sql_insert_file[] = "INSERT OR IGNORE INTO file (path) VALUES (?1)";
static const char sql_file_id[] = "SELECT id FROM file WHERE path = ?1";
static const char sql_insert_file_scan[] =
	"INSERT OR REPLACE INTO file_scan (run_id, file_id, content_hash, status, error) "
	"VALUES (?1, ?2, ?3, ?4, ?5)";
static const char sql_insert_patch[] =
	"INSERT OR REPLACE INTO patch (run_id, file_id, rule, diff) VALUES (?1, ?2, ?3, ?4)";
static const char sql_progress[] =
	"UPDATE run SET files_total = ?2, files_done = ?3 WHERE id = ?1";

struct statement_def {
	size_t offset;
	const char *sql;
};

#define STMT(field, sql) { offsetof(struct store, field), sql }

static const struct statement_def statements[] = {
	STMT(find_fingerprint, sql_find_fingerprint),
	STMT(latest_review, sql_latest_review),
	STMT(update_finding, sql_update_finding),
	STMT(insert_finding, sql_insert_finding),
	STMT(insert_sighting, sql_insert_sighting),
	STMT(mark_unseen_fixed, sql_mark_unseen_fixed),
	STMT(mark_id_fixed, sql_mark_id_fixed),
	STMT(insert_file, sql_insert_file),
	STMT(file_id, sql_file_id),
	STMT(insert_file_scan, sql_insert_file_scan),
	STMT(insert_patch, sql_insert_patch),
	STMT(progress, sql_progress),
};

static sqlite3_stmt **statement_slot(struct store *st, size_t i)
{
	return (sqlite3_stmt **)((char *)st + statements[i].offset);
}

int store_init(struct store *st, sqlite3 *db)
{
	memset(st, 0, sizeof(*st));
	st->db = db;
	for (size_t i = 0; i < ARRAY_SIZE(statements); i++) {
		*statement_slot(st, i) = db_prepare(db, statements[i].sql);
		if (!*statement_slot(st, i)) {
			store_release(st);
			return -1;
		}
	}
	return 0;
}

void store_release(struct store *st)
{
	for (size_t i = 0; i < ARRAY_SIZE(statements); i++) {
		sqlite3_finalize(*statement_slot(st, i));
		*statement_slot(st, i) = NULL;
	}
}

int store_begin(struct store *st)
{
	return db_begin(st->db);
}

int store_commit(struct store *st)
{
	return db_commit(st->db);
}

void store_rollback(struct store *st)
{
	db_rollback(st->db);
}

int store_start_run(struct store *st, const struct run_info *info)
{
	sqlite3_stmt *s = db_prepare(st->db,
		"INSERT INTO run (started_at, status, tree_path, tree_version, tree_commit, "
		"spatch_version, dirs, jobs) VALUES (?1, 'running', ?2, ?3, ?4, ?5, ?6, ?7)");
	char now[32];
	int ret;

	if (!s)
		return -1;
	iso8601_now(now);
	db_bind_text(s, 1, now);
	db_bind_text(s, 2, info->tree_path);
	db_bind_text(s, 3, info->tree_version);
	db_bind_text(s, 4, info->tree_commit);
	db_bind_text(s, 5, info->spatch_version);
	db_bind_text(s, 6, info->dirs);
	db_bind_int(s, 7, info->jobs);
	ret = db_step_done(s);
	sqlite3_finalize(s);
	if (!ret)
		st->run_id = sqlite3_last_insert_rowid(st->db);
	return ret;
}

static int list_running_runs(sqlite3 *db, struct strbuf *ids)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT id FROM run WHERE status = 'running' ORDER BY id");
	int rc, n = 0;

	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		strbuf_addf(ids, "%s%lld", n++ ? ", " : "", sqlite3_column_int64(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return error("cannot read the runs: %s", sqlite3_errmsg(db));
	return n;
}

int store_interrupt_stale_runs(sqlite3 *db, struct strbuf *ids)
{
	size_t len = ids->len;
	int n;

	if (db_begin(db))
		return -1;
	n = list_running_runs(db, ids);
	if (n > 0 && db_exec(db, "UPDATE run SET status = 'interrupted' "
			     "WHERE status = 'running'"))
		n = -1;
	if (n < 0 || db_commit(db)) {
		db_rollback(db);
		strbuf_setlen(ids, len);
		return -1;
	}
	return n;
}

static long long rule_row(struct store *st, const struct rule *r)
{
	sqlite3_stmt *ins = db_prepare(st->db,
		"INSERT OR IGNORE INTO rule (name, hash, description, confidence, report_only) "
		"VALUES (?1, ?2, ?3, ?4, ?5)");
	sqlite3_stmt *sel = db_prepare(st->db,
		"SELECT id FROM rule WHERE name = ?1 AND hash = ?2");
	long long id = -1;

	if (ins && sel) {
		db_bind_text(ins, 1, r->name);
		db_bind_text(ins, 2, r->hash);
		db_bind_text(ins, 3, r->description);
		db_bind_text(ins, 4, r->confidence);
		db_bind_int(ins, 5, r->report_only);
		db_bind_text(sel, 1, r->name);
		db_bind_text(sel, 2, r->hash);
		if (!db_step_done(ins) && sqlite3_step(sel) == SQLITE_ROW)
			id = sqlite3_column_int64(sel, 0);
	}
	sqlite3_finalize(ins);
	sqlite3_finalize(sel);
	return id;
}

int store_add_rule(struct store *st, const struct rule *r)
{
	long long id = rule_row(st, r);
	sqlite3_stmt *s;
	int ret;

	if (id < 0)
		return error("cannot record rule %s in the database", r->name);
	s = db_prepare(st->db, "INSERT OR IGNORE INTO run_rule (run_id, rule_id) VALUES (?1, ?2)");
	if (!s)
		return -1;
	db_bind_int(s, 1, st->run_id);
	db_bind_int(s, 2, id);
	ret = db_step_done(s);
	sqlite3_finalize(s);
	return ret;
}

/* The status a finding that reappears gets back: its latest review decision, else 'new'. */
static char *restored_status(struct store *st, long long id)
{
	sqlite3_stmt *s = st->latest_review;
	char *status;

	db_bind_int(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		status = xstrdup((const char *)sqlite3_column_text(s, 0));
	else
		status = xstrdup("new");
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return status;
}

/* The id and status of the finding with this fingerprint; 0 when there is none. */
static long long lookup_fingerprint(struct store *st, const char *fp, char **status)
{
	sqlite3_stmt *s = st->find_fingerprint;
	long long id = 0;

	db_bind_text(s, 1, fp);
	if (sqlite3_step(s) == SQLITE_ROW) {
		id = sqlite3_column_int64(s, 0);
		*status = xstrdup((const char *)sqlite3_column_text(s, 1));
	}
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return id;
}

/* Bind the columns that insert and update share, at ?2.. for the update's order. */
static void bind_finding_columns(sqlite3_stmt *s, int first, const struct finding *f)
{
	db_bind_text(s, first, f->verdict);
	db_bind_text(s, first + 1, f->file);
	db_bind_int(s, first + 2, f->line);
	db_bind_int(s, first + 3, f->col);
	db_bind_int(s, first + 4, f->end_line);
	db_bind_int(s, first + 5, f->end_col);
	db_bind_text(s, first + 6, f->function);
	db_bind_text(s, first + 7, f->message);
	db_bind_text(s, first + 8, f->code);
	db_bind_text(s, first + 9, f->diff);
	db_bind_text(s, first + 10, f->subsystem);
}

static int update_finding(struct store *st, long long id, const char *old_status,
			  const struct finding *f)
{
	sqlite3_stmt *s = st->update_finding;
	char *status = strcmp(old_status, "fixed") ? xstrdup(old_status) :
			restored_status(st, id);
	int ret;

	db_bind_int(s, 1, id);
	bind_finding_columns(s, 2, f);
	db_bind_text(s, 13, status);
	db_bind_int(s, 14, st->run_id);
	ret = db_step_done(s);
	free(status);
	return ret;
}

static long long insert_finding(struct store *st, const struct finding *f)
{
	sqlite3_stmt *s = st->insert_finding;

	db_bind_text(s, 1, f->fingerprint);
	db_bind_text(s, 2, f->rule);
	bind_finding_columns(s, 3, f);
	db_bind_int(s, 14, st->run_id);
	if (db_step_done(s))
		return -1;
	return sqlite3_last_insert_rowid(st->db);
}

static int insert_sighting(struct store *st, long long id, const struct finding *f)
{
	sqlite3_stmt *s = st->insert_sighting;

	db_bind_int(s, 1, st->run_id);
	db_bind_int(s, 2, id);
	db_bind_text(s, 3, f->verdict);
	db_bind_int(s, 4, f->line);
	return db_step_done(s);
}

static int store_finding(struct store *st, const struct finding *f)
{
	char *status = NULL;
	long long id = lookup_fingerprint(st, f->fingerprint, &status);
	int ret = 0;

	if (id)
		ret = update_finding(st, id, status, f);
	else if ((id = insert_finding(st, f)) < 0)
		ret = -1;
	free(status);
	return ret ? ret : insert_sighting(st, id, f);
}

int store_findings(struct store *st, const char *rule, const char *file,
		   const struct finding *findings, size_t nr, bool complete)
{
	sqlite3_stmt *s = st->mark_unseen_fixed;

	for (size_t i = 0; i < nr; i++)
		if (store_finding(st, &findings[i]))
			return error("cannot store finding %s:%ld of rule %s", file,
				     findings[i].line, rule);
	if (!complete)
		return 0;
	db_bind_int(s, 1, st->run_id);
	db_bind_text(s, 2, file);
	db_bind_text(s, 3, rule);
	return db_step_done(s);
}

int store_mark_fixed(struct store *st, long long finding_id)
{
	sqlite3_stmt *s = st->mark_id_fixed;

	db_bind_int(s, 1, st->run_id);
	db_bind_int(s, 2, finding_id);
	return db_step_done(s);
}

static long long file_id(struct store *st, const char *path)
{
	long long id = -1;

	db_bind_text(st->insert_file, 1, path);
	if (db_step_done(st->insert_file))
		return -1;
	db_bind_text(st->file_id, 1, path);
	if (sqlite3_step(st->file_id) == SQLITE_ROW)
		id = sqlite3_column_int64(st->file_id, 0);
	sqlite3_reset(st->file_id);
	sqlite3_clear_bindings(st->file_id);
	return id;
}

int store_patch(struct store *st, const char *rule, const char *file, const char *diff)
{
	sqlite3_stmt *s = st->insert_patch;
	long long fid = file_id(st, file);

	if (fid < 0)
		return error("cannot record file %s in the database", file);
	db_bind_int(s, 1, st->run_id);
	db_bind_int(s, 2, fid);
	db_bind_text(s, 3, rule);
	db_bind_text(s, 4, diff);
	return db_step_done(s);
}

int store_file_scan(struct store *st, const char *file, const char *content_hash,
		    const char *status, const char *error_text)
{
	sqlite3_stmt *s = st->insert_file_scan;
	long long fid = file_id(st, file);

	if (fid < 0)
		return error("cannot record file %s in the database", file);
	db_bind_int(s, 1, st->run_id);
	db_bind_int(s, 2, fid);
	db_bind_text(s, 3, content_hash);
	db_bind_text(s, 4, status);
	db_bind_text(s, 5, error_text);
	return db_step_done(s);
}

/* Carrying a (file, rule) result over: ?1 this run, ?2 the rule, ?3 the file, ?4 the old run. */
static const char *const reuse_sql[STORE_REUSE_STATEMENTS] = {
	/* The old run need not be the latest: a finding fixed since then is open again. */
	"UPDATE finding SET last_run = ?1, fixed_run = NULL, status = CASE status "
	"WHEN 'fixed' THEN coalesce((SELECT r.status FROM review r WHERE r.finding_id = "
	"finding.id ORDER BY r.at DESC, r.id DESC LIMIT 1), 'new') ELSE status END "
	"WHERE rule = ?2 AND file = ?3 AND id IN (SELECT finding_id FROM sighting "
	"WHERE run_id = ?4)",
	"INSERT OR REPLACE INTO sighting (run_id, finding_id, verdict, line) "
	"SELECT ?1, s.finding_id, s.verdict, s.line FROM sighting s "
	"JOIN finding f ON f.id = s.finding_id WHERE s.run_id = ?4 AND f.rule = ?2 "
	"AND f.file = ?3 AND f.last_run = ?1",
	"INSERT OR REPLACE INTO patch (run_id, file_id, rule, diff) "
	"SELECT ?1, p.file_id, p.rule, p.diff FROM patch p JOIN file f ON f.id = p.file_id "
	"WHERE p.run_id = ?4 AND p.rule = ?2 AND f.path = ?3",
	"UPDATE finding SET status = 'fixed', fixed_run = ?1 WHERE rule = ?2 AND file = ?3 "
	"AND last_run <> ?1 AND status <> 'fixed'",
};

int store_progress(struct store *st, long files_total, long files_done)
{
	sqlite3_stmt *s = st->progress;

	db_bind_int(s, 1, st->run_id);
	db_bind_int(s, 2, files_total);
	db_bind_int(s, 3, files_done);
	return db_step_done(s);
}

int store_open_findings(struct store *st, struct open_finding **out, size_t *nr)
{
	sqlite3_stmt *s = db_prepare(st->db,
		"SELECT id, file, rule FROM finding WHERE status <> 'fixed' ORDER BY id");
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (!s)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(*out, *nr + 1, alloc);
		(*out)[*nr].id = sqlite3_column_int64(s, 0);
		(*out)[*nr].file = xstrdup((const char *)sqlite3_column_text(s, 1));
		(*out)[*nr].rule = xstrdup((const char *)sqlite3_column_text(s, 2));
		(*nr)++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		/* A damaged database can fail half way: nothing is returned, nothing leaks. */
		open_findings_free(*out, *nr);
		*out = NULL;
		*nr = 0;
		return error("cannot read the findings not fixed yet of %s: %s; check the "
			     "database with sqlite3 FILE 'PRAGMA integrity_check'",
			     sqlite3_db_filename(st->db, "main"), sqlite3_errstr(rc));
	}
	return 0;
}

void open_findings_free(struct open_finding *f, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(f[i].file);
		free(f[i].rule);
	}
	free(f);
}

/* A finding as the rename pass compares them. */
struct moved_candidate {
	long long id;
	char *rule;
	char *function;
	char *code;	/* normalised */
	char *file;
	bool decided;	/* a review decision (accepted or rejected) is in effect */
	bool used;
};

static void free_candidates(struct moved_candidate *c, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(c[i].rule);
		free(c[i].function);
		free(c[i].code);
		free(c[i].file);
	}
	free(c);
}

static int load_candidates(struct store *st, const char *sql, struct moved_candidate **out,
			   size_t *nr)
{
	sqlite3_stmt *s = db_prepare(st->db, sql);
	size_t alloc = 0;

	*out = NULL;
	*nr = 0;
	if (!s)
		return -1;
	db_bind_int(s, 1, st->run_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct moved_candidate *c;
		struct strbuf norm = STRBUF_INIT;
		const char *code = (const char *)sqlite3_column_text(s, 3);

		ALLOC_GROW(*out, *nr + 1, alloc);
		c = &(*out)[(*nr)++];
		c->id = sqlite3_column_int64(s, 0);
		c->rule = xstrdup((const char *)sqlite3_column_text(s, 1));
		c->function = xstrdup((const char *)sqlite3_column_text(s, 2));
		normalise_code(code, strlen(code), &norm);
		c->code = strbuf_detach(&norm, NULL);
		c->file = xstrdup((const char *)sqlite3_column_text(s, 4));
		c->decided = sqlite3_column_int(s, 5);
		c->used = false;
	}
	sqlite3_finalize(s);
	return 0;
}

/* The vanished finding old_id takes the place of new_id, which goes. */
static int merge_moved(struct store *st, long long new_id, long long old_id)
{
	static const char *const sql[] = {
		"UPDATE sighting SET finding_id = ?3 WHERE finding_id = ?2 AND run_id = ?1",
		"UPDATE finding SET (verdict, file, line, col, end_line, end_col, function, "
		"message, code, diff, subsystem, last_run, fixed_run) = (SELECT verdict, file, "
		"line, col, end_line, end_col, function, message, code, diff, subsystem, ?1, NULL "
		"FROM finding WHERE id = ?2) WHERE id = ?3",
		"UPDATE finding SET status = coalesce((SELECT status FROM review WHERE id = "
		REVIEW_LATEST_ID("?3") "), 'new') WHERE id = ?3",
		"CREATE TEMP TABLE IF NOT EXISTS moved_fingerprint (fp TEXT)",
		"DELETE FROM temp.moved_fingerprint",
		"INSERT INTO temp.moved_fingerprint SELECT fingerprint FROM finding WHERE id = ?2",
		"DELETE FROM finding WHERE id = ?2",
		"UPDATE finding SET fingerprint = (SELECT fp FROM temp.moved_fingerprint) "
		"WHERE id = ?3",
	};

	for (size_t i = 0; i < ARRAY_SIZE(sql); i++) {
		sqlite3_stmt *s = db_prepare(st->db, sql[i]);
		int ret;

		if (!s)
			return -1;
		db_bind_int(s, 1, st->run_id);
		db_bind_int(s, 2, new_id);
		db_bind_int(s, 3, old_id);
		ret = db_step_done(s);
		sqlite3_finalize(s);
		if (ret)
			return -1;
	}
	return 0;
}

static struct moved_candidate *match_vanished(struct moved_candidate *old, size_t nr_old,
					      const struct moved_candidate *c)
{
	for (size_t i = 0; i < nr_old; i++)
		if (!old[i].used && !strcmp(old[i].rule, c->rule) &&
		    !strcmp(old[i].function, c->function) && !strcmp(old[i].code, c->code))
			return &old[i];
	return NULL;
}

static bool same_place(const struct moved_candidate *a, const struct moved_candidate *b)
{
	return !a->used && !b->used && !strcmp(a->rule, b->rule) &&
	       !strcmp(a->file, b->file) && !strcmp(a->function, b->function);
}

static size_t count_same_place(const struct moved_candidate *c, size_t nr,
			       const struct moved_candidate *like)
{
	size_t n = 0;

	for (size_t i = 0; i < nr; i++)
		n += same_place(&c[i], like);
	return n;
}

/*
 * The code of a site changed (a new argument, a reworded line around it) or its occurrence
 * number did: when a function of a file lost as many sites of a rule as it gained, they are
 * the same sites, paired in the order of the file. Unequal counts are left apart (history
 * then tells the vanished ones as changed).
 */
static int follow_edited_findings(struct store *st, struct moved_candidate *fresh,
				  size_t nr_fresh, struct moved_candidate *gone, size_t nr_gone)
{
	int ret = 0;

	for (size_t i = 0; i < nr_fresh && !ret; i++) {
		struct moved_candidate *f = &fresh[i];
		size_t n;

		if (f->used)
			continue;
		n = count_same_place(gone, nr_gone, f);
		if (!n || n != count_same_place(fresh, nr_fresh, f))
			continue;
		for (size_t g = 0, j = i; g < nr_gone && !ret; g++) {
			if (!same_place(&gone[g], f))
				continue;
			while (!same_place(&fresh[j], &gone[g]))
				j++;
			ret = merge_moved(st, fresh[j].id, gone[g].id);
			fresh[j].used = gone[g].used = true;
		}
	}
	return ret;
}

static int follow_moved_findings(struct store *st)
{
	struct moved_candidate *fresh, *gone;
	size_t nr_fresh, nr_gone;
	int ret = 0;

	if (load_candidates(st, "SELECT id, rule, function, code, file, 0 FROM finding "
			    "WHERE first_run = ?1 AND status = 'new' ORDER BY file, line, id",
			    &fresh, &nr_fresh))
		return -1;
	/* Vanished in this run, or in a run that did not complete since the last that did. */
	if (load_candidates(st, "SELECT id, rule, function, code, file, coalesce((SELECT "
			    "status IN ('accepted', 'rejected') FROM review WHERE id = "
			    REVIEW_LATEST_ID("finding.id") "), 0) FROM finding "
			    "WHERE status = 'fixed' AND fixed_run <= ?1 AND fixed_run > "
			    "(SELECT coalesce(max(id), 0) FROM run WHERE status = 'complete' "
			    "AND id < ?1) ORDER BY file, line, id", &gone, &nr_gone)) {
		free_candidates(fresh, nr_fresh);
		return -1;
	}
	for (size_t i = 0; i < nr_fresh && !ret; i++) {
		struct moved_candidate *old = match_vanished(gone, nr_gone, &fresh[i]);

		if (old) {
			old->used = true;
			fresh[i].used = true;
			ret = merge_moved(st, fresh[i].id, old->id);
		}
	}
	/*
	 * A decision covers the code its reviewer saw: a decided site whose code changed is
	 * not paired with the edited one, which is new and waits for its own review.
	 */
	for (size_t i = 0; i < nr_gone; i++)
		gone[i].used |= gone[i].decided;
	if (!ret)
		ret = follow_edited_findings(st, fresh, nr_fresh, gone, nr_gone);
	free_candidates(fresh, nr_fresh);
	free_candidates(gone, nr_gone);
	return ret;
}

static int set_run_status(struct store *st, const char *status)
{
	sqlite3_stmt *s = db_prepare(st->db,
		"UPDATE run SET status = ?2, finished_at = ?3 WHERE id = ?1");
	char now[32];
	int ret;

	if (!s)
		return -1;
	iso8601_now(now);
	db_bind_int(s, 1, st->run_id);
	db_bind_text(s, 2, status);
	db_bind_text(s, 3, now);
	ret = db_step_done(s);
	sqlite3_finalize(s);
	return ret;
}

int store_finish_run(struct store *st, const char *status)
{
	if (store_begin(st))
		return -1;
	if (follow_moved_findings(st) || set_run_status(st, status) || store_commit(st)) {
		store_rollback(st);
		return error("cannot finish run %lld in the database", st->run_id);
	}
	return 0;
}

struct previous_run {
	long long id;
	bool reusable;
};

static int load_previous_runs(struct store *st, const struct rule *r, const char *version,
			      const char *spatch, struct previous_run **out, size_t *nr)
{
	sqlite3_stmt *s = db_prepare(st->db,
		"SELECT rr.run_id, ru.hash = ?2 AND r.spatch_version = ?3, r.tree_version "
		"FROM run_rule rr JOIN rule ru ON ru.id = rr.rule_id "
		"JOIN run r ON r.id = rr.run_id WHERE ru.name = ?1 AND rr.run_id <> ?4 "
		"ORDER BY rr.run_id DESC");
	size_t alloc = 0, range = rule_version_range(r, version);

	*out = NULL;
	*nr = 0;
	if (!s)
		return -1;
	db_bind_text(s, 1, r->name);
	db_bind_text(s, 2, r->hash);
	db_bind_text(s, 3, spatch);
	db_bind_int(s, 4, st->run_id);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 2);

		ALLOC_GROW(*out, *nr + 1, alloc);
		(*out)[*nr].id = sqlite3_column_int64(s, 0);
		/* Same rule text and spatch, and the same side of each of its version splits. */
		(*out)[*nr].reusable = sqlite3_column_int(s, 1) &&
				       rule_version_range(r, v) == range;
		(*nr)++;
	}
	sqlite3_finalize(s);
	return 0;
}

static int visit_run_files(struct store *st, const struct previous_run *run,
			   previous_scan_fn *fn, void *ctx)
{
	sqlite3_stmt *s = db_prepare(st->db,
		"SELECT f.path, fs.content_hash, CASE fs.status WHEN 'error' THEN "
		"coalesce(fs.error, 'spatch failed') END FROM file_scan fs JOIN file f ON "
		"f.id = fs.file_id JOIN run r ON r.id = fs.run_id WHERE fs.run_id = ?1 AND "
		"(fs.status = 'ok' OR (fs.status = 'error' AND r.status <> 'failed'))");
	int stop = 0;

	if (!s)
		return -1;
	db_bind_int(s, 1, run->id);
	while (!stop && sqlite3_step(s) == SQLITE_ROW)
		stop = fn(ctx, (const char *)sqlite3_column_text(s, 0),
			  (const char *)sqlite3_column_text(s, 1), run->id, run->reusable,
			  (const char *)sqlite3_column_text(s, 2));
	sqlite3_finalize(s);
	return stop;
}

int store_previous_scans(struct store *st, const struct rule *r, const char *tree_version,
			 const char *spatch_version, previous_scan_fn *fn, void *ctx)
{
	struct previous_run *runs;
	size_t nr;
	int ret = 0;

	if (load_previous_runs(st, r, tree_version, spatch_version, &runs, &nr))
		return -1;
	for (size_t i = 0; i < nr && !ret; i++)
		ret = visit_run_files(st, &runs[i], fn, ctx);
	free(runs);
	return ret < 0 ? -1 : 0;
}

int store_reuser_init(struct store_reuser *r, struct store *st)
{
	memset(r, 0, sizeof(*r));
	r->st = st;
	for (size_t i = 0; i < STORE_REUSE_STATEMENTS; i++) {
		r->stmt[i] = db_prepare(st->db, reuse_sql[i]);
		if (!r->stmt[i]) {
			store_reuser_release(r);
			return -1;
		}
	}
	return 0;
}

int store_reuser_run(struct store_reuser *r, const char *rule, const char *file,
		     long long from_run)
{
	for (size_t i = 0; i < STORE_REUSE_STATEMENTS; i++) {
		sqlite3_stmt *s = r->stmt[i];

		db_bind_int(s, 1, r->st->run_id);
		db_bind_text(s, 2, rule);
		db_bind_text(s, 3, file);
		db_bind_int(s, 4, from_run);
		if (db_step_done(s))
			return error("cannot carry over %s results for %s from run %lld", rule,
				     file, from_run);
	}
	return 0;
}

void store_reuser_release(struct store_reuser *r)
{
	for (size_t i = 0; i < STORE_REUSE_STATEMENTS; i++) {
		sqlite3_finalize(r->stmt[i]);
		r->stmt[i] = NULL;
	}
}

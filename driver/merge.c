// SPDX-License-Identifier: GPL-2.0-only
/*
 * The rows of an attached database copied into the main one (merge.h).
 *
 * Entities are rows with an id of their own (runs, files, findings, ...): a row of src is
 * the row of main with the same key (a run's uid, a finding's fingerprint, a file's path),
 * or a new row when main has none; temp.merge_map_TABLE maps src's ids to main's. Every
 * other table holds rows that hang off entities: they are copied with each column that is a
 * foreign key mapped, and rows main has already are left out. The columns come from the
 * schema, so a column added by a migration is copied without a change here; a table added
 * by a migration needs its line in entities[] or link_tables[].
 */
#include "merge.h"
#include "db.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const struct entity {
	const char *table;
	const char *key;	/* the columns naming a row across databases; NULL: all */
} entities[] = {
	/* In the order of their foreign keys: a table after those it refers to. */
	{ "file", "path" },
	{ "rule", "name hash" },
	{ "run", "uid" },
	{ "finding", "fingerprint" },
	{ "review", NULL },
	{ "series", "subsystem created_at subject out_dir" },
};

/*
 * Rows that hang off the entities, or stand alone: one line per table. A table the schema
 * does not have (yet) is passed over.
 */
static const char *const link_tables[] = {
	"run_rule", "file_scan", "sighting", "patch", "file_cache", "series_finding",
	"fact", "fact_resolved", "callee_want", "facts_used", "fact_read",
};

struct column {
	char *name;
	const struct entity *ref;	/* the entity a foreign key refers to, or NULL */
	bool rowid;			/* the INTEGER PRIMARY KEY */
	bool key;
};

struct table {
	const char *name;
	struct column *cols;
	size_t nr;
	bool unique;	/* a primary key or unique index that INSERT OR IGNORE can use */
};

static const struct entity *find_entity(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(entities); i++)
		if (!strcmp(entities[i].table, name))
			return &entities[i];
	return NULL;
}

static bool is_link_table(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(link_tables); i++)
		if (!strcmp(link_tables[i], name))
			return true;
	return false;
}

int merge_check_tables(sqlite3 *db)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name FROM main.sqlite_master WHERE type = "
				      "'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name");
	int rc, ret = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !ret) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (!find_entity(name) && !is_link_table(name))
			ret = error("merge: the database has a table '%s' that merge does not know "
				    "how to copy; this whichalloc cannot merge it (add the table to "
				    "the lists of driver/merge.c)", name);
	}
	sqlite3_finalize(st);
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		return error("merge: cannot list the tables: %s", sqlite3_errmsg(db));
	return ret;
}

/* ---- A table's columns, from the schema ---- */

static bool word_in_list(const char *word, const char *list)
{
	size_t n = strlen(word);

	for (const char *p = list; p && *p; p += strcspn(p, " "), p += *p == ' ') {
		if (strcspn(p, " ") == n && !strncmp(p, word, n))
			return true;
	}
	return false;
}

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->nr; i++)
		free(t->cols[i].name);
	free(t->cols);
	memset(t, 0, sizeof(*t));
}

static int load_foreign_keys(sqlite3 *db, struct table *t)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT \"from\", \"table\" FROM "
				      "pragma_foreign_key_list(?1, 'main')");
	int rc, ret = 0;

	if (!st)
		return -1;
	db_bind_text(st, 1, t->name);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && !ret) {
		const char *from = (const char *)sqlite3_column_text(st, 0);
		const char *to = (const char *)sqlite3_column_text(st, 1);
		const struct entity *e = find_entity(to);

		if (!e)
			ret = error("merge: %s.%s refers to table %s, whose ids merge does not map "
				    "(driver/merge.c)", t->name, from, to);
		for (size_t i = 0; i < t->nr && !ret; i++)
			if (!strcmp(t->cols[i].name, from)) {
				t->cols[i].ref = e;
				/* An id that is another table's (file_cache.file_id) is copied. */
				t->cols[i].rowid = false;
			}
	}
	sqlite3_finalize(st);
	return ret;
}

static int load_table(sqlite3 *db, const char *name, const char *key, struct table *t)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name, upper(type), pk, "
		"(SELECT count(*) FROM pragma_table_info(?1, 'main') WHERE pk > 0) "
		"FROM pragma_table_info(?1, 'main') ORDER BY cid");
	int rc;

	memset(t, 0, sizeof(*t));
	t->name = name;
	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct column *c;

		t->cols = xrealloc(t->cols, (t->nr + 1) * sizeof(*t->cols));
		c = &t->cols[t->nr++];
		memset(c, 0, sizeof(*c));
		c->name = xstrdup((const char *)sqlite3_column_text(st, 0));
		c->rowid = sqlite3_column_int(st, 2) == 1 && sqlite3_column_int(st, 3) == 1 &&
			   !strcmp((const char *)sqlite3_column_text(st, 1), "INTEGER");
	}
	sqlite3_finalize(st);
	st = db_prepare(db, "SELECT count(*) FROM pragma_index_list(?1, 'main') WHERE \"unique\"");
	if (st) {
		db_bind_text(st, 1, name);
		t->unique = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) > 0;
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_DONE || !t->nr || load_foreign_keys(db, t)) {
		table_release(t);
		return error("merge: cannot read the columns of table %s", name);
	}
	for (size_t i = 0; i < t->nr; i++)
		t->cols[i].key = !t->cols[i].rowid && (!key || word_in_list(t->cols[i].name, key));
	return 0;
}

/* ---- SQL made of the schema's names (never of data: data go through bindings) ---- */

/* The value of src row s's column c in main: its id mapped when c is a foreign key. */
static void add_value(struct strbuf *sb, const struct table *t, const struct column *c)
{
	if (c->ref && !strcmp(c->ref->table, t->name)) {
		strbuf_addstr(sb, "NULL");	/* a row of the same table: set once mapped */
	} else if (c->ref && !strcmp(t->name, "finding") && !strcmp(c->ref->table, "run")) {
		/* A finding names the whole run that a shard run it names is part of. */
		strbuf_addstr(sb, "(SELECT e.eff FROM temp.merge_map_run m JOIN temp.merge_eff e "
			      "ON e.run = m.dst WHERE m.src = s.");
		db_add_ident(sb, c->name);
		strbuf_addch(sb, ')');
	} else if (c->ref) {
		strbuf_addf(sb, "(SELECT m.dst FROM temp.merge_map_%s m WHERE m.src = s.",
			    c->ref->table);
		db_add_ident(sb, c->name);
		strbuf_addch(sb, ')');
	} else {
		strbuf_addstr(sb, "s.");
		db_add_ident(sb, c->name);
	}
}

static void add_columns(struct strbuf *sb, const struct table *t, bool values)
{
	bool first = true;

	for (size_t i = 0; i < t->nr; i++) {
		if (t->cols[i].rowid)
			continue;
		strbuf_addstr(sb, first ? "" : ", ");
		first = false;
		if (values)
			add_value(sb, t, &t->cols[i]);
		else
			db_add_ident(sb, t->cols[i].name);
	}
}

/* "d.k1 IS <value of s.k1> AND ..." over the key columns (all but the rowid: keys). */
static void add_key_match(struct strbuf *sb, const struct table *t, bool all)
{
	bool first = true;

	for (size_t i = 0; i < t->nr; i++) {
		const struct column *c = &t->cols[i];

		if (c->rowid || !(all || c->key) || (c->ref && !strcmp(c->ref->table, t->name)))
			continue;
		strbuf_addstr(sb, first ? "d." : " AND d.");
		first = false;
		db_add_ident(sb, c->name);
		strbuf_addstr(sb, " IS ");
		add_value(sb, t, c);
	}
	if (first)
		strbuf_addstr(sb, "1");
}

static int exec_counted(sqlite3 *db, const char *sql, long *count)
{
	if (db_exec(db, sql))
		return -1;
	if (count)
		*count += sqlite3_changes(db);
	return 0;
}

/* ---- Entities ---- */

static int map_entity(sqlite3 *db, const struct table *t)
{
	struct strbuf sql = STRBUF_INIT;
	int ret;

	strbuf_addf(&sql, "CREATE TEMP TABLE IF NOT EXISTS merge_map_%s (src INTEGER PRIMARY KEY, "
		    "dst INTEGER NOT NULL); DELETE FROM temp.merge_map_%s; "
		    "INSERT INTO temp.merge_map_%s (src, dst) SELECT s.id, (SELECT d.id FROM main.",
		    t->name, t->name, t->name);
	db_add_ident(&sql, t->name);
	strbuf_addstr(&sql, " d WHERE ");
	add_key_match(&sql, t, false);
	strbuf_addstr(&sql, " ORDER BY d.id LIMIT 1) FROM src.");
	db_add_ident(&sql, t->name);
	strbuf_addstr(&sql, " s");
	ret = db_exec(db, sql.buf);
	strbuf_release(&sql);
	return ret;
}

/* A column that refers to a row of its own table, set now that the map is made. */
static int map_self_references(sqlite3 *db, const struct table *t)
{
	struct strbuf sql = STRBUF_INIT;
	int ret = 0;

	for (size_t i = 0; i < t->nr && !ret; i++) {
		const struct column *c = &t->cols[i];

		if (!c->ref || strcmp(c->ref->table, t->name))
			continue;
		strbuf_reset(&sql);
		strbuf_addstr(&sql, "UPDATE main.");
		db_add_ident(&sql, t->name);
		strbuf_addstr(&sql, " AS d SET ");
		db_add_ident(&sql, c->name);
		strbuf_addf(&sql, " = (SELECT m2.dst FROM temp.merge_map_%s m JOIN src.", t->name);
		db_add_ident(&sql, t->name);
		strbuf_addstr(&sql, " s ON s.id = m.src JOIN temp.merge_map_");
		strbuf_addf(&sql, "%s m2 ON m2.src = s.", t->name);
		db_add_ident(&sql, c->name);
		strbuf_addstr(&sql, " WHERE m.dst = d.id) WHERE d.");
		db_add_ident(&sql, c->name);
		strbuf_addf(&sql, " IS NULL AND d.id IN (SELECT dst FROM temp.merge_map_%s)",
			    t->name);
		ret = db_exec(db, sql.buf);
	}
	strbuf_release(&sql);
	return ret;
}

static int insert_entity(sqlite3 *db, const struct table *t, long *added)
{
	struct strbuf sql = STRBUF_INIT;
	int ret;

	strbuf_addstr(&sql, "INSERT INTO main.");
	db_add_ident(&sql, t->name);
	strbuf_addstr(&sql, " (");
	add_columns(&sql, t, false);
	strbuf_addstr(&sql, ") SELECT ");
	add_columns(&sql, t, true);
	strbuf_addstr(&sql, " FROM src.");
	db_add_ident(&sql, t->name);
	strbuf_addstr(&sql, " s WHERE NOT EXISTS (SELECT 1 FROM main.");
	db_add_ident(&sql, t->name);
	strbuf_addstr(&sql, " d WHERE ");
	add_key_match(&sql, t, false);
	strbuf_addstr(&sql, ") ORDER BY s.id");
	ret = exec_counted(db, sql.buf, added);
	strbuf_release(&sql);
	return ret;
}

/* The columns a newer row of src sets in a finding (its names, or its values). */
static void add_update_columns(struct strbuf *sb, const struct table *t, bool values)
{
	bool first = true;

	for (size_t i = 0; i < t->nr; i++) {
		const struct column *c = &t->cols[i];

		if (c->rowid || c->key || !strcmp(c->name, "status") ||
		    !strcmp(c->name, "first_run"))
			continue;
		strbuf_addstr(sb, first ? "" : ", ");
		first = false;
		if (values)
			add_value(sb, t, c);
		else
			db_add_ident(sb, c->name);
	}
}

/*
 * A finding both databases have: its columns say what the latest run that saw it said, so
 * src's row wins when its latest knowledge (the run that fixed it, else the last that saw
 * it) is newer; its first run is the earlier of the two.
 */
static int update_findings(sqlite3 *db, const struct table *t, long long old_max,
			   long *updated)
{
	static const char newer[] =
		"CREATE TEMP TABLE IF NOT EXISTS merge_newer (dst INTEGER PRIMARY KEY, src INTEGER);"
		"DELETE FROM temp.merge_newer;"
		"INSERT INTO temp.merge_newer SELECT m.dst, m.src FROM temp.merge_map_finding m "
		"JOIN src.finding s ON s.id = m.src JOIN main.finding d ON d.id = m.dst "
		"JOIN temp.merge_map_run ms ON ms.src = coalesce(s.fixed_run, s.last_run) "
		"JOIN temp.merge_eff es ON es.run = ms.dst JOIN main.run rs ON rs.id = es.eff "
		"JOIN main.run rd ON rd.id = coalesce(d.fixed_run, d.last_run) "
		"WHERE m.dst <= %lld AND (coalesce(rs.finished_at, rs.started_at), rs.id) > "
		"(coalesce(rd.finished_at, rd.started_at), rd.id);"
		"CREATE TEMP TABLE IF NOT EXISTS merge_first (dst INTEGER PRIMARY KEY, run INTEGER);"
		"DELETE FROM temp.merge_first;"
		"INSERT INTO temp.merge_first SELECT m.dst, e.eff FROM temp.merge_map_finding m "
		"JOIN src.finding s ON s.id = m.src JOIN main.finding d ON d.id = m.dst "
		"JOIN temp.merge_map_run mr ON mr.src = s.first_run JOIN temp.merge_eff e "
		"ON e.run = mr.dst JOIN main.run rs ON rs.id = e.eff JOIN main.run rd ON rd.id = "
		"d.first_run "
		"WHERE m.dst <= %lld AND (rs.started_at, rs.id) < (rd.started_at, rd.id);"
		"UPDATE main.finding SET first_run = (SELECT f.run FROM temp.merge_first f WHERE "
		"f.dst = finding.id) WHERE id IN (SELECT dst FROM temp.merge_first);";
	struct strbuf sql = STRBUF_INIT;
	int ret;

	strbuf_addf(&sql, newer, old_max, old_max);
	if (db_exec(db, sql.buf)) {
		strbuf_release(&sql);
		return -1;
	}
	strbuf_reset(&sql);
	strbuf_addstr(&sql, "UPDATE main.finding AS d SET (");
	add_update_columns(&sql, t, false);
	strbuf_addstr(&sql, ") = (SELECT ");
	add_update_columns(&sql, t, true);
	strbuf_addstr(&sql, " FROM src.finding s JOIN temp.merge_newer n ON n.src = s.id "
		      "WHERE n.dst = d.id) WHERE d.id IN (SELECT dst FROM temp.merge_newer)");
	ret = exec_counted(db, sql.buf, updated);
	strbuf_release(&sql);
	return ret;
}

/*
 * A finding's status is fixed when a run fixed it, else its latest review decision, else
 * new (as store.c and review.c keep it): set again for every finding src has.
 */
static int settle_status(sqlite3 *db)
{
	return db_exec(db, "UPDATE main.finding AS f SET status = CASE WHEN f.fixed_run IS NOT "
		       "NULL THEN 'fixed' ELSE coalesce((SELECT r.status FROM main.review r WHERE "
		       "r.finding_id = f.id ORDER BY r.at DESC, r.id DESC LIMIT 1), 'new') END "
		       "WHERE f.id IN (SELECT dst FROM temp.merge_map_finding)");
}

static long *entity_counter(struct merge_stats *st, const char *name)
{
	if (!strcmp(name, "run"))
		return &st->runs_added;
	if (!strcmp(name, "finding"))
		return &st->findings_added;
	if (!strcmp(name, "review"))
		return &st->reviews_added;
	if (!strcmp(name, "series"))
		return &st->series_added;
	return NULL;
}

/*
 * Each run of main and the run a finding names for it: the whole run made of it when it
 * is a shard run that merge combined (merge-shards.c), else itself.
 */
static int map_effective_runs(sqlite3 *db)
{
	return db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS merge_eff (run INTEGER PRIMARY KEY, "
		       "eff INTEGER NOT NULL); DELETE FROM temp.merge_eff; "
		       "INSERT INTO temp.merge_eff SELECT p.id, coalesce((SELECT c.id FROM main.run c "
		       "WHERE c.merged_from IS NOT NULL AND instr(' ' || c.merged_from || ' ', ' ' || "
		       "p.uid || ' ') > 0 ORDER BY c.id DESC LIMIT 1), p.id) FROM main.run p");
}

static int copy_entity(sqlite3 *db, const struct entity *e, struct merge_stats *st)
{
	bool finding = !strcmp(e->table, "finding");
	long long old_max = finding ? db_query_int(db, "SELECT max(id) FROM main.finding", 0) : 0;
	long src_rows = 0, *added = entity_counter(st, e->table), before = added ? *added : 0;
	struct table t;
	int ret;

	if ((finding && map_effective_runs(db)) || load_table(db, e->table, e->key, &t))
		return -1;
	ret = insert_entity(db, &t, added) || map_entity(db, &t) || map_self_references(db, &t);
	if (!ret && finding)
		ret = update_findings(db, &t, old_max, &st->findings_updated);
	if (!ret && !strcmp(e->table, "run")) {
		src_rows = (long)db_query_int(db, "SELECT count(*) FROM src.run", 0);
		st->runs_known += src_rows - (*added - before);
	}
	table_release(&t);
	return ret;
}

/* ---- Rows that hang off the entities ---- */

static bool has_table(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM main.sqlite_master WHERE type = "
				      "'table' AND name = ?1");
	bool found = false;

	if (st) {
		db_bind_text(st, 1, name);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return found;
}

static int copy_links(sqlite3 *db, const char *name, long *added)
{
	struct strbuf sql = STRBUF_INIT;
	struct table t;
	int ret;

	if (!has_table(db, name))
		return 0;
	if (load_table(db, name, NULL, &t))
		return -1;
	strbuf_addstr(&sql, "INSERT OR IGNORE INTO main.");
	db_add_ident(&sql, name);
	strbuf_addstr(&sql, " (");
	add_columns(&sql, &t, false);
	strbuf_addstr(&sql, ") SELECT ");
	add_columns(&sql, &t, true);
	strbuf_addstr(&sql, " FROM src.");
	db_add_ident(&sql, name);
	strbuf_addstr(&sql, " s");
	/* Without a unique key to ignore duplicates on, rows main has are left out by hand. */
	if (!t.unique) {
		strbuf_addstr(&sql, " WHERE NOT EXISTS (SELECT 1 FROM main.");
		db_add_ident(&sql, name);
		strbuf_addstr(&sql, " d WHERE ");
		add_key_match(&sql, &t, true);
		strbuf_addch(&sql, ')');
	}
	ret = exec_counted(db, sql.buf, added);
	strbuf_release(&sql);
	table_release(&t);
	return ret;
}

int merge_copy(sqlite3 *db, struct merge_stats *st)
{
	int ret = 0;

	for (size_t i = 0; i < ARRAY_SIZE(entities) && !ret; i++)
		ret = copy_entity(db, &entities[i], st);
	for (size_t i = 0; i < ARRAY_SIZE(link_tables) && !ret; i++)
		ret = copy_links(db, link_tables[i], &st->rows_added);
	if (!ret)
		ret = settle_status(db);
	return ret;
}

int merge_rule_set(sqlite3 *db, const char *schema, struct string_list *out)
{
	char *sql = xstrfmt("SELECT DISTINCT r.name || ' ' || r.hash FROM %s.rule r JOIN "
			    "%s.run_rule rr ON rr.rule_id = r.id ORDER BY 1", schema, schema);
	sqlite3_stmt *st = db_prepare(db, sql);
	int rc = SQLITE_ERROR;

	free(sql);
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		string_list_append(out, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("merge: cannot read the rules of the runs: %s", sqlite3_errmsg(db));
	return 0;
}

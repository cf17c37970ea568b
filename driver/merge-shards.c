// SPDX-License-Identifier: GPL-2.0-only
/*
 * The shard runs of one scan made into one run of the whole tree (merge.h).
 *
 * Shard runs belong together when they share the partition (run.shard_plan: N, the --dir
 * list, every walked path and its size), the rules, spatch's version and the tree's version
 * and commit. Of each part the latest complete run counts. When every part 1..N has one,
 * merge adds a run made of them: every row that refers to one of the shard runs (its file
 * scans, sightings, patches, rules, ...) is copied for it, and the findings whose first,
 * last or fixing run was a shard run now name it. Its uid is the SHA-1 of its parts' uids,
 * so merging again adds nothing. The shard runs stay, partial, for what they were.
 */
#include "merge.h"
#include "db.h"
#include "hash.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct shard_run {
	long long id;
	char *uid;
	unsigned int k, n;
	char *group;	/* what the runs of one scan share */
};

/* Every complete shard run, newest first within each group. */
static const char sql_shard_runs[] =
	"SELECT r.id, r.uid, r.shard, r.shard_plan || ' ' || r.spatch_version || ' ' || "
	"coalesce(r.tree_version, '') || ' ' || coalesce(r.tree_commit, '') || ' ' || "
	"coalesce((SELECT group_concat(x, ',') FROM (SELECT ru.name || ':' || ru.hash AS x "
	"FROM main.run_rule rr JOIN main.rule ru ON ru.id = rr.rule_id WHERE rr.run_id = r.id "
	"ORDER BY 1)), '') FROM main.run r WHERE r.shard IS NOT NULL AND r.shard_plan IS NOT "
	"NULL AND r.status = 'complete' ORDER BY 4, r.started_at DESC, r.id DESC";

static int load_shard_runs(sqlite3 *db, struct shard_run **out, size_t *nr)
{
	sqlite3_stmt *st = db_prepare(db, sql_shard_runs);
	size_t alloc = 0;
	int rc;

	*out = NULL;
	*nr = 0;
	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *shard = (const char *)sqlite3_column_text(st, 2);
		struct shard_run *r;

		ALLOC_GROW(*out, *nr + 1, alloc);
		r = &(*out)[*nr];
		memset(r, 0, sizeof(*r));
		if (sscanf(shard, "%u/%u", &r->k, &r->n) != 2 || !r->k || r->k > r->n)
			continue;	/* not a shard this whichalloc wrote: left alone */
		r->id = sqlite3_column_int64(st, 0);
		r->uid = xstrdup((const char *)sqlite3_column_text(st, 1));
		r->group = xstrdup((const char *)sqlite3_column_text(st, 3));
		(*nr)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("merge: cannot read the shard runs: %s", sqlite3_errmsg(db));
	return 0;
}

static void free_shard_runs(struct shard_run *runs, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(runs[i].uid);
		free(runs[i].group);
	}
	free(runs);
}

/* ---- One combined run ---- */

static int insert_run(sqlite3 *db, const long long *parts, const char *uid,
		      const char *merged_from, long long *id)
{
	sqlite3_stmt *st = db_prepare(db,
		"INSERT INTO main.run (started_at, finished_at, status, tree_path, tree_version, "
		"tree_commit, spatch_version, dirs, jobs, files_total, files_done, uid, shard, "
		"shard_plan, merged_from) SELECT min(started_at), max(finished_at), 'complete', "
		"(SELECT tree_path FROM main.run WHERE id = ?1), max(tree_version), max(tree_commit), "
		"max(spatch_version), max(dirs), sum(jobs), sum(files_total), sum(files_done), ?2, "
		"NULL, max(shard_plan), ?3 FROM main.run WHERE id IN (SELECT id FROM temp.merge_parts)");
	int ret;

	if (!st)
		return -1;
	db_bind_int(st, 1, parts[0]);
	db_bind_text(st, 2, uid);
	db_bind_text(st, 3, merged_from);
	ret = db_step_done(st);
	sqlite3_finalize(st);
	if (!ret)
		*id = sqlite3_last_insert_rowid(db);
	return ret;
}

/* Copy the rows of table that refer to a part through column runcol, for the run id. */
static int copy_rows_of_parts(sqlite3 *db, const char *table, const char *runcol,
			      long long id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT name FROM pragma_table_info(?1, 'main') "
				      "ORDER BY cid");
	struct strbuf cols = STRBUF_INIT, vals = STRBUF_INIT, sql = STRBUF_INIT;
	int rc, ret;

	if (!st)
		return -1;
	db_bind_text(st, 1, table);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 0);

		strbuf_addstr(&cols, cols.len ? ", " : "");
		strbuf_addstr(&vals, vals.len ? ", " : "");
		db_add_ident(&cols, c);
		if (!strcmp(c, runcol))
			strbuf_addf(&vals, "%lld", id);
		else
			db_add_ident(&vals, c);
	}
	sqlite3_finalize(st);
	strbuf_addstr(&sql, "INSERT OR IGNORE INTO main.");
	db_add_ident(&sql, table);
	strbuf_addf(&sql, " (%s) SELECT %s FROM main.", cols.buf, vals.buf);
	db_add_ident(&sql, table);
	strbuf_addstr(&sql, " WHERE ");
	db_add_ident(&sql, runcol);
	strbuf_addstr(&sql, " IN (SELECT id FROM temp.merge_parts)");
	ret = rc == SQLITE_DONE ? db_exec(db, sql.buf) : -1;
	strbuf_release(&cols);
	strbuf_release(&vals);
	strbuf_release(&sql);
	return ret;
}

/*
 * Every table with a foreign key to run, but the entities that name runs (finding, series):
 * its rows of the parts copied for the combined run.
 */
static int copy_part_rows(sqlite3 *db, long long id)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT m.name, f.\"from\" FROM main.sqlite_master m "
		"JOIN pragma_foreign_key_list(m.name, 'main') f WHERE m.type = 'table' AND "
		"f.\"table\" = 'run' AND m.name NOT IN ('run', 'finding', 'series') ORDER BY 1, 2");
	struct string_list tables = STRING_LIST_INIT, cols = STRING_LIST_INIT;
	int rc, ret = 0;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		string_list_append(&tables, (const char *)sqlite3_column_text(st, 0));
		string_list_append(&cols, (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		ret = error("merge: cannot list the tables that refer to runs: %s",
			    sqlite3_errmsg(db));
	for (size_t i = 0; i < tables.nr && !ret; i++)
		ret = copy_rows_of_parts(db, tables.items[i], cols.items[i], id);
	string_list_clear(&tables);
	string_list_clear(&cols);
	return ret;
}

static int rename_runs_in_findings(sqlite3 *db, long long id)
{
	static const char *const columns[] = { "first_run", "last_run", "fixed_run" };
	int ret = 0;

	for (size_t i = 0; i < ARRAY_SIZE(columns) && !ret; i++) {
		char *sql = xstrfmt("UPDATE main.finding SET %s = %lld WHERE %s IN (SELECT id FROM "
				    "temp.merge_parts)", columns[i], id, columns[i]);

		ret = db_exec(db, sql);
		free(sql);
	}
	return ret;
}

static int set_parts(sqlite3 *db, const long long *parts, unsigned int n)
{
	sqlite3_stmt *st;
	int ret = 0;

	if (db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS merge_parts (id INTEGER PRIMARY KEY);"
		    "DELETE FROM temp.merge_parts"))
		return -1;
	st = db_prepare(db, "INSERT INTO temp.merge_parts (id) VALUES (?1)");
	if (!st)
		return -1;
	for (unsigned int i = 0; i < n && !ret; i++) {
		db_bind_int(st, 1, parts[i]);
		ret = db_step_done(st);
	}
	sqlite3_finalize(st);
	return ret;
}

static bool run_exists(sqlite3 *db, const char *uid)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT 1 FROM main.run WHERE uid = ?1");
	bool found = false;

	if (st) {
		db_bind_text(st, 1, uid);
		found = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	return found;
}

/* parts[k - 1] is the run of part k; the combined run is made unless it exists. */
static int combine(sqlite3 *db, const struct shard_run *const *parts, unsigned int n,
		   struct merge_stats *stats, struct strbuf *out)
{
	struct strbuf from = STRBUF_INIT, ids = STRBUF_INIT;
	long long *part_ids = xcalloc(n, sizeof(*part_ids)), id = 0;
	char uid[SHA1_HEX_SIZE];
	struct sha1_ctx ctx;
	int ret = 0;

	sha1_init(&ctx);
	sha1_update(&ctx, "whichalloc merged run\n", strlen("whichalloc merged run\n"));
	for (unsigned int k = 0; k < n; k++) {
		part_ids[k] = parts[k]->id;
		strbuf_addf(&from, "%s%s", k ? " " : "", parts[k]->uid);
		strbuf_addf(&ids, "%s%lld", k ? ", " : "", parts[k]->id);
		sha1_update(&ctx, parts[k]->uid, strlen(parts[k]->uid) + 1);
	}
	sha1_final_hex(&ctx, uid);
	if (!run_exists(db, uid)) {
		ret = set_parts(db, part_ids, n) ||
		      insert_run(db, part_ids, uid, from.buf, &id) ||
		      copy_part_rows(db, id) || rename_runs_in_findings(db, id);
		if (!ret) {
			stats->runs_combined++;
			strbuf_addf(out, "run %lld: parts 1 to %u as one run (of the whole tree, or "
				    "of its --dir list), made of shard runs %s\n", id, n, ids.buf);
		}
	}
	strbuf_release(&from);
	strbuf_release(&ids);
	free(part_ids);
	return ret;
}

int merge_combine_shards(sqlite3 *db, struct merge_stats *stats, struct strbuf *out)
{
	struct shard_run *runs;
	size_t nr, start, end;
	int ret = 0;

	if (load_shard_runs(db, &runs, &nr))
		return -1;
	for (start = 0; start < nr && !ret; start = end) {
		unsigned int n = runs[start].n;
		const struct shard_run **parts = xcalloc(n, sizeof(*parts));
		unsigned int have = 0;

		for (end = start; end < nr && !strcmp(runs[end].group, runs[start].group); end++) {
			const struct shard_run *r = &runs[end];

			/* The newest run of each part; another N is another partition. */
			if (r->n == n && !parts[r->k - 1]) {
				parts[r->k - 1] = r;
				have++;
			}
		}
		if (have == n)
			ret = combine(db, parts, n, stats, out);
		free(parts);
	}
	free_shard_runs(runs, nr);
	return ret;
}

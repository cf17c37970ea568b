// SPDX-License-Identifier: GPL-2.0-only
/*
 * The queries that many parts of the driver share (query.h).
 */
#include "db.h"
#include "query.h"
#include "util.h"

#include <fnmatch.h>

static long long latest_run(sqlite3 *db, const char *sql)
{
	return db_query_int(db, sql, 0);
}

static long long select_run_id(sqlite3 *db, long long wanted)
{
	sqlite3_stmt *st;
	long long found = 0, latest;

	if (wanted <= 0) {
		found = latest_run(db, "SELECT max(id) FROM run WHERE status = 'complete'");
		if (found > 0)
			return found;
		latest = latest_run(db, "SELECT max(id) FROM run");
		if (latest > 0)
			return error("no complete run in the database yet (the latest, run %lld, "
				     "did not finish); finish a scan, or pass --run %lld", latest,
				     latest);
		return error("the database has no run yet; run 'whichalloc scan' first");
	}
	st = db_prepare(db, "SELECT id FROM run WHERE id = ?1");
	if (!st)
		return -1;
	db_bind_int(st, 1, wanted);
	if (sqlite3_step(st) == SQLITE_ROW)
		found = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (!found)
		return error("there is no run %lld in the database; 'whichalloc stats' names the "
			     "latest", wanted);
	return found;
}

/* A shard run (scan --shard K/N) holds the findings of its part of the tree only. */
static void note_partial_run(sqlite3 *db, long long run)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT shard FROM run WHERE id = ?1 AND shard IS "
				      "NOT NULL");

	if (!st)
		return;
	db_bind_int(st, 1, run);
	if (sqlite3_step(st) == SQLITE_ROW)
		warning("run %lld is partial: it scanned part %s of the tree only (scan --shard); "
			"merge the databases of all the parts with 'whichalloc merge' for the "
			"whole tree", run, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

long long select_run(sqlite3 *db, long long wanted)
{
	long long run = select_run_id(db, wanted);

	if (run > 0)
		note_partial_run(db, run);
	return run;
}

char *run_tree_path(sqlite3 *db, long long run)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT tree_path FROM run WHERE id = ?1");
	char *path = NULL;

	if (!st)
		return NULL;
	db_bind_int(st, 1, run);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		path = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return path;
}

static void sql_fnmatch(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *pattern = (const char *)sqlite3_value_text(argv[0]);
	const char *path = (const char *)sqlite3_value_text(argv[1]);

	(void)argc;
	sqlite3_result_int(ctx, pattern && path && !fnmatch(pattern, path, 0));
}

int query_register_fnmatch(sqlite3 *db)
{
	if (sqlite3_create_function(db, "whichalloc_fnmatch", 2,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_fnmatch,
				    NULL, NULL) != SQLITE_OK)
		return error("cannot register fnmatch() with SQLite: %s", sqlite3_errmsg(db));
	return 0;
}

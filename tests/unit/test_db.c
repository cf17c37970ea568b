// SPDX-License-Identifier: GPL-2.0-only
/*
 * db.c: creating, reopening and refusing databases.
 */
#include "db.h"
#include "query.h"
#include "schema_sql.h"
#include "testutil.h"

static char *scratch;

static void setup(void)
{
	scratch = tu_tempdir();
}

static void teardown(void)
{
	tu_rmtree(scratch);
	free(scratch);
}

static char *db_path(const char *name)
{
	return xstrfmt("%s/%s", scratch, name);
}

/* Run sql on path with plain SQLite, outside whichalloc's checks. */
static void raw_sql(const char *path, const char *sql)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

START_TEST(test_fresh_database)
{
	char *path = db_path("fresh.db");
	sqlite3 *db;

	ck_assert_int_eq(db_open(path, DB_CREATE, &db), 0);
	ck_assert_int_eq(db_query_int(db, "PRAGMA application_id", 0), WHICHALLOC_APPLICATION_ID);
	ck_assert_int_eq(db_user_version(db), db_schema_version());
	ck_assert_int_eq(db_query_int(db, "PRAGMA foreign_keys", 0), 1);
	ck_assert_int_eq(db_query_int(db, "PRAGMA busy_timeout", 0), 5000);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM sqlite_master WHERE "
				      "name IN ('run', 'rule', 'finding', 'sighting', 'review')",
				      0), 5);
	ck_assert_int_eq(db_exec(db, "INSERT INTO file (path) VALUES ('fs/a.c')"), 0);
	db_close(db);
	/* Reopened, it keeps its data and its schema. */
	ck_assert_int_eq(db_open(path, DB_EXISTING, &db), 0);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM file", -1), 1);
	ck_assert_int_eq(db_user_version(db), db_schema_version());
	db_close(db);
	free(path);
}
END_TEST

START_TEST(test_wal_mode)
{
	char *path = db_path("wal.db");
	sqlite3 *db;
	sqlite3_stmt *st;

	ck_assert_int_eq(db_open(path, DB_CREATE, &db), 0);
	st = db_prepare(db, "PRAGMA journal_mode");
	ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
	ck_assert_str_eq((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	db_close(db);
	free(path);
}
END_TEST

START_TEST(test_missing_database)
{
	char *path = db_path("missing.db");
	sqlite3 *db;

	ck_assert_int_eq(db_open(path, DB_EXISTING, &db), -1);
	ck_assert_ptr_null(db);
	ck_assert(strstr(last_error(), "no database"));
	ck_assert(strstr(last_error(), path));
	ck_assert_int_ne(access(path, F_OK), 0);
	free(path);
}
END_TEST

START_TEST(test_foreign_database_refused)
{
	char *path = db_path("other.db");
	sqlite3 *db;

	raw_sql(path, "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('mine');");
	ck_assert_int_eq(db_open(path, DB_CREATE, &db), -1);
	ck_assert(strstr(last_error(), path));
	ck_assert(strstr(last_error(), "not a whichalloc database"));
	/* Untouched: no whichalloc table appeared. */
	raw_sql(path, "SELECT text FROM notes");
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM sqlite_master", 0), 1);
	sqlite3_close(db);
	free(path);
}
END_TEST

START_TEST(test_other_application_refused)
{
	char *path = db_path("app.db");
	sqlite3 *db;

	raw_sql(path, "PRAGMA application_id = 42");
	ck_assert_int_eq(db_open(path, DB_CREATE, &db), -1);
	ck_assert(strstr(last_error(), "application_id 0x0000002a"));
	free(path);
}
END_TEST

START_TEST(test_newer_schema_refused)
{
	char *path = db_path("newer.db");
	char *sql = xstrfmt("PRAGMA user_version = %d", db_schema_version() + 1);
	sqlite3 *db;

	ck_assert_int_eq(db_open(path, DB_CREATE, &db), 0);
	db_close(db);
	raw_sql(path, sql);
	ck_assert_int_eq(db_open(path, DB_EXISTING, &db), -1);
	ck_assert(strstr(last_error(), path));
	ck_assert(strstr(last_error(), "newer than version"));
	free(sql);
	free(path);
}
END_TEST

START_TEST(test_not_sqlite_refused)
{
	char *path = db_path("text.db");
	sqlite3 *db;

	tu_write(scratch, "text.db", "This is a text file and certainly not a database.\n"
		 "It is long enough for SQLite to look at its header and give up.\n");
	ck_assert_int_eq(db_open(path, DB_CREATE, &db), -1);
	ck_assert(strstr(last_error(), "not a usable SQLite database"));
	free(path);
}
END_TEST

START_TEST(test_empty_file_becomes_database)
{
	char *path = db_path("empty.db");
	sqlite3 *db;

	tu_write(scratch, "empty.db", "");
	ck_assert_int_eq(db_open(path, DB_EXISTING, &db), 0);
	ck_assert_int_eq(db_user_version(db), db_schema_version());
	db_close(db);
	free(path);
}
END_TEST

START_TEST(test_migrates_old_database)
{
	char *path = db_path("old.db");
	char *mark = xstrfmt("PRAGMA application_id = %d; PRAGMA user_version = 1;",
			     WHICHALLOC_APPLICATION_ID);
	sqlite3 *db;
	int migrations = 0;

	/* A database as the first whichalloc made it: db/schema.sql alone, version 1. */
	raw_sql(path, whichalloc_schema_sql);
	raw_sql(path, mark);
	raw_sql(path, "INSERT INTO file (path) VALUES ('fs/kept.c')");
	/* Migrations are numbered as they were assigned: increasing, not always contiguous. */
	for (const struct whichalloc_migration *m = whichalloc_migrations; m->sql; m++) {
		ck_assert_int_gt(m->version, migrations);
		migrations = m->version;
	}
	ck_assert_int_eq(db_open(path, DB_EXISTING, &db), 0);
	ck_assert_int_eq(db_user_version(db), db_schema_version());
	ck_assert_int_eq(db_schema_version(), migrations);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM file WHERE path = 'fs/kept.c'",
				      0), 1);
	db_close(db);
	free(mark);
	free(path);
}
END_TEST

/* Migration 10 rebuilds the series table: a series of version 4 keeps its row and status. */
START_TEST(test_series_survive_reroll_migration)
{
	char *path = db_path("v4.db");
	char *mark = xstrfmt("PRAGMA application_id = %d; PRAGMA user_version = 1;",
			     WHICHALLOC_APPLICATION_ID);
	sqlite3 *db;

	raw_sql(path, whichalloc_schema_sql);
	raw_sql(path, mark);
	for (const struct whichalloc_migration *m = whichalloc_migrations; m->sql; m++)
		if (m->version < 10)
			raw_sql(path, m->sql);
	raw_sql(path, "PRAGMA user_version = 4; INSERT INTO run (id, started_at, tree_path, "
		"spatch_version) VALUES (1, 'now', '/t', '1.1'); "
		"INSERT INTO series (subsystem, status, created_at, "
		"run_id, tree_path, out_dir, subject, patches, max_patches, cool_down_days, author)"
		" VALUES ('PROC', 'sent', 'now', 1, '/t', '/o', 's', 1, 8, 14, 'A <a@b>')");
	ck_assert_int_eq(db_open(path, DB_EXISTING, &db), 0);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM series WHERE status = 'sent' "
				      "AND version = 1 AND superseded_by IS NULL", 0), 1);
	/* sent -> superseded is allowed now, superseded -> sent is not. */
	ck_assert_int_eq(db_exec(db, "UPDATE series SET status = 'superseded'"), 0);
	ck_assert_int_ne(db_exec(db, "UPDATE series SET status = 'sent'"), 0);
	db_close(db);
	free(mark);
	free(path);
}
END_TEST

/*
 * "The latest decision" is one definition: REVIEW_LATEST_ID (the driver's queries) and the
 * review_history view pick the same row, by time first, whatever order the rows were added in.
 */
START_TEST(test_latest_decision_one_definition)
{
	char *path = db_path("latest.db");
	sqlite3 *db;

	ck_assert_int_eq(db_open(path, DB_CREATE, &db), 0);
	ck_assert_int_eq(db_exec(db,
		"INSERT INTO run (id, started_at, tree_path, spatch_version) VALUES (1, 'now', '/t', '1');"
		"INSERT INTO finding (id, fingerprint, rule, verdict, file, line, col, end_line, "
		"end_col, function, message, code, first_run, last_run) VALUES "
		"(7, 'fp7', 'r', 'replace', 'a.c', 1, 1, 1, 1, 'f', 'm', 'c', 1, 1),"
		"(8, 'fp8', 'r', 'replace', 'a.c', 2, 1, 2, 1, 'f', 'm', 'c', 1, 1);"
		/* Newest first, then an older one imported later, then a tie on time. */
		"INSERT INTO review (id, finding_id, status, reviewer, at) VALUES "
		"(1, 7, 'accepted', 'a', '2026-02-01T00:00:00Z'),"
		"(2, 7, 'new', 'b', '2020-01-01T00:00:00Z'),"
		"(3, 8, 'new', 'a', '2026-02-01T00:00:00Z'),"
		"(4, 8, 'accepted', 'b', '2026-02-01T00:00:00Z');"), 0);
	ck_assert_int_eq(db_query_int(db, "SELECT " REVIEW_LATEST_ID("7"), 0), 1);
	ck_assert_int_eq(db_query_int(db, "SELECT " REVIEW_LATEST_ID("8"), 0), 4);
	ck_assert_int_eq(db_query_int(db, "SELECT " REVIEW_LATEST_ID("9") " IS NULL", 0), 1);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM review_history h WHERE h.latest "
				      "<> (h.review_id = " REVIEW_LATEST_ID("h.finding_id") ")", -1),
			 0);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM review_history WHERE latest", -1),
			 2);
	db_close(db);
	free(path);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("db");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_fresh_database);
	tcase_add_test(tc, test_wal_mode);
	tcase_add_test(tc, test_missing_database);
	tcase_add_test(tc, test_foreign_database_refused);
	tcase_add_test(tc, test_other_application_refused);
	tcase_add_test(tc, test_newer_schema_refused);
	tcase_add_test(tc, test_series_survive_reroll_migration);
	tcase_add_test(tc, test_not_sqlite_refused);
	tcase_add_test(tc, test_empty_file_becomes_database);
	tcase_add_test(tc, test_migrates_old_database);
	tcase_add_test(tc, test_latest_decision_one_definition);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * store.c: runs left 'running' by a killed scan become 'interrupted', all in one go.
 */
#include "db.h"
#include "store.h"
#include "testutil.h"

static char *scratch;
static char *path;
static sqlite3 *db;
static struct store st;

static void setup(void)
{
	scratch = tu_tempdir();
	path = xstrfmt("%s/stale.db", scratch);
	ck_assert_int_eq(db_open(path, DB_CREATE, &db), 0);
	ck_assert_int_eq(store_init(&st, db), 0);
}

static void teardown(void)
{
	store_release(&st);
	db_close(db);
	tu_rmtree(scratch);
	free(scratch);
	free(path);
}

/* A run with the given status, as a scan that ended that way leaves it. */
static long long add_run(const char *status)
{
	struct run_info info = { "/tree", "6.1", NULL, "1.1.1", "", 1 };

	ck_assert_int_eq(store_start_run(&st, &info), 0);
	if (strcmp(status, "running"))
		ck_assert_int_eq(store_finish_run(&st, status), 0);
	return st.run_id;
}

/* Each run's status and whether it has a finish time, in id order: "1:complete+,2:...". */
static char *runs(void)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT id, status, finished_at IS NOT NULL FROM run "
				     "ORDER BY id");
	struct strbuf sb = STRBUF_INIT;

	ck_assert_ptr_nonnull(s);
	while (sqlite3_step(s) == SQLITE_ROW)
		strbuf_addf(&sb, "%s%lld:%s%s", sb.len ? "," : "", sqlite3_column_int64(s, 0),
			    (const char *)sqlite3_column_text(s, 1),
			    sqlite3_column_int(s, 2) ? "+" : "");
	sqlite3_finalize(s);
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_nothing_to_do)
{
	struct strbuf ids = STRBUF_INIT;
	char *after;

	ck_assert_int_eq(store_interrupt_stale_runs(db, &ids), 0);
	ck_assert_str_eq(ids.buf, "");
	add_run("complete");
	add_run("interrupted");
	add_run("failed");
	ck_assert_int_eq(store_interrupt_stale_runs(db, &ids), 0);
	ck_assert_str_eq(ids.buf, "");
	after = runs();
	ck_assert_str_eq(after, "1:complete+,2:interrupted+,3:failed+");
	free(after);
	strbuf_release(&ids);
}
END_TEST

START_TEST(test_running_become_interrupted)
{
	struct strbuf ids = STRBUF_INIT;
	char *after;

	add_run("running");
	add_run("complete");
	add_run("running");
	strbuf_addstr(&ids, "runs ");
	ck_assert_int_eq(store_interrupt_stale_runs(db, &ids), 2);
	ck_assert_str_eq(ids.buf, "runs 1, 3");
	/* When a killed scan ended is unknown: no finish time is made up. */
	after = runs();
	ck_assert_str_eq(after, "1:interrupted,2:complete+,3:interrupted");
	free(after);
	strbuf_reset(&ids);
	ck_assert_int_eq(store_interrupt_stale_runs(db, &ids), 0);
	ck_assert_str_eq(ids.buf, "");
	strbuf_release(&ids);
}
END_TEST

START_TEST(test_read_only_changes_nothing)
{
	struct strbuf ids = STRBUF_INIT;
	sqlite3 *ro;
	char *after;

	add_run("running");
	ck_assert_int_eq(sqlite3_open_v2(path, &ro, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	strbuf_addstr(&ids, "kept");
	ck_assert_int_eq(store_interrupt_stale_runs(ro, &ids), -1);
	ck_assert_str_eq(ids.buf, "kept");
	ck_assert(sqlite3_get_autocommit(ro));
	sqlite3_close(ro);
	after = runs();
	ck_assert_str_eq(after, "1:running");
	free(after);
	strbuf_release(&ids);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("stale runs");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_nothing_to_do);
	tcase_add_test(tc, test_running_become_interrupted);
	tcase_add_test(tc, test_read_only_changes_nothing);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

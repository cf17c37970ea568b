// SPDX-License-Identifier: GPL-2.0-only
/*
 * store.c: findings across runs: stable ids, fixed, reappearing, moved, carried over.
 */
#include "db.h"
#include "fingerprint.h"
#include "store.h"
#include "testutil.h"

static char *scratch;
static sqlite3 *db;
static struct store st;

static void setup(void)
{
	char *path;

	scratch = tu_tempdir();
	path = xstrfmt("%s/store.db", scratch);
	ck_assert_int_eq(db_open(path, DB_CREATE, &db), 0);
	ck_assert_int_eq(store_init(&st, db), 0);
	free(path);
}

static void teardown(void)
{
	store_release(&st);
	db_close(db);
	tu_rmtree(scratch);
	free(scratch);
}

static struct rule test_rule(const char *name, const char *hash)
{
	struct rule r;

	memset(&r, 0, sizeof(r));
	r.name = (char *)name;
	memcpy(r.hash, hash, strlen(hash) + 1);
	r.description = (char *)"test rule";
	r.confidence = (char *)"Low";
	return r;
}

static long long start_run(const char *version, const char *rule_hash)
{
	struct run_info info = { "/tree", version, NULL, "1.1.1", "", 1 };
	struct rule r = test_rule("r", rule_hash);

	ck_assert_int_eq(store_begin(&st), 0);
	ck_assert_int_eq(store_start_run(&st, &info), 0);
	ck_assert_int_eq(store_add_rule(&st, &r), 0);
	ck_assert_int_eq(store_commit(&st), 0);
	return st.run_id;
}

static void set_finding(struct finding *f, const char *file, const char *function, long line,
			const char *code)
{
	struct fingerprint_site site = { "r", file, function, code, 0, "" };

	memset(f, 0, sizeof(*f));
	f->rule = (char *)"r";
	f->verdict = (char *)"replace";
	f->file = (char *)file;
	f->function = (char *)function;
	f->line = f->end_line = line;
	f->message = (char *)"message";
	f->code = (char *)code;
	fingerprint_sites(&site, 1);
	memcpy(f->fingerprint, site.fingerprint, SHA1_HEX_SIZE);
}

static void store_file(const char *file, struct finding *f, size_t nr, bool complete)
{
	ck_assert_int_eq(store_begin(&st), 0);
	ck_assert_int_eq(store_findings(&st, "r", file, f, nr, complete), 0);
	ck_assert_int_eq(store_commit(&st), 0);
}

static void finish(void)
{
	ck_assert_int_eq(store_finish_run(&st, "complete"), 0);
}

static long long query(const char *sql, const char *arg)
{
	sqlite3_stmt *s = db_prepare(db, sql);
	long long v = -1;

	ck_assert_ptr_nonnull(s);
	db_bind_text(s, 1, arg);
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static char *query_text(const char *sql, long long id)
{
	sqlite3_stmt *s = db_prepare(db, sql);
	char *v = NULL;

	db_bind_int(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

static long long id_of(const char *fingerprint)
{
	return query("SELECT id FROM finding WHERE fingerprint = ?1", fingerprint);
}

static void check_status(long long id, const char *want)
{
	char *got = query_text("SELECT status FROM finding WHERE id = ?1", id);

	ck_assert_msg(got && !strcmp(got, want), "finding %lld is %s, not %s", id, got, want);
	free(got);
}

#define CODE_A "buf = (char *)__get_free_page(GFP_KERNEL);"
#define CODE_B "tmp = (char *)__get_free_page(GFP_NOFS);"

START_TEST(test_rescan_keeps_ids)
{
	struct finding f[2];
	long long a, b;

	start_run("6.1", "h1");
	set_finding(&f[0], "fs/x.c", "show", 10, CODE_A);
	set_finding(&f[1], "fs/x.c", "store", 30, CODE_B);
	store_file("fs/x.c", f, 2, true);
	finish();
	a = id_of(f[0].fingerprint);
	b = id_of(f[1].fingerprint);
	ck_assert_int_gt(a, 0);
	ck_assert_int_gt(b, 0);
	/* Second run: three lines were inserted above both. */
	start_run("6.1", "h1");
	set_finding(&f[0], "fs/x.c", "show", 13, CODE_A);
	set_finding(&f[1], "fs/x.c", "store", 33, CODE_B);
	store_file("fs/x.c", f, 2, true);
	finish();
	ck_assert_int_eq(id_of(f[0].fingerprint), a);
	ck_assert_int_eq(id_of(f[1].fingerprint), b);
	ck_assert_int_eq(query("SELECT line FROM finding WHERE fingerprint = ?1",
			       f[0].fingerprint), 13);
	ck_assert_int_eq(query("SELECT count(*) FROM finding WHERE last_run = 2 AND "
			       "first_run = 1 AND status = 'new' AND ?1 IS NULL", NULL), 2);
	ck_assert_int_eq(query("SELECT count(*) FROM sighting WHERE ?1 IS NULL", NULL), 4);
}
END_TEST

START_TEST(test_unseen_become_fixed)
{
	struct finding f[2], other;
	long long b;

	start_run("6.1", "h1");
	set_finding(&f[0], "fs/x.c", "show", 10, CODE_A);
	set_finding(&f[1], "fs/x.c", "store", 30, CODE_B);
	set_finding(&other, "fs/y.c", "show", 10, CODE_A);
	store_file("fs/x.c", f, 2, true);
	store_file("fs/y.c", &other, 1, true);
	finish();
	b = id_of(f[1].fingerprint);
	/* An incomplete result (spatch failed) fixes nothing. */
	start_run("6.1", "h1");
	store_file("fs/x.c", f, 1, false);
	finish();
	check_status(b, "new");
	/* A complete one does, for that file only. */
	start_run("6.1", "h1");
	store_file("fs/x.c", f, 1, true);
	finish();
	check_status(b, "fixed");
	ck_assert_int_eq(query("SELECT fixed_run FROM finding WHERE fingerprint = ?1",
			       f[1].fingerprint), 3);
	check_status(id_of(other.fingerprint), "new");
	check_status(id_of(f[0].fingerprint), "new");
}
END_TEST

START_TEST(test_reappearing_gets_review_status)
{
	struct finding f[2];
	long long a, b;

	start_run("6.1", "h1");
	set_finding(&f[0], "fs/x.c", "show", 10, CODE_A);
	set_finding(&f[1], "fs/x.c", "store", 30, CODE_B);
	store_file("fs/x.c", f, 2, true);
	finish();
	a = id_of(f[0].fingerprint);
	b = id_of(f[1].fingerprint);
	/* The latest decision is the latest "at"; an older one imported later does not win. */
	ck_assert_int_eq(db_exec(db, "INSERT INTO review (finding_id, status, reason, reviewer, "
				 "at) VALUES (1, 'rejected', 'false-positive', 't', "
				 "'2026-01-01T10:00:00Z'), (1, 'accepted', NULL, 't', "
				 "'2026-01-02T10:00:00Z'), (1, 'rejected', 'intentional', 'u', "
				 "'2025-12-31T10:00:00Z')"), 0);
	ck_assert_int_eq(db_exec(db, "UPDATE finding SET status = 'accepted' WHERE id = 1"), 0);
	/* Both vanish, then both come back. */
	start_run("6.1", "h1");
	store_file("fs/x.c", NULL, 0, true);
	finish();
	check_status(a, "fixed");
	check_status(b, "fixed");
	start_run("6.1", "h1");
	store_file("fs/x.c", f, 2, true);
	finish();
	ck_assert_int_eq(a, 1);
	check_status(a, "accepted");
	check_status(b, "new");
	ck_assert_int_eq(query("SELECT count(*) FROM finding WHERE fixed_run IS NULL "
			       "AND ?1 IS NULL", NULL), 2);
	/* A reviewed finding keeps its status on an ordinary rescan. */
	start_run("6.1", "h1");
	store_file("fs/x.c", f, 2, true);
	finish();
	check_status(a, "accepted");
}
END_TEST

START_TEST(test_moved_finding_keeps_id)
{
	struct finding old, moved, other;
	long long a;

	start_run("6.1", "h1");
	set_finding(&old, "fs/old.c", "show", 10, CODE_A);
	set_finding(&other, "fs/other.c", "store", 30, CODE_B);
	store_file("fs/old.c", &old, 1, true);
	store_file("fs/other.c", &other, 1, true);
	finish();
	a = id_of(old.fingerprint);
	/* fs/old.c became fs/new.c: the code moved with its function. */
	start_run("6.1", "h1");
	ck_assert_int_eq(store_begin(&st), 0);
	ck_assert_int_eq(store_mark_fixed(&st, a), 0);
	ck_assert_int_eq(store_commit(&st), 0);
	set_finding(&moved, "fs/new.c", "show", 12, "buf  =  (char *)__get_free_page(GFP_KERNEL);");
	store_file("fs/new.c", &moved, 1, true);
	ck_assert_int_ne(id_of(moved.fingerprint), a);
	finish();
	ck_assert_int_eq(id_of(moved.fingerprint), a);
	check_status(a, "new");
	ck_assert_int_eq(query("SELECT count(*) FROM finding WHERE file = ?1", "fs/new.c"), 1);
	ck_assert_int_eq(query("SELECT count(*) FROM finding WHERE file = ?1", "fs/old.c"), 0);
	ck_assert_int_eq(query("SELECT finding_id FROM sighting WHERE run_id = 2 AND ?1 IS NULL",
			       NULL), a);
	ck_assert_int_eq(query("SELECT first_run FROM finding WHERE file = ?1", "fs/new.c"), 1);
	/* A finding that vanished from another function is no match. */
	check_status(id_of(other.fingerprint), "new");
}
END_TEST

START_TEST(test_edited_finding_keeps_id)
{
	struct finding f[2], g[3];
	long long a, b;

	start_run("6.1", "h1");
	set_finding(&f[0], "fs/x.c", "show", 10, CODE_A);
	set_finding(&f[1], "fs/x.c", "store", 30, CODE_B);
	store_file("fs/x.c", f, 2, true);
	finish();
	a = id_of(f[0].fingerprint);
	b = id_of(f[1].fingerprint);
	/* show()'s site was rewritten around the call; store() lost one site, gained two. */
	start_run("6.12", "h1");
	set_finding(&g[0], "fs/x.c", "show", 14, "buf = (char *)__get_free_page(GFP_KERNEL_ACCOUNT);");
	set_finding(&g[1], "fs/x.c", "store", 40, "p = (char *)__get_free_page(GFP_NOFS);");
	set_finding(&g[2], "fs/x.c", "store", 50, "q = (char *)__get_free_page(GFP_NOFS);");
	store_file("fs/x.c", g, 3, true);
	finish();
	ck_assert_int_eq(id_of(g[0].fingerprint), a);
	check_status(a, "new");
	ck_assert_int_eq(query("SELECT line FROM finding WHERE fingerprint = ?1", g[0].fingerprint),
			 14);
	ck_assert_int_eq(query("SELECT count(*) FROM sighting WHERE finding_id = "
			       "(SELECT id FROM finding WHERE fingerprint = ?1)", g[0].fingerprint), 2);
	/* One site against two: no pairing is sure, the old one stays gone. */
	check_status(b, "fixed");
	ck_assert_int_ne(id_of(g[1].fingerprint), b);
}
END_TEST

START_TEST(test_edited_decided_finding_is_new)
{
	struct finding f, g;
	long long a;
	char sql[160];

	start_run("6.1", "h1");
	set_finding(&f, "fs/x.c", "show", 10, CODE_A);
	store_file("fs/x.c", &f, 1, true);
	finish();
	a = id_of(f.fingerprint);
	snprintf(sql, sizeof(sql), "INSERT INTO review (finding_id, status, reviewer, at) "
		 "VALUES (%lld, 'accepted', 't', '2026-01-01T10:00:00Z')", a);
	ck_assert_int_eq(db_exec(db, sql), 0);
	ck_assert_int_eq(db_exec(db, "UPDATE finding SET status = 'accepted'"), 0);
	/* The accepted site's own code changed: the decision does not cover the new code. */
	start_run("6.12", "h1");
	set_finding(&g, "fs/x.c", "show", 10, "buf = (char *)__get_free_page(GFP_NOFS);");
	store_file("fs/x.c", &g, 1, true);
	finish();
	check_status(a, "fixed");
	ck_assert_int_ne(id_of(g.fingerprint), a);
	check_status(id_of(g.fingerprint), "new");
}
END_TEST

START_TEST(test_reuse_carries_over)
{
	struct store_reuser reuser;
	struct finding f, g;
	long long a, b;

	start_run("6.1", "h1");
	set_finding(&f, "fs/x.c", "show", 10, CODE_A);
	set_finding(&g, "fs/x.c", "store", 30, CODE_B);
	ck_assert_int_eq(store_begin(&st), 0);
	ck_assert_int_eq(store_findings(&st, "r", "fs/x.c", &f, 1, true), 0);
	ck_assert_int_eq(store_patch(&st, "r", "fs/x.c", "diff text\n"), 0);
	ck_assert_int_eq(store_file_scan(&st, "fs/x.c", "abc", "ok", NULL), 0);
	ck_assert_int_eq(store_commit(&st), 0);
	finish();
	/* An error run saw g but could not finish the file. */
	start_run("6.1", "h1");
	store_file("fs/x.c", &g, 1, false);
	finish();
	a = id_of(f.fingerprint);
	b = id_of(g.fingerprint);
	start_run("6.1", "h1");
	ck_assert_int_eq(store_begin(&st), 0);
	ck_assert_int_eq(store_reuser_init(&reuser, &st), 0);
	ck_assert_int_eq(store_reuser_run(&reuser, "r", "fs/x.c", 1), 0);
	store_reuser_release(&reuser);
	ck_assert_int_eq(store_commit(&st), 0);
	finish();
	ck_assert_int_eq(query("SELECT last_run FROM finding WHERE fingerprint = ?1",
			       f.fingerprint), 3);
	ck_assert_int_eq(query("SELECT count(*) FROM sighting WHERE run_id = 3 AND ?1 IS NULL",
			       NULL), 1);
	ck_assert_int_eq(query("SELECT count(*) FROM patch WHERE run_id = 3 AND diff = ?1",
			       "diff text\n"), 1);
	check_status(a, "new");
	/* Run 1 is the authority for that content: what only run 2 saw is gone. */
	check_status(b, "fixed");
}
END_TEST

struct seen {
	int calls;
	int errors;
	long long run;
	bool reusable;
	char hash[64];
};

static int note_previous(void *data, const char *path, const char *hash, long long run,
			 bool reusable, const char *error)
{
	struct seen *s = data;

	/* fs/y.c failed ('error'): visited with its message; fs/z.c timed out: not visited. */
	if (!strcmp(path, "fs/y.c")) {
		ck_assert_str_eq(error, "boom");
		s->errors++;
		return 0;
	}
	ck_assert_str_eq(path, "fs/x.c");
	ck_assert_ptr_null(error);
	if (!s->calls++) {
		s->run = run;
		s->reusable = reusable;
		snprintf(s->hash, sizeof(s->hash), "%s", hash);
	}
	return 0;
}

START_TEST(test_previous_scans)
{
	struct rule same = test_rule("r", "h1"), changed = test_rule("r", "h2");
	struct seen s = { 0, 0, 0, false, "" };

	start_run("6.1", "h1");
	ck_assert_int_eq(store_begin(&st), 0);
	ck_assert_int_eq(store_file_scan(&st, "fs/x.c", "c1", "ok", NULL), 0);
	ck_assert_int_eq(store_file_scan(&st, "fs/y.c", "c2", "error", "boom"), 0);
	ck_assert_int_eq(store_file_scan(&st, "fs/z.c", "c3", "timeout", "slow"), 0);
	ck_assert_int_eq(store_commit(&st), 0);
	finish();
	start_run("6.1", "h1");
	ck_assert_int_eq(store_previous_scans(&st, &same, "6.1", "1.1.1", note_previous, &s), 0);
	ck_assert_int_eq(s.calls, 1);
	ck_assert_int_eq(s.errors, 1);
	ck_assert_int_eq(s.run, 1);
	ck_assert(s.reusable);
	ck_assert_str_eq(s.hash, "c1");
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(store_previous_scans(&st, &changed, "6.1", "1.1.1", note_previous, &s),
			 0);
	ck_assert(!s.reusable);
	memset(&s, 0, sizeof(s));
	/* Content, rule and spatch decide, not the tree's version... */
	ck_assert_int_eq(store_previous_scans(&st, &same, "6.12.3", "1.1.1", note_previous, &s),
			 0);
	ck_assert(s.reusable);
	/* ...but for a rule with a Version-split header, the side of each split does. */
	same.version_splits = xcalloc(1, sizeof(*same.version_splits));
	same.version_splits[0] = kversion_parse("5.4");
	same.nr_version_splits = 1;
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(store_previous_scans(&st, &same, "5.4.0", "1.1.1", note_previous, &s),
			 0);
	ck_assert(s.reusable);
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(store_previous_scans(&st, &same, "5.3.18", "1.1.1", note_previous, &s),
			 0);
	ck_assert(!s.reusable);
	free(same.version_splits);
	same.version_splits = NULL;
	same.nr_version_splits = 0;
	memset(&s, 0, sizeof(s));
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(store_previous_scans(&st, &same, "6.1", "1.2", note_previous, &s), 0);
	ck_assert(!s.reusable);
	ck_assert_int_eq(query("SELECT count(*) FROM rule WHERE name = ?1", "r"), 1);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_rescan_keeps_ids);
	tcase_add_test(tc, test_unseen_become_fixed);
	tcase_add_test(tc, test_reappearing_gets_review_status);
	tcase_add_test(tc, test_moved_finding_keeps_id);
	tcase_add_test(tc, test_edited_finding_keeps_id);
	tcase_add_test(tc, test_edited_decided_finding_is_new);
	tcase_add_test(tc, test_reuse_carries_over);
	tcase_add_test(tc, test_previous_scans);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

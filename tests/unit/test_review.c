// SPDX-License-Identifier: GPL-2.0-only
/*
 * review.c: decisions appended and mirrored in the finding's status, notes, the reviewer's
 * identity, the printed history, and the export/import round trip between databases.
 */
#include "db.h"
#include "fingerprint.h"
#include "review.h"
#include "store.h"
#include "testutil.h"

static char *scratch;

struct testdb {
	sqlite3 *db;
	struct store st;
};

static struct testdb a, b;

#define AT1 "2026-01-01T10:00:00Z"
#define AT2 "2026-01-02T10:00:00Z"
#define AT3 "2026-01-03T10:00:00Z"

static void open_testdb(struct testdb *t, const char *name)
{
	char *path = xstrfmt("%s/%s", scratch, name);

	ck_assert_int_eq(db_open(path, DB_CREATE, &t->db), 0);
	ck_assert_int_eq(store_init(&t->st, t->db), 0);
	free(path);
}

static void close_testdb(struct testdb *t)
{
	store_release(&t->st);
	db_close(t->db);
}

/*
 * A complete run in which rule r saw one finding in each of files[0..nr-1], and none in
 * gone (when not NULL).
 */
static void scan_files_gone(struct testdb *t, const char *const *files, size_t nr,
			    const char *gone)
{
	struct run_info info = { "/tree", "6.1", NULL, "1.1.1", "", 1 };
	struct rule r;

	memset(&r, 0, sizeof(r));
	r.name = (char *)"r";
	memcpy(r.hash, "h", 2);
	r.description = (char *)"test rule";
	r.confidence = (char *)"Low";
	ck_assert_int_eq(store_begin(&t->st), 0);
	ck_assert_int_eq(store_start_run(&t->st, &info), 0);
	ck_assert_int_eq(store_add_rule(&t->st, &r), 0);
	for (size_t i = 0; i < nr; i++) {
		char *code = xstrfmt("buf = __get_free_page(GFP_KERNEL); /* %s */", files[i]);
		struct fingerprint_site site = { "r", files[i], "fn", code, 0, "" };
		struct finding f;

		memset(&f, 0, sizeof(f));
		f.rule = (char *)"r";
		f.verdict = (char *)"replace";
		f.file = (char *)files[i];
		f.function = (char *)"fn";
		f.line = f.end_line = 10;
		f.message = (char *)"message";
		f.code = code;
		fingerprint_sites(&site, 1);
		memcpy(f.fingerprint, site.fingerprint, SHA1_HEX_SIZE);
		ck_assert_int_eq(store_findings(&t->st, "r", files[i], &f, 1, true), 0);
		free(code);
	}
	if (gone)
		ck_assert_int_eq(store_findings(&t->st, "r", gone, NULL, 0, true), 0);
	ck_assert_int_eq(store_commit(&t->st), 0);
	ck_assert_int_eq(store_finish_run(&t->st, "complete"), 0);
}

static void scan_files(struct testdb *t, const char *const *files, size_t nr)
{
	scan_files_gone(t, files, nr, NULL);
}

static const char *const files3[] = { "fs/a.c", "fs/b.c", "fs/c.c" };

static void setup(void)
{
	scratch = tu_tempdir();
	open_testdb(&a, "a.db");
	scan_files(&a, files3, 3);
}

static void teardown(void)
{
	close_testdb(&a);
	tu_rmtree(scratch);
	free(scratch);
}

static char *query_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s = db_prepare(db, sql);
	char *v = NULL;

	ck_assert_ptr_nonnull(s);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0))
		v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v ? v : xstrdup("(null)");
}

#define CHECK_TEXT(db, sql, want) do {						\
	char *got_ = query_text(db, sql);					\
	ck_assert_msg(!strcmp(got_, want), "%s: got '%s', expected '%s'", sql, got_, want); \
	free(got_);								\
} while (0)

static int decide(sqlite3 *db, long long id, const char *status, const char *reason,
		  const char *note, const char *at)
{
	struct review_decision d = { status, reason, note, "Rita Reviewer <rita@example.org>",
				     at };

	return review_record(db, id, &d);
}

START_TEST(test_record_mirrors_status)
{
	ck_assert_int_eq(decide(a.db, 1, "accepted", NULL, NULL, AT1), 1);
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE id = 1", "accepted");
	ck_assert_int_eq(decide(a.db, 1, "rejected", "not-worth-it", "on second thought", AT2), 1);
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE id = 1", "rejected");
	/* The change of mind keeps the first decision. */
	CHECK_TEXT(a.db, "SELECT group_concat(status || '/' || coalesce(reason, '-'), ' ') "
		   "FROM (SELECT * FROM review WHERE finding_id = 1 ORDER BY id)",
		   "accepted/- rejected/not-worth-it");
	CHECK_TEXT(a.db, "SELECT reviewer || '|' || at || '|' || note FROM review WHERE id = 2",
		   "Rita Reviewer <rita@example.org>|" AT2 "|on second thought");
	/* Reopened: new again. */
	ck_assert_int_eq(decide(a.db, 1, "new", NULL, NULL, AT3), 1);
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE id = 1", "new");
	/* The other findings are untouched. */
	CHECK_TEXT(a.db, "SELECT group_concat(status) FROM finding WHERE id <> 1", "new,new");
	/* The view agrees on the latest decision. */
	CHECK_TEXT(a.db, "SELECT status FROM review_history WHERE finding_id = 1 AND latest",
		   "new");
}
END_TEST

START_TEST(test_repeats_are_not_recorded)
{
	ck_assert_int_eq(decide(a.db, 2, "new", NULL, NULL, NULL), 0);
	ck_assert_int_eq(decide(a.db, 2, "accepted", NULL, NULL, NULL), 1);
	ck_assert_int_eq(decide(a.db, 2, "accepted", NULL, NULL, NULL), 0);
	/* With a note it is recorded: the note is news. */
	ck_assert_int_eq(decide(a.db, 2, "accepted", NULL, "patch sent", NULL), 1);
	ck_assert_int_eq(db_query_int(a.db, "SELECT count(*) FROM review", -1), 2);
	/* A time of now, in the format of the others. */
	CHECK_TEXT(a.db, "SELECT count(*) FROM review WHERE at GLOB "
		   "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]Z'",
		   "2");
}
END_TEST

START_TEST(test_invalid_decisions)
{
	ck_assert_int_eq(decide(a.db, 1, "rejected", NULL, NULL, NULL), -1);
	ck_assert(strstr(last_error(), "needs a reason"));
	ck_assert_int_eq(decide(a.db, 1, "accepted", "intentional", NULL, NULL), -1);
	ck_assert(strstr(last_error(), "only a rejection has a reason"));
	ck_assert_int_eq(decide(a.db, 1, "rejected", "boring", NULL, NULL), -1);
	ck_assert(strstr(last_error(), "not 'boring'"));
	ck_assert_int_eq(decide(a.db, 1, "fixed", NULL, NULL, NULL), -1);
	ck_assert_int_eq(decide(a.db, 1, "accepted", NULL, NULL, "yesterday"), -1);
	ck_assert(strstr(last_error(), "not an RFC 3339 UTC time like"));
	ck_assert_int_eq(db_query_int(a.db, "SELECT count(*) FROM review", -1), 0);
	ck_assert(review_reason_valid("false-positive"));
	ck_assert(!review_reason_valid("false positive"));
	ck_assert(!review_reason_valid(NULL));
	ck_assert(review_time_valid(AT1));
	ck_assert(!review_time_valid("2026-01-01 10:00:00Z"));
	ck_assert(!review_time_valid("2026-01-01T10:00:00"));
}
END_TEST

/* Impossible or future times are refused, with the reason (issue 18, item 4). */
START_TEST(test_time_problems)
{
	const time_t now = 1780000000; /* 2026-05-28T20:26:40Z */

	ck_assert_ptr_null(review_time_problem("2026-05-28T20:26:40Z", now));
	ck_assert_ptr_null(review_time_problem("2024-02-29T23:59:59Z", now));
	ck_assert_ptr_null(review_time_problem("2000-02-29T00:00:00Z", now));
	ck_assert_ptr_null(review_time_problem("2026-05-28T20:31:40Z", now)); /* + 5 min */
	ck_assert_str_eq(review_time_problem("9999-99-99T99:99:99Z", now), "no such date");
	ck_assert_str_eq(review_time_problem("2026-02-30T25:61:61Z", now), "no such date");
	ck_assert_str_eq(review_time_problem("2025-02-29T00:00:00Z", now), "no such date");
	ck_assert_str_eq(review_time_problem("1900-02-29T00:00:00Z", now), "no such date");
	ck_assert_str_eq(review_time_problem("2026-04-31T00:00:00Z", now), "no such date");
	ck_assert_str_eq(review_time_problem("2026-00-10T00:00:00Z", now), "no such date");
	ck_assert_str_eq(review_time_problem("2026-01-00T00:00:00Z", now), "no such date");
	ck_assert(strstr(review_time_problem("2026-01-01T24:00:00Z", now), "no such time"));
	ck_assert(strstr(review_time_problem("2026-01-01T23:60:00Z", now), "no such time"));
	ck_assert(strstr(review_time_problem("2026-01-01T23:59:60Z", now), "no such time"));
	ck_assert(strstr(review_time_problem("2026-05-28T20:31:41Z", now), "later than now"));
	ck_assert(strstr(review_time_problem("9999-12-31T23:59:59Z", now), "later than now"));
	ck_assert(strstr(review_time_problem("2026-01-01T00:00:00+01:00", now), "RFC 3339"));
	ck_assert(strstr(review_time_problem(NULL, now), "RFC 3339"));
	ck_assert_int_eq(decide(a.db, 1, "accepted", NULL, NULL, "2026-02-30T10:00:00Z"), -1);
	ck_assert(strstr(last_error(), "'2026-02-30T10:00:00Z' is refused: no such date"));
}
END_TEST

START_TEST(test_append_only)
{
	ck_assert_int_eq(decide(a.db, 1, "accepted", NULL, NULL, AT1), 1);
	ck_assert_int_eq(db_exec(a.db, "UPDATE review SET status = 'rejected'"), -1);
	ck_assert_int_eq(db_exec(a.db, "DELETE FROM review"), -1);
	CHECK_TEXT(a.db, "SELECT status FROM review", "accepted");
}
END_TEST

START_TEST(test_latest_is_by_time)
{
	ck_assert_int_eq(decide(a.db, 1, "accepted", NULL, NULL, AT2), 1);
	/* An older decision recorded later (an import) does not win. */
	ck_assert_int_eq(decide(a.db, 1, "rejected", "intentional", NULL, AT1), 1);
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE id = 1", "accepted");
	CHECK_TEXT(a.db, "SELECT status FROM review_history WHERE finding_id = 1 AND latest",
		   "accepted");
}
END_TEST

START_TEST(test_fixed_stays_fixed)
{
	static const char *const two[] = { "fs/a.c", "fs/b.c" };

	/* fs/c.c's finding goes away. */
	scan_files_gone(&a, two, 2, "fs/c.c");
	CHECK_TEXT(a.db, "SELECT status || '/' || fixed_run FROM finding WHERE id = 3", "fixed/2");
	ck_assert_int_eq(decide(a.db, 3, "rejected", "false-positive", NULL, AT2), 1);
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE id = 3", "fixed");
	/* An older decision recorded later (an import) is not the latest. */
	ck_assert_int_eq(decide(a.db, 3, "accepted", NULL, NULL, AT1), 1);
	/* It comes back: its latest decision is its status again. */
	scan_files(&a, files3, 3);
	CHECK_TEXT(a.db, "SELECT status || '/' || coalesce(fixed_run, '-') FROM finding "
		   "WHERE id = 3", "rejected/-");
}
END_TEST

START_TEST(test_notes)
{
	ck_assert_int_eq(review_record_note(a.db, 1, "look at the caller", "N"), 1);
	CHECK_TEXT(a.db, "SELECT status || '|' || note FROM review", "new|look at the caller");
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE id = 1", "new");
	ck_assert_int_eq(decide(a.db, 1, "rejected", "intentional", NULL, NULL), 1);
	ck_assert_int_eq(review_record_note(a.db, 1, "the caller needs pages", "N"), 1);
	/* A note repeats the latest decision, reason included. */
	CHECK_TEXT(a.db, "SELECT status || '|' || reason || '|' || note FROM review "
		   "ORDER BY id DESC LIMIT 1", "rejected|intentional|the caller needs pages");
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE id = 1", "rejected");
}
END_TEST

static char *history_of(sqlite3 *db, long long id)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(review_print_history(db, id, f), 0);
	fclose(f);
	return buf;
}

START_TEST(test_print_history)
{
	char *h = history_of(a.db, 1);

	ck_assert(strstr(h, "reviews: none yet"));
	free(h);
	ck_assert_int_eq(decide(a.db, 1, "rejected", "not-worth-it", "tiny", AT2), 1);
	ck_assert_int_eq(decide(a.db, 1, "accepted", NULL, NULL, AT1), 1);
	h = history_of(a.db, 1);
	/* Oldest first, by time. */
	ck_assert_str_eq(h, "\nreviews:\n"
			 "  " AT1 "  accepted by Rita Reviewer <rita@example.org>\n"
			 "  " AT2 "  rejected (not-worth-it) by Rita Reviewer <rita@example.org>\n"
			 "      note: tiny\n");
	free(h);
}
END_TEST

START_TEST(test_identity)
{
	char *cwd = getcwd(NULL, 0), *gitconfig = xstrfmt("%s/gitconfig", scratch), *who;

	ck_assert_ptr_nonnull(cwd);
	/* Outside any repository, with only the configuration file of the test. */
	ck_assert_int_eq(chdir(scratch), 0);
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("GIT_CONFIG_GLOBAL", gitconfig, 1);
	setenv("GIT_CEILING_DIRECTORIES", scratch, 1);
	tu_write(scratch, "gitconfig",
		 "[user]\n\tname = Gita Config\n\temail = gita@example.org\n");
	who = review_identity(NULL);
	ck_assert_str_eq(who, "Gita Config <gita@example.org>");
	free(who);
	tu_write(scratch, "gitconfig", "[user]\n\temail = gita@example.org\n");
	who = review_identity(NULL);
	ck_assert_str_eq(who, "<gita@example.org>");
	free(who);
	tu_write(scratch, "gitconfig", "[core]\n\tquotepath = false\n");
	ck_assert_ptr_null(review_identity(NULL));
	ck_assert(strstr(last_error(), "pass --reviewer NAME"));
	who = review_identity("Opt Ion");
	ck_assert_str_eq(who, "Opt Ion");
	free(who);
	ck_assert_ptr_null(review_identity(""));
	ck_assert_int_eq(chdir(cwd), 0);
	unsetenv("GIT_CONFIG_GLOBAL");
	unsetenv("GIT_CONFIG_NOSYSTEM");
	unsetenv("GIT_CEILING_DIRECTORIES");
	free(gitconfig);
	free(cwd);
}
END_TEST

/* Every decision of db as one line per decision, by fingerprint: for comparing databases. */
static char *all_decisions(sqlite3 *db)
{
	return query_text(db, "SELECT group_concat(x, char(10)) FROM (SELECT f.fingerprint || "
			  "'|' || r.status || '|' || coalesce(r.reason, '-') || '|' || r.reviewer "
			  "|| '|' || r.at || '|' || coalesce(r.note, '-') AS x FROM review r JOIN "
			  "finding f ON f.id = r.finding_id ORDER BY f.fingerprint, r.at, r.id)");
}

static void decide_some(sqlite3 *db)
{
	ck_assert_int_eq(decide(db, 1, "accepted", NULL, NULL, AT1), 1);
	ck_assert_int_eq(decide(db, 1, "rejected", "intentional", "needs\ta \"page\"\n", AT2), 1);
	ck_assert_int_eq(decide(db, 3, "rejected", "false-positive", "caf\xc3\xa9", AT1), 1);
}

START_TEST(test_export_import_round_trip)
{
	char *path = xstrfmt("%s/reviews.json", scratch), *want, *got;
	struct review_import_summary sum;
	static const char *const other_order[] = { "fs/c.c", "fs/a.c", "fs/b.c" };

	decide_some(a.db);
	ck_assert_int_eq(review_export(a.db, path, false, NULL), 0);
	/* Not over an existing file without force. */
	ck_assert_int_eq(review_export(a.db, path, false, NULL), -1);
	ck_assert_int_eq(review_export(a.db, path, true, NULL), 0);
	/* A fresh database that scanned the same tree: other ids, same fingerprints. */
	open_testdb(&b, "b.db");
	scan_files(&b, other_order, 3);
	ck_assert_int_eq(review_import(b.db, path, &sum), 0);
	ck_assert_int_eq(sum.added, 3);
	ck_assert_int_eq(sum.present, 0);
	ck_assert_int_eq(sum.findings, 2);
	ck_assert_int_eq(sum.unknown_findings, 0);
	want = all_decisions(a.db);
	got = all_decisions(b.db);
	ck_assert_str_eq(got, want);
	free(got);
	CHECK_TEXT(b.db, "SELECT group_concat(file || ':' || status, ' ') FROM "
		   "(SELECT * FROM finding ORDER BY file)",
		   "fs/a.c:rejected fs/b.c:new fs/c.c:rejected");
	/* Importing again adds nothing. */
	ck_assert_int_eq(review_import(b.db, path, &sum), 0);
	ck_assert_int_eq(sum.added, 0);
	ck_assert_int_eq(sum.present, 3);
	got = all_decisions(b.db);
	ck_assert_str_eq(got, want);
	free(got);
	/* Back the other way after a decision in b: only that one is new to a. */
	CHECK_TEXT(b.db, "SELECT file FROM finding WHERE id = 2", "fs/a.c");
	ck_assert_int_eq(decide(b.db, 2, "accepted", NULL, NULL, AT3), 1);
	ck_assert_int_eq(review_export(b.db, path, true, NULL), 0);
	ck_assert_int_eq(review_import(a.db, path, &sum), 0);
	ck_assert_int_eq(sum.added, 1);
	ck_assert_int_eq(sum.present, 3);
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE file = 'fs/a.c'", "accepted");
	free(want);
	close_testdb(&b);
	free(path);
}
END_TEST

START_TEST(test_import_unknown_findings)
{
	char *path = xstrfmt("%s/reviews.json", scratch);
	struct review_import_summary sum;
	static const char *const only_b[] = { "fs/b.c" };

	decide_some(a.db);
	ck_assert_int_eq(review_export(a.db, path, false, NULL), 0);
	open_testdb(&b, "b.db");
	scan_files(&b, only_b, 1);
	ck_assert_int_eq(review_import(b.db, path, &sum), 0);
	ck_assert_int_eq(sum.added, 0);
	ck_assert_int_eq(sum.unknown_findings, 2);
	ck_assert_int_eq(sum.unknown_decisions, 3);
	ck_assert(strstr(last_error(), "scan the tree they come from"));
	ck_assert(strstr(last_error(), "\n  r fs/a.c in fn() (fingerprint "));
	ck_assert(strstr(last_error(), "\n  r fs/c.c in fn() (fingerprint "));
	ck_assert_int_eq(db_query_int(b.db, "SELECT count(*) FROM review", -1), 0);
	/* After a scan that sees them, the same file seeds them. */
	scan_files(&b, files3, 3);
	ck_assert_int_eq(review_import(b.db, path, &sum), 0);
	ck_assert_int_eq(sum.added, 3);
	ck_assert_int_eq(sum.unknown_findings, 0);
	close_testdb(&b);
	free(path);
}
END_TEST

START_TEST(test_import_equal_decisions)
{
	char *path = xstrfmt("%s/reviews.json", scratch);
	struct review_import_summary sum;

	/* A change of mind and back within one second: two equal decisions around another. */
	ck_assert_int_eq(decide(a.db, 2, "rejected", "intentional", NULL, AT1), 1);
	ck_assert_int_eq(decide(a.db, 2, "new", NULL, NULL, AT1), 1);
	ck_assert_int_eq(decide(a.db, 2, "rejected", "intentional", NULL, AT1), 1);
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE id = 2", "rejected");
	ck_assert_int_eq(review_export(a.db, path, false, NULL), 0);
	open_testdb(&b, "b.db");
	scan_files(&b, files3, 3);
	ck_assert_int_eq(review_import(b.db, path, &sum), 0);
	ck_assert_int_eq(sum.added, 3);
	CHECK_TEXT(b.db, "SELECT group_concat(status, ',') FROM (SELECT status FROM review "
		   "ORDER BY id)", "rejected,new,rejected");
	CHECK_TEXT(b.db, "SELECT status FROM finding WHERE id = 2", "rejected");
	ck_assert_int_eq(review_import(b.db, path, &sum), 0);
	ck_assert_int_eq(sum.added, 0);
	ck_assert_int_eq(sum.present, 3);
	close_testdb(&b);
	free(path);
}
END_TEST

#define FP_A "SELECT fingerprint FROM finding WHERE id = 1"

/*
 * A big import commits every 1000 decisions (so other writers get the database in
 * between), each batch with the finding's status in step; after a failure, importing the
 * file again adds only the rest.
 */
START_TEST(test_import_batches)
{
	char *path = xstrfmt("%s/many.json", scratch), *fp = query_text(a.db, FP_A);
	struct review_import_summary sum;
	struct strbuf json = STRBUF_INIT;

	strbuf_addf(&json, "{\"format\": \"whichalloc-reviews\", \"version\": 1, \"findings\": "
		    "[{\"fingerprint\": \"%s\", \"decisions\": [", fp);
	for (int i = 0; i < 2500; i++)
		strbuf_addf(&json, "%s{\"status\": \"%s\", \"reviewer\": \"r\", \"at\": "
			    "\"2026-01-01T%02d:%02d:%02dZ\"}", i ? ", " : "",
			    i % 2 ? "accepted" : "new", i / 3600, i / 60 % 60, i % 60);
	strbuf_addstr(&json, "]}]}");
	tu_write(scratch, "many.json", json.buf);
	ck_assert_int_eq(db_exec(a.db, "CREATE TEMP TRIGGER stop BEFORE INSERT ON main.review "
				 "WHEN (SELECT count(*) FROM main.review) >= 1500 "
				 "BEGIN SELECT RAISE(ABORT, 'stop here'); END"), 0);
	ck_assert_int_eq(review_import(a.db, path, &sum), -1);
	ck_assert(strstr(last_error(), "1000 decisions were imported before the error"));
	ck_assert_int_eq(sum.added, 1000);
	ck_assert_int_eq(db_query_int(a.db, "SELECT count(*) FROM review", -1), 1000);
	/* Decision 999, the last of the first batch, is an acceptance. */
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE id = 1", "accepted");
	ck_assert_int_eq(db_exec(a.db, "DROP TRIGGER temp.stop"), 0);
	ck_assert_int_eq(review_import(a.db, path, &sum), 0);
	ck_assert_int_eq(sum.added, 1500);
	ck_assert_int_eq(sum.present, 1000);
	ck_assert_int_eq(db_query_int(a.db, "SELECT count(*) FROM review", -1), 2500);
	CHECK_TEXT(a.db, "SELECT status FROM finding WHERE id = 1", "accepted");
	strbuf_release(&json);
	free(fp);
	free(path);
}
END_TEST

static void import_fails(const char *json, const char *message)
{
	struct review_import_summary sum;

	tu_write(scratch, "bad.json", json);
	{
		char *path = xstrfmt("%s/bad.json", scratch);

		ck_assert_int_eq(review_import(a.db, path, &sum), -1);
		ck_assert_msg(strstr(last_error(), message), "'%s' lacks '%s'", last_error(),
			      message);
		free(path);
	}
	ck_assert_int_eq(db_query_int(a.db, "SELECT count(*) FROM review", -1), 0);
}

START_TEST(test_import_refuses_bad_files)
{
	char *fp = query_text(a.db, FP_A);
	char *good_then_bad = xstrfmt(
		"{\"format\": \"whichalloc-reviews\", \"version\": 1, \"findings\": ["
		"{\"fingerprint\": \"%s\", \"decisions\": [{\"status\": \"accepted\", "
		"\"reviewer\": \"x\", \"at\": \"" AT1 "\"}]},"
		"{\"fingerprint\": \"%s\", \"decisions\": [{\"status\": \"rejected\", "
		"\"reason\": \"meh\", \"reviewer\": \"x\", \"at\": \"" AT1 "\"}]}]}", fp, fp);

	import_fails("not json", "cannot read");
	import_fails("{\"format\": \"something\", \"findings\": []}", "not a whichalloc review");
	import_fails("{\"format\": \"whichalloc-reviews\", \"version\": 7, \"findings\": []}",
		     "export version 7");
	import_fails("{\"format\": \"whichalloc-reviews\", \"version\": 1, \"findings\": "
		     "[{\"fingerprint\": \"xyz\", \"decisions\": []}]}", "valid fingerprint");
	/* One bad decision: nothing of the file is imported. */
	import_fails(good_then_bad, "findings[1].decisions[0]");
	free(good_then_bad);
	free(fp);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("review");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_record_mirrors_status);
	tcase_add_test(tc, test_repeats_are_not_recorded);
	tcase_add_test(tc, test_invalid_decisions);
	tcase_add_test(tc, test_time_problems);
	tcase_add_test(tc, test_import_batches);
	tcase_add_test(tc, test_append_only);
	tcase_add_test(tc, test_latest_is_by_time);
	tcase_add_test(tc, test_fixed_stays_fixed);
	tcase_add_test(tc, test_notes);
	tcase_add_test(tc, test_print_history);
	tcase_add_test(tc, test_identity);
	tcase_add_test(tc, test_export_import_round_trip);
	tcase_add_test(tc, test_import_unknown_findings);
	tcase_add_test(tc, test_import_equal_decisions);
	tcase_add_test(tc, test_import_refuses_bad_files);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * triage.c: what "open" means, what needs action, what the default leaves out and says.
 */
#include "db.h"
#include "testutil.h"
#include "triage.h"

START_TEST(test_open)
{
	ck_assert(status_is_open("new"));
	ck_assert(status_is_open("accepted"));
	ck_assert(!status_is_open("rejected"));
	ck_assert(!status_is_open("fixed"));
	ck_assert(!status_is_open(NULL));
	ck_assert(finding_needs_action("replace", "new"));
	ck_assert(finding_needs_action("review", "accepted"));
	ck_assert(!finding_needs_action("keep", "new"));
	ck_assert(!finding_needs_action("replace", "rejected"));
	ck_assert(!finding_needs_action("review", "fixed"));
}
END_TEST

static void add_row(struct row_list *rows, long long id, const char *verdict,
		    const char *status)
{
	struct finding_row *r;

	ALLOC_GROW(rows->items, rows->nr + 1, rows->alloc);
	r = &rows->items[rows->nr++];
	memset(r, 0, sizeof(*r));
	r->id = id;
	r->verdict = xstrdup(verdict);
	r->status = xstrdup(status);
}

static void sample(struct row_list *rows)
{
	memset(rows, 0, sizeof(*rows));
	add_row(rows, 1, "replace", "new");
	add_row(rows, 2, "keep", "new");
	add_row(rows, 3, "review", "accepted");
	add_row(rows, 4, "replace", "rejected");
	add_row(rows, 5, "keep", "accepted");
	add_row(rows, 6, "review", "fixed");
}

START_TEST(test_filter_default)
{
	struct finding_filter o = { 0 };
	struct row_list rows;
	struct triage_left_out left;
	bool keep[6];
	char *text;

	sample(&rows);
	ck_assert(triage_default_applies(&o));
	triage_filter(&o, &rows, &left, keep);
	ck_assert_int_eq(rows.nr, 2);
	ck_assert_int_eq(rows.items[0].id, 1);
	ck_assert_int_eq(rows.items[1].id, 3);
	ck_assert(keep[0] && !keep[1] && keep[2] && !keep[3] && !keep[4] && !keep[5]);
	ck_assert_int_eq(left.keep, 2);
	ck_assert_int_eq(left.rejected, 1);
	ck_assert_int_eq(left.fixed, 1);
	ck_assert_int_eq(triage_left_out_total(&left), 4);
	text = triage_left_out_text(&left, "--all");
	ck_assert_str_eq(text, "4 findings not shown (2 keep, 1 rejected, 1 fixed); --all shows "
			 "them");
	free(text);
	row_list_clear(&rows);
}
END_TEST

START_TEST(test_filter_asked_for)
{
	static const struct finding_filter asked[] = {
		{ .all = true }, { .verdict = "keep" }, { .status = "rejected" },
	};
	struct triage_left_out left;
	struct row_list rows;

	for (size_t i = 0; i < ARRAY_SIZE(asked); i++) {
		ck_assert(!triage_default_applies(&asked[i]));
		sample(&rows);
		triage_filter(&asked[i], &rows, &left, NULL);
		ck_assert_int_eq(rows.nr, 6);
		ck_assert_int_eq(triage_left_out_total(&left), 0);
		ck_assert_ptr_null(triage_left_out_text(&left, "--all"));
		row_list_clear(&rows);
	}
	/* A filter on rule, file or subsystem keeps the default. */
	ck_assert(triage_default_applies(&(struct finding_filter){ .subsys = "x", .rule = "r" }));
}
END_TEST

START_TEST(test_one_left_out)
{
	struct triage_left_out left = { 1, 0, 0 };
	char *text = triage_left_out_text(&left, "--all");

	ck_assert_str_eq(text, "1 finding not shown (1 keep); --all shows them");
	free(text);
}
END_TEST

START_TEST(test_sql_function)
{
	sqlite3 *db;

	ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	ck_assert_int_eq(triage_register_sql(db), 0);
	ck_assert_int_eq(db_query_int(db, "SELECT whichalloc_open('new') + "
				      "2 * whichalloc_open('accepted') + "
				      "4 * whichalloc_open('rejected') + "
				      "8 * whichalloc_open('fixed') + "
				      "16 * coalesce(whichalloc_open(NULL), 0)", -1), 3);
	sqlite3_close(db);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("triage");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_open);
	tcase_add_test(tc, test_filter_default);
	tcase_add_test(tc, test_filter_asked_for);
	tcase_add_test(tc, test_one_left_out);
	tcase_add_test(tc, test_sql_function);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

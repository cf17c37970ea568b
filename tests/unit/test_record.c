// SPDX-License-Identifier: GPL-2.0-only
/*
 * record.c: WA1 records, their escapes, and the diffs around them.
 */
#include "record.h"
#include "testutil.h"

static const char diff_one[] =
	"diff -u -p a/fs/a.c b/fs/a.c\n"
	"--- a/fs/a.c\n"
	"+++ b/fs/a.c\n"
	"@@ -1,3 +1,3 @@ int f(void)\n"
	" a\n"
	"-b\n"
	"+c\n"
	" d\n";

static const char diff_two[] =
	"diff -u -p a/fs/b.c b/fs/b.c\n"
	"--- a/fs/b.c\n"
	"+++ b/fs/b.c\n"
	"@@ -10,2 +10,3 @@ static int g(int x)\n"
	" x\n"
	"+y\n"
	" z\n"
	"@@ -20 +21 @@ static int h(void)\n"
	"-old\n"
	"+new\n"
	"\\ No newline at end of file\n";

START_TEST(test_unescape_every_escape)
{
	struct strbuf sb = STRBUF_INIT;
	const char in[] = "a\\\\b\\tc\\nd\\re\\x01\\x7f\\xc3\\xa9";

	ck_assert_int_eq(unescape_field(in, strlen(in), &sb), 0);
	ck_assert_int_eq(sb.len, 13);
	ck_assert_mem_eq(sb.buf, "a\\b\tc\nd\re\x01\x7f\xc3\xa9", 13);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_unescape_rejects_bad_escapes)
{
	static const char *const bad[] = {
		"\\", "x\\q", "\\x4", "\\xzz", "tab\there", "\xc3\xa9",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct strbuf sb = STRBUF_INIT;

		ck_assert_msg(unescape_field(bad[i], strlen(bad[i]), &sb) == -1,
			      "accepted \"%s\"", bad[i]);
		strbuf_release(&sb);
	}
}
END_TEST

START_TEST(test_parse_record_fields)
{
	const char line[] = "WA1\tr1\treplace\tfs/x y.c\t12\t4\t13\t20\tfoo_show\t"
			    "plain\\tbuffer \\x41\\\\";
	struct wa_record rec;

	ck_assert_int_eq(parse_record(line, strlen(line), &rec), 0);
	ck_assert_str_eq(rec.rule, "r1");
	ck_assert_str_eq(rec.verdict, "replace");
	ck_assert_str_eq(rec.file, "fs/x y.c");
	ck_assert_int_eq(rec.line, 12);
	ck_assert_int_eq(rec.col, 4);
	ck_assert_int_eq(rec.end_line, 13);
	ck_assert_int_eq(rec.end_col, 20);
	ck_assert_str_eq(rec.function, "foo_show");
	ck_assert_str_eq(rec.message, "plain\tbuffer A\\");
	wa_record_clear(&rec);
}
END_TEST

START_TEST(test_parse_record_malformed)
{
	static const char *const bad[] = {
		"WA1\tr\treplace\tf.c\t1\t0\t1\t2\tfn",			/* 9 fields */
		"WA1\tr\treplace\tf.c\t1\t0\t1\t2\tfn\tm\textra",	/* 11 fields */
		"WA1\tr\tfix\tf.c\t1\t0\t1\t2\tfn\tm",			/* bad verdict */
		"WA1\tr\tkeep\tf.c\tone\t0\t1\t2\tfn\tm",		/* bad number */
		"WA1\tr\tkeep\tf.c\t0\t0\t1\t2\tfn\tm",			/* line 0 */
		"WA1\tr\tkeep\tf.c\t5\t0\t4\t2\tfn\tm",			/* ends before start */
		"WA1\tr\tkeep\t\t1\t0\t1\t2\tfn\tm",			/* no file */
		"WA2\tr\tkeep\tf.c\t1\t0\t1\t2\tfn\tm",			/* other version */
		"WA1\tr\tkeep\tf.c\t1\t0\t1\t2\tfn\tbad \\q escape",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct wa_record rec;

		ck_assert_msg(parse_record(bad[i], strlen(bad[i]), &rec) == -1,
			      "accepted record %zu", i);
	}
}
END_TEST

START_TEST(test_output_records_and_diffs)
{
	struct spatch_output out = SPATCH_OUTPUT_INIT;
	struct strbuf buf = STRBUF_INIT;

	strbuf_addstr(&buf, "WA1\tr\treplace\tfs/a.c\t2\t0\t2\t1\tf\tm1\n");
	strbuf_addstr(&buf, "WA1\tr\tkeep\tfs/b.c\t11\t0\t11\t1\tg\tm2\n");
	strbuf_addstr(&buf, diff_one);
	strbuf_addstr(&buf, diff_two);
	strbuf_addstr(&buf, "WA1\tr\treview\tfs/b.c\t21\t0\t21\t3\th\tm3\n");
	parse_spatch_output(buf.buf, buf.len, &out);
	ck_assert_int_eq(out.nr_records, 3);
	ck_assert_str_eq(out.records[2].verdict, "review");
	ck_assert_int_eq(out.nr_diffs, 2);
	ck_assert_str_eq(out.diffs[0].path, "fs/a.c");
	ck_assert_str_eq(out.diffs[0].text, diff_one);
	ck_assert_str_eq(out.diffs[1].path, "fs/b.c");
	ck_assert_str_eq(out.diffs[1].text, diff_two);
	ck_assert_int_eq(out.nr_garbage, 0);
	ck_assert_int_eq(out.nr_malformed, 0);
	ck_assert(!out.truncated);
	spatch_output_clear(&out);
	strbuf_release(&buf);
}
END_TEST

START_TEST(test_output_garbage_lines)
{
	struct spatch_output out = SPATCH_OUTPUT_INIT;
	struct strbuf buf = STRBUF_INIT;

	strbuf_addstr(&buf, "hello from a python print\n");
	strbuf_addstr(&buf, "WA1\tbroken\n");
	strbuf_addstr(&buf, diff_one);
	strbuf_addstr(&buf, "stray after a diff\n");
	strbuf_addstr(&buf, "WA1\tr\tkeep\tfs/a.c\t1\t0\t1\t1\tf\tok\n");
	parse_spatch_output(buf.buf, buf.len, &out);
	ck_assert_int_eq(out.nr_records, 1);
	ck_assert_int_eq(out.nr_diffs, 1);
	ck_assert_str_eq(out.diffs[0].text, diff_one);
	ck_assert_int_eq(out.nr_garbage, 2);
	ck_assert_int_eq(out.nr_malformed, 1);
	ck_assert_str_eq(out.problem.buf, "hello from a python print");
	spatch_output_clear(&out);
	strbuf_release(&buf);
}
END_TEST

START_TEST(test_output_garbage_inside_hunk_drops_diff)
{
	struct spatch_output out = SPATCH_OUTPUT_INIT;
	const char text[] = "diff -u -p a/f.c b/f.c\n--- a/f.c\n+++ b/f.c\n"
			    "@@ -1,3 +1,3 @@\n a\nnot a diff line\n";

	parse_spatch_output(text, strlen(text), &out);
	ck_assert_int_eq(out.nr_diffs, 0);
	ck_assert_int_eq(out.nr_malformed, 1);
	ck_assert_int_eq(out.nr_garbage, 1);
	spatch_output_clear(&out);
}
END_TEST

START_TEST(test_output_truncated_record)
{
	struct spatch_output out = SPATCH_OUTPUT_INIT;
	const char text[] = "WA1\tr\tkeep\tf.c\t1\t0\t1\t1\tf\tcomplete\n"
			    "WA1\tr\tkeep\tf.c\t2\t0\t2\t1\tf\tcut";

	parse_spatch_output(text, strlen(text), &out);
	ck_assert_int_eq(out.nr_records, 1);
	ck_assert_str_eq(out.records[0].message, "complete");
	ck_assert(out.truncated);
	spatch_output_clear(&out);
}
END_TEST

START_TEST(test_output_truncated_hunk)
{
	struct spatch_output out = SPATCH_OUTPUT_INIT;
	struct strbuf buf = STRBUF_INIT;

	strbuf_addstr(&buf, diff_one);
	/* diff_two without its last two body lines */
	strbuf_add(&buf, diff_two,
		   strlen(diff_two) - strlen("+new\n\\ No newline at end of file\n"));
	parse_spatch_output(buf.buf, buf.len, &out);
	ck_assert(out.truncated);
	ck_assert_int_eq(out.nr_diffs, 1);
	ck_assert_str_eq(out.diffs[0].path, "fs/a.c");
	spatch_output_clear(&out);
	strbuf_release(&buf);
}
END_TEST

START_TEST(test_output_empty)
{
	struct spatch_output out = SPATCH_OUTPUT_INIT;

	parse_spatch_output("", 0, &out);
	ck_assert_int_eq(out.nr_records + out.nr_diffs + out.nr_garbage, 0);
	ck_assert(!out.truncated);
	spatch_output_clear(&out);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("record");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_unescape_every_escape);
	tcase_add_test(tc, test_unescape_rejects_bad_escapes);
	tcase_add_test(tc, test_parse_record_fields);
	tcase_add_test(tc, test_parse_record_malformed);
	tcase_add_test(tc, test_output_records_and_diffs);
	tcase_add_test(tc, test_output_garbage_lines);
	tcase_add_test(tc, test_output_garbage_inside_hunk_drops_diff);
	tcase_add_test(tc, test_output_truncated_record);
	tcase_add_test(tc, test_output_truncated_hunk);
	tcase_add_test(tc, test_output_empty);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

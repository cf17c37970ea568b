// SPDX-License-Identifier: GPL-2.0-only
/*
 * series-diff.c: a series' patches regenerated as git writes them, one after the other.
 * The expected diffs are git 2.39.5's for the same steps.
 */
#include "series-diff.h"
#include "testutil.h"

/* The scanned file. */
static const char orig[] =
	"static int a_function_with_a_rather_long_name_that_goes_past_forty(int x)\n"
	"{\n"
	"\tstep(1);\n"
	"\tstep(2);\n"
	"\tstep(3);\n"
	"\tstep(4);\n"
	"\tstep(5);\n"
	"\tstep(6);\n"
	"\tstep(7);\n"
	"\tstep(8);\n"
	"out:\n"
	"\treturn x;\n"
	"}\n"
	"\n"
	"static int second(void)\n"
	"{\n"
	"\tdo_1();\n"
	"\tdo_2();\n"
	"\tdo_3();\n"
	"\tdo_4();\n"
	"\tdo_5();\n"
	"\tdo_6();\n"
	"\tdo_7();\n"
	"\tdo_8();\n"
	"\tdo_9();\n"
	"\tdo_10();\n"
	"\tdo_11();\n"
	"\treturn 0;\n"
	"}\n";

/* Two stored diffs of two rules, both against the scanned file (GNU diff -u -p). */
static const char diff_a[] =
	"--- a/dir/f.c\n"
	"+++ b/dir/f.c\n"
	"@@ -1,7 +1,7 @@\n"
	" static int a_function_with_a_rather_long_name_that_goes_past_forty(int x)\n"
	" {\n"
	" \tstep(1);\n"
	"-\tstep(2);\n"
	"+\tSTEP(4);\n"
	" \tstep(3);\n"
	" \tstep(4);\n"
	" \tstep(5);\n"
	"@@ -9,6 +9,7 @@ static int a_function_with_a_rather_long\n"
	" \tstep(7);\n"
	" \tstep(8);\n"
	" out:\n"
	"+\tx++;\n"
	" \treturn x;\n"
	" }\n"
	" \n";

static const char diff_b[] =
	"--- a/dir/f.c\n"
	"+++ b/dir/f.c\n"
	"@@ -16,14 +16,14 @@ static int second(void)\n"
	" {\n"
	" \tdo_1();\n"
	" \tdo_2();\n"
	"-\tdo_3();\n"
	"+\tdo_three();\n"
	" \tdo_4();\n"
	" \tdo_5();\n"
	"-\tdo_6();\n"
	" \tdo_7();\n"
	" \tdo_8();\n"
	" \tdo_9();\n"
	" \tdo_10();\n"
	"+\textra();\n"
	" \tdo_11();\n"
	" \treturn 0;\n"
	" }\n";

/* What git diff shows for each step (git 2.39.5, default diff driver). */
static const char git_a[] =
	"diff --git a/dir/f.c b/dir/f.c\n"
	"index a62b54c..7185d73 100644\n"
	"--- a/dir/f.c\n"
	"+++ b/dir/f.c\n"
	"@@ -1,7 +1,7 @@\n"
	" static int a_function_with_a_rather_long_name_that_goes_past_forty(int x)\n"
	" {\n"
	" \tstep(1);\n"
	"-\tstep(2);\n"
	"+\tSTEP(4);\n"
	" \tstep(3);\n"
	" \tstep(4);\n"
	" \tstep(5);\n"
	"@@ -9,6 +9,7 @@ static int "
	"a_function_with_a_rather_long_name_that_goes_past_forty(int x)\n"
	" \tstep(7);\n"
	" \tstep(8);\n"
	" out:\n"
	"+\tx++;\n"
	" \treturn x;\n"
	" }\n"
	" \n";

static const char git_b[] =
	"diff --git a/dir/f.c b/dir/f.c\n"
	"index 7185d73..b3bdc24 100644\n"
	"--- a/dir/f.c\n"
	"+++ b/dir/f.c\n"
	"@@ -17,14 +17,14 @@ static int second(void)\n"
	" {\n"
	" \tdo_1();\n"
	" \tdo_2();\n"
	"-\tdo_3();\n"
	"+\tdo_three();\n"
	" \tdo_4();\n"
	" \tdo_5();\n"
	"-\tdo_6();\n"
	" \tdo_7();\n"
	" \tdo_8();\n"
	" \tdo_9();\n"
	" \tdo_10();\n"
	"+\textra();\n"
	" \tdo_11();\n"
	" \treturn 0;\n"
	" }\n";

static void load(struct sd_file *f, const char *text, enum funcname_style style)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, text);
	sd_file_init(f, "dir/f.c", &sb, style, 0100644);
}

/* Parse diff into changes and apply them as one patch; -1 with the reason in why. */
static int step(struct sd_file *f, const char *diff, struct sd_patch *out, struct strbuf *why)
{
	struct sd_changes c = SD_CHANGES_INIT;
	int ret = sd_parse_changes(f, diff, &c, why);

	if (!ret)
		ret = sd_apply(f, &c, 7, out, why);
	sd_changes_clear(&c);
	return ret;
}

START_TEST(test_two_patches_like_git)
{
	struct sd_file f;
	struct sd_patch a, b;
	struct strbuf why = STRBUF_INIT;

	load(&f, orig, FUNCNAME_DEFAULT);
	sd_patch_init(&a);
	sd_patch_init(&b);
	ck_assert_int_eq(step(&f, diff_a, &a, &why), 0);
	ck_assert_str_eq(a.diff.buf, git_a);
	ck_assert_int_eq(a.added, 2);
	ck_assert_int_eq(a.deleted, 1);
	ck_assert_int_eq(a.nr_hunks, 2);
	ck_assert_int_eq(a.hunks[1].old_start, 9);
	ck_assert_int_eq(a.hunks[1].old_count, 6);
	/* The second diff was made against the scanned file, lines before the first's. */
	ck_assert_int_eq(step(&f, diff_b, &b, &why), 0);
	ck_assert_str_eq(b.diff.buf, git_b);
	ck_assert_str_eq(b.before.buf, a.after.buf);
	ck_assert(strstr(b.after.buf, "\tSTEP(4);\n") && strstr(b.after.buf, "\textra();\n"));
	sd_patch_clear(&a);
	sd_patch_clear(&b);
	sd_file_clear(&f);
	strbuf_release(&why);
}
END_TEST

START_TEST(test_shared_hunks_once)
{
	struct sd_file f;
	struct sd_changes c = SD_CHANGES_INIT;
	struct sd_patch p;
	struct strbuf why = STRBUF_INIT;

	/* Two findings whose diffs hold the same hunk make one change. */
	load(&f, orig, FUNCNAME_DEFAULT);
	sd_patch_init(&p);
	ck_assert_int_eq(sd_parse_changes(&f, diff_a, &c, &why), 0);
	ck_assert_int_eq(sd_parse_changes(&f, diff_a, &c, &why), 0);
	ck_assert_int_eq(c.nr, 4);
	ck_assert_int_eq(sd_apply(&f, &c, 7, &p, &why), 0);
	ck_assert_int_eq(c.nr, 2);
	ck_assert_str_eq(p.diff.buf, git_a);
	sd_changes_clear(&c);
	sd_patch_clear(&p);
	sd_file_clear(&f);
	strbuf_release(&why);
}
END_TEST

START_TEST(test_refusals)
{
	struct sd_file f;
	struct sd_changes c = SD_CHANGES_INIT;
	struct sd_patch p, q;
	struct strbuf why = STRBUF_INIT;
	char *wrong = xstrdup(diff_b);

	load(&f, orig, FUNCNAME_DEFAULT);
	sd_patch_init(&p);
	sd_patch_init(&q);
	/* A context line that is not the file's. */
	*strstr(wrong, "do_8") = 'D';
	ck_assert_int_eq(sd_parse_changes(&f, wrong, &c, &why), -1);
	ck_assert(strstr(why.buf, "dir/f.c: line 24 is not what the stored diff expects"));
	sd_changes_clear(&c);
	strbuf_reset(&why);
	/* The same change twice in a row: the second overlaps the first. */
	ck_assert_int_eq(step(&f, diff_a, &p, &why), 0);
	ck_assert_int_eq(step(&f, diff_a, &q, &why), -1);
	ck_assert(strstr(why.buf, "overlaps a change an earlier patch of the series makes"));
	strbuf_reset(&why);
	/* Counts that do not match the hunk header. */
	ck_assert_int_eq(sd_parse_changes(&f, "--- a/dir/f.c\n+++ b/dir/f.c\n@@ -1,3 +1,3 @@\n"
					  " {\n", &c, &why), -1);
	ck_assert_msg(strstr(why.buf, "cannot be read"), "%s", why.buf);
	sd_changes_clear(&c);
	strbuf_reset(&why);
	ck_assert_int_eq(sd_parse_changes(&f, "--- a/dir/f.c\n+++ b/dir/f.c\n", &c, &why), -1);
	ck_assert(strstr(why.buf, "no hunk"));
	sd_changes_clear(&c);
	sd_patch_clear(&p);
	sd_patch_clear(&q);
	sd_file_clear(&f);
	strbuf_release(&why);
	free(wrong);
	ck_assert(sd_path_needs_quoting("fs/a b\"c.c"));
	ck_assert(sd_path_needs_quoting("fs/\xc3\xa9.c"));
	ck_assert(!sd_path_needs_quoting("fs/proc/base.c"));
}
END_TEST

START_TEST(test_no_newline_at_end)
{
	struct sd_file f;
	struct sd_patch p;
	struct strbuf why = STRBUF_INIT;

	load(&f, "a\nb\nc\nd", FUNCNAME_DEFAULT);
	sd_patch_init(&p);
	ck_assert_int_eq(step(&f, "--- a/dir/f.c\n+++ b/dir/f.c\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n"
			      " c\n", &p, &why), 0);
	/* git: the last context line is the file's last, and has no newline. */
	ck_assert(ends_with(p.diff.buf, "@@ -1,4 +1,4 @@\n a\n-b\n+B\n c\n d\n"
			    "\\ No newline at end of file\n"));
	ck_assert_str_eq(p.after.buf, "a\nB\nc\nd");
	sd_patch_clear(&p);
	sd_file_clear(&f);
	/* A stored diff that changes such a last line is refused. */
	load(&f, "a\nb", FUNCNAME_DEFAULT);
	sd_patch_init(&p);
	ck_assert_int_eq(step(&f, "--- a/dir/f.c\n+++ b/dir/f.c\n@@ -1,2 +1,2 @@\n a\n-b\n"
			      "\\ No newline at end of file\n+B\n\\ No newline at end of file\n",
			      &p, &why), -1);
	ck_assert_msg(strstr(why.buf, "without a newline"), "%s", why.buf);
	sd_patch_clear(&p);
	sd_file_clear(&f);
	strbuf_release(&why);
}
END_TEST

START_TEST(test_funcname_styles)
{
	const char *label = "out:", *commented = "err: /* x */", *dollar = "$dollar";

	ck_assert(funcname_line(FUNCNAME_DEFAULT, label, strlen(label)));
	ck_assert(!funcname_line(FUNCNAME_CPP, label, strlen(label)));
	ck_assert(!funcname_line(FUNCNAME_CPP, commented, strlen(commented)));
	ck_assert(funcname_line(FUNCNAME_DEFAULT, dollar, strlen(dollar)));
	ck_assert(!funcname_line(FUNCNAME_CPP, dollar, strlen(dollar)));
	ck_assert(funcname_line(FUNCNAME_CPP, "int f(void)", 11));
	ck_assert(funcname_line(FUNCNAME_CPP, "std::x", 6));
	ck_assert(funcname_line(FUNCNAME_CPP, ":: x", 4));
	ck_assert(!funcname_line(FUNCNAME_CPP, "\tint x;", 7));
	ck_assert(!funcname_line(FUNCNAME_DEFAULT, "", 0));
	ck_assert(!funcname_line(FUNCNAME_DEFAULT, "{", 1));
}
END_TEST

/* What git 2.39.5 shows with and without "*.c diff=cpp" for a hunk after a label. */
START_TEST(test_funcname_in_hunks)
{
	static const char text[] =
		"int f(void)\n{\nout:\n\tl0\n\tl1\n\tl2\n\tl3\n\tl4\n\tl5\n\tl6\n\tl7\n}\n";
	static const char change[] =
		"--- a/dir/f.c\n+++ b/dir/f.c\n@@ -7,3 +7,3 @@\n \tl3\n-\tl4\n+\tL4\n \tl5\n";
	struct sd_file f;
	struct sd_patch p;
	struct strbuf why = STRBUF_INIT;

	load(&f, text, FUNCNAME_DEFAULT);
	sd_patch_init(&p);
	ck_assert_int_eq(step(&f, change, &p, &why), 0);
	ck_assert(strstr(p.diff.buf, "@@ -5,7 +5,7 @@ out:\n"));
	sd_patch_clear(&p);
	sd_file_clear(&f);
	load(&f, text, FUNCNAME_CPP);
	sd_patch_init(&p);
	ck_assert_int_eq(step(&f, change, &p, &why), 0);
	ck_assert(strstr(p.diff.buf, "@@ -5,7 +5,7 @@ int f(void)\n"));
	sd_patch_clear(&p);
	sd_file_clear(&f);
	strbuf_release(&why);
}
END_TEST

/* git cuts the function line at 80 bytes, then drops trailing blanks. */
START_TEST(test_funcname_length)
{
	struct strbuf text = STRBUF_INIT;
	struct sd_file f;
	struct sd_patch p;
	struct strbuf why = STRBUF_INIT;
	char *want;

	strbuf_addstr(&text, "static int ");
	for (int i = 0; i < 50; i++)
		strbuf_addch(&text, 'y');
	strbuf_addch(&text, ' ');
	for (int i = 0; i < 50; i++)
		strbuf_addch(&text, 'x');
	strbuf_addstr(&text, "(int a)   \n");
	for (int i = 0; i < 10; i++)
		strbuf_addf(&text, "\tl%d\n", i);
	load(&f, text.buf, FUNCNAME_DEFAULT);
	sd_patch_init(&p);
	ck_assert_int_eq(step(&f, "--- a/dir/f.c\n+++ b/dir/f.c\n@@ -6,3 +6,3 @@\n \tl4\n-\tl5\n"
			      "+\tL5\n \tl6\n", &p, &why), 0);
	want = xstrfmt("@@ -4,7 +4,7 @@ static int %.50s %.18s\n", text.buf + 11, text.buf + 62);
	ck_assert_msg(strstr(p.diff.buf, want), "%s", p.diff.buf);
	free(want);
	sd_patch_clear(&p);
	sd_file_clear(&f);
	strbuf_release(&text);
	strbuf_release(&why);
}
END_TEST

START_TEST(test_gitattributes)
{
	char *dir = tu_tempdir();

	ck_assert_int_eq(funcname_style_for(dir, "fs/proc/base.c"), FUNCNAME_DEFAULT);
	tu_write(dir, ".gitattributes", "# kernel style\n*.c   diff=cpp\n*.h diff=cpp\n"
		 "/Documentation/*.txt -diff\n");
	ck_assert_int_eq(funcname_style_for(dir, "fs/proc/base.c"), FUNCNAME_CPP);
	ck_assert_int_eq(funcname_style_for(dir, "include/linux/mm.h"), FUNCNAME_CPP);
	ck_assert_int_eq(funcname_style_for(dir, "Makefile"), FUNCNAME_DEFAULT);
	/* A later line wins. */
	tu_write(dir, ".gitattributes", "*.c diff=cpp\nfs/*/base.c diff\n");
	ck_assert_int_eq(funcname_style_for(dir, "fs/proc/base.c"), FUNCNAME_DEFAULT);
	ck_assert_int_eq(funcname_style_for(dir, "fs/proc/array.c"), FUNCNAME_CPP);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("series-diff");
	TCase *tc = tcase_create("series-diff");

	tcase_add_test(tc, test_two_patches_like_git);
	tcase_add_test(tc, test_shared_hunks_once);
	tcase_add_test(tc, test_refusals);
	tcase_add_test(tc, test_no_newline_at_end);
	tcase_add_test(tc, test_funcname_styles);
	tcase_add_test(tc, test_funcname_in_hunks);
	tcase_add_test(tc, test_funcname_length);
	tcase_add_test(tc, test_gitattributes);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * gate.c: what a hunk changes, cosmetic patches, incomplete conversions, checkpatch.pl's
 * verdicts and the gate's report.
 */
#include "gate.h"
#include "testutil.h"

static const char before[] =
	"/* A sample. */\n"
	"static int show(char *buf)\n"
	"{\n"
	"\tchar *p = (char *)__get_free_page(GFP_KERNEL);\n"
	"\n"
	"\t/* fill it */\n"
	"\tfill(p, \"a  b\");\n"
	"\tfree_page((unsigned long)p);\n"
	"\treturn 0;\n"
	"}\n";

static enum hunk_substance substance(const char *candidate)
{
	return gate_hunk_substance(before, strlen(before), candidate, strlen(candidate));
}

static char *replaced(const char *from, const char *to)
{
	const char *at = strstr(before, from);

	ck_assert_ptr_nonnull(at);
	return xstrfmt("%.*s%s%s", (int)(at - before), before, to, at + strlen(from));
}

START_TEST(test_substance)
{
	char *s;

	s = replaced("\tfill(p, \"a  b\");", "        fill( p, \"a  b\" ) ;");
	ck_assert_int_eq(substance(s), HUNK_WHITESPACE);
	free(s);
	s = replaced("\n\t/* fill it */\n", "\n");
	ck_assert_int_eq(substance(s), HUNK_COMMENT);
	free(s);
	s = replaced("/* fill it */", "// fill it up");
	ck_assert_int_eq(substance(s), HUNK_COMMENT);
	free(s);
	/* Blanks inside a string literal are not layout. */
	s = replaced("\"a  b\"", "\"a b\"");
	ck_assert_int_eq(substance(s), HUNK_CODE);
	free(s);
	s = replaced("(char *)__get_free_page(GFP_KERNEL)", "kmalloc(PAGE_SIZE, GFP_KERNEL)");
	ck_assert_int_eq(substance(s), HUNK_CODE);
	free(s);
}
END_TEST

static bool cosmetic(const char *after)
{
	return gate_cosmetic(before, strlen(before), after, strlen(after));
}

START_TEST(test_cosmetic)
{
	char *s;

	/* Dropping casts, adding parentheses, moving a comment: cosmetic. */
	s = replaced("(char *)__get_free_page", "__get_free_page");
	ck_assert(cosmetic(s));
	free(s);
	s = replaced("free_page((unsigned long)p);", "free_page((unsigned long)(p));");
	ck_assert(cosmetic(s));
	free(s);
	s = replaced("return 0;", "return (0); /* done */");
	ck_assert(cosmetic(s));
	free(s);
	/* A call's arguments, an allocator or sizeof's operand are not. */
	s = replaced("fill(p, ", "fill(buf, ");
	ck_assert(!cosmetic(s));
	free(s);
	s = replaced("(char *)__get_free_page(GFP_KERNEL)", "kmalloc(PAGE_SIZE, GFP_KERNEL)");
	ck_assert(!cosmetic(s));
	free(s);
	s = replaced("free_page((unsigned long)p)", "free_page(sizeof(p))");
	ck_assert(!cosmetic(s));
	free(s);
	s = replaced("return 0;", "return 1;");
	ck_assert(!cosmetic(s));
	free(s);
	ck_assert(cosmetic(before));
}
END_TEST

START_TEST(test_frees_page_of)
{
	const char *after = "\tkfree(p);\n\tfree_page((unsigned long)q->p);\n"
		"\tfree_pages(page, 1);\n\tx->free_page(buf);\n";

	ck_assert(!gate_frees_page_of(after, strlen(after), "p"));
	ck_assert(gate_frees_page_of(after, strlen(after), "q->p"));
	ck_assert(gate_frees_page_of(after, strlen(after), "page"));
	/* A member called free_page is not the page allocator's. */
	ck_assert(!gate_frees_page_of(after, strlen(after), "buf"));
	ck_assert(!gate_frees_page_of(after, strlen(after), "pag"));
	ck_assert(gate_frees_page_of("free_page ( (unsigned long) tmp )", 33, "tmp"));
	ck_assert(!gate_frees_page_of("free_page((unsigned long)tmp2)", 30, "tmp"));
	ck_assert(!gate_frees_page_of("myfree_page(tmp)", 16, "tmp"));
}
END_TEST

/* checkpatch.pl --terse --show-types output, as 6.1's prints it. */
static const char forward_out[] =
	"/tmp/x/0001.patch:6: WARNING:COMMIT_LOG_LONG_LINE: Possible unwrapped commit "
	"description (prefer a maximum 75 chars per line)\n"
	"/tmp/x/0001.patch:20: ERROR:TRAILING_WHITESPACE: trailing whitespace\n"
	"/tmp/x/0001.patch:21: WARNING:LONG_LINE: line length of 104 exceeds 100 columns\n"
	"/tmp/x/0001.patch:22: WARNING:SPACING: space prohibited before semicolon\n"
	"/tmp/x/0001.patch: WARNING:NO_AUTHOR_SIGN_OFF: Missing Signed-off-by: line by nominal "
	"patch author 'A <a@e>'\n"
	"/tmp/x/0001.patch:23: CHECK:PARENTHESIS_ALIGNMENT: Alignment should match open "
	"parenthesis\n";
static const char reverse_out[] =
	"/tmp/x/0001-reversed.patch:6: WARNING:COMMIT_LOG_LONG_LINE: Possible unwrapped commit "
	"description (prefer a maximum 75 chars per line)\n"
	"/tmp/x/0001-reversed.patch:21: WARNING:LONG_LINE: line length of 104 exceeds 100 "
	"columns\n";

START_TEST(test_checkpatch)
{
	struct checkpatch_problems fwd = CHECKPATCH_PROBLEMS_INIT;
	struct checkpatch_problems rev = CHECKPATCH_PROBLEMS_INIT;
	struct string_list out = STRING_LIST_INIT;

	checkpatch_parse(forward_out, &fwd);
	checkpatch_parse(reverse_out, &rev);
	ck_assert_int_eq(fwd.nr, 6);
	ck_assert_str_eq(fwd.items[1].level, "ERROR");
	ck_assert_str_eq(fwd.items[1].type, "TRAILING_WHITESPACE");
	ck_assert_str_eq(fwd.items[1].message, "trailing whitespace");
	ck_assert_int_eq(fwd.items[1].line, 20);
	ck_assert_int_eq(fwd.items[4].line, 0);
	ck_assert_int_eq(rev.nr, 2);
	/* The diff starts at line 12 of the patch file. */
	checkpatch_blocking(&fwd, &rev, 12, &out);
	/*
	 * The message's long line is ours (blocking even though the reversed patch, with the
	 * same message, has it too); the error blocks; the long line was there before; the
	 * spacing warning is new; the sign-off warning names no line; CHECK does not count.
	 */
	ck_assert_int_eq(out.nr, 4);
	ck_assert(starts_with(out.items[0], "WARNING:COMMIT_LOG_LONG_LINE:"));
	ck_assert(strstr(out.items[0], "(line 6 of the patch)"));
	ck_assert(starts_with(out.items[1], "ERROR:TRAILING_WHITESPACE: trailing whitespace"));
	ck_assert(starts_with(out.items[2], "WARNING:SPACING:"));
	ck_assert(starts_with(out.items[3], "WARNING:NO_AUTHOR_SIGN_OFF:"));
	checkpatch_problems_clear(&fwd);
	checkpatch_problems_clear(&rev);
	string_list_clear(&out);
}
END_TEST

START_TEST(test_reverse_patch)
{
	struct strbuf out = STRBUF_INIT;
	const char *patch =
		"From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n- not a diff line\n---\n"
		" x.c | 2 +-\n\n"
		"diff --git a/x.c b/x.c\nindex 1234567..89abcde 100644\n--- a/x.c\n+++ b/x.c\n"
		"@@ -1,3 +1,4 @@ int f(void)\n {\n-\tgo();\n+\tstop();\n+\tstop();\n \n"
		"-- \n2.39.5\n\n";

	reverse_patch(patch, &out);
	ck_assert_str_eq(out.buf,
		"From 0 Mon Sep 17 00:00:00 2001\nSubject: [PATCH] x\n\n- not a diff line\n---\n"
		" x.c | 2 +-\n\n"
		"diff --git a/x.c b/x.c\nindex 89abcde..1234567 100644\n--- a/x.c\n+++ b/x.c\n"
		"@@ -1,4 +1,3 @@ int f(void)\n {\n+\tgo();\n-\tstop();\n-\tstop();\n \n"
		"-- \n2.39.5\n\n");
	strbuf_release(&out);
}
END_TEST

START_TEST(test_report)
{
	struct gate_report r;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	gate_report_init(&r);
	ck_assert(gate_passed(&r));
	gate_note(&r, GATE_CHECKPATCH, GATE_SKIPPED, "not applicable: %s", "no checkpatch");
	gate_note(&r, GATE_SIZE, GATE_PASS, "3 patches");
	ck_assert(gate_passed(&r));
	gate_fail(&r, GATE_REVIEW, "finding %d is new", 7);
	gate_fail(&r, GATE_REVIEW, "finding %d is rejected", 8);
	/* Reasons quote file names: their escape sequences are shown, not sent. */
	gate_fail(&r, GATE_REVIEW, "file %s", "x\033[2J.c");
	/* A note does not hide a failure. */
	gate_note(&r, GATE_REVIEW, GATE_PASS, "fine");
	ck_assert(!gate_passed(&r));
	ck_assert_int_eq(r.v[GATE_REVIEW].state, GATE_FAIL);
	f = open_memstream(&text, &len);
	gate_report_print(f, &r);
	fclose(f);
	ck_assert(strstr(text, "  FAIL  review      every finding in the series is accepted"));
	ck_assert(strstr(text, "          - finding 7 is new\n"
			 "          - finding 8 is rejected\n"));
	ck_assert(strstr(text, "          - file x\\x1b[2J.c\n"));
	ck_assert(!strchr(text, '\033'));
	ck_assert(strstr(text, "  skip  checkpatch  not applicable: no checkpatch\n"));
	ck_assert(strstr(text, "  pass  size        3 patches\n"));
	ck_assert(strstr(text, "  pass  fresh       no file changed since the scan\n"));
	ck_assert_str_eq(gate_name(GATE_IN_FLIGHT), "in-flight");
	free(text);
	gate_report_clear(&r);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("gate");
	TCase *tc = tcase_create("gate");

	tcase_add_test(tc, test_substance);
	tcase_add_test(tc, test_cosmetic);
	tcase_add_test(tc, test_frees_page_of);
	tcase_add_test(tc, test_checkpatch);
	tcase_add_test(tc, test_reverse_patch);
	tcase_add_test(tc, test_report);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

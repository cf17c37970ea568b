// SPDX-License-Identifier: GPL-2.0-only
/*
 * rules.c: rule headers, discovery, selection, the prefilter, the rules directory.
 */
#include "rules.h"
#include "testutil.h"

static const char full_header[] =
	"// SPDX-License-Identifier: GPL-2.0-only\n"
	"/// Find page buffers that could be kmalloc().\n"
	"///\n"
	"/// More words.\n"
	"//\n"
	"// Confidence: Moderate\n"
	"// Copyright: (C) 2026 The whichalloc authors.\n"
	"// Options: --no-includes  --include-headers\n"
	"// Keywords: __get_free_page, get_zeroed_page ,__get_free_pages,\n"
	"// Report-only: yes\n"
	"\n"
	"virtual patch\n"
	"// Keywords: after_the_header\n";

START_TEST(test_header_fields)
{
	struct rule r;

	memset(&r, 0, sizeof(r));
	rule_parse_header(&r, full_header, strlen(full_header));
	ck_assert_str_eq(r.description, "Find page buffers that could be kmalloc().");
	ck_assert_str_eq(r.confidence, "Moderate");
	ck_assert(r.report_only);
	ck_assert(r.include_headers);
	ck_assert_int_eq(r.options.nr, 2);
	ck_assert_str_eq(r.options.items[0], "--no-includes");
	ck_assert_str_eq(r.options.items[1], "--include-headers");
	ck_assert_int_eq(r.keywords.nr, 3);
	ck_assert_str_eq(r.keywords.items[0], "__get_free_page");
	ck_assert_str_eq(r.keywords.items[1], "get_zeroed_page");
	ck_assert_str_eq(r.keywords.items[2], "__get_free_pages");
	rule_clear(&r);
}
END_TEST

START_TEST(test_version_split)
{
	const char text[] = "/// Split.\n// Version-split: 5.4, 6.6.3\n"
			    "// Replacement: memdup_user, vmemdup_user\n";
	const char bad[] = "/// Split.\n// Version-split: 6.6, 5.4\n";
	const char junk[] = "/// Split.\n// Version-split: 5\n";
	struct rule r;

	memset(&r, 0, sizeof(r));
	rule_parse_header(&r, text, strlen(text));
	ck_assert_ptr_null(r.header_error);
	ck_assert_int_eq(r.nr_version_splits, 2);
	ck_assert_int_eq(r.replacements.nr, 2);
	ck_assert_str_eq(r.replacements.items[1], "vmemdup_user");
	ck_assert_int_eq(rule_version_range(&r, "5.3.18"), 0);
	ck_assert_int_eq(rule_version_range(&r, "5.4.0"), 1);
	ck_assert_int_eq(rule_version_range(&r, "6.6.2"), 1);
	ck_assert_int_eq(rule_version_range(&r, "6.6.3-rc1"), 2);
	/* An unknown version is a current kernel, as the rules read it. */
	ck_assert_int_eq(rule_version_range(&r, NULL), 2);
	ck_assert_int_eq(rule_version_range(&r, "x"), 2);
	rule_clear(&r);
	rule_parse_header(&r, bad, strlen(bad));
	ck_assert_ptr_nonnull(r.header_error);
	rule_clear(&r);
	rule_parse_header(&r, junk, strlen(junk));
	ck_assert_ptr_nonnull(r.header_error);
	rule_clear(&r);
	/* Without the header, every version is one range. */
	rule_parse_header(&r, "/// none\n", 10);
	ck_assert_int_eq(rule_version_range(&r, "2.6.32"), 0);
	ck_assert_int_eq(rule_version_range(&r, "6.12.0"), 0);
	ck_assert_int_eq(kversion_str_cmp("6.12.0", "6.1.0"), 1);
	ck_assert_int_eq(kversion_str_cmp("6.1.0", "6.1.0"), 0);
	rule_clear(&r);
}
END_TEST

START_TEST(test_header_defaults)
{
	const char text[] = "// SPDX-License-Identifier: GPL-2.0-only\n"
			    "///\n/// Second line is the first with words.\r\n"
			    "// Report-only: no\n@r@\n@@\n";
	struct rule r;

	memset(&r, 0, sizeof(r));
	rule_parse_header(&r, text, strlen(text));
	ck_assert_str_eq(r.description, "Second line is the first with words.");
	ck_assert_str_eq(r.confidence, "");
	ck_assert(!r.report_only);
	ck_assert(!r.include_headers);
	ck_assert_int_eq(r.options.nr, 0);
	ck_assert_int_eq(r.keywords.nr, 0);
	rule_clear(&r);
}
END_TEST

START_TEST(test_prefilter)
{
	struct rule r;
	const char yes[] = "x = __get_free_pages(GFP_KERNEL, 1);";
	const char no[] = "x = kmalloc(10, GFP_KERNEL);";

	memset(&r, 0, sizeof(r));
	rule_parse_header(&r, full_header, strlen(full_header));
	ck_assert(rule_keywords_match(&r, yes, strlen(yes)));
	ck_assert(!rule_keywords_match(&r, no, strlen(no)));
	ck_assert(rule_wants_extension(&r, "fs/a.c"));
	ck_assert(rule_wants_extension(&r, "include/a.h"));
	ck_assert(!rule_wants_extension(&r, "fs/a.S"));
	rule_clear(&r);
	rule_parse_header(&r, "/// no keywords\n", strlen("/// no keywords\n"));
	ck_assert(!rule_wants_extension(&r, "include/a.h"));
	/* no Keywords: every file */
	ck_assert(rule_keywords_match(&r, no, strlen(no)));
	rule_clear(&r);
}
END_TEST

START_TEST(test_discover_and_select)
{
	char *dir = tu_tempdir();
	struct rule_set set = RULE_SET_INIT;
	char *path;

	tu_write(dir, "b-rule.cocci", "/// Rule B.\n// Keywords: b\n");
	tu_write(dir, "a-rule.cocci", "/// Rule A.\n");
	tu_write(dir, "notes.txt", "not a rule\n");
	tu_write(dir, ".hidden.cocci", "/// hidden\n");
	ck_assert_int_eq(rules_discover(&set, dir), 0);
	ck_assert_int_eq(set.nr, 2);
	ck_assert_str_eq(set.items[0].name, "a-rule");
	ck_assert_str_eq(set.items[1].name, "b-rule");
	ck_assert_str_eq(set.items[1].description, "Rule B.");
	/* SHA-1 of "/// Rule A.\n", as sha1sum(1) computes it */
	ck_assert_str_eq(set.items[0].hash, "354c5412e85f9e3ab0aae4ee91cefa09710743cd");
	ck_assert_int_eq(rules_select(&set, "unknown"), -1);
	ck_assert(strstr(last_error(), "unknown rule 'unknown'"));
	ck_assert(strstr(last_error(), "a-rule, b-rule"));
	ck_assert_int_eq(set.nr, 2);
	ck_assert_int_eq(rules_select(&set, "b-rule.cocci, b-rule"), 0);
	ck_assert_int_eq(set.nr, 1);
	ck_assert_str_eq(set.items[0].name, "b-rule");
	ck_assert_int_eq(rules_select(&set, " , "), -1);
	path = xstrfmt("%s/a-rule.cocci", dir);
	ck_assert_int_eq(rules_select(&set, path), 0);
	ck_assert_str_eq(set.items[0].name, "a-rule");
	rule_set_clear(&set);
	ck_assert_int_eq(rules_select(&set, "/nonexistent/x.cocci"), -1);
	ck_assert(strstr(last_error(), "cannot read rule /nonexistent/x.cocci"));
	free(path);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_discover_errors)
{
	struct rule_set set = RULE_SET_INIT;
	char *dir = tu_tempdir();
	char *rule = xstrfmt("%s/locked.cocci", dir);

	ck_assert_int_eq(rules_discover(&set, "/nonexistent/rules"), -1);
	ck_assert(strstr(last_error(), "cannot open the rules directory /nonexistent/rules"));
	/* A rule that cannot be read (a directory named like one). */
	ck_assert_int_eq(mkdir(rule, 0755), 0);
	ck_assert_int_eq(rules_discover(&set, dir), -1);
	ck_assert(strstr(last_error(), "cannot read rule"));
	rule_set_clear(&set);
	free(rule);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_cocci_dir)
{
	char *dir = tu_tempdir();
	char *found;

	found = find_cocci_dir(dir);
	ck_assert_ptr_nonnull(found);
	ck_assert_str_eq(found, dir);
	free(found);
	setenv("WHICHALLOC_COCCI", dir, 1);
	found = find_cocci_dir(NULL);
	ck_assert_str_eq(found, dir);
	free(found);
	setenv("WHICHALLOC_COCCI", "/nonexistent/cocci", 1);
	ck_assert_ptr_null(find_cocci_dir(NULL));
	ck_assert(strstr(last_error(), "/nonexistent/cocci (from WHICHALLOC_COCCI)"));
	/* $WHICHALLOC_COCCI counts even when wrong: find_cocci_dir(NULL) says so. */
	ck_assert(cocci_dir_default_exists());
	unsetenv("WHICHALLOC_COCCI");
	ck_assert_ptr_null(find_cocci_dir("/nonexistent/other"));
	ck_assert(strstr(last_error(), "/nonexistent/other (from --cocci-dir)"));
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("rules");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_header_fields);
	tcase_add_test(tc, test_header_defaults);
	tcase_add_test(tc, test_version_split);
	tcase_add_test(tc, test_prefilter);
	tcase_add_test(tc, test_discover_and_select);
	tcase_add_test(tc, test_discover_errors);
	tcase_add_test(tc, test_cocci_dir);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

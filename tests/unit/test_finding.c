// SPDX-License-Identifier: GPL-2.0-only
/*
 * The model of a finding: its TSV line and JSON object, and whether its code is still in
 * the tree (what show, html and the review walk decide from).
 */
#include "finding.h"
#include "testutil.h"

static struct finding_row sample(void)
{
	struct finding_row r = {
		.id = 7, .line = 2, .col = 1, .end_line = 3, .end_col = 9,
		.first_run = 1, .last_run = 2,
	};

	r.fingerprint = xstrdup("abc");
	r.rule = xstrdup("memdup-user-nul");
	r.verdict = xstrdup("replace");
	r.file = xstrdup("fs/a b.c");
	r.function = xstrdup("f");
	r.message = xstrdup("two\tfields\nand a \\");
	r.code = xstrdup("buf = kmalloc(n,\n\tGFP_KERNEL);");
	r.status = xstrdup("new");
	return r;
}

START_TEST(test_tsv)
{
	struct finding_row r = sample();
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	finding_write_tsv(f, &r);
	fclose(f);
	/* The fields escaped; no subsystem is an empty field. */
	ck_assert_str_eq(text, "7\tmemdup-user-nul\treplace\tfs/a b.c\t2\tf\t\tnew\t"
			 "two\\tfields\\nand a \\\\\n");
	free(text);
	finding_row_clear(&r);
}
END_TEST

START_TEST(test_json)
{
	struct finding_row r = sample();
	json_t *o = finding_json(&r);

	ck_assert_int_eq(json_integer_value(json_object_get(o, "id")), 7);
	ck_assert_str_eq(json_string_value(json_object_get(o, "file")), "fs/a b.c");
	/* What a finding does not have is null, not "" or 0. */
	ck_assert(json_is_null(json_object_get(o, "diff")));
	ck_assert(json_is_null(json_object_get(o, "subsystem")));
	ck_assert(json_is_null(json_object_get(o, "fixed_run")));
	ck_assert_int_eq(json_object_size(o), 18);
	json_decref(o);
	finding_row_clear(&r);
}
END_TEST

START_TEST(test_code_still_there)
{
	struct finding_row r = sample();
	struct strbuf src = STRBUF_INIT;

	/* The same code at lines 2-3, its spacing changed: still there. */
	strbuf_addstr(&src, "{\n\tbuf = kmalloc(n,  \n GFP_KERNEL);\n}\n");
	ck_assert(code_still_there(&src, &r));
	/* Moved a line down: not at its lines any more. */
	strbuf_reset(&src);
	strbuf_addstr(&src, "{\n\n\tbuf = kmalloc(n,\n\tGFP_KERNEL);\n}\n");
	ck_assert(!code_still_there(&src, &r));
	/* Edited. */
	strbuf_reset(&src);
	strbuf_addstr(&src, "{\n\tbuf = kmalloc(n,\n\tGFP_USER);\n}\n");
	ck_assert(!code_still_there(&src, &r));
	/* Cut short before its last line. */
	strbuf_reset(&src);
	strbuf_addstr(&src, "{\n\tbuf = kmalloc(n,\n");
	ck_assert(!code_still_there(&src, &r));
	/* No tree: nothing read. */
	ck_assert(!finding_code_now(NULL, &r, &src));
	strbuf_release(&src);
	finding_row_clear(&r);
}
END_TEST

START_TEST(test_code_now)
{
	char *dir = tu_tempdir();
	struct finding_row r = sample();
	struct strbuf src = STRBUF_INIT;

	tu_write(dir, "fs/a b.c", "{\n\tbuf = kmalloc(n,\n\tGFP_KERNEL);\n}\n");
	ck_assert(finding_code_now(dir, &r, &src));
	ck_assert(starts_with(src.buf, "{\n"));
	strbuf_reset(&src);
	tu_write(dir, "fs/a b.c", "{\n}\n");
	ck_assert(!finding_code_now(dir, &r, &src));
	strbuf_release(&src);
	finding_row_clear(&r);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("finding");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_tsv);
	tcase_add_test(tc, test_json);
	tcase_add_test(tc, test_code_still_there);
	tcase_add_test(tc, test_code_now);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * shadow.c: bytes that are not UTF-8 replaced 1:1, the shadow of a tree, and the hunks that
 * cover a replaced byte.
 */
#include "shadow.h"
#include "testutil.h"

START_TEST(test_sanitize)
{
	/* Latin-1, a lone continuation, an overlong, a surrogate, a truncated sequence. */
	char s[] = "r\xe9sum\xe9 \x80 \xc0\xaf \xed\xa0\x80 ok \xc3\xa9 \xe2\x82\xac \xf0\x9f";
	const char *want = "r?sum? ? ?? ??? ok \xc3\xa9 \xe2\x82\xac ??";

	ck_assert_uint_eq(shadow_sanitize(s, strlen(s)), 10);
	ck_assert_str_eq(s, want);
}
END_TEST

START_TEST(test_decode_failure)
{
	ck_assert(shadow_decode_failure("Python error: 'utf-8' codec can't decode byte 0xe9"));
	ck_assert(!shadow_decode_failure("EXN: Failure in x.c"));
}
END_TEST

START_TEST(test_tree)
{
	char *top = tu_tempdir(), *tmp = tu_tempdir(), *dir, *path;
	struct strbuf sb = STRBUF_INIT;

	tu_write(top, "Makefile", "VERSION = 6\n");
	tu_write(top, "include/linux/x.h", "int x;\n");
	tu_write(top, "fs/ext4/local.h", "int l;\n");
	tu_write(top, "fs/ext4/a.c", "r\xe9sum\xe9\n");
	tu_write(top, "fs/b.c", "b\n");
	dir = shadow_tree_make(tmp, top, "fs/ext4/a.c", "r?sum?\n", 7);
	ck_assert_ptr_nonnull(dir);
	path = xstrfmt("%s/fs/ext4/a.c", dir);
	ck_assert_int_eq(strbuf_read_file(&sb, path), 0);
	ck_assert_str_eq(sb.buf, "r?sum?\n");
	free(path);
	strbuf_reset(&sb);
	/* Everything else is the tree's own, through links. */
	path = xstrfmt("%s/fs/ext4/local.h", dir);
	ck_assert_int_eq(strbuf_read_file(&sb, path), 0);
	ck_assert_str_eq(sb.buf, "int l;\n");
	free(path);
	strbuf_reset(&sb);
	path = xstrfmt("%s/include/linux/x.h", dir);
	ck_assert_int_eq(strbuf_read_file(&sb, path), 0);
	ck_assert_str_eq(sb.buf, "int x;\n");
	free(path);
	path = xstrfmt("%s/fs/b.c", dir);
	ck_assert(!access(path, F_OK));
	free(path);
	strbuf_release(&sb);
	ck_assert_int_eq(remove_tree(dir), 0);
	free(dir);
	tu_rmtree(top);
	tu_rmtree(tmp);
	free(top);
	free(tmp);
}
END_TEST

START_TEST(test_drop_hunks)
{
	const char *src = "a\nb\nc\xe9\nd\ne\nf\ng\nh\ni\nj\n";
	const char *diff = "--- a/x.c\n+++ b/x.c\n"
			   "@@ -2,3 +2,3 @@\n b\n-c?\n+C?\n d\n"
			   "@@ -9,2 +9,2 @@\n-i\n+I\n j\n";
	struct string_list also = STRING_LIST_INIT;
	bool dropped;
	char *kept = shadow_drop_replaced_hunks(diff, src, strlen(src), NULL, &dropped);

	ck_assert(dropped);
	ck_assert_str_eq(kept, "--- a/x.c\n+++ b/x.c\n@@ -9,2 +9,2 @@\n-i\n+I\n j\n");
	free(kept);
	string_list_append(&also, "--- a/x.c\n+++ b/x.c\n@@ -9,2 +9,2 @@\n-i\n+I\n j\n");
	ck_assert_ptr_null(shadow_drop_replaced_hunks(diff, src, strlen(src), &also, &dropped));
	kept = shadow_drop_replaced_hunks(diff, "a\nb\n", 4, NULL, &dropped);
	ck_assert(!dropped);
	ck_assert_str_eq(kept, diff);
	free(kept);
	string_list_clear(&also);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("shadow");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_sanitize);
	tcase_add_test(tc, test_decode_failure);
	tcase_add_test(tc, test_tree);
	tcase_add_test(tc, test_drop_hunks);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

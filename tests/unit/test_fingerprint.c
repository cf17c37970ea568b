// SPDX-License-Identifier: GPL-2.0-only
/*
 * fingerprint.c and hash.c: stable identities and the SHA-1 they rest on.
 */
#include "fingerprint.h"
#include "testutil.h"

static const char source[] =
	"int f(void)\n"
	"{\n"
	"\tbuf = (char *)__get_free_page(GFP_KERNEL);\n"
	"\tfree_page((unsigned long)buf);\n"
	"}\n";

/* The fingerprint of the site at lines first..last of src, alone in its file. */
static void site_fingerprint(const char *src, long first, long last, const char *file,
			     char out[SHA1_HEX_SIZE])
{
	struct strbuf code = STRBUF_INIT;
	struct fingerprint_site site = { "rule", file, "f", NULL, 0, "" };

	ck_assert_int_eq(source_lines(src, strlen(src), first, last, &code), 0);
	site.code = code.buf;
	fingerprint_sites(&site, 1);
	memcpy(out, site.fingerprint, SHA1_HEX_SIZE);
	strbuf_release(&code);
}

START_TEST(test_source_lines)
{
	struct strbuf sb = STRBUF_INIT;

	ck_assert_int_eq(source_lines(source, strlen(source), 3, 4, &sb), 0);
	ck_assert_str_eq(sb.buf, "\tbuf = (char *)__get_free_page(GFP_KERNEL);\n"
				 "\tfree_page((unsigned long)buf);\n");
	strbuf_reset(&sb);
	ck_assert_int_eq(source_lines("a\nb", 3, 2, 2, &sb), 0);
	ck_assert_str_eq(sb.buf, "b");
	ck_assert_int_eq(source_lines(source, strlen(source), 5, 6, &sb), -1);
	ck_assert_int_eq(source_lines(source, strlen(source), 0, 1, &sb), -1);
	ck_assert_int_eq(source_lines(source, strlen(source), 3, 2, &sb), -1);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_normalise_code)
{
	struct strbuf sb = STRBUF_INIT;
	const char code[] = " \tbuf =  (char *)\n\t\t__get_free_page( GFP_KERNEL );\r\n";

	normalise_code(code, strlen(code), &sb);
	ck_assert_str_eq(sb.buf, "buf = (char *) __get_free_page( GFP_KERNEL );");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_stable_when_lines_move)
{
	char a[SHA1_HEX_SIZE], b[SHA1_HEX_SIZE], c[SHA1_HEX_SIZE];
	char *moved = xstrfmt("/* one */\n/* two */\n\n%s", source);
	char *reindented = xstrdup(source);

	site_fingerprint(source, 3, 3, "fs/x.c", a);
	site_fingerprint(moved, 6, 6, "fs/x.c", b);
	ck_assert_str_eq(a, b);
	/* Whitespace changes do not count either. */
	reindented[strlen("int f(void)\n{\n")] = ' ';
	site_fingerprint(reindented, 3, 3, "fs/x.c", c);
	ck_assert_str_eq(a, c);
	free(moved);
	free(reindented);
}
END_TEST

START_TEST(test_changes_when_code_changes)
{
	char a[SHA1_HEX_SIZE], b[SHA1_HEX_SIZE], c[SHA1_HEX_SIZE];
	char *changed = xstrdup(source);

	memcpy(strstr(changed, "GFP_KERNEL"), "GFP_NOFS__", 10);
	site_fingerprint(source, 3, 3, "fs/x.c", a);
	site_fingerprint(changed, 3, 3, "fs/x.c", b);
	ck_assert_str_ne(a, b);
	site_fingerprint(source, 3, 3, "fs/y.c", c);
	ck_assert_str_ne(a, c);
	free(changed);
}
END_TEST

START_TEST(test_occurrences)
{
	struct fingerprint_site s[3] = {
		{ "r", "f.c", "fn", "x = get_zeroed_page(GFP_KERNEL);", 0, "" },
		{ "r", "f.c", "fn", "x  =  get_zeroed_page(GFP_KERNEL);", 0, "" },
		{ "r", "f.c", "other", "x = get_zeroed_page(GFP_KERNEL);", 0, "" },
	};
	char first[SHA1_HEX_SIZE];

	fingerprint_sites(s, 3);
	ck_assert_int_eq(s[0].occurrence, 0);
	ck_assert_int_eq(s[1].occurrence, 1);
	ck_assert_int_eq(s[2].occurrence, 0);
	ck_assert_str_ne(s[0].fingerprint, s[1].fingerprint);
	ck_assert_str_ne(s[0].fingerprint, s[2].fingerprint);
	/* The first of the pair keeps its identity when the second goes. */
	memcpy(first, s[0].fingerprint, SHA1_HEX_SIZE);
	fingerprint_sites(s, 1);
	ck_assert_str_eq(first, s[0].fingerprint);
}
END_TEST

START_TEST(test_sha1)
{
	char hex[SHA1_HEX_SIZE];

	/* FIPS 180 test vector. */
	sha1_hex("abc", 3, hex);
	ck_assert_str_eq(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	/* What "git hash-object" prints for a file holding "hello\n", and for an empty one. */
	git_blob_sha1_hex("hello\n", 6, hex);
	ck_assert_str_eq(hex, "ce013625030ba8dba906f756967f9e9ca394464a");
	git_blob_sha1_hex("", 0, hex);
	ck_assert_str_eq(hex, "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("fingerprint");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_source_lines);
	tcase_add_test(tc, test_normalise_code);
	tcase_add_test(tc, test_stable_when_lines_move);
	tcase_add_test(tc, test_changes_when_code_changes);
	tcase_add_test(tc, test_occurrences);
	tcase_add_test(tc, test_sha1);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

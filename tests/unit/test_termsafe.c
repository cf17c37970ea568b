// SPDX-License-Identifier: GPL-2.0-only
/*
 * termsafe: control characters (C0, DEL, C1 raw or in UTF-8, bytes that are not UTF-8) are
 * shown as \xNN; valid UTF-8 text, and tabs and line breaks where allowed, pass unchanged.
 */
#include "termsafe.h"
#include "testutil.h"

static char *safe(const char *s, size_t len, unsigned flags)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_add_termsafe(&sb, s, len, flags);
	return strbuf_detach(&sb, NULL);
}

#define CHECK_SAFE(in, flags, want)					\
	do {								\
		char *got = safe(in, sizeof(in) - 1, flags);		\
		ck_assert_str_eq(got, want);				\
		free(got);						\
	} while (0)

START_TEST(test_controls)
{
	CHECK_SAFE("plain text", 0, "plain text");
	CHECK_SAFE("\033]0;title\007", 0, "\\x1b]0;title\\x07");
	CHECK_SAFE("a\033[2Jb", TS_KEEP_NL | TS_KEEP_TAB, "a\\x1b[2Jb");
	CHECK_SAFE("del\177", 0, "del\\x7f");
	CHECK_SAFE("nul\0x", 0, "nul\\x00x");
	CHECK_SAFE("a\tb\nc\rd", 0, "a\\tb\\nc\\rd");
	CHECK_SAFE("a\tb\nc\rd", TS_KEEP_NL | TS_KEEP_TAB, "a\tb\nc\\rd");
}
END_TEST

START_TEST(test_c1_and_utf8)
{
	/* UTF-8 text passes; U+009B (CSI) in UTF-8 and a raw 0x9b byte do not. */
	CHECK_SAFE("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", 0,
		   "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	CHECK_SAFE("\xc2\x9b" "31m", 0, "\\xc2\\x9b31m");
	CHECK_SAFE("\x9b" "31m", 0, "\\x9b31m");
	/* Latin-1, overlong and cut sequences are shown byte by byte. */
	CHECK_SAFE("caf\xe9", 0, "caf\\xe9");
	CHECK_SAFE("\xc0\x9b", 0, "\\xc0\\x9b");
	CHECK_SAFE("\xe2\x82", 0, "\\xe2\\x82");
}
END_TEST

START_TEST(test_rotating)
{
	const char *a = tsafe("one\033"), *b = tsafe_lines("two\n\033");

	ck_assert_str_eq(a, "one\\x1b");
	ck_assert_str_eq(b, "two\n\\x1b");
	ck_assert_ptr_null(tsafe(NULL));
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("termsafe");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_controls);
	tcase_add_test(tc, test_c1_and_utf8);
	tcase_add_test(tc, test_rotating);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * mbox.c: the files git format-patch writes. Every expected string below is what
 * git 2.39.5 printed for the same input (format-patch, shortlog, diff --stat).
 */
#include "mbox.h"
#include "testutil.h"

static char *wrapped(const char *text, int indent1, int indent2, int width)
{
	struct strbuf sb = STRBUF_INIT;

	mbox_wrap(&sb, text, indent1, indent2, width);
	return strbuf_detach(&sb, NULL);
}

START_TEST(test_wrap)
{
	const char *long_subject = "proc: use kmalloc() for the readlink buffer in "
		"proc_task_readlink() which is a long subject line that goes over";
	char *s = wrapped(long_subject, 2, 4, MBOX_WRAP);

	/* git's cover-letter shortlog of that subject. */
	ck_assert_str_eq(s, "  proc: use kmalloc() for the readlink buffer in "
			 "proc_task_readlink()\n"
			 "    which is a long subject line that goes over");
	free(s);
	s = wrapped("x: y", 2, 4, MBOX_WRAP);
	ck_assert_str_eq(s, "  x: y");
	free(s);
	/* A word longer than the width stays whole. */
	s = wrapped("aaaaaaaaaaaaaaaaaaaa bbb", 0, 0, 10);
	ck_assert_str_eq(s, "aaaaaaaaaaaaaaaaaaaa\nbbb");
	free(s);
	/* Negative indent: columns already used; the first word may move down. */
	s = wrapped("abc def", -8, 1, 10);
	ck_assert_str_eq(s, "\n abc def");
	free(s);
	s = wrapped("", 0, 0, 10);
	ck_assert_str_eq(s, "");
	free(s);
}
END_TEST

START_TEST(test_subject_folding)
{
	struct strbuf sb = STRBUF_INIT;

	mbox_add_subject(&sb, "[PATCH 1/2]", "proc: use kmalloc() for the readlink buffer in "
			 "proc_task_readlink() which is a long subject line that goes over");
	ck_assert_str_eq(sb.buf, "Subject: [PATCH 1/2] proc: use kmalloc() for the readlink "
			 "buffer in\n proc_task_readlink() which is a long subject line that goes "
			 "over\n");
	strbuf_reset(&sb);
	mbox_add_subject(&sb, "[PATCH 01/11]", "sub: change number 1 with a subject that is "
			 "definitely much longer than fifty-two chars...");
	ck_assert_str_eq(sb.buf, "Subject: [PATCH 01/11] sub: change number 1 with a subject "
			 "that is definitely\n much longer than fifty-two chars...\n");
	strbuf_reset(&sb);
	/* git folds right after the tag, keeping its blank, when the word is too long. */
	mbox_add_subject(&sb, "[PATCH]", "wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww"
			 "wwwwwwwwwwwwwww");
	ck_assert_str_eq(sb.buf, "Subject: [PATCH] \n wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww"
			 "wwwwwwwwwwwwwwwwwwwwwwwwwww\n");
	strbuf_release(&sb);
}
END_TEST

static void check_from(const char *name, const char *email, const char *want)
{
	struct ident id = { (char *)name, (char *)email };
	struct strbuf sb = STRBUF_INIT;

	mbox_add_from(&sb, &id);
	ck_assert_str_eq(sb.buf, want);
	strbuf_release(&sb);
}

START_TEST(test_from_header)
{
	check_from("A", "a@e", "From: A <a@e>\n");
	check_from("Jo Q. Public", "someone@example.org",
		   "From: \"Jo Q. Public\" <someone@example.org>\n");
	check_from("Quote \"Me\" Back\\slash", "someone@example.org",
		   "From: \"Quote \\\"Me\\\" Back\\\\slash\" <someone@example.org>\n");
	check_from("Ann \xc3\x9cmlaut-Test", "someone@example.org",
		   "From: =?UTF-8?q?Ann=20=C3=9Cmlaut-Test?= <someone@example.org>\n");
	/* 78 columns fit; 79 fold before the address. */
	check_from("NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN", "someone@example.org",
		   "From: NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN "
		   "<someone@example.org>\n");
	check_from("NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN", "someone@example.org",
		   "From: NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNN\n"
		   " <someone@example.org>\n");
	check_from("Seed 65bb46b7 maintainers",
		   "maintainers@users.noreply.r-seed-65bb46b7.example",
		   "From: Seed 65bb46b7 maintainers\n"
		   " <maintainers@users.noreply.r-seed-65bb46b7.example>\n");
}
END_TEST

START_TEST(test_ident_parse)
{
	struct ident id;

	ck_assert_int_eq(ident_parse("  Ann Author   <ann@example.org>", &id), 0);
	ck_assert_str_eq(id.name, "Ann Author");
	ck_assert_str_eq(id.email, "ann@example.org");
	ident_clear(&id);
	ck_assert_int_eq(ident_parse("ann@example.org", &id), -1);
	ck_assert_int_eq(ident_parse("Ann <>", &id), -1);
	ck_assert_int_eq(ident_parse("Ann <ann>", &id), -1);
	ck_assert_int_eq(ident_parse("Ann <ann@x> trailing", &id), -1);
	ck_assert(strstr(last_error(), "Full Name <user@example.org>") != NULL);
}
END_TEST

START_TEST(test_date)
{
	struct strbuf sb = STRBUF_INIT;

	mbox_date(&sb, 1704161045, 60);
	ck_assert_str_eq(sb.buf, "Tue, 2 Jan 2024 03:04:05 +0100");
	strbuf_reset(&sb);
	mbox_date(&sb, 1700000000, 0);
	ck_assert_str_eq(sb.buf, "Tue, 14 Nov 2023 22:13:20 +0000");
	strbuf_reset(&sb);
	mbox_date(&sb, 1700000000, -330);
	ck_assert_str_eq(sb.buf, "Tue, 14 Nov 2023 16:43:20 -0530");
	strbuf_release(&sb);
}
END_TEST

static void check_filename(int nr, const char *subject, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	mbox_patch_filename(&sb, nr, subject);
	ck_assert_str_eq(sb.buf, want);
	strbuf_release(&sb);
}

START_TEST(test_filename)
{
	check_filename(0, "ignored", "0000-cover-letter.patch");
	check_filename(11, "x: y", "0011-x-y.patch");
	check_filename(10, "sub: change number 10 with a subject that is definitely much "
		       "longer than fifty-two chars...",
		       "0010-sub-change-number-10-with-a-subject-that-is-definite.patch");
	check_filename(1, "proc: use kmalloc() for the readlink buffer in proc_task_readlink() "
		       "which is a long subject line that goes over",
		       "0001-proc-use-kmalloc-for-the-readlink-buffer-in-proc_tas.patch");
	check_filename(2, "fs/proc: v1.2... done.", "0002-fs-proc-v1.2.-done.patch");
}
END_TEST

START_TEST(test_tag)
{
	struct strbuf sb = STRBUF_INIT;

	mbox_tag(&sb, 1, 2);
	ck_assert_str_eq(sb.buf, "[PATCH 1/2]");
	strbuf_reset(&sb);
	mbox_tag(&sb, 1, 11);
	ck_assert_str_eq(sb.buf, "[PATCH 01/11]");
	strbuf_reset(&sb);
	mbox_tag(&sb, 0, 11);
	ck_assert_str_eq(sb.buf, "[PATCH 00/11]");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_diffstat)
{
	struct strbuf sb = STRBUF_INIT;
	const struct diffstat_item three[] = {
		{ "a.c", 40, 40 },
		{ "b.c", 1, 1 },
		{ "drivers/gpu/drm/amd/display/dc/dcn10/very/long/path/"
		  "dcn10_hw_sequencer_debug.c", 10, 10 },
	};
	const struct diffstat_item one[] = { { "a.c", 1, 1 } };
	const struct diffstat_item gone[] = { { "a.c", 0, 51 } };
	const struct diffstat_item proc[] = { { "fs/proc/base.c", 5, 5 } };

	mbox_diffstat(&sb, three, 3);
	ck_assert_str_eq(sb.buf,
		" a.c                                           | 80 +++++++++----------\n"
		" b.c                                           |  2 +-\n"
		" .../very/long/path/dcn10_hw_sequencer_debug.c | 20 ++---\n"
		" 3 files changed, 51 insertions(+), 51 deletions(-)\n");
	strbuf_reset(&sb);
	mbox_diffstat(&sb, one, 1);
	ck_assert_str_eq(sb.buf, " a.c | 2 +-\n 1 file changed, 1 insertion(+), 1 deletion(-)\n");
	strbuf_reset(&sb);
	mbox_diffstat(&sb, gone, 1);
	ck_assert_str_eq(sb.buf, " a.c | 51 ---------------------------------------------------\n"
			 " 1 file changed, 51 deletions(-)\n");
	strbuf_reset(&sb);
	mbox_diffstat(&sb, proc, 1);
	ck_assert_str_eq(sb.buf, " fs/proc/base.c | 10 +++++-----\n"
			 " 1 file changed, 5 insertions(+), 5 deletions(-)\n");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_patch_and_cover)
{
	struct ident me = { (char *)"Ann Author", (char *)"ann@example.org" };
	struct string_list to = STRING_LIST_INIT, cc = STRING_LIST_INIT;
	struct mbox_envelope env = { &me, 1700000000, 0, &to, &cc, "2.39.5", NULL, 0, false,
				     NULL };
	struct strbuf sb = STRBUF_INIT;
	const char *subjects[] = { "fs/proc: one" };

	string_list_append(&to, "Pat Procfs <pat@example.org>");
	string_list_append(&cc, "Vera Vfs <vera@example.org>");
	string_list_append(&cc, "list@example.org");
	mbox_format_patch(&sb, &env, 1, 1, "fs/proc: one", "Why.\n\nSigned-off-by: Ann Author "
			  "<ann@example.org>\n", NULL, " x | 2 +-\n 1 file changed\n",
			  "diff --git a/x b/x\n");
	ck_assert_str_eq(sb.buf,
		"From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
		"From: Ann Author <ann@example.org>\n"
		"Date: Tue, 14 Nov 2023 22:13:20 +0000\n"
		"Subject: [PATCH 1/1] fs/proc: one\n"
		"To: Pat Procfs <pat@example.org>\n"
		"Cc: Vera Vfs <vera@example.org>,\n"
		"    list@example.org\n"
		"\n"
		"Why.\n\nSigned-off-by: Ann Author <ann@example.org>\n"
		"---\n"
		" x | 2 +-\n 1 file changed\n"
		"\n"
		"diff --git a/x b/x\n"
		"-- \n2.39.5\n\n");
	strbuf_reset(&sb);
	/* A non-ASCII message gets git's MIME headers before To:. */
	me.name = (char *)"Ann \xc3\x9cmlaut";
	mbox_format_cover(&sb, &env, 1, "fs/proc: all", "Blurb.\n", subjects,
			  " x | 2 +-\n");
	ck_assert_str_eq(sb.buf,
		"From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
		"From: =?UTF-8?q?Ann=20=C3=9Cmlaut?= <ann@example.org>\n"
		"Date: Tue, 14 Nov 2023 22:13:20 +0000\n"
		"Subject: [PATCH 0/1] fs/proc: all\n"
		"MIME-Version: 1.0\n"
		"Content-Type: text/plain; charset=UTF-8\n"
		"Content-Transfer-Encoding: 8bit\n"
		"To: Pat Procfs <pat@example.org>\n"
		"Cc: Vera Vfs <vera@example.org>,\n"
		"    list@example.org\n"
		"\n"
		"Blurb.\n"
		"\n"
		"Ann \xc3\x9cmlaut (1):\n"
		"  fs/proc: one\n"
		"\n"
		" x | 2 +-\n"
		"\n"
		"-- \n2.39.5\n\n");
	strbuf_release(&sb);
	string_list_clear(&to);
	string_list_clear(&cc);
}
END_TEST

/*
 * A lone patch of a reroll with notes and --base, as git 2.39.5 wrote it for
 * 'git notes add -m "para one" -m "para two"' and 'git format-patch --notes -v2
 * --subject-prefix="RFC PATCH" --base=...' of one commit.
 */
START_TEST(test_lone_reroll_with_notes)
{
	struct ident me = { (char *)"A", (char *)"a@b" };
	struct mbox_envelope env = { &me, 1700000000, 0, NULL, NULL, "2.39.5", "RFC PATCH", 2,
				     true, "732abb2202d1eee0ce14840f768abceaf47b3111" };
	struct strbuf sb = STRBUF_INIT;

	mbox_format_patch(&sb, &env, 1, 1, "x: change", "Why.\n", "para one\n\npara two\n",
			  " a | 1 +\n 1 file changed, 1 insertion(+)\n",
			  "diff --git a/a b/a\n+b\n");
	ck_assert_str_eq(sb.buf,
		"From 0000000000000000000000000000000000000000 Mon Sep 17 00:00:00 2001\n"
		"From: A <a@b>\n"
		"Date: Tue, 14 Nov 2023 22:13:20 +0000\n"
		"Subject: [RFC PATCH v2] x: change\n"
		"\n"
		"Why.\n"
		"---\n"
		"\n"
		"Notes:\n"
		"    para one\n"
		"    \n"
		"    para two\n"
		"\n"
		" a | 1 +\n 1 file changed, 1 insertion(+)\n"
		"\n"
		"diff --git a/a b/a\n+b\n"
		"\nbase-commit: 732abb2202d1eee0ce14840f768abceaf47b3111\n"
		"-- \n2.39.5\n\n");
	strbuf_reset(&sb);
	env.unnumbered = false;
	env.subject_prefix = NULL;
	mbox_tag_env(&sb, &env, 3, 12);
	ck_assert_str_eq(sb.buf, "[PATCH v2 03/12]");
	strbuf_reset(&sb);
	mbox_patch_filename_v(&sb, 2, 1, "x: change");
	ck_assert_str_eq(sb.buf, "v2-0001-x-change.patch");
	strbuf_reset(&sb);
	mbox_patch_filename_v(&sb, 2, 0, "x");
	ck_assert_str_eq(sb.buf, "v2-0000-cover-letter.patch");
	strbuf_reset(&sb);
	/* git cuts at 64 bytes, the "v2-" counted (git 2.39.5 wrote this name). */
	mbox_patch_filename_v(&sb, 2, 1, "proc: use kmalloc() for the tmp buffer in "
			      "proc_task_readlink_sample()");
	ck_assert_str_eq(sb.buf, "v2-0001-proc-use-kmalloc-for-the-tmp-buffer-in-proc_task_.patch");
	strbuf_release(&sb);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("series-mbox");
	TCase *tc = tcase_create("mbox");

	tcase_add_test(tc, test_wrap);
	tcase_add_test(tc, test_subject_folding);
	tcase_add_test(tc, test_from_header);
	tcase_add_test(tc, test_ident_parse);
	tcase_add_test(tc, test_date);
	tcase_add_test(tc, test_filename);
	tcase_add_test(tc, test_tag);
	tcase_add_test(tc, test_diffstat);
	tcase_add_test(tc, test_patch_and_cover);
	tcase_add_test(tc, test_lone_reroll_with_notes);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

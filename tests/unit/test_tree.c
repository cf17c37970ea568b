// SPDX-License-Identifier: GPL-2.0-only
/*
 * tree.c: the tree's version and git commit.
 */
#include "run-command.h"
#include "tree.h"
#include "testutil.h"

static void check_version(const char *makefile, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	int ret = tree_version_parse(makefile, strlen(makefile), &sb);

	if (!want) {
		ck_assert_msg(ret == -1, "version \"%s\" from a Makefile without one", sb.buf);
	} else {
		ck_assert_int_eq(ret, 0);
		ck_assert_str_eq(sb.buf, want);
	}
	strbuf_release(&sb);
}

START_TEST(test_version_parse)
{
	check_version("# SPDX\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\nEXTRAVERSION =\n"
		      "NAME = Curry Ramen\n", "6.1.192");
	check_version("VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION = -samples\n",
		      "6.1.0-samples");
	check_version("VERSION=5\nPATCHLEVEL:=10\nSUBLEVEL ?= 3\nEXTRAVERSION = -rc1 # test\n",
		      "5.10.3-rc1");
	/* As KERNELVERSION: no SUBLEVEL without a PATCHLEVEL. */
	check_version("VERSION = 4\nPATCHLEVEL =\nSUBLEVEL = 2\n", "4");
	check_version("VERSION = 6\nPATCHLEVEL = 2\n", "6.2");
	/* The first assignment counts; other variables do not match. */
	check_version("VERSIONS = 9\nVERSION = 3\nVERSION = 4\nPATCHLEVEL = 7\n", "3.7");
	check_version("all:\n\techo VERSION = 1\n", NULL);
	check_version("", NULL);
}
END_TEST

START_TEST(test_version_from_tree)
{
	char *dir = tu_tempdir();
	char *v;

	ck_assert_ptr_null(tree_version(dir));
	ck_assert(!tree_looks_like_kernel(dir));
	tu_write(dir, "Makefile", "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 7\n");
	v = tree_version(dir);
	ck_assert_str_eq(v, "6.1.7");
	ck_assert(!tree_looks_like_kernel(dir));
	tu_write(dir, "MAINTAINERS", "x\n");
	ck_assert(tree_looks_like_kernel(dir));
	free(v);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static void git(const char *dir, const char *a1, const char *a2, const char *a3)
{
	const char *argv[] = {
		"git", "-C", dir, "-c", "user.name=Unit Test", "-c", "user.email=unit@example.org",
		a1, a2, a3, NULL,
	};
	struct child_process cp = CHILD_PROCESS_INIT;

	cp.argv = argv;
	ck_assert_int_eq(run_command(&cp), 0);
	ck_assert_msg(command_succeeded(&cp), "git %s failed: %s", a1, cp.err.buf);
	child_process_clear(&cp);
}

START_TEST(test_git_commit)
{
	char *dir = tu_tempdir();
	char *sub = xstrfmt("%s/sub", dir);
	char *commit;

	ck_assert_ptr_null(tree_git_commit(dir));
	tu_write(dir, "sub/Makefile", "VERSION = 1\n");
	git(dir, "init", "-q", ".");
	git(dir, "add", "sub/Makefile", NULL);
	git(dir, "commit", "-qm", "first");
	commit = tree_git_commit(dir);
	ck_assert_ptr_nonnull(commit);
	ck_assert_int_eq(strlen(commit), 40);
	ck_assert_int_eq(strspn(commit, "0123456789abcdef"), 40);
	/* A directory inside a checkout is not the top of one. */
	ck_assert_ptr_null(tree_git_commit(sub));
	free(commit);
	free(sub);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("tree");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_version_parse);
	tcase_add_test(tc, test_version_from_tree);
	tcase_add_test(tc, test_git_commit);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

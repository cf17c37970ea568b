/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Helpers shared by the Check unit tests: scratch directories and files, and main().
 */
#ifndef WHICHALLOC_TESTUTIL_H
#define WHICHALLOC_TESTUTIL_H

#include "util.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A fresh directory under $TMPDIR (or /tmp); free() it after tu_rmtree(). */
static inline char *tu_tempdir(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xstrfmt("%s/whichalloc-unit.XXXXXX", tmp && *tmp ? tmp : "/tmp");

	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp(%s): %s", dir, strerror(errno));
	return dir;
}

/* Create the directories of rel under dir. */
static inline void tu_mkdirs(const char *dir, const char *rel)
{
	char *path = xstrfmt("%s/%s", dir, rel);

	for (char *p = path + strlen(dir) + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ck_assert_msg(!mkdir(path, 0755) || errno == EEXIST, "mkdir(%s): %s", path,
			      strerror(errno));
		*p = '/';
	}
	free(path);
}

/* Write content to dir/rel, creating its directories. */
static inline void tu_write(const char *dir, const char *rel, const char *content)
{
	char *path = xstrfmt("%s/%s", dir, rel);
	FILE *f;

	tu_mkdirs(dir, rel);
	f = fopen(path, "w");
	ck_assert_msg(f != NULL, "fopen(%s): %s", path, strerror(errno));
	fputs(content, f);
	ck_assert_int_eq(fclose(f), 0);
	free(path);
}

static inline int tu_remove_entry(const char *path, const struct stat *st, int flag,
				  struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* Remove dir and everything under it, without following symbolic links. */
static inline void tu_rmtree(const char *dir)
{
	ck_assert_int_eq(nftw(dir, tu_remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* The top of the whichalloc tree (the Makefile exports it). */
static inline const char *tu_top(void)
{
	const char *top = getenv("WHICHALLOC_TOP");

	return top && *top ? top : ".";
}

/* main() for a test program whose suite comes from make_suite(). */
#define TU_MAIN(make_suite)						\
int main(void)								\
{									\
	SRunner *sr = srunner_create(make_suite());			\
	int failed;							\
									\
	set_quiet_errors(true);						\
	srunner_run_all(sr, CK_NORMAL);					\
	failed = srunner_ntests_failed(sr);				\
	srunner_free(sr);						\
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;			\
}

#endif

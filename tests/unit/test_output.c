// SPDX-License-Identifier: GPL-2.0-only
/*
 * output: the one atomic writer refuses targets that are not regular files and the database
 * being read (through symbolic and hard links), and removes its temporary files on errors
 * and on SIGINT/SIGTERM.
 */
#include "output.h"
#include "testutil.h"

#include <dirent.h>
#include <signal.h>
#include <sys/wait.h>

/* Entries of dir whose names start with '.' (temporary files), besides . and .. */
static int hidden_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		if (de->d_name[0] == '.' && strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
			n++;
	closedir(d);
	return n;
}

static int write_to(const char *path, bool force)
{
	struct output_file of;

	if (output_file_open(&of, path, force))
		return -1;
	fputs("new\n", of.f);
	return output_file_commit(&of);
}

START_TEST(test_refuses_non_regular)
{
	char *dir = tu_tempdir();
	char *fifo = xstrfmt("%s/fifo", dir), *link = xstrfmt("%s/link", dir);
	char *dangling = xstrfmt("%s/dangling", dir), *sub = xstrfmt("%s/sub", dir);
	struct stat st;

	ck_assert_int_eq(mkfifo(fifo, 0644), 0);
	ck_assert_int_eq(symlink(fifo, link), 0);
	ck_assert_int_eq(symlink("nothing-here", dangling), 0);
	ck_assert_int_eq(mkdir(sub, 0755), 0);
	ck_assert_int_eq(write_to(fifo, true), -1);
	ck_assert_ptr_nonnull(strstr(last_error(), "not a regular file"));
	ck_assert_int_eq(write_to(link, true), -1);
	ck_assert_ptr_nonnull(strstr(last_error(), "symbolic link"));
	ck_assert_int_eq(write_to(dangling, true), -1);
	ck_assert_int_eq(write_to(sub, true), -1);
	ck_assert_ptr_nonnull(strstr(last_error(), "is a directory"));
	ck_assert_int_eq(lstat(fifo, &st), 0);
	ck_assert(S_ISFIFO(st.st_mode));
	ck_assert_int_eq(lstat(link, &st), 0);
	ck_assert(S_ISLNK(st.st_mode));
	ck_assert_int_eq(hidden_entries(dir), 0);
	if (!access("/dev/null", W_OK)) {
		ck_assert_int_eq(write_to("/dev/null", true), -1);
		ck_assert_int_eq(stat("/dev/null", &st), 0);
		ck_assert(S_ISCHR(st.st_mode));
	}
	tu_rmtree(dir);
	free(fifo);
	free(link);
	free(dangling);
	free(sub);
	free(dir);
}
END_TEST

START_TEST(test_refuses_protected)
{
	char *dir = tu_tempdir();
	char *db = xstrfmt("%s/self.db", dir), *wal = xstrfmt("%s/self.db-wal", dir);
	char *hard = xstrfmt("%s/hard", dir), *soft = xstrfmt("%s/soft", dir);
	char *other = xstrfmt("%s/other.csv", dir);
	struct strbuf sb = STRBUF_INIT;

	tu_write(dir, "self.db", "database\n");
	tu_write(dir, "self.db-wal", "wal\n");
	tu_write(dir, "other.csv", "old\n");
	ck_assert_int_eq(link(db, hard), 0);
	ck_assert_int_eq(symlink("self.db", soft), 0);
	output_protect(db);
	ck_assert_int_eq(write_to(db, true), -1);
	ck_assert_ptr_nonnull(strstr(last_error(), "database being read"));
	ck_assert_int_eq(write_to(hard, true), -1);
	ck_assert_int_eq(write_to(soft, true), -1);
	ck_assert_int_eq(write_to(wal, true), -1);
	ck_assert_int_eq(strbuf_read_file(&sb, db), 0);
	ck_assert_str_eq(sb.buf, "database\n");
	/* Other files are replaced with force only. */
	ck_assert_int_eq(write_to(other, false), -1);
	ck_assert_ptr_nonnull(strstr(last_error(), "already exists"));
	ck_assert_int_eq(write_to(other, true), 0);
	strbuf_reset(&sb);
	ck_assert_int_eq(strbuf_read_file(&sb, other), 0);
	ck_assert_str_eq(sb.buf, "new\n");
	ck_assert_int_eq(hidden_entries(dir), 0);
	strbuf_release(&sb);
	tu_rmtree(dir);
	free(db);
	free(wal);
	free(hard);
	free(soft);
	free(other);
	free(dir);
}
END_TEST

START_TEST(test_write_at)
{
	char *dir = tu_tempdir();
	int dfd = open(dir, O_RDONLY | O_DIRECTORY);
	struct strbuf sb = STRBUF_INIT;
	char *path = xstrfmt("%s/0001.patch", dir);

	ck_assert_int_ge(dfd, 0);
	ck_assert_int_eq(output_write_at(dfd, dir, "0001.patch", "one\n", 4, 0), 0);
	ck_assert_int_eq(output_write_at(dfd, dir, "0001.patch", "two\n", 4, 0), -1);
	ck_assert_int_eq(output_write_at(dfd, dir, "0001.patch", "two\n", 4, OUTPUT_FORCE), 0);
	ck_assert_int_eq(strbuf_read_file(&sb, path), 0);
	ck_assert_str_eq(sb.buf, "two\n");
	ck_assert_int_eq(hidden_entries(dir), 0);
	close(dfd);
	strbuf_release(&sb);
	tu_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

/* The test runner's own handlers are inherited: whichalloc starts with the defaults. */
static void default_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
}

/* A process killed by sig while it writes an output file leaves no temporary file. */
static void killed_while_writing(int sig)
{
	char *dir = tu_tempdir();
	char *path = xstrfmt("%s/out.csv", dir);
	int status;
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (!pid) {
		struct output_file of;

		default_signals();
		if (output_file_open(&of, path, false))
			_exit(3);
		fputs("half", of.f);
		fflush(of.f);
		raise(sig);
		_exit(4);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_eq(WTERMSIG(status), sig);
	ck_assert_int_eq(hidden_entries(dir), 0);
	ck_assert_int_ne(access(path, F_OK), 0);
	tu_rmtree(dir);
	free(path);
	free(dir);
}

START_TEST(test_signal_cleanup)
{
	killed_while_writing(SIGINT);
	killed_while_writing(SIGTERM);
}
END_TEST

START_TEST(test_cleanup_directory)
{
	char *dir = tu_tempdir();
	char *sub = xstrfmt("%s/.report.tmp", dir), *file = xstrfmt("%s/.report.tmp/a", dir);
	int status;
	pid_t pid;

	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (!pid) {
		default_signals();
		output_cleanup_push(sub, true);
		if (mkdir(sub, 0755))
			_exit(3);
		output_cleanup_push(file, false);
		if (creat(file, 0644) < 0)
			_exit(3);
		raise(SIGTERM);
		_exit(4);
	}
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFSIGNALED(status));
	ck_assert_int_eq(hidden_entries(dir), 0);
	tu_rmtree(dir);
	free(sub);
	free(file);
	free(dir);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("output");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_refuses_non_regular);
	tcase_add_test(tc, test_refuses_protected);
	tcase_add_test(tc, test_write_at);
	tcase_add_test(tc, test_signal_cleanup);
	tcase_add_test(tc, test_cleanup_directory);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * tree-read.c: reading tree files without blocking, following links, or reading without
 * bound.
 */
#include "tree-read.h"
#include "testutil.h"

static enum tree_read_status read_status(const char *top, const char *rel, size_t max,
					 struct strbuf *out)
{
	struct tree_read r;
	int ret = tree_read_file(top, rel, max, out, &r);

	ck_assert_int_eq(ret, r.status == TREE_READ_OK ? 0 : -1);
	return r.status;
}

static void make_link(const char *dir, const char *target, const char *rel)
{
	char *path = xstrfmt("%s/%s", dir, rel);

	ck_assert_msg(!symlink(target, path), "symlink(%s): %s", path, strerror(errno));
	free(path);
}

START_TEST(test_regular_file)
{
	char *dir = tu_tempdir();
	struct strbuf sb = STRBUF_INIT;

	tu_write(dir, "fs/a.c", "int a;\n");
	ck_assert_int_eq(read_status(dir, "fs/a.c", 1024, &sb), TREE_READ_OK);
	ck_assert_str_eq(sb.buf, "int a;\n");
	ck_assert_int_eq(read_status(dir, "fs/a.c", 3, &sb), TREE_READ_TOO_BIG);
	ck_assert_int_eq(sb.len, 0);
	ck_assert_int_eq(read_status(dir, "fs/none.c", 1024, &sb), TREE_READ_SYSTEM);
	strbuf_release(&sb);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* A FIFO neither blocks nor is read; a link to a device is not followed. */
START_TEST(test_not_regular)
{
	char *dir = tu_tempdir();
	char *fifo = xstrfmt("%s/fs/fifo.c", dir);
	struct strbuf sb = STRBUF_INIT, msg = STRBUF_INIT;
	struct tree_read r;

	tu_write(dir, "fs/a.c", "int a;\n");
	ck_assert(!mkfifo(fifo, 0644));
	ck_assert_int_eq(read_status(dir, "fs/fifo.c", 1024, &sb), TREE_READ_NOT_REGULAR);
	ck_assert_int_eq(tree_read_path(fifo, 1024, &sb, &r), -1);
	tree_read_describe(&r, &msg);
	ck_assert_ptr_nonnull(strstr(msg.buf, "is a FIFO, not a regular file"));
	make_link(dir, "/dev/zero", "fs/zero.c");
	ck_assert_int_eq(read_status(dir, "fs/zero.c", 1024, &sb), TREE_READ_LINK);
	free(fifo);
	fifo = xstrfmt("%s/fs/zero.c", dir);
	ck_assert_int_eq(tree_read_path(fifo, 1024, &sb, &r), -1);
	ck_assert_int_eq(r.status, TREE_READ_NOT_REGULAR);
	ck_assert_int_eq(read_status(dir, "fs", 1024, &sb), TREE_READ_NOT_REGULAR);
	strbuf_release(&sb);
	strbuf_release(&msg);
	free(fifo);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

/* Neither a link on the way nor ".." leads out of the tree. */
START_TEST(test_stays_beneath)
{
	char *dir = tu_tempdir(), *out = tu_tempdir();
	struct strbuf sb = STRBUF_INIT;

	tu_write(out, "secret.c", "secret\n");
	tu_write(dir, "fs/a.c", "int a;\n");
	make_link(dir, out, "fs/outside");
	make_link(dir, "a.c", "fs/link.c");
	ck_assert_int_eq(read_status(dir, "fs/outside/secret.c", 1024, &sb), TREE_READ_LINK);
	ck_assert_int_eq(read_status(dir, "fs/link.c", 1024, &sb), TREE_READ_LINK);
	ck_assert_int_ne(read_status(dir, "fs/../../secret.c", 1024, &sb), TREE_READ_OK);
	ck_assert_int_eq(sb.len, 0);
	strbuf_release(&sb);
	tu_rmtree(dir);
	tu_rmtree(out);
	free(dir);
	free(out);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("tree_read");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_regular_file);
	tcase_add_test(tc, test_not_regular);
	tcase_add_test(tc, test_stays_beneath);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

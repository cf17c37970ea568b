// SPDX-License-Identifier: GPL-2.0-only
/*
 * walk.c: listing the tree's sources.
 */
#include "walk.h"
#include "testutil.h"

static void make_link(const char *dir, const char *target, const char *rel)
{
	char *path = xstrfmt("%s/%s", dir, rel);

	ck_assert_msg(!symlink(target, path), "symlink(%s): %s", path, strerror(errno));
	free(path);
}

static char *make_tree(void)
{
	char *dir = tu_tempdir();

	tu_write(dir, "Makefile", "VERSION = 6\n");
	tu_write(dir, "fs/a.c", "a\n");
	tu_write(dir, "fs/ext4/deep/er/b.c", "b\n");
	tu_write(dir, "fs/ext4/inode.h", "h\n");
	tu_write(dir, "fs/ext4/notes.txt", "t\n");
	tu_write(dir, "fs/ext4/asm.S", "s\n");
	tu_write(dir, "drivers/with space.c", "s\n");
	tu_write(dir, "drivers/new\nline.c", "n\n");
	tu_write(dir, ".git/hidden.c", "x\n");
	tu_write(dir, "mm/.tmp.c", "x\n");
	make_link(dir, "..", "fs/ext4/loop");
	make_link(dir, "../a.c", "fs/ext4/link.c");
	make_link(dir, "/", "root");
	return dir;
}

START_TEST(test_walk_whole_tree)
{
	char *dir = make_tree();
	struct string_list dirs = STRING_LIST_INIT, files = STRING_LIST_INIT;
	static const char *const want[] = {
		"drivers/new\nline.c", "drivers/with space.c", "fs/a.c", "fs/ext4/deep/er/b.c",
		"fs/ext4/inode.h",
	};

	ck_assert_int_eq(walk_tree(dir, &dirs, &files), 0);
	ck_assert_int_eq(files.nr, ARRAY_SIZE(want));
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		ck_assert_str_eq(files.items[i], want[i]);
	string_list_clear(&files);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_walk_dirs)
{
	char *dir = make_tree();
	struct string_list dirs = STRING_LIST_INIT, files = STRING_LIST_INIT;

	string_list_append(&dirs, "./fs//ext4/");
	string_list_append(&dirs, "fs/ext4/deep");	/* overlaps: no duplicates */
	string_list_append(&dirs, "fs/a.c");		/* one file */
	ck_assert_int_eq(walk_tree(dir, &dirs, &files), 0);
	ck_assert_int_eq(files.nr, 3);
	ck_assert_str_eq(files.items[0], "fs/a.c");
	ck_assert_str_eq(files.items[1], "fs/ext4/deep/er/b.c");
	ck_assert_str_eq(files.items[2], "fs/ext4/inode.h");
	string_list_clear(&files);
	string_list_clear(&dirs);
	string_list_append(&dirs, "nonexistent");
	ck_assert_int_eq(walk_tree(dir, &dirs, &files), -1);
	ck_assert(strstr(last_error(), "--dir nonexistent: no such directory"));
	string_list_clear(&dirs);
	string_list_append(&dirs, "fs/ext4/notes.txt");
	ck_assert_int_eq(walk_tree(dir, &dirs, &files), -1);
	string_list_clear(&dirs);
	string_list_clear(&files);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_normalise_subdir)
{
	struct strbuf sb = STRBUF_INIT;

	ck_assert_int_eq(normalise_subdir("./fs//ext4/./", &sb), 0);
	ck_assert_str_eq(sb.buf, "fs/ext4");
	ck_assert_int_eq(normalise_subdir(".", &sb), 0);
	ck_assert_str_eq(sb.buf, "");
	ck_assert_int_eq(normalise_subdir("fs/../..", &sb), -1);
	ck_assert(strstr(last_error(), "must stay inside the tree"));
	ck_assert_int_eq(normalise_subdir("/etc", &sb), -1);
	ck_assert(strstr(last_error(), "relative to the tree's top"));
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_path_in_dirs)
{
	struct string_list dirs = STRING_LIST_INIT;

	ck_assert(path_in_dirs("anything/at/all.c", &dirs));
	string_list_append(&dirs, "fs/ext4");
	string_list_append(&dirs, "mm/slab.c");
	ck_assert(path_in_dirs("fs/ext4/inode.c", &dirs));
	ck_assert(path_in_dirs("mm/slab.c", &dirs));
	ck_assert(!path_in_dirs("fs/ext4x/inode.c", &dirs));
	ck_assert(!path_in_dirs("fs/ext.c", &dirs));
	ck_assert(!path_in_dirs("mm/slab.c.orig", &dirs));
	string_list_clear(&dirs);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("walk");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_walk_whole_tree);
	tcase_add_test(tc, test_walk_dirs);
	tcase_add_test(tc, test_normalise_subdir);
	tcase_add_test(tc, test_path_in_dirs);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

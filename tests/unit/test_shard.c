// SPDX-License-Identifier: GPL-2.0-only
/*
 * shard.c: the parts of a tree for scan --shard K/N.
 */
#include "shard.h"
#include "testutil.h"

START_TEST(test_shard_parse)
{
	static const char *const bad[] = { "0/2", "3/2", "x", "1", "1/", "/2", "1/0", "-1/2",
					   "1/2/3", "1 /2", "2/99999", "", "a/b" };
	struct shard s = SHARD_INIT;

	ck_assert_int_eq(shard_parse("1/2", &s), 0);
	ck_assert_uint_eq(s.k, 1);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_int_eq(shard_parse("7/7", &s), 0);
	ck_assert_uint_eq(s.k, 7);
	ck_assert_int_eq(shard_parse("1/1", &s), 0);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		ck_assert_msg(shard_parse(bad[i], &s) == -1, "--shard %s accepted", bad[i]);
}
END_TEST

static char *paths[] = { "a.c", "b.c", "c/d.c", "c/e.c", "f.c", "g/h.c", "g/i.c", "j.c" };

/* Every part of n over paths with sizes: contiguous, each file once, sizes balanced. */
static void check_partition(const unsigned long long *sizes, unsigned int n,
			    unsigned long long slack)
{
	size_t nr = ARRAY_SIZE(paths);
	unsigned long long total = 0, per[16] = { 0 };
	unsigned int part[ARRAY_SIZE(paths)], again[ARRAY_SIZE(paths)];
	char plan[SHA1_HEX_SIZE];

	for (size_t i = 0; i < nr; i++)
		total += sizes[i] + 1;
	for (unsigned int k = 1; k <= n; k++) {
		struct shard s = SHARD_INIT;

		s.k = k;
		s.n = n;
		shard_partition(&s, paths, sizes, nr, "", part);
		if (k == 1)
			memcpy(plan, s.plan, sizeof(plan));
		/* The plan is the partition's, whichever part is scanned. */
		ck_assert_str_eq(s.plan, plan);
		for (size_t i = 0; i < nr; i++) {
			ck_assert_uint_ge(part[i], 1);
			ck_assert_uint_le(part[i], n);
			if (i)
				ck_assert_uint_ge(part[i], part[i - 1]);
			/* The part of a walked path is the one it was given. */
			ck_assert_uint_eq(shard_of(&s, paths[i]), part[i]);
			ck_assert(shard_owns(&s, paths[i]) == (part[i] == k));
			if (k == 1)
				per[part[i] - 1] += sizes[i] + 1;
		}
		/* The same input gives the same parts. */
		shard_partition(&s, paths, sizes, nr, "", again);
		ck_assert(!memcmp(part, again, sizeof(part)));
		shard_release(&s);
	}
	for (unsigned int k = 0; k < n; k++)
		ck_assert_msg(per[k] <= total / n + slack, "part %u holds %llu of %llu bytes",
			      k + 1, per[k], total);
}

START_TEST(test_shard_partition_balanced)
{
	static const unsigned long long even[] = { 100, 100, 100, 100, 100, 100, 100, 100 };
	static const unsigned long long uneven[] = { 10, 5000, 20, 30, 4000, 10, 10, 900 };
	static const unsigned long long empty[] = { 0, 0, 0, 0, 0, 0, 0, 0 };

	check_partition(even, 1, 0);
	check_partition(even, 2, 0);
	check_partition(even, 4, 0);
	check_partition(uneven, 2, 5000);
	check_partition(uneven, 3, 5000);
	check_partition(empty, 2, 1);
	/* More parts than files: some parts are empty. */
	check_partition(even, 12, 101);
}
END_TEST

START_TEST(test_shard_partition_even_split)
{
	static const unsigned long long sizes[] = { 99, 99, 99, 99, 99, 99, 99, 99 };
	unsigned int part[ARRAY_SIZE(paths)];
	struct shard s = SHARD_INIT;

	s.k = 2;
	s.n = 2;
	shard_partition(&s, paths, sizes, ARRAY_SIZE(paths), "", part);
	for (size_t i = 0; i < ARRAY_SIZE(paths); i++)
		ck_assert_uint_eq(part[i], i < 4 ? 1 : 2);
	ck_assert_uint_eq(s.files_mine, 4);
	ck_assert_uint_eq(s.files_total, 8);
	shard_release(&s);
}
END_TEST

/* A path no longer in the tree belongs to the part of the range it falls in. */
START_TEST(test_shard_of_gone_paths)
{
	static const unsigned long long sizes[] = { 99, 99, 99, 99, 99, 99, 99, 99 };
	unsigned int part[ARRAY_SIZE(paths)];
	struct shard s = SHARD_INIT;

	s.k = 1;
	s.n = 2;
	shard_partition(&s, paths, sizes, ARRAY_SIZE(paths), "", part);
	ck_assert_uint_eq(shard_of(&s, "0.c"), 1);	/* before every path */
	ck_assert_uint_eq(shard_of(&s, "c/d0.c"), 1);	/* between c/d.c and c/e.c */
	ck_assert_uint_eq(shard_of(&s, "c/f.c"), 2);	/* between c/e.c and f.c */
	ck_assert_uint_eq(shard_of(&s, "z.c"), 2);	/* after every path */
	ck_assert(shard_owns(&s, "c/d0.c"));
	ck_assert(!shard_owns(&s, "z.c"));
	/* The whole tree owns everything. */
	ck_assert(shard_owns(NULL, "z.c"));
	shard_release(&s);
}
END_TEST

/* Another N, --dir list or size is another partition. */
START_TEST(test_shard_plan_changes)
{
	unsigned long long sizes[] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	unsigned int part[ARRAY_SIZE(paths)];
	struct shard a = SHARD_INIT, b = SHARD_INIT;

	a.k = b.k = 1;
	a.n = b.n = 2;
	shard_partition(&a, paths, sizes, ARRAY_SIZE(paths), "", part);
	shard_partition(&b, paths, sizes, ARRAY_SIZE(paths), "fs", part);
	ck_assert_str_ne(a.plan, b.plan);
	sizes[3]++;
	shard_partition(&b, paths, sizes, ARRAY_SIZE(paths), "", part);
	ck_assert_str_ne(a.plan, b.plan);
	sizes[3]--;
	b.n = 3;
	shard_partition(&b, paths, sizes, ARRAY_SIZE(paths), "", part);
	ck_assert_str_ne(a.plan, b.plan);
	b.n = 2;
	shard_partition(&b, paths, sizes, ARRAY_SIZE(paths), "", part);
	ck_assert_str_eq(a.plan, b.plan);
	shard_release(&a);
	shard_release(&b);
}
END_TEST

/* shard_select() keeps part K of a real directory's files, by their sizes. */
START_TEST(test_shard_select)
{
	char *dir = tu_tempdir();
	struct string_list all = STRING_LIST_INIT, dirs = STRING_LIST_INIT;
	struct string_list got[2] = { STRING_LIST_INIT, STRING_LIST_INIT };
	char big[4096];

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tu_write(dir, "a.c", big);
	tu_write(dir, "b.c", "b\n");
	tu_write(dir, "c.c", "c\n");
	tu_write(dir, "d.c", "d\n");
	for (unsigned int k = 1; k <= 2; k++) {
		struct shard s = SHARD_INIT;

		s.k = k;
		s.n = 2;
		string_list_append(&got[k - 1], "a.c");
		string_list_append(&got[k - 1], "b.c");
		string_list_append(&got[k - 1], "c.c");
		string_list_append(&got[k - 1], "d.c");
		shard_select(&s, dir, &dirs, &got[k - 1]);
		ck_assert_uint_eq(s.files_total, 4);
		shard_release(&s);
	}
	/* The big file alone is half of the bytes. */
	ck_assert_uint_eq(got[0].nr, 1);
	ck_assert_str_eq(got[0].items[0], "a.c");
	ck_assert_uint_eq(got[1].nr, 3);
	ck_assert_str_eq(got[1].items[0], "b.c");
	string_list_clear(&got[0]);
	string_list_clear(&got[1]);
	string_list_clear(&all);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("shard");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_shard_parse);
	tcase_add_test(tc, test_shard_partition_balanced);
	tcase_add_test(tc, test_shard_partition_even_split);
	tcase_add_test(tc, test_shard_of_gone_paths);
	tcase_add_test(tc, test_shard_plan_changes);
	tcase_add_test(tc, test_shard_select);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

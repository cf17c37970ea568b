// SPDX-License-Identifier: GPL-2.0-only
/*
 * filecache.c, gitindex.c and prefilter_key(): what lets a rescan skip reading a file.
 */
#include "db.h"
#include "filecache.h"
#include "gitindex.h"
#include "prefilter.h"
#include "testutil.h"

#define NS 1000000000LL
#define HASH_A "1111111111111111111111111111111111111111"
#define HASH_B "2222222222222222222222222222222222222222"

static struct file_cache_entry entry(const char *path, long long mtime_s, long long read_s)
{
	struct file_cache_entry e;

	memset(&e, 0, sizeof(e));
	e.path = (char *)path;
	e.stamp.size = 100;
	e.stamp.mtime_ns = mtime_s * NS + 500;
	e.stamp.ctime_ns = mtime_s * NS + 700;
	e.stamp.inode = 42;
	e.stamp.device = 7;
	e.read_at_ns = read_s * NS + 900;
	memcpy(e.hash, HASH_A, SHA1_HEX_SIZE);
	e.hits = (char *)"10";
	return e;
}

START_TEST(test_stamp_equal)
{
	struct file_cache_entry e = entry("a.c", 1000, 2000);
	struct file_stamp now = e.stamp;

	ck_assert(file_stamp_equal(&e.stamp, &now));
	ck_assert(file_cache_entry_fresh(&e, &now));
	now.size++;
	ck_assert(!file_cache_entry_fresh(&e, &now));
	now = e.stamp;
	now.mtime_ns++;		/* one nanosecond is a change */
	ck_assert(!file_cache_entry_fresh(&e, &now));
	now = e.stamp;
	now.ctime_ns += NS;	/* content replaced, mtime put back (cp -p, tar, touch -d) */
	ck_assert(!file_cache_entry_fresh(&e, &now));
	now = e.stamp;
	now.inode++;		/* a new file renamed over the old one */
	ck_assert(!file_cache_entry_fresh(&e, &now));
	now = e.stamp;
	now.device++;
	ck_assert(!file_cache_entry_fresh(&e, &now));
}
END_TEST

START_TEST(test_racy_entries)
{
	struct file_cache_entry older = entry("a.c", 1000, 1001);
	struct file_cache_entry same = entry("a.c", 1000, 1000);
	struct file_cache_entry later = entry("a.c", 1001, 1000);

	/* Read in the second after the mtime: trusted; same second or before: read again. */
	ck_assert(!file_cache_entry_racy(&older));
	ck_assert(file_cache_entry_fresh(&older, &older.stamp));
	ck_assert(file_cache_entry_racy(&same));
	ck_assert(!file_cache_entry_fresh(&same, &same.stamp));
	ck_assert(file_cache_entry_racy(&later));
	ck_assert(!file_cache_entry_fresh(&later, &later.stamp));
	/* The same second even when the read came 0.9 s after the mtime. */
	same.stamp.mtime_ns = 1000 * NS;
	same.read_at_ns = 1000 * NS + 900000000;
	ck_assert(file_cache_entry_racy(&same));
	/* Before 1970: seconds round down. */
	same.stamp.mtime_ns = -NS / 2;
	same.read_at_ns = 0;
	ck_assert(!file_cache_entry_racy(&same));
	same.read_at_ns = -1;
	ck_assert(file_cache_entry_racy(&same));
	ck_assert(file_cache_now_ns() > 1700000000LL * NS);
}
END_TEST

START_TEST(test_cache_find)
{
	struct file_cache fc = FILE_CACHE_INIT;
	struct file_cache_entry b = entry("fs/b.c", 1, 2), a = entry("fs/a.c", 1, 2);

	ck_assert_ptr_null(file_cache_find(&fc, "fs/a.c"));
	file_cache_add(&fc, &b);
	file_cache_add(&fc, &a);
	file_cache_sort(&fc);
	ck_assert_str_eq(file_cache_find(&fc, "fs/a.c")->path, "fs/a.c");
	ck_assert_str_eq(file_cache_find(&fc, "fs/b.c")->path, "fs/b.c");
	ck_assert_ptr_null(file_cache_find(&fc, "fs/c.c"));
	file_cache_clear(&fc);
	ck_assert_uint_eq(fc.nr, 0);
}
END_TEST

static sqlite3 *scratch_db(char **dir)
{
	sqlite3 *db;
	char *path;

	*dir = tu_tempdir();
	path = xstrfmt("%s/cache.db", *dir);
	ck_assert_int_eq(db_open(path, DB_CREATE, &db), 0);
	free(path);
	return db;
}

static void save(sqlite3 *db, const char *key, struct file_cache *fc, struct string_list *forget)
{
	ck_assert_int_eq(db_begin(db), 0);
	ck_assert_int_eq(file_cache_save(db, key, fc, forget), 0);
	ck_assert_int_eq(db_commit(db), 0);
}

START_TEST(test_cache_save_load)
{
	char *dir;
	sqlite3 *db = scratch_db(&dir);
	struct file_cache fc = FILE_CACHE_INIT, loaded = FILE_CACHE_INIT;
	struct file_cache_entry a = entry("fs/a.c", 1000, 2000), b = entry("fs/b.c", 5, 6);
	struct string_list forget = STRING_LIST_INIT;
	const struct file_cache_entry *got;

	b.hits = (char *)"01";
	memcpy(b.hash, HASH_B, SHA1_HEX_SIZE);
	file_cache_add(&fc, &a);
	file_cache_add(&fc, &b);
	save(db, "key1", &fc, NULL);

	ck_assert_int_eq(file_cache_load(db, "key1", 2, &loaded), 0);
	ck_assert_uint_eq(loaded.nr, 2);
	got = file_cache_find(&loaded, "fs/a.c");
	ck_assert(file_stamp_equal(&got->stamp, &a.stamp));
	ck_assert_int_eq(got->read_at_ns, a.read_at_ns);
	ck_assert_str_eq(got->hash, HASH_A);
	ck_assert_str_eq(got->hits, "10");
	ck_assert_str_eq(file_cache_find(&loaded, "fs/b.c")->hits, "01");
	file_cache_clear(&loaded);

	/* Another key (Keywords changed) or another number of rules: nothing is trusted. */
	ck_assert_int_eq(file_cache_load(db, "key2", 2, &loaded), 0);
	ck_assert_uint_eq(loaded.nr, 0);
	ck_assert_int_eq(file_cache_load(db, "key1", 3, &loaded), 0);
	ck_assert_uint_eq(loaded.nr, 0);

	/* A rewrite replaces the row; a forgotten file (read error) loses it. */
	file_cache_clear(&fc);
	a.stamp.size = 12;
	file_cache_add(&fc, &a);
	string_list_append(&forget, "fs/b.c");
	save(db, "key1", &fc, &forget);
	ck_assert_int_eq(file_cache_load(db, "key1", 2, &loaded), 0);
	ck_assert_uint_eq(loaded.nr, 1);
	ck_assert_int_eq(file_cache_find(&loaded, "fs/a.c")->stamp.size, 12);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM file_cache", -1), 1);

	/* A damaged row is ignored, not trusted. */
	ck_assert_int_eq(db_exec(db, "UPDATE file_cache SET content_hash = 'xyz'"), 0);
	file_cache_clear(&loaded);
	ck_assert_int_eq(file_cache_load(db, "key1", 2, &loaded), 0);
	ck_assert_uint_eq(loaded.nr, 0);

	string_list_clear(&forget);
	file_cache_clear(&fc);
	db_close(db);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static char *dup_mem(const char *s, size_t len)
{
	char *p = xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

#define LS_FILES							\
	"H 100644 " HASH_A " 0\tfs/a.c\0"				\
	"h 100644 " HASH_A " 0\tfs/assumed.c\0"				\
	"S 100644 " HASH_A " 0\tfs/sparse.c\0"				\
	"H 120000 " HASH_A " 0\tfs/link.c\0"				\
	"H 160000 " HASH_A " 0\tsub\0"					\
	"M 100644 " HASH_A " 1\tfs/conflict.c\0"			\
	"M 100644 " HASH_B " 2\tfs/conflict.c\0"			\
	"H 100755 " HASH_B " 0\tfs/with space\tand tab.c\0"		\
	"H 100644 " HASH_B " 0\tfs/edited.c\0"				\
	"H 100644 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef 0\tfs/sha256.c\0"

START_TEST(test_git_index_parse)
{
	struct git_index idx = GIT_INDEX_INIT;
	static const char ls[] = LS_FILES;
	static const char modified[] = "fs/edited.c\0fs/untracked-is-never-listed.c\0";

	ck_assert_int_eq(git_index_parse(&idx, dup_mem(ls, sizeof(ls) - 1), sizeof(ls) - 1), 0);
	git_index_mark_modified(&idx, modified, sizeof(modified) - 1);
	ck_assert_str_eq(git_index_unchanged_hash(&idx, "fs/a.c"), HASH_A);
	ck_assert_str_eq(git_index_unchanged_hash(&idx, "fs/with space\tand tab.c"), HASH_B);
	/* Not vouched for: git does not check them, they are not regular files, in conflict,
	 * modified in the work tree, another hash algorithm, or not tracked at all. */
	ck_assert_ptr_null(git_index_unchanged_hash(&idx, "fs/assumed.c"));
	ck_assert_ptr_null(git_index_unchanged_hash(&idx, "fs/sparse.c"));
	ck_assert_ptr_null(git_index_unchanged_hash(&idx, "fs/link.c"));
	ck_assert_ptr_null(git_index_unchanged_hash(&idx, "sub"));
	ck_assert_ptr_null(git_index_unchanged_hash(&idx, "fs/conflict.c"));
	ck_assert_ptr_null(git_index_unchanged_hash(&idx, "fs/edited.c"));
	ck_assert_ptr_null(git_index_unchanged_hash(&idx, "fs/sha256.c"));
	ck_assert_ptr_null(git_index_unchanged_hash(&idx, "fs/new.c"));
	git_index_clear(&idx);

	/* An empty index, and output that is not ls-files -s -v. */
	ck_assert_int_eq(git_index_parse(&idx, dup_mem("", 0), 0), 0);
	ck_assert_ptr_null(git_index_unchanged_hash(&idx, "fs/a.c"));
	git_index_clear(&idx);
	ck_assert_int_eq(git_index_parse(&idx, dup_mem("fs/a.c\0", 7), 7), -1);
	git_index_clear(&idx);
	ck_assert_int_eq(git_index_parse(&idx, dup_mem("H 100644 x\0", 11), 11), -1);
	git_index_clear(&idx);
}
END_TEST

static void make_rules(struct rule_set *set, const char *kw0, const char *kw1)
{
	const char *headers[2];

	headers[0] = kw0;
	headers[1] = kw1;
	memset(set, 0, sizeof(*set));
	set->items = xcalloc(2, sizeof(*set->items));
	for (size_t i = 0; i < 2; i++) {
		set->items[i].name = xstrfmt("r%zu", i);
		rule_parse_header(&set->items[i], headers[i], strlen(headers[i]));
	}
	set->nr = set->alloc = 2;
}

static void key_of(const char *kw0, const char *kw1, char out[SHA1_HEX_SIZE])
{
	struct rule_set set;

	make_rules(&set, kw0, kw1);
	prefilter_key(&set, out);
	rule_set_clear(&set);
}

START_TEST(test_prefilter_key)
{
	char base[SHA1_HEX_SIZE], other[SHA1_HEX_SIZE];

	key_of("/// a\n// Keywords: kmalloc, kfree\n", "/// b\n// Keywords: vfree\n", base);
	key_of("/// changed text\n// Confidence: High\n// Keywords: kmalloc, kfree\n",
	       "/// b\n// Keywords: vfree\n", other);
	ck_assert_str_eq(base, other);	/* only names and Keywords count */
	key_of("/// a\n// Keywords: kmalloc, kzalloc\n", "/// b\n// Keywords: vfree\n", other);
	ck_assert_str_ne(base, other);
	key_of("/// a\n// Keywords: kmalloc\n", "/// b\n// Keywords: kfree, vfree\n", other);
	ck_assert_str_ne(base, other);	/* a keyword moved to another rule */
	key_of("/// a\n// Keywords: kmalloc, kfree\n", "/// b\n", other);
	ck_assert_str_ne(base, other);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("filecache");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_stamp_equal);
	tcase_add_test(tc, test_racy_entries);
	tcase_add_test(tc, test_cache_find);
	tcase_add_test(tc, test_cache_save_load);
	tcase_add_test(tc, test_git_index_parse);
	tcase_add_test(tc, test_prefilter_key);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

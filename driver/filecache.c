// SPDX-License-Identifier: GPL-2.0-only
/*
 * The stat cache of incremental rescans (see filecache.h).
 */
#include "filecache.h"
#include "db.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NS_PER_SEC 1000000000LL

static long long timespec_ns(const struct timespec *ts)
{
	return (long long)ts->tv_sec * NS_PER_SEC + ts->tv_nsec;
}

void file_stamp_from_stat(struct file_stamp *fs, const struct stat *st)
{
	fs->size = (long long)st->st_size;
	fs->mtime_ns = timespec_ns(&st->st_mtim);
	fs->ctime_ns = timespec_ns(&st->st_ctim);
	fs->inode = (long long)st->st_ino;
	fs->device = (long long)st->st_dev;
}

bool file_stamp_equal(const struct file_stamp *a, const struct file_stamp *b)
{
	return a->size == b->size && a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns &&
	       a->inode == b->inode && a->device == b->device;
}

/* Whole seconds, rounding towards minus infinity (times before 1970 are negative). */
static long long seconds_of(long long ns)
{
	return ns >= 0 ? ns / NS_PER_SEC : -((-ns + NS_PER_SEC - 1) / NS_PER_SEC);
}

bool file_cache_entry_racy(const struct file_cache_entry *e)
{
	return seconds_of(e->stamp.mtime_ns) >= seconds_of(e->read_at_ns);
}

bool file_cache_entry_fresh(const struct file_cache_entry *e, const struct file_stamp *now)
{
	return file_stamp_equal(&e->stamp, now) && !file_cache_entry_racy(e);
}

long long file_cache_now_ns(void)
{
	struct timespec ts;

	/*
	 * The kernel stamps mtimes from the coarse clock (or a finer one, never behind it): a
	 * change after this moment gets an mtime at or after it.
	 */
	if (clock_gettime(CLOCK_REALTIME_COARSE, &ts) && clock_gettime(CLOCK_REALTIME, &ts))
		return 0;
	return timespec_ns(&ts);
}

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct file_cache_entry *)a)->path,
		      ((const struct file_cache_entry *)b)->path);
}

static int cmp_path_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const struct file_cache_entry *)elem)->path);
}

void file_cache_add(struct file_cache *fc, const struct file_cache_entry *e)
{
	struct file_cache_entry *n;

	ALLOC_GROW(fc->items, fc->nr + 1, fc->alloc);
	n = &fc->items[fc->nr++];
	*n = *e;
	n->path = xstrdup(e->path);
	n->hits = xstrdup(e->hits);
}

void file_cache_sort(struct file_cache *fc)
{
	if (fc->nr > 1)
		qsort(fc->items, fc->nr, sizeof(*fc->items), cmp_entry);
}

const struct file_cache_entry *file_cache_find(const struct file_cache *fc, const char *path)
{
	if (!fc->nr)
		return NULL;
	return bsearch(path, fc->items, fc->nr, sizeof(*fc->items), cmp_path_entry);
}

void file_cache_clear(struct file_cache *fc)
{
	for (size_t i = 0; i < fc->nr; i++) {
		free(fc->items[i].path);
		free(fc->items[i].hits);
	}
	free(fc->items);
	fc->items = NULL;
	fc->nr = fc->alloc = 0;
}

static bool valid_hits(const char *hits, size_t nr_rules)
{
	return hits && strlen(hits) == nr_rules && strspn(hits, "01") == nr_rules;
}

static bool valid_hash(const char *hash)
{
	return hash && strlen(hash) == SHA1_HEX_SIZE - 1 &&
	       strspn(hash, "0123456789abcdef") == SHA1_HEX_SIZE - 1;
}

int file_cache_load(sqlite3 *db, const char *key, size_t nr_rules, struct file_cache *fc)
{
	sqlite3_stmt *s = db_prepare(db,
		"SELECT f.path, c.size, c.mtime_ns, c.ctime_ns, c.inode, c.device, c.read_at_ns, "
		"c.content_hash, c.hits FROM file_cache c JOIN file f ON f.id = c.file_id "
		"WHERE c.prefilter_key = ?1");
	int rc;

	if (!s)
		return -1;
	db_bind_text(s, 1, key);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct file_cache_entry e;
		const char *hash = (const char *)sqlite3_column_text(s, 7);

		e.path = (char *)sqlite3_column_text(s, 0);
		e.hits = (char *)sqlite3_column_text(s, 8);
		if (!e.path || !valid_hash(hash) || !valid_hits(e.hits, nr_rules))
			continue;
		e.stamp.size = sqlite3_column_int64(s, 1);
		e.stamp.mtime_ns = sqlite3_column_int64(s, 2);
		e.stamp.ctime_ns = sqlite3_column_int64(s, 3);
		e.stamp.inode = sqlite3_column_int64(s, 4);
		e.stamp.device = sqlite3_column_int64(s, 5);
		e.read_at_ns = sqlite3_column_int64(s, 6);
		memcpy(e.hash, hash, SHA1_HEX_SIZE);
		file_cache_add(fc, &e);
	}
	sqlite3_finalize(s);
	file_cache_sort(fc);
	if (rc != SQLITE_DONE) {
		file_cache_clear(fc);
		warning("cannot read the stat cache: %s; every file is read instead",
			sqlite3_errmsg(db));
		return -1;
	}
	return 0;
}

static int save_entry(sqlite3_stmt *file, sqlite3_stmt *row, const char *key,
		      const struct file_cache_entry *e)
{
	db_bind_text(file, 1, e->path);
	if (db_step_done(file))
		return -1;
	db_bind_text(row, 1, e->path);
	db_bind_int(row, 2, e->stamp.size);
	db_bind_int(row, 3, e->stamp.mtime_ns);
	db_bind_int(row, 4, e->stamp.ctime_ns);
	db_bind_int(row, 5, e->stamp.inode);
	db_bind_int(row, 6, e->stamp.device);
	db_bind_int(row, 7, e->read_at_ns);
	db_bind_text(row, 8, e->hash);
	db_bind_text(row, 9, key);
	db_bind_text(row, 10, e->hits);
	return db_step_done(row);
}

int file_cache_save(sqlite3 *db, const char *key, const struct file_cache *updates,
		    const struct string_list *forget)
{
	sqlite3_stmt *file = db_prepare(db, "INSERT OR IGNORE INTO file (path) VALUES (?1)");
	sqlite3_stmt *row = db_prepare(db,
		"INSERT OR REPLACE INTO file_cache (file_id, size, mtime_ns, ctime_ns, inode, "
		"device, read_at_ns, content_hash, prefilter_key, hits) VALUES ((SELECT id FROM "
		"file WHERE path = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
	sqlite3_stmt *del = db_prepare(db,
		"DELETE FROM file_cache WHERE file_id = (SELECT id FROM file WHERE path = ?1)");
	int ret = file && row && del ? 0 : -1;

	for (size_t i = 0; i < updates->nr && !ret; i++)
		ret = save_entry(file, row, key, &updates->items[i]);
	for (size_t i = 0; forget && i < forget->nr && !ret; i++) {
		db_bind_text(del, 1, forget->items[i]);
		ret = db_step_done(del);
	}
	sqlite3_finalize(file);
	sqlite3_finalize(row);
	sqlite3_finalize(del);
	if (ret)
		warning("cannot write the stat cache; the next scan reads these files again");
	return ret;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The stat cache of incremental rescans (table file_cache, db/migrations/004-file-cache.sql):
 * what the last read of each file learnt (its git blob hash and which rules' Keywords it
 * holds), keyed by its stat data, so that a rescan does not read a file whose stat data are
 * unchanged. Like git's index, an entry written in the same second as the file's mtime (or
 * earlier) is "racy" and not trusted: the file may have changed again within one clock tick.
 */
#ifndef WHICHALLOC_FILECACHE_H
#define WHICHALLOC_FILECACHE_H

#include "hash.h"
#include "util.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <sys/stat.h>

/* The stat data that must be equal for a cached entry to describe the file. */
struct file_stamp {
	long long size;
	long long mtime_ns;
	long long ctime_ns;
	long long inode;
	long long device;
};

struct file_cache_entry {
	char *path;			/* relative to the tree's top */
	struct file_stamp stamp;
	long long read_at_ns;		/* wall clock (coarse) just before the file was read */
	char hash[SHA1_HEX_SIZE];	/* git blob SHA-1 of the content */
	char *hits;			/* '0'/'1' per rule of the prefilter key */
};

struct file_cache {
	struct file_cache_entry *items;	/* sorted by path */
	size_t nr, alloc;
};

#define FILE_CACHE_INIT { NULL, 0, 0 }

void file_stamp_from_stat(struct file_stamp *fs, const struct stat *st);
bool file_stamp_equal(const struct file_stamp *a, const struct file_stamp *b);
/* Was the entry written in the same second as the file's mtime, or before it? */
bool file_cache_entry_racy(const struct file_cache_entry *e);
/* May the entry stand for a file whose stat data are now? (Equal stamps, not racy.) */
bool file_cache_entry_fresh(const struct file_cache_entry *e, const struct file_stamp *now);
/* The wall clock in nanoseconds, from the clock the kernel stamps files with. */
long long file_cache_now_ns(void);

/* Load the entries whose key is key and whose hits have nr_rules digits; -1 (a warning). */
int file_cache_load(sqlite3 *db, const char *key, size_t nr_rules, struct file_cache *fc);
const struct file_cache_entry *file_cache_find(const struct file_cache *fc, const char *path);
/* Add an entry (path and hits are copied); the cache is sorted again by file_cache_sort(). */
void file_cache_add(struct file_cache *fc, const struct file_cache_entry *e);
void file_cache_sort(struct file_cache *fc);
void file_cache_clear(struct file_cache *fc);

/*
 * Write the entries of updates with key (one row per path, replacing the old one) and delete
 * the rows of the paths in forget; the caller holds a transaction. -1 with a warning.
 */
int file_cache_save(sqlite3 *db, const char *key, const struct file_cache *updates,
		    const struct string_list *forget);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * One of N parts of a tree (scan --shard K/N): the walked files, sorted by path, are cut into
 * N contiguous ranges of about equal size. Every path, even one no longer in the tree, falls
 * in exactly one range, so a shard run knows which findings are its own to retire, and the N
 * shards of one tree together cover it once (docs/scaling.md).
 */
#ifndef WHICHALLOC_SHARD_H
#define WHICHALLOC_SHARD_H

#include "hash.h"
#include "util.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#define SHARD_MAX 4096

struct shard {
	unsigned int k, n;	/* the K-th (1-based) of N parts; n == 0: the whole tree */
	/*
	 * After shard_partition(): before[i] is the last walked path that precedes part i + 1
	 * (NULL when none does); the part of a path is the last whose before[] is NULL or
	 * sorts before it.
	 */
	char **before;
	unsigned int nr_before;	/* entries of before[]: n when it was made */
	size_t files_total;	/* walked files, all parts */
	size_t files_mine;	/* of them, in part K */
	char plan[SHA1_HEX_SIZE];	/* SHA-1 of the partition: N, the dirs, paths, sizes */
};

#define SHARD_INIT { 0, 0, NULL, 0, 0, 0, "" }

/* Parse "K/N" (1 <= K <= N <= SHARD_MAX); -1 with a message naming the option. */
int shard_parse(const char *arg, struct shard *s);

/*
 * Cut the sorted paths[] (sizes[i] bytes each) into s->n ranges: part[i] (0-based) gets the
 * part of paths[i]. Each range holds the files whose middle byte falls in its N-th of the
 * total size (every file counts one byte more than its size). Fills s->before, s->plan (with
 * dirs, the --dir list as the run records it) and the counts.
 */
void shard_partition(struct shard *s, char *const *paths, const unsigned long long *sizes,
		     size_t nr, const char *dirs, unsigned int *part);

/* The part (1-based) that path belongs to, after shard_partition(). */
unsigned int shard_of(const struct shard *s, const char *path);

/* Is path in the shard's part? Always true for the whole tree (s NULL or s->n == 0). */
bool shard_owns(const struct shard *s, const char *path);

/*
 * Keep in paths (sorted, relative to top) those of part K: their sizes from lstat() (a file
 * that cannot be stat'ed counts as empty). dirs is the --dir list.
 */
void shard_select(struct shard *s, const char *top, const struct string_list *dirs,
		  struct string_list *paths);

/* Record the run's shard ("K/N") and plan in the database; -1 with a message. */
int shard_record(sqlite3 *db, long long run, const struct shard *s);

void shard_release(struct shard *s);

#endif

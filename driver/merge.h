/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Merging whichalloc databases (whichalloc merge): the rows of another database, attached
 * as schema "src", copied into the main one with their identities kept, and the shard runs
 * of one scan made into one run of the whole tree. cmd-merge.c makes the main database a
 * temporary copy of the output and renames it into place.
 */
#ifndef WHICHALLOC_MERGE_H
#define WHICHALLOC_MERGE_H

#include "util.h"

#include <sqlite3.h>

struct merge_stats {
	long runs_added, runs_known;
	long findings_added, findings_updated;
	long reviews_added;
	long series_added;
	long rows_added;	/* rows of the other tables: sightings, file scans, ... */
	long runs_combined;	/* whole runs made of shard runs */
};

/*
 * -1 with a message when the main database has a table that merge does not know: a new
 * table must be added to the lists of merge.c (one line) before merge may run.
 */
int merge_check_tables(sqlite3 *db);

/*
 * The rules (name and SHA-1 of each rule file) that the runs of the schema ("main" or
 * "src") used, one "NAME HASH" per item, sorted; -1 on errors.
 */
int merge_rule_set(sqlite3 *db, const char *schema, struct string_list *out);

/* Copy everything of the attached schema "src" into main, in the caller's transaction. */
int merge_copy(sqlite3 *db, struct merge_stats *st);

/*
 * Make one complete run of each complete set of shard runs (one run per part 1..N of one
 * partition, same rules, spatch and tree version) that has none yet; describe each on out.
 */
int merge_combine_shards(sqlite3 *db, struct merge_stats *st, struct strbuf *out);

#endif

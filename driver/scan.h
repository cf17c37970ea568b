/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The scan engine: prefilter the tree's files with the rules' keywords, run spatch per rule
 * over batches of files with a pool of workers, and store each batch's results in one
 * transaction. cmd-scan.c parses the command line and prepares a scan_setup.
 */
#ifndef WHICHALLOC_SCAN_H
#define WHICHALLOC_SCAN_H

#include "rules.h"
#include "util.h"

#include <sqlite3.h>
#include <stdbool.h>

struct maintainers;
struct shard;

#define SCAN_BATCH_FILES 32
#define SCAN_BATCH_MIN_COST (1024ULL * 1024)	/* bytes times rules */
/*
 * What one spatch run may print (standard output and error together): records and diffs
 * of a file are a few times its size at most; past this spatch is stopped and the run
 * fails. The bound keeps a spatch that floods its output from taking all memory.
 */
#define SCAN_OUTPUT_BASE (64UL << 20)
#define SCAN_OUTPUT_PER_BYTE 8

struct scan_setup {
	char *top;		/* the tree, absolute */
	char *tree_path;	/* recorded as the run's tree (--rev: the repository); NULL: top */
	char *rev_copy;		/* --rev: the temporary copy (top), removed at the end */
	char *cocci_dir;	/* the rules directory, absolute */
	char *python_path;	/* spatch's PYTHONPATH: the rules' lib/, or a link to it */
	char *scratch;		/* the scan's private directory (HOME, that link), or NULL */
	char *spatch;		/* the spatch executable */
	char *spatch_version;
	char *python;		/* spatch --python, or NULL: spatch looks for python3 on PATH */
	char *tree_version;	/* NULL when the Makefile says none */
	char *tree_commit;	/* NULL when the tree is not a git checkout */
	struct rule_set rules;
	struct string_list dirs;	/* normalised, relative to top; empty: all */
	sqlite3 *db;
	long jobs;
	long timeout;		/* seconds per file */
	bool full;		/* read every file, rescan files whose results could be reused */
	struct maintainers *maintainers;	/* NULL when the tree has none */
	struct shard *shard;	/* --shard K/N (shard.h), or NULL: the whole tree */
};

struct scan_summary {
	long long run_id;
	const char *status;	/* "complete", "interrupted", "failed" */
	int signal;		/* the signal that interrupted the scan, or 0 */
	long files_total;
	long files_done;
	long files_error;
	long files_timeout;
	long files_skipped;
	long files_changed;	/* changed while spatch read them: nothing stored */
	long files_read;	/* files opened and read (hashed, keywords searched) */
	long files_cached_stat;	/* not read: unchanged stat data (the stat cache) */
	long files_cached_git;	/* not read: unchanged in git's index */
	long spatch_runs;
	long pairs_spatch;	/* (file, rule) pairs given to spatch */
	long pairs_reused;	/* (file, rule) pairs carried over from an earlier run */
	long findings_seen;	/* records stored from spatch's output */
	long facts_wanted;	/* functions of other files the rules asked facts of */
	long facts_files;	/* files read by the facts pass */
	long facts_decided;	/* (function, parameter) pairs resolved */
	long facts_rescanned;	/* files the rules ran over again with the facts */
	long facts_cached;	/* definitions whose facts an earlier run read */
	long facts_unchanged;
	double facts_seconds;	/* the facts pass and the second runs took */	/* files that asked, carried over with the same facts */
	double seconds;
	struct strbuf stopped_at;	/* where an interrupted scan stopped */
};

/* Run the scan; -1 when it failed (the run is then marked 'failed' when it exists). */
int scan_tree(const struct scan_setup *setup, struct scan_summary *sum);
void scan_summary_release(struct scan_summary *sum);

/* The prefix of the scan's private directories in temp_dir(): NAME.PID.XXXXXX. */
#define SCAN_SCRATCH_PREFIX "whichalloc-scan."

/* May spatch be given this path? (It runs diff through a shell.) */
bool spatch_safe_path(const char *path);
/* How spatch is given a safe path that a shell would read otherwise ("./~/x.c"), or NULL. */
char *spatch_path_arg(const char *path);

/* Batch size for n candidate files on jobs workers: at most SCAN_BATCH_FILES. */
size_t scan_batch_size(size_t n, long jobs);

#endif

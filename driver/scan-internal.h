/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of the scan engine share; scan.h is the engine's API for the rest of the
 * driver. The parts, along the engine's steps:
 *   scan.c           the steps of a scan, its run in the database, progress, signals
 *   scan-plan.c      the plan: walking and prefiltering, which (file, rule) pairs are carried
 *                    over from an earlier run and which go to spatch, in which batches
 *   scan-pool.c      the worker pool: spatch started with an argv, its time limits, output
 *                    bounds and failures, batches split or run again
 *   scan-findings.c  records to findings: the rules' records and diffs of a file, stored
 */
#ifndef WHICHALLOC_SCAN_INTERNAL_H
#define WHICHALLOC_SCAN_INTERNAL_H

#include "scan.h"
#include "filecache.h"
#include "gitindex.h"
#include "prefilter.h"
#include "record.h"
#include "run-command.h"
#include "store.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

enum pair_state {
	PAIR_NONE,	/* the rule does not want the file (extension or keywords) */
	PAIR_SPATCH,	/* spatch must run */
	PAIR_REUSE,	/* an earlier run's result stands */
};

struct scan_file {
	char *path;
	char hash[SHA1_HEX_SIZE];
	const char *status;	/* "ok", "error", "timeout", "skipped" */
	char *error;
	unsigned int pending;	/* rules still to be stored for this file */
	size_t size;		/* bytes, when read or vouched for by the stat cache */
	char *subsystem;
	bool subsystem_known;
	char *reused_error;	/* the error of the earlier run whose results it carries over */
	bool changed;		/* changed while spatch read it: nothing more is stored */
	char *arg;		/* how spatch is given it, when not as path: "./~/x.c" */
	bool not_utf8;		/* run in a shadow of the tree (shadow.h) */
};

/*
 * A batch: one spatch run of a rule over files, then of each rule of later[] over the same
 * files, one after the other in the same worker. The runs of a chain share a directory where
 * spatch keeps each file's parse (--cache-prefix): a file is parsed once, not once per rule.
 */
struct batch {
	size_t rule;
	size_t *files;
	size_t nr;
	size_t *later;		/* rules still to run on these files after this one */
	size_t nr_later;
	char *parse_cache;	/* the chain's --cache-prefix directory, or NULL */
	unsigned long long cost;	/* estimated: bytes times rules, for the order of batches */
	bool shadow;		/* its one file is not UTF-8: run in a shadow (shadow.h) */
};

struct worker {
	struct child_process cp;
	struct batch batch;
	const char **argv;
	char *timeout_arg;
	char *groups_file;	/* --file-groups list of a batch of several files */
	char *shadow_dir;	/* the shadow of the tree its spatch runs in, or NULL */
	bool busy;
};

struct scan {
	const struct scan_setup *setup;
	struct scan_summary *sum;
	struct scan_file *files;
	size_t nr_files;
	unsigned char *pair;		/* [file * nr_rules + rule] */
	long long *reuse_from;		/* the same layout: the run to carry over */
	struct batch *queue;
	size_t queue_head, queue_nr, queue_alloc;
	struct worker *workers;
	struct child_process **children;
	size_t nr_workers;
	struct store store;
	bool *rule_checked;		/* its SmPL was checked after a failure */
	char **env;
	double started, last_progress;
	double spatch_started;		/* when the first batch started */
	long files_before_spatch;	/* files done (carried over or no rule) by then */
	bool show_progress;
	struct prefilter prefilter;
	bool *hit;			/* [rule]: scratch for prefilter_match() */
	char prefilter_key[SHA1_HEX_SIZE];
	struct file_cache cache;	/* what earlier reads learnt, under prefilter_key */
	struct file_cache cache_updates;	/* what this scan's reads learnt */
	struct string_list cache_forget;	/* files that could not be read */
	struct git_index git;		/* the tree's git index, when it has one */
	struct strbuf read_buf;		/* the file being read, reused from file to file */
	bool git_tried, have_git;	/* git is run once, when a file first needs it */
};

/* The signal (SIGINT or SIGTERM) that asks the scan to stop, or 0. */
extern volatile sig_atomic_t scan_caught_signal;

static inline size_t nr_rules(const struct scan *sc)
{
	return sc->setup->rules.nr;
}

static inline unsigned char *pair_at(struct scan *sc, size_t file, size_t rule)
{
	return &sc->pair[file * nr_rules(sc) + rule];
}

static inline const char *arg_of(const struct scan_file *f)
{
	return f->arg ? f->arg : f->path;
}

/* scan.c */
/* The scan's file of this path (relative to the top), or NULL. */
struct scan_file *find_file(struct scan *sc, const char *path);
/* The file's first error stands: a file already in error keeps it. */
void set_file_error(struct scan_file *f, const char *status, const char *msg);
/* The progress line, at most four times a second unless force (a terminal only). */
void show_progress(struct scan *sc, bool force);

/* scan-plan.c: which pairs go to spatch, which are carried over, and the batches */
int walk_and_prefilter(struct scan *sc);
int find_reusable_results(struct scan *sc);
/* Findings retired and pairs carried over, in one transaction before spatch runs. */
int scan_store_prepared_work(struct scan *sc);
void plan_batches(struct scan *sc);
/* Queue a batch of one rule over files[] (indexes into sc->files). */
struct batch *queue_batch(struct scan *sc, size_t rule, const size_t *files, size_t nr);

/* scan-pool.c: the workers that run spatch over the queued batches */
char **spatch_environment(const struct scan_setup *s);
/* The same with one more entry ("NAME=value"), or none when extra is NULL. */
char **spatch_environment_plus(const struct scan_setup *s, const char *extra);
const char **spatch_argv(struct scan *sc, const struct batch *b, const char *timeout,
			 const char *groups_file);
void remove_stale_parse_caches(void);
void init_workers(struct scan *sc);
/* Run the queue until it is empty or a signal is caught; -1 when the scan must stop. */
int run_batches(struct scan *sc);
/* Stop the workers (SIGTERM, then SIGKILL), keeping what completed; note where it stopped. */
void stop_workers(struct scan *sc);
void release_worker(struct worker *w);

/* scan-findings.c: records to findings */
/* One rule is done with the file: store the file's status when no rule is left. */
int file_rule_done(struct scan *sc, struct scan_file *f);
/* Warn about malformed output and records of files the batch did not have. */
void warn_about_output(const struct rule *r, const struct batch *b,
		       const struct spatch_output *out, const struct scan *sc);
/* Store a batch's output in one transaction; complete: unseen findings are fixed. */
int scan_store_batch(struct scan *sc, const struct batch *b, const struct spatch_output *out,
		bool complete);
/* Store a rule's output for one file again (the facts pass's second run), in one transaction. */
int scan_store_file_again(struct scan *sc, size_t rule, size_t file,
			  const struct spatch_output *out);

/* facts-scan.c: facts across files (facts.h) */
/* Remember the functions the rule asked facts of for this content of the file. */
int facts_store_wants(struct scan *sc, const struct rule *r, const struct scan_file *f,
		      const struct spatch_output *out);
/* The facts pass, then the second run of the rule over the files that asked. */
int scan_facts(struct scan *sc);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Writing a run's results: the run and its rules, each file's findings with their stable
 * identities, diffs and scan status. The caller wraps each unit of work in store_begin() /
 * store_commit(), so an interrupted scan keeps everything already committed.
 */
#ifndef WHICHALLOC_STORE_H
#define WHICHALLOC_STORE_H

#include "hash.h"
#include "rules.h"

#include <sqlite3.h>
#include <stdbool.h>

struct finding {
	char *rule;
	char *verdict;
	char *file;
	long line, col, end_line, end_col;
	char *function;
	char *message;
	char *code;		/* the matched source lines */
	char *diff;		/* the proposed change; NULL when none */
	char *subsystem;	/* NULL when unknown */
	char fingerprint[SHA1_HEX_SIZE];
};

void finding_clear(struct finding *f);

struct run_info {
	const char *tree_path;
	const char *tree_version;	/* NULL when unknown */
	const char *tree_commit;	/* NULL when not a git checkout */
	const char *spatch_version;
	const char *dirs;		/* ' '-separated; "" for the whole tree */
	int jobs;
};

struct store {
	sqlite3 *db;
	long long run_id;
	sqlite3_stmt *find_fingerprint;
	sqlite3_stmt *latest_review;
	sqlite3_stmt *update_finding;
	sqlite3_stmt *insert_finding;
	sqlite3_stmt *insert_sighting;
	sqlite3_stmt *mark_unseen_fixed;
	sqlite3_stmt *mark_id_fixed;
	sqlite3_stmt *insert_file;
	sqlite3_stmt *file_id;
	sqlite3_stmt *insert_file_scan;
	sqlite3_stmt *insert_patch;
	sqlite3_stmt *progress;
};

int store_init(struct store *st, sqlite3 *db);
void store_release(struct store *st);

int store_begin(struct store *st);
int store_commit(struct store *st);
void store_rollback(struct store *st);

/* Insert the run (status 'running') and remember its id; in its own transaction. */
int store_start_run(struct store *st, const struct run_info *info);
/*
 * Mark every run still 'running' as 'interrupted' (its finished_at stays NULL: when it
 * ended is unknown), in one transaction, and append their ids to ids (", "-separated).
 * Only for a caller that holds the scan lock: then no scan of this database is alive, and
 * a 'running' run is one whose process was killed (kill -9, the OOM killer, a power cut).
 * Returns how many runs it marked, -1 on errors (nothing changed).
 */
int store_interrupt_stale_runs(sqlite3 *db, struct strbuf *ids);
/* Record that the run uses this rule (the rule row is shared by runs with the same hash). */
int store_add_rule(struct store *st, const struct rule *r);

/*
 * Store what one rule found in one file: known fingerprints are updated in place (a fixed
 * one gets its latest review status back), new ones are inserted as 'new', and each gets a
 * sighting. When complete, the file's other findings of that rule were not seen again and
 * become 'fixed' in this run.
 */
int store_findings(struct store *st, const char *rule, const char *file,
		   const struct finding *findings, size_t nr, bool complete);
/* The rule's whole diff for the file, as spatch printed it. */
int store_patch(struct store *st, const char *rule, const char *file, const char *diff);
/* The file's scan status in this run ('ok', 'error', 'timeout' or 'skipped'). */
int store_file_scan(struct store *st, const char *file, const char *content_hash,
		    const char *status, const char *error);
/* Mark one finding fixed in this run (its file or rule no longer holds it). */
int store_mark_fixed(struct store *st, long long finding_id);
/*
 * Carrying (file, rule) results of an earlier run over to this one, unchanged: the
 * statements are prepared once for all the pairs (a whole tree has thousands).
 */
#define STORE_REUSE_STATEMENTS 4
struct store_reuser {
	struct store *st;
	sqlite3_stmt *stmt[STORE_REUSE_STATEMENTS];
};

int store_reuser_init(struct store_reuser *r, struct store *st);
/* Carry over the results of rule for file from run from_run; -1 with a message. */
int store_reuser_run(struct store_reuser *r, const char *rule, const char *file,
		     long long from_run);
void store_reuser_release(struct store_reuser *r);
int store_progress(struct store *st, long files_total, long files_done);

/*
 * End the run: a finding new in this run whose rule, function and code equal those of a
 * finding that vanished in this run (or in an unfinished run since the last complete one)
 * is the same finding moved (a renamed file): the old one takes its place. Then, in each
 * function of a file that lost as many sites of a rule as it gained, the new ones take the
 * identities of the lost ones in the order of the file (code edited around them), except a
 * lost one with a decision in effect, which covers the code its reviewer saw. Then set
 * the run's status ('complete', 'interrupted' or 'failed').
 */
int store_finish_run(struct store *st, const char *status);

/*
 * What earlier runs saw of files with rule r, for incremental scans: fn is called for each
 * file a run scanned completely ('ok', error NULL) or where spatch failed ('error', error
 * its message; not 'timeout', which may depend on the load), runs newest first, with
 * reusable true when that run used the same rule file (hash) with the same spatch on a tree
 * version in the same range of the rule's Version-split header (any version without one).
 * Stops when fn returns non-zero.
 */
typedef int previous_scan_fn(void *ctx, const char *path, const char *content_hash,
			     long long run, bool reusable, const char *error);
int store_previous_scans(struct store *st, const struct rule *r, const char *tree_version,
			 const char *spatch_version, previous_scan_fn *fn, void *ctx);

/* One finding not fixed yet: what the prefilter needs to retire those no rule can see. */
struct open_finding {
	long long id;
	char *file;
	char *rule;
};

/* Every finding whose status is not 'fixed'; -1 on errors. */
int store_open_findings(struct store *st, struct open_finding **out, size_t *nr);
void open_findings_free(struct open_finding *f, size_t nr);

#endif

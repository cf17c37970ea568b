/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The life of each finding across the complete runs of a database, in tree-version order
 * (whichalloc history): which runs saw it, whether the newest run that scanned its file
 * still sees it, and, when not, how it went, read from that run's tree on disk.
 *
 * Runs are ordered by their tree's version as version.h compares them (kversion_str_cmp),
 * then by id. A run "covers" a file when it scanned the whole tree or a directory (or the
 * file) holding it (run.dirs). A finding is open when the newest complete run that covers
 * its file saw it, gone otherwise; a gone finding is:
 *   removed    that run found no such file (it recorded none in file_scan), or the file on
 *              disk no longer defines the finding's function (csource.h);
 *   converted  the function is there and calls the rule's replacement ("// Replacement:"
 *              header: memdup_user_nul(), kmalloc(), ...) more often than it did in the
 *              tree of the last run that saw the finding (when that file is no longer on
 *              disk as that run read it: more than zero times);
 *   changed    the function is there and does not;
 *   unknown    that run's tree is no longer on disk, or its file is no longer what the run
 *              read (its git blob hash differs from file_scan's).
 */
#ifndef WHICHALLOC_HISTORY_H
#define WHICHALLOC_HISTORY_H

#include "finding.h"
#include "rules.h"

#include <sqlite3.h>
#include <stdbool.h>

struct history_run {
	long long id;
	char *version;		/* run.tree_version, "" when unknown */
	char *tree_path;
	char *dirs;		/* run.dirs: ' '-separated, "" for the whole tree */
};

enum history_how {
	HISTORY_OPEN,		/* not gone */
	HISTORY_CONVERTED,
	HISTORY_REMOVED,
	HISTORY_CHANGED,
	HISTORY_UNKNOWN,
};

/* "" for HISTORY_OPEN, else the word above. */
const char *history_how_name(enum history_how how);

struct history_sighting {
	long long line;		/* 0: that run did not see the finding */
	const char *verdict;	/* "replace", "keep" or "review"; NULL when not seen */
};

struct history_life {
	struct finding_row f;
	struct history_sighting *seen;	/* one per run, in the order of history.runs */
	size_t first, last;		/* the first and last runs that saw it */
	size_t newest;			/* the newest run that covers its file */
	enum history_how how;
	/*
	 * When gone: the findings of the same rule in a function of the same name (in any
	 * file) that the newest run saw and the last run that saw this one did not: the
	 * site reported again under another identity, e.g. its function moved to another
	 * file. Only among the loaded (filtered) findings.
	 */
	long long *again;
	size_t nr_again;
};

struct history {
	struct history_run *runs;	/* the complete runs, oldest version first */
	size_t nr_runs, alloc_runs;
	struct history_life *lives;	/* by file, line, rule, id */
	size_t nr, alloc;
};

/* Does run r cover the file at path (its dirs hold it)? */
bool history_run_covers(const struct history_run *r, const char *path);

/*
 * Load the complete runs and the life of every finding that one of them saw and that
 * passes the filters (rule, verdict, status, file glob, subsystem of f; f->run is not
 * used), with its state decided: how is HISTORY_OPEN or, for every gone one,
 * HISTORY_UNKNOWN until history_classify_gone(). -1 with a message.
 */
int history_load(sqlite3 *db, const struct finding_filter *f, struct history *h);

/*
 * How a gone finding went, from the text of its file in the newest tree (now; NULL: the
 * file is gone) and, when known, in the tree of the last run that saw it (then; NULL:
 * unknown), its function and its rule's replacements. Never HISTORY_OPEN or _UNKNOWN.
 */
enum history_how history_classify(const char *now, size_t now_len, const char *then,
				  size_t then_len, const char *function,
				  const struct string_list *replacements);

/*
 * Classify every gone life of h from the trees on disk, the replacements of the rules in
 * rules. Trees that are gone and files changed since their scan are said once each on
 * standard error (as warnings). -1 with a message on database errors.
 */
int history_classify_gone(sqlite3 *db, struct history *h, const struct rule_set *rules);

/* Fill in the again lists of the gone lives of h (history_load() does). */
void history_find_again(struct history *h);

void history_life_clear(struct history_life *l);
void history_clear(struct history *h);

#endif

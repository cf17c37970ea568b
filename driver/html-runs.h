/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HTML report's charts over runs: the findings of every complete whole-tree run by
 * verdict (the trend), and the findings per tree version by rule. Shard runs (scan
 * --shard) hold part of the tree and are left out, as history leaves them out.
 */
#ifndef WHICHALLOC_HTML_RUNS_H
#define WHICHALLOC_HTML_RUNS_H

#include "util.h"

#include <sqlite3.h>

struct run_point {
	long long id;
	char *label;
	long long n[3];	/* replace, keep, review */
};

struct version_point {
	long long run;		/* the latest complete run of this version */
	char *version;
};

struct run_charts {
	struct run_point *runs;		/* the complete whole-tree runs, by id */
	size_t nruns, runs_alloc;
	struct version_point *versions;	/* one per tree version, in version order */
	size_t nversions, versions_alloc;
	struct string_list rules;	/* the rules their runs saw findings of, sorted */
	long long *counts;		/* counts[rule * nversions + version] */
};

/* Load the runs up to run upto (the report's run); -1 on a database error (said). */
int run_charts_load(sqlite3 *db, long long upto, struct run_charts *rc);
void run_charts_clear(struct run_charts *rc);

/*
 * The sections "Trend over runs" (more than one run) and "Findings per tree version" (more
 * than one version: a line per rule; one version: a sentence saying so; none: nothing).
 */
void run_charts_write(const struct run_charts *rc, struct strbuf *out);

#endif

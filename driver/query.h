/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The queries that many parts of the driver share, defined once: which run a report is
 * about, a run's tree, the fnmatch() of the --file filter, and "the latest decision" about
 * a finding.
 */
#ifndef WHICHALLOC_QUERY_H
#define WHICHALLOC_QUERY_H

#include <sqlite3.h>

/*
 * The run a report is about: wanted (> 0) when it exists, else the latest complete run.
 * -1 with a message when there is none. Warns when the run is a shard's (part of a tree).
 */
long long select_run(sqlite3 *db, long long wanted);

/* The tree_path of run (allocated); NULL when the run is unknown or has none. */
char *run_tree_path(sqlite3 *db, long long run);

/* Register whichalloc_fnmatch(PATTERN, PATH) (fnmatch() without flags) with db. */
int query_register_fnmatch(sqlite3 *db);

/*
 * "The latest decision" about a finding, for every query of the driver (list, show,
 * review, the interactive review, series, stats, the exports and the HTML report read the
 * finding's status, which mirrors it): the review row with the greatest "at" (ISO 8601
 * UTC, checked on every way in, so text order is time order), the greatest id among equal
 * times. db/migrations/002-views.sql's review_history view marks the same row "latest";
 * tests/unit/test_db.c checks that the two agree.
 */
/*
 * SQL: the id of the latest decision about the finding whose id is the SQL expression
 * finding (a parameter such as "?1" or a column such as "f.id"); NULL when there is none.
 * A string literal, to paste into a prepared statement's text.
 */
#define REVIEW_LATEST_ID(finding) \
	"(SELECT latest.id FROM review latest WHERE latest.finding_id = " finding \
	" ORDER BY latest.at DESC, latest.id DESC LIMIT 1)"

/* SQL: a finding's decisions oldest first, the latest last (for ORDER BY). */
#define REVIEW_OLDEST_FIRST "at, id"

#endif

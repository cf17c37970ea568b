/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * "The latest decision" about a finding, defined once for every query of the driver (list,
 * show, review, the interactive review, series, stats, the exports and the HTML report read
 * the finding's status, which mirrors it): the review row with the greatest "at" (ISO 8601
 * UTC, checked on every way in, so text order is time order), the greatest id among equal
 * times. db/migrations/002-views.sql's review_history view marks the same row "latest";
 * tests/unit/test_db.c checks that the two agree.
 */
#ifndef WHICHALLOC_REVIEW_LATEST_H
#define WHICHALLOC_REVIEW_LATEST_H

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

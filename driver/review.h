/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Review decisions: who decided what about a finding, when, and why. Decisions are appended
 * to the review table and never changed (triggers in db/schema.sql refuse it); a finding's
 * status mirrors its latest decision (greatest "at", then greatest id) unless the finding is
 * fixed. Decisions travel between databases as JSON keyed by fingerprint.
 */
#ifndef WHICHALLOC_REVIEW_H
#define WHICHALLOC_REVIEW_H

#include "finding.h"

#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

/* A decision to record. */
struct review_decision {
	const char *status;	/* "accepted", "rejected" or "new" (reopened) */
	const char *reason;	/* rejected: false-positive, intentional or not-worth-it */
	const char *note;	/* NULL: none */
	const char *reviewer;
	const char *at;		/* ISO 8601 UTC; NULL: now */
};

/* Is s one of the three reasons for a rejection? */
bool review_reason_valid(const char *s);
/* How far a decision's time may be ahead of this machine's clock, in seconds. */
#define REVIEW_TIME_SKEW (5 * 60)
/*
 * What is wrong with s as a decision's time, NULL when nothing: it must be an RFC 3339 UTC
 * time as whichalloc writes them ("2026-01-31T12:00:00Z"), a real date and time of day, and
 * not later than now plus REVIEW_TIME_SKEW (so that "the latest decision", chosen by time,
 * can be trusted).
 */
const char *review_time_problem(const char *s, time_t now);
/* review_time_problem(s, time(NULL)) finds nothing wrong. */
bool review_time_valid(const char *s);

/*
 * Who is reviewing: option when given, else "NAME <EMAIL>" from git config user.name and
 * user.email (either alone when only one is set). NULL with a message saying how to set one.
 */
char *review_identity(const char *option);

/*
 * The latest decision about finding id: *status and *reason (NULL when none; free them).
 * Returns 1 when there is one, 0 when there is none, -1 on errors.
 */
int review_latest(sqlite3 *db, long long id, char **status, char **reason);

/*
 * Append decision d about finding id and make the finding's status mirror the latest
 * decision (a fixed finding stays fixed). A decision that repeats the latest one (same
 * status and reason, and no note) is not recorded. Returns 1 when recorded, 0 when
 * repeated, -1 with a message on errors. The caller chooses the transaction.
 */
int review_record(sqlite3 *db, long long id, const struct review_decision *d);

/*
 * A note about finding id without a new decision: recorded as a decision that repeats the
 * latest one (status 'new' when there is none) with the note. 1 recorded, -1 on errors.
 */
int review_record_note(sqlite3 *db, long long id, const char *note, const char *reviewer);

/* Write finding id's decisions, oldest first, for 'whichalloc show'. */
int review_print_history(sqlite3 *db, long long id, FILE *out);

/*
 * Write every decision of the database as JSON to path ("-": standard output); *decisions
 * (may be NULL) is how many.
 */
int review_export(sqlite3 *db, const char *path, bool force, long long *decisions);

struct review_import_summary {
	long long findings;		/* findings of the file this database knows */
	long long added;		/* decisions appended */
	long long present;		/* decisions the database already had */
	long long unknown_findings;	/* fingerprints this database does not know */
	long long unknown_decisions;	/* their decisions, skipped */
};

/*
 * Read decisions exported by review_export() from path ("-": standard input) and append
 * those the database lacks. The whole file is checked first (a refused file changes
 * nothing); then decisions are appended in transactions of at most 1000, each with the
 * findings' statuses in step. On an error midway, sum->added is what was committed (and the
 * message says so); importing the file again adds only the rest. Decisions about findings
 * the database does not know are skipped and counted, with a warning naming them.
 */
int review_import(sqlite3 *db, const char *path, struct review_import_summary *sum);

/*
 * The interactive review of rows on the terminal (stdin and stdout), like 'git add -p'.
 * Every decision is committed when it is made. Returns 0, or -1 with a message.
 */
int review_walk(sqlite3 *db, struct row_list *rows, long long run, const char *reviewer);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Triage: what "open" means, and what list, export and the HTML table show by default (what
 * needs action). Every command asks here, so the word means one thing everywhere.
 */
#ifndef WHICHALLOC_TRIAGE_H
#define WHICHALLOC_TRIAGE_H

#include "finding.h"

#include <sqlite3.h>
#include <stdbool.h>

/*
 * An open finding still has something to do: its status is new (nobody decided) or accepted
 * (a patch is to be made). Rejected and fixed findings are closed.
 */
bool status_is_open(const char *status);
/* An open finding whose verdict is replace or review: someone has to act on it. */
bool finding_needs_action(const char *verdict, const char *status);

/*
 * Does the default apply to o: only what needs action? Not with --all (o->all), nor with an
 * explicit --verdict or --status, which ask for the other findings by name.
 */
bool triage_default_applies(const struct finding_filter *o);

/* The findings the default left out, by why. */
struct triage_left_out {
	long long keep;		/* open, verdict keep */
	long long rejected;	/* status rejected */
	long long fixed;	/* status fixed */
};

long long triage_left_out_total(const struct triage_left_out *l);

/*
 * Keep in rows only the findings that need action when the default applies to o; count the
 * others in *left (zeroed first). keep[i] (may be NULL) is set to whether rows' entry i was
 * kept, for callers with parallel arrays; it must have room for rows->nr entries.
 */
void triage_filter(const struct finding_filter *o, struct row_list *rows,
		   struct triage_left_out *left, bool *keep);

/*
 * "367 findings not shown (355 keep, 12 rejected); HOW shows them", or NULL when nothing was
 * left out.
 */
char *triage_left_out_text(const struct triage_left_out *l, const char *how);

/*
 * Register the SQL function whichalloc_open(status), status_is_open() for queries, on db.
 * -1 with a message.
 */
int triage_register_sql(sqlite3 *db);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Subsystems of findings: attach to each finding the MAINTAINERS section that
 * scripts/get_maintainer.pl names first for its file (maintainers.h does the matching), and
 * count findings per subsystem for 'whichalloc subsystems' and 'whichalloc stats'.
 */
#ifndef WHICHALLOC_SUBSYSTEM_H
#define WHICHALLOC_SUBSYSTEM_H

#include "finding.h"

#include <sqlite3.h>
#include <stdbool.h>

struct maintainers;

/*
 * Load TOP/MAINTAINERS for the tree whose top is top. NULL with one warning when the tree has
 * no MAINTAINERS or it cannot be parsed; *missing (may be NULL) tells which.
 */
struct maintainers *subsystem_load_maintainers(const char *top, bool *missing);

/*
 * Set the subsystem of the findings that run saw (run 0: of every finding) to the section m
 * names first for their file: NULL when m is NULL or no section matches. One transaction.
 * Returns how many findings' subsystem changed, -1 with a message on errors.
 */
long long subsystem_attach(sqlite3 *db, const struct maintainers *m, long long run);

/*
 * After a scan: attach subsystems to the findings of run from the tree's MAINTAINERS (m, as
 * the scan loaded it from top). A tree without MAINTAINERS gets one warning and its
 * findings no subsystem. -1 with a message on database errors.
 */
int subsystem_attach_run(sqlite3 *db, const struct maintainers *m, const char *top,
			 long long run);

/* Counts by verdict (replace, keep, review) for one group of findings. */
struct verdict_counts {
	char *name;		/* the subsystem; NULL for findings without one */
	long long n[3];		/* replace, keep, review */
	long long total;
	long long unreviewed;	/* status 'new' */
};

struct verdict_count_list {
	struct verdict_counts *items;
	size_t nr, alloc;
};

/*
 * Count per subsystem the findings run saw that pass o's filters (rule, verdict, status,
 * file glob, subsystem; o->run is ignored), by the verdict that run gave them. open_only
 * keeps only open findings (status_is_open() of triage.h: status new or accepted). Sorted
 * by decreasing total, then name (NULL last). -1 with a message on errors.
 */
int subsystem_counts(sqlite3 *db, long long run, const struct finding_filter *o, bool open_only,
		     struct verdict_count_list *out);
void verdict_count_list_clear(struct verdict_count_list *list);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Tallies of findings for the HTML report's bar charts: one row per name (a subsystem, a
 * rule, a verdict), three columns (verdicts or review statuses).
 */
#ifndef WHICHALLOC_HTML_TALLY_H
#define WHICHALLOC_HTML_TALLY_H

#include "svg.h"
#include "util.h"

#include <stdbool.h>

struct tally {
	char **names;
	long long (*n)[3];
	size_t nr, alloc, nalloc;
	bool folded;	/* the last row is "N other ..." */
};

/* Count one more in column col of the row name (added when new). */
void tally_add(struct tally *t, const char *name, size_t col);
/* Most findings first, then by name. */
void tally_sort(struct tally *t);
/* Keep the first rows of a long tally; fold the others into one ("N other WHAT"). */
void tally_fold(struct tally *t, const char *what);
void tally_clear(struct tally *t);

/*
 * What a chart links to: the table filtered to the bar. The rows are values of the filter
 * row_key, the series values of series_key (NULL: the series are not a filter).
 */
struct chart_links {
	const char *row_key, *series_key;
};

/*
 * Draw t as a bar chart of series (three); with links, each segment leads to
 * ?ROW_KEY=NAME&SERIES_KEY=SERIES#list and each label and total to ?ROW_KEY=NAME&all=1#list
 * (the folded row and "(unknown)" link nowhere).
 */
void tally_chart(struct strbuf *out, struct tally *t, const char *title,
		 const struct chart_series *series, const struct chart_links *links);

#endif

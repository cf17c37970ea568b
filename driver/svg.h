/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Charts as inline SVG for the HTML report: horizontal stacked bars and lines over runs.
 * Every text is escaped; every mark has a <title> with its exact value, so the charts read
 * without hovering precision and without scripts.
 */
#ifndef WHICHALLOC_SVG_H
#define WHICHALLOC_SVG_H

#include "util.h"

struct chart_series {
	const char *name;
	const char *color;	/* an SVG colour: "#rrggbb" */
};

struct chart_row {
	const char *label;
	const long long *values;	/* one per series */
};

struct bar_chart {
	const char *title;		/* the accessible name of the chart */
	const struct chart_series *series;
	size_t nseries;
	const struct chart_row *rows;
	size_t nrows;
};

/* One bar per row, its series stacked left to right, with a legend and a scale. */
void svg_bar_chart(struct strbuf *out, const struct bar_chart *c);
/*
 * The same, with links: hrefs[r * (nseries + 1) + s] is where the segment of series s of
 * row r leads, hrefs[r * (nseries + 1) + nseries] where its label and total lead (NULL:
 * no link).
 */
void svg_bar_chart_linked(struct strbuf *out, const struct bar_chart *c,
			  const char *const *hrefs);

struct line_chart {
	const char *title;
	const struct chart_series *series;
	size_t nseries;
	const char *const *xlabels;	/* one per point */
	size_t npoints;
	const long long *values;	/* values[s * npoints + p] */
};

/* One line per series over the points, with a legend and a scale. */
void svg_line_chart(struct strbuf *out, const struct line_chart *c);

/*
 * The top of a scale for values up to max with about ticks steps: a multiple of a step of
 * 1, 2 or 5 times a power of ten (max 0 gives 1). *step gets the step.
 */
long long svg_nice_max(long long max, int ticks, long long *step);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Inline SVG charts.
 */
#include "html.h"
#include "svg.h"

#include <string.h>

#define CHART_WIDTH	720
#define LABEL_WIDTH	250
#define VALUE_WIDTH	56
#define ROW_HEIGHT	22
#define BAR_HEIGHT	16
#define LEGEND_HEIGHT	26
#define AXIS_HEIGHT	22
#define LABEL_CHARS	30
#define FONT		"font-family=\"sans-serif\" font-size=\"12\""

long long svg_nice_max(long long max, int ticks, long long *step)
{
	long long magnitude = 1, s;

	if (ticks < 1)
		ticks = 1;
	if (max <= 0) {
		*step = 1;
		return 1;
	}
	/* The smallest 1, 2 or 5 x 10^k step that covers max in at most ticks steps. */
	for (;;) {
		s = magnitude;
		if (s * ticks >= max)
			break;
		s = 2 * magnitude;
		if (s * ticks >= max)
			break;
		s = 5 * magnitude;
		if (s * ticks >= max)
			break;
		magnitude *= 10;
	}
	*step = s;
	return (max + s - 1) / s * s;
}

static void svg_open(struct strbuf *out, const char *title, int width, int height)
{
	strbuf_addf(out, "<svg class=\"chart\" "
		    "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
		    "aria-label=\"", width, height, width, height);
	html_escape(out, title);
	strbuf_addstr(out, "\"><title>");
	html_escape(out, title);
	strbuf_addstr(out, "</title>\n");
}

static void legend(struct strbuf *out, const struct chart_series *series, size_t n, int x0)
{
	int x = x0;

	for (size_t i = 0; i < n; i++) {
		strbuf_addf(out, "<rect x=\"%d\" y=\"6\" width=\"12\" height=\"12\" fill=\"%s\"/>",
			    x, series[i].color);
		strbuf_addf(out, "<text x=\"%d\" y=\"16\" " FONT ">", x + 16);
		html_escape(out, series[i].name);
		strbuf_addstr(out, "</text>\n");
		x += 24 + 7 * (int)strlen(series[i].name);
	}
}

/* The label, cut to LABEL_CHARS characters (not bytes) with an ellipsis. */
static void short_label(struct strbuf *out, const char *label)
{
	size_t chars = 0, i = 0, len = strlen(label);

	for (; i < len; i++) {
		if (((unsigned char)label[i] & 0xc0) == 0x80)
			continue;
		if (++chars > LABEL_CHARS - 1)
			break;
	}
	if (i >= len) {
		html_escape(out, label);
		return;
	}
	html_escape_n(out, label, i);
	strbuf_addstr(out, "\xe2\x80\xa6");
}

static long long row_total(const struct bar_chart *c, size_t r)
{
	long long total = 0;

	for (size_t s = 0; s < c->nseries; s++)
		total += c->rows[r].values[s] > 0 ? c->rows[r].values[s] : 0;
	return total;
}

static void empty_chart(struct strbuf *out, const char *title)
{
	svg_open(out, title, CHART_WIDTH, 40);
	strbuf_addstr(out, "<text x=\"8\" y=\"24\" " FONT " fill=\"#555\">no findings</text>\n"
		      "</svg>\n");
}

static void bar_axis(struct strbuf *out, long long top, long long step, int bar_width,
		     int plot_top, int plot_bottom)
{
	for (long long v = 0; v <= top; v += step) {
		double x = LABEL_WIDTH + (double)v * bar_width / (double)top;

		strbuf_addf(out, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
			    "stroke=\"#ddd\"/>", x, plot_top, x, plot_bottom);
		strbuf_addf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" " FONT
			    " fill=\"#555\">%lld</text>\n", x, plot_bottom + 15, v);
	}
}

/* Open a link to href (when there is one) around what follows; returns whether it did. */
static bool link_open(struct strbuf *out, const char *href)
{
	if (!href)
		return false;
	strbuf_addstr(out, "<a href=\"");
	html_escape(out, href);
	strbuf_addstr(out, "\">");
	return true;
}

static void link_close(struct strbuf *out, bool open)
{
	if (open)
		strbuf_addstr(out, "</a>");
}

static void bar_row(struct strbuf *out, const struct bar_chart *c, size_t r, long long top,
		    int bar_width, int y, const char *const *hrefs)
{
	const struct chart_row *row = &c->rows[r];
	const char *row_href = hrefs ? hrefs[c->nseries] : NULL;
	double x = LABEL_WIDTH;
	bool link;

	strbuf_addf(out, "<g><title>");
	html_escape(out, row->label);
	for (size_t s = 0; s < c->nseries; s++) {
		strbuf_addf(out, "%s", s ? ", " : ": ");
		strbuf_addf(out, "%lld ", row->values[s]);
		html_escape(out, c->series[s].name);
	}
	strbuf_addstr(out, "</title>");
	link = link_open(out, row_href);
	strbuf_addf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" " FONT ">",
		    LABEL_WIDTH - 8, y + BAR_HEIGHT - 4);
	short_label(out, row->label);
	strbuf_addstr(out, "</text>");
	link_close(out, link);
	for (size_t s = 0; s < c->nseries; s++) {
		double w;

		if (row->values[s] <= 0)
			continue;
		w = (double)row->values[s] * bar_width / (double)top;
		link = link_open(out, hrefs ? hrefs[s] : NULL);
		strbuf_addf(out, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
			    "fill=\"%s\"><title>", x, y, w, BAR_HEIGHT, c->series[s].color);
		html_escape(out, row->label);
		strbuf_addstr(out, ", ");
		html_escape(out, c->series[s].name);
		strbuf_addf(out, ": %lld</title></rect>", row->values[s]);
		link_close(out, link);
		x += w;
	}
	link = link_open(out, row_href);
	strbuf_addf(out, "<text x=\"%.1f\" y=\"%d\" " FONT ">%lld</text>", x + 4,
		    y + BAR_HEIGHT - 4, row_total(c, r));
	link_close(out, link);
	strbuf_addstr(out, "</g>\n");
}

void svg_bar_chart(struct strbuf *out, const struct bar_chart *c)
{
	svg_bar_chart_linked(out, c, NULL);
}

void svg_bar_chart_linked(struct strbuf *out, const struct bar_chart *c,
			  const char *const *hrefs)
{
	int bar_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH;
	int plot_top = LEGEND_HEIGHT, plot_bottom = plot_top + (int)c->nrows * ROW_HEIGHT;
	long long max = 0, top, step;

	for (size_t r = 0; r < c->nrows; r++)
		if (row_total(c, r) > max)
			max = row_total(c, r);
	if (!max) {
		empty_chart(out, c->title);
		return;
	}
	top = svg_nice_max(max, 5, &step);
	svg_open(out, c->title, CHART_WIDTH, plot_bottom + AXIS_HEIGHT);
	legend(out, c->series, c->nseries, LABEL_WIDTH);
	bar_axis(out, top, step, bar_width, plot_top, plot_bottom);
	for (size_t r = 0; r < c->nrows; r++)
		bar_row(out, c, r, top, bar_width, plot_top + (int)r * ROW_HEIGHT + 3,
			hrefs ? hrefs + r * (c->nseries + 1) : NULL);
	strbuf_addstr(out, "</svg>\n");
}

#define LINE_HEIGHT	260
#define LINE_LEFT	50
#define LINE_RIGHT	20
#define LINE_TOP	(LEGEND_HEIGHT + 8)
#define LINE_BOTTOM	40

static double point_x(const struct line_chart *c, size_t p)
{
	int plot = CHART_WIDTH - LINE_LEFT - LINE_RIGHT;

	if (c->npoints < 2)
		return LINE_LEFT + plot / 2.0;
	return LINE_LEFT + (double)p * plot / (double)(c->npoints - 1);
}

static double point_y(long long v, long long top)
{
	int plot = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM;

	return LINE_TOP + plot - (double)(v > 0 ? v : 0) * plot / (double)top;
}

static void line_axes(struct strbuf *out, const struct line_chart *c, long long top,
		      long long step)
{
	size_t every = c->npoints > 12 ? (c->npoints + 11) / 12 : 1;

	for (long long v = 0; v <= top; v += step) {
		double y = point_y(v, top);

		strbuf_addf(out, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
			    "stroke=\"#ddd\"/><text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" " FONT
			    " fill=\"#555\">%lld</text>\n", LINE_LEFT, y, CHART_WIDTH - LINE_RIGHT,
			    y, LINE_LEFT - 6, y + 4, v);
	}
	for (size_t p = 0; p < c->npoints; p += every) {
		/* The labels at the ends stay inside the chart. */
		const char *anchor = c->npoints < 2 ? "middle" : !p ? "start" :
				     p + 1 == c->npoints ? "end" : "middle";

		strbuf_addf(out, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"%s\" " FONT
			    " fill=\"#555\">", point_x(c, p), LINE_HEIGHT - LINE_BOTTOM + 18,
			    anchor);
		html_escape(out, c->xlabels[p]);
		strbuf_addstr(out, "</text>\n");
	}
}

void svg_line_chart(struct strbuf *out, const struct line_chart *c)
{
	long long max = 0, top, step;

	for (size_t i = 0; i < c->nseries * c->npoints; i++)
		if (c->values[i] > max)
			max = c->values[i];
	if (!c->npoints) {
		empty_chart(out, c->title);
		return;
	}
	top = svg_nice_max(max, 5, &step);
	svg_open(out, c->title, CHART_WIDTH, LINE_HEIGHT);
	legend(out, c->series, c->nseries, LINE_LEFT);
	line_axes(out, c, top, step);
	for (size_t s = 0; s < c->nseries; s++) {
		const long long *v = c->values + s * c->npoints;

		strbuf_addf(out, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" "
			    "points=\"", c->series[s].color);
		for (size_t p = 0; p < c->npoints; p++)
			strbuf_addf(out, "%s%.1f,%.1f", p ? " " : "", point_x(c, p),
				    point_y(v[p], top));
		strbuf_addstr(out, "\"/>\n");
		for (size_t p = 0; p < c->npoints; p++) {
			strbuf_addf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\">"
				    "<title>", point_x(c, p), point_y(v[p], top),
				    c->series[s].color);
			html_escape(out, c->xlabels[p]);
			strbuf_addstr(out, ", ");
			html_escape(out, c->series[s].name);
			strbuf_addf(out, ": %lld</title></circle>\n", v[p]);
		}
	}
	strbuf_addstr(out, "</svg>\n");
}

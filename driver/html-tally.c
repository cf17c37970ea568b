// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tallies of findings (one row per name, three columns) for the HTML report's bar charts,
 * whose bars link to the table filtered to them.
 */
#include "html-tally.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CHART_ROWS 20

void tally_add(struct tally *t, const char *name, size_t col)
{
	size_t i;

	for (i = 0; i < t->nr; i++)
		if (!strcmp(t->names[i], name))
			break;
	if (i == t->nr) {
		ALLOC_GROW(t->names, t->nr + 1, t->alloc);
		ALLOC_GROW(t->n, t->nr + 1, t->nalloc);
		t->names[t->nr] = xstrdup(name);
		memset(t->n[t->nr], 0, sizeof(t->n[t->nr]));
		t->nr++;
	}
	t->n[i][col]++;
}

static long long tally_total(const struct tally *t, size_t i)
{
	return t->n[i][0] + t->n[i][1] + t->n[i][2];
}

/* Most findings first, then by name. */
void tally_sort(struct tally *t)
{
	for (size_t i = 1; i < t->nr; i++)
		for (size_t j = i; j > 0; j--) {
			long long a = tally_total(t, j - 1), b = tally_total(t, j);
			char *name;
			long long tmp[3];

			if (a > b || (a == b && strcmp(t->names[j - 1], t->names[j]) <= 0))
				break;
			name = t->names[j - 1];
			t->names[j - 1] = t->names[j];
			t->names[j] = name;
			memcpy(tmp, t->n[j - 1], sizeof(tmp));
			memcpy(t->n[j - 1], t->n[j], sizeof(tmp));
			memcpy(t->n[j], tmp, sizeof(tmp));
		}
}

/* Keep the first MAX_CHART_ROWS rows; fold the others into one. */
void tally_fold(struct tally *t, const char *what)
{
	long long rest[3] = { 0, 0, 0 };
	size_t folded = 0;

	if (t->nr <= MAX_CHART_ROWS)
		return;
	for (size_t i = MAX_CHART_ROWS - 1; i < t->nr; i++) {
		for (int v = 0; v < 3; v++)
			rest[v] += t->n[i][v];
		free(t->names[i]);
		folded++;
	}
	t->nr = MAX_CHART_ROWS - 1;
	t->names[t->nr] = xstrfmt("%zu other %s", folded, what);
	memcpy(t->n[t->nr], rest, sizeof(rest));
	t->nr++;
	t->folded = true;
}

void tally_clear(struct tally *t)
{
	for (size_t i = 0; i < t->nr; i++)
		free(t->names[i]);
	free(t->names);
	free(t->n);
	memset(t, 0, sizeof(*t));
}

/* Add "KEY=VALUE" to a query string, percent-encoded as encodeURIComponent() does. */
static void query_add(struct strbuf *q, const char *key, const char *value)
{
	strbuf_addf(q, "%c%s=", q->len ? '&' : '?', key);
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-_.!~*'()", *p))
			strbuf_addch(q, (char)*p);
		else
			strbuf_addf(q, "%%%02X", *p);
	}
}


static char *bar_href(const char *row_key, const char *row, const char *series_key,
		      const char *series)
{
	struct strbuf q = STRBUF_INIT;

	query_add(&q, row_key, row);
	if (series_key)
		query_add(&q, series_key, series);
	else
		query_add(&q, "all", "1");	/* the whole bar: every status */
	strbuf_addstr(&q, "#list");
	return strbuf_detach(&q, NULL);
}

static bool tally_linkable(const struct tally *t, size_t i)
{
	return !(t->folded && i + 1 == t->nr) && strcmp(t->names[i], "(unknown)");
}

void tally_chart(struct strbuf *out, struct tally *t, const char *title,
			const struct chart_series *series, const struct chart_links *links)
{
	struct chart_row *rows = xcalloc(t->nr ? t->nr : 1, sizeof(*rows));
	struct bar_chart c = { title, series, 3, rows, t->nr };
	size_t per_row = c.nseries + 1;
	char **hrefs = xcalloc(t->nr * per_row + 1, sizeof(*hrefs));

	for (size_t i = 0; i < t->nr; i++) {
		rows[i].label = t->names[i];
		rows[i].values = t->n[i];
		if (!links || !tally_linkable(t, i))
			continue;
		for (size_t s = 0; s < c.nseries; s++)
			hrefs[i * per_row + s] = bar_href(links->row_key, t->names[i],
							  links->series_key, series[s].name);
		hrefs[i * per_row + c.nseries] = bar_href(links->row_key, t->names[i], NULL,
							  NULL);
	}
	svg_bar_chart_linked(out, &c, (const char *const *)hrefs);
	for (size_t i = 0; i < t->nr * per_row; i++)
		free(hrefs[i]);
	free(hrefs);
	free(rows);
}

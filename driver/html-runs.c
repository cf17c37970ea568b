// SPDX-License-Identifier: GPL-2.0-only
/*
 * The HTML report's charts over runs: the trend by verdict and the versions by rule.
 */
#include "html-runs.h"
#include "db.h"
#include "html.h"
#include "svg.h"
#include "version.h"

#include <stdlib.h>
#include <string.h>

static const struct chart_series trend_series[] = {
	{ "replace", "#E69F00" }, { "keep", "#009E73" }, { "review", "#0072B2" },
	{ "all", "#333333" },
};

/* Okabe-Ito, then darker tones: one colour per rule, cycled past the last. */
static const char *const rule_colors[] = {
	"#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442",
	"#000000", "#999999", "#8C510A",
};

static int load_trend(sqlite3 *db, long long upto, struct run_charts *rc)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT r.id, r.started_at, "
		"(SELECT count(*) FROM sighting s WHERE s.run_id = r.id AND s.verdict = 'replace'), "
		"(SELECT count(*) FROM sighting s WHERE s.run_id = r.id AND s.verdict = 'keep'), "
		"(SELECT count(*) FROM sighting s WHERE s.run_id = r.id AND s.verdict = 'review') "
		"FROM run r WHERE r.status = 'complete' AND r.shard IS NULL AND r.id <= ?1 "
		"ORDER BY r.id");

	if (!st)
		return -1;
	db_bind_int(st, 1, upto);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct run_point *p;
		const char *at = (const char *)sqlite3_column_text(st, 1);

		ALLOC_GROW(rc->runs, rc->nruns + 1, rc->runs_alloc);
		p = &rc->runs[rc->nruns++];
		p->id = sqlite3_column_int64(st, 0);
		p->label = xstrfmt("run %lld (%.10s)", p->id, at ? at : "?");
		for (int v = 0; v < 3; v++)
			p->n[v] = sqlite3_column_int64(st, 2 + v);
	}
	sqlite3_finalize(st);
	return 0;
}

static int cmp_version(const void *a, const void *b)
{
	const struct version_point *x = a, *y = b;

	return kversion_str_cmp(x->version, y->version);
}

/* The latest complete whole-tree run of each known version, in version order. */
static int load_versions(sqlite3 *db, long long upto, struct run_charts *rc)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT max(id), tree_version FROM run WHERE status = 'complete' AND "
		"shard IS NULL AND id <= ?1 AND tree_version IS NOT NULL GROUP BY tree_version");

	if (!st)
		return -1;
	db_bind_int(st, 1, upto);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct version_point *v;

		ALLOC_GROW(rc->versions, rc->nversions + 1, rc->versions_alloc);
		v = &rc->versions[rc->nversions++];
		v->run = sqlite3_column_int64(st, 0);
		v->version = xstrdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	if (rc->nversions)
		qsort(rc->versions, rc->nversions, sizeof(*rc->versions), cmp_version);
	return 0;
}

static size_t rule_index(struct run_charts *rc, const char *rule)
{
	for (size_t i = 0; i < rc->rules.nr; i++)
		if (!strcmp(rc->rules.items[i], rule))
			return i;
	string_list_append(&rc->rules, rule);
	return rc->rules.nr - 1;
}

/* Per version's run, its findings by rule: rc->rules and rc->counts. */
static int load_rule_counts(sqlite3 *db, struct run_charts *rc)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT f.rule, count(*) FROM sighting s JOIN finding f ON f.id = s.finding_id "
		"WHERE s.run_id = ?1 GROUP BY f.rule ORDER BY f.rule");
	long long *n = NULL;
	size_t nv = rc->nversions;

	if (!st)
		return -1;
	for (size_t v = 0; v < nv; v++) {
		db_bind_int(st, 1, rc->versions[v].run);
		while (sqlite3_step(st) == SQLITE_ROW) {
			size_t known = rc->rules.nr;
			size_t r = rule_index(rc, (const char *)sqlite3_column_text(st, 0));

			if (rc->rules.nr > known) {
				n = xrealloc(n, rc->rules.nr * nv * sizeof(*n));
				memset(n + r * nv, 0, nv * sizeof(*n));
			}
			n[r * nv + v] = sqlite3_column_int64(st, 1);
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	rc->counts = n;
	return 0;
}

int run_charts_load(sqlite3 *db, long long upto, struct run_charts *rc)
{
	memset(rc, 0, sizeof(*rc));
	if (load_trend(db, upto, rc) || load_versions(db, upto, rc))
		return -1;
	return rc->nversions > 1 ? load_rule_counts(db, rc) : 0;
}

void run_charts_clear(struct run_charts *rc)
{
	for (size_t i = 0; i < rc->nruns; i++)
		free(rc->runs[i].label);
	free(rc->runs);
	for (size_t i = 0; i < rc->nversions; i++)
		free(rc->versions[i].version);
	free(rc->versions);
	string_list_clear(&rc->rules);
	free(rc->counts);
	memset(rc, 0, sizeof(*rc));
}

static void section_begin(struct strbuf *out, const char *heading, const char *id)
{
	strbuf_addf(out, "<section id=\"%s\">\n<h2>", id);
	html_escape(out, heading);
	strbuf_addstr(out, "</h2>\n");
}

static void trend_chart(const struct run_charts *rc, struct strbuf *out)
{
	size_t n = rc->nruns;
	long long *values = xcalloc(4 * n, sizeof(*values));
	const char **labels = xcalloc(n, sizeof(*labels));
	struct line_chart c = { "Findings per complete run, by verdict", trend_series, 4, NULL,
				n, values };

	for (size_t p = 0; p < n; p++) {
		labels[p] = rc->runs[p].label;
		for (size_t v = 0; v < 3; v++) {
			values[v * n + p] = rc->runs[p].n[v];
			values[3 * n + p] += rc->runs[p].n[v];
		}
	}
	c.xlabels = labels;
	section_begin(out, "Trend over runs", "trend");
	svg_line_chart(out, &c);
	strbuf_addstr(out, "</section>\n");
	free(values);
	free(labels);
}

static void versions_chart(const struct run_charts *rc, struct strbuf *out)
{
	size_t nv = rc->nversions, nr = rc->rules.nr;
	struct chart_series *series = xcalloc(nr ? nr : 1, sizeof(*series));
	const char **labels = xcalloc(nv, sizeof(*labels));
	struct line_chart c = { "Findings per tree version, by rule", series, nr, labels, nv,
				rc->counts };

	for (size_t r = 0; r < nr; r++) {
		series[r].name = rc->rules.items[r];
		series[r].color = rule_colors[r % ARRAY_SIZE(rule_colors)];
	}
	for (size_t v = 0; v < nv; v++)
		labels[v] = rc->versions[v].version;
	section_begin(out, "Findings per tree version", "versions");
	strbuf_addstr(out, "<p>The findings the latest complete run of each version saw, by "
		      "rule, versions in order (<code>whichalloc history</code> follows each "
		      "one).</p>\n");
	svg_line_chart(out, &c);
	strbuf_addstr(out, "</section>\n");
	free(series);
	free(labels);
}

void run_charts_write(const struct run_charts *rc, struct strbuf *out)
{
	if (rc->nruns > 1)
		trend_chart(rc, out);
	if (rc->nversions > 1 && rc->rules.nr) {
		versions_chart(rc, out);
	} else if (rc->nversions == 1) {
		section_begin(out, "Findings per tree version", "versions");
		strbuf_addstr(out, "<p>One tree version so far (");
		html_escape(out, rc->versions[0].version);
		strbuf_addstr(out, "): scan another version into this database "
			      "(<code>whichalloc scan --kernel DIR --rev REV</code> for a git "
			      "tree) to chart its findings per version.</p>\n</section>\n");
	}
}

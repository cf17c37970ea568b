// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc html
 */
#include "cmd.h"
#include "db.h"
#include "query.h"
#include "export.h"
#include "html-report.h"
#include "html-runs.h"
#include "html-tally.h"
#include "html.h"
#include "svg.h"
#include "triage.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONTEXT_LINES 8

struct html_options {
	const char *db, *out, *cocci_dir;
	long run;
	bool force, help;
};

#define T struct html_options
static const struct parse_option html_options[] = {
	OPT_STRING(0, "out", "DIR", T, out,
		   "the report's directory (it must not exist, unless --force)"),
	OPT_BOOL(0, "force", T, force,
		 "replace DIR when it is a report that whichalloc html wrote (or empty)"),
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	OPT_FILTER_RUN(T, run, "report on run ID instead of the latest complete run"),
	OPT_COCCI_DIR(T, cocci_dir, "rationale"),
	OPT_END(),
};
#undef T

const struct command_usage html_usage = {
	.name = "html",
	.text =
"usage: whichalloc html --out DIR [--force] [--db FILE] [--run ID] [--cocci-dir DIR]\n"
"\n"
"Write a static report of the latest complete run (or run ID) into the directory DIR:\n"
"index.html with a summary, charts (findings by subsystem and verdict, by rule, open and\n"
"reviewed, the trend over the complete runs, the findings per tree version by rule:\n"
"the latest complete run of each version, versions in order, shard runs left out) and a\n"
"table of the findings to sort and filter, and findings/ID.html for each finding with\n"
"its code, its proposed diff, its rule's rationale and its review history. The pages\n"
"load nothing from anywhere: open\n"
"index.html in a browser. The table's filters can be given in the address:\n"
"index.html?verdict=replace&rule=R&status=S&subsys=S&q=TEXT&sort=COLUMN&desc=1.\n"
"The report is written next to DIR and renamed into place when complete.\n",
	.options = html_options,
	.column = 18,
};

static int html_parse_options(int argc, char **argv, struct html_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	i = parse_options(argc, argv, &html_usage, o, &o->help);
	if (i < 0)
		return -1;
	if (o->help)
		return 0;
	if (i < argc)
		return error("html: unexpected argument '%s'; the directory is given with --out DIR",
			     argv[i]);
	if (!o->out)
		return error("html: where to? pass --out DIR (see 'whichalloc html --help')");
	if (!o->db)
		o->db = default_db_path();
	return 0;
}

/* ---- what the pages show ---- */

struct html_report {
	const struct html_options *o;
	sqlite3 *db;
	struct report_data d;
	struct report_dir dir;
	struct run_charts runs;
	long long fixed_in_run;
	char generated[32];
	struct strbuf csp_index, csp_page;
};

static const char *const verdict_names[] = { "replace", "keep", "review" };
static const struct chart_series verdict_series[] = {
	{ "replace", "#E69F00" }, { "keep", "#009E73" }, { "review", "#0072B2" },
};
/* The review status of the findings, by the status names the table filters on. */
static const struct chart_series status_series[] = {
	{ "new", "#D55E00" }, { "accepted", "#009E73" }, { "rejected", "#999999" },
};

static size_t verdict_index(const char *v)
{
	for (size_t i = 0; i < ARRAY_SIZE(verdict_names); i++)
		if (!strcmp(v, verdict_names[i]))
			return i;
	return 2;
}

static char *tree_path_of_run(struct html_report *h, long long run)
{
	if (run == h->d.run_info.id && h->d.run_info.tree_path)
		return xstrdup(h->d.run_info.tree_path);
	return run_tree_path(h->db, run);
}

/* ---- page frame ---- */

static void page_begin(struct strbuf *out, const char *title, const struct strbuf *csp)
{
	strbuf_addstr(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta http-equiv=\"Content-Security-Policy\" content=\"");
	html_escape(out, csp->buf);
	strbuf_addstr(out, "\">\n<meta name=\"viewport\" content=\"width=device-width, "
		      "initial-scale=1\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
		      "<title>");
	html_escape(out, title);
	strbuf_addf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n", html_css);
}

static void page_end(struct html_report *h, struct strbuf *out, bool script)
{
	strbuf_addf(out, "<footer>Written by whichalloc %s on %s from ", WHICHALLOC_VERSION,
		    h->generated);
	html_escape(out, h->o->db);
	strbuf_addstr(out, ".</footer>\n");
	if (script)
		strbuf_addf(out, "<script>%s</script>\n", html_js);
	strbuf_addstr(out, "</body>\n</html>\n");
}

static void tag(struct strbuf *out, const char *prefix, const char *value)
{
	strbuf_addf(out, "<span class=\"tag %s-", prefix);
	html_escape(out, value);
	strbuf_addstr(out, "\">");
	html_escape(out, value);
	strbuf_addstr(out, "</span>");
}

/* ---- index.html: summary ---- */

static void card(struct strbuf *out, long long n, const char *what)
{
	strbuf_addf(out, "<div class=\"card\"><span class=\"num\">%lld</span>", n);
	html_escape(out, what);
	strbuf_addstr(out, "</div>\n");
}

static void run_line(struct strbuf *out, const struct run_info *ri)
{
	strbuf_addf(out, "<p class=\"meta\">Run %lld (", ri->id);
	html_escape(out, ri->status);
	strbuf_addstr(out, ") of <span class=\"mono\">");
	html_escape(out, ri->tree_path);
	strbuf_addstr(out, "</span>, Linux ");
	html_escape(out, ri->tree_version ? ri->tree_version : "(version unknown)");
	if (ri->tree_commit) {
		strbuf_addstr(out, " at commit <span class=\"mono\">");
		html_escape(out, ri->tree_commit);
		strbuf_addstr(out, "</span>");
	}
	strbuf_addstr(out, "; directories: ");
	html_escape(out, ri->dirs && *ri->dirs ? ri->dirs : "all");
	strbuf_addstr(out, "; spatch ");
	html_escape(out, ri->spatch_version);
	strbuf_addstr(out, "; started ");
	html_escape(out, ri->started_at);
	strbuf_addstr(out, ", finished ");
	html_escape(out, ri->finished_at ? ri->finished_at : "never");
	strbuf_addstr(out, ".</p>\n");
}

static void summary(struct html_report *h, struct strbuf *out)
{
	const struct row_list *rows = &h->d.rows;
	long long by_verdict[3] = { 0, 0, 0 }, open = 0, action = 0, undecided = 0, fresh = 0;

	for (size_t i = 0; i < rows->nr; i++) {
		const struct finding_row *r = &rows->items[i];

		by_verdict[verdict_index(r->verdict)]++;
		open += status_is_open(r->status);
		action += finding_needs_action(r->verdict, r->status);
		undecided += !strcmp(r->status, "new");
		fresh += r->first_run == h->d.run;
	}
	run_line(out, &h->d.run_info);
	strbuf_addstr(out, "<div class=\"cards\">\n");
	card(out, (long long)rows->nr, "findings");
	for (int v = 0; v < 3; v++)
		card(out, by_verdict[v], verdict_names[v]);
	card(out, action, "need action (open replace or review)");
	card(out, open, "open (new or accepted)");
	card(out, undecided, "not reviewed yet");
	card(out, fresh, "new in this run");
	card(out, h->fixed_in_run, "fixed in this run");
	card(out, h->d.run_info.files_done, "files scanned");
	card(out, (long long)h->d.errors.nr, "files spatch failed on");
	strbuf_addstr(out, "</div>\n");
}

/* ---- index.html: charts ---- */

/* The column of status in status_series; 3 (no column) for fixed. */
static size_t status_index(const char *status)
{
	for (size_t i = 0; i < ARRAY_SIZE(status_series); i++)
		if (!strcmp(status, status_series[i].name))
			return i;
	return ARRAY_SIZE(status_series);
}

static void chart_section(struct strbuf *out, const char *heading)
{
	strbuf_addstr(out, "<section>\n<h2>");
	html_escape(out, heading);
	strbuf_addstr(out, "</h2>\n");
}

static void charts(struct html_report *h, struct strbuf *out)
{
	static const struct chart_links subsys_links = { "subsys", "verdict" };
	static const struct chart_links rule_links = { "rule", "verdict" };
	static const struct chart_links review_links = { "verdict", "status" };
	struct tally subsys = { 0 }, rule = { 0 }, review = { 0 };
	const struct row_list *rows = &h->d.rows;

	for (size_t i = 0; i < rows->nr; i++) {
		const struct finding_row *r = &rows->items[i];

		tally_add(&subsys, r->subsystem ? r->subsystem : "(unknown)",
			  verdict_index(r->verdict));
		tally_add(&rule, r->rule, verdict_index(r->verdict));
	}
	for (size_t v = 0; v < 3; v++) {
		bool any = false;

		for (size_t i = 0; i < rows->nr && !any; i++)
			any = verdict_index(rows->items[i].verdict) == v;
		if (!any)
			continue;
		/* One row per verdict, its findings split by status. */
		tally_add(&review, verdict_names[v], 0);
		review.n[review.nr - 1][0] = 0;
		for (size_t i = 0; i < rows->nr; i++) {
			size_t st = status_index(rows->items[i].status);

			if (verdict_index(rows->items[i].verdict) == v && st < 3)
				review.n[review.nr - 1][st]++;
		}
	}
	tally_sort(&subsys);
	tally_fold(&subsys, "subsystems");
	tally_sort(&rule);
	strbuf_addstr(out, "<div class=\"charts\">\n");
	chart_section(out, "Findings by subsystem and verdict");
	tally_chart(out, &subsys, "Findings by subsystem and verdict", verdict_series,
		    &subsys_links);
	strbuf_addstr(out, "</section>\n");
	chart_section(out, "Findings by rule and verdict");
	tally_chart(out, &rule, "Findings by rule and verdict", verdict_series, &rule_links);
	strbuf_addstr(out, "</section>\n");
	chart_section(out, "Review status, by verdict");
	tally_chart(out, &review, "Findings by verdict and review status", status_series,
		    &review_links);
	strbuf_addstr(out, "</section>\n");
	run_charts_write(&h->runs, out);
	strbuf_addstr(out, "</div>\n");
	tally_clear(&subsys);
	tally_clear(&rule);
	tally_clear(&review);
}

/* ---- index.html: the table ---- */

static void options_of(struct strbuf *out, const struct row_list *rows, size_t field)
{
	struct string_list values = STRING_LIST_INIT;

	for (size_t i = 0; i < rows->nr; i++) {
		const struct finding_row *r = &rows->items[i];
		const char *v[] = { r->rule, r->verdict, r->status,
				    r->subsystem ? r->subsystem : "" };

		string_list_append(&values, v[field]);
	}
	string_list_sort(&values);
	string_list_uniq(&values);
	strbuf_addstr(out, "<option value=\"\">all</option>");
	for (size_t i = 0; i < values.nr; i++) {
		if (!*values.items[i])
			continue;
		strbuf_addstr(out, "<option value=\"");
		html_escape(out, values.items[i]);
		strbuf_addstr(out, "\">");
		html_escape(out, values.items[i]);
		strbuf_addstr(out, "</option>");
	}
	string_list_clear(&values);
}

static void filters(struct strbuf *out, const struct row_list *rows)
{
	static const char *const keys[] = { "rule", "verdict", "status", "subsys" };
	static const char *const labels[] = { "Rule", "Verdict", "Status", "Subsystem" };

	strbuf_addstr(out, "<form class=\"filters\" id=\"filters\">\n");
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
		strbuf_addf(out, "<label>%s <select id=\"f-%s\">", labels[k], keys[k]);
		options_of(out, rows, k);
		strbuf_addstr(out, "</select></label>\n");
	}
	strbuf_addf(out, "<label>Search <input type=\"search\" id=\"f-q\" size=\"28\" "
		    "placeholder=\"file, function, message...\"></label>\n"
		    "<label>All findings <span><input type=\"checkbox\" id=\"f-all\"> "
		    "keep and closed too</span></label>\n"
		    "<button type=\"button\" id=\"f-reset\">Show all</button>\n"
		    "<span><output id=\"shown\">%zu</output> of %zu shown</span>\n</form>\n"
		    "<p class=\"note\" id=\"not-shown\" hidden></p>\n", rows->nr, rows->nr);
}

static void data_attr(struct strbuf *out, const char *name, const char *value)
{
	strbuf_addf(out, " data-%s=\"", name);
	html_escape(out, value ? value : "");
	strbuf_addch(out, '"');
}

static void table_row(struct strbuf *out, const struct finding_row *r)
{
	char line[32];

	snprintf(line, sizeof(line), "%lld", r->line);
	strbuf_addf(out, "<tr data-id=\"%lld\"", r->id);
	data_attr(out, "rule", r->rule);
	data_attr(out, "verdict", r->verdict);
	data_attr(out, "status", r->status);
	data_attr(out, "subsys", r->subsystem);
	data_attr(out, "file", r->file);
	data_attr(out, "line", line);
	data_attr(out, "function", r->function);
	strbuf_addf(out, "><td class=\"id\"><a href=\"findings/%lld.html\">%lld</a></td><td>",
		    r->id, r->id);
	html_escape(out, r->rule);
	strbuf_addstr(out, "</td><td>");
	tag(out, "v", r->verdict);
	strbuf_addstr(out, "</td><td>");
	tag(out, "s", r->status);
	strbuf_addstr(out, "</td><td>");
	html_escape(out, r->subsystem ? r->subsystem : "");
	strbuf_addf(out, "</td><td class=\"where mono\"><a href=\"findings/%lld.html\">", r->id);
	html_escape(out, r->file);
	strbuf_addf(out, ":%lld</a></td><td class=\"fn mono\">", r->line);
	html_escape(out, r->function);
	strbuf_addstr(out, "</td><td class=\"msg\">");
	html_escape(out, r->message);
	strbuf_addstr(out, "</td></tr>\n");
}

static void findings_table(struct strbuf *out, const struct row_list *rows)
{
	static const char *const cols[][2] = {
		{ "id", "ID" }, { "rule", "Rule" }, { "verdict", "Verdict" },
		{ "status", "Status" }, { "subsys", "Subsystem" }, { "file", "File:line" },
		{ "function", "Function" }, { "message", "Message" },
	};

	strbuf_addstr(out, "<section id=\"list\">\n<h2>Findings</h2>\n");
	filters(out, rows);
	strbuf_addstr(out, "<table class=\"findings\" id=\"findings\">\n<thead><tr>");
	for (size_t c = 0; c < ARRAY_SIZE(cols); c++)
		strbuf_addf(out, "<th data-sort=\"%s\"><button type=\"button\">%s</button></th>",
			    cols[c][0], cols[c][1]);
	strbuf_addstr(out, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < rows->nr; i++)
		table_row(out, &rows->items[i]);
	strbuf_addstr(out, "</tbody>\n</table>\n");
	if (!rows->nr)
		strbuf_addstr(out, "<p class=\"note\">This run found nothing.</p>\n");
	strbuf_addstr(out, "</section>\n");
}

static void errors_section(struct strbuf *out, const struct file_errors *e)
{
	if (!e->nr)
		return;
	strbuf_addstr(out, "<section id=\"errors\">\n<h2>Files spatch failed on</h2>\n<ul>\n");
	for (size_t i = 0; i < e->nr; i++) {
		const char *msg = e->items[i].message;

		strbuf_addstr(out, "<li><span class=\"mono\">");
		html_escape(out, e->items[i].path);
		strbuf_addstr(out, "</span> (");
		html_escape(out, e->items[i].status);
		strbuf_addstr(out, "): ");
		html_escape_n(out, msg, strcspn(msg, "\n"));
		strbuf_addstr(out, "</li>\n");
	}
	strbuf_addstr(out, "</ul>\n</section>\n");
}

static int write_index(struct html_report *h)
{
	struct strbuf out = STRBUF_INIT;
	char *title = xstrfmt("whichalloc report: run %lld", h->d.run);
	int ret;

	page_begin(&out, title, &h->csp_index);
	strbuf_addstr(&out, "<header>\n<h1>");
	html_escape(&out, title);
	strbuf_addstr(&out, "</h1>\n</header>\n");
	summary(h, &out);
	charts(h, &out);
	findings_table(&out, &h->d.rows);
	errors_section(&out, &h->d.errors);
	page_end(h, &out, true);
	ret = report_dir_write(&h->dir, "index.html", out.buf, out.len);
	strbuf_release(&out);
	free(title);
	return ret;
}

/* ---- findings/ID.html ---- */

static void fact(struct strbuf *out, const char *name)
{
	strbuf_addf(out, "<dt>%s</dt><dd>", name);
}

static void finding_facts(struct strbuf *out, const struct finding_row *r)
{
	strbuf_addstr(out, "<dl class=\"facts\">\n");
	fact(out, "Location");
	strbuf_addstr(out, "<span class=\"mono\">");
	html_escape(out, r->file);
	strbuf_addf(out, ":%lld:%lld</span> to line %lld, column %lld</dd>\n", r->line, r->col,
		    r->end_line, r->end_col);
	fact(out, "Function");
	strbuf_addstr(out, "<span class=\"mono\">");
	html_escape(out, r->function);
	strbuf_addstr(out, "</span></dd>\n");
	fact(out, "Subsystem");
	html_escape(out, r->subsystem ? r->subsystem : "(unknown)");
	strbuf_addstr(out, "</dd>\n");
	fact(out, "Rule");
	html_escape(out, r->rule);
	strbuf_addstr(out, "</dd>\n");
	fact(out, "Fingerprint");
	strbuf_addstr(out, "<span class=\"mono\">");
	html_escape(out, r->fingerprint);
	strbuf_addstr(out, "</span></dd>\n");
	fact(out, "Runs");
	strbuf_addf(out, "first seen in run %lld, last in run %lld", r->first_run, r->last_run);
	if (r->fixed_run)
		strbuf_addf(out, ", fixed in run %lld", r->fixed_run);
	strbuf_addstr(out, "</dd>\n</dl>\n");
}

static void finding_code(struct html_report *h, struct strbuf *out, const struct finding_row *r)
{
	char *top = tree_path_of_run(h, r->last_run);
	char *path = top ? xstrfmt("%s/%s", top, r->file) : NULL;
	struct strbuf src = STRBUF_INIT;

	strbuf_addstr(out, "<section id=\"code\">\n<h2>Code</h2>\n<p class=\"note\">");
	if (finding_code_now(top, r, &src)) {
		long first = r->line > CONTEXT_LINES ? r->line - CONTEXT_LINES : 1;

		strbuf_addstr(out, "From ");
		html_escape(out, path);
		strbuf_addstr(out, ".</p>\n");
		html_c_source(out, src.buf, src.len, 1, first, r->end_line + CONTEXT_LINES,
			      r->line, r->end_line);
	} else {
		strbuf_addf(out, "As stored in run %lld: ", r->last_run);
		html_escape(out, path ? path : r->file);
		strbuf_addstr(out, path && !access(path, F_OK) ? " has changed since." :
			      " is gone.");
		strbuf_addstr(out, "</p>\n");
		html_c_source(out, r->code, strlen(r->code), r->line, r->line, r->end_line,
			      r->line, r->end_line);
	}
	strbuf_addstr(out, "</section>\n");
	strbuf_release(&src);
	free(path);
	free(top);
}

static void finding_diff(struct strbuf *out, const struct finding_row *r)
{
	strbuf_addstr(out, "<section id=\"diff\">\n<h2>Proposed change</h2>\n");
	if (r->diff && *r->diff) {
		html_diff(out, r->diff);
	} else if (!strcmp(r->verdict, "keep")) {
		strbuf_addstr(out, "<p class=\"note\">None: the code needs the allocator it uses "
			      "(the message says why).</p>\n");
	} else if (!strcmp(r->verdict, "review")) {
		strbuf_addstr(out, "<p class=\"note\">None: the rule cannot decide; a person must "
			      "check what the message says.</p>\n");
	} else {
		strbuf_addstr(out, "<p class=\"note\">None was stored for this finding.</p>\n");
	}
	strbuf_addstr(out, "</section>\n");
}

static void paragraphs(struct strbuf *out, const char *text)
{
	while (*text) {
		const char *end = strstr(text, "\n\n");
		size_t n = end ? (size_t)(end - text) : strlen(text);

		strbuf_addstr(out, "<p>");
		html_escape_n(out, text, n);
		strbuf_addstr(out, "</p>\n");
		text += n;
		while (*text == '\n')
			text++;
	}
}

static void finding_rationale(struct html_report *h, struct strbuf *out,
			      const struct finding_row *r)
{
	const struct rule_doc *d = rule_docs_find(&h->d.rules, r->rule);

	strbuf_addstr(out, "<section id=\"rationale\">\n<h2>Why: rule ");
	html_escape(out, r->rule);
	strbuf_addstr(out, "</h2>\n");
	if (!d) {
		strbuf_addstr(out, "<p class=\"note\">The database does not describe this rule."
			      "</p>\n</section>\n");
		return;
	}
	strbuf_addstr(out, "<p><strong>");
	html_escape(out, d->description);
	strbuf_addstr(out, "</strong></p>\n");
	paragraphs(out, d->rationale ? d->rationale : "");
	if (d->rationale_note) {
		strbuf_addstr(out, "<p class=\"note\">Rationale ");
		html_escape(out, d->rationale_note);
		strbuf_addstr(out, ".</p>\n");
	}
	if (*d->confidence) {
		strbuf_addstr(out, "<p>Confidence: ");
		html_escape(out, d->confidence);
		strbuf_addstr(out, d->report_only ? "; the rule never proposes a change.</p>\n" :
			      ".</p>\n");
	}
	strbuf_addstr(out, "</section>\n");
}

static void finding_history(struct strbuf *out, const struct finding_row *r,
			    const struct review_history *rh)
{
	strbuf_addstr(out, "<section id=\"history\">\n<h2>Review history</h2>\n");
	if (!rh->nr) {
		strbuf_addf(out, "<p class=\"note\">Not reviewed yet: 'whichalloc review %lld' "
			    "records a decision.</p>\n</section>\n", r->id);
		return;
	}
	strbuf_addstr(out, "<table class=\"history\">\n<thead><tr><th>When</th><th>Reviewer</th>"
		      "<th>Decision</th><th>Reason</th><th>Note</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < rh->nr; i++) {
		const struct review_entry *e = &rh->items[i];

		strbuf_addstr(out, "<tr><td>");
		html_escape(out, e->at);
		strbuf_addstr(out, "</td><td>");
		html_escape(out, e->reviewer);
		strbuf_addstr(out, "</td><td>");
		tag(out, "s", e->status);
		strbuf_addstr(out, "</td><td>");
		html_escape(out, e->reason ? e->reason : "");
		strbuf_addstr(out, "</td><td>");
		html_escape(out, e->note ? e->note : "");
		strbuf_addstr(out, "</td></tr>\n");
	}
	strbuf_addstr(out, "</tbody>\n</table>\n</section>\n");
}

static void finding_nav(struct strbuf *out, const struct row_list *rows, size_t i)
{
	strbuf_addstr(out, "<nav class=\"top\"><a href=\"../index.html#list\">All findings</a>");
	if (i > 0)
		strbuf_addf(out, " \xc2\xb7 <a href=\"%lld.html\" rel=\"prev\">previous</a>",
			    rows->items[i - 1].id);
	if (i + 1 < rows->nr)
		strbuf_addf(out, " \xc2\xb7 <a href=\"%lld.html\" rel=\"next\">next</a>",
			    rows->items[i + 1].id);
	strbuf_addstr(out, "</nav>\n");
}

static int write_finding(struct html_report *h, size_t i)
{
	const struct finding_row *r = &h->d.rows.items[i];
	struct strbuf out = STRBUF_INIT;
	char *title = xstrfmt("Finding %lld: %s in %s", r->id, r->rule, r->file);
	char *rel = xstrfmt("findings/%lld.html", r->id);
	int ret;

	page_begin(&out, title, &h->csp_page);
	finding_nav(&out, &h->d.rows, i);
	strbuf_addf(&out, "<h1>Finding %lld: ", r->id);
	html_escape(&out, r->rule);
	strbuf_addstr(&out, " ");
	tag(&out, "v", r->verdict);
	strbuf_addstr(&out, " ");
	tag(&out, "s", r->status);
	strbuf_addstr(&out, "</h1>\n<p class=\"msg\" id=\"message\">");
	html_escape(&out, r->message);
	strbuf_addstr(&out, "</p>\n");
	finding_facts(&out, r);
	finding_code(h, &out, r);
	finding_diff(&out, r);
	finding_rationale(h, &out, r);
	finding_history(&out, r, &h->d.reviews[i]);
	page_end(h, &out, false);
	ret = report_dir_write(&h->dir, rel, out.buf, out.len);
	strbuf_release(&out);
	free(title);
	free(rel);
	return ret;
}

/* ---- the command ---- */

static int write_report(struct html_report *h)
{
	if (report_dir_mkdir(&h->dir, "findings") || write_index(h))
		return -1;
	for (size_t i = 0; i < h->d.rows.nr; i++)
		if (write_finding(h, i))
			return -1;
	return report_dir_commit(&h->dir);
}

static int load(struct html_report *h)
{
	struct finding_filter lo;
	sqlite3_stmt *st;

	memset(&lo, 0, sizeof(lo));
	lo.run = h->o->run;
	/* Every finding gets a page; the table's script applies the default. */
	lo.all = true;
	if (report_data_load(h->db, &lo, h->o->cocci_dir, &h->d) ||
	    run_charts_load(h->db, h->d.run, &h->runs))
		return -1;
	st = db_prepare(h->db, "SELECT count(*) FROM finding WHERE fixed_run = ?1");
	if (!st)
		return -1;
	db_bind_int(st, 1, h->d.run);
	h->fixed_in_run = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return 0;
}

static int html(const struct html_options *o)
{
	struct html_report h;
	int ret;

	memset(&h, 0, sizeof(h));
	h.o = o;
	iso8601_now(h.generated);
	html_csp(&h.csp_index, true);
	html_csp(&h.csp_page, false);
	if (db_open(o->db, DB_READ, &h.db))
		return -1;
	ret = load(&h);
	db_close(h.db);
	if (!ret)
		ret = report_dir_begin(&h.dir, o->out, o->force);
	if (!ret)
		ret = write_report(&h);
	if (!ret)
		printf("wrote %s/index.html and %zu finding pages (run %lld)\n", h.dir.path,
		       h.d.rows.nr, h.d.run);
	report_dir_abort(&h.dir);
	report_data_clear(&h.d);
	run_charts_clear(&h.runs);
	strbuf_release(&h.csp_index);
	strbuf_release(&h.csp_page);
	return ret;
}

int cmd_html(int argc, char **argv)
{
	struct html_options o;

	if (html_parse_options(argc, argv, &o))
		return EXIT_USAGE;
	if (o.help) {
		usage_print(&html_usage, stdout);
		return 0;
	}
	return html(&o) ? 1 : 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Export formats: coccicheck's report lines and org-mode, CSV and JSON.
 */
#include "db.h"
#include "export.h"

#include <string.h>

/* Write s on one line: line breaks become \n and \r. */
static void write_one_line(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		if (*s == '\n')
			fputs("\\n", out);
		else if (*s == '\r')
			fputs("\\r", out);
		else
			fputc(*s, out);
	}
}

/* "RULE: VERDICT: MESSAGE", without the verdict when the message starts with it. */
static void report_message(const struct finding_row *r, struct strbuf *out)
{
	char *prefix = xstrfmt("%s: ", r->verdict);

	strbuf_addf(out, "%s: ", r->rule);
	if (!starts_with(r->message, prefix))
		strbuf_addstr(out, prefix);
	strbuf_addstr(out, r->message);
	free(prefix);
}

/* As the rules print it: WARNING for a change to make or a bug, INFO for a closer look. */
static const char *severity(const struct finding_row *r)
{
	if (!strcmp(r->verdict, "replace") || starts_with(r->message, "bug: "))
		return "WARNING";
	return "INFO";
}

void write_report_line(FILE *out, const struct finding_row *r)
{
	struct strbuf msg = STRBUF_INIT;

	report_message(r, &msg);
	write_one_line(out, r->file);
	fprintf(out, ":%lld:%lld-%lld: %s: ", r->line, r->col, r->end_col, severity(r));
	write_one_line(out, msg.buf);
	fputc('\n', out);
	strbuf_release(&msg);
}

void write_org_line(FILE *out, const struct finding_row *r)
{
	struct strbuf msg = STRBUF_INIT;

	report_message(r, &msg);
	/* print_safe_todo(): brackets would end the link. */
	for (char *p = msg.buf; *p; p++)
		if (*p == ']')
			*p = ')';
	fputs("* TODO [[view:", out);
	write_one_line(out, r->file);
	fprintf(out, "::face=ovl-face1::linb=%lld::colb=%lld::cole=%lld][", r->line, r->col,
		r->end_col);
	for (const char *p = msg.buf; *p; p++) {
		if (*p == '[')
			fputs("@(", out);
		else if (*p == '\n')
			fputs("\\n", out);
		else if (*p == '\r')
			fputs("\\r", out);
		else
			fputc(*p, out);
	}
	fputs("]]\n", out);
	strbuf_release(&msg);
}

/* ---- CSV ---- */

void write_csv_field(FILE *out, const char *s)
{
	if (!s)
		return;
	if (!s[strcspn(s, ",\"\r\n")]) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

static const char *const csv_columns[] = {
	"id", "rule", "verdict", "status", "file", "line", "col", "end_line", "end_col",
	"function", "subsystem", "message", "fingerprint", "first_run", "last_run", "fixed_run",
	"code", "diff",
};

static void write_csv_number(FILE *out, long long v, bool zero_is_empty)
{
	if (v || !zero_is_empty)
		fprintf(out, "%lld", v);
}

static void write_csv_row(FILE *out, const struct finding_row *r)
{
	write_csv_number(out, r->id, false);
	fputc(',', out);
	write_csv_field(out, r->rule);
	fputc(',', out);
	write_csv_field(out, r->verdict);
	fputc(',', out);
	write_csv_field(out, r->status);
	fputc(',', out);
	write_csv_field(out, r->file);
	fprintf(out, ",%lld,%lld,%lld,%lld,", r->line, r->col, r->end_line, r->end_col);
	write_csv_field(out, r->function);
	fputc(',', out);
	write_csv_field(out, r->subsystem);
	fputc(',', out);
	write_csv_field(out, r->message);
	fputc(',', out);
	write_csv_field(out, r->fingerprint);
	fprintf(out, ",%lld,%lld,", r->first_run, r->last_run);
	write_csv_number(out, r->fixed_run, true);
	fputc(',', out);
	write_csv_field(out, r->code);
	fputc(',', out);
	write_csv_field(out, r->diff);
	fputs("\r\n", out);
}

void write_csv(FILE *out, const struct row_list *rows)
{
	for (size_t i = 0; i < ARRAY_SIZE(csv_columns); i++)
		fprintf(out, "%s%s", i ? "," : "", csv_columns[i]);
	fputs("\r\n", out);
	for (size_t i = 0; i < rows->nr; i++)
		write_csv_row(out, &rows->items[i]);
}

/* ---- JSON ---- */

static json_t *text_or_null(const char *s)
{
	return json_text(s);
}

static json_t *run_json(const struct run_info *ri)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(ri->id));
	json_object_set_new(o, "status", text_or_null(ri->status));
	json_object_set_new(o, "started_at", text_or_null(ri->started_at));
	json_object_set_new(o, "finished_at", text_or_null(ri->finished_at));
	json_object_set_new(o, "tree_path", text_or_null(ri->tree_path));
	json_object_set_new(o, "tree_version", text_or_null(ri->tree_version));
	json_object_set_new(o, "tree_commit", text_or_null(ri->tree_commit));
	json_object_set_new(o, "spatch_version", text_or_null(ri->spatch_version));
	json_object_set_new(o, "dirs", text_or_null(ri->dirs));
	json_object_set_new(o, "jobs", json_integer(ri->jobs));
	json_object_set_new(o, "files_total", json_integer(ri->files_total));
	json_object_set_new(o, "files_done", json_integer(ri->files_done));
	return o;
}

static json_t *filters_json(const struct finding_filter *o)
{
	json_t *f = json_object();

	json_object_set_new(f, "rule", text_or_null(o->rule));
	json_object_set_new(f, "verdict", text_or_null(o->verdict));
	json_object_set_new(f, "status", text_or_null(o->status));
	json_object_set_new(f, "file", text_or_null(o->file));
	json_object_set_new(f, "subsys", text_or_null(o->subsys));
	json_object_set_new(f, "run", o->run ? json_integer(o->run) : json_null());
	json_object_set_new(f, "needs_action_only", json_boolean(triage_default_applies(o)));
	return f;
}

static json_t *rule_json(const struct rule_doc *d)
{
	json_t *o = json_object();

	json_object_set_new(o, "name", json_text(d->name));
	json_object_set_new(o, "hash", json_text(d->hash));
	json_object_set_new(o, "description", json_text(d->description));
	json_object_set_new(o, "confidence", json_text(d->confidence));
	json_object_set_new(o, "report_only", json_boolean(d->report_only));
	json_object_set_new(o, "rationale", json_text(d->rationale ? d->rationale : ""));
	json_object_set_new(o, "rationale_note", text_or_null(d->rationale_note));
	return o;
}

json_t *review_history_json(const struct review_history *h)
{
	json_t *a = json_array();

	for (size_t i = 0; i < h->nr; i++) {
		const struct review_entry *e = &h->items[i];
		json_t *o = json_object();

		json_object_set_new(o, "status", json_text(e->status));
		json_object_set_new(o, "reason", text_or_null(e->reason));
		json_object_set_new(o, "reviewer", json_text(e->reviewer));
		json_object_set_new(o, "at", json_text(e->at));
		json_object_set_new(o, "note", text_or_null(e->note));
		json_array_append_new(a, o);
	}
	return a;
}

/* What the default left out: {"total": N, "keep": K, "rejected": R, "fixed": F}. */
static json_t *not_shown_json(const struct triage_left_out *l)
{
	json_t *o = json_object();

	json_object_set_new(o, "total", json_integer(triage_left_out_total(l)));
	json_object_set_new(o, "keep", json_integer(l->keep));
	json_object_set_new(o, "rejected", json_integer(l->rejected));
	json_object_set_new(o, "fixed", json_integer(l->fixed));
	return o;
}

json_t *report_json(const struct report_data *d, const struct finding_filter *o)
{
	json_t *root = json_object(), *tool = json_object();
	json_t *rules = json_array(), *findings = json_array(), *errors = json_array();

	json_object_set_new(tool, "name", json_string("whichalloc"));
	json_object_set_new(tool, "version", json_string(WHICHALLOC_VERSION));
	json_object_set_new(tool, "schema_version", json_integer(db_schema_version()));
	json_object_set_new(root, "tool", tool);
	json_object_set_new(root, "run", d->run ? run_json(&d->run_info) : json_null());
	json_object_set_new(root, "filters", filters_json(o));
	for (size_t i = 0; i < d->rules.nr; i++)
		json_array_append_new(rules, rule_json(&d->rules.items[i]));
	json_object_set_new(root, "rules", rules);
	for (size_t i = 0; i < d->rows.nr; i++) {
		json_t *f = finding_json(&d->rows.items[i]);

		json_object_set_new(f, "reviews", review_history_json(&d->reviews[i]));
		json_array_append_new(findings, f);
	}
	json_object_set_new(root, "findings", findings);
	json_object_set_new(root, "not_shown", not_shown_json(&d->not_shown));
	for (size_t i = 0; i < d->errors.nr; i++) {
		json_t *e = json_object();

		json_object_set_new(e, "file", json_text(d->errors.items[i].path));
		json_object_set_new(e, "status", json_text(d->errors.items[i].status));
		json_object_set_new(e, "message", json_text(d->errors.items[i].message));
		json_array_append_new(errors, e);
	}
	json_object_set_new(root, "errors", errors);
	return root;
}

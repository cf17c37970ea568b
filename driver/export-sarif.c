// SPDX-License-Identifier: GPL-2.0-only
/*
 * SARIF 2.1.0: one run with the rules as reporting descriptors, every finding as a result
 * with its location, its stable fingerprint, its proposed diff as a fix made of replacements
 * and, for rejected findings, a suppression carrying the reviewer's reason.
 */
#include "diff.h"
#include "export.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
#define FINGERPRINT_KEY "whichalloc/v1"
#define SRCROOT "SRCROOT"

/* ---- diffs as replacements ---- */

struct diff_walk {
	struct replacement_list *out;
	struct strbuf text;
	long start;		/* the first old line of the change being collected; 0: none */
	long old_line;		/* the next line of the original file */
};

static void flush_change(struct diff_walk *w)
{
	struct line_replacement *r;

	if (!w->start)
		return;
	ALLOC_GROW(w->out->items, w->out->nr + 1, w->out->alloc);
	r = &w->out->items[w->out->nr++];
	r->start_line = w->start;
	r->end_line = w->old_line;
	r->text = strbuf_detach(&w->text, NULL);
	w->start = 0;
}

static int header_path(const char *line, size_t len, char **path)
{
	const char *p = line + 4;
	size_t n = len - 4;

	if (n >= 2 && !strncmp(p, "b/", 2)) {
		p += 2;
		n -= 2;
	}
	n = strcspn(p, "\t\n") < n ? strcspn(p, "\t\n") : n;
	if (!n)
		return error("a diff's '+++' line names no file");
	if (*path)
		return error("the diff changes more than one file");
	*path = xstrndup(p, n);
	return 0;
}

static int walk_hunk_line(struct diff_walk *w, const char *line, size_t n, long *old_left,
			  long *new_left)
{
	char kind = n ? line[0] : ' ';

	switch (kind) {
	case ' ':
		if (*old_left <= 0 || *new_left <= 0)
			return error("a hunk has more lines than its header says");
		flush_change(w);
		(*old_left)--;
		(*new_left)--;
		w->old_line++;
		return 0;
	case '-':
		if (*old_left <= 0)
			return error("a hunk removes more lines than its header says");
		if (!w->start)
			w->start = w->old_line;
		(*old_left)--;
		w->old_line++;
		return 0;
	case '+':
		if (*new_left <= 0)
			return error("a hunk adds more lines than its header says");
		if (!w->start)
			w->start = w->old_line;
		strbuf_add(&w->text, line + 1, n - 1);
		strbuf_addch(&w->text, '\n');
		(*new_left)--;
		return 0;
	case '\\':
		return error("the diff changes a last line that has no newline");
	default:
		return error("a hunk line starts with '%c'", kind);
	}
}

int diff_to_replacements(const char *diff, struct replacement_list *out)
{
	struct diff_walk w = { out, STRBUF_INIT, 0, 0 };
	const char *p = diff, *end = diff + strlen(diff);
	long old_left = 0, new_left = 0, last_end = 0;
	bool in_hunk = false;
	int ret = 0;

	memset(out, 0, sizeof(*out));
	while (p < end && !ret) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *line = p;
		struct hunk h;
		const char *ctx;
		size_t ctx_len;

		p = nl ? nl + 1 : end;
		if (in_hunk && (old_left > 0 || new_left > 0)) {
			ret = walk_hunk_line(&w, line, n, &old_left, &new_left);
			continue;
		}
		flush_change(&w);
		in_hunk = false;
		if (n > 4 && !strncmp(line, "+++ ", 4)) {
			ret = header_path(line, n, &out->path);
		} else if (n >= 2 && !strncmp(line, "@@", 2)) {
			if (!out->path)
				ret = error("a hunk comes before the diff's '+++' line");
			else if (parse_hunk_header(line, n, &h, &ctx, &ctx_len))
				ret = error("malformed hunk header '%.*s'", (int)n, line);
			else if (h.old_start < last_end || (h.old_len && h.old_start < 1))
				ret = error("the diff's hunks overlap or are out of order");
			if (ret)
				continue;
			in_hunk = true;
			old_left = h.old_len;
			new_left = h.new_len;
			/* "-5,0" inserts after line 5. */
			w.old_line = h.old_len ? h.old_start : h.old_start + 1;
			last_end = w.old_line + h.old_len;
		} else if (n && line[0] == '\\') {
			ret = error("the diff changes a last line that has no newline");
		} else if (!(n >= 4 && !strncmp(line, "--- ", 4)) && !starts_with(line, "diff ") &&
			   n) {
			ret = error("unexpected line '%.*s' outside the diff's hunks", (int)n, line);
		}
	}
	if (!ret && in_hunk && (old_left > 0 || new_left > 0))
		ret = error("the diff ends inside a hunk");
	flush_change(&w);
	strbuf_release(&w.text);
	if (!ret && !out->path)
		ret = error("the diff names no file");
	if (!ret && !out->nr)
		ret = error("the diff changes nothing");
	if (ret)
		replacement_list_clear(out);
	return ret;
}

void replacement_list_clear(struct replacement_list *list)
{
	for (size_t i = 0; i < list->nr; i++)
		free(list->items[i].text);
	free(list->items);
	free(list->path);
	memset(list, 0, sizeof(*list));
}

/* ---- columns and URIs ---- */

long utf16_column(const char *line, size_t len, long byte_col)
{
	const unsigned char *p = (const unsigned char *)line;
	size_t limit = byte_col < 0 ? 0 : (size_t)byte_col;
	long units = 0;
	size_t i = 0;

	while (i < limit && i < len) {
		unsigned long cp;
		size_t n = utf8_sequence(p + i, len - i, &cp);

		if (!n || i + n > limit) {
			units++;
			i++;
			continue;
		}
		units += cp >= 0x10000 ? 2 : 1;
		i += n;
	}
	if (limit > i)
		units += (long)(limit - i);
	return units + 1;
}

void uri_path_encode(struct strbuf *out, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";

	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			strbuf_addch(out, *p);
		} else {
			strbuf_addch(out, '%');
			strbuf_addch(out, hex[*p >> 4]);
			strbuf_addch(out, hex[*p & 15]);
		}
	}
}

/* ---- the log ---- */

static json_t *message(const char *text)
{
	json_t *m = json_object();

	json_object_set_new(m, "text", json_text(text));
	return m;
}

static json_t *artifact_location(const char *file)
{
	json_t *a = json_object();
	struct strbuf uri = STRBUF_INIT;

	uri_path_encode(&uri, file);
	json_object_set_new(a, "uri", json_text(uri.buf));
	json_object_set_new(a, "uriBaseId", json_string(SRCROOT));
	strbuf_release(&uri);
	return a;
}

static const char *precision(const char *confidence)
{
	if (!strcasecmp(confidence, "high"))
		return "high";
	if (!strcasecmp(confidence, "moderate") || !strcasecmp(confidence, "medium"))
		return "medium";
	if (!strcasecmp(confidence, "low"))
		return "low";
	return NULL;
}

static json_t *rule_descriptor(const struct rule_doc *d)
{
	json_t *r = json_object(), *cfg = json_object(), *props = json_object();
	json_t *tags = json_array();
	struct strbuf help = STRBUF_INIT;
	const char *desc = *d->description ? d->description : d->name;

	json_object_set_new(r, "id", json_text(d->name));
	json_object_set_new(r, "shortDescription", message(desc));
	strbuf_addstr(&help, desc);
	if (d->rationale && *d->rationale) {
		strbuf_addstr(&help, "\n\n");
		strbuf_addstr(&help, d->rationale);
	}
	json_object_set_new(r, "fullDescription", message(help.buf));
	if (d->rationale_note)
		strbuf_addf(&help, "\n\n(Rationale %s.)", d->rationale_note);
	if (*d->confidence)
		strbuf_addf(&help, "\n\nConfidence: %s.", d->confidence);
	if (d->report_only)
		strbuf_addstr(&help, " The rule never proposes a change (report only).");
	strbuf_addstr(&help, "\n\nVerdicts: replace (a change is proposed), keep (the code "
		      "needs the allocator it uses; the message says why), review (a person "
		      "must check what the message says).");
	json_object_set_new(r, "help", message(help.buf));
	json_object_set_new(cfg, "level", json_string("warning"));
	json_object_set_new(r, "defaultConfiguration", cfg);
	json_array_append_new(tags, json_string("whichalloc"));
	json_array_append_new(tags, json_string("coccinelle"));
	if (d->report_only)
		json_array_append_new(tags, json_string("report-only"));
	json_object_set_new(props, "tags", tags);
	if (precision(d->confidence))
		json_object_set_new(props, "precision", json_string(precision(d->confidence)));
	json_object_set_new(props, "confidence", json_text(d->confidence));
	json_object_set_new(props, "ruleHash", json_text(d->hash));
	json_object_set_new(r, "properties", props);
	strbuf_release(&help);
	return r;
}

/* Line n (0-based) of text, without its newline. */
static const char *nth_line(const char *text, long n, size_t *len)
{
	const char *p = text;

	for (; n > 0 && p; n--) {
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	if (!p)
		return NULL;
	*len = strcspn(p, "\n");
	return p;
}

static long sarif_column(const char *code, long nth, long byte_col)
{
	size_t len;
	const char *line = code ? nth_line(code, nth, &len) : NULL;

	return line ? utf16_column(line, len, byte_col) : byte_col + 1;
}

static json_t *region(const struct finding_row *r)
{
	json_t *g = json_object();
	long start = sarif_column(r->code, 0, r->col);
	long end = sarif_column(r->code, r->end_line - r->line, r->end_col);

	json_object_set_new(g, "startLine", json_integer(r->line));
	json_object_set_new(g, "startColumn", json_integer(start));
	json_object_set_new(g, "endLine", json_integer(r->end_line));
	/* A region is never empty and never ends before it starts. */
	if (r->end_line == r->line && end <= start)
		end = start + 1;
	json_object_set_new(g, "endColumn", json_integer(end));
	return g;
}

static json_t *context_region(const struct finding_row *r)
{
	json_t *g = json_object(), *snippet = json_object();

	json_object_set_new(g, "startLine", json_integer(r->line));
	json_object_set_new(g, "endLine", json_integer(r->end_line));
	json_object_set_new(snippet, "text", json_text(r->code));
	json_object_set_new(g, "snippet", snippet);
	return g;
}

static json_t *location(const struct finding_row *r)
{
	json_t *loc = json_object(), *phys = json_object();

	json_object_set_new(phys, "artifactLocation", artifact_location(r->file));
	json_object_set_new(phys, "region", region(r));
	if (r->code && *r->code)
		json_object_set_new(phys, "contextRegion", context_region(r));
	json_object_set_new(loc, "physicalLocation", phys);
	if (strcmp(r->function, "something_else")) {
		json_t *logical = json_array(), *fn = json_object();

		json_object_set_new(fn, "name", json_text(r->function));
		json_object_set_new(fn, "kind", json_string("function"));
		json_array_append_new(logical, fn);
		json_object_set_new(loc, "logicalLocations", logical);
	}
	return loc;
}

static json_t *replacement(const struct line_replacement *lr)
{
	json_t *rep = json_object(), *deleted = json_object();

	json_object_set_new(deleted, "startLine", json_integer(lr->start_line));
	json_object_set_new(deleted, "startColumn", json_integer(1));
	json_object_set_new(deleted, "endLine", json_integer(lr->end_line));
	json_object_set_new(deleted, "endColumn", json_integer(1));
	json_object_set_new(rep, "deletedRegion", deleted);
	if (*lr->text) {
		json_t *content = json_object();

		json_object_set_new(content, "text", json_text(lr->text));
		json_object_set_new(rep, "insertedContent", content);
	}
	return rep;
}

static json_t *fixes(const struct finding_row *r)
{
	struct replacement_list list;
	json_t *array, *fix, *change, *reps;
	char *desc;

	if (!r->diff || !*r->diff)
		return NULL;
	if (diff_to_replacements(r->diff, &list)) {
		warning("finding %lld (%s:%lld): its diff cannot be written as SARIF replacements, "
			"so the result carries no fix; 'whichalloc show %lld' has the diff", r->id,
			r->file, r->line, r->id);
		return NULL;
	}
	if (strcmp(list.path, r->file)) {
		warning("finding %lld: its diff changes %s, not %s; the result carries no fix",
			r->id, list.path, r->file);
		replacement_list_clear(&list);
		return NULL;
	}
	reps = json_array();
	for (size_t i = 0; i < list.nr; i++)
		json_array_append_new(reps, replacement(&list.items[i]));
	change = json_object();
	json_object_set_new(change, "artifactLocation", artifact_location(r->file));
	json_object_set_new(change, "replacements", reps);
	fix = json_object();
	desc = xstrfmt("The change that rule %s proposes in %s(); review it before applying it.",
		       r->rule, r->function);
	json_object_set_new(fix, "description", message(desc));
	free(desc);
	json_object_set_new(fix, "artifactChanges", json_array());
	json_array_append_new(json_object_get(fix, "artifactChanges"), change);
	array = json_array();
	json_array_append_new(array, fix);
	replacement_list_clear(&list);
	return array;
}

static json_t *suppressions(const struct finding_row *r, const struct review_history *h)
{
	json_t *array = json_array(), *s;
	const struct review_entry *e = NULL;
	struct strbuf why = STRBUF_INIT;

	if (strcmp(r->status, "rejected"))
		return array;
	for (size_t i = h->nr; i-- > 0;)
		if (!strcmp(h->items[i].status, "rejected")) {
			e = &h->items[i];
			break;
		}
	s = json_object();
	json_object_set_new(s, "kind", json_string("external"));
	json_object_set_new(s, "status", json_string("accepted"));
	if (e) {
		strbuf_addf(&why, "rejected as %s by %s on %s", e->reason ? e->reason : "wrong",
			    e->reviewer, e->at);
		if (e->note && *e->note)
			strbuf_addf(&why, ": %s", e->note);
	} else {
		strbuf_addstr(&why, "rejected in review");
	}
	json_object_set_new(s, "justification", json_text(why.buf));
	json_array_append_new(array, s);
	strbuf_release(&why);
	return array;
}

static void set_kind_and_level(json_t *res, const struct finding_row *r)
{
	const char *kind = "fail", *level = "warning";

	if (!strcmp(r->verdict, "keep")) {
		kind = "pass";
		level = "none";
	} else if (starts_with(r->message, "bug: ")) {
		level = "error";
	} else if (!strcmp(r->verdict, "review")) {
		kind = "review";
		level = "none";
	}
	json_object_set_new(res, "kind", json_string(kind));
	json_object_set_new(res, "level", json_string(level));
}

static const char *baseline_state(const struct finding_row *r, long long run)
{
	if (!strcmp(r->status, "fixed"))
		return "absent";
	return r->first_run == run ? "new" : "unchanged";
}

static json_t *result(const struct report_data *d, size_t i)
{
	const struct finding_row *r = &d->rows.items[i];
	json_t *res = json_object(), *locs = json_array(), *fp = json_object();
	json_t *props = json_object(), *fix;

	json_object_set_new(res, "ruleId", json_text(r->rule));
	json_object_set_new(res, "ruleIndex",
			    json_integer((json_int_t)rule_docs_index(&d->rules, r->rule)));
	set_kind_and_level(res, r);
	json_object_set_new(res, "message", message(r->message));
	json_array_append_new(locs, location(r));
	json_object_set_new(res, "locations", locs);
	json_object_set_new(fp, FINGERPRINT_KEY, json_text(r->fingerprint));
	json_object_set_new(res, "fingerprints", json_deep_copy(fp));
	json_object_set_new(res, "partialFingerprints", fp);
	if (d->run)
		json_object_set_new(res, "baselineState", json_string(baseline_state(r, d->run)));
	fix = strcmp(r->verdict, "replace") ? NULL : fixes(r);
	if (fix)
		json_object_set_new(res, "fixes", fix);
	json_object_set_new(res, "suppressions", suppressions(r, &d->reviews[i]));
	json_object_set_new(props, "findingId", json_integer(r->id));
	json_object_set_new(props, "verdict", json_text(r->verdict));
	json_object_set_new(props, "status", json_text(r->status));
	json_object_set_new(props, "subsystem", json_text(r->subsystem));
	json_object_set_new(props, "firstRun", json_integer(r->first_run));
	json_object_set_new(props, "lastRun", json_integer(r->last_run));
	if (r->fixed_run)
		json_object_set_new(props, "fixedRun", json_integer(r->fixed_run));
	json_object_set_new(props, "reviews", review_history_json(&d->reviews[i]));
	json_object_set_new(res, "properties", props);
	return res;
}

/* What the default (what needs action) left out, and how to see it: a note. */
static void left_out_notification(json_t *array, const struct report_data *d)
{
	char *text = triage_left_out_text(&d->not_shown, "'whichalloc export --all'");
	json_t *n;

	if (!text)
		return;
	n = json_object();
	json_object_set_new(n, "level", json_string("note"));
	json_object_set_new(n, "message", message(text));
	json_array_append_new(array, n);
	free(text);
}

static json_t *notifications(const struct report_data *d)
{
	json_t *array = json_array();

	for (size_t i = 0; i < d->errors.nr; i++) {
		const struct file_error *e = &d->errors.items[i];
		json_t *n = json_object(), *locs = json_array(), *loc = json_object();
		json_t *phys = json_object();
		char *text = xstrfmt("spatch %s on %s: %s",
				     !strcmp(e->status, "timeout") ? "timed out" :
				     !strcmp(e->status, "skipped") ? "skipped" : "failed",
				     e->path, e->message);

		json_object_set_new(n, "level",
				    json_string(strcmp(e->status, "skipped") ? "error" : "note"));
		json_object_set_new(n, "message", message(text));
		json_object_set_new(phys, "artifactLocation", artifact_location(e->path));
		json_object_set_new(loc, "physicalLocation", phys);
		json_array_append_new(locs, loc);
		json_object_set_new(n, "locations", locs);
		json_array_append_new(array, n);
		free(text);
	}
	left_out_notification(array, d);
	return array;
}

static json_t *invocation(const struct report_data *d)
{
	json_t *inv = json_object(), *array = json_array();
	const struct run_info *ri = &d->run_info;

	json_object_set_new(inv, "executionSuccessful",
			    json_boolean(ri->status && !strcmp(ri->status, "complete")));
	if (ri->started_at)
		json_object_set_new(inv, "startTimeUtc", json_text(ri->started_at));
	if (ri->finished_at)
		json_object_set_new(inv, "endTimeUtc", json_text(ri->finished_at));
	json_object_set_new(inv, "toolExecutionNotifications", notifications(d));
	json_array_append_new(array, inv);
	return array;
}

static json_t *uri_base_ids(const struct run_info *ri)
{
	json_t *ids = json_object(), *root = json_object();
	struct strbuf uri = STRBUF_INIT;

	strbuf_addstr(&uri, "file://");
	uri_path_encode(&uri, ri->tree_path);
	if (!ends_with(uri.buf, "/"))
		strbuf_addch(&uri, '/');
	json_object_set_new(root, "uri", json_text(uri.buf));
	json_object_set_new(root, "description", message("The top of the scanned kernel tree."));
	json_object_set_new(ids, SRCROOT, root);
	strbuf_release(&uri);
	return ids;
}

static json_t *run_properties(const struct run_info *ri)
{
	json_t *p = json_object();

	json_object_set_new(p, "run", json_integer(ri->id));
	json_object_set_new(p, "treeVersion", json_text(ri->tree_version));
	json_object_set_new(p, "treeCommit", json_text(ri->tree_commit));
	json_object_set_new(p, "spatchVersion", json_text(ri->spatch_version));
	json_object_set_new(p, "dirs", json_text(ri->dirs));
	return p;
}

json_t *sarif_log(const struct report_data *d)
{
	json_t *log = json_object(), *runs = json_array(), *run = json_object();
	json_t *tool = json_object(), *driver = json_object(), *rules = json_array();
	json_t *results = json_array();

	json_object_set_new(log, "$schema", json_string(SARIF_SCHEMA));
	json_object_set_new(log, "version", json_string("2.1.0"));
	json_object_set_new(driver, "name", json_string("whichalloc"));
	json_object_set_new(driver, "version", json_string(WHICHALLOC_VERSION));
	json_object_set_new(driver, "semanticVersion", json_string(WHICHALLOC_VERSION));
	for (size_t i = 0; i < d->rules.nr; i++)
		json_array_append_new(rules, rule_descriptor(&d->rules.items[i]));
	json_object_set_new(driver, "rules", rules);
	json_object_set_new(tool, "driver", driver);
	json_object_set_new(run, "tool", tool);
	if (d->run) {
		char *id = xstrfmt("whichalloc/run-%lld", d->run);
		json_t *details = json_object();

		json_object_set_new(run, "invocations", invocation(d));
		json_object_set_new(details, "id", json_string(id));
		json_object_set_new(run, "automationDetails", details);
		free(id);
	}
	if (d->run_info.tree_path)
		json_object_set_new(run, "originalUriBaseIds", uri_base_ids(&d->run_info));
	json_object_set_new(run, "columnKind", json_string("utf16CodeUnits"));
	for (size_t i = 0; i < d->rows.nr; i++)
		json_array_append_new(results, result(d, i));
	json_object_set_new(run, "results", results);
	if (d->run_info.id)
		json_object_set_new(run, "properties", run_properties(&d->run_info));
	json_array_append_new(runs, run);
	json_object_set_new(log, "runs", runs);
	return log;
}

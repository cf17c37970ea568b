// SPDX-License-Identifier: GPL-2.0-only
/*
 * Review decisions: recording, history, identity, export and import.
 */
#include "review.h"
#include "query.h"
#include "db.h"
#include "fmt.h"
#include "export.h"
#include "run-command.h"
#include "termsafe.h"

#include <ctype.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXPORT_FORMAT "whichalloc-reviews"
#define EXPORT_VERSION 1
#define UNKNOWN_LISTED 5

static const char *const reasons[] = { "false-positive", "intentional", "not-worth-it" };

bool review_reason_valid(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(reasons); i++)
		if (!strcmp(s, reasons[i]))
			return true;
	return false;
}

static bool leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in_month(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && leap_year(y) ? 29 : days[m - 1];
}

static int digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

const char *review_time_problem(const char *s, time_t now)
{
	static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
	struct tm tm = { 0 };
	int y, mon, d, h, min, sec;

	if (!s || strlen(s) != strlen(shape))
		return "not an RFC 3339 UTC time like 2026-01-31T12:00:00Z";
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? !isdigit((unsigned char)s[i]) : s[i] != shape[i])
			return "not an RFC 3339 UTC time like 2026-01-31T12:00:00Z";
	y = digits(s, 4), mon = digits(s + 5, 2), d = digits(s + 8, 2);
	h = digits(s + 11, 2), min = digits(s + 14, 2), sec = digits(s + 17, 2);
	if (mon < 1 || mon > 12 || d < 1 || d > days_in_month(y, mon))
		return "no such date";
	if (h > 23 || min > 59 || sec > 59)
		return "no such time of day (leap seconds are not taken either)";
	tm.tm_year = y - 1900, tm.tm_mon = mon - 1, tm.tm_mday = d;
	tm.tm_hour = h, tm.tm_min = min, tm.tm_sec = sec;
	if (timegm(&tm) > now + REVIEW_TIME_SKEW)
		return "later than now (by more than the 5 minutes allowed for clocks that differ)";
	return NULL;
}

bool review_time_valid(const char *s)
{
	return !review_time_problem(s, time(NULL));
}

static char *git_config(const char *key)
{
	const char *argv[] = { "git", "config", "--get", key, NULL };
	struct child_process cp = CHILD_PROCESS_INIT;
	char *value = NULL;

	cp.argv = argv;
	cp.time_limit = 30;
	if (!run_command(&cp) && command_succeeded(&cp)) {
		strbuf_rtrim(&cp.out);
		if (cp.out.len)
			value = strbuf_detach(&cp.out, NULL);
	}
	child_process_clear(&cp);
	return value;
}

char *review_identity(const char *option)
{
	char *name, *email, *who = NULL;

	if (option) {
		if (!*option)
			error("review: --reviewer wants a name, not an empty string");
		return *option ? xstrdup(option) : NULL;
	}
	name = git_config("user.name");
	email = git_config("user.email");
	if (name && email)
		who = xstrfmt("%s <%s>", name, email);
	else if (name || email)
		who = xstrfmt(name ? "%s" : "<%s>", name ? name : email);
	else
		error("review: who is reviewing? git config has no user.name or user.email; "
		      "set them ('git config --global user.name \"Your Name\"') or pass "
		      "--reviewer NAME");
	free(name);
	free(email);
	return who;
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

static const char latest_sql[] =
	"SELECT status, reason, note FROM review WHERE id = " REVIEW_LATEST_ID("?1");

int review_latest(sqlite3 *db, long long id, char **status, char **reason)
{
	sqlite3_stmt *st = db_prepare(db, latest_sql);
	int rc, found = 0;

	*status = *reason = NULL;
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*status = column_dup(st, 0);
		*reason = column_dup(st, 1);
		found = 1;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error("cannot read the decisions about finding %lld: %s", id,
			     sqlite3_errmsg(db));
	return found;
}

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int insert_decision(sqlite3 *db, long long id, const struct review_decision *d)
{
	sqlite3_stmt *st = db_prepare(db,
		"INSERT INTO review (finding_id, status, reason, reviewer, at, note) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	char now[32];
	int ret;

	if (!st)
		return -1;
	iso8601_now(now);
	db_bind_int(st, 1, id);
	db_bind_text(st, 2, d->status);
	db_bind_text(st, 3, d->reason);
	db_bind_text(st, 4, d->reviewer);
	db_bind_text(st, 5, d->at ? d->at : now);
	db_bind_text(st, 6, d->note);
	ret = db_step_done(st);
	sqlite3_finalize(st);
	return ret;
}

/* The finding's status becomes its latest decision's, unless it is fixed. */
static int mirror_status(sqlite3 *db, long long id)
{
	sqlite3_stmt *st = db_prepare(db,
		"UPDATE finding SET status = coalesce((SELECT status FROM review WHERE id = "
		REVIEW_LATEST_ID("?1") "), 'new') "
		"WHERE id = ?1 AND status <> 'fixed'");
	int ret;

	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	ret = db_step_done(st);
	sqlite3_finalize(st);
	return ret;
}

static int check_decision(const struct review_decision *d)
{
	bool rejected = d->status && !strcmp(d->status, "rejected");
	const char *why;

	if (!d->status || (strcmp(d->status, "accepted") && strcmp(d->status, "new") &&
			   !rejected))
		return error("a decision is accepted, rejected or new, not '%s'",
			     d->status ? d->status : "(none)");
	if (rejected != (d->reason != NULL))
		return error(rejected ? "a rejection needs a reason: false-positive, intentional "
			     "or not-worth-it" : "only a rejection has a reason");
	if (d->reason && !review_reason_valid(d->reason))
		return error("the reason of a rejection is false-positive, intentional or "
			     "not-worth-it, not '%s'", d->reason);
	if (!d->reviewer || !*d->reviewer)
		return error("a decision needs a reviewer");
	if (d->at && (why = review_time_problem(d->at, time(NULL))))
		return error("the time '%s' is refused: %s", d->at, why);
	return 0;
}

int review_record(sqlite3 *db, long long id, const struct review_decision *d)
{
	char *status, *reason;
	int found, repeated;

	if (check_decision(d))
		return -1;
	found = review_latest(db, id, &status, &reason);
	if (found < 0)
		return -1;
	repeated = found && !d->note && same_text(status, d->status) &&
		   same_text(reason, d->reason);
	/* Reopening a finding nobody decided about changes nothing either. */
	if (!found && !d->note && !strcmp(d->status, "new"))
		repeated = 1;
	free(status);
	free(reason);
	if (repeated)
		return 0;
	if (insert_decision(db, id, d) || mirror_status(db, id))
		return error("cannot record the decision about finding %lld", id);
	return 1;
}

int review_record_note(sqlite3 *db, long long id, const char *note, const char *reviewer)
{
	struct review_decision d = { "new", NULL, note, reviewer, NULL };
	char *status, *reason;
	int found, ret;

	found = review_latest(db, id, &status, &reason);
	if (found < 0)
		return -1;
	if (found) {
		d.status = status;
		d.reason = reason;
	}
	ret = review_record(db, id, &d);
	free(status);
	free(reason);
	return ret;
}

static const char *text_or(sqlite3_stmt *st, int col, const char *def)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? (const char *)s : def;
}

int review_print_history(sqlite3 *db, long long id, FILE *out)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT at, status, reason, reviewer, note FROM review WHERE finding_id = ?1 "
		"ORDER BY " REVIEW_OLDEST_FIRST);
	int rc, n = 0;

	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	fputc('\n', out);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!n++)
			fprintf(out, "reviews:\n");
		/* Imported names and notes may hold anything: escaped, on one line each. */
		fprintf(out, "  %s  %s", tsafe(text_or(st, 0, "?")), tsafe(text_or(st, 1, "?")));
		if (sqlite3_column_text(st, 2))
			fprintf(out, " (%s)", tsafe(text_or(st, 2, "")));
		fprintf(out, " by %s\n", tsafe(text_or(st, 3, "?")));
		if (sqlite3_column_text(st, 4))
			fprintf(out, "      note: %s\n", tsafe(text_or(st, 4, "")));
	}
	sqlite3_finalize(st);
	if (!n)
		fprintf(out, "reviews: none yet ('whichalloc review %lld --accept' or --reject "
			"REASON records one)\n", id);
	if (rc != SQLITE_DONE)
		return error("cannot read the decisions about finding %lld: %s", id,
			     sqlite3_errmsg(db));
	return 0;
}

/* ---- export ---- */

static json_t *text_or_null(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? json_text((const char *)s) : json_null();
}

static json_t *decision_json(sqlite3_stmt *st)
{
	json_t *d = json_object();

	json_object_set_new(d, "status", text_or_null(st, 6));
	json_object_set_new(d, "reason", text_or_null(st, 7));
	json_object_set_new(d, "reviewer", text_or_null(st, 8));
	json_object_set_new(d, "at", text_or_null(st, 9));
	json_object_set_new(d, "note", text_or_null(st, 10));
	return d;
}

static json_t *finding_entry(sqlite3_stmt *st)
{
	json_t *f = json_object();

	json_object_set_new(f, "fingerprint", text_or_null(st, 0));
	json_object_set_new(f, "rule", text_or_null(st, 1));
	json_object_set_new(f, "file", text_or_null(st, 2));
	json_object_set_new(f, "function", text_or_null(st, 3));
	json_object_set_new(f, "line", json_integer(sqlite3_column_int64(st, 4)));
	json_object_set_new(f, "status", text_or_null(st, 5));
	json_object_set_new(f, "decisions", json_array());
	return f;
}

static const char export_sql[] =
	"SELECT f.fingerprint, f.rule, f.file, f.function, f.line, f.status, "
	"r.status, r.reason, r.reviewer, r.at, r.note FROM review r "
	"JOIN finding f ON f.id = r.finding_id ORDER BY f.file, f.line, f.rule, f.id, r.at, r.id";

static json_t *export_json(sqlite3 *db, long long *nr_findings, long long *nr_decisions)
{
	sqlite3_stmt *st = db_prepare(db, export_sql);
	json_t *root, *findings, *cur = NULL;
	char now[32];
	int rc;

	if (!st)
		return NULL;
	iso8601_now(now);
	root = json_object();
	findings = json_array();
	json_object_set_new(root, "format", json_string(EXPORT_FORMAT));
	json_object_set_new(root, "version", json_integer(EXPORT_VERSION));
	json_object_set_new(root, "exported_at", json_string(now));
	json_object_set_new(root, "findings", findings);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *fp = text_or(st, 0, "");

		if (!cur || strcmp(json_string_value(json_object_get(cur, "fingerprint")), fp)) {
			cur = finding_entry(st);
			json_array_append_new(findings, cur);
			(*nr_findings)++;
		}
		json_array_append_new(json_object_get(cur, "decisions"), decision_json(st));
		(*nr_decisions)++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(root);
		error("cannot read the review decisions: %s", sqlite3_errmsg(db));
		return NULL;
	}
	return root;
}

int review_export(sqlite3 *db, const char *path, bool force, long long *decisions)
{
	struct output_file of;
	long long nr_findings = 0, nr_decisions = 0;
	json_t *root = export_json(db, &nr_findings, &nr_decisions);
	int ret;

	if (!root)
		return -1;
	if (output_file_open(&of, path, force)) {
		json_decref(root);
		return -1;
	}
	ret = json_dumpf(root, of.f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!ret)
		ret = fputc('\n', of.f) == EOF ? -1 : 0;
	json_decref(root);
	if (ret) {
		output_file_abort(&of);
		return error("cannot write the decisions to %s: %m", path);
	}
	if (output_file_commit(&of))
		return -1;
	if (decisions)
		*decisions = nr_decisions;
	return 0;
}

/* ---- import ---- */

/* Decisions appended per transaction, so that other writers are not locked out for long. */
#define IMPORT_BATCH 1000

struct import_ctx {
	sqlite3 *db;
	const char *path;
	sqlite3_stmt *find;
	sqlite3_stmt *have;
	struct review_import_summary *sum;
	struct string_list unknown;
	size_t batch;			/* decisions appended in this transaction */
	long long committed;		/* decisions appended in committed transactions */
};

static const char *json_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* NULL for JSON null or a missing key, the string otherwise; *bad when it is neither. */
static const char *optional_str(json_t *o, const char *key, bool *bad)
{
	json_t *v = json_object_get(o, key);

	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v))
		*bad = true;
	return json_string_value(v);
}

static int check_entry_decision(const struct import_ctx *c, size_t fi, size_t di,
				json_t *dj, struct review_decision *d)
{
	bool bad = false;

	if (!json_is_object(dj))
		return error("%s: findings[%zu].decisions[%zu] is not an object", c->path, fi, di);
	d->status = optional_str(dj, "status", &bad);
	d->reason = optional_str(dj, "reason", &bad);
	d->reviewer = optional_str(dj, "reviewer", &bad);
	d->at = optional_str(dj, "at", &bad);
	d->note = optional_str(dj, "note", &bad);
	if (bad)
		return error("%s: findings[%zu].decisions[%zu]: status, reason, reviewer, at and "
			     "note are strings or null", c->path, fi, di);
	if (!d->at)
		return error("%s: findings[%zu].decisions[%zu] has no time (\"at\")", c->path, fi,
			     di);
	if (check_decision(d))
		return error("%s: findings[%zu].decisions[%zu] is not a valid decision (see the "
			     "message above); fix the file or export it again", c->path, fi, di);
	return 0;
}

/* Check the whole file before touching the database. */
static int check_import(const struct import_ctx *c, json_t *root, json_t **findings)
{
	json_t *entry, *dj;
	size_t fi, di;
	const char *format = json_str(root, "format");

	if (!json_is_object(root) || !format || strcmp(format, EXPORT_FORMAT))
		return error("%s is not a whichalloc review export (no \"format\": \"%s\"); "
			     "make one with 'whichalloc review --export FILE'", c->path,
			     EXPORT_FORMAT);
	if (json_integer_value(json_object_get(root, "version")) != EXPORT_VERSION)
		return error("%s has export version %lld; this whichalloc reads version %d: "
			     "export the decisions again with this version", c->path,
			     (long long)json_integer_value(json_object_get(root, "version")),
			     EXPORT_VERSION);
	*findings = json_object_get(root, "findings");
	if (!json_is_array(*findings))
		return error("%s has no \"findings\" array", c->path);
	json_array_foreach(*findings, fi, entry) {
		const char *fp = json_str(entry, "fingerprint");
		json_t *decisions = json_object_get(entry, "decisions");
		struct review_decision d;

		if (!fp || strlen(fp) != SHA1_HEX_SIZE - 1 || strspn(fp, "0123456789abcdef") !=
		    SHA1_HEX_SIZE - 1)
			return error("%s: findings[%zu] has no valid fingerprint (40 hex digits)",
				     c->path, fi);
		if (!json_is_array(decisions))
			return error("%s: findings[%zu] has no \"decisions\" array", c->path, fi);
		json_array_foreach(decisions, di, dj)
			if (check_entry_decision(c, fi, di, dj, &d))
				return -1;
	}
	return 0;
}

static long long finding_by_fingerprint(struct import_ctx *c, const char *fp)
{
	long long id = 0;

	db_bind_text(c->find, 1, fp);
	if (sqlite3_step(c->find) == SQLITE_ROW)
		id = sqlite3_column_int64(c->find, 0);
	sqlite3_reset(c->find);
	return id;
}

/* One text per decision, equal for equal decisions: each field, NULL told from "". */
static void add_key_field(struct strbuf *key, const char *field)
{
	if (field)
		strbuf_addf(key, "%zu:%s", strlen(field), field);
	else
		strbuf_addch(key, '-');
}

static char *decision_key(const struct review_decision *d)
{
	struct strbuf key = STRBUF_INIT;

	add_key_field(&key, d->status);
	add_key_field(&key, d->reason);
	add_key_field(&key, d->reviewer);
	add_key_field(&key, d->at);
	add_key_field(&key, d->note);
	return strbuf_detach(&key, NULL);
}

/* The keys of the decisions the database has about finding id, sorted. */
static int load_have(struct import_ctx *c, long long id, struct string_list *have)
{
	int rc;

	db_bind_int(c->have, 1, id);
	while ((rc = sqlite3_step(c->have)) == SQLITE_ROW) {
		struct review_decision d = {
			(const char *)sqlite3_column_text(c->have, 0),
			(const char *)sqlite3_column_text(c->have, 1),
			(const char *)sqlite3_column_text(c->have, 2),
			(const char *)sqlite3_column_text(c->have, 3),
			(const char *)sqlite3_column_text(c->have, 4),
		};

		string_list_append_nodup(have, decision_key(&d));
	}
	sqlite3_reset(c->have);
	if (rc != SQLITE_DONE)
		return error("cannot read the decisions about finding %lld: %s", id,
			     sqlite3_errmsg(c->db));
	string_list_sort(have);
	return 0;
}

/* How many keys of the sorted list equal key. */
static size_t count_key(const struct string_list *list, const char *key)
{
	size_t lo = 0, hi = list->nr, n = 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(list->items[mid], key) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + n < list->nr && !strcmp(list->items[lo + n], key))
		n++;
	return n;
}

struct file_key {
	char *key;
	size_t index;		/* of the decision in the file's list */
};

static int cmp_file_keys(const void *a, const void *b)
{
	const struct file_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/*
 * present[i]: is decision i of the entry already in the database? Two equal decisions (the
 * same second) are two decisions: the n-th equal one of the file is present when the
 * database has at least n. Sorting both sides makes this O(k log k) in the k decisions of
 * the finding, where comparing each with all the others was O(k^2).
 */
static int mark_present(struct import_ctx *c, long long id, size_t fi, json_t *decisions,
			bool *present)
{
	struct string_list have = STRING_LIST_INIT;
	size_t n = json_array_size(decisions), nth = 0;
	struct file_key *keys = xcalloc(n ? n : 1, sizeof(*keys));
	int ret = load_have(c, id, &have);

	for (size_t i = 0; !ret && i < n; i++) {
		struct review_decision d;

		ret = check_entry_decision(c, fi, i, json_array_get(decisions, i), &d);
		keys[i].key = ret ? NULL : decision_key(&d);
		keys[i].index = i;
	}
	if (!ret)
		qsort(keys, n, sizeof(*keys), cmp_file_keys);
	for (size_t i = 0; !ret && i < n; i++) {
		nth = i && !strcmp(keys[i].key, keys[i - 1].key) ? nth + 1 : 1;
		present[keys[i].index] = count_key(&have, keys[i].key) >= nth;
	}
	for (size_t i = 0; i < n; i++)
		free(keys[i].key);
	free(keys);
	string_list_clear(&have);
	return ret;
}

/* Commit the decisions appended so far (the finding's status first) and begin again. */
static int next_batch(struct import_ctx *c, long long id)
{
	if (mirror_status(c->db, id) || db_commit(c->db))
		return -1;
	c->committed += (long long)c->batch;
	c->batch = 0;
	return db_begin(c->db);
}

static void note_unknown(struct import_ctx *c, json_t *entry, size_t decisions)
{
	const char *rule = json_str(entry, "rule"), *file = json_str(entry, "file");
	const char *fn = json_str(entry, "function");

	c->sum->unknown_findings++;
	c->sum->unknown_decisions += (long long)decisions;
	if (c->unknown.nr < UNKNOWN_LISTED)
		string_list_append_nodup(&c->unknown,
					 xstrfmt("%s %s in %s() (fingerprint %.12s)",
						 rule ? rule : "?", file ? file : "?",
						 fn ? fn : "?", json_str(entry, "fingerprint")));
}

static int import_entry(struct import_ctx *c, size_t fi, json_t *entry)
{
	json_t *decisions = json_object_get(entry, "decisions"), *dj;
	long long id = finding_by_fingerprint(c, json_str(entry, "fingerprint"));
	bool *present;
	size_t di;
	int ret;

	if (!id) {
		note_unknown(c, entry, json_array_size(decisions));
		return 0;
	}
	c->sum->findings++;
	present = xcalloc(json_array_size(decisions) + 1, sizeof(*present));
	ret = mark_present(c, id, fi, decisions, present);
	json_array_foreach(decisions, di, dj) {
		struct review_decision d;

		if (ret)
			break;
		if (present[di]) {
			c->sum->present++;
			continue;
		}
		ret = check_entry_decision(c, fi, di, dj, &d) || insert_decision(c->db, id, &d);
		if (!ret && ++c->batch >= IMPORT_BATCH)
			ret = next_batch(c, id);
		c->sum->added += !ret;
	}
	free(present);
	return ret ? -1 : mirror_status(c->db, id);
}

static json_t *load_json(const char *path)
{
	json_error_t jerr;
	json_t *root = !strcmp(path, "-") ? json_loadf(stdin, 0, &jerr) :
			json_load_file(path, 0, &jerr);

	if (!root)
		error("cannot read %s: %s (line %d, column %d); give a file written by "
		      "'whichalloc review --export'", path, jerr.text, jerr.line, jerr.column);
	return root;
}

static void report_unknown(const struct import_ctx *c)
{
	struct strbuf list = STRBUF_INIT;

	if (!c->sum->unknown_findings)
		return;
	for (size_t i = 0; i < c->unknown.nr; i++)
		strbuf_addf(&list, "\n  %s", c->unknown.items[i]);
	if (c->sum->unknown_findings > (long long)c->unknown.nr)
		strbuf_addf(&list, "\n  ... and %lld more",
			    c->sum->unknown_findings - (long long)c->unknown.nr);
	warning("%lld decisions about %lld findings this database does not know were skipped; "
		"scan the tree they come from, then import the file again (decisions already "
		"imported are not repeated):%s", c->sum->unknown_decisions,
		c->sum->unknown_findings, list.buf);
	strbuf_release(&list);
}

int review_import(sqlite3 *db, const char *path, struct review_import_summary *sum)
{
	struct import_ctx c = { db, path, NULL, NULL, sum, STRING_LIST_INIT, 0, 0 };
	json_t *root = load_json(path), *findings = NULL, *entry;
	size_t fi;
	int ret = -1;

	memset(sum, 0, sizeof(*sum));
	if (!root)
		return -1;
	if (check_import(&c, root, &findings))
		goto out;
	c.find = db_prepare(db, "SELECT id FROM finding WHERE fingerprint = ?1");
	c.have = db_prepare(db, "SELECT status, reason, note, reviewer, at FROM review "
			    "WHERE finding_id = ?1");
	if (!c.find || !c.have || db_begin(db))
		goto out;
	ret = 0;
	json_array_foreach(findings, fi, entry)
		if (!ret)
			ret = import_entry(&c, fi, entry);
	if (!ret)
		ret = db_commit(db);
	if (ret) {
		db_rollback(db);
		if (c.committed)
			error("cannot import all of %s: %lld decisions were imported before the "
			      "error; import the file again to add the rest (what is there is "
			      "not repeated)", path, c.committed);
		else
			error("cannot import %s; the database is unchanged", path);
		memset(sum, 0, sizeof(*sum));
		sum->added = c.committed;
	} else {
		report_unknown(&c);
	}
out:
	sqlite3_finalize(c.find);
	sqlite3_finalize(c.have);
	string_list_clear(&c.unknown);
	json_decref(root);
	return ret;
}

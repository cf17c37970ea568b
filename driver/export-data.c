// SPDX-License-Identifier: GPL-2.0-only
/*
 * The data of exports and of the HTML report.
 */
#include "db.h"
#include "export.h"
#include "query.h"
#include "rules.h"

#include <ctype.h>
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- runs, reviews, errors ---- */

static char *column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

int run_info_load(sqlite3 *db, long long run, struct run_info *ri)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT id, status, started_at, finished_at, tree_path, tree_version, tree_commit, "
		"spatch_version, dirs, jobs, files_total, files_done FROM run WHERE id = ?1");
	int ret = 0;

	memset(ri, 0, sizeof(*ri));
	if (!st)
		return -1;
	db_bind_int(st, 1, run);
	if (sqlite3_step(st) == SQLITE_ROW) {
		ri->id = sqlite3_column_int64(st, 0);
		ri->status = column_dup(st, 1);
		ri->started_at = column_dup(st, 2);
		ri->finished_at = column_dup(st, 3);
		ri->tree_path = column_dup(st, 4);
		ri->tree_version = column_dup(st, 5);
		ri->tree_commit = column_dup(st, 6);
		ri->spatch_version = column_dup(st, 7);
		ri->dirs = column_dup(st, 8);
		ri->jobs = sqlite3_column_int64(st, 9);
		ri->files_total = sqlite3_column_int64(st, 10);
		ri->files_done = sqlite3_column_int64(st, 11);
	} else {
		ret = error("there is no run %lld in the database", run);
	}
	sqlite3_finalize(st);
	return ret;
}

void run_info_clear(struct run_info *ri)
{
	free(ri->status);
	free(ri->started_at);
	free(ri->finished_at);
	free(ri->tree_path);
	free(ri->tree_version);
	free(ri->tree_commit);
	free(ri->spatch_version);
	free(ri->dirs);
	memset(ri, 0, sizeof(*ri));
}

int review_history_load(sqlite3 *db, long long id, struct review_history *out)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT status, reason, reviewer, at, note FROM review WHERE finding_id = ?1 "
		"ORDER BY " REVIEW_OLDEST_FIRST);
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct review_entry *e;

		ALLOC_GROW(out->items, out->nr + 1, out->alloc);
		e = &out->items[out->nr++];
		e->status = column_dup(st, 0);
		e->reason = column_dup(st, 1);
		e->reviewer = column_dup(st, 2);
		e->at = column_dup(st, 3);
		e->note = column_dup(st, 4);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("cannot read the review history of finding %lld: %s", id,
			     sqlite3_errmsg(db));
	return 0;
}

void review_history_clear(struct review_history *h)
{
	for (size_t i = 0; i < h->nr; i++) {
		free(h->items[i].status);
		free(h->items[i].reason);
		free(h->items[i].reviewer);
		free(h->items[i].at);
		free(h->items[i].note);
	}
	free(h->items);
	memset(h, 0, sizeof(*h));
}

int file_errors_load(sqlite3 *db, long long run, struct file_errors *out)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT f.path, fs.status, fs.error FROM file_scan fs JOIN file f ON f.id = fs.file_id "
		"WHERE fs.run_id = ?1 AND fs.status <> 'ok' ORDER BY f.path");
	int rc;

	memset(out, 0, sizeof(*out));
	if (!st)
		return -1;
	db_bind_int(st, 1, run);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct file_error *e;
		char *msg = column_dup(st, 2);

		ALLOC_GROW(out->items, out->nr + 1, out->alloc);
		e = &out->items[out->nr++];
		e->path = column_dup(st, 0);
		e->status = column_dup(st, 1);
		e->message = msg ? msg : xstrdup("");
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("cannot read the files of run %lld: %s", run, sqlite3_errmsg(db));
	return 0;
}

void file_errors_clear(struct file_errors *e)
{
	for (size_t i = 0; i < e->nr; i++) {
		free(e->items[i].path);
		free(e->items[i].status);
		free(e->items[i].message);
	}
	free(e->items);
	memset(e, 0, sizeof(*e));
}

/* ---- rules ---- */

static bool header_line(const char *p, size_t len)
{
	size_t i = 0;

	while (i < len && isspace((unsigned char)p[i]))
		i++;
	return i == len || (len - i >= 2 && !strncmp(p + i, "//", 2));
}

void rule_rationale(const char *text, size_t len, struct strbuf *out)
{
	const char *p = text, *end = text + len;
	bool seen_description = false, in_paragraph = false, pending_break = false;

	while (p < end) {
		const char *line = p, *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		p = nl ? nl + 1 : end;
		if (n && line[n - 1] == '\r')
			n--;
		if (!header_line(line, n))
			break;
		if (n < 3 || strncmp(line, "///", 3)) {
			/* The rationale is the block of /// lines that starts the header. */
			if (seen_description)
				break;
			continue;
		}
		line += 3;
		n -= 3;
		while (n && isspace((unsigned char)*line)) {
			line++;
			n--;
		}
		while (n && isspace((unsigned char)line[n - 1]))
			n--;
		if (!seen_description) {
			seen_description = n > 0;
			continue;
		}
		if (!n) {
			pending_break = pending_break || in_paragraph;
			in_paragraph = false;
			continue;
		}
		if (pending_break)
			strbuf_addstr(out, "\n\n");
		else if (in_paragraph)
			strbuf_addch(out, ' ');
		pending_break = false;
		in_paragraph = true;
		strbuf_add(out, line, n);
	}
}

static void read_rationale(struct rule_doc *d, const char *dir, long long run)
{
	char *path = xstrfmt("%s/%s.cocci", dir, d->name);
	struct strbuf text = STRBUF_INIT, out = STRBUF_INIT;
	char hash[SHA1_HEX_SIZE];

	if (strbuf_read_file(&text, path) < 0) {
		d->rationale_note = xstrfmt("%s is not there: the rationale is unknown", path);
	} else {
		sha1_hex(text.buf, text.len, hash);
		rule_rationale(text.buf, text.len, &out);
		if (strcmp(hash, d->hash))
			d->rationale_note = run ?
				xstrfmt("from %s, which has changed since run %lld used it", path,
					run) :
				xstrfmt("from %s, which has changed since the run that found this",
					path);
	}
	d->rationale = strbuf_detach(&out, NULL);
	strbuf_release(&text);
	free(path);
}

static void add_rule_doc(struct rule_docs *out, sqlite3_stmt *st)
{
	struct rule_doc *d;
	const char *hash = (const char *)sqlite3_column_text(st, 1);

	ALLOC_GROW(out->items, out->nr + 1, out->alloc);
	d = &out->items[out->nr++];
	memset(d, 0, sizeof(*d));
	d->name = column_dup(st, 0);
	snprintf(d->hash, sizeof(d->hash), "%s", hash ? hash : "");
	d->description = column_dup(st, 2);
	d->confidence = column_dup(st, 3);
	d->report_only = sqlite3_column_int(st, 4) != 0;
	if (!d->description)
		d->description = xstrdup("");
	if (!d->confidence)
		d->confidence = xstrdup("");
}

static int load_run_rules(sqlite3 *db, long long run, struct rule_docs *out)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT ru.name, ru.hash, ru.description, ru.confidence, ru.report_only "
		"FROM run_rule rr JOIN rule ru ON ru.id = rr.rule_id WHERE rr.run_id = ?1 "
		"ORDER BY ru.name");

	if (!st)
		return -1;
	db_bind_int(st, 1, run);
	while (sqlite3_step(st) == SQLITE_ROW)
		add_rule_doc(out, st);
	sqlite3_finalize(st);
	return 0;
}

static int load_named_rule(sqlite3 *db, const char *name, struct rule_docs *out)
{
	sqlite3_stmt *st = db_prepare(db,
		"SELECT name, hash, description, confidence, report_only FROM rule WHERE name = ?1 "
		"ORDER BY id DESC LIMIT 1");

	if (!st)
		return -1;
	db_bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW) {
		add_rule_doc(out, st);
	} else {
		/* A finding of a rule the database does not describe: name it at least. */
		struct rule_doc *d;

		ALLOC_GROW(out->items, out->nr + 1, out->alloc);
		d = &out->items[out->nr++];
		memset(d, 0, sizeof(*d));
		d->name = xstrdup(name);
		d->description = xstrdup("");
		d->confidence = xstrdup("");
	}
	sqlite3_finalize(st);
	return 0;
}

int rule_docs_load(sqlite3 *db, long long run, const struct row_list *rows,
		   const char *cocci_dir, struct rule_docs *out)
{
	char *dir = NULL;

	memset(out, 0, sizeof(*out));
	if (run > 0 && load_run_rules(db, run, out))
		return -1;
	for (size_t i = 0; rows && i < rows->nr; i++)
		if (!rule_docs_find(out, rows->items[i].rule) &&
		    load_named_rule(db, rows->items[i].rule, out))
			return -1;
	if (cocci_dir || cocci_dir_default_exists()) {
		dir = find_cocci_dir(cocci_dir);
		if (!dir && cocci_dir)
			return -1;
	}
	if (!dir && out->nr)
		warning("no rules directory (set WHICHALLOC_COCCI or pass --cocci-dir DIR): the "
			"rules' rationales are left out");
	for (size_t i = 0; i < out->nr; i++) {
		struct rule_doc *d = &out->items[i];

		if (dir) {
			read_rationale(d, dir, run);
		} else {
			d->rationale = xstrdup("");
			d->rationale_note = xstrdup("no rules directory: the rationale is unknown");
		}
	}
	free(dir);
	return 0;
}

const struct rule_doc *rule_docs_find(const struct rule_docs *docs, const char *name)
{
	size_t i = rule_docs_index(docs, name);

	return i < docs->nr ? &docs->items[i] : NULL;
}

size_t rule_docs_index(const struct rule_docs *docs, const char *name)
{
	for (size_t i = 0; i < docs->nr; i++)
		if (!strcmp(docs->items[i].name, name))
			return i;
	return docs->nr;
}

void rule_docs_clear(struct rule_docs *docs)
{
	for (size_t i = 0; i < docs->nr; i++) {
		struct rule_doc *d = &docs->items[i];

		free(d->name);
		free(d->description);
		free(d->confidence);
		free(d->rationale);
		free(d->rationale_note);
	}
	free(docs->items);
	memset(docs, 0, sizeof(*docs));
}

/* ---- everything together ---- */

int report_data_load(sqlite3 *db, const struct finding_filter *o, const char *cocci_dir,
		     struct report_data *d)
{
	long long info_run;

	memset(d, 0, sizeof(*d));
	if (finding_load(db, o, &d->rows, &d->run))
		return -1;
	triage_filter(o, &d->rows, &d->not_shown, NULL);
	info_run = d->run ? d->run : db_query_int(db, "SELECT max(id) FROM run", 0);
	if (info_run > 0 && run_info_load(db, info_run, &d->run_info))
		return -1;
	d->reviews = xcalloc(d->rows.nr ? d->rows.nr : 1, sizeof(*d->reviews));
	for (size_t i = 0; i < d->rows.nr; i++)
		if (review_history_load(db, d->rows.items[i].id, &d->reviews[i]))
			return -1;
	if (rule_docs_load(db, d->run, &d->rows, cocci_dir, &d->rules))
		return -1;
	if (d->run && file_errors_load(db, d->run, &d->errors))
		return -1;
	return 0;
}

void report_data_clear(struct report_data *d)
{
	if (d->reviews)
		for (size_t i = 0; i < d->rows.nr; i++)
			review_history_clear(&d->reviews[i]);
	free(d->reviews);
	row_list_clear(&d->rows);
	run_info_clear(&d->run_info);
	rule_docs_clear(&d->rules);
	file_errors_clear(&d->errors);
	memset(d, 0, sizeof(*d));
}

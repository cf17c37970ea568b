// SPDX-License-Identifier: GPL-2.0-only
/*
 * A finding as the reports read it (finding.h).
 */
#include "db.h"
#include "fingerprint.h"
#include "finding.h"
#include "fmt.h"
#include "query.h"
#include "tree-read.h"

#include <stdlib.h>
#include <string.h>

static char *column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

void finding_row_read(sqlite3_stmt *st, struct finding_row *row)
{
	row->id = sqlite3_column_int64(st, 0);
	row->fingerprint = column_text(st, 1);
	row->rule = column_text(st, 2);
	row->verdict = column_text(st, 3);
	row->file = column_text(st, 4);
	row->line = sqlite3_column_int64(st, 5);
	row->col = sqlite3_column_int64(st, 6);
	row->end_line = sqlite3_column_int64(st, 7);
	row->end_col = sqlite3_column_int64(st, 8);
	row->function = column_text(st, 9);
	row->message = column_text(st, 10);
	row->code = column_text(st, 11);
	row->diff = column_text(st, 12);
	row->subsystem = column_text(st, 13);
	row->status = column_text(st, 14);
	row->first_run = sqlite3_column_int64(st, 15);
	row->last_run = sqlite3_column_int64(st, 16);
	row->fixed_run = sqlite3_column_int64(st, 17);
}

void finding_row_clear(struct finding_row *row)
{
	free(row->fingerprint);
	free(row->rule);
	free(row->verdict);
	free(row->file);
	free(row->function);
	free(row->message);
	free(row->code);
	free(row->diff);
	free(row->subsystem);
	free(row->status);
	memset(row, 0, sizeof(*row));
}

/* Every filter a bound parameter: nothing the user types becomes SQL. */
static const char load_sql[] =
	"SELECT " FINDING_ROW_COLUMNS " FROM finding f "
	"WHERE (CASE WHEN ?2 = 'fixed' "
	"THEN f.status = 'fixed' AND (?7 = 0 OR f.fixed_run = ?1) "
	"ELSE EXISTS (SELECT 1 FROM sighting s WHERE s.finding_id = f.id AND s.run_id = ?1) END) "
	"AND (?2 IS NULL OR f.status = ?2) "
	"AND (?3 IS NULL OR f.rule = ?3) "
	"AND (?4 IS NULL OR f.verdict = ?4) "
	"AND (?5 IS NULL OR whichalloc_fnmatch(?5, f.file)) "
	"AND (?6 IS NULL OR f.subsystem = ?6 COLLATE NOCASE) "
	"ORDER BY f.file, f.line, f.col, f.rule, f.id";

static sqlite3_stmt *prepare_load(sqlite3 *db, const struct finding_filter *o, long long run)
{
	sqlite3_stmt *st;

	if (query_register_fnmatch(db))
		return NULL;
	st = db_prepare(db, load_sql);
	if (!st)
		return NULL;
	db_bind_int(st, 1, run);
	db_bind_text(st, 2, o->status);
	db_bind_text(st, 3, o->rule);
	db_bind_text(st, 4, o->verdict);
	db_bind_text(st, 5, o->file);
	db_bind_text(st, 6, o->subsys);
	db_bind_int(st, 7, o->run);
	return st;
}

static int read_rows(sqlite3_stmt *st, struct row_list *rows)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ALLOC_GROW(rows->items, rows->nr + 1, rows->alloc);
		finding_row_read(st, &rows->items[rows->nr++]);
	}
	if (rc != SQLITE_DONE)
		return error("cannot read the findings: %s",
			     sqlite3_errmsg(sqlite3_db_handle(st)));
	return 0;
}

void row_list_clear(struct row_list *rows)
{
	for (size_t i = 0; i < rows->nr; i++)
		finding_row_clear(&rows->items[i]);
	free(rows->items);
}

int finding_load(sqlite3 *db, const struct finding_filter *o, struct row_list *rows,
		 long long *run_out)
{
	sqlite3_stmt *st;
	long long run = 0;
	int ret = -1;

	/* Every fixed finding needs no run; everything else is about one run. */
	if ((!o->status || strcmp(o->status, "fixed") || o->run) &&
	    (run = select_run(db, o->run)) < 0)
		return -1;
	st = prepare_load(db, o, run);
	if (st)
		ret = read_rows(st, rows);
	sqlite3_finalize(st);
	if (run_out)
		*run_out = run;
	return ret;
}

void finding_write_tsv(FILE *out, const struct finding_row *r)
{
	const char *text[] = { r->rule, r->verdict, r->file };

	fprintf(out, "%lld", r->id);
	for (size_t j = 0; j < ARRAY_SIZE(text); j++) {
		fputc('\t', out);
		write_tsv_field(out, text[j]);
	}
	fprintf(out, "\t%lld\t", r->line);
	write_tsv_field(out, r->function);
	fputc('\t', out);
	write_tsv_field(out, r->subsystem);
	fputc('\t', out);
	write_tsv_field(out, r->status);
	fputc('\t', out);
	write_tsv_field(out, r->message);
	fputc('\n', out);
}

static json_t *json_text_or_null(const char *s)
{
	return json_text(s);
}

static json_t *json_int_or_null(long long v)
{
	return v ? json_integer(v) : json_null();
}

json_t *finding_json(const struct finding_row *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "fingerprint", json_text(r->fingerprint));
	json_object_set_new(o, "rule", json_text(r->rule));
	json_object_set_new(o, "verdict", json_text(r->verdict));
	json_object_set_new(o, "file", json_text(r->file));
	json_object_set_new(o, "line", json_integer(r->line));
	json_object_set_new(o, "col", json_integer(r->col));
	json_object_set_new(o, "end_line", json_integer(r->end_line));
	json_object_set_new(o, "end_col", json_integer(r->end_col));
	json_object_set_new(o, "function", json_text(r->function));
	json_object_set_new(o, "message", json_text(r->message));
	json_object_set_new(o, "code", json_text(r->code));
	json_object_set_new(o, "diff", json_text_or_null(r->diff));
	json_object_set_new(o, "subsystem", json_text_or_null(r->subsystem));
	json_object_set_new(o, "status", json_text(r->status));
	json_object_set_new(o, "first_run", json_integer(r->first_run));
	json_object_set_new(o, "last_run", json_integer(r->last_run));
	json_object_set_new(o, "fixed_run", json_int_or_null(r->fixed_run));
	return o;
}

bool code_still_there(const struct strbuf *src, const struct finding_row *r)
{
	struct strbuf now = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	bool same = false;

	if (!source_lines(src->buf, src->len, r->line, r->end_line, &now)) {
		normalise_code(now.buf, now.len, &a);
		normalise_code(r->code, strlen(r->code), &b);
		same = !strcmp(a.buf, b.buf);
	}
	strbuf_release(&now);
	strbuf_release(&a);
	strbuf_release(&b);
	return same;
}

bool finding_code_now(const char *top, const struct finding_row *r, struct strbuf *src)
{
	return top && !tree_read_source_to_show(top, r->file, src) && code_still_there(src, r);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Triage: the one definition of an open finding and of what needs action.
 */
#include "triage.h"

#include <stdlib.h>
#include <string.h>

bool status_is_open(const char *status)
{
	return status && (!strcmp(status, "new") || !strcmp(status, "accepted"));
}

bool finding_needs_action(const char *verdict, const char *status)
{
	return status_is_open(status) && verdict && strcmp(verdict, "keep");
}

bool triage_default_applies(const struct finding_filter *o)
{
	return !o->all && !o->verdict && !o->status;
}

long long triage_left_out_total(const struct triage_left_out *l)
{
	return l->keep + l->rejected + l->fixed;
}

static void count_left_out(struct triage_left_out *l, const struct finding_row *r)
{
	if (!strcmp(r->status, "rejected"))
		l->rejected++;
	else if (!strcmp(r->status, "fixed"))
		l->fixed++;
	else
		l->keep++;
}

void triage_filter(const struct finding_filter *o, struct row_list *rows,
		   struct triage_left_out *left, bool *keep)
{
	bool all = !triage_default_applies(o);
	size_t n = 0;

	memset(left, 0, sizeof(*left));
	for (size_t i = 0; i < rows->nr; i++) {
		struct finding_row *r = &rows->items[i];
		bool kept = all || finding_needs_action(r->verdict, r->status);

		if (keep)
			keep[i] = kept;
		if (!kept) {
			count_left_out(left, r);
			finding_row_clear(r);
			continue;
		}
		if (n != i)
			rows->items[n] = *r;
		n++;
	}
	rows->nr = n;
}

char *triage_left_out_text(const struct triage_left_out *l, const char *how)
{
	const long long n[] = { l->keep, l->rejected, l->fixed };
	const char *const what[] = { "keep", "rejected", "fixed" };
	long long total = triage_left_out_total(l);
	struct strbuf sb = STRBUF_INIT;

	if (!total)
		return NULL;
	strbuf_addf(&sb, "%lld finding%s not shown (", total, total == 1 ? "" : "s");
	for (size_t i = 0, parts = 0; i < ARRAY_SIZE(n); i++)
		if (n[i])
			strbuf_addf(&sb, "%s%lld %s", parts++ ? ", " : "", n[i], what[i]);
	strbuf_addf(&sb, "); %s shows them", how);
	return strbuf_detach(&sb, NULL);
}

static void sql_open(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	sqlite3_result_int(ctx, status_is_open((const char *)sqlite3_value_text(argv[0])));
}

int triage_register_sql(sqlite3 *db)
{
	if (sqlite3_create_function(db, "whichalloc_open", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				    NULL, sql_open, NULL, NULL) != SQLITE_OK)
		return error("cannot register whichalloc_open() with SQLite: %s",
			     sqlite3_errmsg(db));
	return 0;
}

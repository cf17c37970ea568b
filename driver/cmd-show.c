// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc show
 */
#include "cmd.h"
#include "color.h"
#include "db.h"
#include "query.h"
#include "termsafe.h"
#include "fingerprint.h"
#include "review.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CONTEXT_LINES 3

#define T struct show_options
static const struct parse_option show_options[] = {
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	OPT_END(),
};
#undef T

const struct command_usage show_usage = {
	.name = "show",
	.text =
"usage: whichalloc show [--db FILE] ID\n"
"\n"
"Show finding ID: its rule, verdict, status, place, function, subsystem, message,\n"
"fingerprint and runs; the code around it, read from the tree the run scanned (the\n"
"code as stored when the file is gone or has changed there); its proposed diff; and\n"
"its review decisions, oldest first.\n",
	.options = show_options,
	.column = 14,
};

int show_parse_options(int argc, char **argv, struct show_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	i = parse_options(argc, argv, &show_usage, o, &o->help);
	if (i < 0)
		return -1;
	if (!o->db)
		o->db = default_db_path();
	if (o->help)
		return 0;
	if (i >= argc)
		return error("show: which finding? pass its ID (see 'whichalloc list')");
	if (i + 1 < argc)
		return error("show: one finding at a time; unexpected argument '%s'", argv[i + 1]);
	return number_option("show", "the finding ID", argv[i], 1, 0x7fffffffffffL, &o->id);
}

static int read_finding(sqlite3 *db, long id, struct finding_row *row)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " FINDING_ROW_COLUMNS
				      " FROM finding f WHERE f.id = ?1");
	int found = 0;

	if (!st)
		return -1;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		finding_row_read(st, row);
		found = 1;
	}
	sqlite3_finalize(st);
	if (!found)
		return error("there is no finding %ld in the database; 'whichalloc list' shows "
			     "their IDs", id);
	return 0;
}

static void print_header(const struct finding_row *r)
{
	printf("finding %lld [%s]\n", r->id, tsafe(r->status));
	printf("rule:        %s (%s)\n", tsafe(r->rule), tsafe(r->verdict));
	printf("location:    %s:%lld:%lld (to %lld:%lld)\n", tsafe(r->file), r->line, r->col,
	       r->end_line, r->end_col);
	printf("function:    %s\n", tsafe(r->function));
	printf("subsystem:   %s\n", r->subsystem ? tsafe(r->subsystem) : "(unknown)");
	printf("message:     %s\n", tsafe_lines(r->message));
	printf("fingerprint: %s\n", tsafe(r->fingerprint));
	printf("runs:        first seen in run %lld, last in run %lld", r->first_run,
	       r->last_run);
	if (r->fixed_run)
		printf(", fixed in run %lld", r->fixed_run);
	putchar('\n');
}

static void print_numbered(const char *text, size_t len, long first, long mark_from,
			   long mark_to)
{
	const char *p = text, *end = text + len;
	long line = first;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		printf("%c %6ld  ", line >= mark_from && line <= mark_to ? '>' : ' ', line);
		fput_termsafe(stdout, p, n, TS_KEEP_TAB);
		putchar('\n');
		p = nl ? nl + 1 : end;
		line++;
	}
}

static void print_context(const struct strbuf *src, const struct finding_row *r)
{
	long first = r->line > CONTEXT_LINES ? r->line - CONTEXT_LINES : 1;
	long last = r->end_line + CONTEXT_LINES;
	struct strbuf part = STRBUF_INIT;

	/* Near the end of the file there are fewer lines after the finding. */
	while (last > r->end_line && source_lines(src->buf, src->len, first, last, &part))
		last--;
	print_numbered(part.buf, part.len, first, r->line, r->end_line);
	strbuf_release(&part);
}

static void print_code(sqlite3 *db, const struct finding_row *r)
{
	char *top = run_tree_path(db, r->last_run);
	char *path = top ? xstrfmt("%s/%s", top, r->file) : NULL;
	struct strbuf src = STRBUF_INIT;

	putchar('\n');
	if (finding_code_now(top, r, &src)) {
		printf("code (%s):\n", tsafe(path));
		print_context(&src, r);
	} else {
		printf("code (as stored in run %lld: %s is %s):\n", r->last_run,
		       tsafe(path ? path : r->file), path && !access(path, F_OK) ? "changed" : "gone");
		print_numbered(r->code, strlen(r->code), r->line, r->line, r->end_line);
	}
	strbuf_release(&src);
	free(path);
	free(top);
}

/* A unified diff, its lines in colour on a terminal (color.h). */
static void print_diff_lines(FILE *out, const char *diff)
{
	bool color = color_enabled(out);

	for (const char *p = diff; *p;) {
		size_t n = strcspn(p, "\n");
		struct strbuf line = STRBUF_INIT;

		strbuf_add_termsafe(&line, p, n, TS_KEEP_TAB);
		color_fputs(out, color, color_of_diff_line(line.buf), line.buf);
		fputc('\n', out);
		strbuf_release(&line);
		p += n;
		if (*p)
			p++;
	}
}

static void print_diff(const struct finding_row *r)
{
	putchar('\n');
	if (!r->diff) {
		printf("proposed diff: none (verdict %s)\n", tsafe(r->verdict));
		return;
	}
	printf("proposed diff:\n");
	print_diff_lines(stdout, r->diff);
}

int cmd_show(int argc, char **argv)
{
	struct show_options o;
	struct finding_row row;
	sqlite3 *db;
	int ret = 1;

	if (show_parse_options(argc, argv, &o))
		return EXIT_USAGE;
	if (o.help) {
		usage_print(&show_usage, stdout);
		return 0;
	}
	if (db_open(o.db, DB_READ, &db))
		return 1;
	if (!read_finding(db, o.id, &row)) {
		print_header(&row);
		print_code(db, &row);
		print_diff(&row);
		review_print_history(db, row.id, stdout);
		finding_row_clear(&row);
		ret = 0;
	}
	db_close(db);
	return ret;
}

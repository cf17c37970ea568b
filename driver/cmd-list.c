// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc list
 */
#include "cmd.h"
#include "color.h"
#include "db.h"
#include "export.h"
#include "termsafe.h"
#include "triage.h"

#include <fnmatch.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define T struct list_options
static const struct parse_option list_options[] = {
	OPT_BOOL(0, "all", T, all, "every finding of the run: keep and rejected ones too"),
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	LIST_FILTER_OPTIONS(T, ),
	OPT_LIST_FORMAT(T, format,
			"table (default; aligned, messages cut to the terminal's width),\n"
			"tsv (a header line, then: id rule verdict file line function\n"
			"subsystem status message; TAB, newline and backslash escaped as\n"
			"\\t \\n \\\\) or json (an array of objects with every column)"),
	OPT_END(),
};
#undef T

const struct command_usage list_usage = {
	.name = "list",
	.text =
"usage: whichalloc list [--db FILE] [--all] [--rule R] [--verdict V] [--status S]\n"
"                       [--file GLOB] [--subsys S] [--run ID] [--format table|tsv|json]\n"
"\n"
"List the findings that the latest complete run saw (or run ID). By default only what\n"
"needs action: open findings (status new or accepted) whose verdict is replace or\n"
"review; standard error says how many others were left out. --all, --verdict or\n"
"--status show the others too. Findings that are fixed are listed only with --status\n"
"fixed: then every fixed finding, or with --run those fixed in that run. Each finding's\n"
"columns hold what the latest run that saw it said.\n",
	.options = list_options,
	.column = 18,
};

int list_parse_options(int argc, char **argv, struct list_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	i = parse_options(argc, argv, &list_usage, o, &o->help);
	if (i < 0)
		return -1;
	if (!o->help && i < argc)
		return error("list: unexpected argument '%s'; see 'whichalloc list --help'",
			     argv[i]);
	if (!o->db)
		o->db = default_db_path();
	return 0;
}

static void sql_fnmatch(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *pattern = (const char *)sqlite3_value_text(argv[0]);
	const char *path = (const char *)sqlite3_value_text(argv[1]);

	(void)argc;
	sqlite3_result_int(ctx, pattern && path && !fnmatch(pattern, path, 0));
}

static const char list_sql[] =
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

static sqlite3_stmt *prepare_list(sqlite3 *db, const struct list_options *o, long long run)
{
	sqlite3_stmt *st;

	if (sqlite3_create_function(db, "whichalloc_fnmatch", 2,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL, sql_fnmatch,
				    NULL, NULL) != SQLITE_OK) {
		error("cannot register fnmatch() with SQLite: %s", sqlite3_errmsg(db));
		return NULL;
	}
	st = db_prepare(db, list_sql);
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

void write_tsv_field(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\t':
			fputs("\\t", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static void print_tsv(const struct row_list *rows)
{
	printf("id\trule\tverdict\tfile\tline\tfunction\tsubsystem\tstatus\tmessage\n");
	for (size_t i = 0; i < rows->nr; i++) {
		const struct finding_row *r = &rows->items[i];
		const char *text[] = { r->rule, r->verdict, r->file };

		printf("%lld", r->id);
		for (size_t j = 0; j < ARRAY_SIZE(text); j++) {
			putchar('\t');
			write_tsv_field(stdout, text[j]);
		}
		printf("\t%lld\t", r->line);
		write_tsv_field(stdout, r->function);
		putchar('\t');
		write_tsv_field(stdout, r->subsystem);
		putchar('\t');
		write_tsv_field(stdout, r->status);
		putchar('\t');
		write_tsv_field(stdout, r->message);
		putchar('\n');
	}
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

static int print_json(const struct row_list *rows)
{
	json_t *array = json_array();
	int ret;

	for (size_t i = 0; i < rows->nr; i++)
		json_array_append_new(array, finding_json(&rows->items[i]));
	ret = json_dumpf(array, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(array);
	return ret ? error("cannot write the JSON output") : 0;
}

/* ---- table ---- */

static size_t terminal_width(void)
{
	struct winsize ws;
	const char *env = getenv("COLUMNS");
	long cols;

	if (isatty(STDOUT_FILENO) && !ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	if (env && !parse_long(env, 20, 10000, &cols))
		return (size_t)cols;
	return 160;
}

enum { COL_ID, COL_RULE, COL_VERDICT, COL_STATUS, COL_WHERE, COL_FUNCTION, COL_SUBSYS, NR_COLS };

static const char *const col_titles[NR_COLS] = {
	"ID", "RULE", "VERDICT", "STATUS", "FILE:LINE", "FUNCTION", "SUBSYSTEM",
};

/* The cells of a row, made safe for a terminal (file names come from the tree). */
static void row_cells(const struct finding_row *r, char *cells[NR_COLS])
{
	cells[COL_ID] = xstrfmt("%lld", r->id);
	cells[COL_RULE] = xstrdup(tsafe(r->rule));
	cells[COL_VERDICT] = xstrdup(tsafe(r->verdict));
	cells[COL_STATUS] = xstrdup(tsafe(r->status));
	cells[COL_WHERE] = xstrfmt("%s:%lld", tsafe(r->file), r->line);
	cells[COL_FUNCTION] = xstrdup(tsafe(r->function));
	cells[COL_SUBSYS] = xstrdup(r->subsystem ? tsafe(r->subsystem) : "-");
}

/* The message on one line, cut to width with "..." when longer. */
static void print_message_cell(const char *msg, size_t width)
{
	size_t n = 0;

	for (const char *p = msg; *p; p++, n++) {
		if (n + 3 >= width && strlen(p) > width - n) {
			fputs("...", stdout);
			return;
		}
		putchar(*p == '\n' || *p == '\t' ? ' ' : *p);
	}
}

static void print_table_line(char *cells[NR_COLS], const size_t *widths, const char *msg,
			     size_t msg_width)
{
	bool color = color_enabled(stdout);

	for (size_t c = 0; c < NR_COLS; c++) {
		const char *code = c == COL_VERDICT ? color_of_verdict(cells[c]) : NULL;

		printf("%s%-*s%s  ", color_code(color && code, code), (int)widths[c], cells[c],
		       color_code(color && code, COLOR_RESET));
	}
	print_message_cell(msg, msg_width);
	putchar('\n');
}

static void print_table(const struct row_list *rows)
{
	size_t widths[NR_COLS], used = 0, width = terminal_width();
	char *(*cells)[NR_COLS] = xcalloc(rows->nr + 1, sizeof(*cells));
	char *titles[NR_COLS];

	for (size_t c = 0; c < NR_COLS; c++)
		widths[c] = strlen(col_titles[c]);
	for (size_t i = 0; i < rows->nr; i++) {
		row_cells(&rows->items[i], cells[i]);
		for (size_t c = 0; c < NR_COLS; c++)
			if (strlen(cells[i][c]) > widths[c])
				widths[c] = strlen(cells[i][c]);
	}
	for (size_t c = 0; c < NR_COLS; c++)
		used += widths[c] + 2;
	memcpy(titles, col_titles, sizeof(titles));
	print_table_line(titles, widths, "MESSAGE", width > used + 10 ? width - used : 10);
	for (size_t i = 0; i < rows->nr; i++) {
		print_table_line(cells[i], widths, tsafe_lines(rows->items[i].message),
				 width > used + 10 ? width - used : 10);
		for (size_t c = 0; c < NR_COLS; c++)
			free(cells[i][c]);
	}
	free(cells);
	if (!rows->nr)
		printf("(no findings)\n");
}

static int print_rows(const struct list_options *o, const struct row_list *rows)
{
	switch (o->format) {
	case FORMAT_TSV:
		print_tsv(rows);
		return 0;
	case FORMAT_JSON:
		return print_json(rows);
	case FORMAT_TABLE:
	default:
		print_table(rows);
		return 0;
	}
}

int list_load_findings(sqlite3 *db, const struct list_options *o, struct row_list *rows,
		       long long *run_out)
{
	sqlite3_stmt *st;
	long long run = 0;
	int ret = -1;

	/* Every fixed finding needs no run; everything else is about one run. */
	if ((!o->status || strcmp(o->status, "fixed") || o->run) &&
	    (run = select_run(db, o->run)) < 0)
		return -1;
	st = prepare_list(db, o, run);
	if (st)
		ret = read_rows(st, rows);
	sqlite3_finalize(st);
	if (run_out)
		*run_out = run;
	return ret;
}

static int list_findings(const struct list_options *o)
{
	sqlite3 *db;
	struct row_list rows = { NULL, 0, 0 };
	struct triage_left_out left;
	char *note = NULL;
	int ret = -1;

	if (db_open(o->db, DB_READ, &db))
		return -1;
	if (!list_load_findings(db, o, &rows, NULL)) {
		triage_filter(o, &rows, &left, NULL);
		ret = print_rows(o, &rows);
		note = triage_left_out_text(&left, "--all");
	}
	row_list_clear(&rows);
	db_close(db);
	/* On standard error, so that a pipe reads only the findings. */
	if (!ret && note && fflush(stdout) != EOF)
		fprintf(stderr, "%s\n", note);
	free(note);
	return ret;
}

int cmd_list(int argc, char **argv)
{
	struct list_options o;

	if (list_parse_options(argc, argv, &o))
		return EXIT_USAGE;
	if (o.help) {
		usage_print(&list_usage, stdout);
		return 0;
	}
	if (list_findings(&o))
		return 1;
	if (fflush(stdout)) {
		error("cannot write the list: %m");
		return 1;
	}
	return 0;
}

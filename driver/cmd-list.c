// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc list
 */
#include "cmd.h"
#include "color.h"
#include "db.h"
#include "finding.h"
#include "termsafe.h"
#include "triage.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define T struct list_options
static const struct parse_option list_options[] = {
	OPT_BOOL(0, "all", T, filter.all, "every finding of the run: keep and rejected ones too"),
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	LIST_FILTER_OPTIONS(T, filter.),
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

static void print_tsv(const struct row_list *rows)
{
	printf(FINDING_TSV_HEADER "\n");
	for (size_t i = 0; i < rows->nr; i++)
		finding_write_tsv(stdout, &rows->items[i]);
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

static int list_findings(const struct list_options *o)
{
	sqlite3 *db;
	struct row_list rows = { NULL, 0, 0 };
	struct triage_left_out left;
	char *note = NULL;
	int ret = -1;

	if (db_open(o->db, DB_READ, &db))
		return -1;
	if (!finding_load(db, &o->filter, &rows, NULL)) {
		triage_filter(&o->filter, &rows, &left, NULL);
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

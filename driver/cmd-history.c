// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc history
 */
#include "cmd.h"
#include "db.h"
#include "fmt.h"
#include "query.h"
#include "history.h"
#include "rules.h"
#include "termsafe.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

enum history_state_filter { STATE_ANY, STATE_OPEN, STATE_GONE };

struct history_options {
	const char *db;
	struct finding_filter filter;
	enum list_format format;
	bool help;
	const char *cocci_dir;
	enum history_state_filter state;
};

static int parse_state(const char *cmd, const struct parse_option *opt, const char *arg,
		       void *base)
{
	enum history_state_filter *state = parse_option_value(opt, base);

	if (!strcmp(arg, "open"))
		*state = STATE_OPEN;
	else if (!strcmp(arg, "gone"))
		*state = STATE_GONE;
	else
		return error("%s: --state wants open or gone, not '%s'", cmd, arg);
	return 0;
}

#define T struct history_options
static const struct parse_option history_options[] = {
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	OPT_LIST_FORMAT(T, format,
			"table (default: LIFE has one character per run in version order, '+'\n"
			"saw it, '-' scanned its file and did not, '.' did not scan its file),\n"
			"tsv (a header line, then: id rule file line function first_version\n"
			"last_version state how; TAB, newline and backslash escaped as \\t \\n\n"
			"\\\\) or json (an object with the runs in version order, and the\n"
			"findings with their sightings and, for a gone one, reported_again:\n"
			"the IDs of findings of its rule in a function of its name, in any\n"
			"file, that the newest run saw and its last run did not)"),
	OPT_CALLBACK(0, "state", "S", T, state, (enum history_state_filter)0, parse_state,
		     "only open or only gone findings"),
	OPT_FILTER_RULE(T, filter.rule, "only rule R"),
	OPT_FILTER_VERDICT(T, filter.verdict,
			   "only findings whose latest verdict is V: replace, keep or review"),
	OPT_FILTER_STATUS(T, filter.status, "only status S: new, accepted, rejected or fixed"),
	OPT_FILTER_FILE(T, filter.file, HELP_FILE),
	OPT_FILTER_SUBSYS(T, filter.subsys, HELP_SUBSYS),
	OPT_COCCI_DIR(T, cocci_dir, "replacements"),
	OPT_END(),
};
#undef T

const struct command_usage history_usage = {
	.name = "history",
	.text =
"usage: whichalloc history [--db FILE] [--format table|tsv|json] [--state open|gone]\n"
"                          [--rule R] [--verdict V] [--status S] [--file GLOB]\n"
"                          [--subsys S] [--cocci-dir DIR]\n"
"\n"
"The life of every finding across the complete runs, in the order of their trees'\n"
"versions (then of the runs' IDs): the first and last versions that saw it, whether it\n"
"is still open, and how it went when not. A finding is open when the newest run that\n"
"scanned its file saw it, gone otherwise. How a gone finding went is read from that\n"
"run's tree as it is on disk now:\n"
"  converted  its function is still there and calls the rule's replacement (the rule's\n"
"             '// Replacement:' header: memdup_user_nul(), kmalloc(), ...) more often\n"
"             than it did in the last tree that saw the finding\n"
"  removed    its file or its function is gone from that tree\n"
"  changed    its function is there, rewritten another way\n"
"  unknown    that tree is no longer on disk, or the file is no longer what the run\n"
"             read (standard error says so, once per tree)\n",
	.options = history_options,
	.column = 18,
};

static int history_parse_options(int argc, char **argv, struct history_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	i = parse_options(argc, argv, &history_usage, o, &o->help);
	if (i < 0)
		return -1;
	if (!o->help && i < argc)
		return error("history: unexpected argument '%s'; see 'whichalloc history --help'",
			     argv[i]);
	if (!o->db)
		o->db = default_db_path();
	return 0;
}

/* Keep only the lives of the state asked for. */
static void filter_state(struct history *h, enum history_state_filter state)
{
	size_t kept = 0;

	for (size_t i = 0; i < h->nr; i++) {
		struct history_life *l = &h->lives[i];
		bool open = l->how == HISTORY_OPEN;

		if (state == STATE_ANY || open == (state == STATE_OPEN)) {
			h->lives[kept++] = *l;
		} else {
			history_life_clear(l);
		}
	}
	h->nr = kept;
}

/* ---- Output ---- */

static const char *state_name(const struct history_life *l)
{
	return l->how == HISTORY_OPEN ? "open" : "gone";
}

static void print_tsv(const struct history *h)
{
	printf("id\trule\tfile\tline\tfunction\tfirst_version\tlast_version\tstate\thow\n");
	for (size_t i = 0; i < h->nr; i++) {
		const struct history_life *l = &h->lives[i];
		const char *text[] = { l->f.rule, l->f.file };

		printf("%lld", l->f.id);
		for (size_t j = 0; j < ARRAY_SIZE(text); j++) {
			putchar('\t');
			write_tsv_field(stdout, text[j]);
		}
		printf("\t%lld\t", l->seen[l->last].line);
		write_tsv_field(stdout, l->f.function);
		putchar('\t');
		write_tsv_field(stdout, h->runs[l->first].version);
		putchar('\t');
		write_tsv_field(stdout, h->runs[l->last].version);
		printf("\t%s\t%s\n", state_name(l), history_how_name(l->how));
	}
}

static json_t *run_json(const struct history_run *r)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "version", json_text(r->version));
	json_object_set_new(o, "tree_path", json_text(r->tree_path));
	json_object_set_new(o, "dirs", json_text(r->dirs));
	return o;
}

static json_t *sightings_json(const struct history *h, const struct history_life *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < h->nr_runs; i++) {
		json_t *s;

		if (!l->seen[i].verdict)
			continue;
		s = json_object();
		json_object_set_new(s, "run", json_integer(h->runs[i].id));
		json_object_set_new(s, "version", json_text(h->runs[i].version));
		json_object_set_new(s, "line", json_integer(l->seen[i].line));
		json_object_set_new(s, "verdict", json_text(l->seen[i].verdict));
		json_array_append_new(a, s);
	}
	return a;
}

static json_t *again_json(const struct history_life *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->nr_again; i++)
		json_array_append_new(a, json_integer(l->again[i]));
	return a;
}

static json_t *life_json(const struct history *h, const struct history_life *l)
{
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(l->f.id));
	json_object_set_new(o, "fingerprint", json_text(l->f.fingerprint));
	json_object_set_new(o, "rule", json_text(l->f.rule));
	json_object_set_new(o, "file", json_text(l->f.file));
	json_object_set_new(o, "line", json_integer(l->seen[l->last].line));
	json_object_set_new(o, "function", json_text(l->f.function));
	json_object_set_new(o, "subsystem", l->f.subsystem ? json_text(l->f.subsystem) :
				json_null());
	json_object_set_new(o, "status", json_text(l->f.status));
	json_object_set_new(o, "first_version", json_text(h->runs[l->first].version));
	json_object_set_new(o, "last_version", json_text(h->runs[l->last].version));
	json_object_set_new(o, "state", json_text(state_name(l)));
	json_object_set_new(o, "how", l->how == HISTORY_OPEN ? json_null() :
				json_text(history_how_name(l->how)));
	json_object_set_new(o, "sightings", sightings_json(h, l));
	json_object_set_new(o, "reported_again", again_json(l));
	return o;
}

static int print_json(const struct history *h)
{
	json_t *root = json_object(), *runs = json_array(), *lives = json_array();
	int ret;

	for (size_t i = 0; i < h->nr_runs; i++)
		json_array_append_new(runs, run_json(&h->runs[i]));
	for (size_t i = 0; i < h->nr; i++)
		json_array_append_new(lives, life_json(h, &h->lives[i]));
	json_object_set_new(root, "runs", runs);
	json_object_set_new(root, "findings", lives);
	ret = json_dumpf(root, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(root);
	return ret ? error("cannot write the JSON output") : 0;
}

enum { COL_ID, COL_RULE, COL_WHERE, COL_FUNCTION, COL_FIRST, COL_LAST, COL_STATE, COL_HOW,
       COL_LIFE, NR_COLS };

static const char *const col_titles[NR_COLS] = {
	"ID", "RULE", "FILE:LINE", "FUNCTION", "FIRST", "LAST", "STATE", "HOW", "LIFE",
};

static char *life_cell(const struct history *h, const struct history_life *l)
{
	char *s = xmalloc(h->nr_runs + 1);

	for (size_t i = 0; i < h->nr_runs; i++)
		s[i] = l->seen[i].verdict ? '+' :
		       history_run_covers(&h->runs[i], l->f.file) ? '-' : '.';
	s[h->nr_runs] = '\0';
	return s;
}

static void row_cells(const struct history *h, const struct history_life *l,
		      char *cells[NR_COLS])
{
	cells[COL_ID] = xstrfmt("%lld", l->f.id);
	cells[COL_RULE] = xstrdup(tsafe(l->f.rule));
	cells[COL_WHERE] = xstrfmt("%s:%lld", tsafe(l->f.file), l->seen[l->last].line);
	cells[COL_FUNCTION] = xstrdup(tsafe(l->f.function));
	cells[COL_FIRST] = xstrdup(tsafe(h->runs[l->first].version));
	cells[COL_LAST] = xstrdup(tsafe(h->runs[l->last].version));
	cells[COL_STATE] = xstrdup(state_name(l));
	cells[COL_HOW] = xstrdup(l->how == HISTORY_OPEN ? "-" : history_how_name(l->how));
	cells[COL_LIFE] = life_cell(h, l);
}

static void print_line(char *const cells[NR_COLS], const size_t widths[NR_COLS])
{
	for (size_t c = 0; c < NR_COLS; c++)
		printf(c + 1 < NR_COLS ? "%-*s  " : "%-*s\n", c + 1 < NR_COLS ? (int)widths[c] : 0,
		       cells[c]);
}

static void print_table(const struct history *h)
{
	char *(*cells)[NR_COLS] = xcalloc(h->nr + 1, sizeof(*cells));
	size_t widths[NR_COLS];

	printf("runs in version order:");
	for (size_t i = 0; i < h->nr_runs; i++)
		printf(" %s (run %lld)", *h->runs[i].version ? tsafe(h->runs[i].version) : "?",
		       h->runs[i].id);
	printf("\n");
	for (size_t c = 0; c < NR_COLS; c++)
		widths[c] = strlen(col_titles[c]);
	for (size_t i = 0; i < h->nr; i++) {
		row_cells(h, &h->lives[i], cells[i]);
		for (size_t c = 0; c < NR_COLS; c++)
			if (strlen(cells[i][c]) > widths[c])
				widths[c] = strlen(cells[i][c]);
	}
	print_line((char *const *)col_titles, widths);
	for (size_t i = 0; i < h->nr; i++) {
		print_line(cells[i], widths);
		for (size_t c = 0; c < NR_COLS; c++)
			free(cells[i][c]);
	}
	free(cells);
	if (!h->nr)
		printf("(no findings)\n");
}

static int print_history(const struct history_options *o, const struct history *h)
{
	switch (o->format) {
	case FORMAT_TSV:
		print_tsv(h);
		return 0;
	case FORMAT_JSON:
		return print_json(h);
	case FORMAT_TABLE:
	default:
		print_table(h);
		return 0;
	}
}

/* ---- The command ---- */

static bool any_gone(const struct history *h)
{
	for (size_t i = 0; i < h->nr; i++)
		if (h->lives[i].how != HISTORY_OPEN)
			return true;
	return false;
}

static int classify(sqlite3 *db, const struct history_options *o, struct history *h)
{
	struct rule_set rules = RULE_SET_INIT;
	char *dir;
	int ret;

	if (!any_gone(h))
		return 0;
	/* The rules tell what a converted site calls; both say why when they fail. */
	dir = find_cocci_dir(o->cocci_dir);
	if (!dir || rules_discover(&rules, dir)) {
		free(dir);
		rule_set_clear(&rules);
		return -1;
	}
	ret = history_classify_gone(db, h, &rules);
	rule_set_clear(&rules);
	free(dir);
	return ret;
}

static int show_history(const struct history_options *o)
{
	struct history h;
	sqlite3 *db;
	int ret = -1;

	memset(&h, 0, sizeof(h));
	if (db_open(o->db, DB_READ, &db))
		return -1;
	if (select_run(db, 0) > 0 && !history_load(db, &o->filter, &h)) {
		filter_state(&h, o->state);
		if (!classify(db, o, &h))
			ret = print_history(o, &h);
	}
	history_clear(&h);
	db_close(db);
	return ret;
}

int cmd_history(int argc, char **argv)
{
	struct history_options o;

	if (history_parse_options(argc, argv, &o))
		return EXIT_USAGE;
	if (o.help) {
		usage_print(&history_usage, stdout);
		return 0;
	}
	return show_history(&o) ? 1 : 0;
}

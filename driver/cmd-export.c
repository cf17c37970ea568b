// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc export
 */
#include "cmd.h"
#include "db.h"
#include "export.h"

#include <stdlib.h>
#include <string.h>

enum export_format { EXPORT_NONE, EXPORT_REPORT, EXPORT_ORG, EXPORT_SARIF, EXPORT_JSON,
		     EXPORT_CSV };

struct export_options {
	const char *db;
	struct finding_filter filter;
	enum export_format format;
	const char *out;
	const char *cocci_dir;
	bool force;
	bool help;
};

static const char *const format_names[] = {
	[EXPORT_REPORT] = "report", [EXPORT_ORG] = "org", [EXPORT_SARIF] = "sarif",
	[EXPORT_JSON] = "json", [EXPORT_CSV] = "csv",
};

static int parse_format(const char *cmd, const struct parse_option *opt, const char *arg,
			void *base)
{
	enum export_format *format = parse_option_value(opt, base);

	for (size_t i = 0; i < ARRAY_SIZE(format_names); i++)
		if (format_names[i] && !strcmp(arg, format_names[i])) {
			*format = (enum export_format)i;
			return 0;
		}
	return error("%s: --format wants report, org, sarif, json or csv, not '%s'", cmd, arg);
}

#define T struct export_options
static const struct parse_option export_options[] = {
	OPT_CALLBACK(0, "format", "F", T, format, (enum export_format)0, parse_format,
		     "report: the lines of 'make coccicheck MODE=report',\n"
		     "  FILE:LINE:COL-END_COL: WARNING|INFO: RULE: VERDICT: MESSAGE\n"
		     "(WARNING for replace and for bugs, INFO for review; kept sites are\n"
		     "left out, as the rules leave them out, unless --verdict keep;\n"
		     "editors' quickfix lists read them); org: Coccinelle's org-mode TODO\n"
		     "lines, RULE: VERDICT: MESSAGE, kept sites left out likewise;\n"
		     "sarif: SARIF 2.1.0 (rules with their rationale, fingerprints, proposed\n"
		     "diffs as fixes, rejected findings suppressed); json: the run, the rules\n"
		     "and every column of every finding with its review history; csv: RFC 4180\n"
		     "with a header line"),
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	OPT_BOOL(0, "all", T, filter.all, "every finding of the run: keep and rejected ones too"),
	LIST_FILTER_OPTIONS(T, filter.),
	OPT_STRING(0, "out", "FILE", T, out,
		   "write FILE (through a temporary file, renamed when complete)\n"
		   "instead of standard output"),
	OPT_BOOL(0, "force", T, force, "let --out replace an existing file"),
	OPT_COCCI_DIR(T, cocci_dir, "rationale"),
	OPT_END(),
};
#undef T

const struct command_usage export_usage = {
	.name = "export",
	.text =
"usage: whichalloc export --format report|org|sarif|json|csv [--db FILE] [--all]\n"
"                         [--rule R] [--verdict V] [--status S] [--file GLOB] [--subsys S]\n"
"                         [--run ID] [--out FILE [--force]] [--cocci-dir DIR]\n"
"\n"
"Write the findings that 'whichalloc list' shows with the same options in a format other\n"
"tools read, to standard output or to FILE: by default only what needs action (open\n"
"findings, status new or accepted, whose verdict is replace or review); standard error\n"
"(and SARIF's notifications) say how many others were left out. --all, --verdict or\n"
"--status write the others too.\n",
	.options = export_options,
	.column = 18,
};

static int export_parse_options(int argc, char **argv, struct export_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	i = parse_options(argc, argv, &export_usage, o, &o->help);
	if (i < 0)
		return -1;
	if (o->help)
		return 0;
	if (i < argc)
		return error("export: unexpected argument '%s'; see 'whichalloc export --help'",
			     argv[i]);
	if (o->format == EXPORT_NONE)
		return error("export: which format? pass --format report, org, sarif, json or csv");
	if (o->force && !o->out)
		return error("export: --force only makes sense with --out FILE");
	if (!o->db)
		o->db = default_db_path();
	return 0;
}

static int write_json(FILE *f, json_t *root)
{
	int ret = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	fputc('\n', f);
	json_decref(root);
	return ret ? error("cannot write the JSON output") : 0;
}

/* The rules print no line for a site they keep; --verdict keep asks for those anyway. */
static bool coccicheck_prints(const struct export_options *o, const struct finding_row *r)
{
	return strcmp(r->verdict, "keep") || (o->filter.verdict &&
					       !strcmp(o->filter.verdict, "keep"));
}

static int write_export(FILE *f, const struct export_options *o, const struct report_data *d)
{
	switch (o->format) {
	case EXPORT_REPORT:
		for (size_t i = 0; i < d->rows.nr; i++)
			if (coccicheck_prints(o, &d->rows.items[i]))
				write_report_line(f, &d->rows.items[i]);
		return 0;
	case EXPORT_ORG:
		for (size_t i = 0; i < d->rows.nr; i++)
			if (coccicheck_prints(o, &d->rows.items[i]))
				write_org_line(f, &d->rows.items[i]);
		return 0;
	case EXPORT_CSV:
		write_csv(f, &d->rows);
		return 0;
	case EXPORT_JSON:
		return write_json(f, report_json(d, &o->filter));
	case EXPORT_SARIF:
		return write_json(f, sarif_log(d));
	case EXPORT_NONE:
	default:
		return error("internal error: no export format");
	}
}

/* Say on standard error what the default left out that the format would have written. */
static void note_left_out(const struct export_options *o, const struct report_data *d)
{
	struct triage_left_out left = d->not_shown;
	char *note;

	if (o->format == EXPORT_REPORT || o->format == EXPORT_ORG)
		left.keep = 0;	/* coccicheck's lines leave kept sites out anyway */
	note = triage_left_out_text(&left, "--all");
	if (note)
		fprintf(stderr, "%s\n", note);
	free(note);
}

static int export(const struct export_options *o)
{
	struct report_data d;
	struct output_file of;
	sqlite3 *db;
	int ret;

	if (db_open(o->db, DB_READ, &db))
		return -1;
	ret = report_data_load(db, &o->filter, o->cocci_dir, &d);
	db_close(db);
	if (!ret)
		ret = output_file_open(&of, o->out, o->force);
	if (!ret) {
		ret = write_export(of.f, o, &d);
		if (!ret)
			ret = output_file_commit(&of);
		output_file_abort(&of);
	}
	if (!ret)
		note_left_out(o, &d);
	report_data_clear(&d);
	return ret;
}

int cmd_export(int argc, char **argv)
{
	struct export_options o;

	if (export_parse_options(argc, argv, &o))
		return EXIT_USAGE;
	if (o.help) {
		usage_print(&export_usage, stdout);
		return 0;
	}
	return export(&o) ? 1 : 0;
}

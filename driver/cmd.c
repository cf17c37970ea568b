// SPDX-License-Identifier: GPL-2.0-only
/*
 * The command table and what the subcommands share.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

const struct command commands[] = {
	{ &scan_usage, cmd_scan, "run the rules over a kernel tree and store the findings" },
	{ &list_usage, cmd_list, "list the findings of a run" },
	{ &show_usage, cmd_show, "show one finding with its code and proposed diff" },
	{ &stats_usage, cmd_stats, "count a run's findings by rule and verdict" },
	{ &export_usage, cmd_export,
	  "write findings as coccicheck report/org lines, SARIF, JSON or CSV" },
	{ &html_usage, cmd_html, "write a static HTML report with charts and a page per finding" },
	{ &review_usage, cmd_review,
	  "accept or reject findings, one by one or by ID; share decisions" },
	{ &subsystems_usage, cmd_subsystems, "count open findings per MAINTAINERS subsystem" },
	{ &diff_usage, cmd_diff, "the findings that appeared and disappeared between two runs" },
	{ &history_usage, cmd_history,
	  "each finding's life across the runs, in tree-version order" },
	{ &merge_usage, cmd_merge, "merge databases: shard scans into one run, runs and reviews" },
	{ &series_usage, cmd_series, "write a patch series for one subsystem, behind the gate" },
	{ NULL, NULL, NULL },
};

const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->usage; c++)
		if (!strcmp(c->usage->name, name))
			return c;
	return NULL;
}

void print_commands(FILE *out)
{
	fprintf(out, "The commands are:\n");
	for (const struct command *c = commands; c->usage; c++)
		fprintf(out, "   %-10s %s\n", c->usage->name, c->summary);
	fprintf(out, "   %-10s %s\n", "help", "show a command's usage (whichalloc help CMD)");
}

const char *default_db_path(void)
{
	const char *env = getenv("WHICHALLOC_DB");

	return env && *env ? env : "whichalloc.db";
}

static bool one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

int option_verdict(const char *cmd, const struct parse_option *opt, const char *arg,
		   void *base)
{
	static const char *const verdicts[] = { "replace", "keep", "review", NULL };

	*(const char **)parse_option_value(opt, base) = arg;
	return one_of(arg, verdicts) ? 0 :
	       error("%s: --verdict wants replace, keep or review, not '%s'", cmd, arg);
}

int option_status(const char *cmd, const struct parse_option *opt, const char *arg,
		  void *base)
{
	static const char *const statuses[] = { "new", "accepted", "rejected", "fixed", NULL };

	*(const char **)parse_option_value(opt, base) = arg;
	return one_of(arg, statuses) ? 0 :
	       error("%s: --status wants new, accepted, rejected or fixed, not '%s'", cmd, arg);
}

int option_list_format(const char *cmd, const struct parse_option *opt, const char *arg,
		       void *base)
{
	static const char *const names[] = {
		[FORMAT_TABLE] = "table", [FORMAT_TSV] = "tsv", [FORMAT_JSON] = "json",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(arg, names[i])) {
			*(enum list_format *)parse_option_value(opt, base) = (enum list_format)i;
			return 0;
		}
	return error("%s: --format wants table, tsv or json, not '%s'", cmd, arg);
}

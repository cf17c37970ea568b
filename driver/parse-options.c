// SPDX-License-Identifier: GPL-2.0-only
/*
 * Options declared once: argv parsed and --help printed from one table (parse-options.h).
 */
#include "parse-options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

/* getopt_long's value for the long option of entry i (above every short letter). */
#define LONG_VALUE_BASE 256

/* Option lines whose first line would pass this many columns start their help below. */
#define USAGE_WIDTH 100

int number_option(const char *cmd, const char *opt, const char *arg, long min, long max,
		  long *out)
{
	if (parse_long(arg, min, max, out))
		return error("%s: %s wants a whole number from %ld to %ld, not '%s'", cmd, opt, min,
			     max, arg);
	return 0;
}

/* Report the option getopt_long() refused (c is ':' or '?'); returns -1. */
static int option_error(const char *cmd, int c, char **argv)
{
	const char *arg = optind > 0 ? argv[optind - 1] : "?";

	if (c == ':')
		return error("%s: option '%s' needs a value; see 'whichalloc %s --help'", cmd, arg,
			     cmd);
	if (optopt && !starts_with(arg, "--"))
		return error("%s: unknown option '-%c'; see 'whichalloc %s --help'", cmd, optopt,
			     cmd);
	return error("%s: unknown option '%s'; see 'whichalloc %s --help'", cmd, arg, cmd);
}

static size_t count_options(const struct parse_option *opts)
{
	size_t n = 0;

	while (opts && opts[n].type != OPTION_END)
		n++;
	return n;
}

/* getopt_long's tables for opts: --help and -h, then each entry. */
static struct option *getopt_tables(const struct parse_option *opts, size_t n,
				    struct strbuf *shortopts)
{
	struct option *longopts = xcalloc(n + 2, sizeof(*longopts));

	/* ':' first: a missing value is ':', not '?', and getopt prints nothing. */
	strbuf_addstr(shortopts, ":h");
	longopts[0] = (struct option){ "help", no_argument, NULL, 'h' };
	for (size_t i = 0; i < n; i++) {
		int has_arg = opts[i].argh ? required_argument : no_argument;

		longopts[i + 1] = (struct option){ opts[i].long_name, has_arg, NULL,
						   LONG_VALUE_BASE + (int)i };
		if (opts[i].short_name) {
			strbuf_addch(shortopts, opts[i].short_name);
			if (has_arg == required_argument)
				strbuf_addch(shortopts, ':');
		}
	}
	return longopts;
}

/* The entry getopt_long returned c for, or NULL. */
static const struct parse_option *option_of(const struct parse_option *opts, size_t n, int c)
{
	if (c >= LONG_VALUE_BASE && (size_t)(c - LONG_VALUE_BASE) < n)
		return &opts[c - LONG_VALUE_BASE];
	for (size_t i = 0; c > 0 && i < n; i++)
		if (opts[i].short_name == c)
			return &opts[i];
	return NULL;
}

/* Take opt, which getopt_long returned as c, with its argument arg. */
static int take_option(const char *cmd, const struct parse_option *opt, int c,
		       const char *arg, void *base)
{
	void *value = parse_option_value(opt, base);
	char typed[64];	/* the option as given, for messages */

	if (c < LONG_VALUE_BASE)
		snprintf(typed, sizeof(typed), "-%c", c);
	else
		snprintf(typed, sizeof(typed), "--%s", opt->long_name);
	switch (opt->type) {
	case OPTION_STRING:
		*(const char **)value = arg;
		return 0;
	case OPTION_BOOL:
		*(bool *)value = opt->min;
		return 0;
	case OPTION_NUMBER:
		return number_option(cmd, typed, arg, opt->min, opt->max, value);
	case OPTION_STRING_LIST:
		string_list_append(value, arg);
		return 0;
	case OPTION_CALLBACK:
		return opt->callback(cmd, opt, arg, base);
	default:
		return error("%s: option table entry %s has no type", cmd, typed);
	}
}

int parse_options(int argc, char **argv, const struct command_usage *u, void *base,
		  bool *help)
{
	size_t n = count_options(u->options);
	struct strbuf shortopts = STRBUF_INIT;
	struct option *longopts = getopt_tables(u->options, n, &shortopts);
	const struct parse_option *opt;
	int c, ret = 0;

	opterr = 0;
	optind = 0;
	while (!ret && (c = getopt_long(argc, argv, shortopts.buf, longopts, NULL)) != -1) {
		opt = option_of(u->options, n, c);
		if (c == 'h')
			*help = true;
		else if (!opt)
			ret = option_error(u->name, c, argv);
		else
			ret = take_option(u->name, opt, c, optarg, base);
	}
	free(longopts);
	strbuf_release(&shortopts);
	return ret ? -1 : optind;
}

/* "--long ARG" or "--long ARG, -s ARG" into sb. */
static void add_label(struct strbuf *sb, const struct parse_option *opt)
{
	strbuf_addf(sb, "--%s", opt->long_name);
	if (opt->argh)
		strbuf_addf(sb, " %s", opt->argh);
	if (opt->short_name)
		strbuf_addf(sb, ", -%c%s%s", opt->short_name, opt->argh ? " " : "",
			    opt->argh ? opt->argh : "");
}

static void indent(FILE *out, int from, int to)
{
	for (int i = from; i < to; i++)
		fputc(' ', out);
}

/* Print the label, then the help: at the column, after it, or on the next line. */
static void print_option_line(FILE *out, const char *label, const char *help, int column)
{
	size_t first = strcspn(help, "\n");
	int len = 2 + (int)strlen(label);

	fprintf(out, "  %s", label);
	if (len < column) {
		indent(out, len, column);
	} else if (len + 2 + (int)first <= USAGE_WIDTH) {
		fputs("  ", out);
	} else {
		fputc('\n', out);
		indent(out, 0, column);
	}
	fprintf(out, "%.*s\n", (int)first, help);
	for (const char *p = help + first; *p; p += first) {
		p++;
		first = strcspn(p, "\n");
		indent(out, 0, column);
		fprintf(out, "%.*s\n", (int)first, p);
	}
}

static void print_options(const struct parse_option *opts, int column, FILE *out)
{
	struct strbuf label = STRBUF_INIT;

	for (; opts && opts->type != OPTION_END; opts++) {
		if (label.len)
			strbuf_addstr(&label, ", ");
		add_label(&label, opts);
		if (!opts->help)
			continue;
		print_option_line(out, label.buf, opts->help, column);
		strbuf_reset(&label);
	}
	strbuf_release(&label);
}

void usage_print(const struct command_usage *u, FILE *out)
{
	fputs(u->text, out);
	if (count_options(u->options)) {
		fputc('\n', out);
		print_options(u->options, u->column, out);
	}
	if (u->trailer)
		fputs(u->trailer, out);
}

void usage_list_options(const struct command_usage *u, FILE *out)
{
	fputs("--help\n", out);
	for (const struct parse_option *o = u->options; o && o->type != OPTION_END; o++) {
		fprintf(out, "--%s", o->long_name);
		if (o->argh)
			fprintf(out, " %s", o->argh);
		fputc('\n', out);
	}
}

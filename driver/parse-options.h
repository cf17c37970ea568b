/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A command's options, declared once in a table, git's parse-options style: the table
 * parses argv (getopt_long underneath, so --opt=VALUE, unique abbreviations and options
 * after the arguments work as getopt_long has them) and prints the option lines of the
 * command's --help. Each entry names where its value goes in the command's options
 * struct (an offset), so one static table serves parsing, --help and 'whichalloc help'.
 */
#ifndef WHICHALLOC_PARSE_OPTIONS_H
#define WHICHALLOC_PARSE_OPTIONS_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum parse_option_type {
	OPTION_END,
	OPTION_STRING,		/* const char *: the argument */
	OPTION_BOOL,		/* bool: set to the entry's value */
	OPTION_NUMBER,		/* long: a whole number in [min, max] */
	OPTION_STRING_LIST,	/* struct string_list: each argument appended */
	OPTION_CALLBACK,	/* the callback takes the argument (or NULL) */
};

struct parse_option;

/*
 * Take an option's argument (NULL for an option without one) into the options struct
 * base; 0, or -1 with a message that starts with "CMD: ".
 */
typedef int parse_option_fn(const char *cmd, const struct parse_option *opt, const char *arg,
			    void *base);

struct parse_option {
	enum parse_option_type type;
	int short_name;		/* 0: none ('h' is --help's) */
	const char *long_name;
	const char *argh;	/* the argument's name in --help; NULL: the option takes none */
	/*
	 * Its --help text: lines after the first are indented to the help column. NULL: it
	 * shares the next option's line ("--to ID, --cc ID   add ...").
	 */
	const char *help;
	size_t offset;		/* of its value in the options struct */
	long min, max;		/* OPTION_NUMBER's range; OPTION_BOOL's value in min */
	parse_option_fn *callback;
};

/*
 * A table names its options struct in each entry; the command files #define T as that type
 * around the table, for short.
 *
 * The offset of field f of struct type T; the dead assignment of a V to it makes the compiler
 * refuse an entry whose field has the wrong type.
 */
#define PARSE_OPT_FIELD(T, f, V) (offsetof(T, f) + 0 * sizeof(((T *)0)->f = (V)))

#define OPT_STRING(s, l, a, T, f, h) \
	{ OPTION_STRING, (s), (l), (a), (h), PARSE_OPT_FIELD(T, f, (const char *)0), 0, 0, NULL }
#define OPT_SET_BOOL(s, l, T, f, v, h) \
	{ OPTION_BOOL, (s), (l), NULL, (h), PARSE_OPT_FIELD(T, f, (bool)0), (v), 0, NULL }
#define OPT_BOOL(s, l, T, f, h) OPT_SET_BOOL(s, l, T, f, 1, h)
#define OPT_NUMBER(s, l, a, T, f, lo, hi, h) \
	{ OPTION_NUMBER, (s), (l), (a), (h), PARSE_OPT_FIELD(T, f, (long)0), (lo), (hi), NULL }
#define OPT_STRING_LIST(s, l, a, T, f, h) \
	{ OPTION_STRING_LIST, (s), (l), (a), (h), \
	  PARSE_OPT_FIELD(T, f, (struct string_list){ 0 }), 0, 0, NULL }
/* The callback finds its field with parse_option_value(); V is a value of its type. */
#define OPT_CALLBACK(s, l, a, T, f, V, cb, h) \
	{ OPTION_CALLBACK, (s), (l), (a), (h), PARSE_OPT_FIELD(T, f, V), 0, 0, (cb) }
#define OPT_END() { OPTION_END, 0, NULL, NULL, NULL, 0, 0, 0, NULL }

/* Where opt's value is in the options struct base. */
static inline void *parse_option_value(const struct parse_option *opt, void *base)
{
	return (char *)base + opt->offset;
}

/* A command's --help: its synopsis and description, its options, what follows them. */
struct command_usage {
	const char *name;	/* the command, in messages: "list: ..." */
	const char *text;	/* "usage: ...", the description; the option lines follow */
	const struct parse_option *options;	/* ending with OPT_END(); NULL: none */
	int column;		/* where each option's help starts */
	const char *trailer;	/* after the options, or NULL */
};

/*
 * Parse the options of argv (argv[0] is the command's name) into base by u->options;
 * --help and -h set *help. Returns the index of the first argument that is not an option
 * (getopt_long moves them after the options), or -1 with a message (an unknown option, a
 * missing value, a value the option refuses).
 */
int parse_options(int argc, char **argv, const struct command_usage *u, void *base,
		  bool *help);

/* The whole --help: the text, the option lines from the table, the trailer. */
void usage_print(const struct command_usage *u, FILE *out);
/* The long options of the table and --help, one a line, with the argument's name if any. */
void usage_list_options(const struct command_usage *u, FILE *out);

/* Parse a number option in [min, max]; -1 with a message naming cmd and opt. */
int number_option(const char *cmd, const char *opt, const char *arg, long min, long max,
		  long *out);

#endif

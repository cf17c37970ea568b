// SPDX-License-Identifier: GPL-2.0-only
/*
 * parse-options.c: argv parsed by a table of options, and the option lines of --help.
 */
#include "cmd.h"
#include "parse-options.h"
#include "testutil.h"

#define ARGC(a) ((int)ARRAY_SIZE(a) - 1)

struct demo {
	const char *db;
	const char *word;
	bool all, verbose;
	long jobs;
	struct string_list dirs;
	bool help;
};

/* Takes only "yes" or "no". */
static int take_word(const char *cmd, const struct parse_option *opt, const char *arg,
		     void *base)
{
	if (strcmp(arg, "yes") && strcmp(arg, "no"))
		return error("%s: --word wants yes or no, not '%s'", cmd, arg);
	*(const char **)parse_option_value(opt, base) = arg;
	return 0;
}

static const struct parse_option demo_options[] = {
	OPT_STRING(0, "db", "FILE", struct demo, db, "the database"),
	OPT_BOOL(0, "all", struct demo, all, "every one\nof them"),
	OPT_SET_BOOL(0, "quiet", struct demo, verbose, 0, NULL),
	OPT_BOOL(0, "verbose", struct demo, verbose, "say less, or more"),
	OPT_NUMBER('j', "jobs", "N", struct demo, jobs, 1, 8, "N at once"),
	OPT_STRING_LIST(0, "dir", "SUBDIR", struct demo, dirs, "only SUBDIR (repeatable)"),
	OPT_CALLBACK(0, "word", "YES|NO", struct demo, word, (const char *)0, take_word,
		     "a label past the column, and a first help line that would pass the "
		     "usage width (100)\n"
		     "after it: the help starts on the next line"),
	OPT_END(),
};

static const struct command_usage demo_usage = {
	.name = "demo",
	.text = "usage: whichalloc demo [options] ARG...\n",
	.options = demo_options,
	.column = 14,
	.trailer = "\nThe end.\n",
};

static int demo_parse(int argc, char **argv, struct demo *d)
{
	memset(d, 0, sizeof(*d));
	return parse_options(argc, argv, &demo_usage, d, &d->help);
}

START_TEST(test_values)
{
	char *argv[] = {
		"demo", "first", "--db=x.db", "--all", "-j", "3", "--dir", "fs", "--dir=mm",
		"--word", "yes", "second", "--quiet", NULL,
	};
	struct demo d;
	int i = demo_parse(ARGC(argv), argv, &d);

	/* The arguments come after the options, in their order. */
	ck_assert_int_eq(i, ARGC(argv) - 2);
	ck_assert_str_eq(argv[i], "first");
	ck_assert_str_eq(argv[i + 1], "second");
	ck_assert_str_eq(d.db, "x.db");
	ck_assert(d.all);
	ck_assert(!d.verbose);
	ck_assert(!d.help);
	ck_assert_int_eq(d.jobs, 3);
	ck_assert_int_eq(d.dirs.nr, 2);
	ck_assert_str_eq(d.dirs.items[1], "mm");
	ck_assert_str_eq(d.word, "yes");
	string_list_clear(&d.dirs);
}
END_TEST

START_TEST(test_abbreviations_and_help)
{
	char *abbrev[] = { "demo", "--verb", "--jobs=8", NULL };
	char *help[] = { "demo", "-h", "x", NULL };
	char *long_help[] = { "demo", "--help", "--all", NULL };
	struct demo d;

	ck_assert_int_eq(demo_parse(ARGC(abbrev), abbrev, &d), ARGC(abbrev));
	ck_assert(d.verbose);
	ck_assert_int_eq(d.jobs, 8);
	ck_assert_int_eq(demo_parse(ARGC(help), help, &d), 2);
	ck_assert(d.help);
	ck_assert_int_eq(demo_parse(ARGC(long_help), long_help, &d), 3);
	ck_assert(d.help && d.all);
}
END_TEST

START_TEST(test_errors)
{
	static const struct {
		char *argv[4];
		const char *want;
	} cases[] = {
		{ { "--frobnicate" }, "unknown option '--frobnicate'; see 'whichalloc demo --help'" },
		{ { "-x" }, "unknown option '-x'; see 'whichalloc demo --help'" },
		{ { "--db" }, "option '--db' needs a value; see 'whichalloc demo --help'" },
		{ { "-j" }, "option '-j' needs a value; see 'whichalloc demo --help'" },
		/* --db or --dir: getopt_long's ambiguous abbreviation is an unknown option */
		{ { "--d", "x" }, "unknown option '--d'; see 'whichalloc demo --help'" },
		{ { "--all=yes" }, "unknown option '--all=yes'; see 'whichalloc demo --help'" },
		{ { "--jobs", "9" }, "--jobs wants a whole number from 1 to 8, not '9'" },
		/* A number given by its short name is named so. */
		{ { "-j", "many" }, "-j wants a whole number from 1 to 8, not 'many'" },
		{ { "--word", "maybe" }, "--word wants yes or no, not 'maybe'" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *argv[6] = { "demo" };
		int argc = 1;
		char *want = xstrfmt("demo: %s", cases[i].want);
		struct demo d;

		for (char *const *a = cases[i].argv; *a; a++)
			argv[argc++] = *a;
		ck_assert_int_eq(demo_parse(argc, argv, &d), -1);
		ck_assert_msg(!strcmp(last_error(), want), "error \"%s\", not \"%s\"",
			      last_error(), want);
		string_list_clear(&d.dirs);
		free(want);
	}
}
END_TEST

static char *printed(void (*print)(const struct command_usage *, FILE *),
		     const struct command_usage *u)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	print(u, f);
	ck_assert_int_eq(fclose(f), 0);
	return buf;
}

START_TEST(test_usage_lines)
{
	char *text = printed(usage_print, &demo_usage);

	ck_assert_str_eq(text,
		"usage: whichalloc demo [options] ARG...\n"
		"\n"
		"  --db FILE   the database\n"
		"  --all       every one\n"
		"              of them\n"
		"  --quiet, --verbose  say less, or more\n"
		"  --jobs N, -j N  N at once\n"
		"  --dir SUBDIR  only SUBDIR (repeatable)\n"
		"  --word YES|NO\n"
		"              a label past the column, and a first help line that would pass "
		"the usage width (100)\n"
		"              after it: the help starts on the next line\n"
		"\n"
		"The end.\n");
	free(text);
	text = printed(usage_list_options, &demo_usage);
	ck_assert_str_eq(text, "--help\n--db FILE\n--all\n--quiet\n--verbose\n--jobs N\n"
			 "--dir SUBDIR\n--word YES|NO\n");
	free(text);
}
END_TEST

START_TEST(test_usage_without_options)
{
	static const struct command_usage bare = { "bare", "usage: whichalloc bare\n", NULL, 0,
						   NULL };
	char *text = printed(usage_print, &bare);

	ck_assert_str_eq(text, "usage: whichalloc bare\n");
	free(text);
	free(printed(usage_list_options, &bare));
}
END_TEST

/* Every command's table: names once each, -h left to --help, the last line has its help. */
START_TEST(test_command_tables)
{
	for (const struct command *c = commands; c->usage; c++) {
		const struct parse_option *o = c->usage->options;
		size_t n = 0;

		for (; o && o[n].type != OPTION_END; n++) {
			ck_assert_msg(o[n].short_name != 'h', "%s: -h is --help's", c->usage->name);
			ck_assert_msg(strcmp(o[n].long_name, "help"), "%s: --help twice",
				      c->usage->name);
			for (size_t k = 0; k < n; k++)
				ck_assert_msg(strcmp(o[k].long_name, o[n].long_name),
					      "%s: --%s twice", c->usage->name, o[n].long_name);
		}
		ck_assert_msg(!n || o[n - 1].help, "%s: the last option has no help",
			      c->usage->name);
		ck_assert(starts_with(c->usage->text, "usage: whichalloc "));
		ck_assert(ends_with(c->usage->text, "\n"));
	}
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("parse-options");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_abbreviations_and_help);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_usage_lines);
	tcase_add_test(tc, test_usage_without_options);
	tcase_add_test(tc, test_command_tables);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The subcommands' option parsing and the small decisions around it.
 */
#include "cmd.h"
#include "cmd-scan.h"
#include "fmt.h"
#include "scan.h"
#include "testutil.h"

#define ARGC(a) ((int)ARRAY_SIZE(a) - 1)

START_TEST(test_scan_options)
{
	char *argv[] = {
		"scan", "--kernel", "/k", "--db", "x.db", "--dir", "fs", "--dir=mm", "--rules",
		"a,b", "--jobs", "3", "--full", "--timeout", "9", "--cocci-dir", "/c", NULL,
	};
	struct scan_options o;

	ck_assert_int_eq(scan_parse_options(ARGC(argv), argv, &o), 0);
	ck_assert_str_eq(o.kernel, "/k");
	ck_assert_str_eq(o.db, "x.db");
	ck_assert_int_eq(o.dirs.nr, 2);
	ck_assert_str_eq(o.dirs.items[1], "mm");
	ck_assert_str_eq(o.rules, "a,b");
	ck_assert_int_eq(o.jobs, 3);
	ck_assert(o.full);
	ck_assert_int_eq(o.timeout, 9);
	ck_assert_str_eq(o.cocci_dir, "/c");
	scan_options_release(&o);
}
END_TEST

START_TEST(test_scan_defaults)
{
	char *argv[] = { "scan", "--kernel", "k", NULL };
	struct scan_options o;

	setenv("WHICHALLOC_DB", "/env/db", 1);
	ck_assert_int_eq(scan_parse_options(ARGC(argv), argv, &o), 0);
	ck_assert_str_eq(o.db, "/env/db");
	ck_assert_int_eq(o.jobs, 0);
	ck_assert_int_eq(o.timeout, SCAN_DEFAULT_TIMEOUT);
	ck_assert(!o.full);
	scan_options_release(&o);
	unsetenv("WHICHALLOC_DB");
	ck_assert_int_eq(scan_parse_options(ARGC(argv), argv, &o), 0);
	ck_assert_str_eq(o.db, "whichalloc.db");
	scan_options_release(&o);
}
END_TEST

/* Parsing argv fails with a message containing want. */
static void check_scan_error(char **argv, int argc, const char *want)
{
	struct scan_options o;

	ck_assert_int_eq(scan_parse_options(argc, argv, &o), -1);
	ck_assert_msg(strstr(last_error(), want), "error \"%s\" lacks \"%s\"", last_error(),
		      want);
	scan_options_release(&o);
}

START_TEST(test_scan_errors)
{
	char *no_kernel[] = { "scan", "--db", "x", NULL };
	char *unknown[] = { "scan", "--kernel", "k", "--frobnicate", NULL };
	char *short_unknown[] = { "scan", "-x", "--kernel", "k", NULL };
	char *no_value[] = { "scan", "--kernel", NULL };
	char *bad_jobs[] = { "scan", "--kernel", "k", "--jobs", "0", NULL };
	char *word_jobs[] = { "scan", "--kernel", "k", "--jobs", "many", NULL };
	char *bad_timeout[] = { "scan", "--kernel", "k", "--timeout", "-5", NULL };
	char *extra[] = { "scan", "--kernel", "k", "linux", NULL };

	check_scan_error(no_kernel, ARGC(no_kernel), "pass --kernel DIR");
	check_scan_error(unknown, ARGC(unknown), "unknown option '--frobnicate'");
	check_scan_error(short_unknown, ARGC(short_unknown), "unknown option '-x'");
	check_scan_error(no_value, ARGC(no_value), "option '--kernel' needs a value");
	check_scan_error(bad_jobs, ARGC(bad_jobs), "--jobs wants a whole number from 1");
	check_scan_error(word_jobs, ARGC(word_jobs), "not 'many'");
	check_scan_error(bad_timeout, ARGC(bad_timeout), "--timeout wants");
	check_scan_error(extra, ARGC(extra), "unexpected argument 'linux'");
}
END_TEST

START_TEST(test_list_options)
{
	char *good[] = {
		"list", "--rule", "r", "--verdict", "keep", "--status", "fixed", "--file",
		"fs/*", "--run", "4", "--format", "json", NULL,
	};
	char *bad_verdict[] = { "list", "--verdict", "maybe", NULL };
	char *bad_status[] = { "list", "--status", "open", NULL };
	char *bad_format[] = { "list", "--format", "xml", NULL };
	char *bad_run[] = { "list", "--run", "0", NULL };
	char *extra[] = { "list", "everything", NULL };
	struct list_options o;

	ck_assert_int_eq(list_parse_options(ARGC(good), good, &o), 0);
	ck_assert_str_eq(o.filter.rule, "r");
	ck_assert_str_eq(o.filter.verdict, "keep");
	ck_assert_str_eq(o.filter.status, "fixed");
	ck_assert_str_eq(o.filter.file, "fs/*");
	ck_assert_int_eq(o.filter.run, 4);
	ck_assert_int_eq(o.format, FORMAT_JSON);
	ck_assert_int_eq(list_parse_options(ARGC(bad_verdict), bad_verdict, &o), -1);
	ck_assert(strstr(last_error(), "--verdict wants replace, keep or review"));
	ck_assert_int_eq(list_parse_options(ARGC(bad_status), bad_status, &o), -1);
	ck_assert(strstr(last_error(), "not 'open'"));
	ck_assert_int_eq(list_parse_options(ARGC(bad_format), bad_format, &o), -1);
	ck_assert(strstr(last_error(), "--format wants table, tsv or json"));
	ck_assert_int_eq(list_parse_options(ARGC(bad_run), bad_run, &o), -1);
	ck_assert_int_eq(list_parse_options(ARGC(extra), extra, &o), -1);
	ck_assert(strstr(last_error(), "unexpected argument 'everything'"));
}
END_TEST

START_TEST(test_show_and_stats_options)
{
	char *show[] = { "show", "--db", "d", "12", NULL };
	char *show_none[] = { "show", NULL };
	char *show_two[] = { "show", "1", "2", NULL };
	char *show_word[] = { "show", "first", NULL };
	char *stats[] = { "stats", "--run", "3", NULL };
	char *stats_bad[] = { "stats", "--run", "x", NULL };
	char *stats_help[] = { "stats", "--help", NULL };
	struct show_options so;
	struct stats_options to;

	ck_assert_int_eq(show_parse_options(ARGC(show), show, &so), 0);
	ck_assert_int_eq(so.id, 12);
	ck_assert_str_eq(so.db, "d");
	ck_assert_int_eq(show_parse_options(ARGC(show_none), show_none, &so), -1);
	ck_assert(strstr(last_error(), "which finding?"));
	ck_assert_int_eq(show_parse_options(ARGC(show_two), show_two, &so), -1);
	ck_assert_int_eq(show_parse_options(ARGC(show_word), show_word, &so), -1);
	ck_assert_int_eq(stats_parse_options(ARGC(stats), stats, &to), 0);
	ck_assert_int_eq(to.run, 3);
	ck_assert_int_eq(stats_parse_options(ARGC(stats_bad), stats_bad, &to), -1);
	ck_assert_int_eq(stats_parse_options(ARGC(stats_help), stats_help, &to), 0);
	ck_assert(to.help);
}
END_TEST

START_TEST(test_commands_table)
{
	ck_assert_ptr_nonnull(find_command("scan"));
	ck_assert_ptr_nonnull(find_command("stats"));
	ck_assert_ptr_null(find_command("frobnicate"));
	for (const struct command *c = commands; c->usage; c++)
		ck_assert_msg(strstr(c->usage->text, c->usage->name),
			      "usage of %s does not name it", c->usage->name);
}
END_TEST

static void check_path_arg(const char *path, const char *want)
{
	char *arg = spatch_path_arg(path);

	if (want)
		ck_assert_str_eq(arg, want);
	else
		ck_assert_ptr_null(arg);
	free(arg);
}

START_TEST(test_spatch_helpers)
{
	char *v = parse_spatch_version("spatch version 1.1.1 compiled with OCaml version 4.13.1\n"
				       "Flags passed to the configure script: ...\n");

	ck_assert_str_eq(v, "1.1.1");
	free(v);
	v = parse_spatch_version("something else\nsecond\n");
	ck_assert_str_eq(v, "something else");
	free(v);
	ck_assert_ptr_null(parse_spatch_version(""));
	ck_assert(spatch_safe_path("drivers/gpu/drm/i915/gt/intel_gt.c"));
	ck_assert(spatch_safe_path("arch/x86/kvm/vmx/vmx.c"));
	ck_assert(!spatch_safe_path("fs/with space.c"));
	ck_assert(!spatch_safe_path("fs/new\nline.c"));
	ck_assert(!spatch_safe_path("fs/$(reboot).c"));
	/* Given to spatch as "./-rf.c" and "./~/x.c", never as an option or $HOME's. */
	ck_assert(spatch_safe_path("-rf.c"));
	ck_assert(spatch_safe_path("~/x.c"));
	check_path_arg("-rf.c", "./-rf.c");
	check_path_arg("~/x.c", "./~/x.c");
	check_path_arg("fs/~x/-y.c", NULL);
	ck_assert(!spatch_safe_path(""));
	ck_assert_int_eq(scan_batch_size(100, 2), SCAN_BATCH_FILES);
	ck_assert_int_eq(scan_batch_size(10, 2), 5);
	ck_assert_int_eq(scan_batch_size(3, 8), 1);
	ck_assert_int_eq(scan_batch_size(0, 2), 1);
}
END_TEST

START_TEST(test_tsv_escapes)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	write_tsv_field(f, "a\tb\nc\\d\re");
	write_tsv_field(f, NULL);
	fclose(f);
	ck_assert_str_eq(buf, "a\\tb\\nc\\\\d\\re");
	free(buf);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("options");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_scan_options);
	tcase_add_test(tc, test_scan_defaults);
	tcase_add_test(tc, test_scan_errors);
	tcase_add_test(tc, test_list_options);
	tcase_add_test(tc, test_show_and_stats_options);
	tcase_add_test(tc, test_commands_table);
	tcase_add_test(tc, test_spatch_helpers);
	tcase_add_test(tc, test_tsv_escapes);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

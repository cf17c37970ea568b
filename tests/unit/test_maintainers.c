// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unit tests of driver/maintainers.c: MAINTAINERS parsing and subsystem attribution.
 *
 * The expected answers for tests/unit/fixtures/maintainers/tree/MAINTAINERS were checked
 * against the kernel's scripts/get_maintainer.pl (Linux 6.1) on a copy of the fixture tree
 * with the looked-up files created; scripts/maint-agree.sh does the same on a real tree.
 * Fixtures are found under $WHICHALLOC_TOP (set by "make unit"), else the current directory.
 */
#include "maintainers.h"
#include "util.h"

#include <check.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char path_buf[4096];

static const char *top_path(const char *rel)
{
	const char *top = getenv("WHICHALLOC_TOP");

	snprintf(path_buf, sizeof(path_buf), "%s/%s", top && *top ? top : ".", rel);
	return path_buf;
}

static struct maintainers *load(const char *rel)
{
	char err[512] = "";
	struct maintainers *m = maintainers_load(top_path(rel), err, sizeof(err));

	ck_assert_msg(m, "cannot load %s: %s", rel, err);
	return m;
}

static struct maintainers *parse(const char *text)
{
	char err[512] = "";
	struct maintainers *m = maintainers_parse(text, strlen(text), "test", err, sizeof(err));

	ck_assert_msg(m, "cannot parse: %s", err);
	return m;
}

/* The title of the section named first for path, or "(none)". */
static const char *first(const struct maintainers *m, const char *path)
{
	const struct maint_section *s = maintainers_lookup(m, path);

	return s ? s->title : "(none)";
}

/* How many warnings contain needle. */
static size_t warnings_with(const struct maintainers *m, const char *needle)
{
	size_t i, n = 0;

	for (i = 0; i < maintainers_warning_count(m); i++)
		n += strstr(maintainers_warning(m, i), needle) != NULL;
	return n;
}

static size_t list_len(const char *const *v)
{
	size_t n = 0;

	while (v[n])
		n++;
	return n;
}

START_TEST(test_fixture_loads_without_warnings)
{
	struct maintainers *m = load("tests/unit/fixtures/maintainers/tree/MAINTAINERS");
	const struct maint_section *s;

	ck_assert_uint_eq(maintainers_count(m), 15);
	ck_assert_uint_eq(maintainers_warning_count(m), 0);
	s = maintainers_section(m, 0);
	ck_assert_str_eq(s->title, "BLOBFS");
	ck_assert_uint_eq(s->line, 15);
	ck_assert_str_eq(s->status, "Maintained");
	ck_assert_uint_eq(list_len(s->maintainers), 1);
	ck_assert_str_eq(s->maintainers[0], "Bob Blob <bob@example.org>");
	ck_assert_uint_eq(list_len(s->reviewers), 2);
	ck_assert_str_eq(s->reviewers[1], "Ron Review <ron@example.org>");
	ck_assert_uint_eq(list_len(s->lists), 2);
	ck_assert_str_eq(s->lists[0], "blobfs@lists.example.org");
	s = maintainers_section(m, 2);
	ck_assert_str_eq(s->title, "CHARACTER CLASS");
	ck_assert_ptr_null(s->status);
	ck_assert_ptr_null(s->reviewers[0]);
	ck_assert_ptr_null(s->lists[0]);
	ck_assert_str_eq(maintainers_section(m, 14)->title, "THE REST");
	ck_assert_ptr_null(maintainers_section(m, 15));
	maintainers_free(m);
}
END_TEST

START_TEST(test_globs)
{
	struct maintainers *m = load("tests/unit/fixtures/maintainers/tree/MAINTAINERS");

	/* '*' within a directory; it crosses '/' but the '/' counts must be equal */
	ck_assert_str_eq(first(m, "fs/blobfs/compress.c"), "BLOBFS COMPRESSION");
	ck_assert_str_eq(first(m, "fs/blobfs/compress-lz.c"), "BLOBFS COMPRESSION");
	ck_assert_str_eq(first(m, "fs/blobfs/compress/x.c"), "BLOBFS");
	/* "drivers/gadget/" then '*': files directly in it, not below */
	ck_assert_str_eq(first(m, "drivers/gadget/gadget.c"), "GADGET DRIVERS");
	ck_assert_str_eq(first(m, "drivers/gadget/sub/x.c"), "DRIVERS CORE");
	/* a '*' in a directory pattern matches across '/' (get_maintainer.pl's ".*") */
	ck_assert_str_eq(first(m, "drivers/gadget/firmware/load.c"), "GADGET FIRMWARE");
	ck_assert_str_eq(first(m, "drivers/a/b/firmware/x.c"), "GADGET FIRMWARE");
	/* '?' is one character, '/' included, but then the '/' counts differ */
	ck_assert_str_eq(first(m, "drivers/misc/abxd.c"), "QUESTION MARK");
	ck_assert_str_eq(first(m, "drivers/misc/abd.c"), "DRIVERS CORE");
	ck_assert_str_eq(first(m, "drivers/misc/ab/d.c"), "DRIVERS CORE");
	/* '.' is literal, [ch] a class */
	ck_assert_str_eq(first(m, "drivers/misc/clsh-x.h"), "CHARACTER CLASS");
	ck_assert_str_eq(first(m, "drivers/misc/clsc-y.c"), "CHARACTER CLASS");
	ck_assert_str_eq(first(m, "drivers/misc/clsx-y.c"), "DRIVERS CORE");
	ck_assert_str_eq(first(m, "drivers/misc/clsh-xxh"), "DRIVERS CORE");
	/* "F:\t*" is the top level only, "F:\t*" then '/' everything else */
	ck_assert_str_eq(first(m, "Makefile"), "THE REST");
	ck_assert_str_eq(first(m, "kernel/fork.c"), "THE REST");
	maintainers_free(m);
}
END_TEST

START_TEST(test_directories)
{
	struct maintainers *m = load("tests/unit/fixtures/maintainers/tree/MAINTAINERS");

	/* trailing slash: everything below */
	ck_assert_str_eq(first(m, "fs/blobfs/inode.c"), "BLOBFS");
	ck_assert_str_eq(first(m, "fs/blobfs/a/b/c.c"), "BLOBFS");
	/* "F:\tdrivers/widget" names a directory of the tree: a slash is added */
	ck_assert_str_eq(first(m, "drivers/widget/core.c"), "WIDGET");
	ck_assert_str_eq(first(m, "drivers/widget/sub/core.c"), "WIDGET");
	ck_assert_str_eq(first(m, "drivers/widgetry.c"), "DRIVERS CORE");
	/* "F:\tinclude/linux/widget" is no directory: a prefix with as many '/' */
	ck_assert_str_eq(first(m, "include/linux/widget.h"), "WIDGET HEADERS");
	ck_assert_str_eq(first(m, "include/linux/widget"), "WIDGET HEADERS");
	ck_assert_str_eq(first(m, "include/linux/widgets/x.h"), "THE REST");
	/* paths as get_maintainer.pl's canonpath() leaves them */
	ck_assert_str_eq(first(m, "./fs//blobfs/./inode.c"), "BLOBFS");
	maintainers_free(m);
}
END_TEST

START_TEST(test_directory_without_tree)
{
	char err[512] = "", *text;
	FILE *f = fopen(top_path("tests/unit/fixtures/maintainers/tree/MAINTAINERS"), "r");
	struct maintainers *m;
	long len;

	ck_assert_msg(f, "cannot open the fixture: %s", strerror(errno));
	ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	rewind(f);
	text = malloc(len + 1);
	ck_assert_ptr_nonnull(text);
	ck_assert_uint_eq(fread(text, 1, len, f), (size_t)len);
	fclose(f);
	m = maintainers_parse(text, len, "fixture", err, sizeof(err));
	free(text);
	ck_assert_msg(m, "%s", err);
	/* a path continuing the pattern with '/' proves it is a directory */
	ck_assert_str_eq(first(m, "drivers/widget/core.c"), "WIDGET");
	/* the documented difference: without a tree, "drivers/widget" stays a prefix */
	ck_assert_str_eq(first(m, "drivers/widgetry.c"), "WIDGET");
	/* a pattern with a '.' is never a directory */
	ck_assert_str_eq(first(m, "include/linux/blobfs.h/x"), "THE REST");
	maintainers_free(m);
}
END_TEST

START_TEST(test_excludes)
{
	struct maintainers *m = load("tests/unit/fixtures/maintainers/tree/MAINTAINERS");
	struct maint_match all[8];

	ck_assert_str_eq(first(m, "drivers/gadget/gadget-old.c"), "DRIVERS CORE");
	ck_assert_str_eq(first(m, "drivers/widget/legacy/old.c"), "DRIVERS CORE");
	/* an X: match removes the whole section, not just one pattern */
	ck_assert_uint_eq(maintainers_match(m, "drivers/widget/legacy/old.c", all, 8), 2);
	ck_assert_str_eq(all[0].section->title, "DRIVERS CORE");
	ck_assert_str_eq(all[1].section->title, "THE REST");
	maintainers_free(m);
}
END_TEST

START_TEST(test_n_regexes)
{
	struct maintainers *m = load("tests/unit/fixtures/maintainers/tree/MAINTAINERS");
	struct maint_match all[8];

	/* N: matches anywhere in the path and scores 0: above THE REST, below any F: */
	ck_assert_str_eq(first(m, "arch/foo/chipz9/init.c"), "CHIP FAMILY");
	ck_assert_str_eq(first(m, "arch/chipz-core.c"), "CHIP FAMILY");
	ck_assert_str_eq(first(m, "arch/bigchipz9.c"), "THE REST");
	ck_assert_str_eq(first(m, "drivers/net/chipz-bus.c"), "DRIVERS CORE");
	ck_assert_uint_eq(maintainers_match(m, "drivers/net/chipz-bus.c", all, 8), 3);
	ck_assert_str_eq(all[1].section->title, "CHIP FAMILY");
	ck_assert_int_eq(all[1].depth, 0);
	maintainers_free(m);
}
END_TEST

START_TEST(test_most_specific_wins)
{
	struct maintainers *m = load("tests/unit/fixtures/maintainers/tree/MAINTAINERS");
	struct maint_match all[8];
	size_t n;

	ck_assert_str_eq(first(m, "include/linux/blobfs.h"), "BLOBFS");
	n = maintainers_match(m, "fs/blobfs/compress.c", all, 8);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(all[0].section->title, "BLOBFS COMPRESSION");
	ck_assert_int_eq(all[0].depth, 3);
	ck_assert_str_eq(all[1].section->title, "BLOBFS");
	ck_assert_int_eq(all[1].depth, 2);
	ck_assert_str_eq(all[2].section->title, "THE REST");
	ck_assert_int_eq(all[2].depth, -1);
	/* only as many as asked for are filled; the count is still all of them */
	ck_assert_uint_eq(maintainers_match(m, "fs/blobfs/compress.c", all, 1), 3);
	ck_assert_uint_eq(maintainers_match(m, "fs/blobfs/compress.c", NULL, 0), 3);
	/* the last matching line of a section sets its score: N: after F: gives 0 */
	ck_assert_str_eq(first(m, "drivers/lastline/x.c"), "DRIVERS CORE");
	ck_assert_uint_eq(maintainers_match(m, "drivers/lastline/x.c", all, 8), 3);
	ck_assert_str_eq(all[1].section->title, "LAST LINE WINS");
	ck_assert_int_eq(all[1].depth, 0);
	/* equal scores (random order in get_maintainer.pl): longest literal, then file order */
	ck_assert_uint_eq(maintainers_match(m, "lib/tie/x.c", all, 8), 4);
	ck_assert_str_eq(all[0].section->title, "TIE FIRST");
	ck_assert_str_eq(all[1].section->title, "TIE SECOND");
	ck_assert_str_eq(all[2].section->title, "TIE GLOB");
	ck_assert_int_eq(all[2].depth, 2);
	ck_assert_str_eq(first(m, "lib/tie/x.c"), "TIE FIRST");
	ck_assert_str_eq(first(m, "lib/tip/x.c"), "TIE GLOB");
	maintainers_free(m);
}
END_TEST

START_TEST(test_nothing_matches)
{
	struct maintainers *m = parse("FOO DRIVER\nM:\tF Oo <foo@example.org>\nF:\tdrivers/foo/\n");
	struct maint_match all[2];

	ck_assert_ptr_null(maintainers_lookup(m, "drivers/bar/bar.c"));
	ck_assert_ptr_null(maintainers_lookup(m, "drivers/foo"));
	ck_assert_uint_eq(maintainers_match(m, "drivers/bar/bar.c", all, 2), 0);
	ck_assert_str_eq(first(m, "drivers/foo/foo.c"), "FOO DRIVER");
	ck_assert_ptr_null(maintainers_lookup(NULL, "drivers/foo/foo.c"));
	ck_assert_ptr_null(maintainers_lookup(m, NULL));
	maintainers_free(m);
}
END_TEST

static unsigned int warn_calls;

static void count_warning(void *ctx, const char *msg)
{
	ck_assert_ptr_eq(ctx, &warn_calls);
	ck_assert_ptr_nonnull(strstr(msg, "MAINTAINERS:"));
	warn_calls++;
}

START_TEST(test_malformed_file)
{
	const char *path = top_path("tests/unit/fixtures/maintainers/malformed/MAINTAINERS");
	struct maint_opts opts = { .warn = count_warning, .warn_ctx = &warn_calls };
	char err[512] = "";
	struct maintainers *m;
	const struct maint_section *s;

	warn_calls = 0;
	m = maintainers_load_opts(path, &opts, err, sizeof(err));
	ck_assert_msg(m, "%s", err);
	ck_assert_uint_eq(maintainers_warning_count(m), 8);
	ck_assert_uint_eq(warn_calls, 8);
	/* fields before any title: one warning, ignored */
	ck_assert_uint_eq(warnings_with(m, "MAINTAINERS:4: field line before any section title"),
			  1);
	ck_assert_str_eq(first(m, "orphan/x.c"), "(none)");
	/* unknown letter: warned about, the section still works */
	ck_assert_uint_eq(warnings_with(m, "MAINTAINERS:9: unknown field 'Z:'"), 1);
	s = maintainers_lookup(m, "good/x.c");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->title, "GOOD SECTION");
	ck_assert_str_eq(s->status, "Maintained");
	ck_assert_uint_eq(warnings_with(m, "MAINTAINERS:11: second S: field"), 1);
	ck_assert_uint_eq(warnings_with(m, "MAINTAINERS:12: empty L: field"), 1);
	ck_assert_ptr_null(s->lists[0]);
	/* a mistyped field starts a section titled by it, as in get_maintainer.pl */
	ck_assert_uint_eq(warnings_with(m, "MAINTAINERS:14: 'f: lowercase/' follows a field"), 1);
	ck_assert_str_eq(first(m, "after-lowercase/x.c"), "f:\tlowercase/");
	/* a blank line does not end a section */
	ck_assert_uint_eq(warnings_with(m, "MAINTAINERS:21: field line after a blank line"), 1);
	ck_assert_str_eq(first(m, "continued/x.c"), "BLANK SPLIT");
	/* a leading (?i) is understood; a regex too large or broken is skipped, never matches */
	ck_assert_str_eq(first(m, "SHOUT/x.c"), "BLANK SPLIT");
	ck_assert_uint_eq(warnings_with(m, "MAINTAINERS:23: N: pattern '((((x{1,100}){1,100}){1,"
				       "100}){1,100})' cannot be used as a regex (regular "
				       "expression is too large"), 1);
	ck_assert_str_eq(first(m, "xxx/x.c"), "(none)");
	ck_assert_uint_eq(warnings_with(m, "MAINTAINERS:24: N: pattern '[unclosed' cannot be used "
				       "as a regex (missing terminating ] for character class"),
			  1);
	ck_assert_ptr_null(maintainers_warning(m, 8));
	maintainers_free(m);
}
END_TEST

START_TEST(test_more_malformed_lines)
{
	struct maintainers *m = parse("A\nF:\ta/ \nF:\nN:\t  # only a comment\nX:\t\nM:\n\n"
				      "B\r\nS:\tSupported\r\nF:\tb/\r\n\r\n# a comment line\n");

	ck_assert_uint_eq(maintainers_count(m), 2);
	ck_assert_uint_eq(warnings_with(m, "test:2: F: pattern 'a/ ' ends in white space"), 1);
	ck_assert_uint_eq(warnings_with(m, "test:3: empty F: pattern"), 1);
	ck_assert_uint_eq(warnings_with(m, "test:4: empty N: regex"), 1);
	ck_assert_uint_eq(warnings_with(m, "test:5: empty X: pattern"), 1);
	ck_assert_uint_eq(warnings_with(m, "test:6: empty M: field"), 1);
	ck_assert_uint_eq(maintainers_warning_count(m), 5);
	/* the trailing blank stays part of the pattern, as in get_maintainer.pl; the N: regex
	 * that /x leaves empty matches every path, as in Perl */
	ck_assert_str_eq(first(m, "a/x.c"), "A");
	ck_assert_str_eq(first(m, "a/ x.c"), "A");
	/* an empty F: matches the top level, but so does the empty X: of the section */
	ck_assert_str_eq(first(m, "Makefile"), "(none)");
	/* CRLF line ends */
	ck_assert_str_eq(first(m, "b/x.c"), "B");
	ck_assert_str_eq(maintainers_section(m, 1)->status, "Supported");
	maintainers_free(m);
}
END_TEST

START_TEST(test_perl_regexes)
{
	struct maintainers *m = parse("DIGITS\nN:\tdrv\\d+x\n\n"
				      "EXTENDED\nN:\te x t # a comment\n\n"
				      "ESCAPED CLASS\nN:\tbar[\\-_]baz\n\n"
				      "LAZY\nN:\tqu*?z\n\n"
				      "BRACE\nN:\tcurly{brace\n\n"
				      "COUNT\nN:\tab{2}c\n\n"
				      "GROUP\nN:\tg(?:rr|oo)up\n\n"
				      "WORD\nN:\t\\bword\\b\n\n"
				      "AHEAD\nN:\tfoo(?=bar)\n\n"
				      "NOT AHEAD\nN:\tqux(?!ng)\n\n"
				      "BEHIND\nN:\t(?<=/)behind\n\n"
				      "BACKREF\nN:\t(ab)\\1\n\n"
				      "POSSESSIVE\nN:\tpo++ss\n\n"
				      "FLAGS\nN:\tca(?i:SE)d\n\n"
				      "GLOB CLASS\nF:\tglob/[ab]x.c\n");

	ck_assert_str_eq(first(m, "a/drv12x.c"), "DIGITS");
	ck_assert_str_eq(first(m, "a/drvx.c"), "(none)");
	ck_assert_str_eq(first(m, "a/ext.c"), "EXTENDED");
	ck_assert_str_eq(first(m, "a/e x t.c"), "(none)");
	ck_assert_str_eq(first(m, "bar-baz"), "ESCAPED CLASS");
	ck_assert_str_eq(first(m, "bar_baz"), "ESCAPED CLASS");
	ck_assert_str_eq(first(m, "bar\\baz"), "(none)");
	ck_assert_str_eq(first(m, "quz"), "LAZY");
	ck_assert_str_eq(first(m, "x/curly{brace.c"), "BRACE");
	ck_assert_str_eq(first(m, "abbc"), "COUNT");
	ck_assert_str_eq(first(m, "abc"), "(none)");
	ck_assert_str_eq(first(m, "goopup"), "(none)");
	ck_assert_str_eq(first(m, "x/group.c"), "(none)");
	ck_assert_str_eq(first(m, "x/gooup.c"), "GROUP");
	ck_assert_str_eq(first(m, "x/grrup.c"), "GROUP");
	/* what the old translation to POSIX regexes refused, matched as Perl does */
	ck_assert_str_eq(first(m, "lib/word.c"), "WORD");
	ck_assert_str_eq(first(m, "lib/swords.c"), "(none)");
	ck_assert_str_eq(first(m, "x/foobar.c"), "AHEAD");
	ck_assert_str_eq(first(m, "x/foobaz.c"), "(none)");
	ck_assert_str_eq(first(m, "x/quxes.c"), "NOT AHEAD");
	ck_assert_str_eq(first(m, "x/quxng.c"), "(none)");
	ck_assert_str_eq(first(m, "x/behind.c"), "BEHIND");
	ck_assert_str_eq(first(m, "x_behind.c"), "(none)");
	ck_assert_str_eq(first(m, "x/abab.c"), "BACKREF");
	ck_assert_str_eq(first(m, "x/abba.c"), "(none)");
	ck_assert_str_eq(first(m, "x/pooss.c"), "POSSESSIVE");
	ck_assert_str_eq(first(m, "x/caSed.c"), "FLAGS");
	ck_assert_str_eq(first(m, "x/CASED.c"), "(none)");
	ck_assert_str_eq(first(m, "glob/ax.c"), "GLOB CLASS");
	ck_assert_str_eq(first(m, "glob/bx.c"), "GLOB CLASS");
	ck_assert_str_eq(first(m, "glob/cx.c"), "(none)");
	ck_assert_uint_eq(maintainers_warning_count(m), 0);
	maintainers_free(m);
}
END_TEST

static void collect_warning(void *ctx, const char *msg)
{
	string_list_append(ctx, msg);
}

/*
 * A regex PCRE2 will not compile within its bounds ("regular expression is too large";
 * glibc's regcomp() took 4 GB and 18 s on it) is skipped with one warning naming its line,
 * quickly, and every other section still matches.
 */
START_TEST(test_hostile_regex_compilation)
{
	const char *text = "NESTED\nF:\tnested/\nN:\t((((x{1,100}){1,100}){1,100}){1,100})\n\n"
			   "DEEP\nN:\t((((((((((((((((((((a))))))))))))))))))))\n\n"
			   "OTHER\nF:\tother/\nN:\txxxx\n";
	struct string_list warns = STRING_LIST_INIT;
	struct maint_opts opts = { .warn = collect_warning, .warn_ctx = &warns };
	double start = monotonic_seconds();
	char err[512] = "";
	struct maintainers *m;

	m = maintainers_parse_opts(text, strlen(text), "hostile", &opts, err, sizeof(err));
	ck_assert_msg(m, "%s", err);
	ck_assert_double_lt(monotonic_seconds() - start, 5.0);
	ck_assert_msg(warns.nr == 1, "%zu warnings, the last: %s", warns.nr,
		      warns.items[warns.nr - 1]);
	ck_assert_ptr_nonnull(strstr(warns.items[0], "hostile:3: N: pattern '((((x{1,100}){1,"));
	ck_assert_ptr_nonnull(strstr(warns.items[0], "regular expression is too large"));
	ck_assert_str_eq(maintainers_warning(m, 0), warns.items[0]);
	ck_assert_str_eq(first(m, "nested/x.c"), "NESTED");
	ck_assert_str_eq(first(m, "xxxx/x.c"), "OTHER");
	ck_assert_str_eq(first(m, "other/x.c"), "OTHER");
	ck_assert_str_eq(first(m, "a/b.c"), "DEEP");
	maintainers_free(m);
	string_list_clear(&warns);
}
END_TEST

/*
 * A match that backtracks without end hits PCRE2's match limit: no match, one warning for
 * the pattern (not one per path), and the pattern is skipped from then on.
 */
START_TEST(test_hostile_regex_matching)
{
	const char *text = "BACKTRACK\nN:\t(a+)+$\n\nPLAIN\nF:\taaa/\n";
	struct string_list warns = STRING_LIST_INIT;
	struct maint_opts opts = { .warn = collect_warning, .warn_ctx = &warns };
	char err[512] = "", path[64];
	double start;
	struct maintainers *m;

	m = maintainers_parse_opts(text, strlen(text), "hostile", &opts, err, sizeof(err));
	ck_assert_msg(m, "%s", err);
	ck_assert_uint_eq(warns.nr, 0);
	ck_assert_str_eq(first(m, "x/aaaa"), "BACKTRACK");
	snprintf(path, sizeof(path), "aaa/%s!", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	start = monotonic_seconds();
	ck_assert_str_eq(first(m, path), "PLAIN");
	ck_assert_str_eq(first(m, path), "PLAIN");
	ck_assert_double_lt(monotonic_seconds() - start, 5.0);
	ck_assert_uint_eq(warns.nr, 1);
	ck_assert_ptr_nonnull(strstr(warns.items[0], "hostile:2: N: pattern '(a+)+$' hit a limit "
				     "matching 'aaa/aaaa"));
	ck_assert_ptr_nonnull(strstr(warns.items[0], "match limit exceeded"));
	ck_assert_uint_eq(maintainers_warning_count(m), 1);
	/* skipped from now on, even where it would match */
	ck_assert_str_eq(first(m, "x/aaaa"), "(none)");
	maintainers_free(m);
	string_list_clear(&warns);
}
END_TEST

struct lookup_thread {
	const struct maintainers *m;
	const char *path;
	int wrong;
};

static void *lookup_loop(void *arg)
{
	struct lookup_thread *t = arg;

	for (int i = 0; i < 200; i++) {
		const struct maint_section *s = maintainers_lookup(t->m, t->path);
		struct maint_match all[4];

		t->wrong += !s || strcmp(s->title, "PLAIN");
		t->wrong += maintainers_match(t->m, t->path, all, 4) < 1;
	}
	return NULL;
}

/*
 * Lookups from several threads at once, each path making the backtracking regex hit its
 * limit: every answer right, one warning in all.
 */
START_TEST(test_concurrent_lookups)
{
	const char *text = "BACKTRACK\nN:\t(a+)+$\n\nPLAIN\nF:\taaa/\n";
	struct string_list warns = STRING_LIST_INIT;
	struct maint_opts opts = { .warn = collect_warning, .warn_ctx = &warns };
	struct lookup_thread t[4];
	pthread_t tid[4];
	char err[512] = "";
	struct maintainers *m;

	m = maintainers_parse_opts(text, strlen(text), "threads", &opts, err, sizeof(err));
	ck_assert_msg(m, "%s", err);
	for (int i = 0; i < 4; i++) {
		t[i] = (struct lookup_thread){ m, i % 2 ? "aaa/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" :
						      "aaa/x.c", 0 };
		ck_assert_int_eq(pthread_create(&tid[i], NULL, lookup_loop, &t[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		ck_assert_int_eq(pthread_join(tid[i], NULL), 0);
		ck_assert_int_eq(t[i].wrong, 0);
	}
	ck_assert_uint_eq(warns.nr, 1);
	ck_assert_uint_eq(maintainers_warning_count(m), 1);
	maintainers_free(m);
	string_list_clear(&warns);
}
END_TEST

START_TEST(test_very_long_lines)
{
	size_t intro = 1000000, big = 200000, i;
	char *text = malloc(intro + 3 * big + 100), *p = text, *path = malloc(big + 20);
	char err[512] = "";
	struct maintainers *m;
	const struct maint_section *s;

	ck_assert_ptr_nonnull(text);
	ck_assert_ptr_nonnull(path);
	/* an introduction line of 1 MB, then a title and patterns of 200 kB */
	memset(p, 'i', intro);
	p += intro;
	*p++ = '\n';
	memset(p, 'T', big);
	p += big;
	p += sprintf(p, "\nF:\tdeep/");
	memset(p, 'd', big);
	p += big;
	p += sprintf(p, "/\nF:\t");
	memset(p, 'w', big);
	p += big;
	p += sprintf(p, " \n");
	m = maintainers_parse(text, p - text, "long", err, sizeof(err));
	ck_assert_msg(m, "%s", err);
	ck_assert_uint_eq(maintainers_count(m), 1);
	s = maintainers_section(m, 0);
	ck_assert_uint_eq(strlen(s->title), big);
	ck_assert_uint_eq(s->line, 2);
	i = sprintf(path, "deep/");
	memset(path + i, 'd', big);
	strcpy(path + i + big, "/x.c");
	ck_assert_ptr_eq(maintainers_lookup(m, path), s);
	path[i + big / 2] = 'e';
	ck_assert_ptr_null(maintainers_lookup(m, path));
	/* a warning quoting a long value stays short */
	ck_assert_uint_eq(maintainers_warning_count(m), 1);
	ck_assert_ptr_nonnull(strstr(maintainers_warning(m, 0), "long:4: F: pattern 'www"));
	ck_assert_uint_lt(strlen(maintainers_warning(m, 0)), 512);
	maintainers_free(m);
	free(text);
	free(path);
}
END_TEST

START_TEST(test_errors)
{
	char err[512], dir[] = "/tmp/whichalloc-maint-XXXXXX", file[sizeof(dir) + 16];
	FILE *f;

	/* empty text, an empty file */
	err[0] = '\0';
	ck_assert_ptr_null(maintainers_parse("", 0, "empty", err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "empty:1: empty file"));
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(file, sizeof(file), "%s/MAINTAINERS", dir);
	f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fclose(f);
	ck_assert_ptr_null(maintainers_load(file, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, file));
	ck_assert_ptr_nonnull(strstr(err, "empty file"));
	/* text without any section */
	ck_assert_ptr_null(maintainers_parse("Just\ntext\n\n", 11, "prose", err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "prose:3: end of file without any section"));
	/* a NUL byte: not a text file */
	ck_assert_ptr_null(maintainers_parse("A\nF:\tx/\n\0\n", 10, "bin", err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "bin:3: NUL byte"));
	/* a missing file, a directory */
	unlink(file);
	ck_assert_ptr_null(maintainers_load(file, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, file));
	ck_assert_ptr_nonnull(strstr(err, strerror(ENOENT)));
	ck_assert_ptr_null(maintainers_load(dir, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "is a directory"));
	ck_assert_int_eq(rmdir(dir), 0);
	/* err may be left out */
	ck_assert_ptr_null(maintainers_parse("", 0, NULL, NULL, 0));
	maintainers_free(NULL);
	ck_assert_uint_eq(maintainers_count(NULL), 0);
}
END_TEST

START_TEST(test_kernel_samples)
{
	struct maintainers *m = load("kernel-samples/MAINTAINERS");
	const struct maint_section *s;

	ck_assert_uint_eq(maintainers_warning_count(m), 0);
	s = maintainers_lookup(m, "fs/proc/base.c");
	ck_assert_ptr_nonnull(s);
	ck_assert_str_eq(s->title, "PROC FILESYSTEM (SAMPLES)");
	ck_assert_str_eq(s->status, "Maintained");
	ck_assert_str_eq(s->maintainers[0], "Pat Procfs <pat@example.org>");
	ck_assert_str_eq(s->reviewers[0], "Vera Vfs <vera@example.org>");
	ck_assert_str_eq(s->lists[0], "sample-fsdevel@lists.example.org");
	ck_assert_str_eq(first(m, "include/linux/proc_fs.h"), "PROC FILESYSTEM (SAMPLES)");
	ck_assert_str_eq(first(m, "drivers/char/mem.c"), "CHARACTER DEVICES (SAMPLES)");
	ck_assert_str_eq(first(m, "drivers/char/legacy/lp.c"),
			 "LEGACY CHARACTER DRIVERS (SAMPLES)");
	ck_assert_str_eq(first(m, "fs/configfs/file.c"), "CONFIGFS (SAMPLES)");
	ck_assert_str_eq(first(m, "fs/namei.c"), "FILESYSTEMS (VFS and infrastructure)");
	ck_assert_str_eq(first(m, "fs/jbd2/journal.c"), "JOURNALLING BLOCK DEVICE (SAMPLES)");
	ck_assert_str_eq(first(m, "fs/jfs/jfs_logmgr.c"), "JFS FILESYSTEM (SAMPLES)");
	ck_assert_str_eq(first(m, "mm/page_alloc.c"), "MEMORY MANAGEMENT (SAMPLES)");
	ck_assert_str_eq(first(m, "include/linux/gfp.h"), "MEMORY MANAGEMENT (SAMPLES)");
	ck_assert_str_eq(first(m, "drivers/block/sample_misc.c"), "MISC DRIVERS (SAMPLES)");
	ck_assert_str_eq(first(m, "include/linux/slab.h"), "THE REST");
	ck_assert_str_eq(first(m, "Makefile"), "THE REST");
	maintainers_free(m);
}
END_TEST

static Suite *maintainers_suite(void)
{
	Suite *s = suite_create("maintainers");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_fixture_loads_without_warnings);
	tcase_add_test(tc, test_globs);
	tcase_add_test(tc, test_directories);
	tcase_add_test(tc, test_directory_without_tree);
	tcase_add_test(tc, test_excludes);
	tcase_add_test(tc, test_n_regexes);
	tcase_add_test(tc, test_most_specific_wins);
	tcase_add_test(tc, test_nothing_matches);
	tcase_add_test(tc, test_malformed_file);
	tcase_add_test(tc, test_more_malformed_lines);
	tcase_add_test(tc, test_perl_regexes);
	tcase_add_test(tc, test_hostile_regex_compilation);
	tcase_add_test(tc, test_hostile_regex_matching);
	tcase_add_test(tc, test_concurrent_lookups);
	tcase_add_test(tc, test_very_long_lines);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_kernel_samples);
	suite_add_tcase(s, tc);
	return s;
}

int main(void)
{
	SRunner *sr = srunner_create(maintainers_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

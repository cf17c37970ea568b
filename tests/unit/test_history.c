// SPDX-License-Identifier: GPL-2.0-only
/*
 * history.c and csource.c: finding a function's body in C text, counting calls, and how a
 * gone finding went (converted, removed, changed), on small C snippets; which runs cover
 * which files.
 */
#include "csource.h"
#include "history.h"
#include "testutil.h"

/* The body c_find_function() finds for name in src, as a new string; NULL when none. */
static char *body_of(const char *src, const char *name)
{
	struct c_span span;

	if (!c_find_function(src, strlen(src), name, &span))
		return NULL;
	ck_assert(span.begin <= span.end && span.end <= strlen(src));
	return xstrndup(src + span.begin, span.end - span.begin);
}

static void assert_body(const char *src, const char *name, const char *want)
{
	char *got = body_of(src, name);

	ck_assert_msg(got != NULL, "no body found for %s", name);
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_find_simple)
{
	const char *src =
		"#include <linux/fs.h>\n"
		"static int helper(void);\n"
		"static ssize_t foo_write(struct file *file, const char __user *ubuf,\n"
		"\t\t\t size_t count, loff_t *ppos)\n"
		"{\n\treturn helper();\n}\n"
		"static int helper(void)\n{\n\treturn 0;\n}\n";

	assert_body(src, "foo_write", "{\n\treturn helper();\n}");
	/* The prototype is not the definition. */
	assert_body(src, "helper", "{\n\treturn 0;\n}");
	ck_assert_ptr_null(body_of(src, "foo"));
	ck_assert_ptr_null(body_of(src, "missing"));
	ck_assert_ptr_null(body_of(src, ""));
}
END_TEST

START_TEST(test_find_column0_and_pointer)
{
	const char *src =
		"static int\nfoo(int a)\n{ return a; }\n"
		"static char *bar(void) { return NULL; }\n";

	assert_body(src, "foo", "{ return a; }");
	assert_body(src, "bar", "{ return NULL; }");
}
END_TEST

START_TEST(test_find_skips_comments_strings_calls)
{
	const char *src =
		"/* foo(void) { in a comment } */\n"
		"// foo(void) {\n"
		"static const char *s = \"foo(void) {\";\n"
		"static void caller(void)\n{\n\tfoo(1);\n\tif (x) { foo(2); }\n}\n"
		"struct foo { int x; };\n"
		"static int foo(int y)\n{\n\tchar c = '}';\n\t/* } */\n\treturn y; /* { */\n}\n";

	assert_body(src, "foo", "{\n\tchar c = '}';\n\t/* } */\n\treturn y; /* { */\n}");
}
END_TEST

START_TEST(test_find_attributes_and_directives)
{
	const char *src =
		"#define LOCKED(x) { x }\n"
		"static void lock_it(struct s *s) __acquires(&s->lock)\n{\n"
		"#ifdef CONFIG_X\n\tspin_lock(&s->lock);\n#endif\n}\n";

	assert_body(src, "lock_it", "{\n#ifdef CONFIG_X\n\tspin_lock(&s->lock);\n#endif\n}");
}
END_TEST

START_TEST(test_find_macro_invocations_are_not_definitions)
{
	/* A macro invoked at column 0 without ';' and a function after it. */
	const char *src =
		"#define MAKE_WRITE(name) \\\n"
		"static ssize_t name##_write(char *buf) \\\n"
		"{ \\\n\treturn kmalloc(1, GFP_KERNEL) != NULL; \\\n}\n"
		"MAKE_WRITE(low)\nMAKE_WRITE(high)\n"
		"static int after(void)\n{\n\treturn 1;\n}\n";
	char *body;

	assert_body(src, "after", "{\n\treturn 1;\n}");
	/* spatch names a function in a macro body after the macro: its text is the body. */
	body = body_of(src, "MAKE_WRITE");
	ck_assert_ptr_nonnull(body);
	ck_assert_ptr_nonnull(strstr(body, "return kmalloc(1, GFP_KERNEL)"));
	ck_assert(!strstr(body, "after"));
	ck_assert_int_eq(c_count_calls(body, strlen(body), "kmalloc"), 1);
	free(body);
	ck_assert_ptr_null(body_of(src, "MAKE"));
}
END_TEST

START_TEST(test_find_unbalanced)
{
	/* Braces that never close: the body runs to the end of the text. */
	const char *src = "int f(void)\n{\n\tif (x) {\n\treturn 0;\n}\n";

	assert_body(src, "f", "{\n\tif (x) {\n\treturn 0;\n}\n");
	/* An unclosed comment or parameter list: no definition, no crash. */
	ck_assert_ptr_null(body_of("int g(void /* {", "g"));
	ck_assert_ptr_null(body_of("int g(int a, ", "g"));
	ck_assert_ptr_null(body_of("int g", "g"));
}
END_TEST

START_TEST(test_count_calls)
{
	const char *src =
		"buf = memdup_user_nul(ubuf, count);\n"
		"x = memdup_user_nul (a, b);\n"
		"ops->memdup_user_nul(a, b);\n"
		"ops.memdup_user_nul(a, b);\n"
		"/* memdup_user_nul(a, b) */ s = \"memdup_user_nul(a)\";\n"
		"y = memdup_user_nul_x(a, b); z = my_memdup_user_nul(a, b);\n"
		"fn = memdup_user_nul;\n";

	ck_assert_int_eq(c_count_calls(src, strlen(src), "memdup_user_nul"), 2);
	ck_assert_int_eq(c_count_calls(src, strlen(src), "kmalloc"), 0);
	ck_assert_int_eq(c_count_calls("", 0, "kmalloc"), 0);
}
END_TEST

static struct string_list replacements(const char *list)
{
	struct string_list l = STRING_LIST_INIT;

	string_list_split(&l, list, ", ");
	return l;
}

static enum history_how classify(const char *now, const char *then, const char *function,
				 const char *reps)
{
	struct string_list r = replacements(reps);
	enum history_how how = history_classify(now, now ? strlen(now) : 0, then,
						then ? strlen(then) : 0, function, &r);

	string_list_clear(&r);
	return how;
}

static const char old_write[] =
	"static ssize_t w(struct file *f, const char __user *ubuf, size_t count, loff_t *p)\n"
	"{\n\tchar *buf = kmalloc(count + 1, GFP_KERNEL);\n\n\tif (!buf)\n"
	"\t\treturn -ENOMEM;\n\tif (copy_from_user(buf, ubuf, count)) {\n"
	"\t\tkfree(buf);\n\t\treturn -EFAULT;\n\t}\n\tbuf[count] = '\\0';\n"
	"\treturn use(buf);\n}\n";
static const char converted_write[] =
	"static ssize_t w(struct file *f, const char __user *ubuf, size_t count, loff_t *p)\n"
	"{\n\tchar *buf = memdup_user_nul(ubuf, count);\n\n\tif (IS_ERR(buf))\n"
	"\t\treturn PTR_ERR(buf);\n\treturn use(buf);\n}\n";
static const char strndup_write[] =
	"static ssize_t w(struct file *f, const char __user *ubuf, size_t count, loff_t *p)\n"
	"{\n\tchar *buf = strndup_user(ubuf, count);\n\n\tif (IS_ERR(buf))\n"
	"\t\treturn PTR_ERR(buf);\n\treturn use(buf);\n}\n";

START_TEST(test_classify_memdup)
{
	ck_assert_int_eq(classify(converted_write, old_write, "w", "memdup_user_nul"),
			 HISTORY_CONVERTED);
	/* The old tree unknown: a call of the replacement is enough. */
	ck_assert_int_eq(classify(converted_write, NULL, "w", "memdup_user_nul"),
			 HISTORY_CONVERTED);
	ck_assert_int_eq(classify(strndup_write, old_write, "w", "memdup_user_nul"),
			 HISTORY_CHANGED);
	/* memdup_user_nul() is not memdup_user()'s replacement. */
	ck_assert_int_eq(classify(converted_write, old_write, "w", "memdup_user, vmemdup_user"),
			 HISTORY_CHANGED);
	/* A rule without a Replacement header: never converted. */
	ck_assert_int_eq(classify(converted_write, old_write, "w", ""), HISTORY_CHANGED);
}
END_TEST

START_TEST(test_classify_removed)
{
	ck_assert_int_eq(classify(NULL, old_write, "w", "memdup_user_nul"), HISTORY_REMOVED);
	ck_assert_int_eq(classify("static int other(void)\n{\n\treturn 0;\n}\n", old_write, "w",
				  "memdup_user_nul"), HISTORY_REMOVED);
	/* Only a prototype, or a mention in a comment, is not the function. */
	ck_assert_int_eq(classify("ssize_t w(void);\n/* w(void) { memdup_user_nul(a, b); } */\n",
				  old_write, "w", "memdup_user_nul"), HISTORY_REMOVED);
}
END_TEST

START_TEST(test_classify_pagealloc)
{
	static const char before[] =
		"int f(void)\n{\n\tstruct s *s = kzalloc(sizeof(*s), GFP_KERNEL);\n"
		"\tchar *page = (char *)__get_free_page(GFP_KERNEL);\n\treturn 0;\n}\n";
	static const char to_kmalloc[] =
		"int f(void)\n{\n\tstruct s *s = kzalloc(sizeof(*s), GFP_KERNEL);\n"
		"\tchar *page = kmalloc(PAGE_SIZE, GFP_KERNEL);\n\treturn 0;\n}\n";
	static const char to_vmalloc[] =
		"int f(void)\n{\n\tstruct s *s = kzalloc(sizeof(*s), GFP_KERNEL);\n"
		"\tchar *page = vmalloc(PAGE_SIZE);\n\treturn 0;\n}\n";

	ck_assert_int_eq(classify(to_kmalloc, before, "f", "kmalloc, kzalloc"),
			 HISTORY_CONVERTED);
	/* The kzalloc() that was there already is no conversion. */
	ck_assert_int_eq(classify(to_vmalloc, before, "f", "kmalloc, kzalloc"), HISTORY_CHANGED);
	/* ... though without the old text it cannot be told apart. */
	ck_assert_int_eq(classify(to_vmalloc, NULL, "f", "kmalloc, kzalloc"), HISTORY_CONVERTED);
	/* The old text without the function counts as no call. */
	ck_assert_int_eq(classify(to_kmalloc, "int g(void)\n{\n}\n", "f", "kmalloc"),
			 HISTORY_CONVERTED);
}
END_TEST

START_TEST(test_classify_outside_functions)
{
	/* A finding outside any function: the whole file is read. */
	ck_assert_int_eq(classify("static char *p = NULL;\n", "static char *p;\n", "", "kmalloc"),
			 HISTORY_CHANGED);
	ck_assert_int_eq(classify("void *p = kmalloc(1, 0);\n", "", "", "kmalloc"),
			 HISTORY_CONVERTED);
}
END_TEST

START_TEST(test_how_names)
{
	ck_assert_str_eq(history_how_name(HISTORY_OPEN), "");
	ck_assert_str_eq(history_how_name(HISTORY_CONVERTED), "converted");
	ck_assert_str_eq(history_how_name(HISTORY_REMOVED), "removed");
	ck_assert_str_eq(history_how_name(HISTORY_CHANGED), "changed");
	ck_assert_str_eq(history_how_name(HISTORY_UNKNOWN), "unknown");
}
END_TEST

START_TEST(test_run_covers)
{
	struct history_run r = { 1, (char *)"6.1.0", (char *)"/t", (char *)"" };

	ck_assert(history_run_covers(&r, "fs/ext4/super.c"));
	r.dirs = (char *)"fs";
	ck_assert(history_run_covers(&r, "fs/ext4/super.c"));
	ck_assert(!history_run_covers(&r, "fsx/a.c"));
	ck_assert(!history_run_covers(&r, "mm/slab.c"));
	r.dirs = (char *)"mm fs/ext4/";
	ck_assert(history_run_covers(&r, "fs/ext4/super.c"));
	ck_assert(history_run_covers(&r, "mm/slab.c"));
	ck_assert(!history_run_covers(&r, "fs/jbd2/journal.c"));
	r.dirs = (char *)"fs/libfs.c";
	ck_assert(history_run_covers(&r, "fs/libfs.c"));
	ck_assert(!history_run_covers(&r, "fs/libfs.c.orig"));
}
END_TEST

/* A life seen by the runs whose flags are set in seen (bit i: run i of two). */
static void add_life(struct history *h, long long id, const char *rule, const char *function,
		     unsigned seen, enum history_how how)
{
	struct history_life *l;

	ALLOC_GROW(h->lives, h->nr + 1, h->alloc);
	l = &h->lives[h->nr++];
	memset(l, 0, sizeof(*l));
	l->f.id = id;
	l->f.rule = xstrdup(rule);
	l->f.function = xstrdup(function);
	l->seen = xcalloc(2, sizeof(*l->seen));
	for (size_t i = 0; i < 2; i++)
		l->seen[i].verdict = seen & (1u << i) ? "replace" : NULL;
	l->first = seen & 1 ? 0 : 1;
	l->last = seen & 2 ? 1 : 0;
	l->newest = 1;
	l->how = how;
}

START_TEST(test_reported_again)
{
	struct history h;

	memset(&h, 0, sizeof(h));
	add_life(&h, 1, "pagealloc-kmalloc", "moved_fn", 1, HISTORY_REMOVED);
	add_life(&h, 2, "pagealloc-kmalloc", "moved_fn", 2, HISTORY_OPEN);	/* again */
	add_life(&h, 3, "memdup-user", "moved_fn", 2, HISTORY_OPEN);	/* other rule */
	add_life(&h, 4, "pagealloc-kmalloc", "moved_fn", 3, HISTORY_OPEN);	/* was there */
	add_life(&h, 5, "pagealloc-kmalloc", "", 1, HISTORY_CHANGED);
	add_life(&h, 6, "pagealloc-kmalloc", "", 2, HISTORY_OPEN);
	history_find_again(&h);
	ck_assert_int_eq(h.lives[0].nr_again, 1);
	ck_assert_int_eq(h.lives[0].again[0], 2);
	/* Open findings have none; nor does a finding outside any function. */
	ck_assert_int_eq(h.lives[1].nr_again, 0);
	ck_assert_int_eq(h.lives[4].nr_again, 0);
	history_clear(&h);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_find_simple);
	tcase_add_test(tc, test_find_column0_and_pointer);
	tcase_add_test(tc, test_find_skips_comments_strings_calls);
	tcase_add_test(tc, test_find_attributes_and_directives);
	tcase_add_test(tc, test_find_macro_invocations_are_not_definitions);
	tcase_add_test(tc, test_find_unbalanced);
	tcase_add_test(tc, test_count_calls);
	tcase_add_test(tc, test_classify_memdup);
	tcase_add_test(tc, test_classify_removed);
	tcase_add_test(tc, test_classify_pagealloc);
	tcase_add_test(tc, test_classify_outside_functions);
	tcase_add_test(tc, test_how_names);
	tcase_add_test(tc, test_run_covers);
	tcase_add_test(tc, test_reported_again);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

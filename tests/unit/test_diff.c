// SPDX-License-Identifier: GPL-2.0-only
/*
 * diff.c: hunk headers, splitting, the functions hunks change, hunks per finding.
 */
#include "diff.h"
#include "testutil.h"

/* Three hunks: one in show(), one in a release function, one that starts in a label. */
static const char diff_text[] =
	"diff -u -p a/fs/x.c b/fs/x.c\n"
	"--- a/fs/x.c\n"
	"+++ b/fs/x.c\n"
	"@@ -10,6 +10,6 @@ static ssize_t show(struct file *f, char __user *u)\n"
	" \tchar *buf;\n"
	" \n"
	"-\tbuf = (char *)__get_free_page(GFP_KERNEL);\n"
	"+\tbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);\n"
	" \tif (!buf)\n"
	" \t\treturn -ENOMEM;\n"
	" \tfill(buf);\n"
	"@@ -30,5 +30,5 @@ static ssize_t show(struct file *f, char __user *u)\n"
	" }\n"
	" \n"
	" static void release(struct thing *t)\n"
	" {\n"
	"-\tfree_page((unsigned long)t->buf);\n"
	"+\tkfree(t->buf);\n"
	"@@ -50,3 +50,3 @@ out:\n"
	" \tx = 1;\n"
	"-\tfree_page((unsigned long)p);\n"
	"+\tkfree(p);\n"
	" \treturn x;\n";

START_TEST(test_hunk_header)
{
	struct hunk h;
	const char *ctx;
	size_t len;
	const char line[] = "@@ -6,11 +7 @@ static int show(int n)";

	ck_assert_int_eq(parse_hunk_header(line, strlen(line), &h, &ctx, &len), 0);
	ck_assert_int_eq(h.old_start, 6);
	ck_assert_int_eq(h.old_len, 11);
	ck_assert_int_eq(h.new_start, 7);
	ck_assert_int_eq(h.new_len, 1);
	ck_assert_int_eq(len, strlen("static int show(int n)"));
	ck_assert(!strncmp(ctx, "static int show(int n)", len));
	ck_assert_int_eq(parse_hunk_header("@@ -1 +1 @@", 11, &h, &ctx, &len), 0);
	ck_assert_int_eq(len, 0);
	ck_assert_int_eq(parse_hunk_header("@@ 1,2 +1,2 @@", 14, &h, &ctx, &len), -1);
	ck_assert_int_eq(parse_hunk_header("@@ -1,x +1 @@", 13, &h, &ctx, &len), -1);
	ck_assert_int_eq(parse_hunk_header("--- a/x", 7, &h, &ctx, &len), -1);
}
END_TEST

static void check_function(const char *line, const char *want)
{
	char *got = function_of_line(line, strlen(line));

	if (!want)
		ck_assert_msg(got == NULL, "\"%s\" gave \"%s\"", line, got);
	else
		ck_assert_msg(got && !strcmp(got, want), "\"%s\" gave \"%s\", not \"%s\"", line,
			      got ? got : "(null)", want);
	free(got);
}

START_TEST(test_function_of_line)
{
	check_function("static int show(int n)", "show");
	check_function("static int __init foo_init(void)", "foo_init");
	check_function("struct page *grab_page (gfp_t gfp)", "grab_page");
	check_function("ssize_t foo_write(struct file *file,", "foo_write");
	check_function("int f(void) { return 0; }", "f");
	check_function("EXPORT_SYMBOL(foo);", NULL);
	check_function("static const struct file_operations fops = {", NULL);
	check_function("static void (*handler)(int);", NULL);
	check_function("static void (*handler)(int)", NULL);
	check_function("out:", NULL);
	check_function("\tindented(void)", NULL);
	check_function("", NULL);
	ck_assert(is_label_line("out:", 4));
	ck_assert(is_label_line("err_free:  /* comment */", 24));
	ck_assert(!is_label_line("default:", 8));
	ck_assert(!is_label_line("std::thing", 10));
	ck_assert(!is_label_line("int x;", 6));
}
END_TEST

START_TEST(test_split_and_functions)
{
	struct hunk_list hl = HUNK_LIST_INIT;

	ck_assert_int_eq(diff_split(diff_text, strlen(diff_text), &hl), 0);
	ck_assert_int_eq(hl.nr, 3);
	ck_assert(!strncmp(hl.header, "--- a/fs/x.c\n+++ b/fs/x.c\n", hl.header_len));
	ck_assert_int_eq(hl.items[0].functions.nr, 1);
	ck_assert_str_eq(hl.items[0].functions.items[0], "show");
	/* The function line inside the hunk wins over the @@ context. */
	ck_assert_int_eq(hl.items[1].functions.nr, 1);
	ck_assert_str_eq(hl.items[1].functions.items[0], "release");
	/* A label is no function: nothing is known. */
	ck_assert_int_eq(hl.items[2].functions.nr, 0);
	ck_assert(!strncmp(hl.items[1].text, "@@ -30,5", 8));
	ck_assert(hl.items[2].text + hl.items[2].len == diff_text + strlen(diff_text));
	hunk_list_clear(&hl);
}
END_TEST

START_TEST(test_split_rejects_bad_diffs)
{
	static const char *const bad[] = {
		"--- a/x\n@@ -1 +1 @@\n-a\n+b\n",			/* no +++ */
		"--- a/x\n+++ b/x\n@@ -1,2 +1,2 @@\n-a\n+b\n",	/* cut short */
		"--- a/x\n+++ b/x\n@@ -1 +1 @@\n-a\n+b\n+c\n",	/* too long */
		"--- a/x\n+++ b/x\nnot a hunk\n",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct hunk_list hl = HUNK_LIST_INIT;

		ck_assert_msg(diff_split(bad[i], strlen(bad[i]), &hl) == -1, "accepted diff %zu",
			      i);
		ck_assert_int_eq(hl.nr, 0);
	}
}
END_TEST

START_TEST(test_diff_for_function)
{
	struct hunk_list hl = HUNK_LIST_INIT;
	struct string_list fns = STRING_LIST_INIT;
	struct strbuf show = STRBUF_INIT, other = STRBUF_INIT, none = STRBUF_INIT;

	ck_assert_int_eq(diff_split(diff_text, strlen(diff_text), &hl), 0);
	string_list_append(&fns, "show");
	string_list_append(&fns, "other");
	diff_for_function(&hl, "show", &fns, &show);
	diff_for_function(&hl, "other", &fns, &other);
	/* show gets its hunk plus the two that belong to no finding's function */
	ck_assert(strstr(show.buf, "kmalloc(PAGE_SIZE"));
	ck_assert(strstr(show.buf, "kfree(t->buf)"));
	ck_assert(strstr(show.buf, "kfree(p)"));
	ck_assert(starts_with(show.buf, "--- a/fs/x.c\n+++ b/fs/x.c\n@@ -10,6"));
	/* other has no hunk of its own: only the orphans */
	ck_assert(!strstr(other.buf, "kmalloc(PAGE_SIZE"));
	ck_assert(strstr(other.buf, "kfree(t->buf)"));
	/* when release() has a finding of its own, its hunk is no orphan */
	string_list_append(&fns, "release");
	strbuf_reset(&show);
	diff_for_function(&hl, "show", &fns, &show);
	ck_assert(!strstr(show.buf, "kfree(t->buf)"));
	/* no hunk at all: nothing, not even the header */
	string_list_clear(&fns);
	string_list_append(&fns, "show");
	string_list_append(&fns, "release");
	hl.nr = 2;
	diff_for_function(&hl, "nowhere", &fns, &none);
	ck_assert_int_eq(none.len, 0);
	hl.nr = 3;
	hunk_list_clear(&hl);
	string_list_clear(&fns);
	strbuf_release(&show);
	strbuf_release(&other);
	strbuf_release(&none);
}
END_TEST

/* Two findings' functions; diff -p cut the second one's name on its "@@" lines. */
static const char cut_text[] =
	"--- a/security/s.c\n"
	"+++ b/security/s.c\n"
	"@@ -5,2 +5,2 @@ static ssize_t sel_read_avc_hash_stats(s\n"
	" \tchar *page;\n"
	"-\tpage = (char *)__get_free_page(GFP_KERNEL);\n"
	"+\tpage = kmalloc(PAGE_SIZE, GFP_KERNEL);\n"
	"@@ -25,2 +25,2 @@ static ssize_t sel_read_sidtab_hash_stat\n"
	" \tchar *page;\n"
	"-\tpage = (char *)__get_free_page(GFP_KERNEL);\n"
	"+\tpage = kmalloc(PAGE_SIZE, GFP_KERNEL);\n"
	"@@ -33,3 +33,3 @@ static ssize_t sel_read_sidtab_hash_stat\n"
	" \t\t\t\t\t\tlength);\n"
	"-\tfree_page((unsigned long)page);\n"
	"+\tkfree(page);\n"
	" }\n";

START_TEST(test_cut_function_name)
{
	struct hunk_list hl = HUNK_LIST_INIT;
	struct string_list fns = STRING_LIST_INIT;
	struct strbuf avc = STRBUF_INIT, sidtab = STRBUF_INIT;

	ck_assert_int_eq(diff_split(cut_text, strlen(cut_text), &hl), 0);
	ck_assert_int_eq(hl.nr, 3);
	ck_assert_str_eq(hl.items[1].cut_name, "sel_read_sidtab_hash_stat");
	ck_assert(!hl.items[0].cut_name);
	string_list_append(&fns, "sel_read_avc_hash_stats");
	string_list_append(&fns, "sel_read_sidtab_hash_stats");
	diff_for_function(&hl, "sel_read_avc_hash_stats", &fns, &avc);
	diff_for_function(&hl, "sel_read_sidtab_hash_stats", &fns, &sidtab);
	/* Each finding gets its own hunks only: the cut name is the start of the second. */
	ck_assert(strstr(avc.buf, "@@ -5,2"));
	ck_assert(!strstr(avc.buf, "@@ -25,2"));
	ck_assert(!strstr(avc.buf, "kfree(page)"));
	ck_assert(!strstr(sidtab.buf, "@@ -5,2"));
	ck_assert(strstr(sidtab.buf, "@@ -25,2"));
	ck_assert(strstr(sidtab.buf, "kfree(page)"));
	hunk_list_clear(&hl);
	string_list_clear(&fns);
	strbuf_release(&avc);
	strbuf_release(&sidtab);
}
END_TEST

/* A context that ends the input on a non-name character has no name to cut (fuzz_diff). */
START_TEST(test_cut_name_at_end)
{
	static const char text[] = "--- a/f.c\n+++ b/f.c\n@@ -1,0 +1,0 @@ static  ssize-10,";
	struct hunk_list hl = HUNK_LIST_INIT;
	/* Not NUL-terminated: the parser must stop at the length it was given. */
	char *copy = malloc(sizeof(text) - 1);

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, text, sizeof(text) - 1);
	ck_assert_int_eq(diff_split(copy, sizeof(text) - 1, &hl), 0);
	ck_assert_int_eq(hl.nr, 1);
	ck_assert(!hl.items[0].cut_name);
	hunk_list_clear(&hl);
	free(copy);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("diff");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_hunk_header);
	tcase_add_test(tc, test_function_of_line);
	tcase_add_test(tc, test_split_and_functions);
	tcase_add_test(tc, test_split_rejects_bad_diffs);
	tcase_add_test(tc, test_diff_for_function);
	tcase_add_test(tc, test_cut_function_name);
	tcase_add_test(tc, test_cut_name_at_end);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

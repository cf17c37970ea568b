// SPDX-License-Identifier: GPL-2.0-only
/*
 * export: report and org lines, CSV quoting, lossy JSON strings, diffs as SARIF replacements,
 * UTF-16 columns, URI paths, rule rationales and atomic output files.
 */
#include "export.h"
#include "testutil.h"

#include <dirent.h>

static char *capture_buf;
static size_t capture_len;

/* What call writes to the FILE f, as a string to free(). */
#define CAPTURE(out, call)						\
	do {								\
		FILE *f = open_memstream(&capture_buf, &capture_len);	\
		ck_assert_ptr_nonnull(f);				\
		call;							\
		ck_assert_int_eq(fclose(f), 0);				\
		(out) = capture_buf;					\
		capture_buf = NULL;					\
	} while (0)

static struct finding_row sample_row(void)
{
	struct finding_row r;

	memset(&r, 0, sizeof(r));
	r.id = 7;
	r.fingerprint = (char *)"0123456789abcdef0123456789abcdef01234567";
	r.rule = (char *)"pagealloc-kmalloc";
	r.verdict = (char *)"replace";
	r.file = (char *)"fs/x.c";
	r.line = 12;
	r.col = 8;
	r.end_line = 12;
	r.end_col = 24;
	r.function = (char *)"show";
	r.message = (char *)"plain buffer: kmalloc(PAGE_SIZE, GFP_KERNEL)";
	r.code = (char *)"\tbuf = __get_free_page(GFP_KERNEL);\n";
	r.status = (char *)"new";
	r.first_run = 1;
	r.last_run = 2;
	return r;
}

START_TEST(test_report_line)
{
	struct finding_row r = sample_row();
	char *out;

	CAPTURE(out, write_report_line(f, &r));
	ck_assert_str_eq(out, "fs/x.c:12:8-24: WARNING: pagealloc-kmalloc: replace: plain buffer: "
			 "kmalloc(PAGE_SIZE, GFP_KERNEL)\n");
	free(out);
	/* The verdict is not repeated; review is INFO; line breaks stay on one line. */
	r.verdict = (char *)"review";
	r.message = (char *)"review: check\nthis";
	CAPTURE(out, write_report_line(f, &r));
	ck_assert_str_eq(out, "fs/x.c:12:8-24: INFO: pagealloc-kmalloc: review: check\\nthis\n");
	free(out);
	r.message = (char *)"bug: kfree() of page memory";
	CAPTURE(out, write_report_line(f, &r));
	ck_assert_str_eq(out, "fs/x.c:12:8-24: WARNING: pagealloc-kmalloc: review: bug: kfree() "
			 "of page memory\n");
	free(out);
	r.verdict = (char *)"keep";
	r.message = (char *)"page table";
	r.end_line = 14;
	r.end_col = 3;
	CAPTURE(out, write_report_line(f, &r));
	/* coccilib prints the end column without the end line, whatever the line. */
	ck_assert_str_eq(out, "fs/x.c:12:8-3: INFO: pagealloc-kmalloc: keep: page table\n");
	free(out);
}
END_TEST

START_TEST(test_org_line)
{
	struct finding_row r = sample_row();
	char *out;

	r.message = (char *)"buf[count] = 0 [twice]";
	CAPTURE(out, write_org_line(f, &r));
	ck_assert_str_eq(out, "* TODO [[view:fs/x.c::face=ovl-face1::linb=12::colb=8::cole=24]"
			 "[pagealloc-kmalloc: replace: buf@(count) = 0 @(twice)]]\n");
	free(out);
}
END_TEST

START_TEST(test_csv_field)
{
	char *out;

	CAPTURE(out, write_csv_field(f, "plain"));
	ck_assert_str_eq(out, "plain");
	free(out);
	CAPTURE(out, write_csv_field(f, "a,b"));
	ck_assert_str_eq(out, "\"a,b\"");
	free(out);
	CAPTURE(out, write_csv_field(f, "say \"hi\""));
	ck_assert_str_eq(out, "\"say \"\"hi\"\"\"");
	free(out);
	CAPTURE(out, write_csv_field(f, "two\nlines\r"));
	ck_assert_str_eq(out, "\"two\nlines\r\"");
	free(out);
	CAPTURE(out, write_csv_field(f, NULL));
	ck_assert_str_eq(out, "");
	free(out);
}
END_TEST

START_TEST(test_csv_rows)
{
	struct finding_row r = sample_row();
	struct row_list rows = { &r, 1, 1 };
	char *out, *second;

	CAPTURE(out, write_csv(f, &rows));
	ck_assert(starts_with(out, "id,rule,verdict,status,file,line,col,end_line,end_col,"));
	second = strstr(out, "\r\n");
	ck_assert_ptr_nonnull(second);
	/* No fixed run and no subsystem are empty fields; the code is quoted (newline). */
	ck_assert(starts_with(second + 2, "7,pagealloc-kmalloc,replace,new,fs/x.c,12,8,12,24,show,,"
			      "\"plain buffer: kmalloc(PAGE_SIZE, GFP_KERNEL)\","));
	ck_assert(ends_with(out, ",1,2,,\"\tbuf = __get_free_page(GFP_KERNEL);\n\",\r\n"));
	free(out);
}
END_TEST

START_TEST(test_json_text_lossy)
{
	json_t *j = json_text("ok \xc3\xa9");
	char *s;

	ck_assert_str_eq(json_string_value(j), "ok \xc3\xa9");
	json_decref(j);
	/* A Latin-1 byte, a truncated sequence, an overlong NUL and a surrogate. */
	j = json_text("a\xe9z \xe2\x82 \xc0\x80 \xed\xa0\x80!");
	ck_assert_ptr_nonnull(j);
	s = xstrdup(json_string_value(j));
	ck_assert_str_eq(s, "a\xef\xbf\xbdz \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\xef\xbf\xbd "
			 "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!");
	free(s);
	json_decref(j);
	j = json_text(NULL);
	ck_assert(json_is_null(j));
	json_decref(j);
}
END_TEST

static const char one_hunk[] =
	"--- a/fs/x.c\n"
	"+++ b/fs/x.c\n"
	"@@ -10,7 +10,6 @@ static ssize_t show(void)\n"
	" \tchar *buf;\n"
	" \n"
	"-\tbuf = (char *)__get_free_page(GFP_KERNEL);\n"
	"-\tif (!buf)\n"
	"+\tbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);\n"
	"+\tif (buf == NULL)\n"
	" \t\treturn -ENOMEM;\n"
	"-\tmemset(buf, 0, PAGE_SIZE);\n"
	" \tfill(buf);\n"
	"@@ -40,3 +39,4 @@ static void release(void)\n"
	" {\n"
	"+\tkfree(x);\n"
	" \tfree_page((unsigned long)y);\n"
	" }\n";

START_TEST(test_diff_to_replacements)
{
	struct replacement_list list;

	ck_assert_int_eq(diff_to_replacements(one_hunk, &list), 0);
	ck_assert_str_eq(list.path, "fs/x.c");
	ck_assert_int_eq(list.nr, 3);
	/* Lines 12-13 become two new lines. */
	ck_assert_int_eq(list.items[0].start_line, 12);
	ck_assert_int_eq(list.items[0].end_line, 14);
	ck_assert_str_eq(list.items[0].text,
			 "\tbuf = kmalloc(PAGE_SIZE, GFP_KERNEL);\n\tif (buf == NULL)\n");
	/* Line 15 goes. */
	ck_assert_int_eq(list.items[1].start_line, 15);
	ck_assert_int_eq(list.items[1].end_line, 16);
	ck_assert_str_eq(list.items[1].text, "");
	/* A line is inserted before line 41. */
	ck_assert_int_eq(list.items[2].start_line, 41);
	ck_assert_int_eq(list.items[2].end_line, 41);
	ck_assert_str_eq(list.items[2].text, "\tkfree(x);\n");
	replacement_list_clear(&list);
}
END_TEST

START_TEST(test_diff_to_replacements_refuses)
{
	struct replacement_list list;
	static const char *const bad[] = {
		/* the counts do not match the lines */
		"--- a/x.c\n+++ b/x.c\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n",
		/* a last line without a newline */
		"--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n"
		"+c\n\\ No newline at end of file\n",
		/* two files */
		"--- a/x.c\n+++ b/x.c\n@@ -1 +1 @@\n-a\n+b\n--- a/y.c\n+++ b/y.c\n@@ -1 +1 @@\n"
		"-a\n+b\n",
		/* hunks out of order */
		"--- a/x.c\n+++ b/x.c\n@@ -9 +9 @@\n-a\n+b\n@@ -2 +2 @@\n-a\n+b\n",
		/* no header */
		"@@ -1 +1 @@\n-a\n+b\n",
		/* nothing changed */
		"--- a/x.c\n+++ b/x.c\n",
		/* garbage in a hunk */
		"--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@\n a\n*b\n",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		ck_assert_msg(diff_to_replacements(bad[i], &list) == -1, "diff %zu accepted", i);
		ck_assert_ptr_null(list.items);
		ck_assert_ptr_null(list.path);
	}
}
END_TEST

START_TEST(test_diff_insert_at_top)
{
	struct replacement_list list;

	ck_assert_int_eq(diff_to_replacements("--- a/x.c\n+++ b/x.c\n@@ -0,0 +1,2 @@\n+a\n+b\n",
					      &list), 0);
	ck_assert_int_eq(list.nr, 1);
	ck_assert_int_eq(list.items[0].start_line, 1);
	ck_assert_int_eq(list.items[0].end_line, 1);
	ck_assert_str_eq(list.items[0].text, "a\nb\n");
	replacement_list_clear(&list);
}
END_TEST

START_TEST(test_utf16_column)
{
	const char *line = "\t/* \xc3\xa9t\xc3\xa9 \xf0\x9f\x98\x80 */ x = y;";

	ck_assert_int_eq(utf16_column("\tx = y;", 7, 0), 1);
	ck_assert_int_eq(utf16_column("\tx = y;", 7, 5), 6);
	/* TAB, slash, star, blank: 4 bytes; e-t-e: 5 bytes, 3 units; the emoji: 4 bytes, 2 units. */
	ck_assert_int_eq(utf16_column(line, strlen(line), 4), 5);
	ck_assert_int_eq(utf16_column(line, strlen(line), 9), 8);
	ck_assert_int_eq(utf16_column(line, strlen(line), 14), 11);
	ck_assert_int_eq(utf16_column(line, strlen(line), 18), 15);
	/* Invalid bytes count one each; beyond the end, one per byte. */
	ck_assert_int_eq(utf16_column("a\xe9z", 3, 3), 4);
	ck_assert_int_eq(utf16_column("ab", 2, 5), 6);
}
END_TEST

START_TEST(test_uri_path)
{
	struct strbuf sb = STRBUF_INIT;

	uri_path_encode(&sb, "drivers/net/a b#c%d?e.c");
	ck_assert_str_eq(sb.buf, "drivers/net/a%20b%23c%25d%3Fe.c");
	strbuf_reset(&sb);
	uri_path_encode(&sb, "fs/\xc3\xa9.c");
	ck_assert_str_eq(sb.buf, "fs/%C3%A9.c");
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_rule_rationale)
{
	static const char text[] =
		"// SPDX-License-Identifier: GPL-2.0-only\n"
		"/// One line saying what.\n"
		"///\n"
		"/// Why, on\n"
		"///   two lines.\n"
		"///\n"
		"///\n"
		"/// And more.\n"
		"//\n"
		"// Confidence: High\n"
		"\n"
		"/// not in the header any more\n"
		"@r@\n";
	struct strbuf sb = STRBUF_INIT;

	rule_rationale(text, strlen(text), &sb);
	ck_assert_str_eq(sb.buf, "Why, on two lines.\n\nAnd more.");
	strbuf_reset(&sb);
	rule_rationale("/// Only a description.\n@r@\n", 27, &sb);
	ck_assert_str_eq(sb.buf, "");
	strbuf_release(&sb);
}
END_TEST

static size_t count_entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t n = 0;

	ck_assert_ptr_nonnull(d);
	while ((de = readdir(d)))
		n += strcmp(de->d_name, ".") && strcmp(de->d_name, "..");
	closedir(d);
	return n;
}

START_TEST(test_output_file)
{
	char *dir = tu_tempdir();
	char *path = xstrfmt("%s/out.txt", dir);
	struct output_file of;
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	mode_t old = umask(022);

	ck_assert_int_eq(output_file_open(&of, path, false), 0);
	fputs("first\n", of.f);
	/* Nothing is visible before the commit. */
	ck_assert_int_eq(access(path, F_OK), -1);
	ck_assert_int_eq(output_file_commit(&of), 0);
	ck_assert_int_eq(strbuf_read_file(&sb, path), 0);
	ck_assert_str_eq(sb.buf, "first\n");
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	/* No overwrite without force. */
	ck_assert_int_eq(output_file_open(&of, path, false), -1);
	ck_assert(strstr(last_error(), "--force") != NULL);
	/* With force, replaced; an aborted write leaves the old file and no temporary file. */
	ck_assert_int_eq(output_file_open(&of, path, true), 0);
	fputs("second\n", of.f);
	output_file_abort(&of);
	strbuf_reset(&sb);
	ck_assert_int_eq(strbuf_read_file(&sb, path), 0);
	ck_assert_str_eq(sb.buf, "first\n");
	ck_assert_int_eq(count_entries(dir), 1);
	ck_assert_int_eq(output_file_open(&of, path, true), 0);
	fputs("second\n", of.f);
	ck_assert_int_eq(output_file_commit(&of), 0);
	strbuf_reset(&sb);
	ck_assert_int_eq(strbuf_read_file(&sb, path), 0);
	ck_assert_str_eq(sb.buf, "second\n");
	ck_assert_int_eq(count_entries(dir), 1);
	/* A directory is refused, and so is a missing parent. */
	ck_assert_int_eq(output_file_open(&of, dir, true), -1);
	free(path);
	path = xstrfmt("%s/no/such/out.txt", dir);
	ck_assert_int_eq(output_file_open(&of, path, false), -1);
	ck_assert(strstr(last_error(), "temporary file") != NULL);
	umask(old);
	strbuf_release(&sb);
	free(path);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("export");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_report_line);
	tcase_add_test(tc, test_org_line);
	tcase_add_test(tc, test_csv_field);
	tcase_add_test(tc, test_csv_rows);
	tcase_add_test(tc, test_json_text_lossy);
	tcase_add_test(tc, test_diff_to_replacements);
	tcase_add_test(tc, test_diff_to_replacements_refuses);
	tcase_add_test(tc, test_diff_insert_at_top);
	tcase_add_test(tc, test_utf16_column);
	tcase_add_test(tc, test_uri_path);
	tcase_add_test(tc, test_rule_rationale);
	tcase_add_test(tc, test_output_file);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

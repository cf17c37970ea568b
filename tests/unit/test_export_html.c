// SPDX-License-Identifier: GPL-2.0-only
/*
 * The HTML report's parts: escaping, C highlighting, coloured diffs, the Content-Security-
 * Policy hashes and the report directory (atomic, never replacing what is not a report).
 */
#include "html-report.h"
#include "html.h"
#include "testutil.h"

#include <dirent.h>
#include <openssl/evp.h>

START_TEST(test_escape)
{
	struct strbuf sb = STRBUF_INIT;

	html_escape(&sb, "<img src=x onerror=\"alert('1')\"> & \x01");
	ck_assert_str_eq(sb.buf, "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; "
			 "\xef\xbf\xbd");
	strbuf_reset(&sb);
	html_escape(&sb, NULL);
	ck_assert_str_eq(sb.buf, "");
	strbuf_release(&sb);
}
END_TEST

static const char source[] =
	"#include <linux/slab.h>\n"			/* 1 */
	"/* a comment that\n"				/* 2 */
	"   spans lines: \"not a string\" */\n"		/* 3 */
	"static int show(char *buf)\n"			/* 4 */
	"{\n"						/* 5 */
	"\tbuf = kmalloc(4096, GFP_KERNEL); // <b>\n"	/* 6 */
	"\treturn sprintf(buf, \"%s<\\\"\", 'x');\n"	/* 7 */
	"}\n";						/* 8 */

START_TEST(test_c_source)
{
	struct strbuf sb = STRBUF_INIT;

	html_c_source(&sb, source, strlen(source), 1, 3, 7, 6, 6);
	/* Lines 1 and 2 are not shown, but line 3 is still inside the comment. */
	ck_assert(strstr(sb.buf, "linux/slab.h") == NULL);
	ck_assert(strstr(sb.buf, "<tr id=\"L3\"><td class=\"ln\">3</td><td class=\"code\">"
			 "<span class=\"c-com\">   spans lines: &quot;not a string&quot; */"
			 "</span></td></tr>") != NULL);
	ck_assert(strstr(sb.buf, "<span class=\"c-kw\">static</span> <span class=\"c-ty\">int"
			 "</span> <span class=\"c-fn\">show</span>(") != NULL);
	ck_assert(strstr(sb.buf, "<tr class=\"hit\" id=\"L6\">") != NULL);
	ck_assert(strstr(sb.buf, "<span class=\"c-num\">4096</span>") != NULL);
	ck_assert(strstr(sb.buf, "<span class=\"c-com\">// &lt;b&gt;</span>") != NULL);
	ck_assert(strstr(sb.buf, "<span class=\"c-str\">&quot;%s&lt;\\&quot;&quot;</span>") !=
		  NULL);
	ck_assert(strstr(sb.buf, "<span class=\"c-str\">&#39;x&#39;</span>") != NULL);
	ck_assert(strstr(sb.buf, "id=\"L8\"") == NULL);
	ck_assert(strstr(sb.buf, "<b>") == NULL);
	strbuf_reset(&sb);
	/* Stored code numbered from its own first line. */
	html_c_source(&sb, "\tx = 1;\n\ty = 2;\n", 16, 40, 40, 41, 41, 41);
	ck_assert(strstr(sb.buf, "<tr id=\"L40\">") != NULL);
	ck_assert(strstr(sb.buf, "<tr class=\"hit\" id=\"L41\">") != NULL);
	strbuf_release(&sb);
}
END_TEST

START_TEST(test_diff)
{
	struct strbuf sb = STRBUF_INIT;

	html_diff(&sb, "--- a/x.c\n+++ b/x.c\n@@ -1,2 +1,2 @@ f()\n a<b\n-old\n+new\n");
	ck_assert_str_eq(sb.buf, "<pre class=\"diff\"><span class=\"d-file\">--- a/x.c</span>\n"
			 "<span class=\"d-file\">+++ b/x.c</span>\n"
			 "<span class=\"d-hunk\">@@ -1,2 +1,2 @@ f()</span>\n"
			 " a&lt;b\n"
			 "<span class=\"d-del\">-old</span>\n"
			 "<span class=\"d-add\">+new</span>\n</pre>\n");
	strbuf_release(&sb);
}
END_TEST

static void expect_hash(const char *csp, const char *text)
{
	unsigned char digest[EVP_MAX_MD_SIZE], b64[128];
	unsigned int n;
	char *want;

	ck_assert_int_eq(EVP_Digest(text, strlen(text), digest, &n, EVP_sha256(), NULL), 1);
	EVP_EncodeBlock(b64, digest, (int)n);
	want = xstrfmt("'sha256-%s'", b64);
	ck_assert_msg(strstr(csp, want) != NULL, "%s not in %s", want, csp);
	free(want);
}

START_TEST(test_csp)
{
	struct strbuf page = STRBUF_INIT, index = STRBUF_INIT;

	html_csp(&page, false);
	html_csp(&index, true);
	ck_assert(starts_with(page.buf, "default-src 'none';"));
	expect_hash(page.buf, html_css);
	ck_assert(strstr(page.buf, "script-src") == NULL);
	expect_hash(index.buf, html_css);
	expect_hash(index.buf, html_js);
	/* Nothing in the assets may load anything or end its element early. */
	ck_assert(strstr(html_css, "url(") == NULL && strstr(html_css, "@import") == NULL);
	ck_assert(strstr(html_js, "</") == NULL && strstr(html_css, "</") == NULL);
	ck_assert(strstr(html_js, "http") == NULL && strstr(html_js, "fetch(") == NULL);
	strbuf_release(&page);
	strbuf_release(&index);
}
END_TEST

static bool exists(const char *dir, const char *rel)
{
	char *path = xstrfmt("%s/%s", dir, rel);
	bool ok = !access(path, F_OK);

	free(path);
	return ok;
}

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

START_TEST(test_report_dir)
{
	char *top = tu_tempdir();
	char *out = xstrfmt("%s/report", top);
	char *other = xstrfmt("%s/precious", top);
	struct report_dir rd;

	ck_assert_int_eq(report_dir_begin(&rd, out, false), 0);
	ck_assert_int_eq(report_dir_mkdir(&rd, "findings"), 0);
	ck_assert_int_eq(report_dir_write(&rd, "index.html", "one", 3), 0);
	ck_assert(!exists(out, "index.html"));
	ck_assert_int_eq(report_dir_commit(&rd), 0);
	report_dir_abort(&rd);
	ck_assert(exists(out, "index.html") && exists(out, HTML_MARKER));
	ck_assert(exists(out, "findings"));
	/* An existing report needs --force; with it, it is replaced as a whole. */
	ck_assert_int_eq(report_dir_begin(&rd, out, false), -1);
	ck_assert(strstr(last_error(), "--force") != NULL);
	ck_assert_int_eq(report_dir_begin(&rd, out, true), 0);
	ck_assert_int_eq(report_dir_write(&rd, "other.html", "two", 3), 0);
	ck_assert_int_eq(report_dir_commit(&rd), 0);
	report_dir_abort(&rd);
	ck_assert(exists(out, "other.html") && !exists(out, "index.html"));
	/* A directory that is not a report is never replaced, even with --force. */
	tu_write(top, "precious/notes.txt", "keep me\n");
	ck_assert_int_eq(report_dir_begin(&rd, other, true), -1);
	ck_assert(strstr(last_error(), "not a report") != NULL);
	report_dir_abort(&rd);
	ck_assert(exists(other, "notes.txt"));
	/* An aborted report leaves nothing behind. */
	ck_assert_int_eq(report_dir_begin(&rd, out, true), 0);
	ck_assert_int_eq(report_dir_write(&rd, "x.html", "x", 1), 0);
	report_dir_abort(&rd);
	ck_assert(exists(out, "other.html"));
	/* No temporary or old directory is left next to the report. */
	ck_assert_int_eq(count_entries(top), 2);
	tu_rmtree(top);
	free(out);
	free(other);
	free(top);
}
END_TEST

/* html --force replaces what whichalloc wrote, never what a user added. */
START_TEST(test_report_dir_foreign)
{
	char *top = tu_tempdir();
	char *out = xstrfmt("%s/report", top);
	struct report_dir rd;

	ck_assert_int_eq(report_dir_begin(&rd, out, false), 0);
	ck_assert_int_eq(report_dir_mkdir(&rd, "findings"), 0);
	ck_assert_int_eq(report_dir_write(&rd, "index.html", "one", 3), 0);
	ck_assert_int_eq(report_dir_write(&rd, "findings/1.html", "one", 3), 0);
	ck_assert_int_eq(report_dir_commit(&rd), 0);
	report_dir_abort(&rd);
	/* The report replaces its own files. */
	ck_assert_int_eq(report_dir_begin(&rd, out, true), 0);
	ck_assert_int_eq(report_dir_write(&rd, "index.html", "two", 3), 0);
	ck_assert_int_eq(report_dir_commit(&rd), 0);
	report_dir_abort(&rd);
	ck_assert(!exists(out, "findings/1.html"));
	/* A file added at the top or inside findings/ is never deleted. */
	tu_write(out, "notes.txt", "mine\n");
	ck_assert_int_eq(report_dir_begin(&rd, out, true), -1);
	ck_assert(strstr(last_error(), "notes.txt") != NULL);
	report_dir_abort(&rd);
	ck_assert(exists(out, "notes.txt"));
	tu_rmtree(out);
	tu_mkdirs(top, "report/findings/");
	tu_write(out, HTML_MARKER, "whichalloc html report\nindex.html\nfindings\n");
	ck_assert_int_eq(report_dir_begin(&rd, out, true), 0);
	ck_assert_int_eq(report_dir_mkdir(&rd, "findings"), 0);
	ck_assert_int_eq(report_dir_write(&rd, "index.html", "three", 5), 0);
	tu_write(out, "findings/mine.html", "mine\n");
	/* Added while the report was written: the old report stays as it is. */
	ck_assert_int_eq(report_dir_commit(&rd), -1);
	report_dir_abort(&rd);
	ck_assert(exists(out, "findings/mine.html"));
	ck_assert_int_eq(count_entries(top), 1);
	tu_rmtree(top);
	free(out);
	free(top);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("export_html");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_escape);
	tcase_add_test(tc, test_c_source);
	tcase_add_test(tc, test_diff);
	tcase_add_test(tc, test_csp);
	tcase_add_test(tc, test_report_dir);
	tcase_add_test(tc, test_report_dir_foreign);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * series-text.c and the writers of its table: subject prefixes, the uses of a buffer, and
 * commit messages that explain each change with its own specifics, never with sentences
 * shared between patches.
 */
#include "rules.h"
#include "series-text-internal.h"
#include "testutil.h"

#include <ctype.h>

START_TEST(test_prefix_from_log)
{
	char *p;

	p = series_prefix_from_log("proc: fix a leak\nfs/proc: tidy\nproc: use foo\n"
				   "Revert \"x: y\"\nMerge branch 'a: b'\n");
	ck_assert_str_eq(p, "proc");
	free(p);
	/* Two-level prefixes count as one; a tie goes to the most recent. */
	p = series_prefix_from_log("net: ipv4: a\nnet: b\nnet: ipv4: c\nnet: d\n");
	ck_assert_str_eq(p, "net: ipv4");
	free(p);
	ck_assert_ptr_null(series_prefix_from_log("Import the samples\nFix it\n"));
	ck_assert_ptr_null(series_prefix_from_log(""));
	p = series_prefix_from_log("some words: not a prefix\nconfigfs: real\n");
	ck_assert_str_eq(p, "configfs");
	free(p);
	/* The first part counts first: "proc" wins over any one "proc: x" form. */
	p = series_prefix_from_log("proc: base: a\nproc: b\nproc: vmcore: c\nfs/proc: d\n");
	ck_assert_str_eq(p, "proc");
	free(p);
	p = series_prefix_from_log("NTB: ntb_tool: a\nNTB: ntb_tool: b\nNTB: c\nntb: d\n");
	ck_assert_str_eq(p, "NTB: ntb_tool");
	free(p);
}
END_TEST

START_TEST(test_prefix_from_path)
{
	static const char *const cases[][2] = {
		{ "fs/proc/base.c", "proc" },
		{ "fs/namei.c", "fs" },
		{ "security/selinux/selinuxfs.c", "selinux" },
		{ "security/commoncap.c", "security" },
		{ "mm/page_alloc.c", "mm" },
		{ "kernel/bpf/syscall.c", "bpf" },
		{ "kernel/fork.c", "kernel" },
		{ "drivers/ntb/test/ntb_tool.c", "ntb: ntb_tool" },
		{ "drivers/char/mem.c", "char: mem" },
		{ "arch/x86/kernel/cpu/mtrr/if.c", "mtrr" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *p = series_prefix_from_path(cases[i][0]);

		ck_assert_msg(!strcmp(p, cases[i][1]), "%s: %s, not %s", cases[i][0], p,
			      cases[i][1]);
		free(p);
	}
}
END_TEST

START_TEST(test_strip_lines)
{
	static const char *const cases[][2] = {
		{ "its page alignment (offset_in_page() at line 12) holds: x", "its page "
		  "alignment holds: x" },
		{ "freed at lines 3, 4 and 5; then", "freed; then" },
		{ "given back at line 277", "given back" },
		{ "in f() (line 9) too", "in f() too" },
		{ "nothing to strip", "nothing to strip" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *p = series_strip_lines(cases[i][0]);

		ck_assert_msg(!strcmp(p, cases[i][1]), "'%s', not '%s'", p, cases[i][1]);
		free(p);
	}
}
END_TEST

/* The commit message proper: 3 to 8 lines of text above the trailers, no line numbers. */
static void check_short(const char *body)
{
	const char *sob = strstr(body, "Signed-off-by:");
	size_t lines = 0;

	ck_assert_ptr_nonnull(sob);
	for (const char *l = body; l < sob;) {
		size_t n = strcspn(l, "\n");

		lines += n > 0;
		l += n + 1;
	}
	ck_assert_msg(lines >= 3 && lines <= 8, "%zu lines:\n%s", lines, body);
	ck_assert_msg(!strstr(body, " line "), "a line number in:\n%s", body);
	ck_assert_msg(!strstr(body, " lines "), "line numbers in:\n%s", body);
}

static const char source[] =
	"static int other(char *tmp)\n"
	"{\n"
	"\treturn free_page((unsigned long)tmp);\n"
	"}\n"
	"\n"
	"static int readlink_sample(struct dentry *d, char __user *ubuf, int len)\n"
	"{\n"
	"\tchar *tmp = (char *)__get_free_page(GFP_KERNEL);\n"
	"\tchar *path;\n"
	"\n"
	"\t/* copy_to_user(tmp) in a comment does not count */\n"
	"\tpath = d_path(d->path, tmp, PAGE_SIZE);\n"
	"\tif (copy_to_user(ubuf, path, tmp + PAGE_SIZE - path))\n"
	"\t\tlen = -EFAULT;\n"
	"\tmemcpy(other_buf, tmp, 1);\n"
	"\tput(s->tmp);\n"
	"\tfree_page((unsigned long)tmp);\n"
	"\treturn len;\n"
	"}\n";

START_TEST(test_function_body_and_uses)
{
	const char *body;
	size_t len;
	struct string_list uses = STRING_LIST_INIT;

	ck_assert_int_eq(series_function_body(source, "readlink_sample", &body, &len), 0);
	ck_assert(starts_with(body, "static int readlink_sample("));
	ck_assert(body[len - 1] == '}');
	ck_assert_int_eq(series_function_body(source, "missing", &body, &len), -1);
	series_buffer_uses(body, len, "tmp", &uses);
	/* d_path() takes tmp, copy_to_user() takes tmp + ..., memcpy() reads from it. */
	ck_assert_int_eq(uses.nr, 3);
	ck_assert_str_eq(uses.items[0], "d_path:1");
	ck_assert_str_eq(uses.items[1], "copy_to_user:2");
	ck_assert_str_eq(uses.items[2], "memcpy:1");
	string_list_clear(&uses);
}
END_TEST

START_TEST(test_uses_inside_a_call)
{
	static const char body[] =
		"{\n"
		"\ti_size_write(inode, fill_it(d, buf, sizeof(buf)));\n"
		"\tsimple_read_from_buffer(ubuf, n, ppos, (char *)buf + 1, strlen(buf));\n"
		"}\n";
	struct string_list uses = STRING_LIST_INIT;

	/* i_size_write() gets what fill_it() returns, not buf. */
	series_buffer_uses(body, strlen(body), "buf", &uses);
	ck_assert_int_eq(uses.nr, 3);
	ck_assert_str_eq(uses.items[0], "fill_it:1");
	ck_assert_str_eq(uses.items[1], "simple_read_from_buffer:3");
	ck_assert_str_eq(uses.items[2], "strlen:0");
	string_list_clear(&uses);
}
END_TEST

/* A finding and its patch, as cmd-series.c would hand them over. */
static void fake_finding(struct series_finding *f, const char *rule, const char *function,
			 long line, const char *code, const char *message)
{
	memset(f, 0, sizeof(*f));
	f->row.rule = xstrdup(rule);
	f->row.verdict = xstrdup("replace");
	f->row.status = xstrdup("accepted");
	f->row.file = xstrdup("fs/sample.c");
	f->row.function = xstrdup(function);
	f->row.line = line;
	f->row.code = xstrdup(code);
	f->row.message = xstrdup(message);
	f->row.subsystem = xstrdup("SAMPLE FS");
	f->in_series = true;
	f->reviewer = xstrdup("Rita Reviewer <rita@example.org>");
}

static void fake_patch(struct series_patch *p, const char *rule, size_t member,
		       const char *diff)
{
	memset(p, 0, sizeof(*p));
	p->file = xstrdup("fs/sample.c");
	p->rule = xstrdup(rule);
	p->members = xcalloc(1, sizeof(*p->members));
	p->members[0] = member;
	p->nr_members = 1;
	p->prefix = xstrdup("samplefs");
	sd_patch_init(&p->diff);
	strbuf_addstr(&p->diff.diff, diff);
}

/* Does the message hold text, line breaks and indents read as one blank? */
static bool says(const char *body, const char *text)
{
	struct strbuf flat = STRBUF_INIT;
	bool found;

	for (const char *c = body; *c; c++) {
		if (!isspace((unsigned char)*c))
			strbuf_addch(&flat, *c);
		else if (flat.len && flat.buf[flat.len - 1] != ' ')
			strbuf_addch(&flat, ' ');
	}
	found = strstr(flat.buf, text) != NULL;
	strbuf_release(&flat);
	return found;
}

/* The sentences of a message, blanks normalised, without the rule line and trailers. */
static void sentences(const char *body, struct string_list *out)
{
	struct strbuf flat = STRBUF_INIT;
	const char *p;

	for (p = body; *p; p++)
		strbuf_addch(&flat, isspace((unsigned char)*p) ? ' ' : *p);
	p = flat.buf;
	while (*p) {
		const char *end = strstr(p, ". ");
		size_t n = end ? (size_t)(end - p) + 1 : strlen(p);
		char *s = xstrndup(p, n);

		if (!strstr(s, "Coccinelle rule") && !strstr(s, "Signed-off-by:"))
			string_list_append_nodup(out, s);
		else
			free(s);
		p += n;
		while (*p == ' ')
			p++;
	}
	strbuf_release(&flat);
}

START_TEST(test_messages)
{
	struct ident me = { (char *)"Ann Author", (char *)"ann@example.org" };
	struct series_context ctx = { "SAMPLE FS", "/tree", "6.1.0", NULL, "1.1.1", &me, false,
				      0, NULL };
	struct series_finding f[3];
	struct series_patch p[3];
	struct string_list s0 = STRING_LIST_INIT, s1 = STRING_LIST_INIT, s2 = STRING_LIST_INIT;
	struct strbuf subject = STRBUF_INIT, blurb = STRBUF_INIT;

	fake_finding(&f[0], "pagealloc-kmalloc", "readlink_sample", 8,
		     "\tchar *tmp = (char *)__get_free_page(GFP_KERNEL);",
		     "plain buffer: kmalloc(PAGE_SIZE, GFP_KERNEL); kfree() at lines 17, 21; "
		     "its page alignment (offset_in_page() at line 12) holds: kmalloc() of a "
		     "power-of-two size is naturally aligned since Linux 5.4");
	fake_patch(&p[0], "pagealloc-kmalloc", 0,
		   "diff --git a/fs/sample.c b/fs/sample.c\n--- a/fs/sample.c\n+++ b/fs/sample.c\n"
		   "@@ -6,7 +6,7 @@\n"
		   "-\tchar *tmp = (char *)__get_free_page(GFP_KERNEL);\n"
		   "+\tchar *tmp = kmalloc(PAGE_SIZE, GFP_KERNEL);\n"
		   "@@ -15,7 +15,7 @@\n-\tfree_page((unsigned long)tmp);\n+\tkfree(tmp);\n");
	fake_finding(&f[1], "pagealloc-kmalloc", "dump_sample", 40,
		     "\tbuf = (char *)get_zeroed_page(GFP_NOFS);",
		     "plain buffer: kzalloc(PAGE_SIZE, GFP_NOFS); kfree() at line 47");
	fake_patch(&p[1], "pagealloc-kmalloc", 1,
		   "diff --git a/fs/sample.c b/fs/sample.c\n--- a/fs/sample.c\n+++ b/fs/sample.c\n"
		   "@@ -38,7 +38,7 @@\n"
		   "-\tbuf = (char *)get_zeroed_page(GFP_NOFS);\n"
		   "+\tbuf = kzalloc(PAGE_SIZE, GFP_NOFS);\n"
		   "@@ -45,7 +45,7 @@\n-\tfree_page((unsigned long)buf);\n+\tkfree(buf);\n");
	fake_finding(&f[2], "memdup-user-nul", "name_write", 60,
		     "\tbuf = kmalloc(count + 1, GFP_USER);",
		     "replace: kmalloc(count + 1), copy_from_user() at line 63 and buf[count] = "
		     "'\\0': memdup_user_nul() does all three");
	fake_patch(&p[2], "memdup-user-nul", 2,
		   "diff --git a/fs/sample.c b/fs/sample.c\n--- a/fs/sample.c\n+++ b/fs/sample.c\n"
		   "@@ -58,12 +58,9 @@\n"
		   "-\tbuf = kmalloc(count + 1, GFP_USER);\n-\tif (!buf)\n-\t\treturn -ENOMEM;\n"
		   "-\tif (copy_from_user(buf, ubuf, count)) {\n-\t\tkfree(buf);\n"
		   "-\t\treturn -EFAULT;\n-\t}\n-\tbuf[count] = '\\0';\n"
		   "+\tbuf = memdup_user_nul(ubuf, count);\n+\tif (IS_ERR(buf))\n"
		   "+\t\treturn PTR_ERR(buf);\n");

	for (int i = 0; i < 3; i++)
		series_patch_text(&ctx, &p[i], f, source);

	ck_assert_str_eq(p[0].subject, "samplefs: replace __get_free_page() with kmalloc()");
	ck_assert_str_eq(p[1].subject, "samplefs: replace get_zeroed_page() with kzalloc()");
	ck_assert_str_eq(p[2].subject, "samplefs: use memdup_user_nul() in name_write()");
	for (int i = 0; i < 3; i++)
		check_short(p[i].body);
	/* The message: the use, the evidence, the change, imperative; no line numbers. */
	ck_assert_msg(says(p[0].body, "readlink_sample() uses __get_free_page() memory as a plain "
			   "buffer for d_path(), copy_to_user() and memcpy(): nothing maps it, "
			   "hands it to DMA or turns it into a struct page, and only free_page() "
			   "frees it."), "%s", p[0].body);
	ck_assert(says(p[0].body, "Allocate it with kmalloc(PAGE_SIZE, GFP_KERNEL) and free it "
		       "with kfree() instead, so that slab debugging and kmemleak cover it."));
	ck_assert(says(p[0].body, "For 'tmp', its page alignment holds: kmalloc() of a "
		       "power-of-two size is naturally aligned since Linux 5.4."));
	ck_assert(says(p[1].body, "(kzalloc() zeroes as get_zeroed_page() did)"));
	ck_assert_msg(says(p[2].body, "name_write() open-codes memdup_user_nul(): allocate "
			   "count + 1 bytes, copy count bytes from user space and store the NUL, "
			   "with -ENOMEM and -EFAULT (the buffer freed) on failure."), "%s",
		      p[2].body);
	ck_assert(says(p[2].body, "The allocation moves from GFP_USER to GFP_KERNEL"));
	/* The evidence, site by site, below the "---" line. */
	ck_assert_msg(says(p[0].notes, "readlink_sample() takes a page from the page allocator "
			   "for its buffer 'tmp' with __get_free_page(GFP_KERNEL) and gives it "
			   "back at lines 17 and 21."), "%s", p[0].notes);
	ck_assert(says(p[0].notes, "d_path() builds a path name in it, copy_to_user() copies "
		       "out of it to user space and memcpy() copies from it."));
	ck_assert(says(p[0].notes, "naturally aligned since Linux 5.4"));
	ck_assert(says(p[0].notes, "free_page() at lines 17 and 21 becomes kfree() and 2 casts "
		       "between unsigned long and a pointer go away"));
	ck_assert(says(p[0].body, "Found with whichalloc's Coccinelle rule pagealloc-kmalloc."));
	ck_assert(ends_with(p[0].body, "\n\nSigned-off-by: Ann Author <ann@example.org>\n"));
	ck_assert_msg(says(p[1].notes, "which zeroes it as get_zeroed_page() did"), "%s",
		      p[1].notes);
	ck_assert_msg(says(p[2].notes, "memdup_user_nul(ubuf, count) does exactly this"), "%s",
		      p[2].notes);
	ck_assert(says(p[2].notes, "moves from GFP_USER to GFP_KERNEL"));
	ck_assert(says(p[2].notes, "returns PTR_ERR(buf) when IS_ERR(buf)"));
	ck_assert(says(p[2].notes, "terminates the string with buf[count] = '\\0';"));
	/* Every line fits in 72 columns: checkpatch wants at most 75. */
	for (int i = 0; i < 6; i++) {
		for (const char *l = i < 3 ? p[i].body : p[i - 3].notes; *l;) {
			size_t n = strcspn(l, "\n");

			ck_assert_msg(n <= 72, "line too long: %.*s", (int)n, l);
			l += n + (l[n] == '\n');
		}
	}
	/* No sentence is shared word for word beyond the rule's attribution. */
	sentences(p[0].body, &s0);
	sentences(p[1].body, &s1);
	sentences(p[2].body, &s2);
	for (size_t i = 0; i < s0.nr; i++) {
		ck_assert_msg(!string_list_has(&s1, s0.items[i]), "shared: %s", s0.items[i]);
		ck_assert_msg(!string_list_has(&s2, s0.items[i]), "shared: %s", s0.items[i]);
	}
	for (size_t i = 0; i < s1.nr; i++)
		ck_assert_msg(!string_list_has(&s2, s1.items[i]), "shared: %s", s1.items[i]);

	/* The cover letter names the patches, the review and the sites left alone. */
	{
		struct series_finding all[4];

		memcpy(all, f, sizeof(f));
		fake_finding(&all[3], "pagealloc-kmalloc", "map_sample", 90,
			     "\tp = __get_free_page(GFP_KERNEL);",
			     "the buffer is mapped to user space with remap_pfn_range() "
			     "at line 99");
		free(all[3].row.verdict);
		all[3].row.verdict = xstrdup("keep");
		all[3].in_series = false;
		series_cover_text(&ctx, p, 3, all, 4, &subject, &blurb);
		ck_assert_str_eq(subject.buf, "samplefs: use kmalloc() and memdup_user_nul() for "
				 "plain buffers");
		ck_assert(strstr(blurb.buf, "- 1/3 fs/sample.c: readlink_sample() (rule "
				 "pagealloc-kmalloc)\n"));
		ck_assert(strstr(blurb.buf, "accepted by Rita Reviewer <rita@example.org>"));
		ck_assert_msg(strstr(blurb.buf, "This series changes 3 sites in SAMPLE FS, in 3 "
				     "patches"), "%s", blurb.buf);
		ck_assert_msg(strstr(blurb.buf, "Left alone on purpose (1 site):\n- fs/sample.c:90 "
				 "map_sample(): kept: the buffer is mapped to user space\n"
				 "  with remap_pfn_range() at line 99\n"), "%s", blurb.buf);
		ck_assert(!ends_with(blurb.buf, "\n\n"));
		/* The page allocator's own code is never a site "left alone". */
		free(all[3].row.file);
		all[3].row.file = xstrdup("mm/page_alloc.c");
		strbuf_reset(&subject);
		strbuf_reset(&blurb);
		series_cover_text(&ctx, p, 3, all, 4, &subject, &blurb);
		ck_assert_msg(!strstr(blurb.buf, "map_sample") && !strstr(blurb.buf, "Left alone"),
			      "%s", blurb.buf);
		ck_assert(!strstr(blurb.buf, "No other site"));
		/* A reroll says what changed. */
		ctx.version = 2;
		ctx.changes = "- Drop the hunk in foo().\n";
		strbuf_reset(&subject);
		strbuf_reset(&blurb);
		series_cover_text(&ctx, p, 3, all, 4, &subject, &blurb);
		ck_assert_msg(strstr(blurb.buf, "\n\nChanges in v2:\n- Drop the hunk in foo().\n\n"),
			      "%s", blurb.buf);
		ctx.version = 0;
		ctx.changes = NULL;
		finding_row_clear(&all[3].row);
		free(all[3].reviewer);
	}
	for (int i = 0; i < 3; i++) {
		finding_row_clear(&f[i].row);
		free(f[i].reviewer);
		series_patch_clear(&p[i]);
	}
	string_list_clear(&s0);
	string_list_clear(&s1);
	string_list_clear(&s2);
	strbuf_release(&subject);
	strbuf_release(&blurb);
}
END_TEST

/* One patch for several functions of a file: a list, one sentence of each kind. */
START_TEST(test_several_functions)
{
	struct ident me = { (char *)"Ann Author", (char *)"ann@example.org" };
	struct series_context ctx = { "SAMPLE FS", "/tree", "6.1.0", NULL, "1.1.1", &me, false,
				      0, NULL };
	struct series_finding f[2];
	struct series_patch p;

	fake_finding(&f[0], "pagealloc-kmalloc", "readlink_sample", 8,
		     "\tchar *tmp = (char *)__get_free_page(GFP_KERNEL);",
		     "plain buffer: kmalloc(PAGE_SIZE, GFP_KERNEL); kfree() at lines 17, 21");
	fake_finding(&f[1], "pagealloc-kmalloc", "dump_sample", 40,
		     "\tbuf = (char *)get_zeroed_page(GFP_NOFS);",
		     "plain buffer: kzalloc(PAGE_SIZE, GFP_NOFS); kfree() at line 47; unsigned "
		     "long buf becomes char *buf");
	fake_patch(&p, "pagealloc-kmalloc", 0,
		   "diff --git a/fs/sample.c b/fs/sample.c\n--- a/fs/sample.c\n+++ b/fs/sample.c\n"
		   "@@ -6,7 +6,7 @@\n"
		   "-\tchar *tmp = (char *)__get_free_page(GFP_KERNEL);\n"
		   "+\tchar *tmp = kmalloc(PAGE_SIZE, GFP_KERNEL);\n"
		   "@@ -15,7 +15,7 @@\n-\tfree_page((unsigned long)tmp);\n+\tkfree(tmp);\n"
		   "@@ -38,7 +38,7 @@\n"
		   "-\tbuf = (char *)get_zeroed_page(GFP_NOFS);\n"
		   "+\tbuf = kzalloc(PAGE_SIZE, GFP_NOFS);\n"
		   "@@ -45,7 +45,7 @@\n-\tfree_page((unsigned long)buf);\n+\tkfree(buf);\n");
	p.members = xrealloc(p.members, 2 * sizeof(*p.members));
	p.members[1] = 1;
	p.nr_members = 2;
	series_patch_text(&ctx, &p, f, source);
	ck_assert_str_eq(p.subject, "samplefs: use kmalloc() and kzalloc() for plain buffers");
	check_short(p.body);
	ck_assert_msg(says(p.body, "Allocate them with kmalloc(PAGE_SIZE, GFP_KERNEL) and "
			   "kzalloc(PAGE_SIZE, GFP_NOFS) and free them with kfree() instead "
			   "(kzalloc() zeroes as get_zeroed_page() did)"), "%s", p.body);
	ck_assert_msg(strstr(p.notes, "plain buffers:\n- readlink_sample(): 'tmp', a page from "
			     "__get_free_page(GFP_KERNEL),\n"
			     "  given back at lines 17 and 21; d_path()"),
		      "%s", p.notes);
	ck_assert(starts_with(p.notes, "These functions of sample.c take memory from the page "
			      "allocator for\n"));
	ck_assert(says(p.notes, "- dump_sample(): 'buf', a page from get_zeroed_page(GFP_NOFS), "
		       "given back at line 47."));
	ck_assert(says(p.notes, "Nothing readlink_sample() and dump_sample() do with these "
		       "buffers needs memory"));
	ck_assert_msg(says(p.notes, "With this patch, 'tmp' in readlink_sample() comes from "
			   "kmalloc(PAGE_SIZE, GFP_KERNEL) and 'buf' in dump_sample() comes from "
			   "kzalloc(PAGE_SIZE, GFP_NOFS), which zeroes it as get_zeroed_page() did."),
		      "%s", p.notes);
	ck_assert(says(p.notes, "the 2 free_page() calls become kfree() and 4 casts"));
	ck_assert(says(p.notes, "(at lines 17 and 21 in readlink_sample() and at line 47 in "
		       "dump_sample())."));
	ck_assert(says(p.notes, "In dump_sample(), 'buf' changes type: unsigned long buf becomes "
		       "char *buf."));
	series_patch_clear(&p);
	/*
	 * The garbled sentence of issue 17: two buffers from get_zeroed_page() and one from
	 * __get_free_page() must make one clause per new call, not the same clause twice.
	 */
	{
		struct series_finding g[3];

		fake_finding(&g[0], "pagealloc-kmalloc", "load_sample", 8,
			     "\tpage = (char *)get_zeroed_page(GFP_KERNEL);",
			     "plain buffer: kzalloc(PAGE_SIZE, GFP_KERNEL); kfree() at line 17");
		fake_finding(&g[1], "pagealloc-kmalloc", "read_sample", 40,
			     "\tpage = (char *)get_zeroed_page(GFP_KERNEL);",
			     "plain buffer: kzalloc(PAGE_SIZE, GFP_KERNEL); kfree() at line 47");
		fake_finding(&g[2], "pagealloc-kmalloc", "write_sample", 60,
			     "\tpage = (char *)__get_free_page(GFP_KERNEL);",
			     "plain buffer: kmalloc(PAGE_SIZE, GFP_KERNEL); kfree() at line 67");
		fake_patch(&p, "pagealloc-kmalloc", 0,
			   "diff --git a/fs/sample.c b/fs/sample.c\n--- a/fs/sample.c\n"
			   "+++ b/fs/sample.c\n@@ -6,7 +6,7 @@\n"
			   "-\tpage = (char *)get_zeroed_page(GFP_KERNEL);\n"
			   "+\tpage = kzalloc(PAGE_SIZE, GFP_KERNEL);\n");
		p.members = xrealloc(p.members, 3 * sizeof(*p.members));
		p.members[1] = 1;
		p.members[2] = 2;
		p.nr_members = 3;
		series_patch_text(&ctx, &p, g, source);
		ck_assert_msg(says(p.notes, "With this patch, 'page' in load_sample() and 'page' in "
				   "read_sample() come from kzalloc(PAGE_SIZE, GFP_KERNEL), which "
				   "zeroes them as get_zeroed_page() did and 'page' in "
				   "write_sample() comes from kmalloc(PAGE_SIZE, GFP_KERNEL)."),
			      "%s", p.notes);
		ck_assert_msg(!says(p.notes, "did and 'page' comes from kzalloc"), "%s", p.notes);
		check_short(p.body);
		for (int i = 0; i < 3; i++) {
			finding_row_clear(&g[i].row);
			free(g[i].reviewer);
		}
	}
	for (int i = 0; i < 2; i++) {
		finding_row_clear(&f[i].row);
		free(f[i].reviewer);
	}
	series_patch_clear(&p);
}
END_TEST

/*
 * Every rule of cocci/ that proposes patches has its own writer in the table (a rule
 * without one would be written as memdup-user), and every writer is complete.
 */
START_TEST(test_writer_table)
{
	struct rule_set set = RULE_SET_INIT;
	char *dir = xstrfmt("%s/cocci", tu_top());
	size_t patching = 0;

	ck_assert_int_eq(rules_discover(&set, dir), 0);
	for (size_t i = 0; i < set.nr; i++) {
		if (set.items[i].report_only)
			continue;
		patching++;
		ck_assert_msg(!strcmp(text_rule(set.items[i].name)->name, set.items[i].name),
			      "rule %s has no writer in series-text.c's table", set.items[i].name);
	}
	ck_assert_uint_ge(patching, 3);
	for (const struct text_rule *const *r = text_rules; *r; r++) {
		ck_assert_ptr_eq(text_rule((*r)->name), *r);
		ck_assert(*(*r)->helper && *(*r)->cover_all && *(*r)->cover_some &&
			  *(*r)->cover_what);
		ck_assert((*r)->read_site && (*r)->notes && (*r)->message && (*r)->subjects);
	}
	ck_assert_ptr_eq(text_rule("no-such-rule"), &memdup_user_text);
	rule_set_clear(&set);
	free(dir);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("series-text");
	TCase *tc = tcase_create("series-text");

	tcase_add_test(tc, test_prefix_from_log);
	tcase_add_test(tc, test_writer_table);
	tcase_add_test(tc, test_prefix_from_path);
	tcase_add_test(tc, test_strip_lines);
	tcase_add_test(tc, test_function_body_and_uses);
	tcase_add_test(tc, test_uses_inside_a_call);
	tcase_add_test(tc, test_messages);
	tcase_add_test(tc, test_several_functions);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * facts-resolve.c and the WAW/WAF lines of record.c: what a call to a function of
 * another file comes to, through the facts of its definitions.
 */
#include "facts.h"
#include "facts-find.h"
#include "record.h"
#include "testutil.h"

/* Add a fact from a WAF line's fields (no escapes needed in these). */
static void add(struct fact_set *set, const char *line)
{
	struct wa_fact x;

	ck_assert_msg(!parse_fact(line, strlen(line), &x), "cannot parse %s", line);
	fact_set_add(set, &x);
}

static enum fact_verdict resolve(const struct fact_set *set, const char *fn, long param,
				 struct strbuf *text)
{
	return fact_resolve(set, fn, param, text);
}

START_TEST(test_parse_lines)
{
	struct wa_fact x;
	struct wa_want w;
	const char fact[] = "WAF\t./lib/a.c\tfill\t1\textern\tcall\t12\tin lib/a.c, fill()\t"
		"post\t0";
	const char want[] = "WAW\t./fs/x.c\tfill";

	ck_assert_int_eq(parse_fact(fact, strlen(fact), &x), 0);
	ck_assert_str_eq(x.file, "lib/a.c");
	ck_assert_str_eq(x.function, "fill");
	ck_assert_int_eq(x.param, 1);
	ck_assert_str_eq(x.kind, "call");
	ck_assert_int_eq(x.line, 12);
	ck_assert_str_eq(x.callee, "post");
	ck_assert_int_eq(x.callee_param, 0);
	wa_fact_clear(&x);
	ck_assert_int_eq(parse_want(want, strlen(want), &w), 0);
	ck_assert_str_eq(w.file, "fs/x.c");
	ck_assert_str_eq(w.callee, "fill");
	wa_want_clear(&w);
}
END_TEST

START_TEST(test_parse_rejects_bad_lines)
{
	static const char *const bad[] = {
		"WAF\ta.c\tf\t0\textern\tmaybe\t1\ttext\t\t",	/* unknown kind */
		"WAF\ta.c\tf\t0\tglobal\tkeep\t1\ttext\t\t",	/* unknown linkage */
		"WAF\ta.c\tf\t0\textern\tcall\t1\ttext\t\t",	/* a call to nothing */
		"WAF\ta.c\tf\tx\textern\tkeep\t1\ttext\t\t",	/* no index */
		"WAF\ta.c\tf\t0\textern\tkeep\t1\ttext",		/* fields missing */
		"WAW\tfs/x.c",
		"WAW\tfs/x.c\t",
	};
	struct spatch_output out = SPATCH_OUTPUT_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "%s\n", bad[i]);
		parse_spatch_output(sb.buf, sb.len, &out);
		ck_assert_msg(out.nr_malformed == i + 1, "accepted: %s", bad[i]);
		strbuf_release(&sb);
	}
	ck_assert_int_eq(out.nr_facts + out.nr_wants, 0);
	spatch_output_clear(&out);
}
END_TEST

START_TEST(test_benign_and_keep)
{
	struct fact_set set = { 0 };
	struct strbuf text = STRBUF_INIT;

	add(&set, "WAF\tlib/a.c\tfill\t0\textern\tbenign\t3\tin lib/a.c, fill() only writes\t\t");
	add(&set, "WAF\tlib/b.c\tpost\t1\textern\tkeep\t9\tin lib/b.c, post(): __pa()\t\t");
	ck_assert_int_eq(resolve(&set, "fill", 0, &text), FACT_BENIGN);
	ck_assert_str_eq(text.buf, "in lib/a.c, fill() only writes");
	ck_assert_int_eq(resolve(&set, "post", 1, &text), FACT_KEEP);
	ck_assert_str_eq(text.buf, "in lib/b.c, post(): __pa()");
	/* A parameter the definition says nothing of cannot be vouched for. */
	ck_assert_int_eq(resolve(&set, "post", 0, &text), FACT_REVIEW);
	ck_assert_str_eq(text.buf, "in lib/b.c, post() has no parameter 1 the rule follows");
	ck_assert_int_eq(resolve(&set, "nowhere", 0, &text), FACT_UNKNOWN);
	strbuf_release(&text);
	fact_set_clear(&set);
}
END_TEST

START_TEST(test_chain_across_files)
{
	struct fact_set set = { 0 };
	struct strbuf text = STRBUF_INIT;

	add(&set, "WAF\tlib/a.c\tsend\t1\textern\tcall\t5\tin lib/a.c, send() passes it to "
	    "post()\tpost\t0");
	add(&set, "WAF\tinclude/b.h\tpost\t0\tstatic\tkeep\t7\tin include/b.h, post(): "
	    "virt_to_phys()\t\t");
	add(&set, "WAF\tlib/a.c\tlog\t0\textern\tcall\t8\tin lib/a.c, log() passes it to "
	    "emit()\temit\t0");
	ck_assert_int_eq(resolve(&set, "send", 1, &text), FACT_KEEP);
	ck_assert_str_eq(text.buf, "in lib/a.c, send() passes it to post(); in include/b.h, "
			 "post(): virt_to_phys()");
	/* emit() is defined nowhere: what it does is not known. */
	ck_assert_int_eq(resolve(&set, "log", 0, &text), FACT_REVIEW);
	ck_assert_str_eq(text.buf, "in lib/a.c, log() passes it to emit(), whose body the "
			 "facts pass did not find (a macro, a function pointer, or not in the tree)");
	strbuf_release(&text);
	fact_set_clear(&set);
}
END_TEST

START_TEST(test_static_in_another_file_does_not_count)
{
	struct fact_set set = { 0 };
	struct strbuf text = STRBUF_INIT;

	add(&set, "WAF\tdrivers/x.c\tfill\t0\tstatic\tbenign\t3\tin drivers/x.c\t\t");
	ck_assert_int_eq(resolve(&set, "fill", 0, &text), FACT_UNKNOWN);
	add(&set, "WAF\tinclude/y.h\tfill\t0\tstatic\tbenign\t3\tin include/y.h\t\t");
	ck_assert_int_eq(resolve(&set, "fill", 0, &text), FACT_BENIGN);
	ck_assert_str_eq(text.buf, "in include/y.h");
	strbuf_release(&text);
	fact_set_clear(&set);
}
END_TEST

START_TEST(test_definitions_disagree)
{
	struct fact_set set = { 0 };
	struct strbuf text = STRBUF_INIT;

	/* One architecture's definition only reads it, another's takes its address. */
	add(&set, "WAF\tarch/a/io.c\thv_call\t0\textern\tbenign\t3\tin arch/a/io.c\t\t");
	add(&set, "WAF\tarch/b/io.c\thv_call\t0\textern\tkeep\t4\tin arch/b/io.c: __pa()\t\t");
	add(&set, "WAF\tarch/c/io.c\thv_call\t0\textern\treview\t5\tin arch/c/io.c: stores\t\t");
	ck_assert_int_eq(resolve(&set, "hv_call", 0, &text), FACT_KEEP);
	ck_assert_str_eq(text.buf, "in arch/b/io.c: __pa()");
	add(&set, "WAF\tarch/a/io.c\tpeek\t0\textern\tbenign\t3\tin arch/a/io.c\t\t");
	add(&set, "WAF\tarch/c/io.c\tpeek\t0\textern\tfree\t5\tin arch/c/io.c: frees it\t\t");
	ck_assert_int_eq(resolve(&set, "peek", 0, &text), FACT_REVIEW);
	ck_assert_str_eq(text.buf, "in arch/c/io.c: frees it");
	strbuf_release(&text);
	fact_set_clear(&set);
}
END_TEST

START_TEST(test_recursion_adds_nothing)
{
	struct fact_set set = { 0 };
	struct strbuf text = STRBUF_INIT;

	add(&set, "WAF\tlib/t.c\twalk\t0\textern\tcall\t5\tin lib/t.c, walk() passes it to "
	    "walk()\twalk\t0");
	add(&set, "WAF\tlib/t.c\twalk\t0\textern\tbenign\t2\tin lib/t.c, walk() reads it\t\t");
	ck_assert_int_eq(resolve(&set, "walk", 0, &text), FACT_BENIGN);
	add(&set, "WAF\tlib/t.c\twalk\t0\textern\tkeep\t7\tin lib/t.c, walk(): __pa()\t\t");
	ck_assert_int_eq(resolve(&set, "walk", 0, &text), FACT_KEEP);
	strbuf_release(&text);
	fact_set_clear(&set);
}
END_TEST

START_TEST(test_definition_index)
{
	char *dir = tu_tempdir();
	struct def_index ix = { .entries = STRING_LIST_INIT };
	struct string_list names = STRING_LIST_INIT, found = STRING_LIST_INIT;

	tu_write(dir, "include/x.h", "__printf(2, 3)\nstatic inline int emit(char *buf, "
		 "const char *fmt, ...)\n{\n\treturn 0;\n}\nint emit_at(char *buf);\n");
	tu_write(dir, "lib/a.c", "static int\nfill(char *p,\n     int n)\n{\n\tif (n) {\n"
		 "\t\temit(p, \"x\");\n\t}\n\treturn 0;\n}\n");
	/* User-space and host programs are not the kernel's callees. */
	tu_write(dir, "tools/testing/t.c", "int fill(char *p, int n)\n{\n\treturn n;\n}\n");
	tu_write(dir, "scripts/s.c", "int emit_at(char *buf)\n{\n\treturn 0;\n}\n");
	ck_assert_int_eq(def_index_build(dir, &ix), 0);
	string_list_append(&names, "emit");
	string_list_append(&names, "emit_at");
	string_list_append(&names, "fill");
	string_list_append(&names, "if");
	def_index_find(&ix, &names, &found);
	/* The attribute line before emit() does not hide it; a prototype is no definition. */
	ck_assert_int_eq(found.nr, 2);
	ck_assert(!strncmp(found.items[0], "include/x.h\t", 12));
	ck_assert(!strcmp(found.items[0] + strlen(found.items[0]) - 5, "\temit"));
	ck_assert(!strncmp(found.items[1], "lib/a.c\t", 8));
	ck_assert(!strcmp(found.items[1] + strlen(found.items[1]) - 5, "\tfill"));
	string_list_clear(&names);
	string_list_clear(&found);
	def_index_clear(&ix);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

START_TEST(test_field_files)
{
	char *dir = tu_tempdir();
	struct string_list names = STRING_LIST_INIT, found = STRING_LIST_INIT;
	struct strbuf many = STRBUF_INIT;

	ck_assert(is_field_name("parsed_partitions.pp_buf"));
	ck_assert(!is_field_name("pp_buf"));
	ck_assert(!is_field_name(".pp_buf"));
	ck_assert(!is_field_name("a.b c"));
	tu_write(dir, "block/core.c", "void f(struct parsed_partitions *s)\n{\n"
		 "\tkfree(s->pp_buf);\n}\n");
	tu_write(dir, "block/check.h", "#define P(p) strlcat((p). pp_buf, t, 9)\n");
	tu_write(dir, "block/other.c", "int pp_buffer;\nint x = y->pp_bufs;\n");
	tu_write(dir, "tools/t.c", "int f(struct s *p) { return p->pp_buf; }\n");
	/* A field used in more files than FIELD_FILES_MAX decides nothing: no file at all. */
	for (int i = 0; i <= FIELD_FILES_MAX; i++) {
		strbuf_reset(&many);
		strbuf_addf(&many, "drivers/d%d.c", i);
		tu_write(dir, many.buf, "int g(struct d *d) { return d->data; }\n");
	}
	string_list_append(&names, "parsed_partitions.pp_buf");
	string_list_append(&names, "d.data");
	string_list_append(&names, "a_function");
	ck_assert_int_eq(field_files_find(dir, &names, &found), 0);
	string_list_sort(&found);
	ck_assert_int_eq(found.nr, 2);
	ck_assert(!strncmp(found.items[0], "block/check.h\t", 14));
	ck_assert(!strncmp(found.items[1], "block/core.c\t", 13));
	ck_assert(ends_with(found.items[1], "\tparsed_partitions.pp_buf"));
	string_list_clear(&names);
	string_list_clear(&found);
	strbuf_release(&many);
	tu_rmtree(dir);
	free(dir);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("facts");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_parse_lines);
	tcase_add_test(tc, test_parse_rejects_bad_lines);
	tcase_add_test(tc, test_benign_and_keep);
	tcase_add_test(tc, test_chain_across_files);
	tcase_add_test(tc, test_static_in_another_file_does_not_count);
	tcase_add_test(tc, test_definitions_disagree);
	tcase_add_test(tc, test_recursion_adds_nothing);
	tcase_add_test(tc, test_definition_index);
	tcase_add_test(tc, test_field_files);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

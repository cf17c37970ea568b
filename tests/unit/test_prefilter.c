// SPDX-License-Identifier: GPL-2.0-only
/*
 * prefilter.c: which rules may match a file, from their Keywords, in one pass.
 */
#include "prefilter.h"
#include "testutil.h"

/* A rule set of rules named r0, r1, ... with these headers. */
static void rules_from_headers(struct rule_set *set, const char *const *headers, size_t nr)
{
	memset(set, 0, sizeof(*set));
	set->items = xcalloc(nr, sizeof(*set->items));
	for (size_t i = 0; i < nr; i++) {
		set->items[i].name = xstrfmt("r%zu", i);
		rule_parse_header(&set->items[i], headers[i], strlen(headers[i]));
	}
	set->nr = set->alloc = nr;
}

/* Rules: 0 pages, 1 user, 2 no keywords (every file), 3 a keyword that is no identifier. */
static void make_rules(struct rule_set *set)
{
	static const char *const headers[] = {
		"/// pages\n// Keywords: __get_free_page , get_zeroed_page\n",
		"/// user\n// Keywords: copy_from_user\n",
		"/// all\n",
		"/// mmap\n// Keywords: ->mmap, get_zeroed_page\n",
	};

	rules_from_headers(set, headers, ARRAY_SIZE(headers));
}

/* The rules hit by text, as a string of '0'/'1' per rule. */
static char *hits(const struct prefilter *pf, const char *text)
{
	bool hit[4];
	char *out = xcalloc(5, 1);
	size_t n = prefilter_match(pf, text, strlen(text), hit);
	size_t count = 0;

	for (size_t i = 0; i < 4; i++) {
		out[i] = hit[i] ? '1' : '0';
		count += hit[i];
	}
	ck_assert_uint_eq(n, count);
	return out;
}

#define ck_hits(pf, text, want) do {			\
	char *got_ = hits(pf, text);			\
	ck_assert_msg(!strcmp(got_, want), "%s: got %s, want %s", text, got_, want); \
	free(got_);					\
} while (0)

START_TEST(test_prefilter_words)
{
	struct rule_set set;
	struct prefilter pf;

	make_rules(&set);
	prefilter_init(&pf, &set);
	ck_hits(&pf, "", "0010");
	ck_hits(&pf, "p = __get_free_page(GFP_KERNEL);", "1010");
	ck_hits(&pf, "get_zeroed_page", "1011");
	ck_hits(&pf, "copy_from_user(a, b, n)", "0110");
	ck_hits(&pf, "x;copy_from_user", "0110");
	/* Whole identifiers only: spatch would not match these either. */
	ck_hits(&pf, "p = __get_free_pages(GFP_KERNEL, 1);", "0010");
	ck_hits(&pf, "raw_copy_from_user(a, b, n); __copy_from_user_inatomic()", "0010");
	ck_hits(&pf, "my_get_zeroed_page_x", "0010");
	/* Comments and strings count. */
	ck_hits(&pf, "/* copy_from_user */ \"get_zeroed_page\"", "1111");
	/* A keyword that is not an identifier is found anywhere. */
	ck_hits(&pf, "ops->mmap = f;", "0011");
	ck_hits(&pf, "ops->mmap_prepare = f;", "0011");
	ck_hits(&pf, "ops ->\n\tmmap = f;", "0011");
	prefilter_clear(&pf);
	rule_set_clear(&set);
}
END_TEST

START_TEST(test_prefilter_identifier)
{
	ck_assert(prefilter_is_identifier("copy_from_user", 14));
	ck_assert(prefilter_is_identifier("_x9", 3));
	ck_assert(!prefilter_is_identifier("->mmap", 6));
	ck_assert(!prefilter_is_identifier("9x", 2));
	ck_assert(!prefilter_is_identifier("", 0));
}
END_TEST

/* Many keywords and rules: the table grows, every keyword is still found, and only its rules. */
START_TEST(test_prefilter_many)
{
	struct rule_set set = RULE_SET_INIT;
	struct prefilter pf;
	bool hit[40];

	set.items = xcalloc(40, sizeof(*set.items));
	for (size_t r = 0; r < 40; r++) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "// Keywords: kw_%zu_a, kw_%zu_b, shared_kw\n", r, r);
		set.items[r].name = xstrfmt("r%zu", r);
		rule_parse_header(&set.items[r], sb.buf, sb.len);
		strbuf_release(&sb);
	}
	set.nr = set.alloc = 40;
	prefilter_init(&pf, &set);
	for (size_t r = 0; r < 40; r++) {
		char *text = xstrfmt("int x = kw_%zu_b + kw_%zu_c;", r, r);

		ck_assert_uint_eq(prefilter_match(&pf, text, strlen(text), hit), 1);
		ck_assert(hit[r]);
		free(text);
	}
	ck_assert_uint_eq(prefilter_match(&pf, "shared_kw", 9, hit), 40);
	prefilter_clear(&pf);
	rule_set_clear(&set);
}
END_TEST

/* A keyword that is not an identifier: its characters in order, whitespace between them. */
START_TEST(test_prefilter_tokens)
{
	static const char *const header[] = { "/// seq\n// Keywords: page_address(alloc_page\n" };
	struct rule_set set;
	struct prefilter pf;
	bool hit[1];

	rules_from_headers(&set, header, 1);
	prefilter_init(&pf, &set);
#define ck_seq(text, want) \
	ck_assert_msg(prefilter_match(&pf, text, strlen(text), hit) == (want), "%s", text)
	ck_seq("p = page_address(alloc_page(GFP_KERNEL));", 1);
	ck_seq("p = page_address(alloc_pages_node(n, GFP_KERNEL, 0));", 1);
	ck_seq("p = page_address (\n\t\talloc_pages(GFP_KERNEL, 1));", 1);
	ck_seq("x = page_address(pg); pg = alloc_page(GFP_KERNEL);", 0);
	ck_seq("p = my_page_address(alloc_page(GFP_KERNEL));", 0);
	ck_seq("p = page_address(alloc_pag", 0);
	ck_seq("page_address(alloc_page", 1);
#undef ck_seq
	prefilter_clear(&pf);
	rule_set_clear(&set);
}
END_TEST

/* Keywords-and: the file must hold one of the Keywords and one of the Keywords-and. */
START_TEST(test_prefilter_keywords_and)
{
	static const char *const headers[] = {
		"/// dup\n// Keywords: copy_from_user\n// Keywords-and: kmalloc, kzalloc\n"
		"// Keywords-and: kvmalloc\n",
		"/// and only\n// Keywords-and: vmalloc\n",
	};
	struct rule_set set;
	struct prefilter pf;
	bool hit[2];

	rules_from_headers(&set, headers, ARRAY_SIZE(headers));
	ck_assert_uint_eq(set.items[0].keywords_and.nr, 3);
	prefilter_init(&pf, &set);
#define ck_and(text, n, h0, h1) do {						\
	ck_assert_uint_eq(prefilter_match(&pf, text, strlen(text), hit), n);	\
	ck_assert_msg(hit[0] == (h0) && hit[1] == (h1), "%s", text);		\
} while (0)
	ck_and("copy_from_user(b, u, n);", 0, false, false);
	ck_and("b = kmalloc(n, GFP_KERNEL);", 0, false, false);
	ck_and("b = kmalloc(n, 0); copy_from_user(b, u, n);", 1, true, false);
	ck_and("copy_from_user(b, u, n); b = kvmalloc(n, 0);", 1, true, false);
	ck_and("kvmalloc_node(n); copy_from_user(b, u, n);", 0, false, false);
	ck_and("v = vmalloc(n); copy_from_user(v, u, n); kzalloc(1, 0);", 2, true, true);
	/* Twice the same word counts once. */
	ck_and("kmalloc(1); kmalloc(2);", 0, false, false);
#undef ck_and
	prefilter_clear(&pf);
	rule_set_clear(&set);
}
END_TEST

/*
 * Keywords-also: more clauses, any of which selects the file; Keywords-set names a list that
 * @NAME stands for, anywhere a keyword may be.
 */
START_TEST(test_prefilter_keywords_also)
{
	static const char *const headers[] = {
		"/// also\n// Keywords-set: slab: kmalloc,\n// Keywords-set: slab: kzalloc\n"
		"// Keywords-set: lin: virt_to_page, __pa\n"
		"// Keywords: free_page\n// Keywords-and: @slab\n"
		"// Keywords-also: @lin & vmalloc & remap_pfn_range\n"
		"// Keywords-also: vmalloc_to_page\n",
		"/// plain\n// Keywords: copy_from_user\n",
	};
	struct rule_set set;
	struct prefilter pf;
	bool hit[2];

	rules_from_headers(&set, headers, ARRAY_SIZE(headers));
	ck_assert_ptr_null(set.items[0].header_error);
	ck_assert_uint_eq(set.items[0].nr_clauses, 3);
	ck_assert_uint_eq(set.items[0].clauses[0].nr_terms, 2);
	ck_assert_uint_eq(set.items[0].clauses[0].terms[1].nr, 2);
	ck_assert_uint_eq(set.items[0].clauses[1].nr_terms, 3);
	ck_assert_uint_eq(set.items[1].nr_clauses, 1);
	prefilter_init(&pf, &set);
#define ck_also(text, n, h0, h1) do {						\
	ck_assert_uint_eq(prefilter_match(&pf, text, strlen(text), hit), n);	\
	ck_assert_msg(hit[0] == (h0) && hit[1] == (h1), "%s", text);		\
} while (0)
	ck_also("free_page(p);", 0, false, false);
	ck_also("p = kzalloc(1, 0); free_page(p);", 1, true, false);
	ck_also("__pa(v); v = vmalloc(1);", 0, false, false);
	ck_also("__pa(v); v = vmalloc(1); remap_pfn_range(a);", 1, true, false);
	ck_also("vmalloc_to_page(p); copy_from_user(a, b, c);", 2, true, true);
	/* A set's name is no keyword of its own. */
	ck_also("slab(p); free_page(p); lin(p);", 0, false, false);
	/* Two clauses complete count the rule once. */
	ck_also("kmalloc(1); free_page(p); vmalloc_to_page(p);", 1, true, false);
#undef ck_also
	prefilter_clear(&pf);
	rule_set_clear(&set);
}
END_TEST

/* Keywords lines that cannot be used are an error of the rule, not a silent "every file". */
START_TEST(test_prefilter_header_errors)
{
	static const char *const bad[] = {
		"/// x\n// Keywords: a\n// Keywords-and: @nowhere\n",
		"/// x\n// Keywords: a\n// Keywords-set: noname a, b\n",
		"/// x\n// Keywords-also: a & b\n",
		"/// x\n// Keywords: a\n// Keywords-also: @empty & b\n// Keywords-set: empty:\n",
	};

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		struct rule r;

		memset(&r, 0, sizeof(r));
		rule_parse_header(&r, bad[i], strlen(bad[i]));
		ck_assert_msg(r.header_error != NULL, "no error for: %s", bad[i]);
		rule_clear(&r);
	}
}
END_TEST

/* Every rule of cocci/: each keyword of each clause, with one of each other term, selects it. */
START_TEST(test_prefilter_real_rules)
{
	const char *top = getenv("WHICHALLOC_TOP");
	struct rule_set set = RULE_SET_INIT;
	struct prefilter pf;
	char *dir;

	if (!top)
		return;
	dir = xstrfmt("%s/cocci", top);
	ck_assert_int_eq(rules_discover(&set, dir), 0);
	ck_assert_uint_gt(set.nr, 0);
	prefilter_init(&pf, &set);
	for (size_t r = 0; r < set.nr; r++) {
		const struct rule *rule = &set.items[r];
		bool *hit = xcalloc(set.nr, sizeof(*hit));

		ck_assert_msg(rule->nr_clauses, "rule %s has no Keywords: every file of the tree "
			      "would go to spatch", rule->name);
		for (size_t c = 0; c < rule->nr_clauses; c++) {
			const struct keyword_clause *cl = &rule->clauses[c];

			for (size_t t = 0; t < cl->nr_terms; t++) {
				for (size_t k = 0; k < cl->terms[t].nr; k++) {
					struct strbuf text = STRBUF_INIT;

					for (size_t o = 0; o < cl->nr_terms; o++)
						strbuf_addf(&text, "\tp = %s(x);\n", o == t ?
							    cl->terms[t].items[k] :
							    cl->terms[o].items[0]);
					prefilter_match(&pf, text.buf, text.len, hit);
					ck_assert_msg(hit[r], "%s not found by rule %s", text.buf,
						      rule->name);
					strbuf_release(&text);
				}
			}
		}
		free(hit);
	}
	prefilter_clear(&pf);
	rule_set_clear(&set);
	free(dir);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("prefilter");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 20);
	tcase_add_test(tc, test_prefilter_words);
	tcase_add_test(tc, test_prefilter_identifier);
	tcase_add_test(tc, test_prefilter_many);
	tcase_add_test(tc, test_prefilter_tokens);
	tcase_add_test(tc, test_prefilter_keywords_and);
	tcase_add_test(tc, test_prefilter_keywords_also);
	tcase_add_test(tc, test_prefilter_header_errors);
	tcase_add_test(tc, test_prefilter_real_rules);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The words of a pagealloc-kmalloc patch: a buffer taken from the page allocator
 * (__get_free_page() and its relatives) that kmalloc() or kzalloc() can give. Its site is
 * read from the finding, the rule's message and the function around it; the notes carry
 * the evidence site by site, the commit message says what and why briefly.
 */
#include "series-text-internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const page_allocs[] = {
	"page_address", "__get_free_pages", "__get_free_page", "get_zeroed_page",
	"__get_dma_pages", NULL,
};

/* "at lines 50, 58, 61" -> "at lines 50, 58 and 61". */
static char *readable_lines(const char *s)
{
	const char *last = strrchr(s, ',');

	if (!last || !strstr(s, "lines ") || strchr(s, '('))
		return xstrdup(s);
	return xstrfmt("%.*s and%s", (int)(last - s), s, last + 1);
}

/* The buffer, its old and new calls, where it is freed and what it is handed to. */
static void read_pagealloc_site(struct site *s, const char *source,
				const struct string_list *added)
{
	struct string_list parts = STRING_LIST_INIT;
	const char *at = NULL, *colon;
	const char *body;
	size_t body_len;

	(void)added;	/* the rule's message names the new call */
	s->old_call = code_first_call(s->f->row.code, page_allocs, &at);
	s->var = s->old_call ? code_assigned_to(s->f->row.code, at) : NULL;
	code_message_parts(s->f->row.message, &parts);
	if (parts.nr && (colon = strstr(parts.items[0], ": ")))
		s->new_call = xstrdup(colon + 2);
	if (parts.nr > 1 && starts_with(parts.items[1], "kfree() "))
		s->where = readable_lines(parts.items[1] + strlen("kfree() "));
	for (size_t i = 2; i < parts.nr; i++)
		string_list_append(&s->notes, parts.items[i]);
	if (parts.nr && starts_with(parts.items[0], "plain buffer in ") &&
	    (colon = strstr(parts.items[0], ": "))) {
		const char *what = parts.items[0] + strlen("plain buffer in ");

		s->holder = xstrfmt("the buffer in %.*s", (int)(colon - what), what);
	} else if (s->var) {
		s->holder = xstrfmt("its buffer '%s'", s->var);
	} else {
		s->holder = xstrdup("a buffer");
	}
	if (s->var && !series_function_body(source, s->f->row.function, &body, &body_len))
		series_buffer_uses(body, body_len, s->var, &s->uses);
	string_list_clear(&parts);
}

char *series_site_buffer(const struct series_finding *f, bool *local)
{
	const char *at = NULL;
	char *call = code_first_call(f->row.code, page_allocs, &at);
	char *var = call ? code_assigned_to(f->row.code, at) : NULL;

	free(call);
	*local = var && !strchr(var, '>') && !strchr(var, '.') &&
		starts_with(f->row.message, "plain buffer:");
	return var;
}

/* "PAGE_SIZE" -> "a page", "2 * PAGE_SIZE" -> "two pages". */
static char *size_phrase(const char *size)
{
	static const struct {
		const char *size;
		const char *words;
	} known[] = {
		{ "PAGE_SIZE", "a page" },
		{ "2 * PAGE_SIZE", "two pages" },
		{ "4 * PAGE_SIZE", "four pages" },
		{ "8 * PAGE_SIZE", "eight pages" },
	};

	if (!size)
		return xstrdup("a buffer");
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(size, known[i].size))
			return xstrdup(known[i].words);
	return xstrfmt("%s bytes", size);
}

static const char *flags_of(const char *call, size_t nr_args, char **owned)
{
	*owned = code_arg_of(call, nr_args - 1);
	return *owned ? *owned : "";
}

/* "d_path() builds a path name in it and copy_to_user() copies out of it" */
static void add_uses(struct strbuf *out, const struct site *s)
{
	struct string_list clauses = STRING_LIST_INIT;

	for (size_t u = 0; u < s->uses.nr; u++)
		string_list_append_nodup(&clauses, code_use_clause(s->uses.items[u]));
	text_add_list(out, &clauses);
	string_list_clear(&clauses);
}

/* Lines calling fn (as a whole word: "free_page" is not "__get_free_page"). */
static size_t count_frees(const struct string_list *l, const char *fn)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nr; i++) {
		const char *at = code_find_word(l->items[i], fn);

		n += at && (at == l->items[i] || at[-1] != '_');
	}
	return n;
}

/* Casts between unsigned long and pointers the patch removes. */
static size_t casts_dropped(const struct string_list *removed, const struct string_list *added)
{
	static const char *const casts[] = { "(unsigned long)", "(char *)", "(void *)" };
	size_t before = 0, after = 0;

	for (size_t i = 0; i < ARRAY_SIZE(casts); i++) {
		before += code_count_containing(removed, casts[i]);
		after += code_count_containing(added, casts[i]);
	}
	return before > after ? before - after : 0;
}


/* What the code allocates and what it does with it: one site. */
static void pagealloc_what_one(const struct site *s, struct strbuf *body)
{
	struct strbuf para = STRBUF_INIT;
	char *size = code_arg_of(s->new_call, 0), *amount = size_phrase(size);
	char *q = text_quoted(s->var);

	strbuf_addf(&para, "%s() takes %s from the page allocator for %s with %s",
		    s->f->row.function, amount, s->holder,
		    s->old_call ? s->old_call : "the page allocator");
	if (s->where)
		strbuf_addf(&para, " and gives it back %s", s->where);
	strbuf_addstr(&para, ".");
	if (s->uses.nr) {
		strbuf_addf(&para, " In between, %s is plain memory to %s(): ", q,
			    s->f->row.function);
		add_uses(&para, s);
		strbuf_addstr(&para, ".");
	}
	text_add_paragraph(body, para.buf);
	free(size);
	free(amount);
	free(q);
	strbuf_release(&para);
}

/* What the code allocates and what it does with it: a list of the sites. */
static void pagealloc_what_each(const struct series_patch *p, const struct site *sites,
				size_t nr, struct strbuf *body)
{
	struct strbuf para = STRBUF_INIT;
	const char *base = strrchr(p->file, '/') ? strrchr(p->file, '/') + 1 : p->file;

	strbuf_addf(&para, "These functions of %s take memory from the page allocator for "
		    "plain buffers:", base);
	text_add_paragraph(body, para.buf);
	strbuf_setlen(body, body->len - 1);
	for (size_t i = 0; i < nr; i++) {
		const struct site *s = &sites[i];
		char *size = code_arg_of(s->new_call, 0), *amount = size_phrase(size);
		char *q = text_quoted(s->var);

		strbuf_reset(&para);
		strbuf_addf(&para, "%s(): %s, %s from %s", s->f->row.function, q, amount,
			    s->old_call ? s->old_call : "the page allocator");
		if (s->where)
			strbuf_addf(&para, ", given back %s", s->where);
		if (s->uses.nr) {
			strbuf_addstr(&para, "; ");
			add_uses(&para, s);
		}
		strbuf_addstr(&para, ".");
		text_add_item(body, para.buf);
		free(size);
		free(amount);
		free(q);
	}
	strbuf_addch(body, '\n');
	strbuf_release(&para);
}

/* Why the page allocator is not needed. */
static void pagealloc_why(const struct site *sites, size_t nr, struct strbuf *body)
{
	struct strbuf para = STRBUF_INIT;

	if (nr == 1) {
		char *q = text_quoted(sites[0].var);

		strbuf_addf(&para, "Nothing %s() does with %s needs memory that only the page "
			    "allocator gives: %s is never mapped to user space, handed to a device "
			    "for DMA or put in a scatterlist, never turned into a struct page or a "
			    "physical address, and never given other page attributes with "
			    "set_memory_*().", sites[0].f->row.function, q, q);
		free(q);
	} else {
		struct string_list fns = STRING_LIST_INIT;

		site_functions(sites, nr, &fns);
		strbuf_addstr(&para, "Nothing ");
		text_add_list(&para, &fns);
		strbuf_addstr(&para, " do with these buffers needs memory that only the page "
			      "allocator gives: none of them is mapped to user space, handed to a "
			      "device for DMA or put in a scatterlist, turned into a struct page "
			      "or a physical address, or given other page attributes with "
			      "set_memory_*().");
		string_list_clear(&fns);
	}
	text_add_paragraph(body, para.buf);
	strbuf_release(&para);
}

static bool same_new_call(const struct site *a, const struct site *b)
{
	return !strcmp(a->new_call ? a->new_call : "", b->new_call ? b->new_call : "");
}

/*
 * The clause of site i's new call, naming every buffer that gets it (held: "'x' in f()"
 * for each site); NULL when an earlier site has the same call (two sites with the same
 * call and zeroing must not make the clause twice).
 */
static char *new_call_clause(const struct site *sites, size_t nr, size_t i,
			     const struct string_list *held, bool same_call)
{
	const struct site *s = &sites[i];
	struct string_list who = STRING_LIST_INIT;
	struct strbuf c = STRBUF_INIT;
	char *owned = NULL, *newfn;
	const char *flags;
	bool zeroes;

	for (size_t j = 0; j < i; j++)
		if (same_new_call(&sites[j], s))
			return NULL;
	flags = s->new_call ? flags_of(s->new_call, 2, &owned) : "";
	newfn = site_call_name(s->new_call);
	zeroes = !strcmp(newfn, "kzalloc") && s->old_call &&
		starts_with(s->old_call, "get_zeroed_page");
	for (size_t j = i; j < nr; j++)
		if (same_new_call(&sites[j], s))
			string_list_append(&who, nr > 1 ? held->items[j] : "");
	if (same_call && nr > 1)
		strbuf_addf(&c, "all %zu buffers come from %s", nr, s->new_call);
	else if (nr == 1)
		strbuf_addf(&c, "'%s' comes from %s", s->var ? s->var : "the buffer",
			    s->new_call ? s->new_call : newfn);
	else {
		text_add_list(&c, &who);
		strbuf_addf(&c, " come%s from %s", who.nr > 1 ? "" : "s",
			    s->new_call ? s->new_call : newfn);
	}
	if (zeroes)
		strbuf_addf(&c, ", which zeroes %s as get_zeroed_page() did",
			    who.nr > 1 || (same_call && nr > 1) ? "them" : "it");
	else if (*flags && strcmp(flags, "GFP_KERNEL"))
		strbuf_addf(&c, ", still with %s", flags);
	string_list_clear(&who);
	free(owned);
	free(newfn);
	return strbuf_detach(&c, NULL);
}

/* The frees and casts the change also removes, as clauses. */
static void removed_clauses(const struct site *sites, size_t nr,
			    const struct string_list *removed, const struct string_list *added,
			    struct string_list *out)
{
	size_t casts = casts_dropped(removed, added);
	size_t nr_frees = count_frees(removed, "free_page") + count_frees(removed, "free_pages");
	const char *freefn = count_frees(removed, "free_pages") ? "free_pages()" : "free_page()";

	if (nr_frees) {
		if (sites[0].where && nr == 1)
			string_list_append_nodup(out, xstrfmt("%s %s becomes kfree()", freefn,
							      sites[0].where));
		else
			string_list_append_nodup(out, xstrfmt("the %zu %s calls become kfree()",
							      nr_frees, freefn));
	}
	if (casts)
		string_list_append_nodup(out, xstrfmt("%zu cast%s between unsigned long and "
						      "a pointer go%s away", casts,
						      casts == 1 ? "" : "s",
						      casts == 1 ? "es" : ""));
}

/* The change, and what it keeps: one clause per new call, then the frees and casts. */
static void pagealloc_change(const struct site *sites, size_t nr,
			     const struct string_list *removed, const struct string_list *added,
			     struct strbuf *body)
{
	struct strbuf para = STRBUF_INIT;
	struct string_list changes = STRING_LIST_INIT, held = STRING_LIST_INIT;
	bool same_call = true;

	for (size_t i = 0; i < nr; i++) {
		char *q = text_quoted(sites[i].var);

		string_list_append_nodup(&held, xstrfmt("%s in %s()", q, sites[i].f->row.function));
		free(q);
		if (!sites[i].new_call || !sites[0].new_call ||
		    strcmp(sites[i].new_call, sites[0].new_call))
			same_call = false;
	}
	for (size_t i = 0; i < nr; i++) {
		char *clause = new_call_clause(sites, nr, i, &held, same_call);

		if (clause)
			string_list_append_nodup(&changes, clause);
	}
	strbuf_addstr(&para, "With this patch, ");
	text_add_list(&para, &changes);
	strbuf_addstr(&para, ".");
	string_list_clear(&changes);
	removed_clauses(sites, nr, removed, added, &changes);
	if (changes.nr) {
		strbuf_addstr(&para, " In the same change, ");
		text_add_list(&para, &changes);
		strbuf_addstr(&para, ".");
	}
	if (nr == 1)
		strbuf_addf(&para, " Slab debugging and kmemleak, which do not track "
			    "page-allocator memory, then cover %s too.", held.items[0]);
	else
		strbuf_addstr(&para, " Slab debugging and kmemleak, which do not track "
			      "page-allocator memory, then cover these buffers too.");
	text_add_paragraph(body, para.buf);
	strbuf_release(&para);
	string_list_clear(&changes);
	string_list_clear(&held);
}

/* What was checked: how the rule followed each buffer, and its remarks. */
static void pagealloc_checked(const struct site *sites, size_t nr, struct strbuf *body)
{
	struct strbuf para = STRBUF_INIT;

	if (nr == 1) {
		char *q = text_quoted(sites[0].var);

		strbuf_addf(&para, "The rule followed %s through "
			"%s()", q, sites[0].f->row.function);
		if (sites[0].where)
			strbuf_addf(&para, " and paired its allocation with every free of it (%s)",
				    sites[0].where);
		strbuf_addstr(&para, ".");
		free(q);
	} else {
		struct string_list wheres = STRING_LIST_INIT;

		for (size_t i = 0; i < nr; i++)
			if (sites[i].where)
				string_list_append_nodup(&wheres,
							 xstrfmt("%s in %s()", sites[i].where,
								 sites[i].f->row.function));
		strbuf_addstr(&para, "The rule followed each buffer through its function and "
			      "paired its allocation with every free of it");
		if (wheres.nr) {
			strbuf_addstr(&para, " (");
			text_add_list(&para, &wheres);
			strbuf_addstr(&para, ")");
		}
		strbuf_addstr(&para, ".");
		string_list_clear(&wheres);
	}
	for (size_t i = 0; i < nr; i++) {
		const struct site *s = &sites[i];
		char *q = text_quoted(s->var);

		for (size_t n = 0; n < s->notes.nr; n++) {
			const char *note = s->notes.items[n];

			if (starts_with(note, "unsigned long ") && strstr(note, " becomes "))
				strbuf_addf(&para, " In %s(), %s changes type: %s.",
					    s->f->row.function, q, note);
			else
				strbuf_addf(&para, " For %s in %s() it also found that %s.", q,
					    s->f->row.function, note);
		}
		free(q);
	}
	text_add_paragraph(body, para.buf);
	strbuf_release(&para);
}

/* The notes of a pagealloc-kmalloc patch: the evidence, site by site. */
static void pagealloc_notes(const struct series_patch *p, struct site *sites, size_t nr,
			    const struct string_list *removed, const struct string_list *added,
			    struct strbuf *body)
{
	if (nr == 1)
		pagealloc_what_one(&sites[0], body);
	else
		pagealloc_what_each(p, sites, nr, body);
	pagealloc_why(sites, nr, body);
	pagealloc_change(sites, nr, removed, added, body);
	pagealloc_checked(sites, nr, body);
}

/* The function a call calls, in a static buffer: for comparisons. */
static const char *call_name_static(const char *call)
{
	static char name[2][64];
	static int which;
	const char *paren = call ? strchr(call, '(') : NULL;
	size_t n = paren ? (size_t)(paren - call) : 0;

	which ^= 1;
	if (n >= sizeof(name[which]))
		n = sizeof(name[which]) - 1;
	memcpy(name[which], call ? call : "", n);
	name[which][n] = '\0';
	return name[which];
}

/* "a()", "b()": the distinct functions of calls, in order. */
static void call_names(const struct site *sites, size_t nr, bool old, struct string_list *out)
{
	for (size_t i = 0; i < nr; i++) {
		const char *call = old ? sites[i].old_call : sites[i].new_call;
		char *name;

		if (!call)
			continue;
		name = xstrfmt("%s()", call_name_static(call));
		if (!string_list_has(out, name))
			string_list_append(out, name);
		free(name);
	}
}

/* The distinct calls the buffers are handed to, at most max: "d_path()", ... */
static void use_names(const struct site *sites, size_t nr, size_t max, struct string_list *out)
{
	for (size_t i = 0; i < nr; i++)
		for (size_t u = 0; u < sites[i].uses.nr && out->nr < max; u++) {
			const char *use = sites[i].uses.items[u];
			char *name = xstrfmt("%.*s()", (int)strcspn(use, ":"), use);

			if (!string_list_has(out, name))
				string_list_append(out, name);
			free(name);
		}
}

/*
 * The commit message of a pagealloc-kmalloc patch: what the code uses the page for, the
 * evidence that it needs no page (the rule's checks), and the change. detail 0 names the
 * calls the buffers go to, 1 does not, 2 leaves the rule's remarks to the notes, 3 counts
 * the functions instead of naming them.
 */
static void pagealloc_message(const struct series_patch *p, const struct site *sites,
			      size_t nr, int detail, struct strbuf *out)
{
	struct string_list fns = STRING_LIST_INIT, olds = STRING_LIST_INIT;
	struct string_list news = STRING_LIST_INIT, uses = STRING_LIST_INIT;
	struct strbuf para = STRBUF_INIT;
	const char *base = strrchr(p->file, '/') ? strrchr(p->file, '/') + 1 : p->file;
	bool zeroed = false, same_new = true;
	const char *it = nr > 1 ? "them" : "it";

	site_functions(sites, nr, &fns);
	call_names(sites, nr, true, &olds);
	for (size_t i = 0; i < nr; i++) {
		const char *c = sites[i].new_call ? sites[i].new_call : "kmalloc()";

		if (!string_list_has(&news, c))
			string_list_append(&news, c);
		zeroed |= sites[i].old_call && starts_with(sites[i].old_call, "get_zeroed_page");
		same_new &= !strcmp(c, sites[0].new_call ? sites[0].new_call : "kmalloc()");
	}
	if (!detail)
		use_names(sites, nr, 4, &uses);
	if (detail < 3 || fns.nr == 1)
		text_add_list(&para, &fns);
	else
		strbuf_addf(&para, "%zu functions of %s", fns.nr, base);
	strbuf_addf(&para, " use%s ", fns.nr > 1 ? "" : "s");
	text_add_list(&para, &olds);
	strbuf_addstr(&para, " memory as a plain buffer");
	if (uses.nr) {
		strbuf_addstr(&para, " for ");
		text_add_list(&para, &uses);
	}
	strbuf_addf(&para, ": nothing maps %s, hands %s to DMA or turns %s into a struct page, "
		    "and only free_page() frees %s.", it, it, it, it);
	text_add_paragraph(out, para.buf);
	strbuf_reset(&para);
	strbuf_addf(&para, "Allocate %s with ", it);
	if (same_new)
		strbuf_addstr(&para, news.items[0]);
	else
		text_add_list(&para, &news);
	strbuf_addf(&para, " and free %s with kfree() instead", it);
	if (zeroed)
		strbuf_addf(&para, " (kzalloc() zeroes as get_zeroed_page() did)");
	strbuf_addf(&para, ", so that slab debugging and kmemleak cover %s.", it);
	for (size_t i = 0; detail < 2 && i < nr; i++)
		for (size_t n = 0; n < sites[i].notes.nr; n++) {
			char *note;

			if (!strstr(sites[i].notes.items[n], "align"))
				continue;
			note = series_strip_lines(sites[i].notes.items[n]);
			strbuf_addf(&para, " For '%s', %s.", sites[i].var ? sites[i].var : "it",
				    note);
			free(note);
		}
	text_add_paragraph(out, para.buf);
	strbuf_release(&para);
	string_list_clear(&fns);
	string_list_clear(&olds);
	string_list_clear(&news);
	string_list_clear(&uses);
}

/* "proc: replace __get_free_page() with kmalloc()" and shorter forms. */
static void pagealloc_subjects(const struct site *sites, size_t nr, bool one_function,
			       char *candidates[TEXT_SUBJECTS])
{
	const char *fn = sites[0].f->row.function;
	struct string_list olds = STRING_LIST_INIT, news = STRING_LIST_INIT;
	struct strbuf c = STRBUF_INIT;

	call_names(sites, nr, true, &olds);
	call_names(sites, nr, false, &news);
	if (!news.nr)
		string_list_append(&news, "kmalloc()");
	strbuf_addstr(&c, "replace ");
	text_add_list(&c, &olds);
	strbuf_addstr(&c, " with ");
	text_add_list(&c, &news);
	candidates[0] = strbuf_detach(&c, NULL);
	strbuf_addstr(&c, "use ");
	text_add_list(&c, &news);
	strbuf_addstr(&c, " for plain buffers");
	candidates[1] = strbuf_detach(&c, NULL);
	if (one_function) {
		candidates[2] = xstrfmt("use %s in %s()", news.items[0], fn);
		candidates[3] = xstrfmt("%s(): use %s", fn, news.items[0]);
	}
	string_list_clear(&olds);
	string_list_clear(&news);
}

const struct text_rule pagealloc_kmalloc_text = {
	.name = "pagealloc-kmalloc",
	.helper = "kmalloc()",
	.cover_all = "They take a page",
	.cover_some = "Some take a page",
	.cover_what = " from the page allocator (__get_free_page() "
		"and its relatives) for a plain buffer that nothing maps, hands to "
		"DMA or converts to a struct page or physical address; they get "
		"kmalloc() or kzalloc() and kfree() instead. In his 2015 audit of the "
		"fs/ users of __get_free_pages() (\"Re: [RFC] free_pages stuff\", "
		"linux-kernel, 22 Dec 2015), Al Viro found 35 of 38 such callers had "
		"no reason to use the page allocator, which is not faster than "
		"kmalloc() either.",
	.read_site = read_pagealloc_site,
	.notes = pagealloc_notes,
	.message = pagealloc_message,
	.subjects = pagealloc_subjects,
};

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The words of a series: subjects and commit messages, written for each rule by its entry
 * in a table of writers (series-pagealloc.c, series-memdup.c), and the prose helpers they
 * share. The cover letter is series-cover.c's, subject prefixes series-prefix.c's.
 *
 * A message is built from what the change itself shows (the allocation the finding matched,
 * the call that replaces it, the frees, the casts and the error handling in the diff), from
 * what the rule reported (its message names the frees it paired and its notes), and from the
 * function around the site (the calls the buffer is handed to). Every sentence carries the
 * site's specifics; only the line naming the rule is the same in two patches.
 */
#include "series-text-internal.h"

#include <stdlib.h>
#include <string.h>

#define WIDTH MBOX_WRAP
/* submitting-patches.rst: say what and why, briefly. The body above the trailers. */
#define MESSAGE_LINES_MAX 8

const struct text_rule *const text_rules[] = {
	&pagealloc_kmalloc_text,
	&memdup_user_nul_text,
	&memdup_user_text,
	NULL,
};

const struct text_rule *text_rule(const char *name)
{
	for (const struct text_rule *const *r = text_rules; *r; r++)
		if (!strcmp((*r)->name, name))
			return *r;
	/* A rule the table does not name is written as memdup-user is. */
	return &memdup_user_text;
}

/* "a", "a and b", "a, b and c". */
void text_add_list(struct strbuf *out, const struct string_list *items)
{
	for (size_t i = 0; i < items->nr; i++) {
		if (i)
			strbuf_addstr(out, i + 1 == items->nr ? " and " : ", ");
		strbuf_addstr(out, items->items[i]);
	}
}

/* text wrapped as a paragraph and a blank line. */
void text_add_paragraph(struct strbuf *out, const char *text)
{
	if (!*text)
		return;
	mbox_wrap(out, text, 0, 0, WIDTH);
	strbuf_addstr(out, "\n\n");
}

/* A list item "- text", its continuation lines indented by two. */
void text_add_item(struct strbuf *out, const char *text)
{
	char *item = xstrfmt("- %s", text);

	mbox_wrap(out, item, 0, 2, WIDTH);
	strbuf_addch(out, '\n');
	free(item);
}

/* Capitalise a sentence start only when it is a plain word (never a C identifier). */
void text_add_sentence(struct strbuf *out, const char *s)
{
	if (out->len && out->buf[out->len - 1] != ' ')
		strbuf_addch(out, ' ');
	strbuf_addstr(out, s);
}

/* "'tmp'": a variable named in prose. */
char *text_quoted(const char *var)
{
	return var ? xstrfmt("'%s'", var) : xstrdup("the buffer");
}

void series_patch_clear(struct series_patch *p)
{
	free(p->file);
	free(p->rule);
	free(p->members);
	free(p->prefix);
	free(p->subject);
	free(p->body);
	free(p->notes);
	free(p->filename);
	sd_patch_clear(&p->diff);
	strbuf_release(&p->mail);
}

void site_clear(struct site *s)
{
	free(s->var);
	free(s->old_call);
	free(s->new_call);
	free(s->where);
	free(s->holder);
	string_list_clear(&s->notes);
	string_list_clear(&s->uses);
}

/* The function a call calls, "kmalloc" when there is no call. */
char *site_call_name(const char *call)
{
	const char *paren = call ? strchr(call, '(') : NULL;

	return paren ? xstrndup(call, (size_t)(paren - call)) : xstrdup("kmalloc");
}

/* The distinct functions of the sites, "f()" each. */
void site_functions(const struct site *sites, size_t nr, struct string_list *out)
{
	for (size_t i = 0; i < nr; i++) {
		char *fn = xstrfmt("%s()", sites[i].f->row.function);

		if (!string_list_has(out, fn))
			string_list_append(out, fn);
		free(fn);
	}
}

static bool fits(const char *prefix, const char *rest)
{
	return strlen(prefix) + 2 + strlen(rest) <= TEXT_SUBJECT_MAX;
}

/*
 * The subject, in the form the subsystems' own commits use: "proc: replace
 * __get_free_page() with kmalloc()", "ext4: use memdup_user() in foo()".
 */
static char *make_subject(const char *prefix, const struct series_patch *p,
			  const struct site *sites, size_t nr)
{
	const char *fn = sites[0].f->row.function;
	char *ret = NULL;
	char *candidates[TEXT_SUBJECTS] = { NULL };
	bool one_function = true;

	for (size_t i = 1; i < nr; i++)
		one_function &= !strcmp(sites[i].f->row.function, fn);
	text_rule(p->rule)->subjects(sites, nr, one_function, candidates);
	for (size_t i = 0; i < ARRAY_SIZE(candidates) && !ret; i++)
		if (candidates[i] && fits(prefix, candidates[i]))
			ret = xstrfmt("%s: %s", prefix, candidates[i]);
	if (!ret) {
		/* Nothing fits: the shortest. */
		size_t best = 0;

		for (size_t i = 1; i < ARRAY_SIZE(candidates); i++)
			if (candidates[i] && strlen(candidates[i]) < strlen(candidates[best]))
				best = i;
		ret = xstrfmt("%s: %s", prefix, candidates[best]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(candidates); i++)
		free(candidates[i]);
	return ret;
}

/* Lines of text, as a reader counts them: the non-blank ones. */
static size_t text_lines(const char *text)
{
	size_t n = 0;

	for (const char *l = text; *l;) {
		size_t len = strcspn(l, "\n");

		n += len > 0;
		l += len + (l[len] == '\n');
	}
	return n;
}

/* The shortest message detail that keeps the text within MESSAGE_LINES_MAX lines. */
static void short_message(const struct series_patch *p, const struct site *sites, size_t nr,
			  struct strbuf *out)
{
	const struct text_rule *rule = text_rule(p->rule);

	for (int detail = 0; detail < 4; detail++) {
		strbuf_reset(out);
		rule->message(p, sites, nr, detail, out);
		if (text_lines(out->buf) + 1 <= MESSAGE_LINES_MAX)
			break;
	}
}

void series_patch_text(const struct series_context *ctx, struct series_patch *p,
		       const struct series_finding *findings, const char *source)
{
	struct site *sites = xcalloc(p->nr_members, sizeof(*sites));
	struct string_list removed = STRING_LIST_INIT, added = STRING_LIST_INIT;
	struct strbuf body = STRBUF_INIT, notes = STRBUF_INIT;
	const struct text_rule *rule = text_rule(p->rule);

	code_diff_sides(p->diff.diff.buf, &removed, &added);
	for (size_t i = 0; i < p->nr_members; i++) {
		sites[i].f = &findings[p->members[i]];
		rule->read_site(&sites[i], source, &added);
	}
	/* The evidence, site by site, goes below the "---" line. */
	rule->notes(p, sites, p->nr_members, &removed, &added, &notes);
	strbuf_rtrim(&notes);
	strbuf_addch(&notes, '\n');
	short_message(p, sites, p->nr_members, &body);
	{
		char *credit = xstrfmt("Found with whichalloc's Coccinelle rule %s.", p->rule);

		text_add_paragraph(&body, credit);
		free(credit);
	}
	strbuf_addf(&body, "Signed-off-by: %s <%s>\n", ctx->author->name, ctx->author->email);
	free(p->subject);
	p->subject = make_subject(p->prefix, p, sites, p->nr_members);
	free(p->body);
	p->body = strbuf_detach(&body, NULL);
	free(p->notes);
	p->notes = strbuf_detach(&notes, NULL);
	for (size_t i = 0; i < p->nr_members; i++)
		site_clear(&sites[i]);
	free(sites);
	string_list_clear(&removed);
	string_list_clear(&added);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The words of a memdup-user and a memdup-user-nul patch: code that open-codes
 * memdup_user(), vmemdup_user() or memdup_user_nul() (allocate, copy_from_user(), free on
 * a fault, store the NUL) and calls the helper instead. The site is read from the finding
 * and the regenerated diff; the notes carry the evidence site by site, the commit message
 * says what and why briefly.
 */
#include "series-text-internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const slab_allocs[] = { "kmalloc", "kzalloc", "kvmalloc", "kvzalloc", NULL };
static const char *const helpers[] = { "memdup_user_nul", "vmemdup_user", "memdup_user", NULL };

/* The buffer, its old call, the helper call replacing it (from the diff), the rule's remarks. */
static void read_memdup_site(struct site *s, const char *source,
			     const struct string_list *added)
{
	struct string_list parts = STRING_LIST_INIT;
	const char *at = NULL;

	(void)source;	/* the code and the diff say it all */
	s->old_call = code_first_call(s->f->row.code, slab_allocs, &at);
	s->var = s->old_call ? code_assigned_to(s->f->row.code, at) : NULL;
	for (size_t i = 0; i < added->nr && s->var && !s->new_call; i++) {
		char *c = code_first_call(added->items[i], helpers, &at);
		char *lhs = c ? code_assigned_to(added->items[i], at) : NULL;

		if (c && lhs && !strcmp(lhs, s->var))
			s->new_call = c;
		else
			free(c);
		free(lhs);
	}
	code_message_parts(s->f->row.message, &parts);
	for (size_t i = 0; i < parts.nr; i++) {
		const char *open = strrchr(parts.items[i], '(');

		/* The rule's remarks close its message: "... (the copy overwrites the zeroing)". */
		if (open && ends_with(parts.items[i], ")") && strchr(open, ' '))
			string_list_append_nodup(&s->notes, xstrndup(open + 1,
								      strlen(open + 1) - 1));
	}
	string_list_clear(&parts);
}

/* The helper a call calls; memdup_user for anything else. */
static const char *helper_name(const char *call)
{
	for (const char *const *h = helpers; *h; h++)
		if (call && starts_with(call, *h) && call[strlen(*h)] == '(')
			return *h;
	return "memdup_user";
}

/* How the new code handles the helper's failure, from the added lines. */
static char *failure_phrase(const struct string_list *added, const char *var)
{
	char *ret_line = xstrfmt("return PTR_ERR(%s);", var);
	char *assign = xstrfmt("= PTR_ERR(%s);", var);
	char *phrase = NULL;

	for (size_t i = 0; i < added->nr && !phrase; i++) {
		const char *l = added->items[i];

		while (isspace((unsigned char)*l))
			l++;
		if (!strcmp(l, ret_line)) {
			phrase = xstrfmt("returns PTR_ERR(%s) when IS_ERR(%s)", var, var);
		} else if (ends_with(l, assign)) {
			phrase = xstrfmt("stores PTR_ERR(%s) in %.*s and leaves by its old error "
					 "path", var, (int)(strlen(l) - strlen(assign) - 1), l);
		}
	}
	if (!phrase)
		phrase = xstrfmt("checks IS_ERR(%s) and passes PTR_ERR(%s) on", var, var);
	free(ret_line);
	free(assign);
	return phrase;
}

/* The allocation flags of a site's old call ("GFP_KERNEL"), or its function's name. */
static char *old_flags(const struct site *s)
{
	char *flags = s->old_call ? code_arg_of(s->old_call, 1) : NULL;

	return flags ? flags : site_call_name(s->old_call);
}

/*
 * What the helper changes in the allocations: one sentence for each helper and former
 * flags, naming the buffers concerned.
 */
static void add_alloc_notes(struct strbuf *para, const struct site *sites, size_t nr, bool nul)
{
	bool *done = xcalloc(nr + 1, sizeof(*done));

	for (size_t i = 0; i < nr; i++) {
		struct string_list vars = STRING_LIST_INIT;
		const char *helper = helper_name(sites[i].new_call);
		char *flags = old_flags(&sites[i]);
		struct strbuf list = STRBUF_INIT;

		if (done[i]) {
			free(flags);
			continue;
		}
		for (size_t j = i; j < nr; j++) {
			char *other = old_flags(&sites[j]);

			if (!done[j] && !strcmp(helper_name(sites[j].new_call), helper) &&
			    !strcmp(other, flags)) {
				done[j] = true;
				string_list_append_nodup(&vars, text_quoted(sites[j].var));
			}
			free(other);
		}
		text_add_list(&list, &vars);
		if (nul && !strcmp(flags, "GFP_USER"))
			strbuf_addf(para, " The allocation of %s moves from GFP_USER to "
				    "GFP_KERNEL, which differ only in __GFP_HARDWALL (keeping user "
				    "memory in the task's cpuset).", list.buf);
		if (!nul && !strcmp(helper, "memdup_user"))
			strbuf_addf(para, " memdup_user() allocates %s with GFP_USER | "
				    "__GFP_NOWARN instead of %s: the memory stays within the "
				    "task's cpuset and a failed allocation only returns -ENOMEM, "
				    "without a warning.",
				    list.buf, flags);
		if (!nul && !strcmp(helper, "vmemdup_user"))
			strbuf_addf(para, " vmemdup_user() allocates %s with kvmalloc(..., "
				    "GFP_USER) instead of %s, and kvfree() still frees "
				    "%s.", list.buf, flags,
				    vars.nr > 1 ? "them" : "it");
		strbuf_release(&list);
		string_list_clear(&vars);
		free(flags);
	}
	free(done);
}

/* The rule's remarks about one site. */
static void add_site_notes(struct strbuf *para, const struct site *s)
{
	const char *helper = helper_name(s->new_call);
	char *oldfn = site_call_name(s->old_call), *q = text_quoted(s->var);

	for (size_t n = 0; n < s->notes.nr; n++) {
		const char *note = s->notes.items[n];

		if (strstr(note, "zeroing only supplied the NUL"))
			strbuf_addf(para, " %s() zeroed %s only to supply the terminator, which "
				    "%s() stores itself.", oldfn, q, helper);
		else if (strstr(note, "overwrites the zeroing"))
			strbuf_addf(para, " The copy overwrote every byte %s() zeroed in %s, so "
				    "nothing is lost.", oldfn, q);
		else if (strstr(note, "terminator"))
			strbuf_addf(para, " %s() goes on terminating %s itself, as before (%s).",
				    s->f->row.function, q, note);
		else
			strbuf_addf(para, " The rule notes for %s: %s.", q, note);
	}
	free(oldfn);
	free(q);
}

/* "memdup_user()", "vmemdup_user()": the distinct helpers of the sites' new calls. */
static void helpers_used(const struct site *sites, size_t nr, struct string_list *out)
{
	for (size_t i = 0; i < nr; i++) {
		char *h = xstrfmt("%s()", helper_name(sites[i].new_call));

		if (!string_list_has(out, h))
			string_list_append(out, h);
		free(h);
	}
}

/* The head of the list of several sites. */
static void memdup_intro(const struct series_patch *p, const struct site *sites, size_t nr,
			 bool nul, struct strbuf *body)
{
	struct strbuf para = STRBUF_INIT;
	struct string_list used = STRING_LIST_INIT;
	const char *base = strrchr(p->file, '/') ? strrchr(p->file, '/') + 1 : p->file;

	helpers_used(sites, nr, &used);
	strbuf_addf(&para, "These functions of %s open-code ", base);
	text_add_list(&para, &used);
	strbuf_addf(&para, ": each allocates a buffer, fills it from user space with "
		    "copy_from_user() and frees it again if the copy faults%s:",
		    nul ? ", and NUL-terminates it" : "");
	text_add_paragraph(body, para.buf);
	strbuf_setlen(body, body->len - 1);
	strbuf_release(&para);
	string_list_clear(&used);
}

/* One of several sites, as an item of the list. */
static void memdup_site_item(const struct site *s, const struct string_list *added,
			     struct strbuf *body)
{
	const char *helper = helper_name(s->new_call);
	char *src = code_arg_of(s->new_call, 0);
	char *oldfn = site_call_name(s->old_call), *q = text_quoted(s->var);
	char *failure = failure_phrase(added, s->var ? s->var : "buf");
	char *item = xstrfmt("%s(): %s from %s, filled from %s; it now calls %s and %s.",
			     s->f->row.function, q, s->old_call ? s->old_call : oldfn,
			     src ? src : "user space", s->new_call ? s->new_call : helper,
			     failure);

	text_add_item(body, item);
	free(item);
	free(src);
	free(oldfn);
	free(q);
	free(failure);
}

/* A lone site: what the code does, what the helper does, and how errors still go. */
static void memdup_site_paragraph(const struct site *s, bool nul,
				  const struct string_list *removed,
				  const struct string_list *added, struct strbuf *body)
{
	struct strbuf para = STRBUF_INIT;
	const char *var = s->var ? s->var : "buf";
	const char *helper = helper_name(s->new_call);
	char *src = code_arg_of(s->new_call, 0), *len = code_arg_of(s->new_call, 1);
	char *oldfn = site_call_name(s->old_call), *q = text_quoted(s->var);
	char *failure = failure_phrase(added, var);
	char *nul_store = xstrfmt("%s[%s] = '\\0';", var, len ? len : "");
	bool stores_nul = code_count_containing(removed, nul_store) > 0;
	bool vfree = code_count_containing(removed, "kvfree(") > 0;

	if (nul) {
		strbuf_addf(&para, "%s() copies %s bytes from %s into %s, which it "
			    "allocates with %s; it frees %s again if copy_from_user() "
			    "faults",
			    s->f->row.function, len ? len : "a count of",
			    src ? src : "user space", q, s->old_call ? s->old_call : oldfn,
			    q);
		if (stores_nul)
			strbuf_addf(&para, ", and terminates the string with "
				"%s", nul_store);
		strbuf_addf(&para, ". %s does exactly this: it allocates %s + 1 bytes with "
			    "GFP_KERNEL, copies, stores the NUL and returns "
			    "ERR_PTR(-ENOMEM) or "
			    "ERR_PTR(-EFAULT).", s->new_call ? s->new_call : helper,
			    len ? len : "count");
	} else {
		strbuf_addf(&para, "%s() allocates %s with %s and fills all %s bytes of it "
			    "from %s with copy_from_user(), freeing it with %s() if the "
			    "copy faults. %s does the same in one call and returns "
			    "ERR_PTR(-ENOMEM) or ERR_PTR(-EFAULT).", s->f->row.function, q,
			    s->old_call ? s->old_call : oldfn, len ? len : "its",
			    src ? src : "user space", vfree ? "kvfree" : "kfree",
			    s->new_call ? s->new_call : helper);
	}
	strbuf_addf(&para, " With it, %s() %s, so its callers get the -ENOMEM and -EFAULT "
		    "they got before.", s->f->row.function, failure);
	add_alloc_notes(&para, s, 1, nul);
	add_site_notes(&para, s);
	text_add_paragraph(body, para.buf);
	strbuf_release(&para);
	free(src);
	free(len);
	free(oldfn);
	free(q);
	free(failure);
	free(nul_store);
}

/* After the sites: what the helpers keep, the rule's remarks and what it checked. */
static void memdup_closing(const struct site *sites, size_t nr, bool nul, struct strbuf *body)
{
	struct strbuf para = STRBUF_INIT;
	struct string_list fns = STRING_LIST_INIT, used = STRING_LIST_INIT;

	site_functions(sites, nr, &fns);
	if (nr > 1) {
		helpers_used(sites, nr, &used);
		strbuf_addch(body, '\n');
		text_add_list(&para, &used);
		strbuf_addf(&para, " %s the same in one call and return%s ERR_PTR(-ENOMEM) or "
			    "ERR_PTR(-EFAULT), so the callers of ", used.nr > 1 ? "do" : "does",
			    used.nr > 1 ? "" : "s");
		text_add_list(&para, &fns);
		strbuf_addstr(&para, " get the -ENOMEM and -EFAULT they got before.");
		add_alloc_notes(&para, sites, nr, nul);
		for (size_t i = 0; i < nr; i++)
			add_site_notes(&para, &sites[i]);
		text_add_paragraph(body, para.buf);
		strbuf_reset(&para);
		strbuf_addstr(&para, "For each buffer, the rule checked that ");
		text_add_list(&para, &fns);
		strbuf_addstr(&para, " test the allocation right before the copy and do not touch "
			      "the buffer in between, return -ENOMEM when the allocation fails, "
			      "and on a faulting copy free the buffer and then do what the "
			      "allocation failure does, with -EFAULT.");
	} else {
		char *q = text_quoted(sites[0].var);

		strbuf_addf(&para, "The rule checked that %s() tests the allocation of %s right "
			    "before the copy and does not touch it in between, returns -ENOMEM "
			    "when the allocation fails, and on a faulting copy frees %s and then "
			    "does what the allocation failure does, with -EFAULT.",
			    sites[0].f->row.function, q, q);
		free(q);
	}
	text_add_paragraph(body, para.buf);
	strbuf_release(&para);
	string_list_clear(&fns);
	string_list_clear(&used);
}

/* The notes of a memdup-user(-nul) patch: the evidence, site by site. */
static void memdup_notes(const struct series_patch *p, const struct site *sites, size_t nr,
			 const struct string_list *removed, const struct string_list *added,
			 bool nul, struct strbuf *body)
{
	if (nr > 1)
		memdup_intro(p, sites, nr, nul, body);
	for (size_t i = 0; i < nr; i++) {
		if (nr > 1)
			memdup_site_item(&sites[i], added, body);
		else
			memdup_site_paragraph(&sites[i], nul, removed, added, body);
	}
	memdup_closing(sites, nr, nul, body);
}

/* The commit message of a memdup-user(-nul) patch: what the code open-codes, the change. */
static void memdup_message(const struct series_patch *p, const struct site *sites, size_t nr,
			   int detail, bool nul, struct strbuf *out)
{
	struct string_list fns = STRING_LIST_INIT, used = STRING_LIST_INIT;
	struct string_list flags = STRING_LIST_INIT;
	struct strbuf para = STRBUF_INIT;
	const char *base = strrchr(p->file, '/') ? strrchr(p->file, '/') + 1 : p->file;

	site_functions(sites, nr, &fns);
	helpers_used(sites, nr, &used);
	for (size_t i = 0; i < nr; i++) {
		char *f = old_flags(&sites[i]);

		if (!string_list_has(&flags, f))
			string_list_append(&flags, f);
		free(f);
	}
	if (detail < 2 || fns.nr == 1)
		text_add_list(&para, &fns);
	else
		strbuf_addf(&para, "%zu functions of %s", fns.nr, base);
	strbuf_addf(&para, " open-code%s ", fns.nr > 1 ? "" : "s");
	text_add_list(&para, &used);
	if (nul) {
		/* The count as the code names it, when every site names it alike. */
		char *len = code_arg_of(sites[0].new_call, 1);

		for (size_t i = 1; i < nr && len; i++) {
			char *other = code_arg_of(sites[i].new_call, 1);

			if (!other || strcmp(other, len)) {
				free(len);
				len = NULL;
			}
			free(other);
		}
		strbuf_addf(&para, ": allocate %s + 1 bytes, copy %s bytes from user space and "
			    "store the NUL, with -ENOMEM and -EFAULT (the buffer freed) on "
			    "failure.", len ? len : "count", len ? len : "count");
		free(len);
	} else {
		strbuf_addstr(&para, ": allocate a buffer and fill all of it from user space, "
			      "with -ENOMEM and -EFAULT (the buffer freed) on failure.");
	}
	text_add_paragraph(out, para.buf);
	strbuf_reset(&para);
	strbuf_addstr(&para, "Call ");
	text_add_list(&para, &used);
	strbuf_addstr(&para, " instead and pass its error on with PTR_ERR(); callers get the "
		      "same error codes.");
	if (nul && string_list_has(&flags, "GFP_USER"))
		strbuf_addstr(&para, " The allocation moves from GFP_USER to GFP_KERNEL, which "
			      "differ only in __GFP_HARDWALL.");
	if (!nul && string_list_has(&used, "memdup_user()"))
		strbuf_addstr(&para, " memdup_user() allocates with GFP_USER | __GFP_NOWARN, so "
			      "the buffer stays in the task's cpuset and a large request fails "
			      "without a warning.");
	text_add_paragraph(out, para.buf);
	strbuf_release(&para);
	string_list_clear(&fns);
	string_list_clear(&used);
	string_list_clear(&flags);
}

/* "ext4: use memdup_user() in foo()" and shorter forms. */
static void memdup_subjects(const struct site *sites, size_t nr, bool one_function,
			    char *candidates[TEXT_SUBJECTS])
{
	const char *fn = sites[0].f->row.function;
	const char *helper = helper_name(sites[0].new_call);

	(void)nr;	/* one_function says what the subject needs of the others */
	if (!one_function) {
		candidates[0] = xstrfmt("use %s()", helper);
	} else {
		candidates[0] = xstrfmt("use %s() in %s()", helper, fn);
		candidates[1] = xstrfmt("%s(): use %s()", fn, helper);
	}
}

static void memdup_user_nul_notes(const struct series_patch *p, struct site *sites, size_t nr,
				  const struct string_list *removed,
				  const struct string_list *added, struct strbuf *out)
{
	memdup_notes(p, sites, nr, removed, added, true, out);
}

static void memdup_user_notes(const struct series_patch *p, struct site *sites, size_t nr,
			      const struct string_list *removed, const struct string_list *added,
			      struct strbuf *out)
{
	memdup_notes(p, sites, nr, removed, added, false, out);
}

static void memdup_user_nul_message(const struct series_patch *p, const struct site *sites,
				    size_t nr, int detail, struct strbuf *out)
{
	memdup_message(p, sites, nr, detail, true, out);
}

static void memdup_user_message(const struct series_patch *p, const struct site *sites,
				size_t nr, int detail, struct strbuf *out)
{
	memdup_message(p, sites, nr, detail, false, out);
}

const struct text_rule memdup_user_nul_text = {
	.name = "memdup-user-nul",
	.helper = "memdup_user_nul()",
	.cover_all = "They open-code",
	.cover_some = "Some open-code",
	.cover_what = " memdup_user_nul(): allocate count + 1 bytes, "
		"copy_from_user() count bytes, store a NUL; they call the helper "
		"instead, with the error codes unchanged.",
	.read_site = read_memdup_site,
	.notes = memdup_user_nul_notes,
	.message = memdup_user_nul_message,
	.subjects = memdup_subjects,
};

const struct text_rule memdup_user_text = {
	.name = "memdup-user",
	.helper = "memdup_user()",
	.cover_all = "They open-code",
	.cover_some = "Some open-code",
	.cover_what = " memdup_user() or vmemdup_user(): allocate, "
		"copy_from_user() the same size, free on a fault; they call the "
		"helper instead, with the error codes unchanged.",
	.read_site = read_memdup_site,
	.notes = memdup_user_notes,
	.message = memdup_user_message,
	.subjects = memdup_subjects,
};

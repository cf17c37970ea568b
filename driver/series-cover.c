// SPDX-License-Identifier: GPL-2.0-only
/*
 * The cover letter of a series (its subject and blurb: what the series does and why, its
 * patches, how the sites were found and reviewed, the sites left alone with their reasons)
 * and the notes of a lone patch, which has no cover letter to say them.
 */
#include "series-text-internal.h"

#include <stdlib.h>
#include <string.h>

static const char *left_alone_reason(const struct series_finding *f, struct strbuf *buf)
{
	strbuf_reset(buf);
	if (!strcmp(f->row.status, "rejected")) {
		strbuf_addf(buf, "rejected in review (%s)", f->review_reason ? f->review_reason :
			    "no reason given");
		if (f->review_note && *f->review_note)
			strbuf_addf(buf, ": %s", f->review_note);
	} else if (!strcmp(f->row.verdict, "keep")) {
		strbuf_addf(buf, "kept: %s", f->row.message);
	} else if (!strcmp(f->row.verdict, "review")) {
		strbuf_addf(buf, "left for a closer look: %s", f->row.message);
	} else {
		return NULL;
	}
	return buf->buf;
}

/*
 * The page allocator's own code: its callers of __get_free_pages() implement the
 * allocator (alloc_pages_exact(), get_zeroed_page(), ...), so they are never a site
 * someone "left alone".
 */
static bool allocator_internal(const struct series_finding *f)
{
	static const char *const files[] = { "mm/page_alloc.c", "mm/mm_init.c",
					     "mm/page_frag_cache.c", NULL };
	static const char *const fns[] = { "alloc_pages_exact", "alloc_pages_exact_nid",
					   "make_alloc_exact", "free_pages_exact",
					   "__get_free_pages", "get_zeroed_page", NULL };

	for (const char *const *p = files; *p; p++)
		if (!strcmp(f->row.file, *p))
			return true;
	for (const char *const *p = fns; *p; p++)
		if (f->row.function && !strcmp(f->row.function, *p))
			return true;
	return false;
}

static bool left_alone(const struct series_context *ctx, const struct series_finding *f)
{
	return !f->in_series && !f->row.fixed_run && f->row.subsystem &&
		!strcmp(f->row.subsystem, ctx->subsystem) && !allocator_internal(f);
}

/* "Left alone on purpose (N sites):" and the list; the count of unreviewed ones. */
static void add_left_alone(const struct series_context *ctx,
			   const struct series_finding *findings, size_t nr_findings,
			   struct strbuf *out)
{
	struct strbuf reason = STRBUF_INIT, para = STRBUF_INIT;
	size_t alone = 0, unreviewed = 0;

	for (size_t i = 0; i < nr_findings; i++) {
		const struct series_finding *f = &findings[i];

		if (!left_alone(ctx, f))
			continue;
		if (left_alone_reason(f, &reason))
			alone++;
		else if (!strcmp(f->row.status, "new"))
			unreviewed++;
	}
	if (alone) {
		strbuf_addf(out, "Left alone on purpose (%zu site%s):\n", alone,
			    alone == 1 ? "" : "s");
		for (size_t i = 0; i < nr_findings; i++) {
			const struct series_finding *f = &findings[i];
			char *item;

			if (!left_alone(ctx, f) || !left_alone_reason(f, &reason))
				continue;
			item = xstrfmt("%s:%lld %s(): %s", f->row.file, f->row.line,
				       f->row.function, reason.buf);
			text_add_item(out, item);
			free(item);
		}
		strbuf_addch(out, '\n');
	}
	if (unreviewed) {
		strbuf_addf(&para, "%zu more candidate%s in %s %s not been reviewed yet and %s not "
			    "part of this series.", unreviewed, unreviewed == 1 ? "" : "s",
			    ctx->subsystem, unreviewed == 1 ? "has" : "have",
			    unreviewed == 1 ? "is" : "are");
		text_add_paragraph(out, para.buf);
	}
	strbuf_release(&reason);
	strbuf_release(&para);
}

/* "Changes in v2:" and the user's text, as it is. */
static void add_changes(const struct series_context *ctx, struct strbuf *out)
{
	if (ctx->version < 2)
		return;
	strbuf_addf(out, "Changes in v%d:\n", ctx->version);
	if (ctx->changes && *ctx->changes) {
		strbuf_addstr(out, ctx->changes);
		strbuf_rtrim(out);
		strbuf_addstr(out, "\n\n");
	} else {
		strbuf_addstr(out, "- (not described)\n\n");
	}
}

void series_lone_notes(const struct series_context *ctx, const struct series_patch *p,
		       const struct series_finding *findings, size_t nr_findings,
		       struct strbuf *out)
{
	add_changes(ctx, out);
	strbuf_addstr(out, p->notes ? p->notes : "");
	strbuf_addch(out, '\n');
	add_left_alone(ctx, findings, nr_findings, out);
	while (out->len > 1 && out->buf[out->len - 1] == '\n' && out->buf[out->len - 2] == '\n')
		strbuf_setlen(out, out->len - 1);
}

/* The patches' rules, files and reviewers, the prefix most of them use, and their sites. */
struct cover_tally {
	struct string_list rules, files, reviewers;
	const char *prefix;
	size_t sites;
};

static void cover_tally(const struct series_patch *patches, size_t nr,
			const struct series_finding *findings, struct cover_tally *t)
{
	size_t best = 0;

	t->prefix = patches[0].prefix;
	for (size_t i = 0; i < nr; i++) {
		size_t n = 0;

		if (!string_list_has(&t->rules, patches[i].rule))
			string_list_append(&t->rules, patches[i].rule);
		if (!string_list_has(&t->files, patches[i].file))
			string_list_append(&t->files, patches[i].file);
		for (size_t j = 0; j < nr; j++)
			n += !strcmp(patches[j].prefix, patches[i].prefix);
		if (n > best) {
			best = n;
			t->prefix = patches[i].prefix;
		}
		t->sites += patches[i].nr_members;
		for (size_t m = 0; m < patches[i].nr_members; m++) {
			const char *who = findings[patches[i].members[m]].reviewer;

			if (who && !string_list_has(&t->reviewers, who))
				string_list_append(&t->reviewers, who);
		}
	}
}

/* Subject: the helpers the series moves to. */
static void cover_subject(const struct cover_tally *t, struct strbuf *subject)
{
	struct string_list helpers_used = STRING_LIST_INIT;
	struct strbuf what = STRBUF_INIT;

	for (size_t i = 0; i < t->rules.nr; i++) {
		const char *helper = text_rule(t->rules.items[i])->helper;

		if (!string_list_has(&helpers_used, helper))
			string_list_append(&helpers_used, helper);
	}
	strbuf_addstr(&what, "use ");
	text_add_list(&what, &helpers_used);
	if (strlen(t->prefix) + 2 + what.len + strlen(" for plain buffers") <= TEXT_SUBJECT_MAX)
		strbuf_addstr(&what, " for plain buffers");
	strbuf_addf(subject, "%s: %s", t->prefix, what.buf);
	strbuf_release(&what);
	string_list_clear(&helpers_used);
}

/* What the series does and why: a sentence for each rule of the table it uses. */
static void cover_what(const struct series_context *ctx, const struct cover_tally *t,
		       size_t nr, struct strbuf *blurb)
{
	struct strbuf para = STRBUF_INIT;

	strbuf_addf(&para, "This series changes %zu site%s in %s, in %zu patch%s (", t->sites,
		    t->sites == 1 ? "" : "s", ctx->subsystem, nr, nr == 1 ? "" : "es");
	text_add_list(&para, &t->files);
	strbuf_addstr(&para, ").");
	for (const struct text_rule *const *r = text_rules; *r; r++) {
		if (!string_list_has(&t->rules, (*r)->name))
			continue;
		text_add_sentence(&para, t->rules.nr == 1 ? (*r)->cover_all : (*r)->cover_some);
		strbuf_addstr(&para, (*r)->cover_what);
	}
	text_add_paragraph(blurb, para.buf);
	strbuf_release(&para);
}

/* The patches, one item each: file, functions, rule. */
static void cover_patches(const struct series_patch *patches, size_t nr,
			  const struct series_finding *findings, struct strbuf *blurb)
{
	struct strbuf para = STRBUF_INIT;

	strbuf_addstr(blurb, "The patches:\n");
	for (size_t i = 0; i < nr; i++) {
		struct string_list fns = STRING_LIST_INIT;
		char *item;

		for (size_t m = 0; m < patches[i].nr_members; m++) {
			const char *fn = findings[patches[i].members[m]].row.function;
			char *call = xstrfmt("%s()", fn);

			if (!string_list_has(&fns, call))
				string_list_append(&fns, call);
			free(call);
		}
		strbuf_reset(&para);
		text_add_list(&para, &fns);
		item = xstrfmt("%zu/%zu %s: %s (rule %s)", i + 1, nr, patches[i].file, para.buf,
			       patches[i].rule);
		text_add_item(blurb, item);
		free(item);
		string_list_clear(&fns);
	}
	strbuf_addch(blurb, '\n');
	strbuf_release(&para);
}

/* How the sites were found and reviewed. */
static void cover_found(const struct series_context *ctx, const struct cover_tally *t,
			struct strbuf *blurb)
{
	struct strbuf para = STRBUF_INIT;

	strbuf_addstr(&para, "The sites were found by whichalloc " WHICHALLOC_VERSION
		      ", which runs a set of Coccinelle semantic patches (here ");
	text_add_list(&para, &t->rules);
	strbuf_addf(&para, ") with spatch %s over the tree", ctx->spatch_version ?
		    ctx->spatch_version : "");
	if (ctx->tree_version)
		strbuf_addf(&para, " (Linux %s%s%.12s)", ctx->tree_version,
			    ctx->tree_commit ? " at " : "", ctx->tree_commit ? ctx->tree_commit :
			    "");
	strbuf_addstr(&para, ". A rule proposes a change only where it can show the behaviour "
		      "is kept, and names the reason wherever it keeps the code or wants a "
		      "person to decide. Each change here was then read and accepted by ");
	if (t->reviewers.nr)
		text_add_list(&para, &t->reviewers);
	else
		strbuf_addstr(&para, "a reviewer");
	strbuf_addstr(&para, "; the patches were checked to apply in order");
	if (ctx->checkpatch)
		strbuf_addstr(&para, " and to pass scripts/checkpatch.pl");
	strbuf_addstr(&para, ".");
	text_add_paragraph(blurb, para.buf);
	strbuf_release(&para);
}

void series_cover_text(const struct series_context *ctx, const struct series_patch *patches,
		       size_t nr, const struct series_finding *findings, size_t nr_findings,
		       struct strbuf *subject, struct strbuf *blurb)
{
	struct cover_tally t = {
		STRING_LIST_INIT, STRING_LIST_INIT, STRING_LIST_INIT, NULL, 0,
	};

	cover_tally(patches, nr, findings, &t);
	cover_subject(&t, subject);
	cover_what(ctx, &t, nr, blurb);
	add_changes(ctx, blurb);
	cover_patches(patches, nr, findings, blurb);
	cover_found(ctx, &t, blurb);
	/* The sites left alone. */
	add_left_alone(ctx, findings, nr_findings, blurb);
	/* The blurb ends with one newline; mbox_format_cover() adds the blank line. */
	while (blurb->len > 1 && blurb->buf[blurb->len - 1] == '\n' &&
	       blurb->buf[blurb->len - 2] == '\n')
		strbuf_setlen(blurb, blurb->len - 1);
	string_list_clear(&t.rules);
	string_list_clear(&t.files);
	string_list_clear(&t.reviewers);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Resolving facts: a call's verdict from the facts of the called function's definitions,
 * through the calls they make in turn. A property found anywhere on the way (a physical
 * address taken, a free, a store) is the answer; a cycle adds nothing, so the search
 * stops at a function it is already inside (the least fixed point).
 */
#include "facts.h"

#include <stdlib.h>
#include <string.h>

const char *fact_verdict_name(enum fact_verdict v)
{
	switch (v) {
	case FACT_BENIGN:
		return "benign";
	case FACT_REVIEW:
		return "review";
	case FACT_KEEP:
		return "keep";
	default:
		return "unknown";
	}
}

void fact_set_add(struct fact_set *set, struct wa_fact *x)
{
	ALLOC_GROW(set->items, set->nr + 1, set->alloc);
	set->items[set->nr++] = *x;
	memset(x, 0, sizeof(*x));
}

void fact_set_clear(struct fact_set *set)
{
	for (size_t i = 0; i < set->nr; i++)
		wa_fact_clear(&set->items[i]);
	free(set->items);
	memset(set, 0, sizeof(*set));
}

static bool is_header(const char *path)
{
	size_t n = strlen(path);

	return n > 2 && !strcmp(path + n - 2, ".h");
}

/* A definition a caller in another file reaches. */
static bool reachable(const struct wa_fact *x)
{
	return !strcmp(x->linkage, "extern") || is_header(x->file);
}

/* The functions (name TAB param) the search is inside. */
struct search {
	const struct fact_set *set;
	struct string_list inside;
};

static enum fact_verdict resolve(struct search *s, const char *fn, long param,
				 struct strbuf *text);

/* One call fact: the verdict of the callee, with the chain in text. */
static enum fact_verdict call_verdict(struct search *s, const struct wa_fact *x,
				      struct strbuf *text)
{
	struct strbuf sub = STRBUF_INIT;
	enum fact_verdict v = resolve(s, x->callee, x->callee_param, &sub);

	strbuf_addstr(text, x->text);
	if (v == FACT_UNKNOWN) {
		strbuf_addf(text, ", whose body the facts pass did not find (a macro, a function "
			    "pointer, or not in the tree)");
		v = FACT_REVIEW;
	} else {
		strbuf_addf(text, "; %s", sub.buf);
	}
	strbuf_release(&sub);
	return v;
}

/* The verdict of one definition (the facts of one file), with its evidence in text. */
static enum fact_verdict definition_verdict(struct search *s, const char *file,
					    const char *fn, long param, struct strbuf *text)
{
	enum fact_verdict best = FACT_UNKNOWN;

	for (size_t i = 0; i < s->set->nr; i++) {
		const struct wa_fact *x = &s->set->items[i];
		struct strbuf why = STRBUF_INIT;
		enum fact_verdict v;

		if (strcmp(x->file, file) || strcmp(x->function, fn) ||
		    (x->param != param && x->param != -1))
			continue;
		if (!strcmp(x->kind, "call")) {
			v = call_verdict(s, x, &why);
		} else {
			v = !strcmp(x->kind, "benign") ? FACT_BENIGN :
				!strcmp(x->kind, "keep") ? FACT_KEEP : FACT_REVIEW;
			strbuf_addstr(&why, x->text);
		}
		if (v > best) {
			best = v;
			strbuf_reset(text);
			strbuf_add(text, why.buf, why.len);
		}
		strbuf_release(&why);
	}
	return best;
}

static enum fact_verdict resolve(struct search *s, const char *fn, long param,
				 struct strbuf *text)
{
	char *key = xstrfmt("%s\t%ld", fn, param);
	enum fact_verdict best = FACT_UNKNOWN;
	struct string_list files = STRING_LIST_INIT;

	if (string_list_has(&s->inside, key)) {
		free(key);
		strbuf_addf(text, "%s() again", fn);
		return FACT_BENIGN;
	}
	string_list_append_nodup(&s->inside, key);
	for (size_t i = 0; i < s->set->nr; i++) {
		const struct wa_fact *x = &s->set->items[i];

		if (!strcmp(x->function, fn) && reachable(x) &&
		    !string_list_has(&files, x->file))
			string_list_append(&files, x->file);
	}
	for (size_t i = 0; i < files.nr; i++) {
		struct strbuf why = STRBUF_INIT;
		enum fact_verdict v = definition_verdict(s, files.items[i], fn, param, &why);

		/* A definition that says nothing of this parameter cannot vouch for it. */
		if (v == FACT_UNKNOWN) {
			strbuf_addf(&why, "in %s, %s() has no parameter %ld the rule follows",
				    files.items[i], fn, param + 1);
			v = FACT_REVIEW;
		}
		if (v > best || best == FACT_UNKNOWN) {
			best = v;
			strbuf_reset(text);
			strbuf_add(text, why.buf, why.len);
		}
		strbuf_release(&why);
	}
	string_list_clear(&files);
	free(s->inside.items[--s->inside.nr]);
	return best;
}

enum fact_verdict fact_resolve(const struct fact_set *set, const char *fn, long param,
			       struct strbuf *text)
{
	struct search s = { .set = set, .inside = STRING_LIST_INIT };
	enum fact_verdict v;

	strbuf_reset(text);
	v = resolve(&s, fn, param, text);
	string_list_clear(&s.inside);
	return v;
}

void fact_callees(const struct fact_set *set, struct string_list *names)
{
	for (size_t i = 0; i < set->nr; i++) {
		const struct wa_fact *x = &set->items[i];

		if (!strcmp(x->kind, "call") && !string_list_has(names, x->callee))
			string_list_append(names, x->callee);
	}
}

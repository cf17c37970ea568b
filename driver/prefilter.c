// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one-pass keyword prefilter (see prefilter.h).
 */
#include "prefilter.h"
#include "hash.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const unsigned char *ident_chars(void)
{
	static unsigned char map[256];
	static bool ready;

	if (!ready) {
		for (int c = 0; c < 256; c++)
			map[c] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				 (c >= '0' && c <= '9') || c == '_';
		ready = true;
	}
	return map;
}

bool prefilter_is_identifier(const char *keyword, size_t len)
{
	const unsigned char *id = ident_chars();

	if (!len || (keyword[0] >= '0' && keyword[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++)
		if (!id[(unsigned char)keyword[i]])
			return false;
	return true;
}

static uint32_t hash_word(const unsigned char *s, size_t len)
{
	uint32_t h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

static void add_term(struct prefilter_entry *e, size_t term)
{
	for (size_t i = 0; i < e->nr_terms; i++)
		if (e->terms[i] == term)
			return;
	e->terms = xrealloc(e->terms, (e->nr_terms + 1) * sizeof(*e->terms));
	e->terms[e->nr_terms++] = term;
}

static struct prefilter_entry *slot(struct prefilter_entry *table, size_t mask,
				    const char *word, size_t len)
{
	size_t i = hash_word((const unsigned char *)word, len) & mask;

	while (table[i].word && (table[i].len != len || memcmp(table[i].word, word, len)))
		i = (i + 1) & mask;
	return &table[i];
}

static void add_keyword(struct prefilter *pf, const char *word, size_t len, size_t term)
{
	struct prefilter_entry *e;

	if (!prefilter_is_identifier(word, len)) {
		for (size_t i = 0; i < pf->nr_other; i++)
			if (pf->other[i].len == len && !memcmp(pf->other[i].word, word, len)) {
				add_term(&pf->other[i], term);
				return;
			}
		pf->other = xrealloc(pf->other, (pf->nr_other + 1) * sizeof(*pf->other));
		e = &pf->other[pf->nr_other++];
		memset(e, 0, sizeof(*e));
	} else {
		e = slot(pf->table, pf->mask, word, len);
		if (!e->word) {
			pf->first[(unsigned char)word[0]] = 1;
			if (!pf->min_len || len < pf->min_len)
				pf->min_len = len;
			if (len > pf->max_len)
				pf->max_len = len;
		}
	}
	if (!e->word) {
		e->word = xmalloc(len + 1);
		memcpy(e->word, word, len);
		e->word[len] = '\0';
		e->len = len;
	}
	add_term(e, term);
}

/* Add one term (its keywords trimmed and not empty: rules.c) to clause c. */
static void add_term_keywords(struct prefilter *pf, const struct string_list *kw, size_t c)
{
	for (size_t i = 0; i < kw->nr; i++)
		add_keyword(pf, kw->items[i], strlen(kw->items[i]), pf->nr_terms);
	pf->term_clause[pf->nr_terms++] = c;
	pf->need[c]++;
}

void prefilter_init(struct prefilter *pf, const struct rule_set *rules)
{
	size_t words = 0, terms = 0, clauses = 0, size = 16;

	memset(pf, 0, sizeof(*pf));
	pf->nr_rules = rules->nr;
	for (size_t r = 0; r < rules->nr; r++) {
		const struct rule *rule = &rules->items[r];

		clauses += rule->nr_clauses;
		for (size_t c = 0; c < rule->nr_clauses; c++) {
			terms += rule->clauses[c].nr_terms;
			for (size_t t = 0; t < rule->clauses[c].nr_terms; t++)
				words += rule->clauses[c].terms[t].nr;
		}
	}
	pf->match_all = xcalloc(rules->nr + 1, sizeof(*pf->match_all));
	pf->clause_rule = xcalloc(clauses + 1, sizeof(*pf->clause_rule));
	pf->need = xcalloc(clauses + 1, sizeof(*pf->need));
	pf->got = xcalloc(clauses + 1, sizeof(*pf->got));
	pf->term_clause = xcalloc(terms + 1, sizeof(*pf->term_clause));
	pf->term_hit = xcalloc(terms + 1, sizeof(*pf->term_hit));
	while (size < 4 * words)
		size *= 2;
	pf->table = xcalloc(size, sizeof(*pf->table));
	pf->mask = size - 1;
	for (size_t r = 0; r < rules->nr; r++) {
		const struct rule *rule = &rules->items[r];

		for (size_t c = 0; c < rule->nr_clauses; c++) {
			for (size_t t = 0; t < rule->clauses[c].nr_terms; t++)
				add_term_keywords(pf, &rule->clauses[c].terms[t], pf->nr_clauses);
			pf->clause_rule[pf->nr_clauses++] = r;
		}
		pf->match_all[r] = !rule->nr_clauses;
	}
}

void prefilter_clear(struct prefilter *pf)
{
	for (size_t i = 0; pf->table && i <= pf->mask; i++) {
		free(pf->table[i].word);
		free(pf->table[i].terms);
	}
	for (size_t i = 0; i < pf->nr_other; i++) {
		free(pf->other[i].word);
		free(pf->other[i].terms);
	}
	free(pf->table);
	free(pf->other);
	free(pf->match_all);
	free(pf->need);
	free(pf->got);
	free(pf->term_clause);
	free(pf->clause_rule);
	free(pf->term_hit);
	memset(pf, 0, sizeof(*pf));
}

/* Mark the entry's terms hit; returns the number of rules newly hit (a clause complete). */
static size_t hit_rules(const struct prefilter *pf, const struct prefilter_entry *e, bool *hit)
{
	size_t n = 0;

	for (size_t i = 0; i < e->nr_terms; i++) {
		size_t t = e->terms[i], c = pf->term_clause[t], r = pf->clause_rule[c];

		if (pf->term_hit[t])
			continue;
		pf->term_hit[t] = true;
		if (++pf->got[c] == pf->need[c] && !hit[r]) {
			hit[r] = true;
			n++;
		}
	}
	return n;
}

static bool is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Does the keyword start at s (the file's whitespace skipped between its characters)? */
static bool tokens_at(const unsigned char *s, const unsigned char *end, const char *word,
		      size_t wlen)
{
	for (size_t i = 0; i < wlen; i++, s++) {
		while (i && s < end && is_space(*s))
			s++;
		if (s >= end || *s != (unsigned char)word[i])
			return false;
	}
	return true;
}

/*
 * A keyword that is not an identifier, such as "page_address(alloc_page": found where the
 * file has its characters in order with any whitespace between them ("page_address(\n\t
 * alloc_pages(" too), starting at a token boundary when it starts with an identifier.
 */
static bool find_tokens(const void *content, size_t len, const char *word, size_t wlen)
{
	const unsigned char *id = ident_chars();
	const unsigned char *s = content, *end = s + len;

	while (s < end && (s = memchr(s, word[0], (size_t)(end - s)))) {
		if ((!id[(unsigned char)word[0]] || s == content || !id[s[-1]]) &&
		    tokens_at(s, end, word, wlen))
			return true;
		s++;
	}
	return false;
}

size_t prefilter_match(const struct prefilter *pf, const void *content, size_t len, bool *hit)
{
	const unsigned char *id = ident_chars();
	const unsigned char *s = content, *end = s + len;
	size_t n = 0;

	memset(hit, 0, pf->nr_rules * sizeof(*hit));
	memset(pf->term_hit, 0, pf->nr_terms * sizeof(*pf->term_hit));
	memset(pf->got, 0, pf->nr_clauses * sizeof(*pf->got));
	for (size_t r = 0; r < pf->nr_rules; r++)
		if (pf->match_all[r]) {
			hit[r] = true;
			n++;
		}
	for (size_t i = 0; i < pf->nr_other && n < pf->nr_rules; i++)
		if (find_tokens(content, len, pf->other[i].word, pf->other[i].len))
			n += hit_rules(pf, &pf->other[i], hit);
	if (!pf->max_len)
		return n;
	while (s < end && n < pf->nr_rules) {
		const unsigned char *start;
		size_t wlen;

		/* Skip to the start of an identifier (a digit starts a number: skip it too). */
		while (s < end && !id[*s])
			s++;
		start = s;
		while (s < end && id[*s])
			s++;
		wlen = (size_t)(s - start);
		if (!wlen || !pf->first[*start] || wlen < pf->min_len || wlen > pf->max_len)
			continue;
		{
			const struct prefilter_entry *e = slot(pf->table, pf->mask,
							       (const char *)start, wlen);

			if (e->word)
				n += hit_rules(pf, e, hit);
		}
	}
	return n;
}

/* Bump when the matching changes what a file hits: cached results of the old one go. */
#define PREFILTER_METHOD "whichalloc prefilter 3: whole identifiers, else characters in " \
	"order across whitespace; clauses of terms\n"

void prefilter_key(const struct rule_set *rules, char out[SHA1_HEX_SIZE])
{
	struct sha1_ctx ctx;

	sha1_init(&ctx);
	sha1_update(&ctx, PREFILTER_METHOD, strlen(PREFILTER_METHOD));
	for (size_t r = 0; r < rules->nr; r++) {
		const struct rule *rule = &rules->items[r];

		/* Names and keywords hold no NUL: the NULs keep the fields apart. */
		sha1_update(&ctx, "rule", 5);
		sha1_update(&ctx, rule->name, strlen(rule->name) + 1);
		for (size_t c = 0; c < rule->nr_clauses; c++) {
			sha1_update(&ctx, "clause", 7);
			for (size_t t = 0; t < rule->clauses[c].nr_terms; t++) {
				const struct string_list *term = &rule->clauses[c].terms[t];

				sha1_update(&ctx, "term", 5);
				for (size_t i = 0; i < term->nr; i++)
					sha1_update(&ctx, term->items[i],
						    strlen(term->items[i]) + 1);
			}
		}
	}
	sha1_final_hex(&ctx, out);
}

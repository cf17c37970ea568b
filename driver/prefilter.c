// SPDX-License-Identifier: GPL-2.0-only
/*
 * The one-pass keyword prefilter (see prefilter.h).
 */
#include "prefilter.h"

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

static void trimmed(const char *s, const char **start, size_t *len)
{
	size_t n = strlen(s);

	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	*start = s;
	*len = n;
}

static void add_rule(struct prefilter_entry *e, size_t rule)
{
	for (size_t i = 0; i < e->nr_rules; i++)
		if (e->rules[i] == rule)
			return;
	e->rules = xrealloc(e->rules, (e->nr_rules + 1) * sizeof(*e->rules));
	e->rules[e->nr_rules++] = rule;
}

static struct prefilter_entry *slot(struct prefilter_entry *table, size_t mask,
				    const char *word, size_t len)
{
	size_t i = hash_word((const unsigned char *)word, len) & mask;

	while (table[i].word && (table[i].len != len || memcmp(table[i].word, word, len)))
		i = (i + 1) & mask;
	return &table[i];
}

static void add_keyword(struct prefilter *pf, const char *word, size_t len, size_t rule)
{
	struct prefilter_entry *e;

	if (!prefilter_is_identifier(word, len)) {
		for (size_t i = 0; i < pf->nr_other; i++)
			if (pf->other[i].len == len && !memcmp(pf->other[i].word, word, len)) {
				add_rule(&pf->other[i], rule);
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
	add_rule(e, rule);
}

void prefilter_init(struct prefilter *pf, const struct rule_set *rules)
{
	size_t total = 0, size = 16;

	memset(pf, 0, sizeof(*pf));
	pf->nr_rules = rules->nr;
	pf->match_all = xcalloc(rules->nr + 1, sizeof(*pf->match_all));
	for (size_t r = 0; r < rules->nr; r++)
		total += rules->items[r].keywords.nr;
	while (size < 4 * total)
		size *= 2;
	pf->table = xcalloc(size, sizeof(*pf->table));
	pf->mask = size - 1;
	for (size_t r = 0; r < rules->nr; r++) {
		const struct string_list *kw = &rules->items[r].keywords;
		size_t used = 0;

		for (size_t i = 0; i < kw->nr; i++) {
			const char *word;
			size_t len;

			trimmed(kw->items[i], &word, &len);
			if (len) {
				add_keyword(pf, word, len, r);
				used++;
			}
		}
		pf->match_all[r] = !used;
	}
}

void prefilter_clear(struct prefilter *pf)
{
	for (size_t i = 0; pf->table && i <= pf->mask; i++) {
		free(pf->table[i].word);
		free(pf->table[i].rules);
	}
	for (size_t i = 0; i < pf->nr_other; i++) {
		free(pf->other[i].word);
		free(pf->other[i].rules);
	}
	free(pf->table);
	free(pf->other);
	free(pf->match_all);
	memset(pf, 0, sizeof(*pf));
}

static size_t hit_rules(const struct prefilter_entry *e, bool *hit)
{
	size_t n = 0;

	for (size_t i = 0; i < e->nr_rules; i++)
		if (!hit[e->rules[i]]) {
			hit[e->rules[i]] = true;
			n++;
		}
	return n;
}

size_t prefilter_match(const struct prefilter *pf, const void *content, size_t len, bool *hit)
{
	const unsigned char *id = ident_chars();
	const unsigned char *s = content, *end = s + len;
	size_t n = 0;

	memset(hit, 0, pf->nr_rules * sizeof(*hit));
	for (size_t r = 0; r < pf->nr_rules; r++)
		if (pf->match_all[r]) {
			hit[r] = true;
			n++;
		}
	for (size_t i = 0; i < pf->nr_other && n < pf->nr_rules; i++)
		if (memmem(content, len, pf->other[i].word, pf->other[i].len))
			n += hit_rules(&pf->other[i], hit);
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
				n += hit_rules(e, hit);
		}
	}
	return n;
}

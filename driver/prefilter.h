/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one-pass prefilter: which rules can match a file, from the rules' Keywords, reading the
 * file's bytes once for all rules.
 *
 * A keyword that is a C identifier matches only a whole identifier of the file (as spatch
 * matches an identifier of the SmPL: "copy_from_user" is not found in "raw_copy_from_user"
 * or "__copy_from_user"); any other keyword, such as "page_address(alloc_page", matches
 * where the file has its characters in that order with any whitespace between them. The file
 * is split into identifiers once and each identifier is looked up in one hash table of every
 * rule's keywords. Comments and strings count: the prefilter may only err on the side of spatch.
 *
 * A rule wants a file when the file satisfies one of the rule's clauses (rules.h): one of
 * its Keywords and, if the rule has Keywords-and, also one of those (spatch's own grep query
 * is such a conjunction); or else one keyword of each term of a Keywords-also line. The
 * table maps a keyword to the terms that have it.
 */
#ifndef WHICHALLOC_PREFILTER_H
#define WHICHALLOC_PREFILTER_H
#include "rules.h"

#include <stdbool.h>
#include <stddef.h>

struct prefilter_entry {
	char *word;
	size_t len;
	size_t *terms;		/* the terms having this keyword */
	size_t nr_terms;
};

struct prefilter {
	size_t nr_rules;
	bool *match_all;		/* [rule]: no keywords, every file */
	size_t nr_terms, nr_clauses;
	size_t *term_clause;		/* [term]: its clause */
	size_t *clause_rule;		/* [clause]: its rule */
	size_t *need;			/* [clause]: how many terms a file must hit */
	bool *term_hit;			/* [term]: scratch of prefilter_match() */
	size_t *got;			/* [clause]: scratch of prefilter_match() */
	struct prefilter_entry *table;	/* open addressing, size mask + 1 */
	size_t mask;
	size_t min_len, max_len;
	unsigned char first[256];	/* bytes an identifier keyword starts with */
	struct prefilter_entry *other;	/* keywords that are not identifiers */
	size_t nr_other;
};

/* Build the prefilter of the rules' keywords. */
void prefilter_init(struct prefilter *pf, const struct rule_set *rules);
void prefilter_clear(struct prefilter *pf);

/*
 * Set hit[r] for every rule r that may match content (hit has one element per rule and is
 * cleared first); returns the number of rules hit.
 */
size_t prefilter_match(const struct prefilter *pf, const void *content, size_t len, bool *hit);

/*
 * The key of the prefilter's inputs: a SHA-1 of every rule's name and clauses, in order
 * (and of the matching method), so that results cached under one key
 * (the stat cache of incremental rescans) are used only by a scan whose rules would find
 * the same.
 */
void prefilter_key(const struct rule_set *rules, char out[SHA1_HEX_SIZE]);

/* Is keyword a C identifier (then matched as a whole identifier only)? */
bool prefilter_is_identifier(const char *keyword, size_t len);
#endif

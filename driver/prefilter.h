/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The one-pass prefilter: which rules can match a file, from the rules' Keywords, reading the
 * file's bytes once for all rules.
 *
 * A keyword that is a C identifier matches only a whole identifier of the file (as spatch
 * matches an identifier of the SmPL: "copy_from_user" is not found in "raw_copy_from_user"
 * or "__copy_from_user"); any other keyword matches anywhere (memmem). The file is split
 * into identifiers once and each identifier is looked up in one hash table of every rule's
 * keywords. Comments and strings count: the prefilter may only err on the side of spatch.
 */
#ifndef WHICHALLOC_PREFILTER_H
#define WHICHALLOC_PREFILTER_H
#include "rules.h"

#include <stdbool.h>
#include <stddef.h>

struct prefilter_entry {
	char *word;
	size_t len;
	size_t *rules;		/* the rules having this keyword */
	size_t nr_rules;
};

struct prefilter {
	size_t nr_rules;
	bool *match_all;		/* [rule]: no keywords, every file */
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

/* Is keyword a C identifier (then matched as a whole identifier only)? */
bool prefilter_is_identifier(const char *keyword, size_t len);
#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Facts across files (docs/rule-contract.md, "Facts"): what functions do with the
 * pointers they are given, read by a rule's facts pass from their definitions anywhere in
 * the tree, and resolved through the calls between them.
 */
#ifndef WHICHALLOC_FACTS_H
#define WHICHALLOC_FACTS_H

#include "record.h"
#include "util.h"

enum fact_verdict {
	FACT_UNKNOWN,	/* no definition seen: the call stays as the rule left it */
	FACT_BENIGN,	/* only reads or writes through the pointer */
	FACT_REVIEW,	/* keeps it, frees it, or does what cannot be followed */
	FACT_KEEP,	/* needs page-allocator memory (physical address, struct page, ...) */
};

const char *fact_verdict_name(enum fact_verdict v);

struct fact_set {
	struct wa_fact *items;
	size_t nr, alloc;
};

/* Take over x's strings (x is left empty). */
void fact_set_add(struct fact_set *set, struct wa_fact *x);
void fact_set_clear(struct fact_set *set);

/*
 * What fn does with its parameter param, following its calls to other functions of the
 * set. The definitions that count are those a caller in another file can reach: extern
 * ones, and any in a header (static inline). Several definitions (one per architecture or
 * configuration): keep when one keeps, review when one reviews or is not known, benign when
 * all are. text gets the chain of evidence.
 */
enum fact_verdict fact_resolve(const struct fact_set *set, const char *fn, long param,
			       struct strbuf *text);

/* Append to names the callees of the set's call facts that it does not hold yet. */
void fact_callees(const struct fact_set *set, struct string_list *names);

#endif

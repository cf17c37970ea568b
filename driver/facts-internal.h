/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What the parts of the facts pass share: facts-scan.c runs the pass, facts-file.c makes
 * the facts file its second run reads.
 */
#ifndef WHICHALLOC_FACTS_INTERNAL_H
#define WHICHALLOC_FACTS_INTERNAL_H

#include "facts.h"
#include "scan-internal.h"

/* The files of this scan that asked rule for facts, and the names they asked for. */
struct askers {
	size_t rule;
	size_t *files;
	struct string_list *wants;	/* [i]: what files[i] asked for */
	char **digests;			/* [i]: of the facts it gets */
	size_t nr, alloc, alloc_wants;
	struct string_list names;
};

/*
 * Resolve each name a asked for through set: count it, store it in fact_resolved for this
 * run, and append its line to the facts file's text in file.
 */
int facts_resolve_names(struct scan *sc, const struct askers *a, const struct fact_set *set,
			struct strbuf *file);
/* What each asking file gets from the facts file's text, as a digest (a->digests). */
void facts_digest_askers(struct askers *a, const struct strbuf *file);
/* Write the facts file's text to a temporary file: its path, or NULL with a message. */
char *facts_write_file(const struct strbuf *text);

#endif

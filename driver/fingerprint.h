/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A finding's stable identity: SHA-1 over its rule, file, function and matched code with
 * whitespace collapsed, plus its occurrence among findings with the same key in the file.
 * Lines inserted or removed elsewhere in the file leave it unchanged.
 */
#ifndef WHICHALLOC_FINGERPRINT_H
#define WHICHALLOC_FINGERPRINT_H

#include "hash.h"
#include "util.h"

/* Lines first..last (1-based) of src; -1 when the source has fewer lines. */
int source_lines(const char *src, size_t len, long first, long last, struct strbuf *out);

/* Every run of whitespace becomes one blank; leading and trailing whitespace goes. */
void normalise_code(const char *code, size_t len, struct strbuf *out);

void fingerprint_hex(const char *rule, const char *file, const char *function,
		     const char *normalised_code, unsigned int occurrence,
		     char out[SHA1_HEX_SIZE]);

/* One site of a file, in the order of the file. */
struct fingerprint_site {
	const char *rule;
	const char *file;
	const char *function;
	const char *code;	/* the matched source lines, as they are */
	unsigned int occurrence;	/* filled in */
	char fingerprint[SHA1_HEX_SIZE];	/* filled in */
};

/*
 * Fill in occurrence and fingerprint of sites[0..nr-1], which must be in the order they
 * appear in their file: the n-th site with the same key gets occurrence n-1.
 */
void fingerprint_sites(struct fingerprint_site *sites, size_t nr);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Stable identities of findings.
 */
#include "fingerprint.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int source_lines(const char *src, size_t len, long first, long last, struct strbuf *out)
{
	const char *p = src, *end = src + len, *start = NULL;
	long line = 1;

	if (first < 1 || last < first)
		return -1;
	while (p < end && line <= last) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *next = nl ? nl + 1 : end;

		if (line == first)
			start = p;
		p = next;
		line++;
	}
	if (!start || line <= last)
		return -1;
	strbuf_add(out, start, (size_t)(p - start));
	return 0;
}

void normalise_code(const char *code, size_t len, struct strbuf *out)
{
	bool space = false;

	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)code[i];

		if (isspace(c)) {
			space = true;
			continue;
		}
		if (space && out->len)
			strbuf_addch(out, ' ');
		space = false;
		strbuf_addch(out, c);
	}
}

static void hash_field(struct sha1_ctx *ctx, const char *s)
{
	sha1_update(ctx, s, strlen(s) + 1);
}

void fingerprint_hex(const char *rule, const char *file, const char *function,
		     const char *normalised_code, unsigned int occurrence,
		     char out[SHA1_HEX_SIZE])
{
	struct sha1_ctx ctx;
	char occ[16];

	snprintf(occ, sizeof(occ), "%u", occurrence);
	sha1_init(&ctx);
	hash_field(&ctx, "whichalloc-fingerprint-1");
	hash_field(&ctx, rule);
	hash_field(&ctx, file);
	hash_field(&ctx, function);
	hash_field(&ctx, normalised_code);
	hash_field(&ctx, occ);
	sha1_final_hex(&ctx, out);
}

static bool same_key(const struct fingerprint_site *a, const struct fingerprint_site *b,
		     const char *norm_a, const char *norm_b)
{
	return !strcmp(a->rule, b->rule) && !strcmp(a->file, b->file) &&
	       !strcmp(a->function, b->function) && !strcmp(norm_a, norm_b);
}

void fingerprint_sites(struct fingerprint_site *sites, size_t nr)
{
	char **norm = xcalloc(nr ? nr : 1, sizeof(*norm));

	for (size_t i = 0; i < nr; i++) {
		struct strbuf sb = STRBUF_INIT;

		normalise_code(sites[i].code, strlen(sites[i].code), &sb);
		norm[i] = strbuf_detach(&sb, NULL);
		sites[i].occurrence = 0;
		for (size_t j = 0; j < i; j++)
			if (same_key(&sites[i], &sites[j], norm[i], norm[j]))
				sites[i].occurrence++;
		fingerprint_hex(sites[i].rule, sites[i].file, sites[i].function, norm[i],
				sites[i].occurrence, sites[i].fingerprint);
	}
	for (size_t i = 0; i < nr; i++)
		free(norm[i]);
	free(norm);
}

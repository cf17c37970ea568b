/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The allocation-free core of termsafe.h: the safe form of text from data, in pieces, and
 * written to a stream. Below util.[ch], whose die() and error() print their messages with
 * it even when memory is out; termsafe.h adds the forms that allocate (struct strbuf).
 */
#ifndef WHICHALLOC_TERMBYTES_H
#define WHICHALLOC_TERMBYTES_H

#include <stddef.h>
#include <stdio.h>

#define TS_KEEP_NL	1	/* leave line breaks as they are (text of several lines) */
#define TS_KEEP_TAB	2	/* leave tabs as they are */

/*
 * Call emit for each piece of the safe form of s (len bytes): runs passed through, and
 * escapes. No allocation, so that die() can use it when memory is out.
 */
void termsafe_pieces(const char *s, size_t len, unsigned flags,
		     void (*emit)(void *ctx, const char *piece, size_t n), void *ctx);
/* s (len bytes) made safe with flags, written to f. */
void fput_termsafe(FILE *f, const char *s, size_t len, unsigned flags);

#endif

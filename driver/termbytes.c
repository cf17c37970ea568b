// SPDX-License-Identifier: GPL-2.0-only
/*
 * The allocation-free core of text made safe for a terminal (termbytes.h).
 */
#include "termbytes.h"

#include <string.h>

/* The length of the valid UTF-8 sequence at s (at most len bytes), 0 when there is none. */
static size_t utf8_len(const unsigned char *s, size_t len)
{
	size_t n;
	unsigned cp;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates, beyond U+10FFFF, and the C1 controls are not text. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) || cp > 0x10ffff ||
	    (cp >= 0xd800 && cp <= 0xdfff) || (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return n;
}

void termsafe_pieces(const char *s, size_t len, unsigned flags,
			    void (*emit)(void *ctx, const char *piece, size_t n), void *ctx)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t run = 0;

	for (size_t i = 0; i < len;) {
		unsigned char c = p[i];
		char esc[8];
		size_t n = 1;

		if ((c >= 0x20 && c < 0x7f) || (c == '\n' && (flags & TS_KEEP_NL)) ||
		    (c == '\t' && (flags & TS_KEEP_TAB)) ||
		    (c >= 0x80 && (n = utf8_len(p + i, len - i)))) {
			i += n;
			continue;
		}
		if (run < i)
			emit(ctx, s + run, i - run);
		if (c == '\n' || c == '\r' || c == '\t')
			snprintf(esc, sizeof(esc), "\\%c", c == '\n' ? 'n' : c == '\r' ? 'r' : 't');
		else
			snprintf(esc, sizeof(esc), "\\x%02x", c);
		emit(ctx, esc, strlen(esc));
		run = ++i;
	}
	if (run < len)
		emit(ctx, s + run, len - run);
}

static void emit_file(void *ctx, const char *piece, size_t n)
{
	fwrite(piece, 1, n, ctx);
}

void fput_termsafe(FILE *f, const char *s, size_t len, unsigned flags)
{
	termsafe_pieces(s, len, flags, emit_file, f);
}

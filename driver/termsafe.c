// SPDX-License-Identifier: GPL-2.0-only
/*
 * Text made safe to print on a terminal (see termsafe.h).
 */
#include "termsafe.h"

#include <string.h>

static void emit_strbuf(void *ctx, const char *piece, size_t n)
{
	strbuf_add(ctx, piece, n);
}

void strbuf_add_termsafe(struct strbuf *sb, const char *s, size_t len, unsigned flags)
{
	termsafe_pieces(s, len, flags, emit_strbuf, sb);
}

static const char *rotate(const char *s, unsigned flags)
{
	static struct strbuf bufs[16];
	static unsigned next;
	struct strbuf *sb;

	if (!s)
		return NULL;
	sb = &bufs[next++ % ARRAY_SIZE(bufs)];
	if (!sb->buf)
		strbuf_init(sb, 0);
	strbuf_reset(sb);
	strbuf_add_termsafe(sb, s, strlen(s), flags);
	return sb->buf;
}

const char *tsafe(const char *s)
{
	return rotate(s, TS_KEEP_TAB);
}

const char *tsafe_lines(const char *s)
{
	return rotate(s, TS_KEEP_TAB | TS_KEEP_NL);
}

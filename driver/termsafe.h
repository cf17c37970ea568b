/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Text from data (file names, reviewer names, notes, messages, source lines) made safe to
 * print on a terminal: control characters cannot change the title, clear the screen or
 * move the cursor. C0 controls, DEL, the C1 controls (raw bytes 0x80-0x9f and U+0080-U+009F
 * in UTF-8) and bytes that are not UTF-8 are shown as \xNN; a newline as \n and a carriage
 * return as \r where a line format does not allow them. Valid UTF-8 text is left as it is.
 * Machine formats (CSV, JSON, TSV, SARIF) keep their own escaping and do not use this.
 */
#ifndef WHICHALLOC_TERMSAFE_H
#define WHICHALLOC_TERMSAFE_H

#include "termbytes.h"
#include "util.h"

#include <stdio.h>

void strbuf_add_termsafe(struct strbuf *sb, const char *s, size_t len, unsigned flags);

/*
 * s made safe, tabs kept, line breaks shown (tsafe), or kept (tsafe_lines); NULL stays
 * NULL. The result lives until 16 later calls: enough for the arguments of one printf().
 */
const char *tsafe(const char *s);
const char *tsafe_lines(const char *s);

#endif

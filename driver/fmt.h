/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Text for other programs: JSON strings and TSV fields, shared by the findings' formats
 * (finding.h), the exports and the commands' TSV and JSON outputs.
 */
#ifndef WHICHALLOC_FMT_H
#define WHICHALLOC_FMT_H

#include "util.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

/*
 * The length of the UTF-8 sequence at s (at most len bytes) with its code point in *cp; 0
 * when the bytes are not valid UTF-8.
 */
size_t utf8_sequence(const unsigned char *s, size_t len, unsigned long *cp);
/* A JSON string of s, with every byte that is not UTF-8 replaced by U+FFFD; null for NULL. */
json_t *json_text(const char *s);
/* Write s with TAB, LF, CR and backslash escaped as \t \n \r \\ (for TSV). */
void write_tsv_field(FILE *out, const char *s);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * HTML pieces of the report: escaping, C source with its tokens highlighted, coloured diffs.
 */
#ifndef WHICHALLOC_HTML_H
#define WHICHALLOC_HTML_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

/*
 * Append s with & < > " ' escaped, safe in text and in quoted attribute values of HTML and
 * SVG. Control characters other than TAB, LF and CR become U+FFFD.
 */
void html_escape(struct strbuf *out, const char *s);
void html_escape_n(struct strbuf *out, const char *s, size_t len);

/*
 * Lines first..last (1-based) of the C source src as table rows: line number, then the code
 * with comments, strings, characters, preprocessor lines, numbers, keywords and called
 * functions in <span class="c-...">. The lexer starts at the top of src, so a comment that
 * opens above first is still a comment. Lines from mark_from to mark_to get class "hit".
 * number_base is the file line number of src's first line.
 */
void html_c_source(struct strbuf *out, const char *src, size_t len, long number_base,
		   long first, long last, long mark_from, long mark_to);

/* A unified diff as a <pre>, each line in <span class="d-add|d-del|d-hunk|d-file">. */
void html_diff(struct strbuf *out, const char *diff);

#endif

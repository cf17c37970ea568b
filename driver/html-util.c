// SPDX-License-Identifier: GPL-2.0-only
/*
 * Escaping, C highlighting and coloured diffs for the HTML report.
 */
#include "html.h"

#include <ctype.h>
#include <string.h>

void html_escape_n(struct strbuf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		switch (c) {
		case '&':
			strbuf_addstr(out, "&amp;");
			break;
		case '<':
			strbuf_addstr(out, "&lt;");
			break;
		case '>':
			strbuf_addstr(out, "&gt;");
			break;
		case '"':
			strbuf_addstr(out, "&quot;");
			break;
		case '\'':
			strbuf_addstr(out, "&#39;");
			break;
		default:
			if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f)
				strbuf_addstr(out, "\xef\xbf\xbd");
			else
				strbuf_addch(out, c);
		}
	}
}

void html_escape(struct strbuf *out, const char *s)
{
	if (s)
		html_escape_n(out, s, strlen(s));
}

/* ---- C source ---- */

static const char *const keywords[] = {
	"auto", "break", "case", "const", "continue", "default", "do", "else", "enum", "extern",
	"for", "goto", "if", "inline", "register", "restrict", "return", "sizeof", "static",
	"struct", "switch", "typedef", "union", "volatile", "while", "typeof", "asm",
	"__user", "__iomem", "__rcu", "__init", "__exit", "__must_check", "likely", "unlikely",
	NULL,
};

static const char *const types[] = {
	"void", "char", "short", "int", "long", "float", "double", "signed", "unsigned", "bool",
	"_Bool", "size_t", "ssize_t", "loff_t", "gfp_t", "u8", "u16", "u32", "u64", "s8", "s16",
	"s32", "s64", "__u8", "__u16", "__u32", "__u64", "uintptr_t", "pte_t", "pgd_t",
	"dma_addr_t", "phys_addr_t", "umode_t", NULL,
};

static bool in_list(const char *s, size_t n, const char *const *list)
{
	for (; *list; list++)
		if (strlen(*list) == n && !strncmp(s, *list, n))
			return true;
	return false;
}

struct lexer {
	bool in_comment;	/* inside a block comment that began on an earlier line */
	bool in_preproc;	/* a preprocessor line continued with a backslash */
};

static void span(struct strbuf *out, bool emit, const char *cls, const char *s, size_t n)
{
	if (!emit || !n)
		return;
	if (cls)
		strbuf_addf(out, "<span class=\"%s\">", cls);
	html_escape_n(out, s, n);
	if (cls)
		strbuf_addstr(out, "</span>");
}

static size_t quoted_length(const char *s, size_t n)
{
	size_t i = 1;

	while (i < n && s[i] != s[0]) {
		if (s[i] == '\\' && i + 1 < n)
			i++;
		i++;
	}
	return i < n ? i + 1 : n;
}

static size_t word_length(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && (isalnum((unsigned char)s[i]) || s[i] == '_'))
		i++;
	return i;
}

static const char *word_class(const char *s, size_t len, size_t n)
{
	size_t j = len;

	if (in_list(s, len, keywords))
		return "c-kw";
	if (in_list(s, len, types))
		return "c-ty";
	while (j < n && (s[j] == ' ' || s[j] == '\t'))
		j++;
	return j < n && s[j] == '(' ? "c-fn" : NULL;
}

/* Lex one line (without its newline), appending it when emit. */
static void lex_line(struct lexer *lx, const char *s, size_t n, struct strbuf *out, bool emit)
{
	size_t i = 0, ws = strspn(s, " \t");

	if (lx->in_preproc || (ws < n && s[ws] == '#')) {
		span(out, emit, "c-pre", s, n);
		lx->in_preproc = n && s[n - 1] == '\\';
		return;
	}
	while (i < n) {
		const char *p = s + i, *end;
		size_t left = n - i, len;

		if (lx->in_comment || (left >= 2 && p[0] == '/' && p[1] == '*')) {
			size_t from = lx->in_comment ? 0 : 2;

			end = from < left ? memmem(p + from, left - from, "*/", 2) : NULL;
			len = end ? (size_t)(end - p) + 2 : left;
			lx->in_comment = !end;
			span(out, emit, "c-com", p, len);
		} else if (left >= 2 && p[0] == '/' && p[1] == '/') {
			len = left;
			span(out, emit, "c-com", p, len);
		} else if (*p == '"' || *p == '\'') {
			len = quoted_length(p, left);
			span(out, emit, "c-str", p, len);
		} else if (isdigit((unsigned char)*p)) {
			len = word_length(p, left);
			while (len < left && (p[len] == '.' || isalnum((unsigned char)p[len])))
				len++;
			span(out, emit, "c-num", p, len);
		} else if (isalpha((unsigned char)*p) || *p == '_') {
			len = word_length(p, left);
			span(out, emit, word_class(p, len, left), p, len);
		} else {
			len = 1;
			span(out, emit, NULL, p, len);
		}
		i += len;
	}
}

void html_c_source(struct strbuf *out, const char *src, size_t len, long number_base,
		   long first, long last, long mark_from, long mark_to)
{
	struct lexer lx = { false, false };
	const char *p = src, *end = src + len;
	long line = number_base;

	strbuf_addstr(out, "<table class=\"src\">\n");
	while (p < end && line <= last) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		bool emit = line >= first;

		if (n && p[n - 1] == '\r')
			n--;
		if (emit)
			strbuf_addf(out, "<tr%s id=\"L%ld\"><td class=\"ln\">%ld</td><td class=\"code\">",
				    line >= mark_from && line <= mark_to ? " class=\"hit\"" : "",
				    line, line);
		lex_line(&lx, p, n, out, emit);
		if (emit)
			strbuf_addstr(out, "</td></tr>\n");
		p = nl ? nl + 1 : end;
		line++;
	}
	strbuf_addstr(out, "</table>\n");
}

/* ---- diffs ---- */

static const char *diff_class(const char *line, size_t n)
{
	if ((n >= 4 && !strncmp(line, "--- ", 4)) || (n >= 4 && !strncmp(line, "+++ ", 4)))
		return "d-file";
	if (n >= 2 && !strncmp(line, "@@", 2))
		return "d-hunk";
	if (n && line[0] == '+')
		return "d-add";
	if (n && line[0] == '-')
		return "d-del";
	return NULL;
}

void html_diff(struct strbuf *out, const char *diff)
{
	const char *p = diff, *end = diff + strlen(diff);

	strbuf_addstr(out, "<pre class=\"diff\">");
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		const char *cls = diff_class(p, n);

		if (cls)
			strbuf_addf(out, "<span class=\"%s\">", cls);
		html_escape_n(out, p, n);
		if (cls)
			strbuf_addstr(out, "</span>");
		strbuf_addch(out, '\n');
		p = nl ? nl + 1 : end;
	}
	strbuf_addstr(out, "</pre>\n");
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * A small C-aware reading of a source file: tokens, function bodies, calls (csource.h).
 */
#include "csource.h"

#include <ctype.h>
#include <string.h>

enum token_kind { TOK_END, TOK_IDENT, TOK_NUMBER, TOK_LITERAL, TOK_PUNCT, TOK_DIRECTIVE };

struct token {
	enum token_kind kind;
	size_t start, end;
	bool col0;		/* starts a line */
};

struct lexer {
	const char *s;
	size_t len, pos;
	bool directives_as_code;	/* false: a directive is one TOK_DIRECTIVE token */
	bool line_start;		/* only blanks since the start of the line */
};

static void lexer_init(struct lexer *lx, const char *s, size_t len, bool directives_as_code)
{
	lx->s = s;
	lx->len = len;
	lx->pos = 0;
	lx->directives_as_code = directives_as_code;
	lx->line_start = true;
}

static bool at(const struct lexer *lx, size_t off, char c)
{
	return lx->pos + off < lx->len && lx->s[lx->pos + off] == c;
}

/* Past a comment that starts at pos ("/ *" or "//"); false when none starts there. */
static bool skip_comment(struct lexer *lx)
{
	const char *end;

	if (!at(lx, 0, '/'))
		return false;
	if (at(lx, 1, '*')) {
		end = memmem(lx->s + lx->pos + 2, lx->len - lx->pos - 2, "*/", 2);
		lx->pos = end ? (size_t)(end - lx->s) + 2 : lx->len;
		return true;
	}
	if (at(lx, 1, '/')) {
		while (lx->pos < lx->len && lx->s[lx->pos] != '\n')
			lx->pos++;
		return true;
	}
	return false;
}

/* Blanks, newlines, backslash-newlines and comments. */
static void skip_space(struct lexer *lx)
{
	while (lx->pos < lx->len) {
		char c = lx->s[lx->pos];

		if (c == '\n') {
			lx->line_start = true;
			lx->pos++;
		} else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
			lx->pos++;
		} else if (c == '\\' && (at(lx, 1, '\n') || (at(lx, 1, '\r') && at(lx, 2, '\n')))) {
			lx->pos += at(lx, 1, '\n') ? 2 : 3;
		} else if (!skip_comment(lx)) {
			return;
		}
	}
}

/* Past a directive: to the end of its line, through backslash-newlines and comments. */
static void skip_directive(struct lexer *lx)
{
	while (lx->pos < lx->len && lx->s[lx->pos] != '\n') {
		if (lx->s[lx->pos] == '\\' && at(lx, 1, '\n'))
			lx->pos += 2;
		else if (!skip_comment(lx))
			lx->pos++;
	}
}

/* Past a string or character literal opened by the quote at pos (ends at a newline too). */
static void skip_literal(struct lexer *lx)
{
	char quote = lx->s[lx->pos++];

	while (lx->pos < lx->len) {
		char c = lx->s[lx->pos];

		if (c == '\\' && lx->pos + 1 < lx->len) {
			lx->pos += 2;
			continue;
		}
		if (c == '\n')
			return;
		lx->pos++;
		if (c == quote)
			return;
	}
}

static bool is_ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static void lex_one(struct lexer *lx, struct token *t)
{
	char c = lx->s[lx->pos];

	if (c == '#' && lx->line_start && !lx->directives_as_code) {
		t->kind = TOK_DIRECTIVE;
		skip_directive(lx);
	} else if (isalpha((unsigned char)c) || c == '_') {
		t->kind = TOK_IDENT;
		while (lx->pos < lx->len && is_ident_char(lx->s[lx->pos]))
			lx->pos++;
	} else if (isdigit((unsigned char)c)) {
		t->kind = TOK_NUMBER;
		while (lx->pos < lx->len && (is_ident_char(lx->s[lx->pos]) || lx->s[lx->pos] == '.'))
			lx->pos++;
	} else if (c == '"' || c == '\'') {
		t->kind = TOK_LITERAL;
		skip_literal(lx);
	} else {
		t->kind = TOK_PUNCT;
		lx->pos += c == '-' && at(lx, 1, '>') ? 2 : 1;
	}
}

/* The next token; false at the end of the text. */
static bool next_token(struct lexer *lx, struct token *t)
{
	skip_space(lx);
	if (lx->pos >= lx->len) {
		t->kind = TOK_END;
		t->start = t->end = lx->len;
		t->col0 = false;
		return false;
	}
	t->start = lx->pos;
	t->col0 = lx->pos == 0 || lx->s[lx->pos - 1] == '\n';
	lex_one(lx, t);
	t->end = lx->pos;
	lx->line_start = false;
	return true;
}

static bool is_punct(const struct lexer *lx, const struct token *t, const char *p)
{
	size_t n = strlen(p);

	return t->kind == TOK_PUNCT && t->end - t->start == n && !memcmp(lx->s + t->start, p, n);
}

static bool is_name(const struct lexer *lx, const struct token *t, const char *name)
{
	size_t n = strlen(name);

	return t->kind == TOK_IDENT && t->end - t->start == n && !memcmp(lx->s + t->start, name, n);
}

/* After an opening '(' or '{': past its closing one; false at the end of the text. */
static bool skip_group(struct lexer *lx, const char *open, const char *close, size_t *end)
{
	struct token t;
	size_t depth = 1;

	while (next_token(lx, &t)) {
		if (is_punct(lx, &t, open)) {
			depth++;
		} else if (is_punct(lx, &t, close) && !--depth) {
			*end = t.end;
			return true;
		}
	}
	*end = lx->len;
	return false;
}

/*
 * Right after a candidate function name: its parameter list, "__" attributes, then '{' and
 * the body into *body. false, with *last the token that ended the try, when it is no
 * definition.
 */
static bool definition_body(struct lexer *lx, struct c_span *body, struct token *last)
{
	size_t end;

	if (!next_token(lx, last) || !is_punct(lx, last, "(") || !skip_group(lx, "(", ")", &end))
		return false;
	while (next_token(lx, last)) {
		if (is_punct(lx, last, "{")) {
			body->begin = last->start;
			skip_group(lx, "{", "}", &body->end);
			return true;
		}
		if (last->kind == TOK_IDENT && last->end - last->start > 2 &&
		    !memcmp(lx->s + last->start, "__", 2))
			continue;
		if (!is_punct(lx, last, "(") || !skip_group(lx, "(", ")", &end))
			return false;
	}
	return false;
}

/* Keep the brace and parenthesis depths of file scope up to date with token t. */
static void track_depth(const struct lexer *lx, const struct token *t, size_t *braces,
			size_t *parens)
{
	if (is_punct(lx, t, "{"))
		(*braces)++;
	else if (is_punct(lx, t, "}") && *braces)
		(*braces)--;
	else if (is_punct(lx, t, "("))
		(*parens)++;
	else if (is_punct(lx, t, ")") && *parens)
		(*parens)--;
}

static bool find_definition(const char *src, size_t len, const char *name, struct c_span *body)
{
	struct lexer lx;
	struct token t, prev = { TOK_END, 0, 0, false };
	size_t braces = 0, parens = 0;

	lexer_init(&lx, src, len, false);
	while (next_token(&lx, &t)) {
		if (t.kind == TOK_DIRECTIVE)
			continue;
		if (!braces && !parens && is_name(&lx, &t, name) &&
		    (t.col0 || prev.kind == TOK_IDENT || is_punct(&lx, &prev, "*"))) {
			if (definition_body(&lx, body, &t))
				return true;
		}
		track_depth(&lx, &t, &braces, &parens);
		prev = t;
	}
	return false;
}

/* Is the directive at src[t->start..t->end) "#define name" (then '(' or a blank)? */
static bool defines(const char *src, const struct token *t, const char *name, size_t *after)
{
	size_t p = t->start + 1, n = strlen(name);

	while (p < t->end && (src[p] == ' ' || src[p] == '\t'))
		p++;
	if (t->end - p < 6 || memcmp(src + p, "define", 6))
		return false;
	p += 6;
	if (p >= t->end || (src[p] != ' ' && src[p] != '\t'))
		return false;
	while (p < t->end && (src[p] == ' ' || src[p] == '\t'))
		p++;
	if (t->end - p < n || memcmp(src + p, name, n))
		return false;
	p += n;
	if (p < t->end && is_ident_char(src[p]))
		return false;
	*after = p;
	return true;
}

static bool find_macro(const char *src, size_t len, const char *name, struct c_span *body)
{
	struct lexer lx;
	struct token t;

	lexer_init(&lx, src, len, false);
	while (next_token(&lx, &t)) {
		if (t.kind == TOK_DIRECTIVE && defines(src, &t, name, &body->begin)) {
			body->end = t.end;
			return true;
		}
	}
	return false;
}

bool c_find_function(const char *src, size_t len, const char *name, struct c_span *body)
{
	if (!name || !*name)
		return false;
	return find_definition(src, len, name, body) || find_macro(src, len, name, body);
}

size_t c_count_calls(const char *src, size_t len, const char *name)
{
	struct lexer lx;
	struct token t, prev = { TOK_END, 0, 0, false }, before = prev;
	size_t calls = 0;

	lexer_init(&lx, src, len, true);
	while (next_token(&lx, &t)) {
		if (is_punct(&lx, &t, "(") && is_name(&lx, &prev, name) &&
		    !is_punct(&lx, &before, ".") && !is_punct(&lx, &before, "->"))
			calls++;
		before = prev;
		prev = t;
	}
	return calls;
}

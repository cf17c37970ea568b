// SPDX-License-Identifier: GPL-2.0-only
/*
 * The series gate: verdicts, and the checks on hunks and on checkpatch.pl's output.
 */
#include "gate.h"
#include "diff.h"
#include "termsafe.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	const char *rule;
} gates[GATE_NR] = {
	[GATE_REVIEW] = { "review", "every finding in the series is accepted by a reviewer, "
			  "none is rejected or fixed" },
	[GATE_SUBSYSTEM] = { "subsystem", "the series stays in one subsystem" },
	[GATE_SIZE] = { "size", "the series has no more patches than --max" },
	[GATE_IN_FLIGHT] = { "in-flight", "the subsystem has no series in draft or sent, and "
			     "none was sent to it within the cool-down" },
	[GATE_RULES] = { "rules", "no finding comes from a report-only rule or has verdict "
			 "keep or review" },
	[GATE_FRESH] = { "fresh", "no file changed since the scan" },
	[GATE_APPLIES] = { "applies", "every patch applies to the tree, in order" },
	[GATE_SUBSTANCE] = { "substance", "no hunk is whitespace- or comment-only and no "
			     "patch is purely cosmetic" },
	[GATE_COMPLETE] = { "complete", "no buffer a patch moves to kmalloc() is still freed "
			    "with free_page() or free_pages()" },
	[GATE_CHECKPATCH] = { "checkpatch", "the tree's scripts/checkpatch.pl reports no "
			      "ERROR and no new WARNING" },
	[GATE_RECIPIENTS] = { "recipients", "the series has someone to send it To:" },
};

const char *gate_name(enum gate_id id)
{
	return gates[id].name;
}

const char *gate_rule(enum gate_id id)
{
	return gates[id].rule;
}

void gate_report_init(struct gate_report *r)
{
	memset(r, 0, sizeof(*r));
}

void gate_report_clear(struct gate_report *r)
{
	for (int i = 0; i < GATE_NR; i++) {
		string_list_clear(&r->v[i].reasons);
		free(r->v[i].note);
	}
	memset(r, 0, sizeof(*r));
}

void gate_fail(struct gate_report *r, enum gate_id id, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->v[id].state = GATE_FAIL;
	string_list_append_nodup(&r->v[id].reasons, strbuf_detach(&sb, NULL));
}

void gate_note(struct gate_report *r, enum gate_id id, enum gate_state state,
	       const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(r->v[id].note);
	r->v[id].note = strbuf_detach(&sb, NULL);
	if (r->v[id].state != GATE_FAIL)
		r->v[id].state = state;
}

bool gate_passed(const struct gate_report *r)
{
	for (int i = 0; i < GATE_NR; i++)
		if (r->v[i].state == GATE_FAIL)
			return false;
	return true;
}

void gate_report_print(FILE *out, const struct gate_report *r)
{
	static const char *const words[] = { "pass", "FAIL", "skip" };

	for (int i = 0; i < GATE_NR; i++) {
		const struct gate_verdict *v = &r->v[i];

		fprintf(out, "  %-4s  %-10s  %s\n", words[v->state], gates[i].name,
			v->state == GATE_FAIL || !v->note ? gates[i].rule : tsafe_lines(v->note));
		/* Reasons quote file names and tool output: escaped for the terminal. */
		for (size_t j = 0; j < v->reasons.nr; j++)
			fprintf(out, "          - %s\n", tsafe_lines(v->reasons.items[j]));
	}
}

/* The C tokens of a text, for comparisons that ignore layout. */
struct tokens {
	struct string_list items;
};

static size_t literal_end(const char *s, size_t len, size_t i)
{
	char quote = s[i++];

	while (i < len && s[i] != quote && s[i] != '\n') {
		if (s[i] == '\\' && i + 1 < len)
			i++;
		i++;
	}
	return i < len ? i + 1 : len;
}

/* Split s into tokens: words and numbers, literals, single punctuation bytes; no comments. */
static void tokenize(const char *s, size_t len, struct tokens *out)
{
	size_t i = 0;

	while (i < len) {
		size_t start = i;

		if (isspace((unsigned char)s[i])) {
			i++;
			continue;
		}
		if (s[i] == '/' && i + 1 < len && (s[i + 1] == '*' || s[i + 1] == '/')) {
			if (s[i + 1] == '*') {
				const char *end = NULL;

				for (size_t j = i + 2; j + 1 < len; j++) {
					if (s[j] == '*' && s[j + 1] == '/') {
						end = s + j + 2;
						break;
					}
				}
				i = end ? (size_t)(end - s) : len;
			} else {
				while (i < len && s[i] != '\n')
					i++;
			}
			continue;
		}
		if (s[i] == '"' || s[i] == '\'') {
			i = literal_end(s, len, i);
		} else if (isalnum((unsigned char)s[i]) || s[i] == '_' || s[i] == '$') {
			while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '_' ||
					   s[i] == '$'))
				i++;
		} else {
			i++;
		}
		string_list_append_nodup(&out->items, xstrndup(s + start, i - start));
	}
}

static bool tokens_equal(const struct tokens *a, const struct tokens *b)
{
	if (a->items.nr != b->items.nr)
		return false;
	for (size_t i = 0; i < a->items.nr; i++)
		if (strcmp(a->items.items[i], b->items.items[i]))
			return false;
	return true;
}

/* Equal once every whitespace byte outside literals is gone (comments kept)? */
static bool same_without_whitespace(const char *a, size_t alen, const char *b, size_t blen)
{
	struct strbuf x = STRBUF_INIT, y = STRBUF_INIT;
	const char *s[2] = { a, b };
	size_t len[2] = { alen, blen };
	struct strbuf *out[2] = { &x, &y };
	bool same;

	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; i < len[k];) {
			if (s[k][i] == '"' || s[k][i] == '\'') {
				size_t end = literal_end(s[k], len[k], i);

				strbuf_add(out[k], s[k] + i, end - i);
				i = end;
				continue;
			}
			if (!isspace((unsigned char)s[k][i]))
				strbuf_addch(out[k], s[k][i]);
			i++;
		}
	}
	same = x.len == y.len && !memcmp(x.buf, y.buf, x.len);
	strbuf_release(&x);
	strbuf_release(&y);
	return same;
}

enum hunk_substance gate_hunk_substance(const char *before, size_t before_len,
					const char *candidate, size_t candidate_len)
{
	struct tokens a = { STRING_LIST_INIT }, b = { STRING_LIST_INIT };
	enum hunk_substance ret = HUNK_CODE;

	if (same_without_whitespace(before, before_len, candidate, candidate_len))
		return HUNK_WHITESPACE;
	tokenize(before, before_len, &a);
	tokenize(candidate, candidate_len, &b);
	if (tokens_equal(&a, &b))
		ret = HUNK_COMMENT;
	string_list_clear(&a.items);
	string_list_clear(&b.items);
	return ret;
}

static bool is_word(const char *t)
{
	return isalpha((unsigned char)*t) || *t == '_';
}

/*
 * Drop casts to plain types ("(char *)x", "(unsigned long)(p)") and redundant parentheses
 * ("(p)", keeping p): "(" ... ")" groups of words, numbers and '*' that no word other than
 * "return", no ')' and no ']' precede, since those are calls, sizeof or subscripts. A group
 * followed by an operand is a cast and goes whole; otherwise only its parentheses go.
 */
static void drop_casts(struct tokens *t)
{
	struct string_list kept = STRING_LIST_INIT;
	char **v = t->items.items;
	size_t n = t->items.nr;

	for (size_t i = 0; i < n; i++) {
		if (!strcmp(v[i], "(")) {
			const char *prev = kept.nr ? kept.items[kept.nr - 1] : "";
			bool call = (is_word(prev) && strcmp(prev, "return")) ||
				!strcmp(prev, ")") || !strcmp(prev, "]");
			size_t j = i + 1;

			while (j < n && (is_word(v[j]) || isdigit((unsigned char)*v[j]) ||
					 !strcmp(v[j], "*")))
				j++;
			if (!call && j > i + 1 && j < n && !strcmp(v[j], ")")) {
				const char *next = j + 1 < n ? v[j + 1] : "";
				bool cast = is_word(next) || !strcmp(next, "(") || *next == '"' ||
					isdigit((unsigned char)*next);

				if (!cast)
					for (size_t k = i + 1; k < j; k++)
						string_list_append(&kept, v[k]);
				i = j;
				continue;
			}
		}
		string_list_append(&kept, v[i]);
	}
	string_list_clear(&t->items);
	t->items = kept;
}

bool gate_cosmetic(const char *before, size_t before_len, const char *after, size_t after_len)
{
	struct tokens a = { STRING_LIST_INIT }, b = { STRING_LIST_INIT };
	bool same;

	tokenize(before, before_len, &a);
	tokenize(after, after_len, &b);
	drop_casts(&a);
	drop_casts(&b);
	same = tokens_equal(&a, &b);
	string_list_clear(&a.items);
	string_list_clear(&b.items);
	return same;
}

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Does var occur in s[0..len) as a whole expression, not as a member of another? */
static bool mentions_var(const char *s, size_t len, const char *var)
{
	size_t n = strlen(var);

	for (size_t i = 0; i + n <= len; i++) {
		if (memcmp(s + i, var, n))
			continue;
		if (i && (word_char(s[i - 1]) || s[i - 1] == '.' ||
			  (s[i - 1] == '>' && i > 1 && s[i - 2] == '-')))
			continue;
		if (i + n < len && word_char(s[i + n]))
			continue;
		return true;
	}
	return false;
}

bool gate_frees_page_of(const char *text, size_t len, const char *var)
{
	static const char *const frees[] = { "free_page", "free_pages", "__free_page",
					     "__free_pages" };

	for (size_t i = 0; i < len; i++) {
		for (size_t f = 0; f < ARRAY_SIZE(frees); f++) {
			size_t n = strlen(frees[f]), j = i + n;
			int depth = 0;

			if (i + n > len || memcmp(text + i, frees[f], n) ||
			    (i && (word_char(text[i - 1]) || text[i - 1] == '.' ||
				   text[i - 1] == '>')))
				continue;
			while (j < len && (text[j] == ' ' || text[j] == '\t'))
				j++;
			if (j >= len || text[j] != '(')
				continue;
			for (size_t k = j; k < len; k++) {
				if (text[k] == '(')
					depth++;
				else if (text[k] == ')' && --depth == 0) {
					if (mentions_var(text + j, k - j, var))
						return true;
					break;
				}
			}
		}
	}
	return false;
}

void checkpatch_problems_clear(struct checkpatch_problems *p)
{
	for (size_t i = 0; i < p->nr; i++) {
		free(p->items[i].level);
		free(p->items[i].type);
		free(p->items[i].message);
	}
	free(p->items);
	memset(p, 0, sizeof(*p));
}

/* "LEVEL:TYPE: message" at p; false when p does not start with a level. */
static bool parse_problem(const char *p, const char *end, struct checkpatch_problem *out)
{
	static const char *const levels[] = { "ERROR", "WARNING", "CHECK" };
	const char *colon, *type_end;

	for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
		size_t n = strlen(levels[i]);

		if ((size_t)(end - p) <= n || strncmp(p, levels[i], n) || p[n] != ':')
			continue;
		colon = p + n;
		type_end = memchr(colon + 1, ':', (size_t)(end - colon - 1));
		if (!type_end)
			return false;
		out->level = xstrndup(p, n);
		out->type = xstrndup(colon + 1, (size_t)(type_end - colon - 1));
		p = type_end + 1;
		while (p < end && *p == ' ')
			p++;
		out->message = xstrndup(p, (size_t)(end - p));
		return true;
	}
	return false;
}

void checkpatch_parse(const char *output, struct checkpatch_problems *out)
{
	const char *p = output;

	while (*p) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
		struct checkpatch_problem pr = { NULL, NULL, NULL, 0 };
		const char *q = p;

		/* "FILE:LINE: " or "FILE: " before the level. */
		while (q < end) {
			const char *colon = memchr(q, ':', (size_t)(end - q));

			if (!colon)
				break;
			if (parse_problem(q, end, &pr))
				break;
			q = colon + 1;
			while (q < end && *q == ' ')
				q++;
		}
		if (pr.level) {
			const char *c = memchr(p, ':', (size_t)(end - p));

			if (c && isdigit((unsigned char)c[1]))
				pr.line = strtol(c + 1, NULL, 10);
			ALLOC_GROW(out->items, out->nr + 1, out->alloc);
			out->items[out->nr++] = pr;
		}
		p = nl ? nl + 1 : end;
	}
}

void checkpatch_blocking(const struct checkpatch_problems *forward,
			 const struct checkpatch_problems *reverse, long diff_line,
			 struct string_list *out)
{
	bool *used = xcalloc(reverse->nr + 1, sizeof(*used));

	for (size_t i = 0; i < forward->nr; i++) {
		const struct checkpatch_problem *p = &forward->items[i];
		bool in_diff = p->line > 0 && diff_line > 0 && p->line >= diff_line;
		bool old = false;

		if (!strcmp(p->level, "CHECK"))
			continue;
		if (!strcmp(p->level, "WARNING") && in_diff) {
			for (size_t j = 0; j < reverse->nr && !old; j++) {
				const struct checkpatch_problem *r = &reverse->items[j];

				if (used[j] || r->line < diff_line || strcmp(r->level, p->level) ||
				    strcmp(r->type, p->type) || strcmp(r->message, p->message))
					continue;
				used[j] = true;
				old = true;
			}
		}
		if (old)
			continue;
		if (p->line)
			string_list_append_nodup(out, xstrfmt("%s:%s: %s (line %ld of the patch)",
							      p->level, p->type, p->message,
							      p->line));
		else
			string_list_append_nodup(out, xstrfmt("%s:%s: %s", p->level, p->type,
							      p->message));
	}
	free(used);
}

static void swap_hunk_header(const char *line, size_t len, struct strbuf *out)
{
	struct hunk h;
	const char *ctx;
	size_t ctx_len;

	if (parse_hunk_header(line, len, &h, &ctx, &ctx_len)) {
		strbuf_add(out, line, len);
		return;
	}
	strbuf_addf(out, "@@ -%ld,%ld +%ld,%ld @@", h.new_start, h.new_len, h.old_start,
		    h.old_len);
	if (ctx_len)
		strbuf_addch(out, ' ');
	strbuf_add(out, ctx, ctx_len);
}

void reverse_patch(const char *patch, struct strbuf *out)
{
	const char *p = patch;
	bool in_diff = false;
	long left_old = 0, left_new = 0;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);

		if (left_old > 0 || left_new > 0) {
			char c = len ? *p : ' ';

			if (c == '-') {
				strbuf_addch(out, '+');
				left_old--;
			} else if (c == '+') {
				strbuf_addch(out, '-');
				left_new--;
			} else {
				if (c != '\\') {
					left_old--;
					left_new--;
				}
				strbuf_addch(out, len ? c : ' ');
			}
			if (len > 1)
				strbuf_add(out, p + 1, len - 1);
		} else if (starts_with(p, "diff --git ")) {
			in_diff = true;
			strbuf_add(out, p, len);
		} else if (in_diff && starts_with(p, "index ")) {
			const char *dots = memmem(p, len, "..", 2), *sp;

			sp = dots ? memchr(dots, ' ', len - (size_t)(dots - p)) : NULL;
			if (dots && sp) {
				strbuf_addstr(out, "index ");
				strbuf_add(out, dots + 2, (size_t)(sp - dots - 2));
				strbuf_addstr(out, "..");
				strbuf_add(out, p + 6, (size_t)(dots - p - 6));
				strbuf_add(out, sp, len - (size_t)(sp - p));
			} else {
				strbuf_add(out, p, len);
			}
		} else if (in_diff && starts_with(p, "@@ ")) {
			struct hunk h;
			const char *ctx;
			size_t ctx_len;

			if (!parse_hunk_header(p, len, &h, &ctx, &ctx_len)) {
				left_old = h.old_len;
				left_new = h.new_len;
			}
			swap_hunk_header(p, len, out);
		} else {
			strbuf_add(out, p, len);
		}
		if (nl)
			strbuf_addch(out, '\n');
		p = nl ? nl + 1 : p + len;
	}
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Unified diff hunks and the functions they change.
 */
#include "diff.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool is_ident_start(int c)
{
	return isalpha(c) || c == '_' || c == '$';
}

static bool is_ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '$';
}

/* Parse a decimal number at *p (below end); -1 when there is none. */
static int parse_number(const char **p, const char *end, long *out)
{
	long v = 0;

	if (*p >= end || !isdigit((unsigned char)**p))
		return -1;
	while (*p < end && isdigit((unsigned char)**p)) {
		if (v > 100000000L)
			return -1;
		v = v * 10 + (**p - '0');
		(*p)++;
	}
	*out = v;
	return 0;
}

/* "START[,COUNT]" after the sign; a missing count is 1. */
static int parse_range(const char **p, const char *end, char sign, long *start, long *count)
{
	if (*p >= end || **p != sign)
		return -1;
	(*p)++;
	if (parse_number(p, end, start))
		return -1;
	*count = 1;
	if (*p < end && **p == ',') {
		(*p)++;
		if (parse_number(p, end, count))
			return -1;
	}
	return 0;
}

static bool skip_literal(const char **p, const char *end, const char *lit)
{
	size_t n = strlen(lit);

	if ((size_t)(end - *p) < n || memcmp(*p, lit, n))
		return false;
	*p += n;
	return true;
}

int parse_hunk_header(const char *line, size_t len, struct hunk *h,
		      const char **context, size_t *context_len)
{
	const char *p = line, *end = line + len;

	if (!skip_literal(&p, end, "@@ ") ||
	    parse_range(&p, end, '-', &h->old_start, &h->old_len) ||
	    !skip_literal(&p, end, " ") ||
	    parse_range(&p, end, '+', &h->new_start, &h->new_len) ||
	    !skip_literal(&p, end, " @@"))
		return -1;
	if (p < end && *p == ' ')
		p++;
	*context = p;
	*context_len = (size_t)(end - p);
	return 0;
}

bool is_label_line(const char *line, size_t len)
{
	size_t i = 0;

	if (!len || !is_ident_start((unsigned char)line[0]))
		return false;
	while (i < len && is_ident_char((unsigned char)line[i]))
		i++;
	if (i == 7 && !strncmp(line, "default", 7))
		return false;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || line[i] != ':' || (i + 1 < len && line[i + 1] == ':'))
		return false;
	for (i++; i < len; i++) {
		if (line[i] == '/' && i + 1 < len && (line[i + 1] == '*' || line[i + 1] == '/'))
			return true;
		if (!isspace((unsigned char)line[i]))
			return false;
	}
	return true;
}

static size_t trimmed_length(const char *line, size_t len)
{
	while (len && isspace((unsigned char)line[len - 1]))
		len--;
	return len;
}

char *function_of_line(const char *line, size_t len)
{
	const char *paren, *end;
	size_t tlen = trimmed_length(line, len);

	if (!tlen || !is_ident_start((unsigned char)line[0]) || is_label_line(line, tlen))
		return NULL;
	if (line[tlen - 1] == ';')
		return NULL;
	paren = memchr(line, '(', tlen);
	if (!paren || (paren + 1 < line + tlen && paren[1] == '*'))
		return NULL;
	end = paren;
	while (end > line && isspace((unsigned char)end[-1]))
		end--;
	paren = end;
	while (paren > line && is_ident_char((unsigned char)paren[-1]))
		paren--;
	if (paren == end || isdigit((unsigned char)*paren))
		return NULL;
	return xstrndup(paren, (size_t)(end - paren));
}

static const char *next_line(const char *p, const char *end, size_t *len)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	*len = nl ? (size_t)(nl - p) : (size_t)(end - p);
	return nl ? nl + 1 : end;
}

/* A line of the old file at column 0 that may start a function: diff -p's own test. */
static void update_function(char **current, const char *line, size_t len)
{
	if (!len || !is_ident_start((unsigned char)line[0]) || is_label_line(line, len))
		return;
	free(*current);
	*current = function_of_line(line, len);
}

static void note_function(struct hunk *h, const char *fn)
{
	if (fn && !string_list_has(&h->functions, fn))
		string_list_append(&h->functions, fn);
}

/* Count one body line against the hunk's ranges; -1 when it cannot be part of a hunk. */
static int count_body_line(const char *line, size_t len, long *old_left, long *new_left)
{
	char kind = len ? line[0] : ' ';

	if (kind == '\\')
		return 0;
	if (kind == ' ' || kind == '-')
		(*old_left)--;
	if (kind == ' ' || kind == '+')
		(*new_left)--;
	if (kind != ' ' && kind != '-' && kind != '+')
		return -1;
	return *old_left < 0 || *new_left < 0 ? -1 : 0;
}

/* Read the body of the hunk whose header ends at *p; -1 when it is cut short or malformed. */
static int read_hunk_body(struct hunk *h, const char **p, const char *end, char *fn)
{
	long old_left = h->old_len, new_left = h->new_len;
	bool in_cut = !fn && h->cut_name;	/* still in the function of the cut name */
	int ret = 0;

	while (*p < end && (old_left > 0 || new_left > 0 || **p == '\\')) {
		size_t len;
		const char *line = *p;

		*p = next_line(line, end, &len);
		if (len > 1 && (line[0] == ' ' || line[0] == '-') &&
		    is_ident_start((unsigned char)line[1]) && !is_label_line(line + 1, len - 1))
			in_cut = false;
		if (len && (line[0] == ' ' || line[0] == '-'))
			update_function(&fn, line + 1, len - 1);
		if (len && (line[0] == '-' || line[0] == '+')) {
			note_function(h, fn);
			if (in_cut)
				h->cut_changed = true;
		}
		if (count_body_line(line, len, &old_left, &new_left)) {
			ret = -1;
			break;
		}
	}
	free(fn);
	if (!ret && (old_left || new_left))
		ret = -1;
	return ret;
}

/*
 * diff -p prints at most 40 bytes of the function line: "static ssize_t
 * sel_read_sidtab_hash_stat" has lost the end of the name and its parenthesis. The start of
 * the name is kept, to be matched against the findings' functions; NULL when the line ends
 * with no such name.
 */
static char *cut_function_name(const char *ctx, size_t len)
{
	size_t n = trimmed_length(ctx, len), start = n;

	if (!n || !is_ident_start((unsigned char)ctx[0]) || memchr(ctx, '(', n) ||
	    ctx[n - 1] == ';' || is_label_line(ctx, n))
		return NULL;
	while (start > 0 && is_ident_char((unsigned char)ctx[start - 1]))
		start--;
	/*
	 * A name alone on the line ("foo") is not cut: a type before it shows a declaration.
	 * A line that does not end in a name ("ssize-10,") has nothing to cut.
	 */
	if (start == 0 || start == n || isdigit((unsigned char)ctx[start]))
		return NULL;
	return xstrndup(ctx + start, n - start);
}

static int read_hunk(struct hunk_list *out, const char **p, const char *end)
{
	struct hunk h = { .text = *p };
	const char *ctx;
	size_t len, ctx_len;
	const char *body = next_line(*p, end, &len);
	char *fn;

	if (parse_hunk_header(*p, len, &h, &ctx, &ctx_len))
		return error("malformed hunk header in a diff from spatch: %.*s", (int)len, *p);
	fn = is_label_line(ctx, trimmed_length(ctx, ctx_len)) ? NULL :
	     function_of_line(ctx, ctx_len);
	if (!fn)
		h.cut_name = cut_function_name(ctx, ctx_len);
	*p = body;
	if (read_hunk_body(&h, p, end, fn)) {
		string_list_clear(&h.functions);
		free(h.cut_name);
		return error("a hunk of a diff from spatch is cut short or malformed: %.*s",
			     (int)len, h.text);
	}
	h.len = (size_t)(*p - h.text);
	ALLOC_GROW(out->items, out->nr + 1, out->alloc);
	out->items[out->nr++] = h;
	return 0;
}

static int read_diff_header(struct hunk_list *out, const char **p, const char *end)
{
	size_t len;
	const char *line = *p;

	if ((size_t)(end - line) > 5 && starts_with(line, "diff "))
		line = next_line(line, end, &len);
	out->header = line;
	if ((size_t)(end - line) < 4 || strncmp(line, "--- ", 4))
		return error("a diff from spatch has no \"---\" line");
	line = next_line(line, end, &len);
	if ((size_t)(end - line) < 4 || strncmp(line, "+++ ", 4))
		return error("a diff from spatch has no \"+++\" line");
	line = next_line(line, end, &len);
	out->header_len = (size_t)(line - out->header);
	*p = line;
	return 0;
}

int diff_split(const char *diff, size_t len, struct hunk_list *out)
{
	const char *p = diff, *end = diff + len;

	if (read_diff_header(out, &p, end))
		return -1;
	while (p < end)
		if (read_hunk(out, &p, end)) {
			hunk_list_clear(out);
			return -1;
		}
	return 0;
}

void hunk_list_clear(struct hunk_list *list)
{
	for (size_t i = 0; i < list->nr; i++) {
		string_list_clear(&list->items[i].functions);
		free(list->items[i].cut_name);
	}
	free(list->items);
	memset(list, 0, sizeof(*list));
}

/*
 * Whether the hunk changes function: a name its lines show, or the start of a name cut from
 * its "@@" line when lines before any other function's start change.
 */
static bool hunk_changes(const struct hunk *h, const char *function)
{
	if (string_list_has(&h->functions, function))
		return true;
	return h->cut_changed && starts_with(function, h->cut_name);
}

static bool hunk_belongs_to_none(const struct hunk *h, const struct string_list *functions)
{
	for (size_t i = 0; i < functions->nr; i++)
		if (hunk_changes(h, functions->items[i]))
			return false;
	return true;
}

void diff_for_function(const struct hunk_list *list, const char *function,
		       const struct string_list *finding_functions, struct strbuf *out)
{
	size_t start = out->len;
	bool any = false;

	strbuf_add(out, list->header, list->header_len);
	for (size_t i = 0; i < list->nr; i++) {
		const struct hunk *h = &list->items[i];

		if (hunk_changes(h, function) || hunk_belongs_to_none(h, finding_functions)) {
			strbuf_add(out, h->text, h->len);
			any = true;
		}
	}
	if (!any)
		strbuf_setlen(out, start);
}

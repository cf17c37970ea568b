// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading what a series' words are made of: calls, their arguments and what they assign
 * to in C code, the function around a site and the calls its buffer is handed to, the
 * lines of a regenerated diff, and the parts of a rule's message.
 */
#include "series-text-internal.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The position of identifier name in s as a whole word, or NULL. */
const char *code_find_word(const char *s, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(s, name); p; p = strstr(p + 1, name)) {
		if ((p == s || !ident_char(p[-1])) && !ident_char(p[n]))
			return p;
	}
	return NULL;
}

/* The end of the parenthesised group opening at p ('('), or NULL when it does not close. */
const char *code_group_end(const char *p)
{
	int depth = 0;

	for (; *p; p++) {
		if (*p == '"' || *p == '\'') {
			char q = *p;

			for (p++; *p && *p != q; p++)
				if (*p == '\\' && p[1])
					p++;
			if (!*p)
				return NULL;
		} else if (*p == '(') {
			depth++;
		} else if (*p == ')' && --depth == 0) {
			return p + 1;
		}
	}
	return NULL;
}

/* "name(args)" for the first call of name in s; NULL when there is none. */
static char *call_of(const char *s, const char *name, const char **at)
{
	for (const char *p = code_find_word(s, name); p; p = code_find_word(p + 1, name)) {
		const char *q = p + strlen(name), *end;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '(' || !(end = code_group_end(q)))
			continue;
		if (at)
			*at = p;
		return xstrfmt("%.*s%.*s", (int)strlen(name), p, (int)(end - q), q);
	}
	return NULL;
}

/* The earliest call in s of any of names. */
char *code_first_call(const char *s, const char *const *names, const char **at)
{
	const char *best_at = NULL;
	char *best = NULL;

	for (; *names; names++) {
		const char *p;
		char *c = call_of(s, *names, &p);

		if (c && (!best || p < best_at)) {
			free(best);
			best = c;
			best_at = p;
		} else {
			free(c);
		}
	}
	if (at)
		*at = best_at;
	return best;
}

/* The arguments of "name(a, b(c, d), e)": "a", "b(c, d)", "e". */
static void call_args(const char *call, struct string_list *out)
{
	const char *p = strchr(call, '('), *start;
	int depth = 0;

	if (!p)
		return;
	start = ++p;
	for (; *p; p++) {
		if (*p == '(' || *p == '[') {
			depth++;
		} else if ((*p == ')' || *p == ']') && depth) {
			depth--;
		} else if ((*p == ',' && !depth) || (*p == ')' && !depth)) {
			const char *a = start, *b = p;

			while (a < b && isspace((unsigned char)*a))
				a++;
			while (b > a && isspace((unsigned char)b[-1]))
				b--;
			string_list_append_nodup(out, xstrndup(a, (size_t)(b - a)));
			if (*p == ')')
				return;
			start = p + 1;
		}
	}
}

char *code_arg_of(const char *call, size_t i)
{
	struct string_list args = STRING_LIST_INIT;
	char *ret = NULL;

	if (call)
		call_args(call, &args);
	if (i < args.nr)
		ret = xstrdup(args.items[i]);
	string_list_clear(&args);
	return ret;
}

/*
 * What the statement in code assigns the call at "at" to: "buf" for "char *buf = ...",
 * "ctx->page" for "ctx->page = ...". NULL when it assigns nothing.
 */
char *code_assigned_to(const char *code, const char *at)
{
	const char *eq = NULL, *start, *end;
	size_t n;

	for (const char *p = at; p > code; p--) {
		if (p[-1] == '=' && (p - 1 == code || !strchr("=!<>+-*/%&|^", p[-2])) &&
		    *p != '=') {
			eq = p - 1;
			break;
		}
		if (p[-1] == ';' || p[-1] == '{' || p[-1] == '}')
			break;
	}
	if (!eq)
		return NULL;
	end = eq;
	while (end > code && isspace((unsigned char)end[-1]))
		end--;
	start = end;
	while (start > code && start[-1] != ';' && start[-1] != '{' && start[-1] != '\n' &&
	       start[-1] != '(')
		start--;
	while (start < end && isspace((unsigned char)*start))
		start++;
	if (start == end)
		return NULL;
	/* A declaration: keep the declared name. */
	n = (size_t)(end - start);
	if (!memchr(start, '>', n) && !memchr(start, '.', n) && !memchr(start, '[', n) &&
	    (memchr(start, ' ', n) || memchr(start, '*', n))) {
		const char *name = end;

		while (name > start && ident_char(name[-1]))
			name--;
		start = name;
	}
	return start < end ? xstrndup(start, (size_t)(end - start)) : NULL;
}

int series_function_body(const char *source, const char *fn, const char **start,
			 size_t *len)
{
	const char *p = source;

	while (*p) {
		const char *nl = strchr(p, '\n'), *eol = nl ? nl : p + strlen(p);
		const char *w;

		if (!isspace((unsigned char)*p) && *p != '#' && (w = code_find_word(p, fn)) &&
		    w < eol) {
			const char *q = w + strlen(fn);

			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '(' && eol > p && eol[-1] != ';') {
				/* The body ends at the first '}' in column 0. */
				const char *end = strstr(eol, "\n}");

				if (!end)
					return -1;
				*start = p;
				*len = (size_t)(end + 2 - p);
				return 0;
			}
		}
		p = nl ? nl + 1 : eol;
	}
	return -1;
}

/* Calls that say nothing about how the buffer is used. */
static bool uninteresting_call(const char *name)
{
	static const char *const skip[] = {
		"if", "for", "while", "switch", "return", "sizeof", "typeof", "__typeof__",
		"likely", "unlikely", "IS_ERR", "PTR_ERR", "ERR_PTR", "IS_ERR_OR_NULL", "WARN_ON",
		"WARN_ON_ONCE", "BUG_ON", "min", "max", "min_t", "max_t", "kfree", "kvfree",
		"free_page", "free_pages", "__free_page", "__free_pages", "__get_free_page",
		"__get_free_pages", "get_zeroed_page", "__get_dma_pages", "page_address",
		"alloc_page", "alloc_pages", "kmalloc", "kzalloc", "kvmalloc", "kvzalloc",
		"memdup_user", "memdup_user_nul", "vmemdup_user", NULL,
	};

	for (const char *const *s = skip; *s; s++)
		if (!strcmp(*s, name))
			return true;
	return false;
}

/* Does var appear in arg as a whole expression part (not as a member of something else)? */
static bool mentions(const char *arg, const char *var)
{
	size_t n = strlen(var);

	for (const char *p = strstr(arg, var); p; p = strstr(p + 1, var)) {
		bool before = p == arg || (!ident_char(p[-1]) && p[-1] != '.' &&
					   !(p[-1] == '>' && p - 1 > arg && p[-2] == '-'));

		if (before && !ident_char(p[n]))
			return true;
	}
	return false;
}

/*
 * Whether an argument hands on var itself (var, a cast of it, var + n, ...), not only
 * inside the arguments of a call in it: i_size_write(inode, print(buf)) gives
 * i_size_write() what print() returns.
 */
static bool hands_on(const char *arg, const char *var)
{
	char *s = xstrdup(arg);
	bool ret;

	for (char *p = s; *p; p++) {
		char *q, *end;

		if (!ident_char(*p) || (p > s && ident_char(p[-1])))
			continue;
		for (q = p; ident_char(*q); q++)
			;
		p = q - 1;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '(' || !(end = (char *)code_group_end(q)))
			continue;
		memset(q, ' ', (size_t)(end - q));
		p = end - 1;
	}
	ret = mentions(s, var);
	free(s);
	return ret;
}

void series_buffer_uses(const char *text, size_t len, const char *var,
			struct string_list *out)
{
	char *s = xstrndup(text, len);
	const char *p = s;

	while (*p) {
		if (*p == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			p = e ? e + 2 : p + strlen(p);
			continue;
		}
		if (*p == '"' || *p == '\'') {
			char q = *p;

			for (p++; *p && *p != q; p++)
				if (*p == '\\' && p[1])
					p++;
			if (*p)
				p++;
			continue;
		}
		if (ident_char(*p) && !isdigit((unsigned char)*p) &&
		    (p == s || !ident_char(p[-1]))) {
			const char *e = p, *q;

			while (ident_char(*e))
				e++;
			q = e;
			while (*q == ' ' || *q == '\t')
				q++;
			if (*q == '(' && code_group_end(q)) {
				char *name = xstrndup(p, (size_t)(e - p));
				char *call = xstrndup(p, (size_t)(code_group_end(q) - p));
				struct string_list args = STRING_LIST_INIT;
				bool seen = false;

				call_args(call, &args);
				for (size_t i = 0; i < out->nr && !seen; i++)
					seen = starts_with(out->items[i], name) &&
						out->items[i][strlen(name)] == ':';
				for (size_t i = 0; i < args.nr && !seen; i++) {
					if (!hands_on(args.items[i], var) ||
					    uninteresting_call(name))
						continue;
					string_list_append_nodup(out, xstrfmt("%s:%zu", name, i));
					seen = true;
				}
				string_list_clear(&args);
				free(call);
				free(name);
			}
			p = e;
			continue;
		}
		p++;
	}
	free(s);
}

/* What a call does with the buffer, as a clause: "d_path() builds a path name in it". */
char *code_use_clause(const char *use)
{
	static const struct {
		const char *name;
		int arg;	/* -1: any */
		const char *what;
	} roles[] = {
		{ "copy_to_user", -1, "copies out of it to user space" },
		{ "simple_read_from_buffer", -1, "copies out of it to user space" },
		{ "copy_from_user", 0, "fills it from user space" },
		{ "d_path", -1, "builds a path name in it" },
		{ "access_remote_vm", -1, "reads another process's memory into it" },
		{ "access_process_vm", -1, "reads another process's memory into it" },
		{ "memcpy", 0, "fills it" },
		{ "memcpy", 1, "copies from it" },
		{ "memmove", 0, "fills it" },
		{ "memset", 0, "clears it" },
		{ "snprintf", 0, "formats text into it" },
		{ "scnprintf", 0, "formats text into it" },
		{ "sprintf", 0, "formats text into it" },
		{ "vsnprintf", 0, "formats text into it" },
		{ "vscnprintf", 0, "formats text into it" },
		{ "strscpy", 0, "copies a string into it" },
		{ "strlcpy", 0, "copies a string into it" },
		{ "strncpy", 0, "copies a string into it" },
		{ "strlen", 0, "measures the string in it" },
		{ "strnlen", 0, "measures the string in it" },
		{ "seq_puts", -1, "prints from it" },
		{ "seq_printf", -1, "prints from it" },
		{ "seq_write", -1, "prints from it" },
		{ "kernel_read", 1, "reads a file into it" },
	};
	const char *colon = strrchr(use, ':');
	int arg = colon ? atoi(colon + 1) : -1;
	char *name = xstrndup(use, colon ? (size_t)(colon - use) : strlen(use));
	char *ret = NULL;

	for (size_t i = 0; i < ARRAY_SIZE(roles) && !ret; i++)
		if (!strcmp(roles[i].name, name) && (roles[i].arg < 0 || roles[i].arg == arg))
			ret = xstrfmt("%s() %s", name, roles[i].what);
	if (!ret)
		ret = xstrfmt("%s() is handed it", name);
	free(name);
	return ret;
}

/* The removed and added lines of a regenerated diff, without their signs. */
void code_diff_sides(const char *diff, struct string_list *removed, struct string_list *added)
{
	const char *p = strstr(diff, "\n@@ ");

	while (p && *p) {
		const char *nl = strchr(p + 1, '\n');
		const char *line = p + 1;
		size_t len = nl ? (size_t)(nl - line) : strlen(line);

		if (len && *line == '-')
			string_list_append_nodup(removed, xstrndup(line + 1, len - 1));
		else if (len && *line == '+')
			string_list_append_nodup(added, xstrndup(line + 1, len - 1));
		p = nl;
	}
}

size_t code_count_containing(const struct string_list *l, const char *s)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nr; i++)
		n += strstr(l->items[i], s) != NULL;
	return n;
}

/* The rule's message split at "; " into its parts. */
void code_message_parts(const char *msg, struct string_list *out)
{
	const char *p = msg;

	while (*p) {
		const char *sep = strstr(p, "; ");
		size_t n = sep ? (size_t)(sep - p) : strlen(p);

		string_list_append_nodup(out, xstrndup(p, n));
		p += n;
		if (sep)
			p += 2;
	}
}

/*
 * A rule's remark without its line numbers, which go stale with the next commit:
 * "its page alignment (offset_in_page() at line 12) holds: x" -> "its page alignment
 * holds: x"; "freed at lines 3, 4 and 5" -> "freed".
 */
char *series_strip_lines(const char *text)
{
	struct strbuf out = STRBUF_INIT;

	for (const char *p = text; *p;) {
		const char *end;

		if (*p == ' ' && p[1] == '(' && (end = code_group_end(p + 1)) &&
		    memmem(p, (size_t)(end - p), "line", 4)) {
			p = end;
			continue;
		}
		if (starts_with(p, " at line") || starts_with(p, " (line")) {
			const char *q = p + (p[1] == '(' ? 6 : 8);

			q += *q == 's';
			while (*q && (isdigit((unsigned char)*q) || *q == ',' || *q == ' ' ||
				      starts_with(q, "and ")))
				q += starts_with(q, "and ") ? 4 : 1;
			if (*q == ')')
				q++;
			if (q > p + 9 && isdigit((unsigned char)q[-1 - (q[-1] == ')')])) {
				p = q;
				if (out.len && *p && *p != ',' && *p != ';' && *p != '.' &&
				    *p != ')' && *p != ' ')
					strbuf_addch(&out, ' ');
				continue;
			}
		}
		strbuf_addch(&out, *p++);
	}
	return strbuf_detach(&out, NULL);
}

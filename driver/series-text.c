// SPDX-License-Identifier: GPL-2.0-only
/*
 * The words of a series: subjects, commit messages and the cover letter.
 *
 * A message is built from what the change itself shows (the allocation the finding matched,
 * the call that replaces it, the frees, the casts and the error handling in the diff), from
 * what the rule reported (its message names the frees it paired and its notes), and from the
 * function around the site (the calls the buffer is handed to). Every sentence carries the
 * site's specifics; only the line naming the rule is the same in two patches.
 */
#include "series.h"
#include "gate.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define WIDTH MBOX_WRAP
#define SUBJECT_MAX 72
/* submitting-patches.rst: say what and why, briefly. The body above the trailers. */
#define MESSAGE_LINES_MAX 8

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* The position of identifier name in s as a whole word, or NULL. */
static const char *find_word(const char *s, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = strstr(s, name); p; p = strstr(p + 1, name)) {
		if ((p == s || !ident_char(p[-1])) && !ident_char(p[n]))
			return p;
	}
	return NULL;
}

/* The end of the parenthesised group opening at p ('('), or NULL when it does not close. */
static const char *group_end(const char *p)
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
	for (const char *p = find_word(s, name); p; p = find_word(p + 1, name)) {
		const char *q = p + strlen(name), *end;

		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '(' || !(end = group_end(q)))
			continue;
		if (at)
			*at = p;
		return xstrfmt("%.*s%.*s", (int)strlen(name), p, (int)(end - q), q);
	}
	return NULL;
}

/* The earliest call in s of any of names. */
static char *first_call(const char *s, const char *const *names, const char **at)
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

static char *arg_of(const char *call, size_t i)
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
static char *assigned_to(const char *code, const char *at)
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

/* "a", "a and b", "a, b and c". */
static void add_list(struct strbuf *out, const struct string_list *items)
{
	for (size_t i = 0; i < items->nr; i++) {
		if (i)
			strbuf_addstr(out, i + 1 == items->nr ? " and " : ", ");
		strbuf_addstr(out, items->items[i]);
	}
}

static void add_paragraph(struct strbuf *out, const char *text)
{
	if (!*text)
		return;
	mbox_wrap(out, text, 0, 0, WIDTH);
	strbuf_addstr(out, "\n\n");
}

/* A list item "- text", its continuation lines indented by two. */
static void add_item(struct strbuf *out, const char *text)
{
	char *item = xstrfmt("- %s", text);

	mbox_wrap(out, item, 0, 2, WIDTH);
	strbuf_addch(out, '\n');
	free(item);
}

/* Capitalise a sentence start only when it is a plain word (never a C identifier). */
static void add_sentence(struct strbuf *out, const char *s)
{
	if (out->len && out->buf[out->len - 1] != ' ')
		strbuf_addch(out, ' ');
	strbuf_addstr(out, s);
}

int series_function_body(const char *source, const char *fn, const char **start,
			 size_t *len)
{
	const char *p = source;

	while (*p) {
		const char *nl = strchr(p, '\n'), *eol = nl ? nl : p + strlen(p);
		const char *w;

		if (!isspace((unsigned char)*p) && *p != '#' && (w = find_word(p, fn)) && w < eol) {
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
			if (*q == '(' && group_end(q)) {
				char *name = xstrndup(p, (size_t)(e - p));
				char *call = xstrndup(p, (size_t)(group_end(q) - p));
				struct string_list args = STRING_LIST_INIT;
				bool seen = false;

				call_args(call, &args);
				for (size_t i = 0; i < out->nr && !seen; i++)
					seen = starts_with(out->items[i], name) &&
						out->items[i][strlen(name)] == ':';
				for (size_t i = 0; i < args.nr && !seen; i++) {
					if (!mentions(args.items[i], var) ||
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
static char *use_clause(const char *use)
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
static void diff_sides(const char *diff, struct string_list *removed, struct string_list *added)
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

static size_t count_containing(const struct string_list *l, const char *s)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nr; i++)
		n += strstr(l->items[i], s) != NULL;
	return n;
}

/* The rule's message split at "; " into its parts. */
static void message_parts(const char *msg, struct string_list *out)
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

/* "at lines 50, 58, 61" -> "at lines 50, 58 and 61". */
static char *readable_lines(const char *s)
{
	const char *last = strrchr(s, ',');

	if (!last || !strstr(s, "lines ") || strchr(s, '('))
		return xstrdup(s);
	return xstrfmt("%.*s and%s", (int)(last - s), s, last + 1);
}

/* "PAGE_SIZE" -> "a page", "2 * PAGE_SIZE" -> "two pages". */
static char *size_phrase(const char *size)
{
	static const struct {
		const char *size;
		const char *words;
	} known[] = {
		{ "PAGE_SIZE", "a page" },
		{ "2 * PAGE_SIZE", "two pages" },
		{ "4 * PAGE_SIZE", "four pages" },
		{ "8 * PAGE_SIZE", "eight pages" },
	};

	if (!size)
		return xstrdup("a buffer");
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (!strcmp(size, known[i].size))
			return xstrdup(known[i].words);
	return xstrfmt("%s bytes", size);
}

static const char *const page_allocs[] = {
	"page_address", "__get_free_pages", "__get_free_page", "get_zeroed_page",
	"__get_dma_pages", NULL,
};
static const char *const slab_allocs[] = { "kmalloc", "kzalloc", "kvmalloc", "kvzalloc", NULL };
static const char *const helpers[] = { "memdup_user_nul", "vmemdup_user", "memdup_user", NULL };

/* One finding's site, read from its code, its message and the patch. */
struct site {
	const struct series_finding *f;
	char *var;		/* the buffer */
	char *old_call;		/* what allocated it */
	char *new_call;		/* what allocates it now */
	char *where;		/* pagealloc: the rule's "at lines ..." / "in f() (line N)" */
	char *holder;		/* pagealloc: "the static buffer x", "its buffer x", ... */
	struct string_list notes;
	struct string_list uses;
};

static void site_clear(struct site *s)
{
	free(s->var);
	free(s->old_call);
	free(s->new_call);
	free(s->where);
	free(s->holder);
	string_list_clear(&s->notes);
	string_list_clear(&s->uses);
}

static void read_pagealloc_site(struct site *s, const char *source)
{
	struct string_list parts = STRING_LIST_INIT;
	const char *at = NULL, *colon;
	const char *body;
	size_t body_len;

	s->old_call = first_call(s->f->row.code, page_allocs, &at);
	s->var = s->old_call ? assigned_to(s->f->row.code, at) : NULL;
	message_parts(s->f->row.message, &parts);
	if (parts.nr && (colon = strstr(parts.items[0], ": ")))
		s->new_call = xstrdup(colon + 2);
	if (parts.nr > 1 && starts_with(parts.items[1], "kfree() "))
		s->where = readable_lines(parts.items[1] + strlen("kfree() "));
	for (size_t i = 2; i < parts.nr; i++)
		string_list_append(&s->notes, parts.items[i]);
	if (parts.nr && starts_with(parts.items[0], "plain buffer in ") &&
	    (colon = strstr(parts.items[0], ": "))) {
		const char *what = parts.items[0] + strlen("plain buffer in ");

		s->holder = xstrfmt("the buffer in %.*s", (int)(colon - what), what);
	} else if (s->var) {
		s->holder = xstrfmt("its buffer '%s'", s->var);
	} else {
		s->holder = xstrdup("a buffer");
	}
	if (s->var && !series_function_body(source, s->f->row.function, &body, &body_len))
		series_buffer_uses(body, body_len, s->var, &s->uses);
	string_list_clear(&parts);
}

static void read_memdup_site(struct site *s, const struct string_list *added)
{
	struct string_list parts = STRING_LIST_INIT;
	const char *at = NULL;

	s->old_call = first_call(s->f->row.code, slab_allocs, &at);
	s->var = s->old_call ? assigned_to(s->f->row.code, at) : NULL;
	for (size_t i = 0; i < added->nr && s->var && !s->new_call; i++) {
		char *c = first_call(added->items[i], helpers, &at);
		char *lhs = c ? assigned_to(added->items[i], at) : NULL;

		if (c && lhs && !strcmp(lhs, s->var))
			s->new_call = c;
		else
			free(c);
		free(lhs);
	}
	message_parts(s->f->row.message, &parts);
	for (size_t i = 0; i < parts.nr; i++) {
		const char *open = strrchr(parts.items[i], '(');

		/* The rule's remarks close its message: "... (the copy overwrites the zeroing)". */
		if (open && ends_with(parts.items[i], ")") && strchr(open, ' '))
			string_list_append_nodup(&s->notes, xstrndup(open + 1,
								      strlen(open + 1) - 1));
	}
	string_list_clear(&parts);
}

static const char *helper_name(const char *call)
{
	for (const char *const *h = helpers; *h; h++)
		if (call && starts_with(call, *h) && call[strlen(*h)] == '(')
			return *h;
	return "memdup_user";
}

/* The function a call calls, in a static buffer: for comparisons. */
static const char *call_name_static(const char *call)
{
	static char name[2][64];
	static int which;
	const char *paren = call ? strchr(call, '(') : NULL;
	size_t n = paren ? (size_t)(paren - call) : 0;

	which ^= 1;
	if (n >= sizeof(name[which]))
		n = sizeof(name[which]) - 1;
	memcpy(name[which], call ? call : "", n);
	name[which][n] = '\0';
	return name[which];
}

static char *call_name(const char *call)
{
	const char *paren = call ? strchr(call, '(') : NULL;

	return paren ? xstrndup(call, (size_t)(paren - call)) : xstrdup("kmalloc");
}

/* How the new code handles the helper's failure, from the added lines. */
static char *failure_phrase(const struct string_list *added, const char *var)
{
	char *ret_line = xstrfmt("return PTR_ERR(%s);", var);
	char *assign = xstrfmt("= PTR_ERR(%s);", var);
	char *phrase = NULL;

	for (size_t i = 0; i < added->nr && !phrase; i++) {
		const char *l = added->items[i];

		while (isspace((unsigned char)*l))
			l++;
		if (!strcmp(l, ret_line)) {
			phrase = xstrfmt("returns PTR_ERR(%s) when IS_ERR(%s)", var, var);
		} else if (ends_with(l, assign)) {
			phrase = xstrfmt("stores PTR_ERR(%s) in %.*s and leaves by its old error "
					 "path", var, (int)(strlen(l) - strlen(assign) - 1), l);
		}
	}
	if (!phrase)
		phrase = xstrfmt("checks IS_ERR(%s) and passes PTR_ERR(%s) on", var, var);
	free(ret_line);
	free(assign);
	return phrase;
}

static const char *flags_of(const char *call, size_t nr_args, char **owned)
{
	*owned = arg_of(call, nr_args - 1);
	return *owned ? *owned : "";
}

/* "'tmp'": a variable named in prose. */
static char *quoted(const char *var)
{
	return var ? xstrfmt("'%s'", var) : xstrdup("the buffer");
}

/* The distinct functions of the sites, "f()" each. */
static void site_functions(const struct site *sites, size_t nr, struct string_list *out)
{
	for (size_t i = 0; i < nr; i++) {
		char *fn = xstrfmt("%s()", sites[i].f->row.function);

		if (!string_list_has(out, fn))
			string_list_append(out, fn);
		free(fn);
	}
}

/* "d_path() builds a path name in it and copy_to_user() copies out of it" */
static void add_uses(struct strbuf *out, const struct site *s)
{
	struct string_list clauses = STRING_LIST_INIT;

	for (size_t u = 0; u < s->uses.nr; u++)
		string_list_append_nodup(&clauses, use_clause(s->uses.items[u]));
	add_list(out, &clauses);
	string_list_clear(&clauses);
}

/* Lines calling fn (as a whole word: "free_page" is not "__get_free_page"). */
static size_t count_frees(const struct string_list *l, const char *fn)
{
	size_t n = 0;

	for (size_t i = 0; i < l->nr; i++) {
		const char *at = find_word(l->items[i], fn);

		n += at && (at == l->items[i] || at[-1] != '_');
	}
	return n;
}

/* Casts between unsigned long and pointers the patch removes. */
static size_t casts_dropped(const struct string_list *removed, const struct string_list *added)
{
	static const char *const casts[] = { "(unsigned long)", "(char *)", "(void *)" };
	size_t before = 0, after = 0;

	for (size_t i = 0; i < ARRAY_SIZE(casts); i++) {
		before += count_containing(removed, casts[i]);
		after += count_containing(added, casts[i]);
	}
	return before > after ? before - after : 0;
}

static void pagealloc_text(const struct series_patch *p, struct site *sites, size_t nr,
			   const struct string_list *removed, const struct string_list *added,
			   struct strbuf *body)
{
	struct strbuf para = STRBUF_INIT;
	struct string_list fns = STRING_LIST_INIT, changes = STRING_LIST_INIT;
	struct string_list held = STRING_LIST_INIT;
	size_t casts = casts_dropped(removed, added);
	size_t nr_frees = count_frees(removed, "free_page") + count_frees(removed, "free_pages");
	const char *freefn = count_frees(removed, "free_pages") ? "free_pages()" : "free_page()";
	const char *base = strrchr(p->file, '/') ? strrchr(p->file, '/') + 1 : p->file;
	bool same_call = true;

	site_functions(sites, nr, &fns);
	for (size_t i = 0; i < nr; i++) {
		char *q = quoted(sites[i].var);

		string_list_append_nodup(&held, xstrfmt("%s in %s()", q, sites[i].f->row.function));
		free(q);
		if (!sites[i].new_call || !sites[0].new_call ||
		    strcmp(sites[i].new_call, sites[0].new_call))
			same_call = false;
	}

	/* What the code allocates and what it does with it. */
	if (nr == 1) {
		struct site *s = &sites[0];
		char *size = arg_of(s->new_call, 0), *amount = size_phrase(size);
		char *q = quoted(s->var);

		strbuf_addf(&para, "%s() takes %s from the page allocator for %s with %s",
			    s->f->row.function, amount, s->holder,
			    s->old_call ? s->old_call : "the page allocator");
		if (s->where)
			strbuf_addf(&para, " and gives it back %s", s->where);
		strbuf_addstr(&para, ".");
		if (s->uses.nr) {
			strbuf_addf(&para, " In between, %s is plain memory to %s(): ", q,
				    s->f->row.function);
			add_uses(&para, s);
			strbuf_addstr(&para, ".");
		}
		add_paragraph(body, para.buf);
		free(size);
		free(amount);
		free(q);
	} else {
		strbuf_addf(&para, "These functions of %s take memory from the page allocator for "
			    "plain buffers:", base);
		add_paragraph(body, para.buf);
		strbuf_setlen(body, body->len - 1);
		for (size_t i = 0; i < nr; i++) {
			struct site *s = &sites[i];
			char *size = arg_of(s->new_call, 0), *amount = size_phrase(size);
			char *q = quoted(s->var);

			strbuf_reset(&para);
			strbuf_addf(&para, "%s(): %s, %s from %s", s->f->row.function, q, amount,
				    s->old_call ? s->old_call : "the page allocator");
			if (s->where)
				strbuf_addf(&para, ", given back %s", s->where);
			if (s->uses.nr) {
				strbuf_addstr(&para, "; ");
				add_uses(&para, s);
			}
			strbuf_addstr(&para, ".");
			add_item(body, para.buf);
			free(size);
			free(amount);
			free(q);
		}
		strbuf_addch(body, '\n');
	}
	strbuf_reset(&para);

	/* Why the page allocator is not needed. */
	if (nr == 1) {
		char *q = quoted(sites[0].var);

		strbuf_addf(&para, "Nothing %s() does with %s needs memory that only the page "
			    "allocator gives: %s is never mapped to user space, handed to a device "
			    "for DMA or put in a scatterlist, never turned into a struct page or a "
			    "physical address, and never given other page attributes with "
			    "set_memory_*().", sites[0].f->row.function, q, q);
		free(q);
	} else {
		strbuf_addstr(&para, "Nothing ");
		add_list(&para, &fns);
		strbuf_addstr(&para, " do with these buffers needs memory that only the page "
			      "allocator gives: none of them is mapped to user space, handed to a "
			      "device for DMA or put in a scatterlist, turned into a struct page "
			      "or a physical address, or given other page attributes with "
			      "set_memory_*().");
	}
	add_paragraph(body, para.buf);
	strbuf_reset(&para);

	/*
	 * The change, and what it keeps: one clause per new call, naming every buffer that
	 * gets it (two sites with the same call and zeroing must not make the clause twice).
	 */
	for (size_t i = 0; i < nr; i++) {
		struct site *s = &sites[i];
		char *owned = NULL;
		const char *flags = s->new_call ? flags_of(s->new_call, 2, &owned) : "";
		char *newfn = call_name(s->new_call);
		struct string_list who = STRING_LIST_INIT;
		struct strbuf c = STRBUF_INIT;
		bool zeroes = !strcmp(newfn, "kzalloc") && s->old_call &&
			starts_with(s->old_call, "get_zeroed_page");
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = !strcmp(sites[j].new_call ? sites[j].new_call : "",
				       s->new_call ? s->new_call : "");
		if (seen)
			goto next;
		for (size_t j = i; j < nr; j++)
			if (!strcmp(sites[j].new_call ? sites[j].new_call : "",
				    s->new_call ? s->new_call : ""))
				string_list_append(&who, nr > 1 ? held.items[j] : "");
		if (same_call && nr > 1)
			strbuf_addf(&c, "all %zu buffers come from %s", nr, s->new_call);
		else if (nr == 1)
			strbuf_addf(&c, "'%s' comes from %s", s->var ? s->var : "the buffer",
				    s->new_call ? s->new_call : newfn);
		else {
			add_list(&c, &who);
			strbuf_addf(&c, " come%s from %s", who.nr > 1 ? "" : "s",
				    s->new_call ? s->new_call : newfn);
		}
		if (zeroes)
			strbuf_addf(&c, ", which zeroes %s as get_zeroed_page() did",
				    who.nr > 1 || (same_call && nr > 1) ? "them" : "it");
		else if (*flags && strcmp(flags, "GFP_KERNEL"))
			strbuf_addf(&c, ", still with %s", flags);
		string_list_append_nodup(&changes, strbuf_detach(&c, NULL));
next:
		string_list_clear(&who);
		strbuf_release(&c);
		free(owned);
		free(newfn);
	}
	strbuf_addstr(&para, "With this patch, ");
	add_list(&para, &changes);
	strbuf_addstr(&para, ".");
	string_list_clear(&changes);
	if (nr_frees) {
		if (sites[0].where && nr == 1)
			string_list_append_nodup(&changes, xstrfmt("%s %s becomes kfree()", freefn,
								   sites[0].where));
		else
			string_list_append_nodup(&changes, xstrfmt("the %zu %s calls become "
				"kfree()",
								   nr_frees, freefn));
	}
	if (casts)
		string_list_append_nodup(&changes, xstrfmt("%zu cast%s between unsigned long and "
							   "a pointer go%s away", casts,
							   casts == 1 ? "" : "s",
							   casts == 1 ? "es" : ""));
	if (changes.nr) {
		strbuf_addstr(&para, " In the same change, ");
		add_list(&para, &changes);
		strbuf_addstr(&para, ".");
	}
	if (nr == 1)
		strbuf_addf(&para, " Slab debugging and kmemleak, which do not track "
			    "page-allocator memory, then cover %s too.", held.items[0]);
	else
		strbuf_addstr(&para, " Slab debugging and kmemleak, which do not track "
			      "page-allocator memory, then cover these buffers too.");
	add_paragraph(body, para.buf);
	strbuf_reset(&para);

	/* What was checked. */
	if (nr == 1) {
		char *q = quoted(sites[0].var);

		strbuf_addf(&para, "The rule followed %s through "
			"%s()", q, sites[0].f->row.function);
		if (sites[0].where)
			strbuf_addf(&para, " and paired its allocation with every free of it (%s)",
				    sites[0].where);
		strbuf_addstr(&para, ".");
		free(q);
	} else {
		struct string_list wheres = STRING_LIST_INIT;

		for (size_t i = 0; i < nr; i++)
			if (sites[i].where)
				string_list_append_nodup(&wheres,
							 xstrfmt("%s in %s()", sites[i].where,
								 sites[i].f->row.function));
		strbuf_addstr(&para, "The rule followed each buffer through its function and "
			      "paired its allocation with every free of it");
		if (wheres.nr) {
			strbuf_addstr(&para, " (");
			add_list(&para, &wheres);
			strbuf_addstr(&para, ")");
		}
		strbuf_addstr(&para, ".");
		string_list_clear(&wheres);
	}
	for (size_t i = 0; i < nr; i++) {
		struct site *s = &sites[i];
		char *q = quoted(s->var);

		for (size_t n = 0; n < s->notes.nr; n++) {
			const char *note = s->notes.items[n];

			if (starts_with(note, "unsigned long ") && strstr(note, " becomes "))
				strbuf_addf(&para, " In %s(), %s changes type: %s.",
					    s->f->row.function, q, note);
			else
				strbuf_addf(&para, " For %s in %s() it also found that %s.", q,
					    s->f->row.function, note);
		}
		free(q);
	}
	add_paragraph(body, para.buf);
	strbuf_release(&para);
	string_list_clear(&fns);
	string_list_clear(&changes);
	string_list_clear(&held);
}

/* The allocation flags of a site's old call ("GFP_KERNEL"), or its function's name. */
static char *old_flags(const struct site *s)
{
	char *flags = s->old_call ? arg_of(s->old_call, 1) : NULL;

	return flags ? flags : call_name(s->old_call);
}

/*
 * What the helper changes in the allocations: one sentence for each helper and former
 * flags, naming the buffers concerned.
 */
static void add_alloc_notes(struct strbuf *para, const struct site *sites, size_t nr, bool nul)
{
	bool *done = xcalloc(nr + 1, sizeof(*done));

	for (size_t i = 0; i < nr; i++) {
		struct string_list vars = STRING_LIST_INIT;
		const char *helper = helper_name(sites[i].new_call);
		char *flags = old_flags(&sites[i]);
		struct strbuf list = STRBUF_INIT;

		if (done[i]) {
			free(flags);
			continue;
		}
		for (size_t j = i; j < nr; j++) {
			char *other = old_flags(&sites[j]);

			if (!done[j] && !strcmp(helper_name(sites[j].new_call), helper) &&
			    !strcmp(other, flags)) {
				done[j] = true;
				string_list_append_nodup(&vars, quoted(sites[j].var));
			}
			free(other);
		}
		add_list(&list, &vars);
		if (nul && !strcmp(flags, "GFP_USER"))
			strbuf_addf(para, " The allocation of %s moves from GFP_USER to "
				    "GFP_KERNEL, which differ only in __GFP_HARDWALL (keeping user "
				    "memory in the task's cpuset).", list.buf);
		if (!nul && !strcmp(helper, "memdup_user"))
			strbuf_addf(para, " memdup_user() allocates %s with GFP_USER | "
				    "__GFP_NOWARN instead of %s: the memory stays within the "
				    "task's cpuset and a failed allocation only returns -ENOMEM, "
				    "without a warning.",
				    list.buf, flags);
		if (!nul && !strcmp(helper, "vmemdup_user"))
			strbuf_addf(para, " vmemdup_user() allocates %s with kvmalloc(..., "
				    "GFP_USER) instead of %s, and kvfree() still frees "
				    "%s.", list.buf, flags,
				    vars.nr > 1 ? "them" : "it");
		strbuf_release(&list);
		string_list_clear(&vars);
		free(flags);
	}
	free(done);
}

/* The rule's remarks about one site. */
static void add_site_notes(struct strbuf *para, const struct site *s)
{
	const char *helper = helper_name(s->new_call);
	char *oldfn = call_name(s->old_call), *q = quoted(s->var);

	for (size_t n = 0; n < s->notes.nr; n++) {
		const char *note = s->notes.items[n];

		if (strstr(note, "zeroing only supplied the NUL"))
			strbuf_addf(para, " %s() zeroed %s only to supply the terminator, which "
				    "%s() stores itself.", oldfn, q, helper);
		else if (strstr(note, "overwrites the zeroing"))
			strbuf_addf(para, " The copy overwrote every byte %s() zeroed in %s, so "
				    "nothing is lost.", oldfn, q);
		else if (strstr(note, "terminator"))
			strbuf_addf(para, " %s() goes on terminating %s itself, as before (%s).",
				    s->f->row.function, q, note);
		else
			strbuf_addf(para, " The rule notes for %s: %s.", q, note);
	}
	free(oldfn);
	free(q);
}

static void memdup_text(const struct series_patch *p, struct site *sites, size_t nr,
			const struct string_list *removed, const struct string_list *added,
			struct strbuf *body)
{
	struct strbuf para = STRBUF_INIT;
	struct string_list fns = STRING_LIST_INIT, used = STRING_LIST_INIT;
	bool nul = !strcmp(p->rule, "memdup-user-nul");
	const char *base = strrchr(p->file, '/') ? strrchr(p->file, '/') + 1 : p->file;

	site_functions(sites, nr, &fns);
	if (nr > 1) {
		for (size_t i = 0; i < nr; i++) {
			char *h = xstrfmt("%s()", helper_name(sites[i].new_call));

			if (!string_list_has(&used, h))
				string_list_append(&used, h);
			free(h);
		}
		strbuf_addf(&para, "These functions of %s open-code ", base);
		add_list(&para, &used);
		strbuf_addf(&para, ": each allocates a buffer, fills it from user space with "
			    "copy_from_user() and frees it again if the copy faults%s:",
			    nul ? ", and NUL-terminates it" : "");
		add_paragraph(body, para.buf);
		strbuf_setlen(body, body->len - 1);
	}
	for (size_t i = 0; i < nr; i++) {
		struct site *s = &sites[i];
		const char *var = s->var ? s->var : "buf";
		const char *helper = helper_name(s->new_call);
		char *src = arg_of(s->new_call, 0), *len = arg_of(s->new_call, 1);
		char *oldfn = call_name(s->old_call), *q = quoted(s->var);
		char *failure = failure_phrase(added, var);
		char *nul_store = xstrfmt("%s[%s] = '\\0';", var, len ? len : "");
		bool stores_nul = count_containing(removed, nul_store) > 0;
		bool vfree = count_containing(removed, "kvfree(") > 0;

		strbuf_reset(&para);
		if (nr > 1) {
			strbuf_addf(&para, "%s(): %s from %s, filled from %s; it now calls %s and "
				    "%s.", s->f->row.function, q, s->old_call ? s->old_call : oldfn,
				    src ? src : "user space", s->new_call ? s->new_call : helper,
				    failure);
			add_item(body, para.buf);
			goto next;
		}
		if (nul) {
			strbuf_addf(&para, "%s() copies %s bytes from %s into %s, which it "
				    "allocates with %s; it frees %s again if copy_from_user() "
				    "faults",
				    s->f->row.function, len ? len : "a count of",
				    src ? src : "user space", q, s->old_call ? s->old_call : oldfn,
				    q);
			if (stores_nul)
				strbuf_addf(&para, ", and terminates the string with "
					"%s", nul_store);
			strbuf_addf(&para, ". %s does exactly this: it allocates %s + 1 bytes with "
				    "GFP_KERNEL, copies, stores the NUL and returns "
				    "ERR_PTR(-ENOMEM) or "
				    "ERR_PTR(-EFAULT).", s->new_call ? s->new_call : helper,
				    len ? len : "count");
		} else {
			strbuf_addf(&para, "%s() allocates %s with %s and fills all %s bytes of it "
				    "from %s with copy_from_user(), freeing it with %s() if the "
				    "copy faults. %s does the same in one call and returns "
				    "ERR_PTR(-ENOMEM) or ERR_PTR(-EFAULT).", s->f->row.function, q,
				    s->old_call ? s->old_call : oldfn, len ? len : "its",
				    src ? src : "user space", vfree ? "kvfree" : "kfree",
				    s->new_call ? s->new_call : helper);
		}
		strbuf_addf(&para, " With it, %s() %s, so its callers get the -ENOMEM and -EFAULT "
			    "they got before.", s->f->row.function, failure);
		add_alloc_notes(&para, s, 1, nul);
		add_site_notes(&para, s);
		add_paragraph(body, para.buf);
next:
		free(src);
		free(len);
		free(oldfn);
		free(q);
		free(failure);
		free(nul_store);
	}
	strbuf_reset(&para);
	if (nr > 1) {
		strbuf_addch(body, '\n');
		add_list(&para, &used);
		strbuf_addf(&para, " %s the same in one call and return%s ERR_PTR(-ENOMEM) or "
			    "ERR_PTR(-EFAULT), so the callers of ", used.nr > 1 ? "do" : "does",
			    used.nr > 1 ? "" : "s");
		add_list(&para, &fns);
		strbuf_addstr(&para, " get the -ENOMEM and -EFAULT they got before.");
		add_alloc_notes(&para, sites, nr, nul);
		for (size_t i = 0; i < nr; i++)
			add_site_notes(&para, &sites[i]);
		add_paragraph(body, para.buf);
		strbuf_reset(&para);
		strbuf_addstr(&para, "For each buffer, the rule checked that ");
		add_list(&para, &fns);
		strbuf_addstr(&para, " test the allocation right before the copy and do not touch "
			      "the buffer in between, return -ENOMEM when the allocation fails, "
			      "and on a faulting copy free the buffer and then do what the "
			      "allocation failure does, with -EFAULT.");
	} else {
		char *q = quoted(sites[0].var);

		strbuf_addf(&para, "The rule checked that %s() tests the allocation of %s right "
			    "before the copy and does not touch it in between, returns -ENOMEM "
			    "when the allocation fails, and on a faulting copy frees %s and then "
			    "does what the allocation failure does, with -EFAULT.",
			    sites[0].f->row.function, q, q);
		free(q);
	}
	add_paragraph(body, para.buf);
	strbuf_release(&para);
	string_list_clear(&fns);
	string_list_clear(&used);
}

static bool fits(const char *prefix, const char *rest)
{
	return strlen(prefix) + 2 + strlen(rest) <= SUBJECT_MAX;
}

static void call_names(const struct site *sites, size_t nr, bool old, struct string_list *out);

/*
 * The subject, in the form the subsystems' own commits use: "proc: replace
 * __get_free_page() with kmalloc()", "ext4: use memdup_user() in foo()".
 */
static char *make_subject(const char *prefix, const struct series_patch *p,
			  const struct site *sites, size_t nr)
{
	const struct site *s = &sites[0];
	const char *fn = s->f->row.function;
	char *ret = NULL;
	char *candidates[4] = { NULL, NULL, NULL, NULL };
	bool one_function = true;

	for (size_t i = 1; i < nr; i++)
		one_function &= !strcmp(sites[i].f->row.function, fn);
	if (!strcmp(p->rule, "pagealloc-kmalloc")) {
		struct string_list olds = STRING_LIST_INIT, news = STRING_LIST_INIT;
		struct strbuf c = STRBUF_INIT;

		call_names(sites, nr, true, &olds);
		call_names(sites, nr, false, &news);
		if (!news.nr)
			string_list_append(&news, "kmalloc()");
		strbuf_addstr(&c, "replace ");
		add_list(&c, &olds);
		strbuf_addstr(&c, " with ");
		add_list(&c, &news);
		candidates[0] = strbuf_detach(&c, NULL);
		strbuf_addstr(&c, "use ");
		add_list(&c, &news);
		strbuf_addstr(&c, " for plain buffers");
		candidates[1] = strbuf_detach(&c, NULL);
		if (one_function) {
			candidates[2] = xstrfmt("use %s in %s()", news.items[0], fn);
			candidates[3] = xstrfmt("%s(): use %s", fn, news.items[0]);
		}
		string_list_clear(&olds);
		string_list_clear(&news);
	} else if (!one_function) {
		candidates[0] = xstrfmt("use %s()", helper_name(s->new_call));
	} else {
		candidates[0] = xstrfmt("use %s() in %s()", helper_name(s->new_call), fn);
		candidates[1] = xstrfmt("%s(): use %s()", fn, helper_name(s->new_call));
	}
	for (size_t i = 0; i < ARRAY_SIZE(candidates) && !ret; i++)
		if (candidates[i] && fits(prefix, candidates[i]))
			ret = xstrfmt("%s: %s", prefix, candidates[i]);
	if (!ret) {
		/* Nothing fits: the shortest. */
		size_t best = 0;

		for (size_t i = 1; i < ARRAY_SIZE(candidates); i++)
			if (candidates[i] && strlen(candidates[i]) < strlen(candidates[best]))
				best = i;
		ret = xstrfmt("%s: %s", prefix, candidates[best]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(candidates); i++)
		free(candidates[i]);
	return ret;
}

/* Lines of text, as a reader counts them: the non-blank ones. */
static size_t text_lines(const char *text)
{
	size_t n = 0;

	for (const char *l = text; *l;) {
		size_t len = strcspn(l, "\n");

		n += len > 0;
		l += len + (l[len] == '\n');
	}
	return n;
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

		if (*p == ' ' && p[1] == '(' && (end = group_end(p + 1)) &&
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

/* "a()", "b()": the distinct functions of calls, in order. */
static void call_names(const struct site *sites, size_t nr, bool old, struct string_list *out)
{
	for (size_t i = 0; i < nr; i++) {
		const char *call = old ? sites[i].old_call : sites[i].new_call;
		char *name;

		if (!call)
			continue;
		name = xstrfmt("%s()", call_name_static(call));
		if (!string_list_has(out, name))
			string_list_append(out, name);
		free(name);
	}
}

/* The distinct calls the buffers are handed to, at most max: "d_path()", ... */
static void use_names(const struct site *sites, size_t nr, size_t max, struct string_list *out)
{
	for (size_t i = 0; i < nr; i++)
		for (size_t u = 0; u < sites[i].uses.nr && out->nr < max; u++) {
			const char *use = sites[i].uses.items[u];
			char *name = xstrfmt("%.*s()", (int)strcspn(use, ":"), use);

			if (!string_list_has(out, name))
				string_list_append(out, name);
			free(name);
		}
}

/*
 * The commit message of a pagealloc-kmalloc patch: what the code uses the page for, the
 * evidence that it needs no page (the rule's checks), and the change. detail 0 names the
 * calls the buffers go to, 1 does not, 2 leaves the rule's remarks to the notes, 3 counts
 * the functions instead of naming them.
 */
static void pagealloc_message(const struct series_patch *p, const struct site *sites,
			      size_t nr, int detail, struct strbuf *out)
{
	struct string_list fns = STRING_LIST_INIT, olds = STRING_LIST_INIT;
	struct string_list news = STRING_LIST_INIT, uses = STRING_LIST_INIT;
	struct strbuf para = STRBUF_INIT;
	const char *base = strrchr(p->file, '/') ? strrchr(p->file, '/') + 1 : p->file;
	bool zeroed = false, same_new = true;
	const char *it = nr > 1 ? "them" : "it";

	site_functions(sites, nr, &fns);
	call_names(sites, nr, true, &olds);
	for (size_t i = 0; i < nr; i++) {
		const char *c = sites[i].new_call ? sites[i].new_call : "kmalloc()";

		if (!string_list_has(&news, c))
			string_list_append(&news, c);
		zeroed |= sites[i].old_call && starts_with(sites[i].old_call, "get_zeroed_page");
		same_new &= !strcmp(c, sites[0].new_call ? sites[0].new_call : "kmalloc()");
	}
	if (!detail)
		use_names(sites, nr, 4, &uses);
	if (detail < 3 || fns.nr == 1)
		add_list(&para, &fns);
	else
		strbuf_addf(&para, "%zu functions of %s", fns.nr, base);
	strbuf_addf(&para, " use%s ", fns.nr > 1 ? "" : "s");
	add_list(&para, &olds);
	strbuf_addstr(&para, " memory as a plain buffer");
	if (uses.nr) {
		strbuf_addstr(&para, " for ");
		add_list(&para, &uses);
	}
	strbuf_addf(&para, ": nothing maps %s, hands %s to DMA or turns %s into a struct page, "
		    "and only free_page() frees %s.", it, it, it, it);
	add_paragraph(out, para.buf);
	strbuf_reset(&para);
	strbuf_addf(&para, "Allocate %s with ", it);
	if (same_new)
		strbuf_addstr(&para, news.items[0]);
	else
		add_list(&para, &news);
	strbuf_addf(&para, " and free %s with kfree() instead", it);
	if (zeroed)
		strbuf_addf(&para, " (kzalloc() zeroes as get_zeroed_page() did)");
	strbuf_addf(&para, ", so that slab debugging and kmemleak cover %s.", it);
	for (size_t i = 0; detail < 2 && i < nr; i++)
		for (size_t n = 0; n < sites[i].notes.nr; n++) {
			char *note;

			if (!strstr(sites[i].notes.items[n], "align"))
				continue;
			note = series_strip_lines(sites[i].notes.items[n]);
			strbuf_addf(&para, " For '%s', %s.", sites[i].var ? sites[i].var : "it",
				    note);
			free(note);
		}
	add_paragraph(out, para.buf);
	strbuf_release(&para);
	string_list_clear(&fns);
	string_list_clear(&olds);
	string_list_clear(&news);
	string_list_clear(&uses);
}

/* The commit message of a memdup-user(-nul) patch: what the code open-codes, the change. */
static void memdup_message(const struct series_patch *p, const struct site *sites, size_t nr,
			   int detail, struct strbuf *out)
{
	struct string_list fns = STRING_LIST_INIT, helpers_used = STRING_LIST_INIT;
	struct string_list flags = STRING_LIST_INIT;
	struct strbuf para = STRBUF_INIT;
	bool nul = !strcmp(p->rule, "memdup-user-nul");
	const char *base = strrchr(p->file, '/') ? strrchr(p->file, '/') + 1 : p->file;

	site_functions(sites, nr, &fns);
	for (size_t i = 0; i < nr; i++) {
		char *h = xstrfmt("%s()", helper_name(sites[i].new_call));
		char *f = old_flags(&sites[i]);

		if (!string_list_has(&helpers_used, h))
			string_list_append(&helpers_used, h);
		if (!string_list_has(&flags, f))
			string_list_append(&flags, f);
		free(h);
		free(f);
	}
	if (detail < 2 || fns.nr == 1)
		add_list(&para, &fns);
	else
		strbuf_addf(&para, "%zu functions of %s", fns.nr, base);
	strbuf_addf(&para, " open-code%s ", fns.nr > 1 ? "" : "s");
	add_list(&para, &helpers_used);
	if (nul) {
		/* The count as the code names it, when every site names it alike. */
		char *len = arg_of(sites[0].new_call, 1);

		for (size_t i = 1; i < nr && len; i++) {
			char *other = arg_of(sites[i].new_call, 1);

			if (!other || strcmp(other, len)) {
				free(len);
				len = NULL;
			}
			free(other);
		}
		strbuf_addf(&para, ": allocate %s + 1 bytes, copy %s bytes from user space and "
			    "store the NUL, with -ENOMEM and -EFAULT (the buffer freed) on "
			    "failure.", len ? len : "count", len ? len : "count");
		free(len);
	} else {
		strbuf_addstr(&para, ": allocate a buffer and fill all of it from user space, "
			      "with -ENOMEM and -EFAULT (the buffer freed) on failure.");
	}
	add_paragraph(out, para.buf);
	strbuf_reset(&para);
	strbuf_addstr(&para, "Call ");
	add_list(&para, &helpers_used);
	strbuf_addstr(&para, " instead and pass its error on with PTR_ERR(); callers get the "
		      "same error codes.");
	if (nul && string_list_has(&flags, "GFP_USER"))
		strbuf_addstr(&para, " The allocation moves from GFP_USER to GFP_KERNEL, which "
			      "differ only in __GFP_HARDWALL.");
	if (!nul && string_list_has(&helpers_used, "memdup_user()"))
		strbuf_addstr(&para, " memdup_user() allocates with GFP_USER | __GFP_NOWARN, so "
			      "the buffer stays in the task's cpuset and a large request fails "
			      "without a warning.");
	add_paragraph(out, para.buf);
	strbuf_release(&para);
	string_list_clear(&fns);
	string_list_clear(&helpers_used);
	string_list_clear(&flags);
}

/* The shortest message detail that keeps the text within MESSAGE_LINES_MAX lines. */
static void short_message(const struct series_patch *p, const struct site *sites, size_t nr,
			  struct strbuf *out)
{
	for (int detail = 0; detail < 4; detail++) {
		strbuf_reset(out);
		if (!strcmp(p->rule, "pagealloc-kmalloc"))
			pagealloc_message(p, sites, nr, detail, out);
		else
			memdup_message(p, sites, nr, detail, out);
		if (text_lines(out->buf) + 1 <= MESSAGE_LINES_MAX)
			break;
	}
}

char *series_site_buffer(const struct series_finding *f, bool *local)
{
	const char *at = NULL;
	char *call = first_call(f->row.code, page_allocs, &at);
	char *var = call ? assigned_to(f->row.code, at) : NULL;

	free(call);
	*local = var && !strchr(var, '>') && !strchr(var, '.') &&
		starts_with(f->row.message, "plain buffer:");
	return var;
}

void series_patch_text(const struct series_context *ctx, struct series_patch *p,
		       const struct series_finding *findings, const char *source)
{
	struct site *sites = xcalloc(p->nr_members, sizeof(*sites));
	struct string_list removed = STRING_LIST_INIT, added = STRING_LIST_INIT;
	struct strbuf body = STRBUF_INIT, notes = STRBUF_INIT;

	diff_sides(p->diff.diff.buf, &removed, &added);
	for (size_t i = 0; i < p->nr_members; i++) {
		sites[i].f = &findings[p->members[i]];
		if (!strcmp(p->rule, "pagealloc-kmalloc"))
			read_pagealloc_site(&sites[i], source);
		else
			read_memdup_site(&sites[i], &added);
	}
	/* The evidence, site by site, goes below the "---" line. */
	if (!strcmp(p->rule, "pagealloc-kmalloc"))
		pagealloc_text(p, sites, p->nr_members, &removed, &added, &notes);
	else
		memdup_text(p, sites, p->nr_members, &removed, &added, &notes);
	strbuf_rtrim(&notes);
	strbuf_addch(&notes, '\n');
	short_message(p, sites, p->nr_members, &body);
	{
		char *credit = xstrfmt("Found with whichalloc's Coccinelle rule %s.", p->rule);

		add_paragraph(&body, credit);
		free(credit);
	}
	strbuf_addf(&body, "Signed-off-by: %s <%s>\n", ctx->author->name, ctx->author->email);
	free(p->subject);
	p->subject = make_subject(p->prefix, p, sites, p->nr_members);
	free(p->body);
	p->body = strbuf_detach(&body, NULL);
	free(p->notes);
	p->notes = strbuf_detach(&notes, NULL);
	for (size_t i = 0; i < p->nr_members; i++)
		site_clear(&sites[i]);
	free(sites);
	string_list_clear(&removed);
	string_list_clear(&added);
}

static const char *rule_helper(const char *rule)
{
	if (!strcmp(rule, "pagealloc-kmalloc"))
		return "kmalloc()";
	if (!strcmp(rule, "memdup-user-nul"))
		return "memdup_user_nul()";
	return "memdup_user()";
}

static const char *left_alone_reason(const struct series_finding *f, struct strbuf *buf)
{
	strbuf_reset(buf);
	if (!strcmp(f->row.status, "rejected")) {
		strbuf_addf(buf, "rejected in review (%s)", f->review_reason ? f->review_reason :
			    "no reason given");
		if (f->review_note && *f->review_note)
			strbuf_addf(buf, ": %s", f->review_note);
	} else if (!strcmp(f->row.verdict, "keep")) {
		strbuf_addf(buf, "kept: %s", f->row.message);
	} else if (!strcmp(f->row.verdict, "review")) {
		strbuf_addf(buf, "left for a closer look: %s", f->row.message);
	} else {
		return NULL;
	}
	return buf->buf;
}

/*
 * The page allocator's own code: its callers of __get_free_pages() implement the
 * allocator (alloc_pages_exact(), get_zeroed_page(), ...), so they are never a site
 * someone "left alone".
 */
static bool allocator_internal(const struct series_finding *f)
{
	static const char *const files[] = { "mm/page_alloc.c", "mm/mm_init.c",
					     "mm/page_frag_cache.c", NULL };
	static const char *const fns[] = { "alloc_pages_exact", "alloc_pages_exact_nid",
					   "make_alloc_exact", "free_pages_exact",
					   "__get_free_pages", "get_zeroed_page", NULL };

	for (const char *const *p = files; *p; p++)
		if (!strcmp(f->row.file, *p))
			return true;
	for (const char *const *p = fns; *p; p++)
		if (f->row.function && !strcmp(f->row.function, *p))
			return true;
	return false;
}

static bool left_alone(const struct series_context *ctx, const struct series_finding *f)
{
	return !f->in_series && !f->row.fixed_run && f->row.subsystem &&
		!strcmp(f->row.subsystem, ctx->subsystem) && !allocator_internal(f);
}

/* "Left alone on purpose (N sites):" and the list; the count of unreviewed ones. */
static void add_left_alone(const struct series_context *ctx,
			   const struct series_finding *findings, size_t nr_findings,
			   struct strbuf *out)
{
	struct strbuf reason = STRBUF_INIT, para = STRBUF_INIT;
	size_t alone = 0, unreviewed = 0;

	for (size_t i = 0; i < nr_findings; i++) {
		const struct series_finding *f = &findings[i];

		if (!left_alone(ctx, f))
			continue;
		if (left_alone_reason(f, &reason))
			alone++;
		else if (!strcmp(f->row.status, "new"))
			unreviewed++;
	}
	if (alone) {
		strbuf_addf(out, "Left alone on purpose (%zu site%s):\n", alone,
			    alone == 1 ? "" : "s");
		for (size_t i = 0; i < nr_findings; i++) {
			const struct series_finding *f = &findings[i];
			char *item;

			if (!left_alone(ctx, f) || !left_alone_reason(f, &reason))
				continue;
			item = xstrfmt("%s:%lld %s(): %s", f->row.file, f->row.line,
				       f->row.function, reason.buf);
			add_item(out, item);
			free(item);
		}
		strbuf_addch(out, '\n');
	}
	if (unreviewed) {
		strbuf_addf(&para, "%zu more candidate%s in %s %s not been reviewed yet and %s not "
			    "part of this series.", unreviewed, unreviewed == 1 ? "" : "s",
			    ctx->subsystem, unreviewed == 1 ? "has" : "have",
			    unreviewed == 1 ? "is" : "are");
		add_paragraph(out, para.buf);
	}
	strbuf_release(&reason);
	strbuf_release(&para);
}

/* "Changes in v2:" and the user's text, as it is. */
static void add_changes(const struct series_context *ctx, struct strbuf *out)
{
	if (ctx->version < 2)
		return;
	strbuf_addf(out, "Changes in v%d:\n", ctx->version);
	if (ctx->changes && *ctx->changes) {
		strbuf_addstr(out, ctx->changes);
		strbuf_rtrim(out);
		strbuf_addstr(out, "\n\n");
	} else {
		strbuf_addstr(out, "- (not described)\n\n");
	}
}

void series_lone_notes(const struct series_context *ctx, const struct series_patch *p,
		       const struct series_finding *findings, size_t nr_findings,
		       struct strbuf *out)
{
	add_changes(ctx, out);
	strbuf_addstr(out, p->notes ? p->notes : "");
	strbuf_addch(out, '\n');
	add_left_alone(ctx, findings, nr_findings, out);
	while (out->len > 1 && out->buf[out->len - 1] == '\n' && out->buf[out->len - 2] == '\n')
		strbuf_setlen(out, out->len - 1);
}

void series_cover_text(const struct series_context *ctx, const struct series_patch *patches,
		       size_t nr, const struct series_finding *findings, size_t nr_findings,
		       struct strbuf *subject, struct strbuf *blurb)
{
	struct string_list rules = STRING_LIST_INIT, files = STRING_LIST_INIT;
	struct string_list reviewers = STRING_LIST_INIT;
	struct strbuf para = STRBUF_INIT;
	const char *prefix = patches[0].prefix;
	size_t best = 0, sites = 0;

	for (size_t i = 0; i < nr; i++) {
		size_t n = 0;

		if (!string_list_has(&rules, patches[i].rule))
			string_list_append(&rules, patches[i].rule);
		if (!string_list_has(&files, patches[i].file))
			string_list_append(&files, patches[i].file);
		for (size_t j = 0; j < nr; j++)
			n += !strcmp(patches[j].prefix, patches[i].prefix);
		if (n > best) {
			best = n;
			prefix = patches[i].prefix;
		}
		sites += patches[i].nr_members;
		for (size_t m = 0; m < patches[i].nr_members; m++) {
			const char *who = findings[patches[i].members[m]].reviewer;

			if (who && !string_list_has(&reviewers, who))
				string_list_append(&reviewers, who);
		}
	}

	/* Subject: the helpers the series moves to. */
	{
		struct string_list helpers_used = STRING_LIST_INIT;
		struct strbuf what = STRBUF_INIT;

		for (size_t i = 0; i < rules.nr; i++)
			if (!string_list_has(&helpers_used, rule_helper(rules.items[i])))
				string_list_append(&helpers_used, rule_helper(rules.items[i]));
		strbuf_addstr(&what, "use ");
		add_list(&what, &helpers_used);
		if (strlen(prefix) + 2 + what.len + strlen(" for plain buffers") <= SUBJECT_MAX)
			strbuf_addstr(&what, " for plain buffers");
		strbuf_addf(subject, "%s: %s", prefix, what.buf);
		strbuf_release(&what);
		string_list_clear(&helpers_used);
	}

	/* What and why. */
	strbuf_addf(&para, "This series changes %zu site%s in %s, in %zu patch%s (", sites,
		    sites == 1 ? "" : "s", ctx->subsystem, nr, nr == 1 ? "" : "es");
	add_list(&para, &files);
	strbuf_addstr(&para, ").");
	if (string_list_has(&rules, "pagealloc-kmalloc"))
		add_sentence(&para, rules.nr == 1 ? "They take a page" : "Some take a page");
	if (string_list_has(&rules, "pagealloc-kmalloc"))
		strbuf_addstr(&para, " from the page allocator (__get_free_page() "
			     "and its relatives) for a plain buffer that nothing maps, hands to "
			     "DMA or converts to a struct page or physical address; they get "
			     "kmalloc() or kzalloc() and kfree() instead. In his 2015 audit of the "
			     "fs/ users of __get_free_pages() (\"Re: [RFC] free_pages stuff\", "
			     "linux-kernel, 22 Dec 2015), Al Viro found 35 of 38 such callers had "
			     "no reason to use the page allocator, which is not faster than "
			     "kmalloc() either.");
	if (string_list_has(&rules, "memdup-user-nul"))
		add_sentence(&para, rules.nr == 1 ? "They open-code" : "Some open-code");
	if (string_list_has(&rules, "memdup-user-nul"))
		strbuf_addstr(&para, " memdup_user_nul(): allocate count + 1 bytes, "
			     "copy_from_user() count bytes, store a NUL; they call the helper "
			     "instead, with the error codes unchanged.");
	if (string_list_has(&rules, "memdup-user"))
		add_sentence(&para, rules.nr == 1 ? "They open-code" : "Some open-code");
	if (string_list_has(&rules, "memdup-user"))
		strbuf_addstr(&para, " memdup_user() or vmemdup_user(): allocate, "
			     "copy_from_user() the same size, free on a fault; they call the "
			     "helper instead, with the error codes unchanged.");
	add_paragraph(blurb, para.buf);
	strbuf_reset(&para);
	add_changes(ctx, blurb);

	/* The patches. */
	strbuf_addstr(blurb, "The patches:\n");
	for (size_t i = 0; i < nr; i++) {
		struct string_list fns = STRING_LIST_INIT;
		char *item;

		for (size_t m = 0; m < patches[i].nr_members; m++) {
			const char *fn = findings[patches[i].members[m]].row.function;
			char *call = xstrfmt("%s()", fn);

			if (!string_list_has(&fns, call))
				string_list_append(&fns, call);
			free(call);
		}
		strbuf_reset(&para);
		add_list(&para, &fns);
		item = xstrfmt("%zu/%zu %s: %s (rule %s)", i + 1, nr, patches[i].file, para.buf,
			       patches[i].rule);
		add_item(blurb, item);
		free(item);
		string_list_clear(&fns);
	}
	strbuf_addch(blurb, '\n');
	strbuf_reset(&para);

	/* How they were found and reviewed. */
	strbuf_addstr(&para, "The sites were found by whichalloc " WHICHALLOC_VERSION
		      ", which runs a set of Coccinelle semantic patches (here ");
	add_list(&para, &rules);
	strbuf_addf(&para, ") with spatch %s over the tree", ctx->spatch_version ?
		    ctx->spatch_version : "");
	if (ctx->tree_version)
		strbuf_addf(&para, " (Linux %s%s%.12s)", ctx->tree_version,
			    ctx->tree_commit ? " at " : "", ctx->tree_commit ? ctx->tree_commit :
			    "");
	strbuf_addstr(&para, ". A rule proposes a change only where it can show the behaviour "
		      "is kept, and names the reason wherever it keeps the code or wants a "
		      "person to decide. Each change here was then read and accepted by ");
	if (reviewers.nr)
		add_list(&para, &reviewers);
	else
		strbuf_addstr(&para, "a reviewer");
	strbuf_addstr(&para, "; the patches were checked to apply in order");
	if (ctx->checkpatch)
		strbuf_addstr(&para, " and to pass scripts/checkpatch.pl");
	strbuf_addstr(&para, ".");
	add_paragraph(blurb, para.buf);
	strbuf_reset(&para);

	/* The sites left alone. */
	add_left_alone(ctx, findings, nr_findings, blurb);
	/* The blurb ends with one newline; mbox_format_cover() adds the blank line. */
	while (blurb->len > 1 && blurb->buf[blurb->len - 1] == '\n' &&
	       blurb->buf[blurb->len - 2] == '\n')
		strbuf_setlen(blurb, blurb->len - 1);
	strbuf_release(&para);
	string_list_clear(&rules);
	string_list_clear(&files);
	string_list_clear(&reviewers);
}

/* The prefix of one subject: "a: b: text" -> "a: b" (every part one word); NULL if none. */
static char *subject_prefix_of(const char *p, const char *end)
{
	const char *q = p, *prefix_end = NULL;

	while (q < end) {
		const char *sep = memmem(q, (size_t)(end - q), ": ", 2);

		if (!sep || memchr(q, ' ', (size_t)(sep - q)) || sep == q)
			break;
		prefix_end = sep;
		q = sep + 2;
	}
	if (!prefix_end || starts_with(p, "Revert") || starts_with(p, "Merge") ||
	    prefix_end - p > 40)
		return NULL;
	return xstrndup(p, (size_t)(prefix_end - p));
}

/* Count s in seen/counts; returns its index. */
static size_t count_in(struct string_list *seen, size_t **counts, size_t *alloc, char *s)
{
	size_t i;

	for (i = 0; i < seen->nr; i++)
		if (!strcmp(seen->items[i], s))
			break;
	if (i == seen->nr) {
		string_list_append_nodup(seen, s);
		ALLOC_GROW(*counts, seen->nr, *alloc);
		(*counts)[i] = 0;
	} else {
		free(s);
	}
	(*counts)[i]++;
	return i;
}

/* The most counted; among equals, the first seen (the most recent). */
static size_t most_counted(const size_t *counts, size_t nr)
{
	size_t best = 0;

	for (size_t i = 1; i < nr; i++)
		if (counts[i] > counts[best])
			best = i;
	return best;
}

/*
 * The part before the first ": " that the subjects use most ("proc"); then, when at least
 * half of those subjects go on with the same second part, that too ("NTB: ntb_tool").
 */
char *series_prefix_from_log(const char *subjects)
{
	struct string_list tops = STRING_LIST_INIT, fulls = STRING_LIST_INIT;
	size_t *top_counts = NULL, *full_counts = NULL, top_alloc = 0, full_alloc = 0;
	char *ret = NULL;

	for (const char *p = subjects; *p;) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
		char *prefix = subject_prefix_of(p, end);

		if (prefix && !mbox_has_non_ascii(prefix))
			count_in(&tops, &top_counts, &top_alloc,
				 xstrndup(prefix, strcspn(prefix, ":")));
		free(prefix);
		p = nl ? nl + 1 : end;
	}
	if (tops.nr) {
		const char *top = tops.items[most_counted(top_counts, tops.nr)];
		size_t total = top_counts[most_counted(top_counts, tops.nr)];

		for (const char *p = subjects; *p;) {
			const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
			char *prefix = subject_prefix_of(p, end);

			/* "top: second", the first two parts of a subject under top. */
			if (prefix && starts_with(prefix, top) && prefix[strlen(top)] == ':') {
				const char *second = prefix + strlen(top) + 2;

				count_in(&fulls, &full_counts, &full_alloc,
					 xstrfmt("%s: %.*s", top, (int)strcspn(second, ":"),
						 second));
			}
			free(prefix);
			p = nl ? nl + 1 : end;
		}
		if (fulls.nr && 2 * full_counts[most_counted(full_counts, fulls.nr)] >= total)
			ret = xstrdup(fulls.items[most_counted(full_counts, fulls.nr)]);
		else
			ret = xstrdup(top);
	}
	free(top_counts);
	free(full_counts);
	string_list_clear(&tops);
	string_list_clear(&fulls);
	return ret;
}

/* The file's name without its directory and extension: "ntb_tool". */
static char *base_name(const char *file)
{
	const char *slash = strrchr(file, '/'), *b = slash ? slash + 1 : file;
	const char *dot = strrchr(b, '.');

	return xstrndup(b, dot && dot > b ? (size_t)(dot - b) : strlen(b));
}

char *series_prefix_from_path(const char *file)
{
	static const char *const by_dir[] = { "fs/", "security/", "kernel/", "net/", "crypto/",
					      "block/", "sound/", "lib/", NULL };
	const char *slash = strrchr(file, '/');
	char *ret = NULL;

	if (!slash)
		return xstrdup("treewide");
	for (const char *const *d = by_dir; *d && !ret; d++) {
		const char *rest = file + strlen(*d);

		if (!starts_with(file, *d))
			continue;
		/* fs/proc/base.c -> proc; fs/namei.c -> fs (a file directly in the top). */
		if (strchr(rest, '/'))
			ret = xstrndup(rest, strcspn(rest, "/"));
		else
			ret = xstrndup(file, strlen(*d) - 1);
	}
	if (!ret && starts_with(file, "drivers/")) {
		const char *rest = file + strlen("drivers/");
		const char *sub_end = strchr(rest, '/');

		/*
		 * drivers/ntb/test/ntb_tool.c -> "ntb: ntb_tool": the subsystem and the driver
		 * (the file) below it; drivers/char/mem.c -> "char: mem".
		 */
		if (sub_end) {
			char *name = base_name(file);

			ret = xstrfmt("%.*s: %s", (int)(sub_end - rest), rest, name);
			free(name);
		} else {
			ret = xstrdup("drivers");
		}
	}
	if (!ret && (starts_with(file, "mm/") || starts_with(file, "ipc/") ||
		     starts_with(file, "init/")))
		ret = xstrndup(file, strcspn(file, "/"));
	if (!ret) {
		/* Elsewhere, the last directory: arch/x86/kernel/foo.c -> kernel. */
		const char *b = slash;

		while (b > file && b[-1] != '/')
			b--;
		ret = xstrndup(b, (size_t)(slash - b));
	}
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * maintainers.c - parse a kernel MAINTAINERS file and name a file's subsystem the way the
 * kernel's scripts/get_maintainer.pl (as in Linux 6.1) does with
 * "--nogit --nogit-fallback --no-email --no-l --no-keywords --subsystem -f FILE".
 *
 * What get_maintainer.pl does, and therefore what this file does:
 *
 * Reading (read_maintainer_file()): a line "X:<whitespace>value" with X in A-Z is a field;
 * blank lines and lines whose first non-blank character is '#' are dropped; every other line
 * is text. A section is a run of consecutive fields (dropped lines do not interrupt it) and
 * its title is the text line just before the run. Text lines after the last field of a
 * section and before the next title (the file's introduction, for one) belong to nothing.
 *
 * Patterns: F: and X: values become Perl regexes: '.' -> "\.", '*' -> ".*", '?' -> "."; so
 * '*' and '?' DO match across '/'. Other regex characters ("[ch]") keep their meaning. When
 * the converted value names a directory of the tree (Perl's "-d", tested from the tree top)
 * and lacks a trailing '/', one is added. file_match_pattern(): a pattern ending in '/'
 * matches every path it is a prefix of (as a regex anchored only at the start); any other
 * pattern matches a path it is a regex prefix of *with the same number of '/'* (so
 * "include/linux/foo" matches "include/linux/foo.h", and "drivers/" followed by '*' matches
 * only files directly in drivers/). N: values are regexes with Perl's /x flag, searched
 * anywhere in the path. K: matches file contents, not paths: it is ignored here (--no-keywords).
 *
 * Ranking (get_maintainers()): a section with a matching X: pattern is skipped entirely.
 * Otherwise each matching F: line sets the section's score to the pattern's '/' count, plus
 * one unless it ends in '/', or to -1 when it begins with '*'; each matching N: line sets it
 * to 0. The *last* matching line of the section sets the score, not the best one. Sections
 * are listed by decreasing score; between equal scores Perl's order is that of its hash
 * keys, which is randomised per process, so get_maintainer.pl itself answers differently
 * from run to run ("arch/arm/mach-omap1/fb.c" is "OMAP1 SUPPORT" or "ARM SUB-ARCHITECTURES",
 * both "arch/arm/mach-...something.../" patterns of 3 '/'). Here, between equal scores,
 * the section whose scoring pattern begins with the longer literal text comes first
 * ("arch/arm/mach-omap1/" over "arch/arm/mach-" and '*'), then file order.
 *
 * Regexes run with PCRE2, which reads Perl's syntax: the F:/X: regex is "^" followed by the
 * converted value, as Perl's m@^$pattern@ builds it, the N: regex is the value compiled with
 * PCRE2_EXTENDED (Perl's /x). Paths are matched as bytes, as Perl matches the bytes it read.
 *
 * Where this file knowingly differs:
 * - Fields before any title are ignored with a warning (get_maintainer.pl would make a
 *   section titled by the first field line itself).
 * - A trailing CR is removed from each line (Perl would keep it in the value).
 * - Titles and M:/R:/L:/S: values lose trailing blanks; F:/X: patterns keep them, as Perl
 *   does, with a warning because they can then never match.
 * - PCRE2 is not Perl: the few Perl constructs PCRE2 lacks (code blocks "(?{...})", which
 *   get_maintainer.pl's Perl refuses too, "\N{name}", the variable-length look-behinds
 *   Perl 5.30 and later accept) fail to compile; such a pattern is skipped with a warning
 *   and never matches.
 * - An empty N: regex makes Perl reuse its last successful regex: it is ignored with a
 *   warning. An N: regex that /x leaves empty ("# a comment") matches every path, as in
 *   Perl, with a warning.
 * - Bounds Perl does not have (maint-internal.h), so that a hostile file cannot take the
 *   machine's memory or time: a regex longer than MAINT_RE_MAX_LENGTH bytes, or one whose compilation needs more
 *   than MAINT_RE_COMPILE_MEMORY bytes ("((((x{1,100}){1,100}){1,100}){1,100})", which
 *   PCRE2 refuses as too large anyway) is skipped with a warning and never matches. A match
 *   that hits PCRE2's match, depth or heap limit (MAINT_RE_MATCH_LIMIT ...) counts as no
 *   match, gives one warning naming the line and the path, and the pattern is skipped for
 *   every later lookup.
 * - Without a tree (maintainers_parse()), a literal F:/X: pattern without a trailing '/'
 *   matches below itself when the looked-up path continues it with '/' (the path proves
 *   the directory exists); it cannot know that "drivers/foo" is a directory when asked
 *   about "drivers/foobar.c", which get_maintainer.pl would then not match.
 *
 * Lookups (maint-lookup.c) may run concurrently: each one has its own PCRE2 match data
 * (maint-regex.c); the only state they change is a pattern's "skipped" flag (atomic) and the
 * warning list (under a mutex).
 */
#include "maint-internal.h"
#include "tree-read.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const empty_list[] = { NULL };

static void set_err(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Perl's \s in the regexes of get_maintainer.pl. */
static int perl_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

const char *maint_excerpt(const char *s, char *buf, size_t size)
{
	size_t i, n = strlen(s), max = size - 4;

	for (i = 0; i < n && i < max; i++) {
		if (s[i] == '\t')
			buf[i] = ' ';
		else
			buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	}
	if (n > max)
		memcpy(buf + i, "...", 4);
	else
		buf[i] = '\0';
	return buf;
}

void maint_add_warning(struct maintainers *m, unsigned int line, const char *fmt, ...)
{
	struct strbuf msg = STRBUF_INIT;
	va_list ap;

	strbuf_addf(&msg, "%s:%u: ", m->name, line);
	va_start(ap, fmt);
	strbuf_vaddf(&msg, fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&m->warn_lock);
	if (m->warn_fn)
		m->warn_fn(m->warn_ctx, msg.buf);
	string_list_append_nodup(&m->warns, strbuf_detach(&msg, NULL));
	pthread_mutex_unlock(&m->warn_lock);
}

static void strvec_push(struct strvec *sv, const char *s)
{
	ALLOC_GROW(sv->v, sv->n + 2, sv->alloc);
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

/*
 * The literal text every path matching "^" + re begins with, and whether that is the whole
 * regex.
 */
static void literal_prefix(struct pattern *p, const char *re)
{
	static const char meta[] = ".[](){}*+?|^$\\";
	struct strbuf b = STRBUF_INIT;
	size_t i = 0;
	int whole = 0;

	if (!strchr(re, '|')) {
		for (;;) {
			char c = re[i], next;
			size_t adv = 1;

			if (!c) {
				whole = 1;
				break;
			}
			if (c == '\\' && re[i + 1] && !isalnum((unsigned char)re[i + 1])) {
				c = re[i + 1];
				adv = 2;
			} else if (strchr(meta, c)) {
				break;
			}
			next = re[i + adv];
			if (next == '*' || next == '+' || next == '?' || next == '{')
				break;
			strbuf_addch(&b, c);
			i += adv;
		}
	}
	p->prefix = strbuf_detach(&b, &p->prefix_len);
	p->literal = whole;
}

static int is_directory(const char *tree, const char *value)
{
	struct stat st;
	char *path;
	int ret;

	if (value[0] == '/')
		return stat(value, &st) == 0 && S_ISDIR(st.st_mode);
	path = xstrfmt("%s/%s", tree, value);
	ret = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	free(path);
	return ret;
}

static struct pattern *new_pattern(struct maintainers *m, enum pat_kind kind,
				   unsigned int line, const char *value)
{
	struct pattern *p;

	ALLOC_GROW(m->pats, m->npats + 1, m->pats_alloc);
	p = &m->pats[m->npats++];
	memset(p, 0, sizeof(*p));
	atomic_init(&p->skipped, 0);
	p->kind = kind;
	p->line = line;
	p->value = value;
	return p;
}

/* An F: or X: value as get_maintainer.pl turns it into a regex (without the '^'). */
static void convert_glob(struct strbuf *b, const char *value)
{
	const char *s;

	for (s = value; *s; s++) {
		if (*s == '.')
			strbuf_addstr(b, "\\.");
		else if (*s == '*')
			strbuf_addstr(b, ".*");
		else if (*s == '?')
			strbuf_addch(b, '.');
		else
			strbuf_addch(b, *s);
	}
}

/* Set up an F: or X: pattern p from its value, as read_maintainer_file() does. */
static void glob_pattern(struct maintainers *m, struct pattern *p, const char *value)
{
	struct strbuf conv = STRBUF_INIT;
	const char *s;

	strbuf_addch(&conv, '^');
	convert_glob(&conv, value);
	if (m->tree && conv.len > 1 && conv.buf[conv.len - 1] != '/' &&
	    is_directory(m->tree, conv.buf + 1))
		strbuf_addch(&conv, '/');
	p->dir = conv.len > 1 && conv.buf[conv.len - 1] == '/';
	for (s = conv.buf; *s; s++)
		p->slashes += *s == '/';
	p->depth = p->slashes + !p->dir;
	if (!strncmp(conv.buf + 1, ".*", 2))
		p->depth = -1;
	literal_prefix(p, conv.buf + 1);
	if (p->literal) {
		p->valid = 1;
		p->dir_unknown = !m->tree && !p->dir && conv.len > 1 &&
				 !strchr(conv.buf, '\\');
	} else {
		maint_re_compile(m, p, conv.buf);
	}
	strbuf_release(&conv);
}

static void add_pattern(struct maintainers *m, struct section *sec, char type,
			const char *value, unsigned int line)
{
	const char what[3] = { type, ':', 0 };
	struct pattern *p;
	char q[64];

	if (type == 'N') {
		if (!value[0]) {
			maint_add_warning(m, line,
				    "empty N: regex (get_maintainer.pl would reuse its last "
				    "successful regex); ignored: remove the line");
			return;
		}
		if (value[0] == '#')
			maint_add_warning(m, line,
				    "empty N: regex '%s' (only a comment under Perl's /x): like "
				    "get_maintainer.pl, it matches every file; remove the line",
				    maint_excerpt(value, q, sizeof(q)));
		p = new_pattern(m, PAT_N, line, value);
		p->prefix = xstrdup("");
		sec->pat_count++;
		maint_re_compile(m, p, value);
		return;
	}

	if (!value[0])
		maint_add_warning(m, line,
			    "empty %s pattern: like get_maintainer.pl, it matches every file at "
			    "the top of the tree; remove the line or give a pattern",
			    what);
	else if (perl_space(value[strlen(value) - 1]))
		maint_add_warning(m, line,
			    "%s pattern '%s' ends in white space, which get_maintainer.pl keeps: "
			    "it only matches paths containing it; remove the trailing blanks",
			    what, maint_excerpt(value, q, sizeof(q)));

	p = new_pattern(m, type == 'F' ? PAT_F : PAT_X, line, value);
	sec->pat_count++;
	glob_pattern(m, p, value);
}

static struct section *new_section(struct maintainers *m, const char *title,
				   unsigned int line)
{
	struct section *s;

	ALLOC_GROW(m->secs, m->nsecs + 1, m->secs_alloc);
	s = &m->secs[m->nsecs++];
	memset(s, 0, sizeof(*s));
	s->pub.title = title;
	s->pub.line = line;
	s->pat_first = m->npats;
	return s;
}

/* Remove trailing white space in place. */
static char *rtrim(char *s)
{
	size_t n = strlen(s);

	while (n && perl_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

static int is_blank_or_comment(const char *s)
{
	while (perl_space(*s))
		s++;
	return !*s || *s == '#';
}

static void parse_field(struct maintainers *m, struct section *sec, char *line,
			unsigned int lineno)
{
	char type = line[0], q[64], q2[64];
	char *value = line + 2;
	const char what[3] = { type, ':', 0 };

	while (perl_space(*value))
		value++;

	switch (type) {
	case 'F':
	case 'X':
	case 'N':
		add_pattern(m, sec, type, value, lineno);
		return;
	case 'M':
	case 'R':
	case 'L':
	case 'S':
		rtrim(value);
		if (!*value) {
			maint_add_warning(m, lineno, "empty %s field in section '%s'; ignored: remove it",
				    what, maint_excerpt(sec->pub.title, q, sizeof(q)));
			return;
		}
		if (type == 'M')
			strvec_push(&sec->maint, value);
		else if (type == 'R')
			strvec_push(&sec->rev, value);
		else if (type == 'L')
			strvec_push(&sec->lists, value);
		else if (sec->pub.status)
			maint_add_warning(m, lineno,
				    "second S: field in section '%s'; the first one ('%s') is "
				    "used: keep one",
				    maint_excerpt(sec->pub.title, q, sizeof(q)),
				    maint_excerpt(sec->pub.status, q2, sizeof(q2)));
		else
			sec->pub.status = value;
		return;
	case 'K':
	case 'W':
	case 'Q':
	case 'B':
	case 'C':
	case 'P':
	case 'T':
		return;
	default:
		maint_add_warning(m, lineno,
			    "unknown field '%c:' in section '%s'; ignored (get_maintainer.pl "
			    "ignores it too): known fields are M R L S W Q B C P T F X N K",
			    type, maint_excerpt(sec->pub.title, q, sizeof(q)));
		return;
	}
}

static void parse_lines(struct maintainers *m, char *text, size_t len)
{
	size_t pos = 0;
	unsigned int lineno = 0;
	char *title = NULL, q[64];
	unsigned int title_line = 0;
	size_t cur = SIZE_MAX;		/* index of the current section */
	int prev_field = 0, blank = 0, orphan = 0;

	while (pos < len) {
		char *line = text + pos;
		char *nl = memchr(line, '\n', len - pos);
		size_t l = nl ? (size_t)(nl - line) : len - pos;

		pos += l + (nl != NULL);
		lineno++;
		line[l] = '\0';
		if (l && line[l - 1] == '\r')
			line[--l] = '\0';

		if (line[0] >= 'A' && line[0] <= 'Z' && line[1] == ':') {
			if (cur == SIZE_MAX) {
				struct section *s;

				if (!title) {
					if (!orphan)
						maint_add_warning(m, lineno,
							    "field line before any section title; "
							    "ignored up to the next title: put a "
							    "title line (e.g. 'FOO DRIVER') above "
							    "it");
					orphan = 1;
					continue;
				}
				s = new_section(m, rtrim(title), title_line);
				cur = s - m->secs;
				title = NULL;
			} else if (blank) {
				maint_add_warning(m, lineno,
					    "field line after a blank line: get_maintainer.pl "
					    "counts it in section '%s' above; remove the blank "
					    "line, or add the missing title",
					    maint_excerpt(m->secs[cur].pub.title, q, sizeof(q)));
			}
			parse_field(m, &m->secs[cur], line, lineno);
			prev_field = 1;
			blank = 0;
			continue;
		}
		if (is_blank_or_comment(line)) {
			if (cur != SIZE_MAX && !line[strspn(line, " \t\n\r\f\v")])
				blank = 1;
			continue;
		}
		if (prev_field && !blank)
			maint_add_warning(m, lineno,
				    "'%s' follows a field line but is not a field "
				    "('X:<tab>value'), so get_maintainer.pl starts a new section "
				    "titled by it: fix the field, or put a blank line before the "
				    "title",
				    maint_excerpt(line, q, sizeof(q)));
		title = line;
		title_line = lineno;
		cur = SIZE_MAX;
		prev_field = 0;
		blank = 0;
		orphan = 0;
	}
}

static void free_contents(struct maintainers *m)
{
	size_t i;

	maint_re_release(m);
	for (i = 0; i < m->npats; i++)
		free(m->pats[i].prefix);
	free(m->pats);
	for (i = 0; i < m->nsecs; i++) {
		free(m->secs[i].maint.v);
		free(m->secs[i].rev.v);
		free(m->secs[i].lists.v);
	}
	free(m->secs);
	string_list_clear(&m->warns);
	pthread_mutex_destroy(&m->warn_lock);
	free(m->text);
	free(m->name);
}

void maintainers_free(struct maintainers *m)
{
	if (!m)
		return;
	free_contents(m);
	free(m);
}

/* The error for text without any section: which line the end of the file is. */
static void no_section_error(const char *text, size_t len, const char *name, char *err,
			     size_t errlen)
{
	unsigned int lines = 0;
	size_t i;

	for (i = 0; i < len; i++)
		lines += text[i] == '\0' || text[i] == '\n';
	if (!len)
		set_err(err, errlen,
			"%s:1: empty file, so no subsystem can be named; give the kernel "
			"tree's MAINTAINERS file",
			name);
	else
		set_err(err, errlen,
			"%s:%u: end of file without any section (a title line followed by "
			"fields like 'F:<tab>drivers/foo/'); is this a MAINTAINERS file?",
			name, lines ? lines : 1);
}

struct maintainers *maintainers_parse_opts(const char *text, size_t len, const char *name,
					   const struct maint_opts *opts, char *err, size_t errlen)
{
	struct maintainers *m;
	const char *nul;
	size_t i;

	if (!name)
		name = "(MAINTAINERS text)";
	if (!text && len) {
		set_err(err, errlen, "%s: no text given to parse (internal error)", name);
		return NULL;
	}
	nul = len ? memchr(text, '\0', len) : NULL;
	if (nul) {
		unsigned int line = 1;
		const char *s;

		for (s = text; s < nul; s++)
			line += *s == '\n';
		set_err(err, errlen,
			"%s:%u: NUL byte: this is not a text file; give the kernel tree's "
			"MAINTAINERS file",
			name, line);
		return NULL;
	}

	m = xcalloc(1, sizeof(*m));
	pthread_mutex_init(&m->warn_lock, NULL);
	m->name = xstrdup(name);
	m->text = xmalloc(len + 1);
	if (len)
		memcpy(m->text, text, len);
	m->text[len] = '\0';
	if (opts) {
		m->tree = opts->tree;
		m->warn_fn = opts->warn;
		m->warn_ctx = opts->warn_ctx;
	}
	maint_re_setup(m);

	parse_lines(m, m->text, len);
	m->tree = NULL;

	if (!m->nsecs) {
		no_section_error(text, len, name, err, errlen);
		maintainers_free(m);
		return NULL;
	}

	for (i = 0; i < m->nsecs; i++) {
		struct section *s = &m->secs[i];

		s->pub.maintainers = s->maint.v ? s->maint.v : empty_list;
		s->pub.reviewers = s->rev.v ? s->rev.v : empty_list;
		s->pub.lists = s->lists.v ? s->lists.v : empty_list;
	}
	return m;
}

struct maintainers *maintainers_parse(const char *text, size_t len, const char *name,
				      char *err, size_t errlen)
{
	return maintainers_parse_opts(text, len, name, NULL, err, errlen);
}

struct maintainers *maintainers_load_opts(const char *path, const struct maint_opts *opts,
					  char *err, size_t errlen)
{
	struct maint_opts o = { 0 };
	struct maintainers *m;
	struct strbuf text = STRBUF_INIT, why = STRBUF_INIT;
	struct tree_read r;
	char *data, *tree = NULL, *slash;
	size_t len;

	/* Non-blocking, a regular file only, bounded: a FIFO or device named so cannot hang. */
	if (tree_read_path(path, TREE_READ_MAX_MAINTAINERS, &text, &r)) {
		tree_read_describe(&r, &why);
		set_err(err, errlen,
			"cannot use MAINTAINERS file '%s': %s; give the path of the MAINTAINERS "
			"file at the top of the kernel tree",
			path, why.buf);
		strbuf_release(&why);
		return NULL;
	}
	data = strbuf_detach(&text, &len);
	if (opts)
		o = *opts;
	if (!o.tree) {
		tree = xstrdup(path);
		slash = strrchr(tree, '/');
		if (!slash)
			strcpy(tree, ".");
		else if (slash == tree)
			tree[1] = '\0';
		else
			*slash = '\0';
		o.tree = tree;
	}
	m = maintainers_parse_opts(data, len, path, &o, err, errlen);
	free(tree);
	free(data);
	return m;
}

struct maintainers *maintainers_load(const char *path, char *err, size_t errlen)
{
	return maintainers_load_opts(path, NULL, err, errlen);
}

size_t maintainers_count(const struct maintainers *m)
{
	return m ? m->nsecs : 0;
}

const struct maint_section *maintainers_section(const struct maintainers *m, size_t i)
{
	return m && i < m->nsecs ? &m->secs[i].pub : NULL;
}

size_t maintainers_warning_count(const struct maintainers *m)
{
	struct maintainers *w = (struct maintainers *)m;	/* allocated non-const */
	size_t n;

	if (!m)
		return 0;
	pthread_mutex_lock(&w->warn_lock);
	n = m->warns.nr;
	pthread_mutex_unlock(&w->warn_lock);
	return n;
}

const char *maintainers_warning(const struct maintainers *m, size_t i)
{
	struct maintainers *w = (struct maintainers *)m;	/* allocated non-const */
	const char *s;

	if (!m)
		return NULL;
	pthread_mutex_lock(&w->warn_lock);
	s = i < m->warns.nr ? m->warns.items[i] : NULL;
	pthread_mutex_unlock(&w->warn_lock);
	return s;
}

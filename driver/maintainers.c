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
 * Where this file knowingly differs:
 * - Fields before any title are ignored with a warning (get_maintainer.pl would make a
 *   section titled by the first field line itself).
 * - A trailing CR is removed from each line (Perl would keep it in the value).
 * - Titles and M:/R:/L:/S: values lose trailing blanks; F:/X: patterns keep them, as Perl
 *   does, with a warning because they can then never match.
 * - Regexes run with POSIX <regex.h> (REG_EXTENDED). The Perl constructs that matter are
 *   translated: \d \w \s (and \D \W \S outside brackets), escapes inside [...] (POSIX takes
 *   '\' literally there), lazy quantifiers (same set of matching paths), (?:...), a leading
 *   (?i) and '{' that does not start a quantifier (literal in Perl, an error in POSIX).
 *   Look-arounds, other inline flags, possessive quantifiers, back-references and other
 *   letter escapes (\b...) are refused with a warning and the pattern never matches. An
 *   N: regex that is empty makes Perl reuse its last successful regex: it is ignored with a
 *   warning. A regex Perl would die on never matches here, with a warning.
 * - Without a tree (maintainers_parse()), a literal F:/X: pattern without a trailing '/'
 *   matches below itself when the looked-up path continues it with '/' (the path proves
 *   the directory exists); it cannot know that "drivers/foo" is a directory when asked
 *   about "drivers/foobar.c", which get_maintainer.pl would then not match.
 *
 * Lookups do not modify the parsed data: they may run concurrently.
 */
#include "maintainers.h"
#include "tree-read.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <regex.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum pat_kind { PAT_F, PAT_X, PAT_N };

struct pattern {
	enum pat_kind kind;
	unsigned int line;
	int depth;		/* F: get_maintainer.pl's score for a match */
	int slashes;		/* F/X: number of '/' in the converted pattern */
	int dir;		/* F/X: ends in '/': matches everything below */
	int dir_unknown;	/* no tree: a literal pattern that may name a directory */
	int literal;		/* the whole pattern is its prefix: no regex needed */
	int valid;		/* 0: cannot be run, never matches */
	int compiled;		/* re holds a compiled regex */
	char *prefix;		/* every matching path begins with this */
	size_t prefix_len;
	regex_t re;
};

struct strvec {
	const char **v;
	size_t n, alloc;
};

struct section {
	struct maint_section pub;
	struct strvec maint, rev, lists;
	size_t pat_first, pat_count;
};

struct maintainers {
	char *text;
	char *name;
	const char *tree;	/* only while parsing */
	struct section *secs;
	size_t nsecs, secs_alloc;
	struct pattern *pats;
	size_t npats, pats_alloc;
	char **warns;
	size_t nwarns, warns_alloc;
	maint_warn_fn *warn_fn;
	void *warn_ctx;
	int oom;
};

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

/* A short, printable quotation of s for a message. */
static const char *excerpt(const char *s, char *buf, size_t size)
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

static void add_warning(struct maintainers *m, unsigned int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void add_warning(struct maintainers *m, unsigned int line, const char *fmt, ...)
{
	va_list ap;
	char *body, *msg;
	int rc;

	if (m->nwarns == m->warns_alloc) {
		size_t alloc = m->warns_alloc ? 2 * m->warns_alloc : 8;
		char **w = realloc(m->warns, alloc * sizeof(*w));

		if (!w) {
			m->oom = 1;
			return;
		}
		m->warns = w;
		m->warns_alloc = alloc;
	}
	va_start(ap, fmt);
	rc = vasprintf(&body, fmt, ap);
	va_end(ap);
	if (rc < 0) {
		m->oom = 1;
		return;
	}
	rc = asprintf(&msg, "%s:%u: %s", m->name, line, body);
	free(body);
	if (rc < 0) {
		m->oom = 1;
		return;
	}
	if (m->warn_fn)
		m->warn_fn(m->warn_ctx, msg);
	m->warns[m->nwarns++] = msg;
}

static void strvec_push(struct maintainers *m, struct strvec *sv, const char *s)
{
	if (sv->n + 2 > sv->alloc) {
		size_t alloc = sv->alloc ? 2 * sv->alloc : 4;
		const char **v = realloc(sv->v, alloc * sizeof(*v));

		if (!v) {
			m->oom = 1;
			return;
		}
		sv->v = v;
		sv->alloc = alloc;
	}
	sv->v[sv->n++] = s;
	sv->v[sv->n] = NULL;
}

/* A growable string that remembers running out of memory. */
struct buf {
	char *s;
	size_t len, alloc;
	int oom;
};

static void buf_grow(struct buf *b, size_t more)
{
	size_t alloc;
	char *s;

	if (b->oom || b->len + more + 1 <= b->alloc)
		return;
	alloc = b->alloc ? b->alloc : 64;
	while (alloc < b->len + more + 1)
		alloc *= 2;
	s = realloc(b->s, alloc);
	if (!s) {
		b->oom = 1;
		return;
	}
	b->s = s;
	b->alloc = alloc;
	b->s[b->len] = '\0';
}

static void buf_addn(struct buf *b, const char *s, size_t n)
{
	buf_grow(b, n);
	if (b->oom)
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void buf_adds(struct buf *b, const char *s)
{
	buf_addn(b, s, strlen(s));
}

static void buf_addc(struct buf *b, char c)
{
	buf_addn(b, &c, 1);
}

/* Characters with a meaning in Perl's and POSIX's extended regexes. */
static const char re_meta[] = ".[](){}*+?|^$\\";

/* Is s[0] the start of a Perl quantifier "{n}", "{n,}", "{n,m}" or "{,m}"? Its length. */
static size_t brace_quantifier(const char *s)
{
	size_t i = 1, digits = 0;

	while (isdigit((unsigned char)s[i])) {
		i++;
		digits++;
	}
	if (s[i] == ',') {
		i++;
		while (isdigit((unsigned char)s[i])) {
			i++;
			digits++;
		}
	}
	return s[i] == '}' && digits ? i + 1 : 0;
}

/*
 * Translate the bracket expression at src (just after '[') into b. Returns the number of
 * characters consumed including the closing ']', or 0 with *why set.
 */
static size_t translate_class(const char *src, struct buf *b, const char **why)
{
	struct buf body = { 0 };
	size_t i = 0, start;
	int neg = 0, rbracket = 0, hyphen = 0, caret = 0;

	if (src[i] == '^') {
		neg = 1;
		i++;
	}
	start = i;
	for (;;) {
		char c = src[i];

		if (!c) {
			*why = "an unterminated [...] class";
			free(body.s);
			return 0;
		}
		if (c == ']' && i > start)
			break;
		if (c == ']') {
			rbracket = 1;
			i++;
		} else if (c == '[' && (src[i + 1] == ':' || src[i + 1] == '=' ||
					src[i + 1] == '.')) {
			const char *end = strstr(src + i + 2, (char[]){ src[i + 1], ']', 0 });

			if (!end) {
				*why = "an unterminated [:...:] inside a class";
				free(body.s);
				return 0;
			}
			buf_addn(&body, src + i, end + 2 - (src + i));
			i = end + 2 - src;
		} else if (c == '-' && (i == start || src[i + 1] == ']')) {
			hyphen = 1;
			i++;
		} else if (c == '\\') {
			char d = src[i + 1];

			if (d == 'd') {
				buf_adds(&body, "0-9");
			} else if (d == 'w') {
				buf_adds(&body, "_[:alnum:]");
			} else if (d == 's') {
				buf_adds(&body, "[:space:]");
			} else if (d == 't') {
				buf_addc(&body, '\t');
			} else if (d == 'n') {
				buf_addc(&body, '\n');
			} else if (!d || isalnum((unsigned char)d)) {
				*why = "a letter escape inside a [...] class";
				free(body.s);
				return 0;
			} else if (d == ']') {
				rbracket = 1;
			} else if (d == '-') {
				hyphen = 1;
			} else if (d == '^') {
				caret = 1;
			} else {
				buf_addc(&body, d);
			}
			i += 2;
		} else if (c == '^') {
			caret = 1;	/* literal here; placed where POSIX reads it so */
			i++;
		} else {
			buf_addc(&body, c);
			i++;
		}
	}

	if (caret && !neg && !rbracket && !body.len && !hyphen) {
		buf_adds(b, "\\^");
	} else {
		buf_addc(b, '[');
		if (neg)
			buf_addc(b, '^');
		if (rbracket)
			buf_addc(b, ']');
		if (caret && !neg && !rbracket && !body.len) {
			/* "[-^]": '^' must not come first */
			buf_adds(b, "-^");
			hyphen = 0;
			caret = 0;
		}
		if (body.len)
			buf_addn(b, body.s, body.len);
		if (caret)
			buf_addc(b, '^');
		if (hyphen)
			buf_addc(b, '-');
		buf_addc(b, ']');
	}
	if (body.oom)
		b->oom = 1;
	free(body.s);
	return i + 1;
}

/*
 * Translate a Perl regex into a POSIX extended one that matches the same paths. xflag is
 * Perl's /x: blanks and '#' comments outside classes are ignored. A leading "(?i)" sets
 * *icase. Returns NULL with *why set when the regex uses something this cannot translate
 * (*invalid set too when Perl would reject it as well), or NULL with *why NULL when out of
 * memory.
 */
static char *perl_to_ere(const char *src, int xflag, int *icase, int *invalid,
			 const char **why)
{
	struct buf b = { 0 };
	size_t i = 0;

	*why = NULL;
	*icase = 0;
	*invalid = 0;
	if (!strncmp(src, "(?i)", 4)) {
		*icase = 1;
		i = 4;
	}
	buf_grow(&b, strlen(src));
	while (!*why && src[i]) {
		char c = src[i];
		size_t n;

		if (xflag && perl_space(c)) {
			i++;
			continue;
		}
		if (xflag && c == '#')
			break;
		switch (c) {
		case '\\': {
			char d = src[i + 1];

			if (!d) {
				*why = "a trailing backslash";
				*invalid = 1;
				continue;
			}
			if (d == 'd')
				buf_adds(&b, "[0-9]");
			else if (d == 'D')
				buf_adds(&b, "[^0-9]");
			else if (d == 'w')
				buf_adds(&b, "[_[:alnum:]]");
			else if (d == 'W')
				buf_adds(&b, "[^_[:alnum:]]");
			else if (d == 's')
				buf_adds(&b, "[[:space:]]");
			else if (d == 'S')
				buf_adds(&b, "[^[:space:]]");
			else if (d == 't')
				buf_addc(&b, '\t');
			else if (d == 'n')
				buf_addc(&b, '\n');
			else if (isalnum((unsigned char)d))
				*why = "a letter or digit escape (\\b, \\1, ...)";
			else if (strchr(re_meta, d))
				buf_addn(&b, src + i, 2);
			else
				buf_addc(&b, d);
			i += 2;
			continue;
		}
		case '[':
			n = translate_class(src + i + 1, &b, why);
			if (!n && *why && strstr(*why, "unterminated"))
				*invalid = 1;
			i += n + 1;
			continue;
		case '(':
			if (src[i + 1] == '?') {
				if (src[i + 2] != ':') {
					*why = "a (?...) group (look-around, or inline flags "
					       "other than a leading (?i))";
					continue;
				}
				buf_addc(&b, '(');
				i += 3;
				continue;
			}
			break;
		case '{':
			n = brace_quantifier(src + i);
			if (!n) {
				buf_adds(&b, "\\{");
				i++;
				continue;
			}
			buf_addn(&b, src + i, n);
			i += n;
			goto quantifier;
		case '*':
		case '+':
		case '?':
			buf_addc(&b, c);
			i++;
			goto quantifier;
		default:
			break;
		}
		buf_addc(&b, c);
		i++;
		continue;
quantifier:
		if (src[i] == '?')
			i++;		/* lazy: the same paths match */
		else if (src[i] == '+')
			*why = "a possessive quantifier";
	}
	if (*why || b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

/*
 * The literal text every path matching "^" + re begins with, and whether that is the whole
 * regex.
 */
static int literal_prefix(struct maintainers *m, struct pattern *p, const char *re)
{
	struct buf b = { 0 };
	size_t i = 0;
	int whole = 0;

	buf_grow(&b, strlen(re));
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
			} else if (strchr(re_meta, c)) {
				break;
			}
			next = re[i + adv];
			if (next == '*' || next == '+' || next == '?' || next == '{')
				break;
			buf_addc(&b, c);
			i += adv;
		}
	}
	if (b.oom) {
		free(b.s);
		m->oom = 1;
		return -1;
	}
	p->prefix = b.s ? b.s : strdup("");
	if (!p->prefix) {
		m->oom = 1;
		return -1;
	}
	p->prefix_len = b.len;
	p->literal = whole;
	return 0;
}

static int compile(struct maintainers *m, struct pattern *p, const char *perl, int anchor,
		   const char *what, const char *value)
{
	const char *why;
	int icase, invalid;
	char *ere = perl_to_ere(perl, p->kind == PAT_N, &icase, &invalid, &why);
	char *full, q[64];
	int rc;

	if (!ere) {
		if (!why) {
			m->oom = 1;
			return -1;
		}
		if (invalid) {
			add_warning(m, p->line,
				    "%s pattern '%s' is not a valid regex (%s); it never matches "
				    "(get_maintainer.pl would die on it): fix it",
				    what, excerpt(value, q, sizeof(q)), why);
			return 0;
		}
		add_warning(m, p->line,
			    "%s pattern '%s' uses %s, which whichalloc cannot run as a POSIX "
			    "regex; it never matches here: rewrite it without that",
			    what, excerpt(value, q, sizeof(q)), why);
		return 0;
	}
	if (anchor) {
		full = malloc(strlen(ere) + 2);
		if (!full) {
			free(ere);
			m->oom = 1;
			return -1;
		}
		full[0] = '^';
		strcpy(full + 1, ere);
		free(ere);
	} else {
		full = ere;
	}
	rc = regcomp(&p->re, full, REG_EXTENDED | REG_NOSUB | (icase ? REG_ICASE : 0));
	free(full);
	if (rc) {
		char reason[128];

		regerror(rc, &p->re, reason, sizeof(reason));
		add_warning(m, p->line,
			    "%s pattern '%s' is not a valid POSIX regex (%s); it never matches "
			    "here: fix it",
			    what, excerpt(value, q, sizeof(q)), reason);
		return 0;
	}
	p->compiled = 1;
	p->valid = 1;
	return 0;
}

static int is_directory(const char *tree, const char *value)
{
	struct stat st;
	char *path;
	int ret;

	if (value[0] == '/')
		return stat(value, &st) == 0 && S_ISDIR(st.st_mode);
	if (asprintf(&path, "%s/%s", tree, value) < 0)
		return -1;
	ret = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	free(path);
	return ret;
}

static struct pattern *new_pattern(struct maintainers *m)
{
	struct pattern *p;

	if (m->npats == m->pats_alloc) {
		size_t alloc = m->pats_alloc ? 2 * m->pats_alloc : 64;

		p = realloc(m->pats, alloc * sizeof(*p));
		if (!p) {
			m->oom = 1;
			return NULL;
		}
		m->pats = p;
		m->pats_alloc = alloc;
	}
	p = &m->pats[m->npats++];
	memset(p, 0, sizeof(*p));
	return p;
}

/* An F: or X: value as get_maintainer.pl turns it into a regex. */
static char *convert_glob(struct maintainers *m, const char *value)
{
	struct buf b = { 0 };
	const char *s;

	buf_grow(&b, 2 * strlen(value) + 1);
	for (s = value; *s; s++) {
		if (*s == '.')
			buf_adds(&b, "\\.");
		else if (*s == '*')
			buf_adds(&b, ".*");
		else if (*s == '?')
			buf_addc(&b, '.');
		else
			buf_addc(&b, *s);
	}
	if (b.oom) {
		free(b.s);
		m->oom = 1;
		return NULL;
	}
	return b.s;
}

/* Set up an F: or X: pattern p from its value, as read_maintainer_file() does. */
static void glob_pattern(struct maintainers *m, struct pattern *p, const char *value,
			 const char *what)
{
	char *conv = convert_glob(m, value);
	size_t len;
	const char *s;

	if (!conv)
		return;
	len = strlen(conv);
	if (m->tree && len && conv[len - 1] != '/') {
		int d = is_directory(m->tree, conv);

		if (d < 0) {
			free(conv);
			m->oom = 1;
			return;
		}
		if (d) {
			char *c2 = realloc(conv, len + 2);

			if (!c2) {
				free(conv);
				m->oom = 1;
				return;
			}
			conv = c2;
			conv[len++] = '/';
			conv[len] = '\0';
		}
	}
	p->dir = len && conv[len - 1] == '/';
	for (s = conv; *s; s++)
		p->slashes += *s == '/';
	p->depth = p->slashes + !p->dir;
	if (!strncmp(conv, ".*", 2))
		p->depth = -1;
	if (literal_prefix(m, p, conv)) {
		free(conv);
		return;
	}
	if (p->literal) {
		p->valid = 1;
		p->dir_unknown = !m->tree && !p->dir && len && !strchr(conv, '\\');
	} else {
		compile(m, p, conv, 1, what, value);
	}
	free(conv);
}

static void add_pattern(struct maintainers *m, struct section *sec, char type,
			const char *value, unsigned int line)
{
	const char what[3] = { type, ':', 0 };
	struct pattern *p;
	char q[64];

	if (type == 'N') {
		const char *why;
		int icase, invalid;
		char *stripped = perl_to_ere(value, 1, &icase, &invalid, &why);

		if (!stripped && !why) {
			m->oom = 1;
			return;
		}
		if (stripped && !stripped[0]) {
			add_warning(m, line,
				    "empty N: regex (get_maintainer.pl would reuse its last "
				    "successful regex); ignored: remove the line");
			free(stripped);
			return;
		}
		free(stripped);
		p = new_pattern(m);
		if (!p)
			return;
		p->kind = PAT_N;
		p->line = line;
		p->depth = 0;
		p->prefix = strdup("");
		if (!p->prefix) {
			m->oom = 1;
			return;
		}
		compile(m, p, value, 0, what, value);
		sec->pat_count++;
		return;
	}

	if (!value[0])
		add_warning(m, line,
			    "empty %s pattern: like get_maintainer.pl, it matches every file at "
			    "the top of the tree; remove the line or give a pattern",
			    what);
	else if (perl_space(value[strlen(value) - 1]))
		add_warning(m, line,
			    "%s pattern '%s' ends in white space, which get_maintainer.pl keeps: "
			    "it only matches paths containing it; remove the trailing blanks",
			    what, excerpt(value, q, sizeof(q)));

	p = new_pattern(m);
	if (!p)
		return;
	p->kind = type == 'F' ? PAT_F : PAT_X;
	p->line = line;
	sec->pat_count++;
	glob_pattern(m, p, value, what);
}

static struct section *new_section(struct maintainers *m, const char *title,
				   unsigned int line)
{
	struct section *s;

	if (m->nsecs == m->secs_alloc) {
		size_t alloc = m->secs_alloc ? 2 * m->secs_alloc : 64;

		s = realloc(m->secs, alloc * sizeof(*s));
		if (!s) {
			m->oom = 1;
			return NULL;
		}
		m->secs = s;
		m->secs_alloc = alloc;
	}
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
			add_warning(m, lineno, "empty %s field in section '%s'; ignored: remove it",
				    what, excerpt(sec->pub.title, q, sizeof(q)));
			return;
		}
		if (type == 'M')
			strvec_push(m, &sec->maint, value);
		else if (type == 'R')
			strvec_push(m, &sec->rev, value);
		else if (type == 'L')
			strvec_push(m, &sec->lists, value);
		else if (sec->pub.status)
			add_warning(m, lineno,
				    "second S: field in section '%s'; the first one ('%s') is "
				    "used: keep one",
				    excerpt(sec->pub.title, q, sizeof(q)),
				    excerpt(sec->pub.status, q2, sizeof(q2)));
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
		add_warning(m, lineno,
			    "unknown field '%c:' in section '%s'; ignored (get_maintainer.pl "
			    "ignores it too): known fields are M R L S W Q B C P T F X N K",
			    type, excerpt(sec->pub.title, q, sizeof(q)));
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

	while (pos < len && !m->oom) {
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
						add_warning(m, lineno,
							    "field line before any section title; "
							    "ignored up to the next title: put a "
							    "title line (e.g. 'FOO DRIVER') above "
							    "it");
					orphan = 1;
					continue;
				}
				s = new_section(m, rtrim(title), title_line);
				if (!s)
					return;
				cur = s - m->secs;
				title = NULL;
			} else if (blank) {
				add_warning(m, lineno,
					    "field line after a blank line: get_maintainer.pl "
					    "counts it in section '%s' above; remove the blank "
					    "line, or add the missing title",
					    excerpt(m->secs[cur].pub.title, q, sizeof(q)));
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
			add_warning(m, lineno,
				    "'%s' follows a field line but is not a field "
				    "('X:<tab>value'), so get_maintainer.pl starts a new section "
				    "titled by it: fix the field, or put a blank line before the "
				    "title",
				    excerpt(line, q, sizeof(q)));
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

	for (i = 0; i < m->npats; i++) {
		if (m->pats[i].compiled)
			regfree(&m->pats[i].re);
		free(m->pats[i].prefix);
	}
	free(m->pats);
	for (i = 0; i < m->nsecs; i++) {
		free(m->secs[i].maint.v);
		free(m->secs[i].rev.v);
		free(m->secs[i].lists.v);
	}
	free(m->secs);
	for (i = 0; i < m->nwarns; i++)
		free(m->warns[i]);
	free(m->warns);
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

	m = calloc(1, sizeof(*m));
	if (!m)
		goto oom;
	m->name = strdup(name);
	m->text = malloc(len + 1);
	if (!m->name || !m->text)
		goto oom;
	if (len)
		memcpy(m->text, text, len);
	m->text[len] = '\0';
	if (opts) {
		m->tree = opts->tree;
		m->warn_fn = opts->warn;
		m->warn_ctx = opts->warn_ctx;
	}

	parse_lines(m, m->text, len);
	m->tree = NULL;
	if (m->oom)
		goto oom;

	if (!m->nsecs) {
		unsigned int lines = 0;

		for (i = 0; i < len; i++)
			lines += m->text[i] == '\0' || m->text[i] == '\n';
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

oom:
	set_err(err, errlen,
		"%s: out of memory while reading MAINTAINERS; free some memory and retry", name);
	maintainers_free(m);
	return NULL;
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
		tree = strdup(path);
		if (!tree) {
			set_err(err, errlen,
				"%s: out of memory while reading it; free some memory and retry",
				path);
			goto fail;
		}
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

fail:
	free(data);
	return NULL;
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
	return m ? m->nwarns : 0;
}

const char *maintainers_warning(const struct maintainers *m, size_t i)
{
	return m && i < m->nwarns ? m->warns[i] : NULL;
}

/* A path as get_maintainer.pl's canonpath() leaves it: no "./", "//" or "/." parts. */
struct lookup_path {
	const char *s;
	size_t len;
	int slashes;
	char buf[PATH_MAX];
};

static void normalize(struct lookup_path *lp, const char *path)
{
	size_t i = 0, o = 0, n;
	const char *s;

	while (path[0] == '.' && path[1] == '/') {
		path += 2;
		while (*path == '/')
			path++;
	}
	n = strlen(path);
	lp->s = path;
	lp->len = n;
	if ((strstr(path, "//") || strstr(path, "/./") ||
	     (n >= 2 && !strcmp(path + n - 2, "/."))) && n < sizeof(lp->buf)) {
		while (i < n) {
			if (path[i] == '/' && o && lp->buf[o - 1] == '/') {
				i++;
			} else if (path[i] == '.' && o && lp->buf[o - 1] == '/' &&
				   (path[i + 1] == '/' || !path[i + 1])) {
				i++;
			} else {
				lp->buf[o++] = path[i++];
			}
		}
		if (o > 1 && lp->buf[o - 1] == '/' && path[n - 1] == '.')
			o--;
		lp->buf[o] = '\0';
		lp->s = lp->buf;
		lp->len = o;
	}
	lp->slashes = 0;
	for (s = lp->s; *s; s++)
		lp->slashes += *s == '/';
}

static int pattern_matches(const struct pattern *p, const struct lookup_path *lp)
{
	if (!p->valid)
		return 0;
	if (p->kind == PAT_N)
		return regexec(&p->re, lp->s, 0, NULL, 0) == 0;
	if (lp->len < p->prefix_len || memcmp(lp->s, p->prefix, p->prefix_len))
		return 0;
	if (p->dir_unknown && lp->s[p->prefix_len] == '/')
		return 1;
	if (!p->literal && regexec(&p->re, lp->s, 0, NULL, 0) != 0)
		return 0;
	return p->dir || p->slashes == lp->slashes;
}

/*
 * Does section s match? Its score in *depth, as get_maintainers() computes it, and in *key
 * that score then, between equal scores, the length of the literal text the scoring pattern
 * begins with.
 */
static int section_score(const struct maintainers *m, const struct section *s,
			 const struct lookup_path *lp, int *depth, long long *key)
{
	const struct pattern *p, *end, *q;
	int matched = 0;

	if (!s->pat_count)	/* m->pats is NULL when no section has a pattern */
		return 0;
	p = m->pats + s->pat_first;
	end = p + s->pat_count;
	for (q = p; q < end; q++)
		if (q->kind == PAT_X && pattern_matches(q, lp))
			return 0;
	for (q = p; q < end; q++) {
		if (q->kind != PAT_X && pattern_matches(q, lp)) {
			*depth = q->depth;	/* the last matching line wins */
			*key = (long long)q->depth * ((long long)UINT32_MAX + 1) +
			       (q->prefix_len < UINT32_MAX ? q->prefix_len : UINT32_MAX);
			matched = 1;
		}
	}
	return matched;
}

const struct maint_section *maintainers_lookup(const struct maintainers *m, const char *path)
{
	struct lookup_path lp;
	const struct section *best = NULL;
	long long best_key = LLONG_MIN, key;
	int depth;
	size_t i;

	if (!m || !path)
		return NULL;
	normalize(&lp, path);
	for (i = 0; i < m->nsecs; i++) {
		if (section_score(m, &m->secs[i], &lp, &depth, &key) && key > best_key) {
			best = &m->secs[i];
			best_key = key;
		}
	}
	return best ? &best->pub : NULL;
}

size_t maintainers_match(const struct maintainers *m, const char *path,
			 struct maint_match *out, size_t max)
{
	struct lookup_path lp;
	size_t i, total = 0;
	long long upper = LLONG_MAX, level, key;
	int found, depth;

	if (!m || !path)
		return 0;
	normalize(&lp, path);
	/* One round per distinct key, highest first: no allocation needed. */
	for (;;) {
		found = 0;
		level = LLONG_MIN;
		for (i = 0; i < m->nsecs; i++) {
			if (section_score(m, &m->secs[i], &lp, &depth, &key) && key < upper &&
			    (!found || key > level)) {
				level = key;
				found = 1;
			}
		}
		if (!found)
			break;
		for (i = 0; i < m->nsecs; i++) {
			if (section_score(m, &m->secs[i], &lp, &depth, &key) && key == level) {
				if (total < max) {
					out[total].section = &m->secs[i].pub;
					out[total].depth = depth;
				}
				total++;
			}
		}
		upper = level;
	}
	return total;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parser of spatch's output: records and diffs.
 */
#include "record.h"
#include "diff.h"

#include <stdlib.h>
#include <string.h>

#define RECORD_FIELDS 10
#define FACT_FIELDS 10

static int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int unescape_one(const char *s, size_t len, size_t *i, struct strbuf *out)
{
	int hi, lo;

	if (*i + 1 >= len)
		return -1;
	switch (s[++*i]) {
	case '\\':
		strbuf_addch(out, '\\');
		return 0;
	case 't':
		strbuf_addch(out, '\t');
		return 0;
	case 'n':
		strbuf_addch(out, '\n');
		return 0;
	case 'r':
		strbuf_addch(out, '\r');
		return 0;
	case 'x':
		if (*i + 2 >= len)
			return -1;
		hi = hex_value((unsigned char)s[*i + 1]);
		lo = hex_value((unsigned char)s[*i + 2]);
		if (hi < 0 || lo < 0)
			return -1;
		strbuf_addch(out, hi * 16 + lo);
		*i += 2;
		return 0;
	default:
		return -1;
	}
}

int unescape_field(const char *s, size_t len, struct strbuf *out)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\\') {
			if (unescape_one(s, len, &i, out))
				return -1;
		} else if (c < 0x20 || c >= 0x7f) {
			return -1;
		} else {
			strbuf_addch(out, c);
		}
	}
	return 0;
}

static int unescape_to(const char *s, size_t len, char **dst)
{
	struct strbuf sb = STRBUF_INIT;

	if (unescape_field(s, len, &sb)) {
		strbuf_release(&sb);
		return -1;
	}
	*dst = strbuf_detach(&sb, NULL);
	return 0;
}

static int unescape_number(const char *s, size_t len, long min, long *dst)
{
	char buf[24];

	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	return parse_long(buf, min, 100000000L, dst);
}

static bool valid_verdict(const char *v)
{
	return !strcmp(v, "replace") || !strcmp(v, "keep") || !strcmp(v, "review");
}

/* Split at TABs into exactly RECORD_FIELDS fields. */
static int split_n_fields(const char *line, size_t len, const char **f, size_t *flen,
			  size_t want)
{
	size_t n = 0;
	const char *p = line, *end = line + len;

	while (n < want) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));

		f[n] = p;
		flen[n] = tab ? (size_t)(tab - p) : (size_t)(end - p);
		n++;
		if (!tab)
			break;
		p = tab + 1;
	}
	return n == want && p + flen[n - 1] == end ? 0 : -1;
}

static int split_fields(const char *line, size_t len, const char **f, size_t *flen)
{
	return split_n_fields(line, len, f, flen, RECORD_FIELDS);
}

/* The driver names some files "./PATH" (scan.c: spatch_path_arg()); its PATH. */
static void strip_dot_slash(char *file)
{
	while (starts_with(file, "./"))
		memmove(file, file + 2, strlen(file + 2) + 1);
}

static int fill_record(const char **f, const size_t *flen, struct wa_record *rec)
{
	if (unescape_to(f[1], flen[1], &rec->rule) ||
	    unescape_to(f[2], flen[2], &rec->verdict) ||
	    unescape_to(f[3], flen[3], &rec->file) ||
	    unescape_number(f[4], flen[4], 1, &rec->line) ||
	    unescape_number(f[5], flen[5], 0, &rec->col) ||
	    unescape_number(f[6], flen[6], 1, &rec->end_line) ||
	    unescape_number(f[7], flen[7], 0, &rec->end_col) ||
	    unescape_to(f[8], flen[8], &rec->function) ||
	    unescape_to(f[9], flen[9], &rec->message))
		return -1;
	strip_dot_slash(rec->file);
	if (!*rec->rule || !*rec->file || !*rec->function || !valid_verdict(rec->verdict) ||
	    rec->end_line < rec->line)
		return -1;
	return 0;
}

int parse_record(const char *line, size_t len, struct wa_record *rec)
{
	const char *f[RECORD_FIELDS];
	size_t flen[RECORD_FIELDS];

	memset(rec, 0, sizeof(*rec));
	if (split_fields(line, len, f, flen) || flen[0] != 3 || memcmp(f[0], "WA1", 3))
		return -1;
	if (fill_record(f, flen, rec)) {
		wa_record_clear(rec);
		return -1;
	}
	return 0;
}

int parse_want(const char *line, size_t len, struct wa_want *w)
{
	const char *f[3];
	size_t flen[3];

	memset(w, 0, sizeof(*w));
	if (split_n_fields(line, len, f, flen, 3) || flen[0] != 3 || memcmp(f[0], "WAW", 3) ||
	    unescape_to(f[1], flen[1], &w->file) || unescape_to(f[2], flen[2], &w->callee) ||
	    !*w->file || !*w->callee) {
		wa_want_clear(w);
		return -1;
	}
	strip_dot_slash(w->file);
	return 0;
}

void wa_want_clear(struct wa_want *w)
{
	free(w->file);
	free(w->callee);
	memset(w, 0, sizeof(*w));
}

static bool valid_fact_kind(const char *k)
{
	return !strcmp(k, "benign") || !strcmp(k, "keep") || !strcmp(k, "review") ||
		!strcmp(k, "free") || !strcmp(k, "call");
}

int parse_fact(const char *line, size_t len, struct wa_fact *x)
{
	const char *f[FACT_FIELDS];
	size_t flen[FACT_FIELDS];

	memset(x, 0, sizeof(*x));
	x->callee_param = -1;
	if (split_n_fields(line, len, f, flen, FACT_FIELDS) || flen[0] != 3 ||
	    memcmp(f[0], "WAF", 3))
		return -1;
	if (unescape_to(f[1], flen[1], &x->file) || unescape_to(f[2], flen[2], &x->function) ||
	    unescape_number(f[3], flen[3], -1, &x->param) ||
	    unescape_to(f[4], flen[4], &x->linkage) || unescape_to(f[5], flen[5], &x->kind) ||
	    unescape_number(f[6], flen[6], 0, &x->line) ||
	    unescape_to(f[7], flen[7], &x->text) || unescape_to(f[8], flen[8], &x->callee) ||
	    (flen[9] && unescape_number(f[9], flen[9], 0, &x->callee_param)) ||
	    !*x->file || !*x->function || !valid_fact_kind(x->kind) ||
	    (strcmp(x->linkage, "static") && strcmp(x->linkage, "extern")) ||
	    (!strcmp(x->kind, "call") && (!*x->callee || x->callee_param < 0))) {
		wa_fact_clear(x);
		return -1;
	}
	strip_dot_slash(x->file);
	return 0;
}

void wa_fact_clear(struct wa_fact *x)
{
	free(x->file);
	free(x->function);
	free(x->linkage);
	free(x->kind);
	free(x->text);
	free(x->callee);
	memset(x, 0, sizeof(*x));
}

void wa_record_clear(struct wa_record *rec)
{
	free(rec->rule);
	free(rec->verdict);
	free(rec->file);
	free(rec->function);
	free(rec->message);
	memset(rec, 0, sizeof(*rec));
}

/* Where the parser is in the output. */
enum diff_state {
	OUTSIDE,	/* between diffs */
	DIFF_LINE,	/* after "diff ...", expecting "---" */
	OLD_NAME,	/* after "---", expecting "+++" */
	HUNK_NEXT,	/* after "+++" or a complete hunk: "@@" may follow */
	HUNK_BODY,	/* inside a hunk */
};

struct parser {
	struct spatch_output *out;
	enum diff_state state;
	const char *diff_start;	/* the current diff's first line */
	const char *diff_end;	/* the end of its last complete hunk */
	char *path;
	long old_left, new_left;
};

static void note_problem(struct parser *ps, const char *line, size_t len)
{
	if (!ps->out->problem.len)
		strbuf_add(&ps->out->problem, line, len > 200 ? 200 : len);
}

static void add_fact_line(struct parser *ps, const char *line, size_t len)
{
	struct spatch_output *out = ps->out;

	if (line[2] == 'W') {
		struct wa_want w;

		if (parse_want(line, len, &w)) {
			out->nr_malformed++;
			note_problem(ps, line, len);
			return;
		}
		ALLOC_GROW(out->wants, out->nr_wants + 1, out->alloc_wants);
		out->wants[out->nr_wants++] = w;
	} else {
		struct wa_fact x;

		if (parse_fact(line, len, &x)) {
			out->nr_malformed++;
			note_problem(ps, line, len);
			return;
		}
		ALLOC_GROW(out->facts, out->nr_facts + 1, out->alloc_facts);
		out->facts[out->nr_facts++] = x;
	}
}

static void add_record(struct parser *ps, const char *line, size_t len)
{
	struct spatch_output *out = ps->out;
	struct wa_record rec;

	if (parse_record(line, len, &rec)) {
		out->nr_malformed++;
		note_problem(ps, line, len);
		return;
	}
	ALLOC_GROW(out->records, out->nr_records + 1, out->alloc_records);
	out->records[out->nr_records++] = rec;
}

/* Keep the current diff when it ends after a complete hunk; drop one that is cut short. */
static void finish_diff(struct parser *ps)
{
	struct spatch_output *out = ps->out;

	if (ps->state == HUNK_NEXT && ps->diff_end && ps->path) {
		ALLOC_GROW(out->diffs, out->nr_diffs + 1, out->alloc_diffs);
		out->diffs[out->nr_diffs].path = ps->path;
		out->diffs[out->nr_diffs].text =
			xstrndup(ps->diff_start, (size_t)(ps->diff_end - ps->diff_start));
		out->nr_diffs++;
		ps->path = NULL;
	} else if (ps->state != OUTSIDE) {
		out->nr_malformed++;
	}
	free(ps->path);
	ps->path = NULL;
	ps->diff_end = NULL;
	ps->state = OUTSIDE;
}

static void start_diff(struct parser *ps, const char *line, enum diff_state state)
{
	finish_diff(ps);
	ps->diff_start = line;
	ps->state = state;
}

static void take_new_name(struct parser *ps, const char *line, size_t len)
{
	const char *name = line + 4;
	size_t nlen = len - 4;
	const char *tab = memchr(name, '\t', nlen);

	if (tab)
		nlen = (size_t)(tab - name);
	if (nlen > 2 && !strncmp(name, "b/", 2)) {
		name += 2;
		nlen -= 2;
	}
	free(ps->path);
	ps->path = xstrndup(name, nlen);
	ps->state = HUNK_NEXT;
}

static bool start_hunk(struct parser *ps, const char *line, size_t len)
{
	struct hunk h;
	const char *ctx;
	size_t ctx_len;

	if (parse_hunk_header(line, len, &h, &ctx, &ctx_len))
		return false;
	ps->old_left = h.old_len;
	ps->new_left = h.new_len;
	ps->state = HUNK_BODY;
	return true;
}

static bool hunk_line(struct parser *ps, const char *line, size_t len)
{
	char kind = len ? line[0] : ' ';

	if (kind != ' ' && kind != '-' && kind != '+' && kind != '\\')
		return false;
	if (kind == ' ' || kind == '-')
		ps->old_left--;
	if (kind == ' ' || kind == '+')
		ps->new_left--;
	if (ps->old_left < 0 || ps->new_left < 0)
		return false;
	if (!ps->old_left && !ps->new_left)
		ps->state = HUNK_NEXT;
	return true;
}

/* A line that belongs to no record and no diff. */
static void stray_line(struct parser *ps, const char *line, size_t len)
{
	finish_diff(ps);
	ps->out->nr_garbage++;
	note_problem(ps, line, len);
}

static void diff_line(struct parser *ps, const char *line, size_t len, const char *next)
{
	switch (ps->state) {
	case DIFF_LINE:
		if (len >= 4 && !strncmp(line, "--- ", 4)) {
			ps->state = OLD_NAME;
			return;
		}
		break;
	case OLD_NAME:
		if (len >= 4 && !strncmp(line, "+++ ", 4)) {
			take_new_name(ps, line, len);
			return;
		}
		break;
	case HUNK_NEXT:
		if (len && line[0] == '\\' && ps->diff_end) {
			ps->diff_end = next;
			return;
		}
		if (start_hunk(ps, line, len))
			return;
		break;
	case HUNK_BODY:
		if (hunk_line(ps, line, len)) {
			if (ps->state == HUNK_NEXT)
				ps->diff_end = next;
			return;
		}
		break;
	case OUTSIDE:
		break;
	}
	stray_line(ps, line, len);
}

static void parse_line(struct parser *ps, const char *line, size_t len, const char *next)
{
	if (len >= 4 && !strncmp(line, "WA1\t", 4))
		add_record(ps, line, len);
	else if (len >= 4 && (!strncmp(line, "WAW\t", 4) || !strncmp(line, "WAF\t", 4)))
		add_fact_line(ps, line, len);
	else if (len > 5 && !strncmp(line, "diff ", 5) && ps->state != HUNK_BODY)
		start_diff(ps, line, DIFF_LINE);
	else if (len >= 4 && !strncmp(line, "--- ", 4) &&
		 (ps->state == OUTSIDE || ps->state == HUNK_NEXT))
		start_diff(ps, line, OLD_NAME);
	else if (ps->state == OUTSIDE)
		stray_line(ps, line, len);
	else
		diff_line(ps, line, len, next);
}

void parse_spatch_output(const char *buf, size_t len, struct spatch_output *out)
{
	struct parser ps = { .out = out, .state = OUTSIDE };
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		if (!nl) {
			/* Every record and diff line ends in a newline: this one was cut. */
			out->truncated = true;
			note_problem(&ps, p, (size_t)(end - p));
			break;
		}
		parse_line(&ps, p, (size_t)(nl - p), nl + 1);
		p = nl + 1;
	}
	if (ps.state == HUNK_BODY || ps.state == DIFF_LINE || ps.state == OLD_NAME)
		out->truncated = true;
	finish_diff(&ps);
}

void spatch_output_clear(struct spatch_output *out)
{
	for (size_t i = 0; i < out->nr_records; i++)
		wa_record_clear(&out->records[i]);
	free(out->records);
	for (size_t i = 0; i < out->nr_diffs; i++) {
		free(out->diffs[i].path);
		free(out->diffs[i].text);
	}
	free(out->diffs);
	for (size_t i = 0; i < out->nr_wants; i++)
		wa_want_clear(&out->wants[i]);
	free(out->wants);
	for (size_t i = 0; i < out->nr_facts; i++)
		wa_fact_clear(&out->facts[i]);
	free(out->facts);
	strbuf_release(&out->problem);
	memset(out, 0, sizeof(*out));
	strbuf_init(&out->problem, 0);
}

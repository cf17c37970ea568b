// SPDX-License-Identifier: GPL-2.0-only
/*
 * Regenerating a series' diffs as git writes them; see series-diff.h.
 */
#include "series-diff.h"
#include "diff.h"
#include "hash.h"
#include "tree-read.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTEXT 3
/* git merges two changes into one hunk when at most this many lines lie between them. */
#define INTERHUNK (2 * CONTEXT)
/* git's struct func_line holds 80 bytes. */
#define FUNCNAME_MAX 80

static bool pattern_matches(const char *pattern, const char *path)
{
	const char *base = strrchr(path, '/');

	if (!strchr(pattern, '/'))
		return !fnmatch(pattern, base ? base + 1 : path, 0);
	if (*pattern == '/')
		pattern++;
	return !fnmatch(pattern, path, FNM_PATHNAME);
}

enum funcname_style funcname_style_for(const char *top, const char *path)
{
	struct strbuf text = STRBUF_INIT;
	enum funcname_style style = FUNCNAME_DEFAULT;
	char *save = NULL, *line;
	struct tree_read r;

	if (tree_read_file(top, ".gitattributes", TREE_READ_MAX_SOURCE, &text, &r))
		goto out;
	/* Later lines override earlier ones, as in git. */
	for (line = strtok_r(text.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *tsave = NULL, *pattern = strtok_r(line, " \t\r", &tsave), *attr;

		if (!pattern || *pattern == '#' || !pattern_matches(pattern, path))
			continue;
		while ((attr = strtok_r(NULL, " \t\r", &tsave))) {
			if (!strcmp(attr, "diff=cpp"))
				style = FUNCNAME_CPP;
			else if (starts_with(attr, "diff=") || !strcmp(attr, "-diff") ||
				 !strcmp(attr, "!diff") || !strcmp(attr, "diff"))
				style = FUNCNAME_DEFAULT;
		}
	}
out:
	strbuf_release(&text);
	return style;
}

static bool ident_start(char c)
{
	return isalpha((unsigned char)c) || c == '_';
}

/* The cpp driver's first, negated pattern: a jump target or access declaration. */
static bool cpp_label(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (i >= len || !ident_start(line[i]))
		return false;
	while (i < len && (isalnum((unsigned char)line[i]) || line[i] == '_'))
		i++;
	if (i >= len || line[i] != ':')
		return false;
	for (i++; i < len && isspace((unsigned char)line[i]); i++)
		;
	return i == len || (i + 1 < len && line[i] == '/' && (line[i + 1] == '/' ||
							       line[i + 1] == '*'));
}

bool funcname_line(enum funcname_style style, const char *line, size_t len)
{
	size_t i = 0;

	if (!len)
		return false;
	if (style == FUNCNAME_DEFAULT)
		return isalpha((unsigned char)line[0]) || line[0] == '_' || line[0] == '$';
	if (cpp_label(line, len))
		return false;
	if (len >= 2 && line[0] == ':' && line[1] == ':') {
		for (i = 2; i < len && isspace((unsigned char)line[i]); i++)
			;
	}
	return i < len && ident_start(line[i]);
}

void sd_changes_clear(struct sd_changes *c)
{
	for (size_t i = 0; i < c->nr; i++)
		free(c->items[i].add);
	free(c->items);
	memset(c, 0, sizeof(*c));
}

static void split_lines(const char *buf, size_t len, struct sd_line **out, size_t *nr)
{
	size_t alloc = 0, n = 0;
	struct sd_line *lines = NULL;
	const char *p = buf, *end = buf + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);

		ALLOC_GROW(lines, n + 1, alloc);
		lines[n].p = p;
		lines[n].len = l;
		n++;
		p += l;
	}
	*out = lines;
	*nr = n;
}

void sd_file_init(struct sd_file *f, const char *path, struct strbuf *content,
		  enum funcname_style style, unsigned int mode)
{
	memset(f, 0, sizeof(*f));
	f->path = xstrdup(path);
	f->original = *content;
	strbuf_init(content, 0);
	split_lines(f->original.buf, f->original.len, &f->orig, &f->nr_orig);
	f->cur = xcalloc(f->nr_orig ? f->nr_orig : 1, sizeof(*f->cur));
	if (f->nr_orig)
		memcpy(f->cur, f->orig, f->nr_orig * sizeof(*f->cur));
	f->nr_cur = f->nr_orig;
	f->style = style;
	f->mode = mode;
}

void sd_file_clear(struct sd_file *f)
{
	free(f->path);
	strbuf_release(&f->original);
	free(f->orig);
	free(f->cur);
	free(f->applied);
	string_list_clear(&f->owned);
	memset(f, 0, sizeof(*f));
}

static bool same_line(const struct sd_line *a, const char *text, size_t len)
{
	return a->len == len && !memcmp(a->p, text, len);
}

static struct sd_change *new_change(struct sd_changes *out, long old)
{
	struct sd_change *c;

	ALLOC_GROW(out->items, out->nr + 1, out->alloc);
	c = &out->items[out->nr++];
	memset(c, 0, sizeof(*c));
	c->old = old;
	return c;
}

/* Read one hunk's lines (after its "@@" line) into changes. */
static int parse_hunk(const struct sd_file *f, const struct hunk *h, struct sd_changes *out,
		      struct strbuf *why)
{
	const char *p = memchr(h->text, '\n', h->len), *end = h->text + h->len;
	long pos = h->old_len ? h->old_start - 1 : h->old_start, olds = 0, news = 0;
	struct sd_change *run = NULL;
	size_t add_alloc = 0;

	if (!p)
		goto malformed;
	if (memmem(h->text, h->len, "\n\\", 2)) {
		strbuf_addf(why, "%s: the diff changes a last line without a newline; "
			    "whichalloc does not make patches for such files", f->path);
		return -1;
	}
	for (p++; p < end;) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);
		char kind = len > 1 || *p != '\n' ? *p : ' ';
		const char *text = len > 1 || *p != '\n' ? p + 1 : p;
		size_t tlen = len > 1 || *p != '\n' ? len - 1 : len;

		if (kind == ' ' || kind == '-') {
			if (pos < 0 || (size_t)pos >= f->nr_orig ||
			    !same_line(&f->orig[pos], text, tlen)) {
				strbuf_addf(why, "%s: line %ld is not what the stored diff expects "
					    "(\"%.*s\")", f->path, pos + 1,
					    (int)(tlen && text[tlen - 1] == '\n' ? tlen - 1 : tlen),
					    text);
				return -1;
			}
		}
		if (kind == ' ') {
			run = NULL;
			pos++;
			olds++;
			news++;
		} else if (kind == '-' || kind == '+') {
			if (!run) {
				run = new_change(out, pos);
				add_alloc = 0;
			}
			if (kind == '-') {
				run->nr_old++;
				pos++;
				olds++;
			} else {
				ALLOC_GROW(run->add, run->nr_add + 1, add_alloc);
				run->add[run->nr_add].p = text;
				run->add[run->nr_add].len = tlen;
				run->nr_add++;
				news++;
			}
		} else {
			goto malformed;
		}
		p += len;
	}
	if (olds != h->old_len || news != h->new_len)
		goto malformed;
	return 0;
malformed:
	strbuf_addf(why, "%s: the stored diff has a malformed hunk at line %ld; rescan the file",
		    f->path, h->old_start);
	return -1;
}

int sd_parse_changes(const struct sd_file *f, const char *diff, struct sd_changes *out,
		     struct strbuf *why)
{
	struct hunk_list hl = HUNK_LIST_INIT;
	int ret = 0;

	if (diff_split(diff, strlen(diff), &hl)) {
		strbuf_addf(why, "%s: the stored diff cannot be read (%s); rescan the file",
			    f->path, last_error());
		return -1;
	}
	if (!hl.nr) {
		strbuf_addf(why, "%s: the stored diff has no hunk", f->path);
		ret = -1;
	}
	for (size_t i = 0; !ret && i < hl.nr; i++)
		ret = parse_hunk(f, &hl.items[i], out, why);
	hunk_list_clear(&hl);
	return ret;
}

void sd_patch_init(struct sd_patch *p)
{
	memset(p, 0, sizeof(*p));
	strbuf_init(&p->diff, 0);
	strbuf_init(&p->before, 0);
	strbuf_init(&p->after, 0);
}

void sd_patch_clear(struct sd_patch *p)
{
	strbuf_release(&p->diff);
	strbuf_release(&p->before);
	strbuf_release(&p->after);
	for (size_t i = 0; i < p->nr_hunks; i++) {
		strbuf_release(&p->hunks[i].old_text);
		strbuf_release(&p->hunks[i].new_text);
	}
	free(p->hunks);
	memset(p, 0, sizeof(*p));
}

bool sd_path_needs_quoting(const char *path)
{
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p >= 0x7f || *p == '"' || *p == '\\')
			return true;
	return false;
}

static int change_cmp(const void *a, const void *b)
{
	const struct sd_change *x = a, *y = b;

	if (x->old != y->old)
		return x->old < y->old ? -1 : 1;
	if (x->nr_old != y->nr_old)
		return x->nr_old < y->nr_old ? -1 : 1;
	return 0;
}

static bool same_change(const struct sd_change *a, const struct sd_change *b)
{
	if (a->old != b->old || a->nr_old != b->nr_old || a->nr_add != b->nr_add)
		return false;
	for (size_t i = 0; i < a->nr_add; i++)
		if (!same_line(&a->add[i], b->add[i].p, b->add[i].len))
			return false;
	return true;
}

/* Do the old ranges overlap, or do both start at the same line? */
static bool ranges_clash(long a, long alen, long b, long blen)
{
	if (a == b)
		return true;
	if (!alen)
		return a > b && a < b + blen;
	if (!blen)
		return b > a && b < a + alen;
	return a < b + blen && b < a + alen;
}

/* Sort, drop exact duplicates (hunks findings share), refuse overlaps. */
static int normalise_changes(const struct sd_file *f, struct sd_changes *c, struct strbuf *why)
{
	size_t n = 0;

	qsort(c->items, c->nr, sizeof(*c->items), change_cmp);
	for (size_t i = 0; i < c->nr; i++) {
		if (n && same_change(&c->items[n - 1], &c->items[i])) {
			free(c->items[i].add);
			continue;
		}
		if (n && ranges_clash(c->items[n - 1].old, c->items[n - 1].nr_old,
				      c->items[i].old, c->items[i].nr_old)) {
			strbuf_addf(why, "%s: two changes of the patch overlap at line %ld",
				    f->path, c->items[i].old + 1);
			/* Keep what is left, for sd_changes_clear(). */
			for (size_t j = i; j < c->nr; j++)
				c->items[n++] = c->items[j];
			c->nr = n;
			return -1;
		}
		c->items[n++] = c->items[i];
	}
	c->nr = n;
	for (size_t i = 0; i < c->nr; i++) {
		for (size_t j = 0; j < f->nr_applied; j++) {
			const struct sd_applied *a = &f->applied[j];

			if (ranges_clash(c->items[i].old, c->items[i].nr_old, a->old, a->nr_old)) {
				strbuf_addf(why, "%s: the change at line %ld overlaps a change an "
					    "earlier patch of the series makes", f->path,
					    c->items[i].old + 1);
				return -1;
			}
		}
	}
	return 0;
}

static long current_position(const struct sd_file *f, long old)
{
	long pos = old;

	for (size_t j = 0; j < f->nr_applied; j++)
		if (f->applied[j].old < old)
			pos += f->applied[j].nr_new - f->applied[j].nr_old;
	return pos;
}

static void add_diff_line(struct strbuf *out, char sign, const struct sd_line *l)
{
	strbuf_addch(out, sign);
	strbuf_add(out, l->p, l->len);
	if (!l->len || l->p[l->len - 1] != '\n')
		strbuf_addstr(out, "\n\\ No newline at end of file\n");
}

static void add_function(struct strbuf *out, const struct sd_file *f, long before)
{
	for (long i = before; i >= 0; i--) {
		const struct sd_line *l = &f->cur[i];
		size_t len = l->len;

		if (len && l->p[len - 1] == '\n')
			len--;
		if (!funcname_line(f->style, l->p, len))
			continue;
		if (len > FUNCNAME_MAX)
			len = FUNCNAME_MAX;
		while (len && isspace((unsigned char)l->p[len - 1]))
			len--;
		strbuf_addch(out, ' ');
		strbuf_add(out, l->p, len);
		return;
	}
}

static void add_range(struct strbuf *out, char sign, long start, long count)
{
	strbuf_addf(out, "%c%ld", sign, count ? start + 1 : start);
	if (count != 1)
		strbuf_addf(out, ",%ld", count);
}

static void join_lines(struct strbuf *out, const struct sd_line *lines, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		strbuf_add(out, lines[i].p, lines[i].len);
}

/* Write the hunks of the changes c[0..nr) (current positions in pos[]). */
static void write_hunks(struct sd_file *f, const struct sd_change *c, const long *pos,
			size_t nr, struct sd_patch *out)
{
	long delta = 0;

	for (size_t i = 0; i < nr;) {
		size_t j = i;
		long start, end, old_count, new_count, at;
		struct sd_hunk *h;

		while (j + 1 < nr && pos[j + 1] - (pos[j] + c[j].nr_old) <= INTERHUNK)
			j++;
		start = pos[i] > CONTEXT ? pos[i] - CONTEXT : 0;
		end = pos[j] + c[j].nr_old + CONTEXT;
		if (end > (long)f->nr_cur)
			end = (long)f->nr_cur;
		old_count = end - start;
		new_count = old_count;
		for (size_t k = i; k <= j; k++)
			new_count += (long)c[k].nr_add - c[k].nr_old;
		strbuf_addstr(&out->diff, "@@ ");
		add_range(&out->diff, '-', start, old_count);
		strbuf_addch(&out->diff, ' ');
		add_range(&out->diff, '+', start + delta, new_count);
		strbuf_addstr(&out->diff, " @@");
		add_function(&out->diff, f, start - 1);
		strbuf_addch(&out->diff, '\n');

		ALLOC_GROW(out->hunks, out->nr_hunks + 1, out->alloc_hunks);
		h = &out->hunks[out->nr_hunks++];
		h->old_start = start + 1;
		h->old_count = old_count;
		strbuf_init(&h->old_text, 0);
		strbuf_init(&h->new_text, 0);
		at = start;
		for (size_t k = i; k <= j; k++) {
			for (; at < pos[k]; at++) {
				add_diff_line(&out->diff, ' ', &f->cur[at]);
				strbuf_add(&h->old_text, f->cur[at].p, f->cur[at].len);
				strbuf_add(&h->new_text, f->cur[at].p, f->cur[at].len);
			}
			for (long m = 0; m < c[k].nr_old; m++, at++) {
				add_diff_line(&out->diff, '-', &f->cur[at]);
				strbuf_add(&h->old_text, f->cur[at].p, f->cur[at].len);
			}
			for (size_t m = 0; m < c[k].nr_add; m++) {
				add_diff_line(&out->diff, '+', &c[k].add[m]);
				strbuf_add(&h->new_text, c[k].add[m].p, c[k].add[m].len);
			}
			out->deleted += c[k].nr_old;
			out->added += (long)c[k].nr_add;
			delta += (long)c[k].nr_add - c[k].nr_old;
		}
		for (; at < end; at++) {
			add_diff_line(&out->diff, ' ', &f->cur[at]);
			strbuf_add(&h->old_text, f->cur[at].p, f->cur[at].len);
			strbuf_add(&h->new_text, f->cur[at].p, f->cur[at].len);
		}
		i = j + 1;
	}
}

int sd_apply(struct sd_file *f, struct sd_changes *changes, int abbrev, struct sd_patch *out,
	     struct strbuf *why)
{
	struct sd_line *next = NULL;
	size_t nr_next = 0, alloc_next = 0, at = 0;
	long *pos;
	char old_hex[SHA1_HEX_SIZE], new_hex[SHA1_HEX_SIZE];

	if (sd_path_needs_quoting(f->path)) {
		strbuf_addf(why, "%s: git would quote this path; whichalloc does not write "
			    "patches for it", f->path);
		return -1;
	}
	if (!changes->nr) {
		strbuf_addf(why, "%s: the patch would change nothing", f->path);
		return -1;
	}
	if (normalise_changes(f, changes, why))
		return -1;
	pos = xcalloc(changes->nr, sizeof(*pos));
	for (size_t i = 0; i < changes->nr; i++)
		pos[i] = current_position(f, changes->items[i].old);

	/* Keep the added lines for as long as the file is in use. */
	for (size_t i = 0; i < changes->nr; i++) {
		struct sd_change *c = &changes->items[i];

		for (size_t m = 0; m < c->nr_add; m++) {
			char *copy = xstrndup(c->add[m].p, c->add[m].len);

			string_list_append_nodup(&f->owned, copy);
			c->add[m].p = copy;
		}
	}

	join_lines(&out->before, f->cur, f->nr_cur);
	write_hunks(f, changes->items, pos, changes->nr, out);

	for (size_t i = 0; i < changes->nr; i++) {
		const struct sd_change *c = &changes->items[i];

		for (; at < (size_t)pos[i]; at++) {
			ALLOC_GROW(next, nr_next + 1, alloc_next);
			next[nr_next++] = f->cur[at];
		}
		for (size_t m = 0; m < c->nr_add; m++) {
			ALLOC_GROW(next, nr_next + 1, alloc_next);
			next[nr_next++] = c->add[m];
		}
		at += (size_t)c->nr_old;
	}
	for (; at < f->nr_cur; at++) {
		ALLOC_GROW(next, nr_next + 1, alloc_next);
		next[nr_next++] = f->cur[at];
	}
	free(f->cur);
	f->cur = next;
	f->nr_cur = nr_next;
	join_lines(&out->after, f->cur, f->nr_cur);
	for (size_t i = 0; i < changes->nr; i++) {
		ALLOC_GROW(f->applied, f->nr_applied + 1, f->alloc_applied);
		f->applied[f->nr_applied].old = changes->items[i].old;
		f->applied[f->nr_applied].nr_old = changes->items[i].nr_old;
		f->applied[f->nr_applied].nr_new = (long)changes->items[i].nr_add;
		f->nr_applied++;
	}
	free(pos);

	git_blob_sha1_hex(out->before.buf, out->before.len, old_hex);
	git_blob_sha1_hex(out->after.buf, out->after.len, new_hex);
	{
		struct strbuf head = STRBUF_INIT;

		strbuf_addf(&head, "diff --git a/%s b/%s\nindex %.*s..%.*s %06o\n--- a/%s\n"
			    "+++ b/%s\n", f->path, f->path, abbrev, old_hex, abbrev, new_hex,
			    f->mode, f->path, f->path);
		strbuf_add(&head, out->diff.buf, out->diff.len);
		strbuf_release(&out->diff);
		out->diff = head;
	}
	return 0;
}

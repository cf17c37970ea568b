// SPDX-License-Identifier: GPL-2.0-only
/*
 * The files git format-patch writes, reproduced byte for byte.
 *
 * Every rule here was read off git 2.39's output (format-patch, shortlog, diff --stat) and
 * is checked against it by the tests: folding at 78 columns, RFC 2047 "q" encoding of names
 * with non-ASCII bytes, RFC 822 quoting of names with specials, the MIME headers git adds
 * when a message (not its diff) has non-ASCII bytes, file names cut at 64 bytes, and the
 * diffstat's scaling to 72 columns. Widths count one column per UTF-8 character, where git
 * counts East Asian wide characters as two; whichalloc's own texts are ASCII.
 */
#include "mbox.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int ident_parse(const char *s, struct ident *out)
{
	const char *lt = strrchr(s, '<'), *gt = lt ? strchr(lt, '>') : NULL;
	const char *end;

	memset(out, 0, sizeof(*out));
	if (!lt || !gt || gt == lt + 1 || gt[1] || memchr(lt + 1, '@', (size_t)(gt - lt - 1))
	    == NULL)
		return error("'%s' is not an author: write it as 'Full Name <user@example.org>'",
			     s);
	end = lt;
	while (end > s && isspace((unsigned char)end[-1]))
		end--;
	while (s < end && isspace((unsigned char)*s))
		s++;
	out->name = xstrndup(s, (size_t)(end - s));
	out->email = xstrndup(lt + 1, (size_t)(gt - lt - 1));
	return 0;
}

void ident_clear(struct ident *id)
{
	free(id->name);
	free(id->email);
	id->name = id->email = NULL;
}

bool mbox_has_non_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s > 0x7f)
			return true;
	return false;
}

/* Bytes of the UTF-8 character at s (1 for a stray byte). */
static size_t utf8_len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;

	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

static size_t utf8_width(const char *s)
{
	size_t w = 0;

	while (*s) {
		s += utf8_len(s);
		w++;
	}
	return w;
}

static size_t last_line_length(const struct strbuf *sb)
{
	const char *nl = memrchr(sb->buf, '\n', sb->len);

	return nl ? sb->len - (size_t)(nl + 1 - sb->buf) : sb->len;
}

static void add_spaces(struct strbuf *out, int n)
{
	while (n-- > 0)
		strbuf_addch(out, ' ');
}

void mbox_wrap(struct strbuf *out, const char *text, int indent1, int indent2, int width)
{
	const char *bol = text, *brk = NULL;
	int col = indent1, indent = indent1;

	if (indent1 < 0) {
		/* The first line already holds -indent1 columns; its start may break. */
		col = -indent1;
		brk = text;
	}
	for (;;) {
		char c = *text;

		if (c && !isspace((unsigned char)c)) {
			text += utf8_len(text);
			col++;
			continue;
		}
		if (col <= width || !brk) {
			/* The word that just ended fits on this line (or nothing can move). */
			if (!c && text == bol)
				return;
			if (brk) {
				strbuf_add(out, brk, (size_t)(text - brk));
			} else {
				add_spaces(out, indent);
				strbuf_add(out, bol, (size_t)(text - bol));
			}
			if (!c)
				return;
			brk = text;
			if (c == '\t') {
				col |= 7;
			} else if (c == '\n') {
				brk++;
				if (*brk == '\n') {
					strbuf_addch(out, '\n');
					goto new_line;
				} else if (!isalnum((unsigned char)*brk)) {
					goto new_line;
				}
				strbuf_addch(out, ' ');
			}
			col++;
			text++;
			continue;
		}
new_line:
		strbuf_addch(out, '\n');
		text = bol = brk + (isspace((unsigned char)*brk) ? 1 : 0);
		brk = NULL;
		col = indent = indent2;
	}
}

void mbox_date(struct strbuf *out, time_t t, int tz_minutes)
{
	static const char *const days[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul",
					      "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t local = t + (time_t)tz_minutes * 60;
	int off = tz_minutes < 0 ? -tz_minutes : tz_minutes;
	struct tm tm;

	gmtime_r(&local, &tm);
	strbuf_addf(out, "%s, %d %s %d %02d:%02d:%02d %c%02d%02d", days[tm.tm_wday], tm.tm_mday,
		    months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec,
		    tz_minutes < 0 ? '-' : '+', off / 60, off % 60);
}

/* RFC 2047 section 5 (3): what a "q" encoded word in a phrase must encode. */
static bool rfc2047_address_special(unsigned char c)
{
	if (c > 0x7f || !isprint(c) || isspace(c) || c == '=' || c == '?' || c == '_')
		return true;
	return !(isalnum(c) || c == '!' || c == '*' || c == '+' || c == '-' || c == '/');
}

static void add_rfc2047_name(struct strbuf *out, const char *name)
{
	static const char charset[] = "UTF-8";
	size_t col = last_line_length(out) + strlen(charset) + 5;

	strbuf_addf(out, "=?%s?q?", charset);
	while (*name) {
		size_t n = utf8_len(name);
		bool special = n > 1 || rfc2047_address_special((unsigned char)*name);
		size_t enc = special ? 3 * n : 1;

		if (col + enc + 2 > 76) {
			strbuf_addf(out, "?=\n =?%s?q?", charset);
			col = strlen(charset) + 5 + 1;
		}
		for (size_t i = 0; i < n; i++) {
			if (special)
				strbuf_addf(out, "=%02X", (unsigned char)name[i]);
			else
				strbuf_addch(out, name[i]);
		}
		col += enc;
		name += n;
	}
	strbuf_addstr(out, "?=");
}

static bool rfc822_special(char c)
{
	return strchr("()<>[]:;@,.\"\\", c) != NULL && c;
}

void mbox_add_from(struct strbuf *out, const struct ident *who)
{
	const char *p;
	bool quote = false;

	strbuf_addstr(out, "From: ");
	if (mbox_has_non_ascii(who->name)) {
		add_rfc2047_name(out, who->name);
	} else {
		for (p = who->name; *p; p++)
			quote |= rfc822_special(*p);
		if (quote) {
			strbuf_addch(out, '"');
			for (p = who->name; *p; p++) {
				if (*p == '"' || *p == '\\')
					strbuf_addch(out, '\\');
				strbuf_addch(out, *p);
			}
			strbuf_addch(out, '"');
		} else {
			strbuf_addstr(out, who->name);
		}
	}
	if (last_line_length(out) + strlen(who->email) + 3 > MBOX_HEADER_WIDTH)
		strbuf_addch(out, '\n');
	strbuf_addf(out, " <%s>\n", who->email);
}

void mbox_add_subject(struct strbuf *out, const char *tag, const char *subject)
{
	strbuf_addf(out, "Subject: %s ", tag);
	mbox_wrap(out, subject, -(int)last_line_length(out), 1, MBOX_HEADER_WIDTH);
	strbuf_addch(out, '\n');
}

void mbox_add_addresses(struct strbuf *out, const char *field, const struct string_list *list)
{
	for (size_t i = 0; i < list->nr; i++)
		strbuf_addf(out, "%s%s%s", i ? ",\n    " : field, i ? "" : ": ", list->items[i]);
	if (list->nr)
		strbuf_addch(out, '\n');
}

static int decimal_width(long n)
{
	int w = 1;

	while (n >= 10) {
		n /= 10;
		w++;
	}
	return w;
}

void mbox_tag(struct strbuf *out, int nr, int total)
{
	strbuf_addf(out, "[PATCH %0*d/%d]", decimal_width(total), nr, total);
}

void mbox_tag_env(struct strbuf *out, const struct mbox_envelope *env, int nr, int total)
{
	strbuf_addf(out, "[%s", env->subject_prefix && *env->subject_prefix ?
		    env->subject_prefix : "PATCH");
	if (env->version > 1)
		strbuf_addf(out, " v%d", env->version);
	if (!env->unnumbered)
		strbuf_addf(out, " %0*d/%d", decimal_width(total), nr, total);
	strbuf_addch(out, ']');
}

static bool title_char(char c)
{
	return isalnum((unsigned char)c) || c == '.' || c == '_';
}

void mbox_patch_filename(struct strbuf *out, int nr, const char *subject)
{
	mbox_patch_filename_v(out, 0, nr, subject);
}

void mbox_patch_filename_v(struct strbuf *out, int version, int nr, const char *subject)
{
	size_t start = out->len, max;
	bool gap = false, first = true;

	/* git's limit counts the "v2-" too. */
	if (version > 1)
		strbuf_addf(out, "v%d-", version);
	if (!nr) {
		strbuf_addstr(out, "0000-cover-letter.patch");
		return;
	}
	strbuf_addf(out, "%04d-", nr);
	/* git cuts the name at 64 bytes with its suffix and a spare byte. */
	max = start + 64 - strlen(".patch") - 1;
	/* Runs of other bytes become one '-'; runs of '.' one '.'. */
	for (const char *p = subject; *p; p++) {
		if (!title_char(*p)) {
			gap = true;
			continue;
		}
		if (gap && !first)
			strbuf_addch(out, '-');
		gap = first = false;
		strbuf_addch(out, *p);
		if (*p == '.')
			while (p[1] == '.')
				p++;
	}
	while (out->len > start + 5 && (out->buf[out->len - 1] == '.' ||
					 out->buf[out->len - 1] == '-'))
		strbuf_setlen(out, out->len - 1);
	if (out->len > max)
		strbuf_setlen(out, max);
	strbuf_addstr(out, ".patch");
}

/* git's scale_linear(): at least one column for any change. */
static long scale_linear(long it, long width, long max_change)
{
	if (!it)
		return 0;
	return 1 + it * (width - 1) / max_change;
}

void mbox_diffstat(struct strbuf *out, const struct diffstat_item *items, size_t nr)
{
	long max_change = 0, max_len = 0, width = MBOX_WRAP, adds = 0, dels = 0;
	long number_width, graph_width, name_width;

	for (size_t i = 0; i < nr; i++) {
		long change = items[i].added + items[i].deleted, len =
			(long)utf8_width(items[i].path);

		if (len > max_len)
			max_len = len;
		if (change > max_change)
			max_change = change;
	}
	number_width = decimal_width(max_change);
	if (width < 16 + 6 + number_width)
		width = 16 + 6 + number_width;
	graph_width = max_change;
	name_width = max_len;
	if (name_width + number_width + 6 + graph_width > width) {
		if (graph_width > width * 3 / 8 - number_width - 6) {
			graph_width = width * 3 / 8 - number_width - 6;
			if (graph_width < 6)
				graph_width = 6;
		}
		if (name_width > width - number_width - 6 - graph_width)
			name_width = width - number_width - 6 - graph_width;
		else
			graph_width = width - number_width - 6 - name_width;
	}
	for (size_t i = 0; i < nr; i++) {
		const char *name = items[i].path, *prefix = "";
		long add = items[i].added, del = items[i].deleted, len = name_width;
		long name_len = (long)utf8_width(name), pad;

		if (name_width < name_len) {
			const char *slash;

			prefix = "...";
			len = len > 3 ? len - 3 : 0;
			while (name_len > len) {
				name += utf8_len(name);
				name_len--;
			}
			slash = strchr(name, '/');
			if (slash)
				name = slash;
		}
		pad = len - (long)utf8_width(name);
		if (pad < 0)
			pad = 0;
		if (graph_width <= max_change) {
			long total = scale_linear(add + del, graph_width, max_change);

			if (total < 2 && add && del)
				total = 2;
			if (add < del) {
				add = scale_linear(add, graph_width, max_change);
				del = total - add;
			} else {
				del = scale_linear(del, graph_width, max_change);
				add = total - del;
			}
		}
		strbuf_addf(out, " %s%s%*s | %*ld%s", prefix, name, (int)pad, "",
			    (int)number_width, items[i].added + items[i].deleted,
			    items[i].added + items[i].deleted ? " " : "");
		while (add-- > 0)
			strbuf_addch(out, '+');
		while (del-- > 0)
			strbuf_addch(out, '-');
		strbuf_addch(out, '\n');
		adds += items[i].added;
		dels += items[i].deleted;
	}
	if (!nr) {
		strbuf_addstr(out, " 0 files changed\n");
		return;
	}
	strbuf_addf(out, " %zu file%s changed", nr, nr == 1 ? "" : "s");
	if (adds || !dels)
		strbuf_addf(out, ", %ld insertion%s(+)", adds, adds == 1 ? "" : "s");
	if (dels || !adds)
		strbuf_addf(out, ", %ld deletion%s(-)", dels, dels == 1 ? "" : "s");
	strbuf_addch(out, '\n');
}

void mbox_shortlog(struct strbuf *out, const char *author, const char *const *subjects,
		   size_t nr)
{
	strbuf_addf(out, "%s (%zu):\n", author, nr);
	for (size_t i = 0; i < nr; i++) {
		mbox_wrap(out, subjects[i], 2, 4, MBOX_WRAP);
		strbuf_addch(out, '\n');
	}
	strbuf_addch(out, '\n');
}

static void add_headers(struct strbuf *out, const struct mbox_envelope *env, const char *tag,
			const char *subject, bool eight_bit)
{
	/* git format-patch --zero-commit: there is no commit to name. */
	strbuf_addstr(out, "From 0000000000000000000000000000000000000000 "
		      "Mon Sep 17 00:00:00 2001\n");
	mbox_add_from(out, env->from);
	strbuf_addstr(out, "Date: ");
	mbox_date(out, env->date, env->tz_minutes);
	strbuf_addch(out, '\n');
	mbox_add_subject(out, tag, subject);
	if (eight_bit)
		strbuf_addstr(out, "MIME-Version: 1.0\n"
			      "Content-Type: text/plain; charset=UTF-8\n"
			      "Content-Transfer-Encoding: 8bit\n");
	if (env->to)
		mbox_add_addresses(out, "To", env->to);
	if (env->cc)
		mbox_add_addresses(out, "Cc", env->cc);
	strbuf_addch(out, '\n');
}

static void add_signature(struct strbuf *out, const char *signature)
{
	strbuf_addf(out, "-- \n%s\n\n", signature);
}

/* git format-patch --notes: "\nNotes:\n" and every line indented by four spaces. */
static void add_notes(struct strbuf *out, const char *notes)
{
	if (!notes || !*notes)
		return;
	strbuf_addstr(out, "\nNotes:\n");
	for (const char *p = notes; *p;) {
		size_t n = strcspn(p, "\n");

		strbuf_addf(out, "    %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	strbuf_addch(out, '\n');
}

/* git format-patch --base: after the diff of a lone patch, or the cover letter's stat. */
static void add_base(struct strbuf *out, const char *base_commit)
{
	if (base_commit && *base_commit)
		strbuf_addf(out, "\nbase-commit: %s\n", base_commit);
}

void mbox_format_patch(struct strbuf *out, const struct mbox_envelope *env, int nr, int total,
		       const char *subject, const char *body, const char *notes,
		       const char *diffstat, const char *diff)
{
	struct strbuf tag = STRBUF_INIT;

	mbox_tag_env(&tag, env, nr, total);
	add_headers(out, env, tag.buf, subject, mbox_has_non_ascii(subject) ||
		    mbox_has_non_ascii(body) || (notes && mbox_has_non_ascii(notes)));
	strbuf_addstr(out, body);
	strbuf_addstr(out, "---\n");
	add_notes(out, notes);
	strbuf_addstr(out, diffstat);
	strbuf_addch(out, '\n');
	strbuf_addstr(out, diff);
	if (env->unnumbered)
		add_base(out, env->base_commit);
	add_signature(out, env->signature);
	strbuf_release(&tag);
}

void mbox_format_cover(struct strbuf *out, const struct mbox_envelope *env, int total,
		       const char *subject, const char *blurb, const char *const *subjects,
		       const char *diffstat)
{
	struct strbuf tag = STRBUF_INIT, text = STRBUF_INIT;

	mbox_tag_env(&tag, env, 0, total);
	strbuf_addstr(&text, blurb);
	strbuf_addch(&text, '\n');
	mbox_shortlog(&text, env->from->name, subjects, (size_t)total);
	strbuf_addstr(&text, diffstat);
	strbuf_addch(&text, '\n');
	add_base(&text, env->base_commit);
	add_headers(out, env, tag.buf, subject, mbox_has_non_ascii(subject) ||
		    mbox_has_non_ascii(text.buf));
	strbuf_add(out, text.buf, text.len);
	add_signature(out, env->signature);
	strbuf_release(&tag);
	strbuf_release(&text);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * A shadow of the tree for a file that is not all UTF-8 (shadow.h).
 */
#include "shadow.h"
#include "diff.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool shadow_decode_failure(const char *spatch_err)
{
	return strstr(spatch_err, "codec can't decode") != NULL;
}

static bool cont(const unsigned char *p, size_t left, size_t i)
{
	return i < left && (p[i] & 0xc0) == 0x80;
}

/* The length of the valid UTF-8 sequence at p (as Python's strict decoder), or 0. */
static size_t utf8_length(const unsigned char *p, size_t left)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (n > left || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (!cont(p, left, i))
			return 0;
	return n;
}

size_t shadow_sanitize(char *buf, size_t len)
{
	unsigned char *p = (unsigned char *)buf;
	size_t replaced = 0;

	for (size_t i = 0; i < len;) {
		size_t n = utf8_length(p + i, len - i);

		if (n) {
			i += n;
			continue;
		}
		p[i++] = SHADOW_PLACEHOLDER;
		replaced++;
	}
	return replaced;
}

/* Link every entry of the directory orig into dir, except the one named skip. */
static int link_entries(const char *dir, const char *orig, const char *skip)
{
	DIR *d = opendir(orig);
	struct dirent *de;
	int ret = 0;

	if (!d)
		return -1;
	while (!ret && (de = readdir(d))) {
		char *from, *to;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..") ||
		    !strcmp(de->d_name, skip))
			continue;
		from = xstrfmt("%s/%s", orig, de->d_name);
		to = xstrfmt("%s/%s", dir, de->d_name);
		ret = symlink(from, to);
		free(from);
		free(to);
	}
	closedir(d);
	return ret;
}

static int write_all(const char *path, const char *content, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	int ret = fd < 0 ? -1 : write_in_full(fd, content, len);

	if (fd >= 0 && close(fd))
		ret = -1;
	return ret;
}

/* Fill dir as a shadow of orig on the way to rel (relative to orig). */
static int fill_shadow(const char *dir, const char *orig, const char *rel,
		       const char *content, size_t len)
{
	size_t n = strcspn(rel, "/");
	char *name = xstrndup(rel, n);
	char *sub = xstrfmt("%s/%s", dir, name), *osub = xstrfmt("%s/%s", orig, name);
	int ret = link_entries(dir, orig, name);

	if (!ret && rel[n] == '/')
		ret = mkdir(sub, 0700) || fill_shadow(sub, osub, rel + n + 1, content, len);
	else if (!ret)
		ret = write_all(sub, content, len);
	free(name);
	free(sub);
	free(osub);
	return ret ? -1 : 0;
}

char *shadow_tree_make(const char *parent, const char *top, const char *rel,
		       const char *content, size_t len)
{
	char *dir = xstrfmt("%s/whichalloc-scan.%ld.XXXXXX", parent, (long)getpid());

	if (!mkdtemp(dir)) {
		error("cannot make a directory in %s for a copy of a file that is not UTF-8: %s; "
		      "set TMPDIR to a writable directory", parent, strerror(errno));
		free(dir);
		return NULL;
	}
	if (fill_shadow(dir, top, rel, content, len)) {
		error("cannot make a copy of %s/%s in %s: %s; set TMPDIR to a writable "
		      "directory with space", top, rel, dir, strerror(errno));
		remove_tree(dir);
		free(dir);
		return NULL;
	}
	return dir;
}

/* The 1-based numbers of the lines of src holding a byte that is not UTF-8, ascending. */
static size_t replaced_lines(const char *src, size_t len, long **lines)
{
	const unsigned char *p = (const unsigned char *)src;
	size_t nr = 0, alloc = 0;
	long line = 1;

	*lines = NULL;
	for (size_t i = 0; i < len;) {
		size_t n = utf8_length(p + i, len - i);

		if (!n && (!nr || (*lines)[nr - 1] != line)) {
			ALLOC_GROW(*lines, nr + 1, alloc);
			(*lines)[nr++] = line;
		}
		line += p[i] == '\n';
		i += n ? n : 1;
	}
	return nr;
}

static bool hunk_touches(const struct hunk *h, const long *lines, size_t nr)
{
	long end = h->old_start + (h->old_len ? h->old_len : 1);

	for (size_t i = 0; i < nr; i++)
		if (lines[i] >= h->old_start && lines[i] < end)
			return true;
	return false;
}

/* Is the hunk part of one of these diffs? */
static bool hunk_in(const struct hunk *h, const struct string_list *diffs)
{
	char *text = xstrndup(h->text, h->len);
	bool found = false;

	for (size_t i = 0; diffs && i < diffs->nr && !found; i++)
		found = strstr(diffs->items[i], text) != NULL;
	free(text);
	return found;
}

char *shadow_drop_replaced_hunks(const char *diff, const char *src, size_t len,
				 const struct string_list *also, bool *dropped)
{
	struct hunk_list hunks = HUNK_LIST_INIT;
	struct strbuf out = STRBUF_INIT;
	size_t kept = 0;
	long *lines;
	size_t nr = replaced_lines(src, len, &lines);

	*dropped = false;
	if ((!nr && !(also && also->nr)) || diff_split(diff, strlen(diff), &hunks)) {
		free(lines);
		hunk_list_clear(&hunks);
		return xstrdup(diff);
	}
	strbuf_add(&out, hunks.header, hunks.header_len);
	for (size_t i = 0; i < hunks.nr; i++) {
		if (hunk_touches(&hunks.items[i], lines, nr) || hunk_in(&hunks.items[i], also)) {
			*dropped = true;
			continue;
		}
		strbuf_add(&out, hunks.items[i].text, hunks.items[i].len);
		kept++;
	}
	free(lines);
	hunk_list_clear(&hunks);
	if (!kept) {
		strbuf_release(&out);
		return NULL;
	}
	return strbuf_detach(&out, NULL);
}

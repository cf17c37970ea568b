// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report directory: written under a temporary name, swapped into place when complete.
 */
#include "html-report.h"
#include "output.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *sibling_name(const char *path, const char *what)
{
	char *a = xstrdup(path), *b = xstrdup(path);
	char *name = xstrfmt("%s/.%s.%s-XXXXXX", dirname(a), basename(b), what);

	free(a);
	free(b);
	return name;
}

#define MARKER_HEADER "whichalloc html report\n"

static bool is_dir(const char *top, const char *rel, const struct dirent *de)
{
	struct stat st;
	char *path;
	bool ret;

	if (de->d_type != DT_UNKNOWN)
		return de->d_type == DT_DIR;
	path = xstrfmt("%s/%s", top, rel);
	ret = !lstat(path, &st) && S_ISDIR(st.st_mode);
	free(path);
	return ret;
}

/*
 * What a report directory holds that whichalloc did not write: its marker lists what it
 * wrote; a marker of an older whichalloc lists nothing, and then what it writes is known
 * (index.html, findings/ holding *.html). Appends "rel" of each such entry to extra.
 */
static void list_foreign(const char *top, const char *rel, const struct string_list *manifest,
			 struct string_list *extra)
{
	char *path = *rel ? xstrfmt("%s/%s", top, rel) : xstrdup(top);
	DIR *d = opendir(path);
	struct dirent *de;

	free(path);
	if (!d) {
		string_list_append(extra, *rel ? rel : ".");
		return;
	}
	while ((de = readdir(d))) {
		char *sub;
		bool ours;

		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		sub = *rel ? xstrfmt("%s/%s", rel, de->d_name) : xstrdup(de->d_name);
		if (!strcmp(sub, HTML_MARKER))
			ours = true;
		else if (manifest->nr)
			ours = string_list_has(manifest, sub);
		else
			ours = !strcmp(sub, "index.html") || !strcmp(sub, "findings") ||
			       (starts_with(sub, "findings/") && ends_with(sub, ".html") &&
				!is_dir(top, sub, de));
		if (!ours)
			string_list_append(extra, sub);
		else if (is_dir(top, sub, de))
			list_foreign(top, sub, manifest, extra);
		free(sub);
	}
	closedir(d);
}

/* 0 when dir is empty or a report whichalloc wrote and nothing else; -1 with a message. */
static int check_replaceable(const char *dir)
{
	char *marker = xstrfmt("%s/%s", dir, HTML_MARKER);
	struct strbuf sb = STRBUF_INIT;
	struct string_list manifest = STRING_LIST_INIT, extra = STRING_LIST_INIT;
	bool ours = strbuf_read_file(&sb, marker) >= 0 && starts_with(sb.buf, MARKER_HEADER);
	int ret = 0;

	free(marker);
	if (ours)
		string_list_split(&manifest, sb.buf + strlen(MARKER_HEADER), "\n");
	strbuf_release(&sb);
	list_foreign(dir, "", &manifest, &extra);
	if (!ours && extra.nr) {
		ret = error("html: refusing to replace %s: it is not empty and has no %s file, so "
			    "it is not a report that whichalloc html wrote; remove it yourself or "
			    "choose another --out", dir, HTML_MARKER);
	} else if (extra.nr) {
		struct strbuf list = STRBUF_INIT;

		for (size_t i = 0; i < extra.nr && i < 10; i++)
			strbuf_addf(&list, "\n  %s", extra.items[i]);
		if (extra.nr > 10)
			strbuf_addf(&list, "\n  (and %zu more)", extra.nr - 10);
		ret = error("html: refusing to replace %s: it holds files that whichalloc html did "
			    "not write, which --force would delete:%s\nmove them elsewhere, or "
			    "choose another --out", dir, list.buf);
		strbuf_release(&list);
	}
	string_list_clear(&manifest);
	string_list_clear(&extra);
	return ret;
}

static int begin(struct report_dir *rd, const char *path, bool force)
{
	struct stat st;
	size_t len = strlen(path);
	mode_t mask;

	memset(rd, 0, sizeof(*rd));
	while (len > 1 && path[len - 1] == '/')
		len--;
	if (!len)
		return error("html: --out wants a directory name, not an empty string");
	rd->path = xstrndup(path, len);
	rd->force = force;
	if (!lstat(rd->path, &st)) {
		if (!S_ISDIR(st.st_mode))
			return error("html: %s exists and is not a directory; choose another --out",
				     rd->path);
		if (!force)
			return error("html: %s already exists; pass --force to replace it", rd->path);
		if (check_replaceable(rd->path))
			return -1;
	}
	rd->tmp = sibling_name(rd->path, "tmp");
	if (!mkdtemp(rd->tmp)) {
		error("html: cannot create a directory next to %s: %s; check that its parent "
		      "exists and is writable", rd->path, strerror(errno));
		free(rd->tmp);
		rd->tmp = NULL;
		return -1;
	}
	rd->mark = output_cleanup_push(rd->tmp, true);
	/* mkdtemp() makes it 0700; give it the mode mkdir() would. */
	mask = umask(0);
	umask(mask);
	if (chmod(rd->tmp, 0777 & ~mask))
		warning("html: cannot set the mode of %s: %s", rd->tmp, strerror(errno));
	return 0;
}

int report_dir_begin(struct report_dir *rd, const char *path, bool force)
{
	int ret = begin(rd, path, force);

	if (ret)
		report_dir_abort(rd);
	return ret;
}

int report_dir_mkdir(struct report_dir *rd, const char *rel)
{
	char *path = xstrfmt("%s/%s", rd->tmp, rel);
	int ret = 0;

	output_cleanup_push(path, true);
	if (mkdir(path, 0777) && errno != EEXIST)
		ret = error("html: cannot create %s: %s", path, strerror(errno));
	else if (!string_list_has(&rd->written, rel))
		string_list_append(&rd->written, rel);
	free(path);
	return ret;
}

/* Write rel through output.h's writer; no sync: the report becomes visible as a whole. */
int report_dir_write(struct report_dir *rd, const char *rel, const char *data, size_t len)
{
	char *path = xstrfmt("%s/%s", rd->tmp, rel);
	const char *slash = strrchr(path, '/');
	char *dir = xstrndup(path, (size_t)(slash - path));
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret;

	if (dfd < 0) {
		ret = error("html: cannot open %s: %s", dir, strerror(errno));
	} else {
		ret = output_write_at(dfd, dir, slash + 1, data, len, OUTPUT_NO_SYNC);
		close(dfd);
	}
	if (!ret) {
		output_cleanup_push(path, false);
		if (strcmp(rel, HTML_MARKER))
			string_list_append(&rd->written, rel);
	}
	free(dir);
	free(path);
	return ret;
}

/* The marker, listing what was written: what a later --force may replace. */
static int write_marker(struct report_dir *rd)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	strbuf_addstr(&sb, MARKER_HEADER);
	for (size_t i = 0; i < rd->written.nr; i++)
		if (!strchr(rd->written.items[i], '\n'))
			strbuf_addf(&sb, "%s\n", rd->written.items[i]);
	ret = report_dir_write(rd, HTML_MARKER, sb.buf, sb.len);
	strbuf_release(&sb);
	return ret;
}

int report_dir_commit(struct report_dir *rd)
{
	char *old = NULL;
	struct stat st;
	int ret = 0;

	if (write_marker(rd))
		return -1;
	if (!lstat(rd->path, &st)) {
		if (!rd->force)
			return error("html: %s appeared while the report was written; pass --force "
				     "to replace it", rd->path);
		if (!S_ISDIR(st.st_mode) || check_replaceable(rd->path))
			return error("html: %s changed while the report was written; the new report "
				     "is not put in place", rd->path);
		old = sibling_name(rd->path, "old");
		if (!mkdtemp(old) || rename(rd->path, old)) {
			ret = error("html: cannot move the old %s aside: %s", rd->path,
				    strerror(errno));
			if (old[strlen(old) - 1] != 'X')
				rmdir(old);
			free(old);
			return ret;
		}
	}
	if (rename(rd->tmp, rd->path)) {
		ret = error("html: cannot rename %s to %s: %s", rd->tmp, rd->path,
			    strerror(errno));
		if (old && rename(old, rd->path))
			warning("html: the old report is left in %s", old);
	} else {
		output_cleanup_pop(rd->mark);
		free(rd->tmp);
		rd->tmp = NULL;
		if (old && remove_tree(old))
			warning("html: cannot remove the old report %s: %s", old, strerror(errno));
	}
	free(old);
	return ret;
}

void report_dir_abort(struct report_dir *rd)
{
	if (rd->tmp && remove_tree(rd->tmp))
		warning("html: cannot remove %s: %s", rd->tmp, strerror(errno));
	if (rd->tmp)
		output_cleanup_pop(rd->mark);
	string_list_clear(&rd->written);
	free(rd->tmp);
	free(rd->path);
	memset(rd, 0, sizeof(*rd));
}

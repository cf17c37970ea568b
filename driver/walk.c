// SPDX-License-Identifier: GPL-2.0-only
/*
 * Walking the tree without following symbolic links.
 */
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_DEPTH 128

static bool is_source_name(const char *name)
{
	return ends_with(name, ".c") || ends_with(name, ".h");
}

static int walk_dir(const char *top, struct strbuf *rel, struct string_list *files, int depth);

/* Classify one directory entry without following links. */
static int entry_type(const char *top, const char *rel, const struct dirent *de)
{
	char *path;
	struct stat st;
	int type;

	if (de && de->d_type != DT_UNKNOWN)
		return de->d_type;
	path = xstrfmt("%s/%s", top, rel);
	if (lstat(path, &st))
		type = DT_UNKNOWN;
	else if (S_ISDIR(st.st_mode))
		type = DT_DIR;
	else if (S_ISREG(st.st_mode))
		type = DT_REG;
	else
		type = DT_LNK;
	free(path);
	return type;
}

static void walk_entry(const char *top, struct strbuf *rel, const struct dirent *de,
		       struct string_list *files, int depth)
{
	size_t len = rel->len;
	int type;

	if (len)
		strbuf_addch(rel, '/');
	strbuf_addstr(rel, de->d_name);
	type = entry_type(top, rel->buf, de);
	if (type == DT_DIR)
		walk_dir(top, rel, files, depth + 1);
	else if (type == DT_REG && is_source_name(de->d_name))
		string_list_append(files, rel->buf);
	strbuf_setlen(rel, len);
}

static int walk_dir(const char *top, struct strbuf *rel, struct string_list *files, int depth)
{
	char *path = rel->len ? xstrfmt("%s/%s", top, rel->buf) : xstrdup(top);
	DIR *d;
	struct dirent *de;

	if (depth > MAX_DEPTH) {
		warning("%s: directories nested deeper than %d levels are not scanned", path,
			MAX_DEPTH);
		free(path);
		return 0;
	}
	d = opendir(path);
	if (!d) {
		warning("cannot read directory %s: %s; its files are not scanned", path,
			strerror(errno));
		free(path);
		return -1;
	}
	while ((de = readdir(d)))
		if (de->d_name[0] != '.')
			walk_entry(top, rel, de, files, depth);
	closedir(d);
	free(path);
	return 0;
}

int normalise_subdir(const char *dir, struct strbuf *out)
{
	struct string_list parts = STRING_LIST_INIT;
	int ret = 0;

	if (dir[0] == '/')
		return error("--dir %s: give a directory relative to the tree's top", dir);
	string_list_split(&parts, dir, "/");
	strbuf_reset(out);
	for (size_t i = 0; i < parts.nr; i++) {
		if (!strcmp(parts.items[i], "."))
			continue;
		if (!strcmp(parts.items[i], "..")) {
			ret = error("--dir %s: must stay inside the tree (no \"..\")", dir);
			break;
		}
		if (out->len)
			strbuf_addch(out, '/');
		strbuf_addstr(out, parts.items[i]);
	}
	string_list_clear(&parts);
	return ret;
}

static int walk_subdir(const char *top, const char *dir, struct string_list *files)
{
	struct strbuf rel = STRBUF_INIT;
	int type, ret = 0;

	if (normalise_subdir(dir, &rel))
		return -1;
	type = rel.len ? entry_type(top, rel.buf, NULL) : DT_DIR;
	if (type == DT_DIR)
		walk_dir(top, &rel, files, 0);
	else if (type == DT_REG && is_source_name(rel.buf))
		string_list_append(files, rel.buf);
	else
		ret = error("--dir %s: no such directory or .c/.h file under %s", dir, top);
	strbuf_release(&rel);
	return ret;
}

int walk_tree(const char *top, const struct string_list *dirs, struct string_list *files)
{
	struct strbuf rel = STRBUF_INIT;
	int ret = 0;

	if (!dirs->nr)
		ret = walk_dir(top, &rel, files, 0);
	for (size_t i = 0; i < dirs->nr && !ret; i++)
		ret = walk_subdir(top, dirs->items[i], files);
	strbuf_release(&rel);
	string_list_sort(files);
	string_list_uniq(files);
	return ret;
}

bool path_in_dirs(const char *path, const struct string_list *dirs)
{
	if (!dirs->nr)
		return true;
	for (size_t i = 0; i < dirs->nr; i++) {
		size_t n = strlen(dirs->items[i]);

		if (!n || (!strncmp(path, dirs->items[i], n) && (!path[n] || path[n] == '/')))
			return true;
	}
	return false;
}

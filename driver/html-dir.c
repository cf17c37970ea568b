// SPDX-License-Identifier: GPL-2.0-only
/*
 * The report directory: written under a temporary name, swapped into place when complete.
 */
#include "html-report.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *de;
	bool empty = true;

	if (!d)
		return false;
	while ((de = readdir(d)))
		if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
			empty = false;
			break;
		}
	closedir(d);
	return empty;
}

static char *sibling_name(const char *path, const char *what)
{
	char *a = xstrdup(path), *b = xstrdup(path);
	char *name = xstrfmt("%s/.%s.%s-XXXXXX", dirname(a), basename(b), what);

	free(a);
	free(b);
	return name;
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
		char *marker = xstrfmt("%s/%s", rd->path, HTML_MARKER);
		bool ours = !access(marker, F_OK);

		free(marker);
		if (!S_ISDIR(st.st_mode))
			return error("html: %s exists and is not a directory; choose another --out",
				     rd->path);
		if (!force)
			return error("html: %s already exists; pass --force to replace it", rd->path);
		if (!ours && !is_empty_dir(rd->path))
			return error("html: refusing to replace %s: it is not empty and has no %s "
				     "file, so it is not a report that whichalloc html wrote; remove "
				     "it yourself or choose another --out", rd->path, HTML_MARKER);
	}
	rd->tmp = sibling_name(rd->path, "tmp");
	if (!mkdtemp(rd->tmp)) {
		error("html: cannot create a directory next to %s: %s; check that its parent "
		      "exists and is writable", rd->path, strerror(errno));
		free(rd->tmp);
		rd->tmp = NULL;
		return -1;
	}
	/* mkdtemp() makes it 0700; give it the mode mkdir() would. */
	mask = umask(0);
	umask(mask);
	if (chmod(rd->tmp, 0777 & ~mask))
		warning("html: cannot set the mode of %s: %s", rd->tmp, strerror(errno));
	return report_dir_write(rd, HTML_MARKER, "whichalloc html report\n",
				strlen("whichalloc html report\n"));
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

	if (mkdir(path, 0777) && errno != EEXIST)
		ret = error("html: cannot create %s: %s", path, strerror(errno));
	free(path);
	return ret;
}

int report_dir_write(struct report_dir *rd, const char *rel, const char *data, size_t len)
{
	char *path = xstrfmt("%s/%s", rd->tmp, rel);
	FILE *f = fopen(path, "wx");
	int ret = 0;

	if (!f) {
		ret = error("html: cannot create %s: %s", path, strerror(errno));
	} else {
		if (fwrite(data, 1, len, f) != len || fflush(f) || ferror(f))
			ret = error("html: cannot write %s: %s; check the free space", path,
				    strerror(errno));
		if (fclose(f) && !ret)
			ret = error("html: cannot write %s: %s; check the free space", path,
				    strerror(errno));
	}
	free(path);
	return ret;
}

int report_dir_commit(struct report_dir *rd)
{
	char *old = NULL;
	struct stat st;
	int ret = 0;

	if (!lstat(rd->path, &st)) {
		if (!rd->force)
			return error("html: %s appeared while the report was written; pass --force "
				     "to replace it", rd->path);
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
	free(rd->tmp);
	free(rd->path);
	memset(rd, 0, sizeof(*rd));
}

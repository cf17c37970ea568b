// SPDX-License-Identifier: GPL-2.0-only
/*
 * The tree's version from its Makefile and its commit from git.
 */
#include "tree.h"
#include "run-command.h"
#include "tree-read.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *const version_vars[] = {
	"VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION",
};

/* If line assigns name ("NAME = value", also := and ?=), the value, trimmed; else NULL. */
static char *assigned_value(const char *line, size_t len, const char *name)
{
	size_t n = strlen(name), i;
	const char *hash;

	if (len < n || strncmp(line, name, n))
		return NULL;
	for (i = n; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	if (i < len && (line[i] == ':' || line[i] == '?'))
		i++;
	if (i >= len || line[i] != '=')
		return NULL;
	for (i++; i < len && isspace((unsigned char)line[i]); i++)
		;
	hash = memchr(line + i, '#', len - i);
	if (hash)
		len = (size_t)(hash - line);
	while (len > i && isspace((unsigned char)line[len - 1]))
		len--;
	return xstrndup(line + i, len - i);
}

static void read_version_vars(const char *text, size_t len, char *vals[4])
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t llen = nl ? (size_t)(nl - p) : (size_t)(end - p);

		for (size_t v = 0; v < ARRAY_SIZE(version_vars); v++)
			if (!vals[v])
				vals[v] = assigned_value(p, llen, version_vars[v]);
		p = nl ? nl + 1 : end;
	}
}

int tree_version_parse(const char *makefile, size_t len, struct strbuf *out)
{
	char *vals[4] = { NULL, NULL, NULL, NULL };
	int ret = -1;

	read_version_vars(makefile, len, vals);
	if (vals[0] && *vals[0]) {
		strbuf_addstr(out, vals[0]);
		if (vals[1] && *vals[1]) {
			strbuf_addf(out, ".%s", vals[1]);
			if (vals[2] && *vals[2])
				strbuf_addf(out, ".%s", vals[2]);
		}
		if (vals[3])
			strbuf_addstr(out, vals[3]);
		ret = 0;
	}
	for (size_t v = 0; v < ARRAY_SIZE(vals); v++)
		free(vals[v]);
	return ret;
}

char *tree_version(const char *top)
{
	struct strbuf text = STRBUF_INIT, version = STRBUF_INIT;
	struct tree_read r;
	char *ret = NULL;

	if (!tree_read_file(top, "Makefile", TREE_READ_MAX_SOURCE, &text, &r) &&
	    !tree_version_parse(text.buf, text.len, &version))
		ret = strbuf_detach(&version, NULL);
	strbuf_release(&version);
	strbuf_release(&text);
	return ret;
}

/* Run "git -C top ARG..." and return its first output line, or NULL when it fails. */
static char *git_output(const char *top, const char *arg1, const char *arg2)
{
	const char *argv[] = { "git", "-C", top, arg1, arg2, NULL };
	struct child_process cp = CHILD_PROCESS_INIT;
	char *ret = NULL;

	cp.argv = argv;
	cp.time_limit = 60;
	if (!run_command(&cp) && command_succeeded(&cp)) {
		strbuf_rtrim(&cp.out);
		if (cp.out.len && !strchr(cp.out.buf, '\n'))
			ret = xstrdup(cp.out.buf);
	}
	child_process_clear(&cp);
	return ret;
}

static bool same_directory(const char *a, const char *b)
{
	struct stat sa, sb;

	return !stat(a, &sa) && !stat(b, &sb) && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

char *tree_git_commit(const char *top)
{
	char *toplevel, *commit = NULL;
	char *git = locate_program("git");

	if (!git)
		return NULL;
	free(git);
	toplevel = git_output(top, "rev-parse", "--show-toplevel");
	if (toplevel && same_directory(toplevel, top))
		commit = git_output(top, "rev-parse", "HEAD");
	free(toplevel);
	return commit;
}

static bool is_regular_file(const char *top, const char *name)
{
	char *path = xstrfmt("%s/%s", top, name);
	struct stat st;
	bool ret = !stat(path, &st) && S_ISREG(st.st_mode);

	free(path);
	return ret;
}

bool tree_looks_like_kernel(const char *top)
{
	return is_regular_file(top, "Makefile") && is_regular_file(top, "MAINTAINERS");
}

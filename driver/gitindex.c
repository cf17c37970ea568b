// SPDX-License-Identifier: GPL-2.0-only
/*
 * git's index as a source of content hashes (see gitindex.h).
 */
#include "gitindex.h"
#include "run-command.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct git_index_entry *)a)->path,
		      ((const struct git_index_entry *)b)->path);
}

static int cmp_path_entry(const void *key, const void *elem)
{
	return strcmp(key, ((const struct git_index_entry *)elem)->path);
}

static bool is_hex40(const char *s)
{
	return strspn(s, "0123456789abcdef") == SHA1_HEX_SIZE - 1;
}

/*
 * One record: "TAG MODE HASH STAGE\tPATH". TAG 'H' is a plain cached file; a lower-case
 * tag is assume-unchanged and 'S' skip-worktree, whose work tree git does not check.
 */
static int parse_record(char *rec, struct git_index_entry *e)
{
	char *tab = strchr(rec, '\t');
	char *mode, *hash, *stage;

	if (!tab || tab - rec < 5 || rec[1] != ' ')
		return -1;
	*tab = '\0';
	e->path = tab + 1;
	mode = rec + 2;
	hash = strchr(mode, ' ');
	stage = hash ? strchr(hash + 1, ' ') : NULL;
	if (!stage || !*e->path)
		return -1;
	*hash++ = '\0';
	*stage++ = '\0';
	e->trusted = rec[0] == 'H' && !strcmp(stage, "0") &&
		     (!strcmp(mode, "100644") || !strcmp(mode, "100755")) &&
		     stage - hash == SHA1_HEX_SIZE && is_hex40(hash);
	e->modified = false;
	if (e->trusted)
		memcpy(e->hash, hash, SHA1_HEX_SIZE);
	else
		e->hash[0] = '\0';
	return 0;
}

int git_index_parse(struct git_index *idx, char *buf, size_t len)
{
	size_t pos = 0;

	idx->buf = buf;
	while (pos < len) {
		char *rec = buf + pos;
		size_t n = strlen(rec);

		ALLOC_GROW(idx->items, idx->nr + 1, idx->alloc);
		if (parse_record(rec, &idx->items[idx->nr]))
			return -1;
		idx->nr++;
		pos += n + 1;
	}
	if (idx->nr > 1)
		qsort(idx->items, idx->nr, sizeof(*idx->items), cmp_entry);
	/* A path twice (several stages): trust none of its entries. */
	for (size_t i = 1; i < idx->nr; i++)
		if (!strcmp(idx->items[i - 1].path, idx->items[i].path))
			idx->items[i - 1].trusted = idx->items[i].trusted = false;
	return 0;
}

static struct git_index_entry *find(const struct git_index *idx, const char *path)
{
	if (!idx->nr)
		return NULL;
	return bsearch(path, idx->items, idx->nr, sizeof(*idx->items), cmp_path_entry);
}

void git_index_mark_modified(struct git_index *idx, const char *buf, size_t len)
{
	size_t pos = 0;

	while (pos < len) {
		const char *path = buf + pos;
		struct git_index_entry *e = find(idx, path);

		if (e)
			e->modified = true;
		pos += strlen(path) + 1;
	}
}

const char *git_index_unchanged_hash(const struct git_index *idx, const char *path)
{
	const struct git_index_entry *e = find(idx, path);

	return e && e->trusted && !e->modified ? e->hash : NULL;
}

void git_index_clear(struct git_index *idx)
{
	free(idx->buf);
	free(idx->items);
	idx->buf = NULL;
	idx->items = NULL;
	idx->nr = idx->alloc = 0;
}

/* Our environment without GIT_* (GIT_DIR, GIT_INDEX_FILE... would point git elsewhere). */
static char **git_environment(void)
{
	static const char *const drop[] = { "GIT_", NULL };
	static const char *const add[] = { "GIT_OPTIONAL_LOCKS=0", NULL };

	return env_filtered(drop, add);
}

/* Run git with argv in top; its standard output in out, 0 when it succeeded. */
static int run_git(const char *git, const char *top, char **env, const char **argv,
		   struct strbuf *out)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	int ret = -1;

	cp.argv = argv;
	cp.program = git;
	cp.dir = top;
	cp.env = env;
	cp.time_limit = 120;
	if (!run_command(&cp) && command_succeeded(&cp)) {
		strbuf_add(out, cp.out.buf, cp.out.len);
		ret = 0;
	}
	child_process_clear(&cp);
	return ret;
}

int git_index_read(const char *top, struct git_index *idx)
{
	static const char *ls_files[] = { "git", "ls-files", "-s", "-v", "-z", NULL };
	static const char *diff_files[] = { "git", "diff-files", "--name-only", "-z", NULL };
	char *dotgit = xstrfmt("%s/.git", top);
	char *git = NULL;
	char **env = NULL;
	struct strbuf ls = STRBUF_INIT, mod = STRBUF_INIT;
	size_t len;
	int ret = -1;

	if (access(dotgit, F_OK) || !(git = locate_program("git")))
		goto out;
	env = git_environment();
	/* The index first: a file changed after it is read is then listed by diff-files. */
	if (run_git(git, top, env, ls_files, &ls) || run_git(git, top, env, diff_files, &mod))
		goto out;
	len = ls.len;
	ret = git_index_parse(idx, strbuf_detach(&ls, NULL), len);
	if (ret)
		git_index_clear(idx);
	else
		git_index_mark_modified(idx, mod.buf, mod.len);
out:
	env_free(env);
	strbuf_release(&ls);
	strbuf_release(&mod);
	free(git);
	free(dotgit);
	return ret;
}

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What git's index says of a work tree's files, for incremental rescans: the blob hash of
 * each tracked file (git ls-files -s -v -z) and which of them differ from the index in the
 * work tree (git diff-files --name-only -z). A file tracked at stage 0, without the
 * assume-unchanged or skip-worktree bit, and not listed by diff-files, has its index blob
 * as content: git's own stat check (racy entries included) vouches for it.
 */
#ifndef WHICHALLOC_GITINDEX_H
#define WHICHALLOC_GITINDEX_H

#include "hash.h"
#include "util.h"

#include <stdbool.h>
#include <stddef.h>

struct git_index_entry {
	const char *path;		/* into the index's buffer */
	char hash[SHA1_HEX_SIZE];
	bool trusted;			/* stage 0, regular file, no special bit */
	bool modified;			/* listed by git diff-files */
};

struct git_index {
	char *buf;			/* ls-files' output, owned */
	struct git_index_entry *items;	/* sorted by path */
	size_t nr, alloc;
};

#define GIT_INDEX_INIT { NULL, NULL, 0, 0 }

/*
 * Parse the output of "git ls-files -s -v -z" (the index takes ownership of buf, which
 * has len bytes and a NUL after them); -1 when it is not that output.
 */
int git_index_parse(struct git_index *idx, char *buf, size_t len);
/* Mark the files named in the output of "git diff-files --name-only -z" as modified. */
void git_index_mark_modified(struct git_index *idx, const char *buf, size_t len);
/* The blob hash of path when git vouches for the work tree's content, else NULL. */
const char *git_index_unchanged_hash(const struct git_index *idx, const char *path);
void git_index_clear(struct git_index *idx);

/*
 * Read the index of the git work tree whose top is top (which must hold .git): runs git
 * ls-files and git diff-files there, with an argv and without the caller's GIT_*
 * variables. -1 (no message) when git is missing or fails: the caller goes without.
 */
int git_index_read(const char *top, struct git_index *idx);

#endif

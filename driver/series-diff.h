/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A series' diffs, regenerated the way git writes them.
 *
 * The stored diffs (finding.diff) are spatch's: GNU diff's hunk headers, and every one
 * relative to the file as it was scanned. A series applies several of them to one file in
 * turn, so each patch is rebuilt from the changes it makes (runs of removed and added lines,
 * placed by their line in the scanned file) against the file as the earlier patches left
 * it: git's hunks (3 lines of context, merged when 6 or fewer lines apart), its hunk headers
 * (the function line found like git's default or "cpp" diff driver, cut at 80 bytes), and
 * the "diff --git" and "index" lines.
 */
#ifndef WHICHALLOC_SERIES_DIFF_H
#define WHICHALLOC_SERIES_DIFF_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>

/* How git finds the function line of a hunk: its default rule, or the "cpp" diff driver. */
enum funcname_style {
	FUNCNAME_DEFAULT,	/* a line starting with a letter, '_' or '$' */
	FUNCNAME_CPP,		/* a line starting with a letter or '_', not a label */
};

/* The style the top-level .gitattributes of the tree at top gives path ("*.c diff=cpp"). */
enum funcname_style funcname_style_for(const char *top, const char *path);

/* Does line (without its newline) name a function for git's rule of this style? */
bool funcname_line(enum funcname_style style, const char *line, size_t len);

struct sd_line {
	const char *p;		/* with its '\n', except a last line without one */
	size_t len;
};

/* One change: nr_old lines from line old (0-based, in the scanned file) become add. */
struct sd_change {
	long old;
	long nr_old;
	struct sd_line *add;
	size_t nr_add;
};

struct sd_changes {
	struct sd_change *items;
	size_t nr;
	size_t alloc;
};

#define SD_CHANGES_INIT { NULL, 0, 0 }

void sd_changes_clear(struct sd_changes *c);

/* What a patch did to its file, in patch order. */
struct sd_applied {
	long old;
	long nr_old;
	long nr_new;
};

/* A file of the tree as the series changes it. */
struct sd_file {
	char *path;			/* relative to the tree's top */
	struct strbuf original;		/* as scanned */
	struct sd_line *orig;
	size_t nr_orig;
	struct sd_line *cur;		/* after the patches applied so far */
	size_t nr_cur;
	struct sd_applied *applied;
	size_t nr_applied;
	size_t alloc_applied;
	struct string_list owned;	/* the added lines' text */
	enum funcname_style style;
	unsigned int mode;		/* 0100644 or 0100755 */
};

/* Take the file's content (moved out of content). */
void sd_file_init(struct sd_file *f, const char *path, struct strbuf *content,
		  enum funcname_style style, unsigned int mode);
void sd_file_clear(struct sd_file *f);

/*
 * Read the changes of one stored diff of f (a "---"/"+++" header and hunks), checking that
 * every context and removed line is the scanned file's line at the hunk's place. Appends
 * to out; -1 with the reason in why when the diff does not apply to the file.
 */
int sd_parse_changes(const struct sd_file *f, const char *diff, struct sd_changes *out,
		     struct strbuf *why);

/* One hunk of a regenerated patch: the region it covers before and after, with context. */
struct sd_hunk {
	long old_start;		/* 1-based, in the file before the patch */
	long old_count;
	struct strbuf old_text;
	struct strbuf new_text;
};

struct sd_patch {
	struct strbuf diff;	/* "diff --git ..." to the last hunk */
	long added;
	long deleted;
	struct sd_hunk *hunks;
	size_t nr_hunks;
	size_t alloc_hunks;
	struct strbuf before;	/* the file before and after the patch */
	struct strbuf after;
};

void sd_patch_init(struct sd_patch *p);
void sd_patch_clear(struct sd_patch *p);

/*
 * Apply changes (sorted here) to f as the earlier patches left it and write the patch git
 * would show for that step, with abbrev hex digits in its index line. -1 with the reason in
 * why when two changes overlap (within changes or with an earlier patch's).
 */
int sd_apply(struct sd_file *f, struct sd_changes *changes, int abbrev, struct sd_patch *out,
	     struct strbuf *why);

/* Does the path need git's quoting (so whichalloc will not write a patch for it)? */
bool sd_path_needs_quoting(const char *path);

#endif

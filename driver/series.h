/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * A patch series for one subsystem, as whichalloc series plans it: the findings in it, the
 * patches they make (one rule's change in one file or one function group), and the texts
 * a maintainer reads.
 */
#ifndef WHICHALLOC_SERIES_H
#define WHICHALLOC_SERIES_H

#include "finding.h"
#include "mbox.h"
#include "series-diff.h"

#include <stdbool.h>
#include <stddef.h>

/* A finding as the series sees it. */
struct series_finding {
	struct finding_row row;
	char *tree;		/* tree_path of its last run */
	char *scan_hash;	/* git blob hash of its file in its last run; NULL if none */
	bool report_only;	/* its rule, as its last run used it, proposes no patch */
	char *subsystem_now;	/* what the tree's MAINTAINERS says now; NULL if unknown */
	char *reviewer;		/* its latest review decision, if any */
	char *review_reason;
	char *review_note;
	bool requested;		/* named by the user, or accepted in the subsystem */
	bool in_series;		/* requested, or sharing a hunk with a requested finding */
	int patch;		/* index of the patch carrying it; -1 */
};

/* One patch: one rule's change in one file, for one group of findings. */
struct series_patch {
	char *file;
	char *rule;
	size_t *members;	/* indexes into the plan's findings, in line order */
	size_t nr_members;
	size_t alloc_members;
	long first_line;
	char *prefix;		/* of its subject, without the colon */
	char *subject;		/* without "[PATCH n/N]" */
	char *body;		/* the message after the subject line, trailers included */
	char *notes;		/* below the "---" line: the evidence, site by site */
	struct sd_patch diff;
	bool built;		/* diff holds the regenerated patch */
	char *filename;
	struct strbuf mail;	/* the whole file */
};

/* Free what a patch holds (not the patch itself). */
void series_patch_clear(struct series_patch *p);

/* What the texts need to know about the series and its tree. */
struct series_context {
	const char *subsystem;
	const char *tree;
	const char *tree_version;	/* NULL when unknown */
	const char *tree_commit;	/* NULL when not a git checkout */
	const char *spatch_version;	/* of the latest run */
	const struct ident *author;
	bool checkpatch;		/* checkpatch.pl ran on the patches */
	int version;			/* -v N; 0 or 1: the first */
	const char *changes;		/* --changes FILE's text, or NULL */
};

/*
 * What a reader is told below the commit message of a lone patch (there is no cover
 * letter): the changes since the last version, the evidence, and the sites left alone.
 */
void series_lone_notes(const struct series_context *ctx, const struct series_patch *p,
		       const struct series_finding *findings, size_t nr_findings,
		       struct strbuf *out);

/*
 * The subject line of a patch (without "[PATCH n/N]") and its message body: what the code
 * allocates, why the page allocator (or the open-coded copy) is not needed, what was
 * checked, the rule that found it, and Signed-off-by. source is the file as scanned.
 */
void series_patch_text(const struct series_context *ctx, struct series_patch *p,
		       const struct series_finding *findings, const char *source);

/*
 * The cover letter's subject and blurb (what the series does and why, its patches, how the
 * sites were found and reviewed, and the sites left alone with their reasons).
 */
void series_cover_text(const struct series_context *ctx, const struct series_patch *patches,
		       size_t nr, const struct series_finding *findings, size_t nr_findings,
		       struct strbuf *subject, struct strbuf *blurb);

/*
 * The buffer a pagealloc-kmalloc finding moves to kmalloc() ("tmp", "ctx->page") and
 * whether it lives only in its function; NULL when its code assigns nothing.
 */
char *series_site_buffer(const struct series_finding *f, bool *local);

/* A rule's remark without the line numbers in it (they go stale with the next commit). */
char *series_strip_lines(const char *text);

/*
 * The prefix the subjects (one per line, recent first) use most: the part before the first
 * ": ", with the second part when at least half of those subjects share it. NULL if none.
 */
char *series_prefix_from_log(const char *subjects);

/*
 * A prefix from the path in the kernel's common forms: fs/proc/x.c -> "proc",
 * security/selinux/x.c -> "selinux", mm/x.c -> "mm", kernel/bpf/x.c -> "bpf",
 * drivers/ntb/test/ntb_tool.c -> "ntb: ntb_tool".
 */
char *series_prefix_from_path(const char *file);

/* The function named fn in C source, from its definition line to its closing brace. */
int series_function_body(const char *source, const char *fn, const char **start,
			 size_t *len);

/* The calls in text that take the expression var as (part of) an argument: "name:N". */
void series_buffer_uses(const char *text, size_t len, const char *var,
			struct string_list *out);

#endif

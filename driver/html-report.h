/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The HTML report's assets and its output directory.
 */
#ifndef WHICHALLOC_HTML_REPORT_H
#define WHICHALLOC_HTML_REPORT_H

#include "util.h"

#include <stdbool.h>

/* The style sheet and the table script that every page embeds. */
extern const char html_css[];
extern const char html_js[];

/*
 * The Content-Security-Policy of a page: nothing may be loaded, only the embedded style sheet
 * (and script, when with_script) may apply, both allowed by their SHA-256.
 */
void html_csp(struct strbuf *out, bool with_script);

/* The file that marks a directory as a report whichalloc html wrote. */
#define HTML_MARKER ".whichalloc-report"

/*
 * A report directory built under a temporary name next to path and swapped into place:
 * without force an existing path is refused; with force it is replaced only when it is empty
 * or a report whichalloc wrote, and holds nothing else: HTML_MARKER lists what whichalloc
 * wrote there, and a file or directory a user added makes the replacement refused.
 */
struct report_dir {
	char *path;	/* where the report goes */
	char *tmp;	/* where it is being written */
	struct string_list written;	/* what was written there, relative to tmp */
	size_t mark;	/* in output.h's list of what a signal removes */
	bool force;
};

int report_dir_begin(struct report_dir *rd, const char *path, bool force);
/* Write rel (e.g. "findings/12.html") under the temporary directory. */
int report_dir_write(struct report_dir *rd, const char *rel, const char *data, size_t len);
int report_dir_mkdir(struct report_dir *rd, const char *rel);
/* Swap the finished report into place; -1 with a message (the old report is kept). */
int report_dir_commit(struct report_dir *rd);
/* Remove the temporary directory (after an error); safe after commit. */
void report_dir_abort(struct report_dir *rd);

#endif

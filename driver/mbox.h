/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The files `git format-patch --cover-letter --zero-commit` writes, byte for byte: the
 * "From " separator, From:/Date:/Subject:/To:/Cc: headers as git folds and encodes them, the
 * diffstat as git scales it, the cover letter's shortlog, the file names, the signature.
 * Checked against git 2.39 (tests/unit/test_series_mbox.c, tests/series/).
 */
#ifndef WHICHALLOC_MBOX_H
#define WHICHALLOC_MBOX_H

#include "util.h"

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/* git's MAIL_DEFAULT_WRAP: the diffstat width and the shortlog's wrap in a cover letter. */
#define MBOX_WRAP 72
/* RFC 2822's line length, at which git folds Subject: and From:. */
#define MBOX_HEADER_WIDTH 78

/* A person as git writes one: "Name <email>". */
struct ident {
	char *name;
	char *email;
};

/* Parse "Name <email>" (the name may be empty); -1 with a message when it is not one. */
int ident_parse(const char *s, struct ident *out);
void ident_clear(struct ident *id);

/* Does s hold a byte above 0x7f? */
bool mbox_has_non_ascii(const char *s);

/*
 * Append text wrapped the way git's strbuf_add_wrapped_text() wraps it: words are moved to
 * a new line indented by indent2 once a line would pass width columns; the first line is
 * indented by indent1, or, when indent1 is negative, -indent1 columns are taken already.
 */
void mbox_wrap(struct strbuf *out, const char *text, int indent1, int indent2, int width);

/* "Tue, 2 Jan 2024 03:04:05 +0100": t in the zone tz_minutes east of UTC. */
void mbox_date(struct strbuf *out, time_t t, int tz_minutes);

/* The "From: " header line(s) for who, RFC 2047-encoded or quoted and folded like git. */
void mbox_add_from(struct strbuf *out, const struct ident *who);
/* "Subject: TAG SUBJECT", folded at 78 columns like git; subject must be ASCII. */
void mbox_add_subject(struct strbuf *out, const char *tag, const char *subject);
/* "To: a,\n    b" as git writes --to/--cc; nothing when the list is empty. */
void mbox_add_addresses(struct strbuf *out, const char *field, const struct string_list *list);

/* "[PATCH 3/12]" is "[PATCH 03/12]": git pads the number to the width of the total. */
void mbox_tag(struct strbuf *out, int nr, int total);

/* "0003-fs-proc-use-kmalloc-in-foo.patch"; nr 0 gives "0000-cover-letter.patch". */
void mbox_patch_filename(struct strbuf *out, int nr, const char *subject);
/* The same with git's -v N: "v2-0003-...", cut at git's 64 bytes prefix included. */
void mbox_patch_filename_v(struct strbuf *out, int version, int nr, const char *subject);

/* One file of a diffstat. */
struct diffstat_item {
	const char *path;
	long added;
	long deleted;
};

/*
 * The diffstat git format-patch prints: one line per file (in the order given, which
 * should be git's path order), scaled to MBOX_WRAP columns, then the summary line.
 */
void mbox_diffstat(struct strbuf *out, const struct diffstat_item *items, size_t nr);

/* The cover letter's shortlog for one author: "Name (N):" and the wrapped subjects. */
void mbox_shortlog(struct strbuf *out, const char *author, const char *const *subjects,
		   size_t nr);

/* What every file of a series shares. */
struct mbox_envelope {
	const struct ident *from;
	time_t date;
	int tz_minutes;
	const struct string_list *to;
	const struct string_list *cc;
	const char *signature;	/* after "-- ": git writes its version */
	const char *subject_prefix;	/* --subject-prefix; NULL: "PATCH" */
	int version;		/* -v N; 0 or 1: none */
	bool unnumbered;	/* a lone patch without a cover letter: "[PATCH]" */
	const char *base_commit;	/* --base: "base-commit: X" at the end; NULL: none */
};

/* The tag of patch nr of total as git writes it for env: "[RFC PATCH v2 1/3]", "[PATCH]". */
void mbox_tag_env(struct strbuf *out, const struct mbox_envelope *env, int nr, int total);

/*
 * A patch file: headers, then body (the commit message after its subject line, trailers
 * included, ending in a newline), "---", notes (text below the line that is not part of
 * the commit, written as 'git format-patch --notes' writes a commit's note; NULL or "" for
 * none), the diffstat, a blank line, the diff (ending in a newline), base-commit when
 * env->base_commit is set and the patch is unnumbered, and the signature.
 */
void mbox_format_patch(struct strbuf *out, const struct mbox_envelope *env, int nr, int total,
		       const char *subject, const char *body, const char *notes,
		       const char *diffstat, const char *diff);

/*
 * The cover letter: headers, blurb (ending in a newline), the shortlog of subjects by
 * author, the whole series' diffstat and the signature.
 */
void mbox_format_cover(struct strbuf *out, const struct mbox_envelope *env, int total,
		       const char *subject, const char *blurb, const char *const *subjects,
		       const char *diffstat);

#endif

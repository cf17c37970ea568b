/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Reading files of a kernel tree: the one way every reader of tree files (the scan's
 * hashing and keyword prefilter, show, html, series, review, history, MAINTAINERS, the
 * Makefile) reads them.
 *
 * A tree is outside data that may change or be hostile while it is read: a file is opened
 * with O_NONBLOCK (a FIFO put in its place does not block), beneath the tree's top without
 * following any symbolic link (openat2 RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS; where the
 * kernel lacks openat2, O_NOFOLLOW on the last component and no ".." in the name), must be
 * a regular file (fstat), is read with read() (never mapped: a file truncated while it is
 * read cannot raise SIGBUS) up to a bound, and is compared with fstat after the read: a file
 * whose size, times or identity moved, or that did not give exactly its size, changed while
 * it was read and its bytes are not used.
 */
#ifndef WHICHALLOC_TREE_READ_H
#define WHICHALLOC_TREE_READ_H

#include "util.h"

#include <sys/stat.h>

/* The most read of a source file (.c, .h, the Makefile): no kernel source comes close. */
#define TREE_READ_MAX_SOURCE ((size_t)64 << 20)
/* The most read of a MAINTAINERS file (the kernel's is under 1 MiB). */
#define TREE_READ_MAX_MAINTAINERS ((size_t)16 << 20)

enum tree_read_status {
	TREE_READ_OK,
	TREE_READ_SYSTEM,	/* open, fstat or read failed: sys_errno */
	TREE_READ_LINK,		/* a symbolic link on the way, not followed */
	TREE_READ_NOT_REGULAR,	/* a FIFO, device, directory or socket */
	TREE_READ_TOO_BIG,	/* larger than the bound */
	TREE_READ_CHANGED,	/* changed while it was read */
};

struct tree_read {
	enum tree_read_status status;
	int sys_errno;
	size_t max;
	struct stat st;		/* from fstat before reading, when the file was opened */
};

/*
 * Read the file rel (relative, no leading '/') of the tree at top into out (replacing its
 * content), at most max bytes. 0 when read; -1 with r->status saying why not (out is then
 * empty).
 */
int tree_read_file(const char *top, const char *rel, size_t max, struct strbuf *out,
		   struct tree_read *r);
/*
 * The same for a path a user named (the last component's link is followed, so a named
 * link to a regular file works; a link to a device or FIFO is still refused by fstat).
 */
int tree_read_path(const char *path, size_t max, struct strbuf *out, struct tree_read *r);
/* Why the file could not be read and what to do, without its name: append to msg. */
void tree_read_describe(const struct tree_read *r, struct strbuf *msg);
/*
 * Read the source file rel of the tree at top to show it (show, html, review): 0 when read;
 * -1 when not, with a warning that says why unless the file is simply gone.
 */
int tree_read_source_to_show(const char *top, const char *rel, struct strbuf *out);

#endif

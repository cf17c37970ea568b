/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Output files written atomically: the one writer behind export --out, review --export,
 * the html report's files and series' patch files.
 *
 * A file is written under a temporary name in its target's directory, synced, and renamed
 * into place, so that readers never see half a file. Whatever the commands write:
 *  - a target that exists and is not a regular file (a directory, a device, a FIFO, a
 *    socket, a symbolic link to one of those or to nothing) is refused, --force or not;
 *  - a target that is one of the protected files (the database being read, its -wal,
 *    -shm and -journal files; through any symbolic or hard link) is refused;
 *  - an existing regular file is replaced only with force; without it the check and the
 *    creation are one atomic link();
 *  - the temporary file is removed on every error and when SIGINT, SIGTERM or SIGHUP
 *    ends the process.
 */
#ifndef WHICHALLOC_OUTPUT_H
#define WHICHALLOC_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Never write over path (nor its -wal, -shm and -journal files): by device and inode. */
void output_protect(const char *path);

struct output_file {
	char *path;	/* the target, for messages; NULL: standard output */
	char *dir;	/* its directory, for messages */
	char *name;	/* the target's name in its directory */
	char *tmp;	/* the temporary file, for messages */
	char *tmpname;	/* its name in the directory */
	FILE *f;
	int dfd;	/* the target's directory */
	bool own_dfd;
	bool force;
	bool no_sync;
	size_t mark;	/* in the list of files removed on a signal */
};

/* Start writing path (NULL or "-": standard output); -1 with a message. */
int output_file_open(struct output_file *of, const char *path, bool force);
/* The same for the file name in the directory open as dfd (shown as dir in messages). */
int output_file_openat(struct output_file *of, int dfd, const char *dir, const char *name,
		       bool force);
/* Flush, sync and rename into place; -1 with a message (the temporary file is removed). */
int output_file_commit(struct output_file *of);
/* Remove the temporary file (after an error); safe to call after commit. */
void output_file_abort(struct output_file *of);

#define OUTPUT_FORCE	1	/* replace an existing regular file */
#define OUTPUT_NO_SYNC	2	/* no fsync (a file in a directory renamed as a whole later) */

/* Write all of data as dir/name (dfd open on dir) through an output_file. */
int output_write_at(int dfd, const char *dir, const char *name, const char *data, size_t len,
		    unsigned flags);

/*
 * -1 with a message when name in the directory open as dfd (shown as shown) exists and may
 * not be written: not a regular file, a protected file, or (without force) any file.
 */
int output_check_target(int dfd, const char *name, const char *shown, bool force);

/*
 * Temporary files and directories removed when SIGINT, SIGTERM or SIGHUP ends the process,
 * newest first. output_cleanup_push() returns a mark; output_cleanup_pop(mark) forgets the
 * entries from that mark on (after they were renamed into place or removed).
 */
size_t output_cleanup_push(const char *path, bool is_dir);
void output_cleanup_pop(size_t mark);

#endif

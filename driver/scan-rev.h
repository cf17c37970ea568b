/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * scan --rev REV: a revision of a git repository exported to a temporary directory (git
 * archive | tar -x, two argv commands through a temporary tar file), so that the scan
 * reads it without touching the repository's checkout, index or refs.
 */
#ifndef WHICHALLOC_SCAN_REV_H
#define WHICHALLOC_SCAN_REV_H

/*
 * Export revision rev of the git work tree or bare repository repo (absolute) into a new
 * directory under temp_dir(): *copy is its path, *commit the revision's full commit id.
 * -1 with a message (not a git repository, unknown revision, git or tar failed, SIGINT or
 * SIGTERM during the export), and then nothing is left behind.
 */
int scan_rev_export(const char *repo, const char *rev, char **copy, char **commit);

/* Remove the copy made by scan_rev_export() (a warning when it cannot). */
void scan_rev_remove(const char *copy);

#endif

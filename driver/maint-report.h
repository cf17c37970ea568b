/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * maint-report.h - read a tree's MAINTAINERS file for a command and print its warnings
 * ("PATH:LINE: what happened; what to do") on stderr, bounded: the first
 * MAINT_REPORT_SHOWN of them, then one line saying how many more there were. Used by every
 * command that reads MAINTAINERS (scan, subsystems --attach, series), so that they all warn
 * the same way.
 */
#ifndef WHICHALLOC_MAINT_REPORT_H
#define WHICHALLOC_MAINT_REPORT_H

#include <stddef.h>

struct maintainers;

#define MAINT_REPORT_SHOWN 10

/*
 * maintainers_load() of path with its warnings printed as they come, including those
 * about a regex that hits a matching limit during a later lookup. Right after parsing, one
 * line "PATH: N more warnings ..." counts those not printed. NULL with err filled when the
 * file cannot be used (nothing printed: the caller says what that means for it).
 */
struct maintainers *maint_report_load(const char *path, char *err, size_t errlen);

/* Count the warnings not printed since the load, then maintainers_free(m). */
void maint_report_free(struct maintainers *m);

#endif

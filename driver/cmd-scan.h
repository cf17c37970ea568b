/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * whichalloc scan: the command line of the scan engine.
 */
#ifndef WHICHALLOC_CMD_SCAN_H
#define WHICHALLOC_CMD_SCAN_H

#include "scan.h"
#include "shard.h"

struct scan_options {
	const char *kernel;
	const char *db;
	const char *rules;
	const char *cocci_dir;
	const char *rev;	/* --rev REV: scan this revision of the git repository */
	const char *python;	/* NULL: DEFAULT_PYTHON when it is there */
	struct string_list dirs;
	long jobs;		/* 0: the number of online CPUs */
	long timeout;
	bool full;
	bool strict;		/* refuse a tree without a top Makefile and MAINTAINERS */
	bool help;
	struct shard shard;	/* --shard K/N; n == 0: the whole tree */
};

#define SCAN_DEFAULT_TIMEOUT 120
/* Debian's python3, which its coccinelle package depends on. */
#define DEFAULT_PYTHON "/usr/bin/python3"

/* Parse scan's arguments (argv[0] is "scan"); -1 with a message on errors. */
int scan_parse_options(int argc, char **argv, struct scan_options *o);
void scan_options_release(struct scan_options *o);

/* "spatch version 1.1.1 compiled with ..." -> "1.1.1"; the first line when it differs. */
char *parse_spatch_version(const char *output);

#endif

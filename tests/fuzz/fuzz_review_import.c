// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the review import (review.c: review_import()), which reads a JSON file written by
 * 'whichalloc review --export' and possibly edited by hand. The database is in memory and
 * holds one finding (fingerprint 40 times 'a'), so valid decisions about it are imported;
 * every input must either import what it reports or leave the database as it was (but for
 * the batches of 1000 decisions committed before an error).
 */
#include "db.h"
#include "fuzz.h"
#include "review.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static sqlite3 *db;
static char path[64];

static void cleanup(void)
{
	unlink(path);
	db_close(db);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	set_quiet_errors(true);
	snprintf(path, sizeof(path), "/tmp/whichalloc-fuzz-import.%ld.json", (long)getpid());
	if (db_open(":memory:", DB_CREATE, &db) ||
	    db_exec(db, "INSERT INTO run (id, started_at, tree_path, spatch_version) "
		    "VALUES (1, '2026-01-01T00:00:00Z', '/k', '1.1.1');"
		    "INSERT INTO finding (fingerprint, rule, verdict, file, line, col, end_line, "
		    "end_col, function, message, code, first_run, last_run) VALUES "
		    "('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'r', 'replace', 'a.c', 1, 0, 1, "
		    "1, 'f', 'm', 'c', 1, 1);"
		    /* Only this harness deletes decisions, to start every input afresh. */
		    "DROP TRIGGER review_append_only_delete")) {
		fprintf(stderr, "fuzz_review_import: cannot set up the database: %s\n",
			last_error());
		exit(1);
	}
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct review_import_summary sum;
	long long before, after;
	FILE *f = fopen(path, "w");

	if (!f || fwrite(data, 1, size, f) != size || fclose(f)) {
		perror(path);
		abort();
	}
	before = db_query_int(db, "SELECT count(*) FROM review", -1);
	if (review_import(db, path, &sum)) {
		/* A refused file changes nothing but the batches committed before an error. */
		after = db_query_int(db, "SELECT count(*) FROM review", -1);
		if (after != before + sum.added)
			abort();
	} else {
		after = db_query_int(db, "SELECT count(*) FROM review", -1);
		if (after != before + sum.added)
			abort();
	}
	/* Keep the database small: every input starts from the same state. */
	if (db_exec(db, "DELETE FROM review; UPDATE finding SET status = 'new'"))
		abort();
	return 0;
}

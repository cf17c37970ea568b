/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The database: open or create it, bring its schema up to date, and refuse files that are
 * not whichalloc's or that a newer whichalloc wrote.
 */
#ifndef WHICHALLOC_DB_H
#define WHICHALLOC_DB_H

#include "util.h"

#include <sqlite3.h>
#include <stdbool.h>

#define WHICHALLOC_APPLICATION_ID 0x57414c43	/* "WALC" */

enum db_mode {
	DB_CREATE,	/* create the file when it does not exist (scan) */
	DB_EXISTING,	/* the file must exist (review, series) */
	DB_READ,	/* the file must exist, and is only read (list, show, stats, export):
			 * read-only when it or its directory cannot be written */
};

/* The schema version this binary knows: 1 plus its migrations. */
int db_schema_version(void);

/*
 * Open path: WAL, a 5 s busy timeout, foreign keys on, schema created or migrated.
 * -1 with a message naming the file on any problem.
 */
int db_open(const char *path, enum db_mode mode, sqlite3 **out);
void db_close(sqlite3 *db);

/* The database's PRAGMA user_version; -1 on errors. */
int db_user_version(sqlite3 *db);

/* Prepare sql, or report the SQLite error with what it was for; NULL on errors. */
sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql);
/* Run a statement that returns no rows, with a message on errors; -1 on errors. */
int db_exec(sqlite3 *db, const char *sql);
/* The first column of the first row of sql as an integer (def when there is no row). */
long long db_query_int(sqlite3 *db, const char *sql, long long def);

/* Bind helpers: NULL text binds SQL NULL. */
int db_bind_text(sqlite3_stmt *st, int idx, const char *s);
int db_bind_int(sqlite3_stmt *st, int idx, long long v);

/* sqlite3_step() expecting SQLITE_DONE; resets the statement; -1 with a message. */
int db_step_done(sqlite3_stmt *st);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK. */
int db_begin(sqlite3 *db);
int db_commit(sqlite3 *db);
void db_rollback(sqlite3 *db);

/* Whether SQLite can write path and create its -wal and -shm files next to it. */
bool db_dir_writable(const char *path);
/* Append name to sb as a quoted SQL identifier (for names of the schema, never data). */
void db_add_ident(struct strbuf *sb, const char *name);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Opening, creating and migrating the database.
 */
#include "db.h"
#include "output.h"
#include "util.h"
#include "schema_sql.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int db_schema_version(void)
{
	int version = 1;

	for (const struct whichalloc_migration *m = whichalloc_migrations; m->sql; m++)
		if (m->version > version)
			version = m->version;
	return version;
}

sqlite3_stmt *db_prepare(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		error("SQLite cannot prepare a statement (%s): %.80s", sqlite3_errmsg(db), sql);
		sqlite3_finalize(st);
		return NULL;
	}
	return st;
}

/* What to do about a failed statement, from SQLite's primary result code. */
static const char *failure_advice(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return "another process kept the database locked for more than 5 s; wait for it "
		       "to finish (another whichalloc?), then run the command again";
	case SQLITE_FULL:
		return "the disk is full; free some space, then run the command again (what was "
		       "committed before is kept)";
	case SQLITE_READONLY:
		return "the database cannot be written; check the permissions of the file and its "
		       "directory, or whether its file system is mounted read-only";
	case SQLITE_IOERR:
		return "the disk failed to read or write; check it, then run the command again";
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return "the file is damaged; restore a copy, or move it away and scan again";
	default:
		return "nothing of this statement was stored";
	}
}

static int failure(sqlite3 *db, int rc, const char *msg, const char *sql)
{
	const char *file = sqlite3_db_filename(db, "main");
	int sys = sqlite3_system_errno(db);

	/* SQLite says "disk I/O error" when the file system is full or read-only. */
	if (sys == ENOSPC || sys == EDQUOT)
		rc = SQLITE_FULL;
	else if (sys == EROFS)
		rc = SQLITE_READONLY;

	return error("SQLite failed on %s (%s) running: %.80s; %s", file && *file ? file :
		     "the database", msg, sql, failure_advice(rc));
}

int db_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		failure(db, rc, msg ? msg : sqlite3_errmsg(db), sql);
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

long long db_query_int(sqlite3 *db, const char *sql, long long def)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	long long v = def;

	if (!st)
		return def;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

int db_bind_text(sqlite3_stmt *st, int idx, const char *s)
{
	if (!s)
		return sqlite3_bind_null(st, idx);
	return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

int db_bind_int(sqlite3_stmt *st, int idx, long long v)
{
	return sqlite3_bind_int64(st, idx, v);
}

int db_step_done(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3 *db = sqlite3_db_handle(st);
	int ret = 0;

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = failure(db, rc, sqlite3_errmsg(db), sqlite3_sql(st));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ret;
}

int db_begin(sqlite3 *db)
{
	return db_exec(db, "BEGIN IMMEDIATE");
}

int db_commit(sqlite3 *db)
{
	return db_exec(db, "COMMIT");
}

void db_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

int db_user_version(sqlite3 *db)
{
	return (int)db_query_int(db, "PRAGMA user_version", -1);
}

void db_close(sqlite3 *db)
{
	if (db)
		sqlite3_close_v2(db);
}

/* PRAGMAs cannot take parameters; the numbers come from this binary. */
static int set_pragma_number(sqlite3 *db, const char *pragma, long long value)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA %s = %lld", pragma, value);
	return db_exec(db, sql);
}

static int run_in_transaction(sqlite3 *db, const char *sql, int version, bool fresh)
{
	if (db_begin(db))
		return -1;
	/*
	 * A fresh database is marked as whichalloc's here too, whatever number the schema
	 * file's own PRAGMA application_id carries.
	 */
	if (db_exec(db, sql) || set_pragma_number(db, "user_version", version) ||
	    (fresh && set_pragma_number(db, "application_id", WHICHALLOC_APPLICATION_ID)) ||
	    db_commit(db)) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

static int create_schema(sqlite3 *db, const char *path)
{
	if (db_exec(db, "PRAGMA journal_mode = WAL"))
		return -1;
	if (run_in_transaction(db, whichalloc_schema_sql, 1, true))
		return error("cannot create the schema in %s; check that the file is writable",
			     path);
	return 0;
}

static int migrate(sqlite3 *db, const char *path, int from)
{
	for (const struct whichalloc_migration *m = whichalloc_migrations; m->sql; m++) {
		if (m->version <= from)
			continue;
		if (run_in_transaction(db, m->sql, m->version, false))
			return error("migration %s failed on %s; the database is left at schema "
				     "version %d", m->name, path, db_user_version(db));
	}
	return 0;
}

struct db_identity {
	long long application_id;
	long long objects;
	int user_version;
};

static int read_identity(sqlite3 *db, const char *path, struct db_identity *id)
{
	sqlite3_stmt *st;
	int rc;

	/* The first read of the file tells whether it is an SQLite database at all. */
	if (sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL) ||
	    (rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = sqlite3_extended_errcode(db);
		/* Not a database, or a database that cannot be read now (locked, disk full). */
		if ((rc & 0xff) == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT)
			error("%s is not a usable SQLite database (%s); pass --db with a whichalloc "
			      "database or a new file name", path, sqlite3_errmsg(db));
		else
			failure(db, rc, sqlite3_errmsg(db), "SELECT count(*) FROM sqlite_master");
		sqlite3_finalize(st);
		return -1;
	}
	id->objects = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	id->application_id = db_query_int(db, "PRAGMA application_id", 0);
	id->user_version = db_user_version(db);
	return 0;
}

static int check_identity(const struct db_identity *id, const char *path)
{
	int known = db_schema_version();

	if (id->application_id != WHICHALLOC_APPLICATION_ID &&
	    (id->objects || id->application_id))
		return error("%s is not a whichalloc database (application_id 0x%08llx, %lld "
			     "schema objects); refusing to touch it: pass --db with a whichalloc "
			     "database or a new file name", path,
			     (unsigned long long)id->application_id, id->objects);
	if (id->user_version > known)
		return error("%s has schema version %d, newer than version %d that this "
			     "whichalloc %s knows; use a newer whichalloc", path,
			     id->user_version, known, WHICHALLOC_VERSION);
	if (id->application_id == WHICHALLOC_APPLICATION_ID && id->user_version < 1)
		return error("%s is marked as a whichalloc database but has no schema version; "
			     "it is damaged: move it away and scan again", path);
	return 0;
}

static int prepare_connection(sqlite3 *db, const char *path)
{
	struct db_identity id;

	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	if (read_identity(db, path, &id) || check_identity(&id, path))
		return -1;
	if (id.application_id != WHICHALLOC_APPLICATION_ID && create_schema(db, path))
		return -1;
	if (id.user_version < db_schema_version() &&
	    migrate(db, path, id.user_version < 1 ? 1 : id.user_version))
		return -1;
	if (db_exec(db, "PRAGMA journal_mode = WAL") || db_exec(db, "PRAGMA foreign_keys = ON"))
		return error("cannot configure %s (WAL, foreign keys); check that the file and "
			     "its directory are writable", path);
	return 0;
}

bool db_dir_writable(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) :
			    xstrdup(".");
	bool ok = !access(dir, W_OK);

	free(dir);
	return ok;
}

void db_add_ident(struct strbuf *sb, const char *name)
{
	strbuf_addch(sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			strbuf_addch(sb, '"');
		strbuf_addch(sb, *p);
	}
	strbuf_addch(sb, '"');
}

/*
 * A read-only connection as a URI: mode=ro, and immutable=1 when the directory cannot be
 * written either (no -wal or -shm file can be made there, so none is used).
 */
static char *readonly_uri(const char *path, bool immutable)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "file:");
	if (path[0] == '/' && path[1] == '/')
		strbuf_addstr(&sb, "//localhost");
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (isalnum(*p) || strchr("/-._~", *p))
			strbuf_addch(&sb, *p);
		else
			strbuf_addf(&sb, "%%%02X", *p);
	}
	strbuf_addstr(&sb, immutable ? "?mode=ro&immutable=1" : "?mode=ro");
	return strbuf_detach(&sb, NULL);
}

static int prepare_readonly(sqlite3 *db, const char *path)
{
	struct db_identity id;

	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, 5000);
	if (read_identity(db, path, &id) || check_identity(&id, path))
		return -1;
	if (id.application_id != WHICHALLOC_APPLICATION_ID)
		return error("%s is empty and read-only; run 'whichalloc scan' into a database "
			     "that can be written", path);
	if (id.user_version < db_schema_version())
		return error("%s has schema version %d, older than version %d; it cannot be "
			     "brought up to date because it is read-only: open it once where it "
			     "can be written", path, id.user_version, db_schema_version());
	return db_exec(db, "PRAGMA foreign_keys = ON");
}

static int open_readonly(const char *path, sqlite3 **out)
{
	char *uri = readonly_uri(path, !db_dir_writable(path));
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);

	free(uri);
	if (rc != SQLITE_OK) {
		error("cannot open database %s: %s; check the path and its permissions", path,
		      db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close_v2(db);
		return -1;
	}
	if (prepare_readonly(db, path)) {
		sqlite3_close_v2(db);
		return -1;
	}
	*out = db;
	return 0;
}

int db_open(const char *path, enum db_mode mode, sqlite3 **out)
{
	int flags = SQLITE_OPEN_READWRITE | (mode == DB_CREATE ? SQLITE_OPEN_CREATE : 0);
	sqlite3 *db = NULL;

	*out = NULL;
	if (mode != DB_CREATE && access(path, F_OK))
		return error("no database %s; run 'whichalloc scan' first or pass --db FILE",
			     path);
	/* A read-only file system or file: what only reads still works. */
	if (mode == DB_READ && (access(path, W_OK) || !db_dir_writable(path))) {
		if (open_readonly(path, out))
			return -1;
		output_protect(path);
		return 0;
	}
	if (sqlite3_open_v2(path, &db, flags, NULL) != SQLITE_OK) {
		error("cannot open database %s: %s; check the path and its permissions", path,
		      db ? sqlite3_errmsg(db) : "out of memory");
		sqlite3_close_v2(db);
		return -1;
	}
	if (prepare_connection(db, path)) {
		sqlite3_close_v2(db);
		return -1;
	}
	/* Whatever a command writes, it never writes over the database it reads. */
	output_protect(path);
	*out = db;
	return 0;
}

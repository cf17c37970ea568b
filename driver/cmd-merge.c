// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc merge
 *
 * The output is built in a temporary database next to it (a copy of it when it exists),
 * then synced and renamed into place: an error or a signal leaves the output as it was.
 */
#include "cmd.h"
#include "db.h"
#include "merge.h"
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * merge takes no option but --help: its own check_arguments() refuses any other argument
 * that starts with '-', with a word on file names that do.
 */
const struct command_usage merge_usage = {
	.name = "merge",
	.text =
"usage: whichalloc merge OUT.db IN.db...\n"
"\n"
"Merge whichalloc databases into OUT.db: runs, files, rules, findings, their sightings,\n"
"file scans and patches, the stat cache, review decisions and series. A run is copied\n"
"once (runs are known by a uid), a finding is one finding whatever database it comes\n"
"from (findings are known by their fingerprint: identities are kept), and a review\n"
"decision or series that OUT.db has already is not copied again: merging the same\n"
"database twice changes nothing. A finding both have takes the columns of the database\n"
"whose run saw it (or fixed it) last.\n"
"\n"
"The shard runs of one scan ('whichalloc scan --shard K/N', K = 1..N, over the same\n"
"tree with the same rules) become one more run, of the whole tree: the latest complete\n"
"run, which list, stats, export and history read (docs/scaling.md).\n"
"\n"
"OUT.db may exist: the inputs are merged into it. It is written through a temporary\n"
"copy renamed into place, so an error or Ctrl-C leaves it as it was. Every input must\n"
"have this whichalloc's schema version and must have been scanned with the same rules\n"
"(the same SHA-1 of each rule file) as the others and as OUT.db: merge refuses others.\n",
};

static int out_lock_fd = -1;

/* The lock scans take (cmd-scan.c): no scan writes OUT.db while merge replaces it. */
static int lock_output(const char *path)
{
	out_lock_fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (out_lock_fd < 0)
		return errno == ENOENT ? 0 : error("merge: cannot open %s: %m", path);
	if (flock(out_lock_fd, LOCK_EX | LOCK_NB))
		return error("merge: another whichalloc scan or merge is writing to %s; wait for it "
			     "to finish, then merge again", path);
	return 0;
}

/* ---- The inputs ---- */

static bool same_file(const char *a, const char *b)
{
	struct stat x, y;

	return !stat(a, &x) && !stat(b, &y) && x.st_dev == y.st_dev && x.st_ino == y.st_ino;
}

static int attach(sqlite3 *db, const char *path)
{
	/*
	 * Read-only when it cannot be written; else read-write, only read, so that SQLite
	 * removes the -wal and -shm files it makes when the input is detached.
	 */
	char *uri = xstrfmt("file:%s%s", path, access(path, W_OK) || !db_dir_writable(path) ?
			    "?mode=ro" : "");
	sqlite3_stmt *st;
	int ret;

	/* The path goes into a URI: '?' and '#' would end it, '%' escape. */
	if (strpbrk(path, "?#%")) {
		free(uri);
		return error("merge: cannot read %s: its name holds '?', '#' or '%%'; rename it",
			     path);
	}
	st = db_prepare(db, "ATTACH DATABASE ?1 AS src");
	if (!st) {
		free(uri);
		return -1;
	}
	db_bind_text(st, 1, uri);
	ret = db_step_done(st);
	sqlite3_finalize(st);
	free(uri);
	return ret ? error("merge: cannot open %s", path) : 0;
}

static void detach(sqlite3 *db)
{
	sqlite3_exec(db, "DETACH DATABASE src", NULL, NULL, NULL);
}

static int check_schema(sqlite3 *db, const char *path)
{
	long long app = db_query_int(db, "PRAGMA src.application_id", -1);
	long long version = db_query_int(db, "PRAGMA src.user_version", -1);
	int known = db_schema_version();

	if (app != WHICHALLOC_APPLICATION_ID)
		return error("merge: %s is not a whichalloc database (application_id 0x%08llx); "
			     "give databases that 'whichalloc scan' wrote", path,
			     (unsigned long long)app);
	if (version < known)
		return error("merge: %s has schema version %lld, and this whichalloc writes version "
			     "%d: bring it up to date with 'whichalloc stats --db %s' (any command "
			     "of this whichalloc migrates it), then merge again", path, version,
			     known, path);
	if (version > known)
		return error("merge: %s has schema version %lld, newer than version %d that this "
			     "whichalloc knows; merge with the newer whichalloc that wrote it", path,
			     version, known);
	return 0;
}

/* "a, b and 2 more" of the items of a that b lacks; NULL when none. */
static char *missing_items(const struct string_list *a, const struct string_list *b)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = 0;

	for (size_t i = 0; i < a->nr; i++) {
		if (string_list_has(b, a->items[i]))
			continue;
		if (n < 3)
			strbuf_addf(&sb, "%s%s", n ? ", " : "", a->items[i]);
		n++;
	}
	if (n > 3)
		strbuf_addf(&sb, " and %zu more", n - 3);
	return n ? strbuf_detach(&sb, NULL) : (strbuf_release(&sb), NULL);
}

static bool same_rules(const struct string_list *a, const struct string_list *b)
{
	if (a->nr != b->nr)
		return false;
	for (size_t i = 0; i < a->nr; i++)
		if (strcmp(a->items[i], b->items[i]))
			return false;
	return true;
}

/*
 * The first database with runs sets the rules; every other one with runs must have the same
 * (name and SHA-1 of each rule file).
 */
static int check_rules(sqlite3 *db, const char *path, struct string_list *rules,
		       const char **rules_of)
{
	struct string_list mine = STRING_LIST_INIT;
	char *only_mine, *only_theirs;
	int ret = 0;

	if (merge_rule_set(db, "src", &mine))
		return -1;
	if (!mine.nr || !*rules_of) {
		if (mine.nr) {
			*rules = mine;
			*rules_of = path;
			return 0;
		}
		string_list_clear(&mine);
		return 0;
	}
	if (!same_rules(&mine, rules)) {
		only_mine = missing_items(&mine, rules);
		only_theirs = missing_items(rules, &mine);
		ret = error("merge: %s and %s were scanned with different rules (NAME SHA-1 of "
			    "the rule file): only in %s: %s; only in %s: %s; merge databases "
			    "scanned with the same rules (the same cocci/ directory and --rules): "
			    "scan one again, or keep them apart", path, *rules_of, path,
			    only_mine ? only_mine : "none", *rules_of,
			    only_theirs ? only_theirs : "none");
		free(only_mine);
		free(only_theirs);
	}
	string_list_clear(&mine);
	return ret;
}

/* ---- The temporary output ---- */

struct temp_out {
	char *path;	/* the temporary database */
	char *aux[3];	/* its -journal, -wal and -shm files */
	size_t mark;
};

static int make_temp(const char *out, struct temp_out *t)
{
	const char *slash = strrchr(out, '/');
	char *dir = slash ? xstrndup(out, (size_t)(slash - out + 1)) : xstrdup("");
	static const char *const suffix[] = { "-journal", "-wal", "-shm" };
	int fd;

	t->path = xstrfmt("%s.%s.merge.XXXXXX", dir, slash ? slash + 1 : out);
	free(dir);
	fd = mkstemp(t->path);
	if (fd < 0) {
		error("merge: cannot make a temporary file %s: %m; check that the directory of "
		      "%s is writable", t->path, out);
		free(t->path);
		t->path = NULL;
		return -1;
	}
	close(fd);
	t->mark = output_cleanup_push(t->path, false);
	for (size_t i = 0; i < ARRAY_SIZE(t->aux); i++) {
		t->aux[i] = xstrfmt("%s%s", t->path, suffix[i]);
		output_cleanup_push(t->aux[i], false);
	}
	return 0;
}

static void remove_temp(struct temp_out *t)
{
	if (!t->path)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(t->aux); i++) {
		unlink(t->aux[i]);
		free(t->aux[i]);
	}
	unlink(t->path);
	output_cleanup_pop(t->mark);
	free(t->path);
	t->path = NULL;
}

/*
 * A consistent copy of the existing output (WAL included) into the temporary file; the
 * output is only read (the copy is migrated, not it).
 */
static int copy_existing(const char *out, const char *tmp)
{
	sqlite3 *from = NULL, *to = NULL;
	sqlite3_backup *b;
	long long app = -1, objects = 0;
	int rc = SQLITE_ERROR;

	/* Read-write when it may be (only read): SQLite then removes the -wal it makes. */
	if (sqlite3_open_v2(out, &from, access(out, W_OK) || !db_dir_writable(out) ?
			    SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(from, 5000);
		app = db_query_int(from, "PRAGMA application_id", -1);
		objects = db_query_int(from, "SELECT count(*) FROM sqlite_master", -1);
	}
	if (app != WHICHALLOC_APPLICATION_ID && objects) {
		sqlite3_close_v2(from);
		return error("merge: %s is not a whichalloc database; refusing to write over it: "
			     "give a whichalloc database or a new file as OUT.db", out);
	}
	if (sqlite3_open_v2(tmp, &to, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
	    (b = sqlite3_backup_init(to, "main", from, "main"))) {
		rc = sqlite3_backup_step(b, -1);
		sqlite3_backup_finish(b);
	}
	if (rc != SQLITE_DONE)
		error("merge: cannot copy %s to %s: %s", out, tmp, to ? sqlite3_errmsg(to) :
		      "out of memory");
	sqlite3_close_v2(to);
	sqlite3_close_v2(from);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * The temporary database with the schema up to date, no WAL (it becomes OUT.db by a rename:
 * its content must be in the one file), opened so that inputs are attached read-only.
 */
static int open_temp(const char *out, bool exists, const char *tmp, sqlite3 **db)
{
	sqlite3 *setup = NULL;

	if ((exists && copy_existing(out, tmp)) || db_open(tmp, DB_CREATE, &setup))
		return -1;
	if (db_exec(setup, "PRAGMA journal_mode = DELETE")) {
		db_close(setup);
		return -1;
	}
	db_close(setup);
	if (sqlite3_open_v2(tmp, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
		error("merge: cannot open %s: %s", tmp, *db ? sqlite3_errmsg(*db) : "out of memory");
		return -1;
	}
	sqlite3_extended_result_codes(*db, 1);
	sqlite3_busy_timeout(*db, 5000);
	return db_exec(*db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = OFF");
}

static int sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	int ret = fd < 0 || fsync(fd) ? -1 : 0;

	if (fd >= 0)
		close(fd);
	return ret;
}

/* Rename tmp to out; out must not have appeared when it did not exist. */
static int install(const char *tmp, const char *out, bool existed)
{
	const char *slash = strrchr(out, '/');
	char *dir = slash ? xstrndup(out, slash == out ? 1 : (size_t)(slash - out)) :
			    xstrdup(".");
	int ret = 0;

	if (sync_path(tmp, O_RDONLY))
		ret = error("merge: cannot sync %s: %m", tmp);
	else if (existed ? rename(tmp, out) : link(tmp, out))
		ret = error("merge: cannot put %s in place of %s: %m%s", tmp, out,
			    errno == EEXIST ? " (it was made meanwhile by another process; merge "
			    "again)" : "");
	sync_path(dir, O_RDONLY | O_DIRECTORY);
	free(dir);
	return ret;
}

/* ---- The command ---- */

static int merge_one(sqlite3 *db, const char *path, struct string_list *rules,
		     const char **rules_of, struct merge_stats *st)
{
	int ret;

	if (access(path, R_OK))
		return error("merge: cannot read %s: %m", path);
	if (attach(db, path))
		return -1;
	ret = check_schema(db, path) || check_rules(db, path, rules, rules_of) ||
	      db_begin(db) || merge_copy(db, st) || db_commit(db);
	if (ret)
		db_rollback(db);
	detach(db);
	return ret ? -1 : 0;
}

static int merge_all(sqlite3 *db, const char *out, char **inputs, int nr,
		     struct merge_stats *st, struct strbuf *combined)
{
	struct string_list rules = STRING_LIST_INIT;
	const char *rules_of = NULL;
	int ret = merge_check_tables(db);

	if (!ret && db_query_int(db, "SELECT count(*) FROM main.run", 0)) {
		ret = merge_rule_set(db, "main", &rules);
		rules_of = rules.nr ? out : NULL;
	}
	for (int i = 0; i < nr && !ret; i++)
		ret = merge_one(db, inputs[i], &rules, &rules_of, st);
	if (!ret) {
		ret = db_begin(db) || merge_combine_shards(db, st, combined) || db_commit(db);
		if (ret)
			db_rollback(db);
	}
	string_list_clear(&rules);
	return ret ? -1 : 0;
}

static int check_arguments(int argc, char **argv)
{
	struct stat st;

	if (argc < 3)
		return error("merge: give the output and at least one input: whichalloc merge "
			     "OUT.db IN.db... (see 'whichalloc merge --help')");
	for (int i = 1; i < argc; i++)
		if (argv[i][0] == '-')
			return error("merge: unknown option '%s'; merge takes OUT.db IN.db... (a "
				     "file whose name starts with '-' goes as ./%s)", argv[i],
				     argv[i]);
	if (!lstat(argv[1], &st) && !S_ISREG(st.st_mode))
		return error("merge: %s is not a regular file (a directory, a symbolic link, a "
			     "device...); give a database file or a new file name", argv[1]);
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], argv[1]) || same_file(argv[i], argv[1]))
			return error("merge: %s is both the output and an input; give another "
				     "output", argv[i]);
	return 0;
}

static void print_stats(const char *out, int inputs, const struct merge_stats *st,
			const struct strbuf *combined)
{
	printf("merged %d database%s into %s: runs %ld added (%ld there already), findings %ld "
	       "added and %ld updated, review decisions %ld added, series %ld added, other rows "
	       "%ld added\n", inputs, inputs == 1 ? "" : "s", out, st->runs_added, st->runs_known,
	       st->findings_added, st->findings_updated, st->reviews_added, st->series_added,
	       st->rows_added);
	fputs(combined->buf, stdout);
}

int cmd_merge(int argc, char **argv)
{
	struct merge_stats st = { 0 };
	struct strbuf combined = STRBUF_INIT;
	struct temp_out t = { 0 };
	sqlite3 *db = NULL;
	bool existed;
	int ret = 1;

	if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage_print(&merge_usage, stdout);
		return 0;
	}
	if (check_arguments(argc, argv))
		return EXIT_USAGE;
	existed = !access(argv[1], F_OK);
	if (!lock_output(argv[1]) && !make_temp(argv[1], &t) &&
	    !open_temp(argv[1], existed, t.path, &db) &&
	    !merge_all(db, argv[1], argv + 2, argc - 2, &st, &combined)) {
		sqlite3_close_v2(db);
		db = NULL;
		if (!install(t.path, argv[1], existed)) {
			print_stats(argv[1], argc - 2, &st, &combined);
			ret = 0;
		}
	}
	sqlite3_close_v2(db);
	remove_temp(&t);
	if (out_lock_fd >= 0)
		close(out_lock_fd);
	out_lock_fd = -1;
	strbuf_release(&combined);
	return ret;
}

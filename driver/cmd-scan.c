// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc scan
 */
#include "cmd.h"
#include "cmd-scan.h"
#include "db.h"
#include "maint-report.h"
#include "maintainers.h"
#include "run-command.h"
#include "scan-rev.h"
#include "shard.h"
#include "store.h"
#include "subsystem.h"
#include "tree.h"
#include "walk.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

static int take_shard(const char *cmd, const struct parse_option *opt, const char *arg,
		      void *base)
{
	(void)cmd;
	return shard_parse(arg, parse_option_value(opt, base));
}

#define T struct scan_options
static const struct parse_option scan_options[] = {
	OPT_STRING(0, "kernel", "DIR", T, kernel,
		   "the tree to scan (its top: Makefile and MAINTAINERS expected)"),
	OPT_STRING(0, "rev", "REV", T, rev,
		   "DIR is a git work tree or a bare repository: scan its revision REV\n"
		   "(a commit, branch or tag), exported with 'git archive' to a\n"
		   "temporary directory under $TMPDIR that is removed afterwards (also\n"
		   "on errors and Ctrl-C); DIR's checkout is not touched. The run\n"
		   "records DIR as its tree, REV's commit id and the version of REV's\n"
		   "Makefile; --dir names directories of that revision"),
	OPT_BOOL(0, "strict", T, strict,
		 "refuse a tree without a top Makefile and MAINTAINERS (without it:\n"
		 "a warning, and the scan goes on)"),
	OPT_STRING(0, "db", "FILE", T, db, HELP_DB),
	OPT_STRING_LIST(0, "dir", "SUBDIR", T, dirs,
			"scan only this directory or file of the tree (repeatable)"),
	OPT_STRING(0, "rules", "NAME,...", T, rules,
		   "run only these rules (NAME, NAME.cocci or a path to a .cocci)"),
	OPT_CALLBACK(0, "shard", "K/N", T, shard, (struct shard){ 0 }, take_shard,
		     "scan only the K-th of N parts of the tree: its files (under the\n"
		     "--dir list) sorted by path and cut into N ranges of about equal\n"
		     "size; the run is partial (list and stats say so) and retires no\n"
		     "finding outside its part. 'whichalloc merge' makes one run of the N\n"
		     "shard runs (docs/scaling.md)"),
	OPT_NUMBER(0, "jobs", "N", T, jobs, 1, 1024,
		   "run N spatch processes at once (default: the online CPUs)"),
	OPT_BOOL(0, "full", T, full,
		 "read every file and run spatch on it; by default a file whose stat\n"
		 "data (or, in a git work tree, whose index entry) show it unchanged\n"
		 "since it was last read is not read again, and a file whose content,\n"
		 "rule, tree version and spatch version are those of an earlier run\n"
		 "keeps that run's results (a file where spatch failed keeps its\n"
		 "error; one that timed out is run again)"),
	OPT_NUMBER(0, "timeout", "SECS", T, timeout, 1, 86400,
		   "spatch's time limit per file (default: 120)"),
	OPT_STRING(0, "cocci-dir", "DIR", T, cocci_dir,
		   "the rules (default: $WHICHALLOC_COCCI, else ../cocci or\n"
		   "../share/whichalloc/cocci next to the executable)"),
	OPT_STRING(0, "python", "PATH", T, python,
		   "the Python that spatch runs the rules' scripts with (default:\n"
		   DEFAULT_PYTHON " when it exists, else spatch looks for python3\n"
		   "on PATH, which costs each spatch start-up a second when PATH\n"
		   "holds wrapper scripts such as pyenv's shims)"),
	OPT_END(),
};
#undef T

const struct command_usage scan_usage = {
	.name = "scan",
	.text =
"usage: whichalloc scan --kernel DIR [--db FILE] [--dir SUBDIR]... [--rules NAME,...]\n"
"                       [--jobs N] [--full] [--timeout SECS] [--cocci-dir DIR]\n"
"                       [--python PATH] [--strict] [--shard K/N] [--rev REV]\n"
"\n"
"Run every rule (cocci/*.cocci) over the .c files of the kernel tree DIR (and its .h\n"
"files for rules whose Options include --include-headers), and store the findings.\n"
"A file goes to a rule only when it satisfies the rule's Keywords headers (one of its\n"
"Keywords and of its Keywords-and, or one keyword of each term of a Keywords-also\n"
"line). spatch runs with the tree as its working directory, over batches of up to 32\n"
"files (each file matched alone), N at a time; the files of a batch go to each of\n"
"their rules in turn, parsed once for all of them. A file that fails is run again\n"
"alone, and a file that still fails is recorded with status 'error' or 'timeout'.\n"
"Then the facts pass: the functions of other files that rules handed a buffer to\n"
"(anywhere in the tree, not only under --dir) are read for what they do with it, and\n"
"the files that asked are scanned again with those facts (docs/rule-contract.md).\n"
"Results are committed batch by batch: Ctrl-C keeps everything stored so far (the run\n"
"is marked 'interrupted', exit 130); a run left 'running' by a scan that was killed is\n"
"marked 'interrupted' by the next scan.\n",
	.options = scan_options,
	.column = 20,
};

int scan_parse_options(int argc, char **argv, struct scan_options *o)
{
	int i;

	memset(o, 0, sizeof(*o));
	o->timeout = SCAN_DEFAULT_TIMEOUT;
	i = parse_options(argc, argv, &scan_usage, o, &o->help);
	if (i < 0)
		return -1;
	if (o->help)
		return 0;
	if (i < argc)
		return error("scan: unexpected argument '%s'; the tree is given with --kernel DIR",
			     argv[i]);
	if (!o->kernel)
		return error("scan: which tree? pass --kernel DIR (see 'whichalloc scan --help')");
	if (!o->db)
		o->db = default_db_path();
	return 0;
}

void scan_options_release(struct scan_options *o)
{
	string_list_clear(&o->dirs);
	shard_release(&o->shard);
}

char *parse_spatch_version(const char *output)
{
	const char *p = strstr(output, "spatch version ");
	size_t len;

	if (p) {
		p += strlen("spatch version ");
		len = strcspn(p, " \t\n");
		if (len)
			return xstrndup(p, len);
	}
	len = strcspn(output, "\n");
	return len ? xstrndup(output, len) : NULL;
}

static char *spatch_version(const char *spatch)
{
	const char *argv[] = { "spatch", "--version", NULL };
	struct child_process cp = CHILD_PROCESS_INIT;
	char *version = NULL;

	cp.argv = argv;
	cp.program = spatch;
	cp.time_limit = 60;
	cp.max_output = 1 << 20;
	if (!run_command(&cp) && command_succeeded(&cp))
		version = parse_spatch_version(cp.out.len ? cp.out.buf : cp.err.buf);
	if (!version) {
		struct strbuf how = STRBUF_INIT;

		describe_command_end(&cp, &how);
		error("'%s --version' %s: %s; check the coccinelle installation "
		      "(apt-get install coccinelle)", spatch, how.buf, cp.err.buf);
		strbuf_release(&how);
	}
	child_process_clear(&cp);
	return version;
}

static int check_tree(const struct scan_options *o, struct scan_setup *s)
{
	struct stat st;

	if (!stat(o->kernel, &st) && !S_ISDIR(st.st_mode))
		return error("--kernel %s is a file, not a directory; give the top of a kernel "
			     "tree", o->kernel);
	if (!dir_exists(o->kernel))
		return error("--kernel %s: no such directory; give the top of a kernel tree",
			     o->kernel);
	s->top = xrealpath(o->kernel);
	if (o->rev) {
		s->tree_path = s->top;
		s->top = NULL;
		if (scan_rev_export(s->tree_path, o->rev, &s->rev_copy, &s->tree_commit))
			return -1;
		s->top = xrealpath(s->rev_copy);
	}
	if (!tree_looks_like_kernel(s->top)) {
		if (o->strict)
			return error("%s has no Makefile or no MAINTAINERS at its top: it does not "
				     "look like a kernel tree; give the top of the tree, or scan it "
				     "without --strict", s->top);
		warning("%s has no Makefile or no MAINTAINERS at its top: it does not look like a "
			"kernel tree; scanning it anyway", s->top);
	}
	return 0;
}

/*
 * Where --dir dir (normalised to rel) really is, relative to the tree's top (a realpath):
 * the walk does not follow links, but a link on the way to the directory itself would be
 * followed. NULL, said, when it is not there or leads out of the tree.
 */
static char *resolve_dir(const char *dir, const char *rel, const char *top,
			 const char *where)
{
	char *path = xstrfmt("%s/%s", top, rel), *real = realpath(path, NULL), *ret = NULL;
	size_t n = strlen(top);
	struct stat st;

	if (!real || lstat(real, &st) || !(S_ISDIR(st.st_mode) || S_ISREG(st.st_mode)))
		error("--dir %s: no such directory or file in %s", dir, where);
	else if (strncmp(real, top, n) || (real[n] && real[n] != '/'))
		error("--dir %s leads out of the tree through a symbolic link (to %s); give a "
		      "directory inside %s (links are not followed out of the tree)", dir, real,
		      top);
	else
		ret = xstrdup(real[n] ? real + n + 1 : "");
	if (ret && strcmp(ret, rel))
		warning("--dir %s passes through a symbolic link: scanning %s, where it leads in "
			"the tree", dir, *ret ? ret : ".");
	free(real);
	free(path);
	return ret;
}

static int check_dirs(const struct scan_options *o, struct scan_setup *s)
{
	struct strbuf rel = STRBUF_INIT;
	char *where = o->rev ? xstrfmt("revision %s of %s", o->rev, s->tree_path) : NULL;
	int ret = 0;

	for (size_t i = 0; i < o->dirs.nr && !ret; i++) {
		char *real;

		if (normalise_subdir(o->dirs.items[i], &rel)) {
			ret = -1;
			break;
		}
		real = resolve_dir(o->dirs.items[i], rel.buf, s->top, where ? where : s->top);
		if (!real)
			ret = -1;
		else
			string_list_append_nodup(&s->dirs, real);
	}
	strbuf_release(&rel);
	free(where);
	return ret;
}

static int load_rules(const struct scan_options *o, struct scan_setup *s)
{
	s->cocci_dir = find_cocci_dir(o->cocci_dir);
	if (!s->cocci_dir || rules_discover(&s->rules, s->cocci_dir))
		return -1;
	if (o->rules && rules_select(&s->rules, o->rules))
		return -1;
	if (!s->rules.nr)
		return error("no rules selected: %s has no *.cocci file; pass --cocci-dir DIR",
			     s->cocci_dir);
	return 0;
}

static int find_spatch(struct scan_setup *s)
{
	s->spatch = locate_program("spatch");
	if (!s->spatch)
		return error("spatch is not on PATH; install coccinelle (apt-get install "
			     "coccinelle) or add its directory to PATH");
	s->spatch_version = spatch_version(s->spatch);
	return s->spatch_version ? 0 : -1;
}

/*
 * Name the interpreter: without --python, spatch probes python3 on PATH through the shell
 * (version, ldd, its library) at every start-up.
 */
static int find_python(const struct scan_options *o, struct scan_setup *s)
{
	struct stat st;

	if (!o->python) {
		if (!access(DEFAULT_PYTHON, X_OK))
			s->python = xstrdup(DEFAULT_PYTHON);
		return 0;
	}
	if (stat(o->python, &st) || !S_ISREG(st.st_mode) || access(o->python, X_OK))
		return error("--python %s: not an executable file; give the path of a python3 "
			     "interpreter", o->python);
	s->python = xstrdup(o->python);
	return 0;
}

/* The scan's private directory, made at the first need. */
static const char *scratch_dir(struct scan_setup *s)
{
	const char *tmp = temp_dir();
	char *dir;

	if (s->scratch)
		return s->scratch;
	/* Python splits PYTHONPATH at ':': the link made here must not hold one. */
	if (strchr(tmp, ':'))
		tmp = "/tmp";
	dir = xstrfmt("%s/" SCAN_SCRATCH_PREFIX "%ld.XXXXXX", tmp, (long)getpid());
	if (!mkdtemp(dir)) {
		error("cannot make a private directory in %s: %m; set TMPDIR to a writable "
		      "directory whose path holds no ':'", tmp);
		free(dir);
		return NULL;
	}
	s->scratch = dir;
	return dir;
}

/*
 * spatch dies ("exception Not_found") when HOME is not set: give it, and everything it
 * starts, an empty private one.
 */
static int provide_home(struct scan_setup *s)
{
	const char *home = getenv("HOME");
	const char *dir;

	if (home && *home)
		return 0;
	dir = scratch_dir(s);
	if (!dir || setenv("HOME", dir, 1))
		return error("HOME is not set, and spatch needs it: set HOME, then scan again");
	return 0;
}

/*
 * The rules' Python library goes on PYTHONPATH, which Python splits at every ':' with no
 * way of quoting one: a rules directory whose path holds ':' is reached through a link
 * in the scan's private directory.
 */
static int find_python_path(struct scan_setup *s)
{
	char *lib = xstrfmt("%s/lib", s->cocci_dir);
	const char *dir;

	if (!strchr(lib, ':')) {
		s->python_path = lib;
		return 0;
	}
	dir = scratch_dir(s);
	s->python_path = dir ? xstrfmt("%s/lib", dir) : NULL;
	if (s->python_path && symlink(lib, s->python_path)) {
		error("cannot link %s to %s: %m; rename the rules directory so that its path "
		      "holds no ':'", s->python_path, lib);
		free(s->python_path);
		s->python_path = NULL;
	}
	free(lib);
	return s->python_path ? 0 : -1;
}

static void load_maintainers(struct scan_setup *s)
{
	char *path = xstrfmt("%s/MAINTAINERS", s->top);
	char err[512] = "";
	struct stat st;

	if (!stat(path, &st)) {
		s->maintainers = maint_report_load(path, err, sizeof(err));
		if (!s->maintainers)
			warning("cannot use %s (%s); findings get no subsystem", path, err);
	}
	free(path);
}

/*
 * One scan at a time per database: two would retire each other's findings. The lock is a
 * flock() on the database file, which SQLite (fcntl() locks) does not use; the kernel drops
 * it when the process ends, however it ends, so a scan killed with -9 leaves no stale lock.
 * The descriptor is closed only after the database (closing a descriptor of the file while
 * SQLite holds its fcntl() locks would drop them).
 */
static int scan_lock_fd = -1;

static int lock_database(const char *path)
{
	/*
	 * Taken before the database is opened, so that of two scans creating the same new
	 * database one creates it and the other is told a scan is running: the file is made
	 * here when it does not exist (empty, which SQLite takes as a new database).
	 */
	scan_lock_fd = open(path, O_RDONLY | O_CREAT | O_NONBLOCK | O_CLOEXEC, 0666);
	if (scan_lock_fd < 0)
		return error("cannot open %s to lock it: %m; check the path and its permissions",
			     path);
	if (flock(scan_lock_fd, LOCK_EX | LOCK_NB)) {
		if (errno == EWOULDBLOCK)
			return error("another whichalloc scan is writing to %s; wait for it to "
				     "finish (or stop it with Ctrl-C), then scan again", path);
		return error("cannot lock %s: %m; scan into a database on a local file "
			     "system", path);
	}
	return 0;
}

/*
 * With the scan lock held no other scan of this database is alive, so a run still marked
 * 'running' belongs to a scan that was killed (kill -9, the OOM killer, a power cut): it
 * ends as 'interrupted' before the new run starts.
 */
static int interrupt_stale_runs(sqlite3 *db)
{
	struct strbuf ids = STRBUF_INIT;
	int n = store_interrupt_stale_runs(db, &ids);

	if (n == 1)
		warning("run %s never finished (its scan was killed); it is now marked "
			"'interrupted', and what it stored is kept", ids.buf);
	else if (n > 1)
		warning("runs %s never finished (their scans were killed); they are now marked "
			"'interrupted', and what they stored is kept", ids.buf);
	strbuf_release(&ids);
	return n < 0 ? -1 : 0;
}

static int prepare_scan(const struct scan_options *o, struct scan_setup *s)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	if (check_tree(o, s) || check_dirs(o, s) || provide_home(s) || find_spatch(s) ||
	    find_python(o, s) || load_rules(o, s) || find_python_path(s))
		return -1;
	s->jobs = o->jobs ? o->jobs : (cpus > 0 ? cpus : 1);
	s->timeout = o->timeout;
	s->full = o->full;
	s->tree_version = tree_version(s->top);
	if (!o->rev)
		s->tree_commit = tree_git_commit(s->top);
	if (lock_database(o->db) || db_open(o->db, DB_CREATE, &s->db) ||
	    interrupt_stale_runs(s->db))
		return -1;
	load_maintainers(s);
	return 0;
}

static void release_setup(struct scan_setup *s)
{
	free(s->top);
	free(s->tree_path);
	scan_rev_remove(s->rev_copy);
	free(s->rev_copy);
	free(s->cocci_dir);
	free(s->python_path);
	if (s->scratch && remove_tree(s->scratch) && errno != ENOENT)
		warning("cannot remove the scan's directory %s: %m", s->scratch);
	free(s->scratch);
	free(s->spatch);
	free(s->spatch_version);
	free(s->python);
	free(s->tree_version);
	free(s->tree_commit);
	rule_set_clear(&s->rules);
	string_list_clear(&s->dirs);
	if (s->maintainers)
		maint_report_free(s->maintainers);
	db_close(s->db);
	if (scan_lock_fd >= 0)
		close(scan_lock_fd);
	scan_lock_fd = -1;
}

static long long count_in_run(sqlite3 *db, const char *sql, long long run)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	long long n = 0;

	if (!st)
		return 0;
	db_bind_int(st, 1, run);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static void print_finding_counts(sqlite3 *db, long long run)
{
	static const char *const verdicts[] = { "replace", "keep", "review" };
	long long by_verdict[3], total = 0;
	sqlite3_stmt *st = db_prepare(db,
		"SELECT count(*) FROM sighting WHERE run_id = ?1 AND verdict = ?2");

	for (size_t i = 0; i < 3; i++) {
		by_verdict[i] = 0;
		if (!st)
			continue;
		db_bind_int(st, 1, run);
		db_bind_text(st, 2, verdicts[i]);
		if (sqlite3_step(st) == SQLITE_ROW)
			by_verdict[i] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		total += by_verdict[i];
	}
	sqlite3_finalize(st);
	printf("findings: %lld (replace %lld, keep %lld, review %lld); %lld new, %lld fixed\n",
	       total, by_verdict[0], by_verdict[1], by_verdict[2],
	       count_in_run(db, "SELECT count(*) FROM finding WHERE first_run = ?1", run),
	       count_in_run(db, "SELECT count(*) FROM finding WHERE fixed_run = ?1", run));
}

static void print_summary(const struct scan_setup *s, const struct scan_summary *sum)
{
	printf("run %lld %s: %ld of %ld files in %.1f s (spatch: %ld file/rule pairs in %ld "
	       "runs; %ld pairs carried over from earlier runs)\n", sum->run_id, sum->status,
	       sum->files_done, sum->files_total, sum->seconds, sum->pairs_spatch,
	       sum->spatch_runs, sum->pairs_reused);
	printf("files: %ld read, %ld not read (unchanged: %ld by their stat data, %ld in git's "
	       "index)\n", sum->files_read, sum->files_cached_stat + sum->files_cached_git,
	       sum->files_cached_stat, sum->files_cached_git);
	if (s->shard)
		printf("shard: part %u of %u, %zu of the tree's %zu files; this run is partial: "
		       "merge the parts' databases with 'whichalloc merge'\n", s->shard->k,
		       s->shard->n, s->shard->files_mine, s->shard->files_total);
	print_finding_counts(s->db, sum->run_id);
	if (sum->facts_wanted)
		printf("facts: %ld functions of other files asked for, %ld files read for them "
		       "(%ld definitions known from earlier runs); "
		       "%ld (function, parameter) pairs decided; %ld files scanned again with "
		       "them, %ld carried over with the same facts (%.1f s)\n",
		       sum->facts_wanted, sum->facts_files, sum->facts_cached,
		       sum->facts_decided, sum->facts_rescanned, sum->facts_unchanged,
		       sum->facts_seconds);
	printf("errors: %ld files failed, %ld timed out, %ld skipped%s\n", sum->files_error,
	       sum->files_timeout, sum->files_skipped,
	       sum->files_error + sum->files_timeout + sum->files_skipped ?
	       " (see 'whichalloc stats')" : "");
	if (sum->files_changed)
		printf("changed: %ld files changed while they were read or scanned; their results are "
		       "not stored: scan again\n", sum->files_changed);
}

static int report_interruption(const struct scan_summary *sum)
{
	error("scan interrupted by %s: %ld of %ld files stored in run %lld (marked "
	      "'interrupted')%s%s; run the same command again: files already scanned are "
	      "carried over", sum->signal == SIGINT ? "SIGINT" : "SIGTERM", sum->files_done,
	      sum->files_total, sum->run_id, sum->stopped_at.len ? "; it stopped at " : "",
	      sum->stopped_at.buf);
	return 128 + sum->signal;
}

int cmd_scan(int argc, char **argv)
{
	struct scan_options o;
	struct scan_setup s = { .rules = RULE_SET_INIT };
	struct scan_summary sum = { .stopped_at = STRBUF_INIT };
	int ret = 1;

	if (scan_parse_options(argc, argv, &o)) {
		scan_options_release(&o);
		return EXIT_USAGE;
	}
	if (o.help) {
		usage_print(&scan_usage, stdout);
		scan_options_release(&o);
		return 0;
	}
	if (!prepare_scan(&o, &s)) {
		int failed;

		s.shard = o.shard.n ? &o.shard : NULL;
		failed = scan_tree(&s, &sum);
		if (sum.run_id && subsystem_attach_run(s.db, s.maintainers, s.top, sum.run_id))
			failed = 1;
		if (sum.run_id)
			print_summary(&s, &sum);
		if (sum.signal)
			ret = report_interruption(&sum);
		else
			ret = failed ? 1 : 0;
	}
	scan_summary_release(&sum);
	release_setup(&s);
	scan_options_release(&o);
	return ret;
}

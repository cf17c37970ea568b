// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scan's worker pool: spatch started with an argv on each batch, at most --jobs at a
 * time, under a time limit and an output bound; a failed batch split or run again, a rule
 * that fails everywhere caught once, the workers stopped on a signal.
 */
#include "scan-internal.h"
#include "shadow.h"
#include "tree-read.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- Starting spatch ---- */

/* Our environment, with the rules' Python library and the tree's version for the rules. */
char **spatch_environment_plus(const struct scan_setup *s, const char *extra)
{
	static const char *const drop[] = { "PYTHONPATH=", "WHICHALLOC_KERNEL_VERSION=",
					    "WHICHALLOC_FACTS=", "WHICHALLOC_FACTS_WANT=", NULL };
	char *add[4] = { xstrfmt("PYTHONPATH=%s", s->python_path), NULL, NULL, NULL };
	size_t n = 1;
	char **env;

	if (s->tree_version)
		add[n++] = xstrfmt("WHICHALLOC_KERNEL_VERSION=%s", s->tree_version);
	if (extra)
		add[n++] = xstrdup(extra);
	env = env_filtered(drop, (const char *const *)add);
	for (size_t i = 0; i < n; i++)
		free(add[i]);
	return env;
}

char **spatch_environment(const struct scan_setup *s)
{
	return spatch_environment_plus(s, NULL);
}

const char **spatch_argv(struct scan *sc, const struct batch *b, const char *timeout,
				const char *groups_file)
{
	const struct rule *r = &sc->setup->rules.items[b->rule];
	static const char *const fixed[] = {
		"--very-quiet", "--patch", ".", "--timeout",
	};
	/* spatch --sp-file RULE -D patch -D whichalloc, fixed, T, options, python, cache, files */
	size_t n = 0, size = 7 + ARRAY_SIZE(fixed) + 1 + r->options.nr + 4 + b->nr + 2;
	const char **argv = xcalloc(size, sizeof(*argv));

	argv[n++] = "spatch";
	argv[n++] = "--sp-file";
	argv[n++] = r->path;
	argv[n++] = "-D";
	argv[n++] = "patch";
	argv[n++] = "-D";
	argv[n++] = "whichalloc";
	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++)
		argv[n++] = fixed[i];
	argv[n++] = timeout;
	for (size_t i = 0; i < r->options.nr; i++)
		argv[n++] = r->options.items[i];
	if (sc->setup->python) {
		argv[n++] = "--python";
		argv[n++] = sc->setup->python;
	}
	if (b->parse_cache) {
		argv[n++] = "--cache-prefix";
		argv[n++] = b->parse_cache;
	}
	if (groups_file) {
		argv[n++] = "--file-groups";
		argv[n++] = groups_file;
	} else {
		for (size_t i = 0; i < b->nr; i++)
			argv[n++] = arg_of(&sc->files[b->files[i]]);
	}
	return argv;
}

/*
 * spatch handles the files named on its command line as one group: matched together, one
 * timeout for all, one failure fails all, and slower than the files one by one (measured:
 * 53 s against 23 s for 20 files of fs/). A --file-groups list with one file per group
 * keeps one start-up for the batch but handles each file alone: its own timeout, and an
 * exception reported as "EXN: ... in FILE" while the other files go on.
 */
static char *write_groups_file(struct scan *sc, const struct batch *b)
{
	char *path = xstrfmt("%s/whichalloc-groups.XXXXXX", temp_dir());
	int fd = mkstemp(path);
	FILE *f = fd < 0 ? NULL : fdopen(fd, "w");
	bool ok = f != NULL;

	for (size_t i = 0; ok && i < b->nr; i++)
		ok = fprintf(f, "%s%s\n", i ? "\n" : "", arg_of(&sc->files[b->files[i]])) > 0;
	if (f && fclose(f))
		ok = false;
	else if (!f && fd >= 0)
		close(fd);
	if (!ok) {
		error("cannot write the list of files for spatch in %s: %s; set TMPDIR to a "
		      "writable directory", path, strerror(errno));
		if (fd >= 0)
			unlink(path);
		free(path);
		path = NULL;
	}
	return path;
}

static void drop_groups_file(struct worker *w)
{
	if (w->groups_file)
		unlink(w->groups_file);
	free(w->groups_file);
	w->groups_file = NULL;
}

/*
 * A directory for the parse of the files of a chain of several rules. spatch writes it
 * while parsing, without locking: only the chain's own runs, one after the other, use it.
 * Without it (mkdtemp failed), each rule parses the files again: slower, same results.
 * Its name holds our pid, for remove_stale_parse_caches().
 */
static char *make_parse_cache(void)
{
	char *dir = xstrfmt("%s/whichalloc-parse.%ld.XXXXXX", temp_dir(), (long)getpid());

	if (mkdtemp(dir))
		return dir;
	free(dir);
	return NULL;
}

/*
 * A scan killed with SIGKILL leaves its parse caches (and its private directory, when it
 * made one: cmd-scan.c) behind: remove ours (same user) whose
 * scan is gone (no process has the pid in their name). A live pid, even reused by another
 * program, keeps its directory: only a leftover is ever removed.
 */
void remove_stale_parse_caches(void)
{
	const char *tmp = temp_dir();
	DIR *d = opendir(tmp);
	struct dirent *de;

	if (!d)
		return;
	while ((de = readdir(d))) {
		const char *prefix = starts_with(de->d_name, SCAN_SCRATCH_PREFIX) ?
				     SCAN_SCRATCH_PREFIX : "whichalloc-parse.";
		char *end, *path;
		long pid;
		struct stat st;

		if (!starts_with(de->d_name, prefix))
			continue;
		pid = strtol(de->d_name + strlen(prefix), &end, 10);
		if (*end != '.' || pid <= 0 || pid == (long)getpid() ||
		    !(kill((pid_t)pid, 0) && errno == ESRCH))
			continue;
		path = xstrfmt("%s/%s", tmp, de->d_name);
		if (!lstat(path, &st) && S_ISDIR(st.st_mode) && st.st_uid == getuid() &&
		    remove_tree(path) && errno != ENOENT)
			warning("cannot remove %s, left by a scan that was killed: %s", path,
				strerror(errno));
		free(path);
	}
	closedir(d);
}

static void drop_parse_cache(struct batch *b)
{
	if (b->parse_cache && remove_tree(b->parse_cache) && errno != ENOENT)
		warning("cannot remove spatch's parse cache %s: %s", b->parse_cache,
			strerror(errno));
	free(b->parse_cache);
	b->parse_cache = NULL;
}

/* SCAN_OUTPUT_BASE, and SCAN_OUTPUT_PER_BYTE bytes per byte of the batch's files. */
static size_t batch_output_limit(const struct scan *sc, const struct batch *b)
{
	size_t bytes = 0;

	for (size_t i = 0; i < b->nr; i++)
		bytes += sc->files[b->files[i]].size;
	return SCAN_OUTPUT_BASE + SCAN_OUTPUT_PER_BYTE * bytes;
}

/*
 * The shadow of the tree for a file that is not UTF-8, or NULL (then spatch runs in the
 * tree again, fails the same way, and the file is stored as an error).
 */
static char *make_shadow(struct scan *sc, struct scan_file *f)
{
	struct strbuf src = STRBUF_INIT;
	struct tree_read r;
	char *dir = NULL;

	if (!tree_read_file(sc->setup->top, f->path, TREE_READ_MAX_SOURCE, &src, &r) &&
	    shadow_sanitize(src.buf, src.len))
		dir = shadow_tree_make(temp_dir(), sc->setup->top, f->path, src.buf, src.len);
	strbuf_release(&src);
	return dir;
}

static int start_batch(struct scan *sc, struct worker *w, const struct batch *next)
{
	struct batch *b = &w->batch;

	child_process_init(&w->cp);
	*b = *next;
	if (b->nr_later && !b->parse_cache)
		b->parse_cache = make_parse_cache();
	if (b->nr > 1 && !(w->groups_file = write_groups_file(sc, b)))
		return -1;
	/* spatch's timeout covers one group: one file. */
	w->timeout_arg = xstrfmt("%ld", sc->setup->timeout);
	w->argv = spatch_argv(sc, b, w->timeout_arg, w->groups_file);
	w->cp.argv = w->argv;
	w->cp.program = sc->setup->spatch;
	w->cp.dir = sc->setup->top;
	if (b->shadow && (w->shadow_dir = make_shadow(sc, &sc->files[b->files[0]])))
		w->cp.dir = w->shadow_dir;
	w->cp.env = sc->env;
	w->cp.time_limit = (double)(sc->setup->timeout * (long)b->nr + 30);
	w->cp.max_output = batch_output_limit(sc, b);
	if (start_command(&w->cp)) {
		free(w->argv);
		free(w->timeout_arg);
		w->argv = NULL;
		w->timeout_arg = NULL;
		drop_groups_file(w);
		return -1;
	}
	w->busy = true;
	sc->sum->spatch_runs++;
	return 0;
}

/* What one spatch run of the worker used. */
static void release_run(struct worker *w)
{
	child_process_clear(&w->cp);
	free(w->argv);
	free(w->timeout_arg);
	w->argv = NULL;
	w->timeout_arg = NULL;
	drop_groups_file(w);
	if (w->shadow_dir && remove_tree(w->shadow_dir) && errno != ENOENT)
		warning("cannot remove %s: %s", w->shadow_dir, strerror(errno));
	free(w->shadow_dir);
	w->shadow_dir = NULL;
	w->busy = false;
}

void release_worker(struct worker *w)
{
	release_run(w);
	drop_parse_cache(&w->batch);
	free(w->batch.files);
	free(w->batch.later);
	w->batch.files = NULL;
	w->batch.later = NULL;
	w->batch.nr_later = 0;
}

/*
 * The chain's next rule on the same files. After a run that did not end well (a file that
 * failed or timed out may have left its parse half written), the cache is dropped: the
 * rules left parse the files again.
 */
static int start_next_rule(struct scan *sc, struct worker *w)
{
	struct batch b = w->batch;

	if (!command_succeeded(&w->cp) || strstr(w->cp.err.buf, "EXN: "))
		drop_parse_cache(&b);
	release_run(w);
	b.rule = b.later[0];
	memmove(b.later, b.later + 1, --b.nr_later * sizeof(*b.later));
	return start_batch(sc, w, &b);
}

/* A failed batch of several files: each file again, alone. */
static void split_batch(struct scan *sc, const struct batch *b)
{
	for (size_t i = 0; i < b->nr; i++)
		queue_batch(sc, b->rule, &b->files[i], 1);
}

static bool spatch_timed_out(const struct child_process *cp)
{
	return cp->timed_out || strstr(cp->err.buf, "timeout (we abort)") ||
	       strstr(cp->err.buf, "Common.Timeout");
}

/* spatch's own message, or how it ended. */
static char *failure_message(const struct child_process *cp)
{
	struct strbuf sb = STRBUF_INIT;
	size_t start = 0;

	strbuf_addstr(&sb, "spatch ");
	describe_command_end(cp, &sb);
	if (cp->err.len) {
		if (cp->err.len > 2000)
			start = cp->err.len - 2000;
		strbuf_addstr(&sb, ": ");
		strbuf_addstr(&sb, cp->err.buf + start);
		strbuf_rtrim(&sb);
	} else if (!cp->out.len) {
		strbuf_addstr(&sb, " with no output");
	}
	return strbuf_detach(&sb, NULL);
}

/* ---- A run that failed: the rule, the setup or the file? ---- */

/* spatch's stderr without its chatter ("Warning: ..." lines), at most its last 800 bytes. */
static void spatch_errors_only(const char *err, struct strbuf *out)
{
	struct string_list lines = STRING_LIST_INIT;

	string_list_split(&lines, err, "\n");
	for (size_t i = 0; i < lines.nr; i++)
		if (!starts_with(lines.items[i], "Warning: ") &&
		    !starts_with(lines.items[i], "init_defs_builtins:"))
			strbuf_addf(out, "%s%s", out->len ? "\n" : "", lines.items[i]);
	if (out->len > 800) {
		size_t cut = out->len - 800;

		memmove(out->buf, out->buf + cut, out->len - cut + 1);
		out->len -= cut;
	}
	string_list_clear(&lines);
}

/* Run spatch on the rule with these arguments; its complaint, when it fails, goes to why. */
static int run_rule_check(struct scan *sc, const char **argv, const char *dir,
			  struct strbuf *why)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	int ret = 0;

	cp.argv = argv;
	cp.program = sc->setup->spatch;
	cp.env = sc->env;
	cp.dir = dir;
	cp.time_limit = 120;
	cp.max_output = SCAN_OUTPUT_BASE;
	if (run_command(&cp))
		return -1;
	if (!command_succeeded(&cp)) {
		spatch_errors_only(cp.err.buf, why);
		if (!why->len)
			describe_command_end(&cp, why);
		ret = 1;
	}
	child_process_clear(&cp);
	return ret;
}

/*
 * Does the rule run on an empty file, in a directory of its own? If not, what fails is
 * not a file but the setup (the rules' Python library, python, HOME, spatch itself), and
 * every file would fail the same way.
 */
static int check_rule_runs(struct scan *sc, const struct rule *r, struct strbuf *why)
{
	const char *argv[16 + 64] = { "spatch", "--sp-file", r->path, "-D", "patch", "-D",
				      "whichalloc", "--very-quiet", "--patch", ".",
				      "--timeout", "60" };
	char *dir = make_parse_cache(), *file;
	size_t n = 12;
	int fd, ret;

	if (!dir)
		return 0;	/* cannot tell: the failure stays the file's */
	for (size_t i = 0; i < r->options.nr && i < 64; i++)
		argv[n++] = r->options.items[i];
	if (sc->setup->python) {
		argv[n++] = "--python";
		argv[n++] = sc->setup->python;
	}
	argv[n++] = "empty.c";
	file = xstrfmt("%s/empty.c", dir);
	fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	ret = fd < 0 ? 0 : run_rule_check(sc, argv, dir, why);
	if (fd >= 0)
		close(fd);
	free(file);
	if (remove_tree(dir) && errno != ENOENT)
		warning("cannot remove %s: %s", dir, strerror(errno));
	free(dir);
	return ret;
}

/*
 * After a failure, once per rule: does the rule parse, and (unless spatch ran out of time)
 * does it run on an empty file?
 * (Else every file would fail alone too: the scan stops, and no file is stored with an
 * error that is not its own.)
 */
static int check_rule_parses(struct scan *sc, size_t rule, bool timed_out)
{
	const struct rule *r = &sc->setup->rules.items[rule];
	const char *argv[] = { "spatch", "--parse-cocci", r->path, "-D", "patch", "-D",
			       "whichalloc", NULL };
	struct strbuf why = STRBUF_INIT;
	int ret;

	if (sc->rule_checked[rule])
		return 0;
	sc->rule_checked[rule] = true;
	ret = run_rule_check(sc, argv, NULL, &why);
	if (ret > 0)
		ret = error("rule %s does not parse (spatch --parse-cocci failed):\n%s\nfix the "
			    "rule, or leave it out with --rules", r->path, why.buf);
	/* A setup that fails does so at start-up, not after the time limit. */
	if (!ret && !timed_out && (ret = check_rule_runs(sc, r, &why)) > 0)
		ret = error("spatch fails with rule %s even on an empty file, so every file "
			    "would fail:\n%s\nthis is the setup, not the files: check "
			    "spatch, --python, HOME and the rules directory's lib/ (it goes on "
			    "PYTHONPATH), then scan again", r->path, why.buf);
	strbuf_release(&why);
	return ret;
}

/* Did spatch report, for a batch of groups, that this file's group failed? */
static bool group_failed(const struct child_process *cp, const char *path)
{
	size_t plen = strlen(path);

	for (const char *line = cp->err.buf; line && *line;) {
		const char *end = strchrnul(line, '\n');

		if (starts_with(line, "EXN: ") && (size_t)(end - line) > plen + 4 &&
		    !memcmp(end - plen - 4, " in ", 4) && !memcmp(end - plen, path, plen))
			return true;
		line = *end ? end + 1 : NULL;
	}
	return false;
}

/*
 * A batch of groups where spatch failed on some files and went on: store the others now,
 * run each failed file again alone (its failure is then recorded with spatch's message).
 */
static int store_groups(struct scan *sc, const struct child_process *cp, const struct batch *b,
			const struct spatch_output *out)
{
	struct batch good = { .rule = b->rule, .files = xcalloc(b->nr, sizeof(size_t)) };
	int ret = 0;

	for (size_t i = 0; i < b->nr; i++) {
		if (!group_failed(cp, arg_of(&sc->files[b->files[i]])))
			good.files[good.nr++] = b->files[i];
		else
			queue_batch(sc, b->rule, &b->files[i], 1);
	}
	if (good.nr)
		ret = scan_store_batch(sc, &good, out, true);
	free(good.files);
	return ret;
}

static int finish_batch(struct scan *sc, struct worker *w)
{
	struct child_process *cp = &w->cp;
	const struct batch *b = &w->batch;
	struct spatch_output out = SPATCH_OUTPUT_INIT;
	bool ok = command_succeeded(cp);
	int ret;

	/* Output cut at its limit is neither parsed nor stored. */
	if (!cp->output_exceeded)
		parse_spatch_output(cp->out.buf, cp->out.len, &out);
	if (out.truncated)
		ok = false;
	if (!ok && check_rule_parses(sc, b->rule, spatch_timed_out(cp))) {
		spatch_output_clear(&out);
		return -1;
	}
	if (!ok && b->nr > 1) {
		split_batch(sc, b);
		spatch_output_clear(&out);
		return 0;
	}
	if (b->nr > 1) {
		warn_about_output(&sc->setup->rules.items[b->rule], b, &out, sc);
		ret = store_groups(sc, cp, b, &out);
		spatch_output_clear(&out);
		return ret;
	}
	if (!ok && !b->shadow && !spatch_timed_out(cp) && shadow_decode_failure(cp->err.buf)) {
		/* Its bytes that are not UTF-8: once more, in a shadow of the tree. */
		queue_batch(sc, b->rule, b->files, 1)->shadow = true;
		sc->files[b->files[0]].not_utf8 = true;
		spatch_output_clear(&out);
		return 0;
	}
	if (!ok) {
		struct scan_file *f = &sc->files[b->files[0]];
		char *msg = failure_message(cp);

		warning("%s: rule %s failed: %s", f->path, sc->setup->rules.items[b->rule].name,
			msg);
		set_file_error(f, spatch_timed_out(cp) ? "timeout" : "error", msg);
		free(msg);
	}
	warn_about_output(&sc->setup->rules.items[b->rule], b, &out, sc);
	ret = scan_store_batch(sc, b, &out, ok);
	spatch_output_clear(&out);
	return ret;
}

/* ---- The pool ---- */

static size_t busy_workers(const struct scan *sc)
{
	size_t n = 0;

	for (size_t i = 0; i < sc->nr_workers; i++)
		n += sc->workers[i].busy;
	return n;
}

static int start_idle_workers(struct scan *sc)
{
	for (size_t i = 0; i < sc->nr_workers && sc->queue_head < sc->queue_nr; i++) {
		struct batch b = sc->queue[sc->queue_head];

		if (sc->workers[i].busy)
			continue;
		/* The worker owns the batch's lists now, even if spatch cannot be started. */
		sc->queue[sc->queue_head].files = NULL;
		sc->queue[sc->queue_head++].later = NULL;
		if (start_batch(sc, &sc->workers[i], &b))
			return -1;
	}
	return 0;
}

static int reap_finished_workers(struct scan *sc)
{
	int ret = 0;

	for (size_t i = 0; i < sc->nr_workers && !ret; i++) {
		struct worker *w = &sc->workers[i];

		if (!w->busy || w->cp.running)
			continue;
		ret = finish_batch(sc, w);
		if (!ret && !scan_caught_signal && w->batch.nr_later)
			ret = start_next_rule(sc, w);
		else
			release_worker(w);
	}
	return ret;
}

int run_batches(struct scan *sc)
{
	sc->spatch_started = monotonic_seconds();
	sc->files_before_spatch = sc->sum->files_done;
	while (!scan_caught_signal && (sc->queue_head < sc->queue_nr || busy_workers(sc))) {
		if (start_idle_workers(sc))
			return -1;
		wait_children(sc->children, sc->nr_workers, 250);
		if (reap_finished_workers(sc))
			return -1;
		show_progress(sc, false);
	}
	return 0;
}

/* A worker that ended while the scan stops: keep its results only if it completed. */
static void finish_stopped_worker(struct scan *sc, struct worker *w)
{
	if (command_succeeded(&w->cp))
		finish_batch(sc, w);
	release_worker(w);
}

/* Describe where an interrupted scan stopped, then stop the workers. */
void stop_workers(struct scan *sc)
{
	struct strbuf *where = &sc->sum->stopped_at;
	const struct batch *next = NULL;
	double deadline;

	for (size_t i = 0; i < sc->nr_workers && !next; i++)
		if (sc->workers[i].busy)
			next = &sc->workers[i].batch;
	if (!next && sc->queue_head < sc->queue_nr)
		next = &sc->queue[sc->queue_head];
	if (next && scan_caught_signal)
		strbuf_addf(where, "rule %s on %s%s", sc->setup->rules.items[next->rule].name,
			    sc->files[next->files[0]].path, next->nr > 1 ? " and others" : "");
	for (size_t i = 0; i < sc->nr_workers; i++)
		kill_command(&sc->workers[i].cp, SIGTERM);
	deadline = monotonic_seconds() + 3;
	while (busy_workers(sc) && monotonic_seconds() < deadline) {
		wait_children(sc->children, sc->nr_workers, 100);
		for (size_t i = 0; i < sc->nr_workers; i++)
			if (sc->workers[i].busy && !sc->workers[i].cp.running)
				finish_stopped_worker(sc, &sc->workers[i]);
	}
	for (size_t i = 0; i < sc->nr_workers; i++) {
		if (!sc->workers[i].busy)
			continue;
		kill_command(&sc->workers[i].cp, SIGKILL);
		while (sc->workers[i].cp.running)
			wait_children(&sc->children[i], 1, 100);
		release_worker(&sc->workers[i]);
	}
}

void init_workers(struct scan *sc)
{
	sc->nr_workers = (size_t)sc->setup->jobs;
	sc->workers = xcalloc(sc->nr_workers, sizeof(*sc->workers));
	sc->children = xcalloc(sc->nr_workers, sizeof(*sc->children));
	for (size_t i = 0; i < sc->nr_workers; i++) {
		child_process_init(&sc->workers[i].cp);
		sc->children[i] = &sc->workers[i].cp;
	}
}

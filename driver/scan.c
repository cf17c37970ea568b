// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scan engine.
 *
 * Every walked file is read once (tree-read.h: read(), never mapped) to hash it and to test
 * every rule's keywords, unless the stat cache (filecache.h) or git's index (gitindex.h)
 * vouches that it is what an earlier read saw: then its hash and keyword hits come from the
 * cache. Each (file, rule) pair is then either nothing (the rule cannot match), carried over
 * from an earlier run (same content, same rule file, same tree version and spatch:
 * incremental scans, unless --full), or given to spatch in a batch of up to
 * SCAN_BATCH_FILES files.
 * A batch whose spatch fails is split into one-file batches; a file that fails alone is
 * stored with status 'error' or 'timeout'. Every batch is stored in one transaction.
 *
 * This file runs the steps and records the run; scan-internal.h says which file holds which
 * step.
 */
#include "scan-internal.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

volatile sig_atomic_t scan_caught_signal;

static void note_signal(int sig)
{
	scan_caught_signal = sig;
}

bool spatch_safe_path(const char *path)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				 "0123456789._+,@=~/-";

	return *path && strspn(path, ok) == strlen(path);
}

/*
 * A path that starts with '~' (a shell would make it $HOME's) or '-' (an option) goes to
 * spatch, and through it to diff, as "./PATH"; spatch reports it so (record.c undoes it).
 */
char *spatch_path_arg(const char *path)
{
	return *path == '~' || *path == '-' ? xstrfmt("./%s", path) : NULL;
}

size_t scan_batch_size(size_t n, long jobs)
{
	size_t per_job = jobs > 0 ? (n + (size_t)jobs - 1) / (size_t)jobs : n;

	if (per_job > SCAN_BATCH_FILES)
		return SCAN_BATCH_FILES;
	return per_job ? per_job : 1;
}

static int cmp_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct scan_file *)elem)->path);
}

struct scan_file *find_file(struct scan *sc, const char *path)
{
	return bsearch(path, sc->files, sc->nr_files, sizeof(*sc->files), cmp_path);
}

void set_file_error(struct scan_file *f, const char *status, const char *msg)
{
	if (!strcmp(f->status, "ok")) {
		f->status = status;
		f->error = xstrdup(msg);
	}
}

/* ---- Progress ---- */

void show_progress(struct scan *sc, bool force)
{
	double now = monotonic_seconds();

	if (!sc->show_progress || (!force && now - sc->last_progress < 0.25))
		return;
	sc->last_progress = now;
	fprintf(stderr, "\r\033[Kscan: %ld/%ld files, %ld findings, %.0f s",
		sc->sum->files_done, sc->sum->files_total, sc->sum->findings_seen,
		now - sc->started);
	/* ETA from the files spatch has finished so far (carried over ones are instant). */
	if (sc->sum->files_done > sc->files_before_spatch &&
	    sc->sum->files_done < sc->sum->files_total) {
		double rate = (double)(sc->sum->files_done - sc->files_before_spatch) /
			      (now - sc->spatch_started);

		fprintf(stderr, ", ETA %.0f s",
			(double)(sc->sum->files_total - sc->sum->files_done) / rate);
	}
	fflush(stderr);
}

static void clear_progress(struct scan *sc)
{
	if (sc->show_progress)
		fprintf(stderr, "\r\033[K");
}

static void release_scan(struct scan *sc)
{
	for (size_t i = 0; i < sc->nr_workers; i++)
		release_worker(&sc->workers[i]);
	free(sc->workers);
	free(sc->children);
	for (size_t i = sc->queue_head; i < sc->queue_nr; i++) {
		free(sc->queue[i].files);
		free(sc->queue[i].later);
	}
	free(sc->queue);
	for (size_t i = 0; i < sc->nr_files; i++) {
		free(sc->files[i].path);
		free(sc->files[i].error);
		free(sc->files[i].subsystem);
		free(sc->files[i].reused_error);
		free(sc->files[i].arg);
	}
	free(sc->files);
	free(sc->pair);
	free(sc->reuse_from);
	free(sc->rule_checked);
	prefilter_clear(&sc->prefilter);
	free(sc->hit);
	file_cache_clear(&sc->cache);
	file_cache_clear(&sc->cache_updates);
	string_list_clear(&sc->cache_forget);
	strbuf_release(&sc->read_buf);
	git_index_clear(&sc->git);
	env_free(sc->env);
	store_release(&sc->store);
}

static int start_run(struct scan *sc)
{
	const struct scan_setup *s = sc->setup;
	struct strbuf dirs = STRBUF_INIT;
	struct run_info info = {
		.tree_path = s->tree_path ? s->tree_path : s->top,
		.tree_version = s->tree_version,
		.tree_commit = s->tree_commit,
		.spatch_version = s->spatch_version,
		.jobs = (int)s->jobs,
	};
	int ret;

	for (size_t i = 0; i < s->dirs.nr; i++)
		strbuf_addf(&dirs, "%s%s", i ? " " : "", s->dirs.items[i]);
	info.dirs = dirs.buf;
	ret = store_begin(&sc->store) || store_start_run(&sc->store, &info);
	for (size_t i = 0; i < s->rules.nr && !ret; i++)
		ret = store_add_rule(&sc->store, &s->rules.items[i]);
	if (ret || store_commit(&sc->store)) {
		store_rollback(&sc->store);
		ret = error("cannot record the run in the database");
	}
	strbuf_release(&dirs);
	sc->sum->run_id = sc->store.run_id;
	return ret;
}

/*
 * A run where spatch failed on every file it was given failed: that is the setup (spatch,
 * python, HOME, the rules), not the files. Its errors are not carried over (store.c).
 */
static int check_some_file_passed(struct scan *sc)
{
	const struct scan_file *first = NULL;
	size_t given = 0, failed = 0;

	for (size_t i = 0; i < sc->nr_files; i++) {
		const struct scan_file *f = &sc->files[i];
		bool spatched = false;

		for (size_t r = 0; r < nr_rules(sc) && !spatched; r++)
			spatched = *pair_at(sc, i, r) == PAIR_SPATCH;
		if (!spatched || f->changed)
			continue;
		given++;
		/* A timeout is the file's (and the load's): it is no sign of the setup. */
		if (!strcmp(f->status, "error")) {
			failed++;
			first = first ? first : f;
		}
	}
	if (!given || failed < given)
		return 0;
	return error("spatch failed on every file it was given (%zu), the first %s: %s; that "
		     "points to the setup (spatch, --python, HOME, the rules directory), not to "
		     "the files: fix it, then scan again (these errors are not carried over)",
		     given, first->path, first->error ? first->error : first->status);
}

static int scan_steps(struct scan *sc)
{
	if (walk_and_prefilter(sc))
		return -1;
	if (!scan_caught_signal && !sc->setup->full && find_reusable_results(sc))
		return -1;
	if (scan_caught_signal)
		return 0;
	if (scan_store_prepared_work(sc))
		return -1;
	plan_batches(sc);
	remove_stale_parse_caches();
	init_workers(sc);
	sc->rule_checked = xcalloc(nr_rules(sc) + 1, sizeof(*sc->rule_checked));
	show_progress(sc, true);
	if (run_batches(sc))
		return -1;
	if (scan_caught_signal)
		return 0;
	if (check_some_file_passed(sc))
		return -1;
	return scan_facts(sc);
}

static void catch_signals(struct sigaction *old_int, struct sigaction *old_term)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note_signal;
	sigemptyset(&sa.sa_mask);
	scan_caught_signal = 0;
	sigaction(SIGINT, &sa, old_int);
	sigaction(SIGTERM, &sa, old_term);
}

static const char *final_status(int ret)
{
	if (scan_caught_signal)
		return "interrupted";
	return ret ? "failed" : "complete";
}

int scan_tree(const struct scan_setup *setup, struct scan_summary *sum)
{
	struct scan sc = { .setup = setup, .sum = sum, .read_buf = STRBUF_INIT };
	struct sigaction old_int, old_term;
	int ret;

	sc.started = monotonic_seconds();
	/* The progress line is for a terminal only: not in logs, pipes or cron mail. */
	sc.show_progress = isatty(STDERR_FILENO) && isatty(STDOUT_FILENO);
	sc.env = spatch_environment(setup);
	if (store_init(&sc.store, setup->db) || start_run(&sc)) {
		release_scan(&sc);
		return -1;
	}
	catch_signals(&old_int, &old_term);
	ret = scan_steps(&sc);
	/* Interrupted, or failed with spatch still running: stop the workers. */
	stop_workers(&sc);
	clear_progress(&sc);
	sum->status = final_status(ret);
	sum->signal = scan_caught_signal;
	if (store_finish_run(&sc.store, sum->status))
		ret = -1;
	sum->seconds = monotonic_seconds() - sc.started;
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	release_scan(&sc);
	return ret;
}

void scan_summary_release(struct scan_summary *sum)
{
	strbuf_release(&sum->stopped_at);
}

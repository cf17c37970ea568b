// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scan engine.
 *
 * Every walked file is read once (tree-read.h: read(), never mapped) to hash it and to test every rule's keywords, unless
 * the stat cache (filecache.h) or git's index (gitindex.h) vouches that it is what an earlier
 * read saw: then its hash and keyword hits come from the cache. Each (file, rule) pair is
 * then either nothing (the rule cannot match), carried over from an earlier run (same
 * content, same rule file, same tree version and spatch: incremental scans, unless --full),
 * or given to spatch in a batch of up to SCAN_BATCH_FILES files.
 * A batch whose spatch fails is split into one-file batches; a file that fails alone is
 * stored with status 'error' or 'timeout'. Every batch is stored in one transaction.
 */
#include "scan.h"
#include "db.h"
#include "diff.h"
#include "filecache.h"
#include "fingerprint.h"
#include "gitindex.h"
#include "maintainers.h"
#include "prefilter.h"
#include "record.h"
#include "run-command.h"
#include "shadow.h"
#include "store.h"
#include "tree-read.h"
#include "walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum pair_state {
	PAIR_NONE,	/* the rule does not want the file (extension or keywords) */
	PAIR_SPATCH,	/* spatch must run */
	PAIR_REUSE,	/* an earlier run's result stands */
};

struct scan_file {
	char *path;
	char hash[SHA1_HEX_SIZE];
	const char *status;	/* "ok", "error", "timeout", "skipped" */
	char *error;
	unsigned int pending;	/* rules still to be stored for this file */
	size_t size;		/* bytes, when read or vouched for by the stat cache */
	char *subsystem;
	bool subsystem_known;
	char *reused_error;	/* the error of the earlier run whose results it carries over */
	bool changed;		/* changed while spatch read it: nothing more is stored */
	char *arg;		/* how spatch is given it, when not as path: "./~/x.c" */
	bool not_utf8;		/* run in a shadow of the tree (shadow.h) */
};

/*
 * A batch: one spatch run of a rule over files, then of each rule of later[] over the same
 * files, one after the other in the same worker. The runs of a chain share a directory where
 * spatch keeps each file's parse (--cache-prefix): a file is parsed once, not once per rule.
 */
struct batch {
	size_t rule;
	size_t *files;
	size_t nr;
	size_t *later;		/* rules still to run on these files after this one */
	size_t nr_later;
	char *parse_cache;	/* the chain's --cache-prefix directory, or NULL */
	unsigned long long cost;	/* estimated: bytes times rules, for the order of batches */
	bool shadow;		/* its one file is not UTF-8: run in a shadow (shadow.h) */
};

struct worker {
	struct child_process cp;
	struct batch batch;
	const char **argv;
	char *timeout_arg;
	char *groups_file;	/* --file-groups list of a batch of several files */
	char *shadow_dir;	/* the shadow of the tree its spatch runs in, or NULL */
	bool busy;
};

struct scan {
	const struct scan_setup *setup;
	struct scan_summary *sum;
	struct scan_file *files;
	size_t nr_files;
	unsigned char *pair;		/* [file * nr_rules + rule] */
	long long *reuse_from;		/* the same layout: the run to carry over */
	struct batch *queue;
	size_t queue_head, queue_nr, queue_alloc;
	struct worker *workers;
	struct child_process **children;
	size_t nr_workers;
	struct store store;
	bool *rule_checked;		/* its SmPL was checked after a failure */
	char **env;
	double started, last_progress;
	double spatch_started;		/* when the first batch started */
	long files_before_spatch;	/* files done (carried over or no rule) by then */
	bool show_progress;
	struct prefilter prefilter;
	bool *hit;			/* [rule]: scratch for prefilter_match() */
	char prefilter_key[SHA1_HEX_SIZE];
	struct file_cache cache;	/* what earlier reads learnt, under prefilter_key */
	struct file_cache cache_updates;	/* what this scan's reads learnt */
	struct string_list cache_forget;	/* files that could not be read */
	struct git_index git;		/* the tree's git index, when it has one */
	struct strbuf read_buf;		/* the file being read, reused from file to file */
	bool git_tried, have_git;	/* git is run once, when a file first needs it */
};

static volatile sig_atomic_t caught_signal;

static void note_signal(int sig)
{
	caught_signal = sig;
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

static const char *arg_of(const struct scan_file *f)
{
	return f->arg ? f->arg : f->path;
}

size_t scan_batch_size(size_t n, long jobs)
{
	size_t per_job = jobs > 0 ? (n + (size_t)jobs - 1) / (size_t)jobs : n;

	if (per_job > SCAN_BATCH_FILES)
		return SCAN_BATCH_FILES;
	return per_job ? per_job : 1;
}

static size_t nr_rules(const struct scan *sc)
{
	return sc->setup->rules.nr;
}

static unsigned char *pair_at(struct scan *sc, size_t file, size_t rule)
{
	return &sc->pair[file * nr_rules(sc) + rule];
}

static int cmp_path(const void *key, const void *elem)
{
	return strcmp(key, ((const struct scan_file *)elem)->path);
}

static struct scan_file *find_file(struct scan *sc, const char *path)
{
	return bsearch(path, sc->files, sc->nr_files, sizeof(*sc->files), cmp_path);
}

static void set_file_error(struct scan_file *f, const char *status, const char *msg)
{
	if (!strcmp(f->status, "ok")) {
		f->status = status;
		f->error = xstrdup(msg);
	}
}

/* ---- Walking and prefiltering ---- */

/* Give the file to each rule of sc->hit that wants its extension. */
static void apply_hits(struct scan *sc, size_t i)
{
	struct scan_file *f = &sc->files[i];

	for (size_t r = 0; r < nr_rules(sc); r++) {
		const struct rule *rule = &sc->setup->rules.items[r];

		if (sc->hit[r] && rule_wants_extension(rule, f->path)) {
			*pair_at(sc, i, r) = PAIR_SPATCH;
			f->pending++;
		}
	}
}

/* Remember what reading the file taught, for the next scan's stat cache. */
static void remember_read(struct scan *sc, size_t i, const struct stat *st,
			  long long read_at)
{
	struct file_cache_entry e = { .path = sc->files[i].path, .read_at_ns = read_at };
	char *hits = xcalloc(nr_rules(sc) + 1, 1);

	for (size_t r = 0; r < nr_rules(sc); r++)
		hits[r] = sc->hit[r] ? '1' : '0';
	e.hits = hits;
	file_stamp_from_stat(&e.stamp, st);
	memcpy(e.hash, sc->files[i].hash, SHA1_HEX_SIZE);
	file_cache_add(&sc->cache_updates, &e);
	free(hits);
}

/* Tries at a file that changes while it is read, before it counts as changed. */
#define READ_TRIES 3

/*
 * A file that changed while it was read, every time: its bytes are not trusted, nothing is
 * stored for it in this run (as for one that changed while spatch read it), its findings
 * stay as they are, and the next scan reads it again.
 */
static void changed_while_read(struct scan *sc, struct scan_file *f, const char *path)
{
	warning("%s changed while it was read: its results are not stored; the next scan reads "
		"it again", path);
	set_file_error(f, "error", "the file changed while it was read");
	f->changed = true;
	string_list_append(&sc->cache_forget, f->path);
}

static void prefilter_file(struct scan *sc, size_t i)
{
	struct scan_file *f = &sc->files[i];
	struct strbuf *data = &sc->read_buf;
	long long read_at;
	struct tree_read r;
	int tries = 0, ret;

	f->status = "ok";
	sc->sum->files_read++;
	do {
		read_at = file_cache_now_ns();
		ret = tree_read_file(sc->setup->top, f->path, TREE_READ_MAX_SOURCE, data, &r);
	} while (ret && r.status == TREE_READ_CHANGED && ++tries < READ_TRIES);
	if (ret && r.status == TREE_READ_CHANGED) {
		char *path = xstrfmt("%s/%s", sc->setup->top, f->path);

		changed_while_read(sc, f, path);
		free(path);
	} else if (ret) {
		struct strbuf msg = STRBUF_INIT;

		tree_read_describe(&r, &msg);
		set_file_error(f, r.status == TREE_READ_SYSTEM ? "error" : "skipped", msg.buf);
		strbuf_release(&msg);
		string_list_append(&sc->cache_forget, f->path);
	} else {
		git_blob_sha1_hex(data->buf, data->len, f->hash);
		f->size = data->len;
		if (!spatch_safe_path(f->path)) {
			set_file_error(f, "skipped", "spatch cannot be given this file name (it "
				       "passes names to diff through a shell); rename the file to "
				       "scan it");
		} else {
			prefilter_match(&sc->prefilter, data->buf, data->len, sc->hit);
			apply_hits(sc, i);
			remember_read(sc, i, &r.st, read_at);
		}
	}
}

/*
 * Does the stat cache, or else git's index, vouch that the file is what an earlier read
 * saw? Then take its hash and keyword hits from there, without reading it.
 */
static bool use_cached_read(struct scan *sc, size_t i)
{
	struct scan_file *f = &sc->files[i];
	const struct file_cache_entry *e = file_cache_find(&sc->cache, f->path);
	const char *git_hash;
	struct file_stamp now;
	struct stat st;
	char *path;
	bool ok;

	if (!e || !spatch_safe_path(f->path))
		return false;
	path = xstrfmt("%s/%s", sc->setup->top, f->path);
	ok = !lstat(path, &st) && S_ISREG(st.st_mode);
	free(path);
	if (!ok)
		return false;
	file_stamp_from_stat(&now, &st);
	if (file_cache_entry_fresh(e, &now)) {
		sc->sum->files_cached_stat++;
	} else {
		/* Without git, or when it fails, the stat cache alone decides. */
		if (!sc->git_tried && !sc->setup->full)
			sc->have_git = !git_index_read(sc->setup->top, &sc->git);
		sc->git_tried = true;
		if (!sc->have_git ||
		    !(git_hash = git_index_unchanged_hash(&sc->git, f->path)) ||
		    strcmp(git_hash, e->hash))
			return false;
		sc->sum->files_cached_git++;
	}
	f->status = "ok";
	f->size = (size_t)st.st_size;
	memcpy(f->hash, e->hash, SHA1_HEX_SIZE);
	for (size_t r = 0; r < nr_rules(sc); r++)
		sc->hit[r] = e->hits[r] == '1';
	apply_hits(sc, i);
	return true;
}

/*
 * The stat cache and git's index, unless --full (which reads every file). Both only save
 * reading: without them (a cache that cannot be read, no git, git failing) files are read.
 */
static void load_read_cache(struct scan *sc)
{
	prefilter_key(&sc->setup->rules, sc->prefilter_key);
	if (!sc->setup->full)
		file_cache_load(sc->setup->db, sc->prefilter_key, nr_rules(sc), &sc->cache);
}

/* The cache only saves reading: when it cannot be written, the scan goes on without. */
static void save_read_cache(struct scan *sc)
{
	sqlite3 *db = sc->setup->db;

	if (!sc->cache_updates.nr && !sc->cache_forget.nr)
		return;
	if (db_begin(db))
		return;
	if (file_cache_save(db, sc->prefilter_key, &sc->cache_updates, &sc->cache_forget) ||
	    db_commit(db))
		db_rollback(db);
}

static int walk_and_prefilter(struct scan *sc)
{
	struct string_list paths = STRING_LIST_INIT;

	if (walk_tree(sc->setup->top, &sc->setup->dirs, &paths)) {
		string_list_clear(&paths);
		return -1;
	}
	load_read_cache(sc);
	sc->nr_files = paths.nr;
	sc->files = xcalloc(paths.nr, sizeof(*sc->files));
	sc->pair = xcalloc(paths.nr * nr_rules(sc) + 1, 1);
	sc->reuse_from = xcalloc(paths.nr * nr_rules(sc) + 1, sizeof(*sc->reuse_from));
	prefilter_init(&sc->prefilter, &sc->setup->rules);
	sc->hit = xcalloc(nr_rules(sc) + 1, sizeof(*sc->hit));
	for (size_t i = 0; i < paths.nr && !caught_signal; i++) {
		sc->files[i].path = paths.items[i];
		sc->files[i].arg = spatch_path_arg(paths.items[i]);
		paths.items[i] = NULL;
		if (!use_cached_read(sc, i))
			prefilter_file(sc, i);
	}
	string_list_clear(&paths);
	sc->sum->files_total = (long)sc->nr_files;
	save_read_cache(sc);
	return 0;
}

/* ---- Incremental scans: results that an earlier run already has ---- */

struct reuse_ctx {
	struct scan *sc;
	size_t rule;
	unsigned char *seen;
	size_t nr_seen;
};

static int consider_previous(void *data, const char *path, const char *hash, long long run,
			     bool reusable, const char *error)
{
	struct reuse_ctx *ctx = data;
	struct scan *sc = ctx->sc;
	struct scan_file *f = find_file(sc, path);
	size_t i;

	if (!f)
		return 0;
	i = (size_t)(f - sc->files);
	if (ctx->seen[i] || !reusable || strcmp(hash, f->hash))
		return 0;
	/* The newest run that saw this content, whatever tree or version it scanned. */
	ctx->seen[i] = 1;
	ctx->nr_seen++;
	if (*pair_at(sc, i, ctx->rule) == PAIR_SPATCH) {
		*pair_at(sc, i, ctx->rule) = PAIR_REUSE;
		sc->reuse_from[i * nr_rules(sc) + ctx->rule] = run;
		if (error && !f->reused_error)
			f->reused_error = xstrdup(error);
	}
	return ctx->nr_seen == sc->nr_files;
}

/*
 * A file where spatch failed is not run again while nothing it depends on changed (spatch
 * would fail the same way): its error is carried over with its results, when every rule
 * that wants it can be carried over. Else all its rules run again.
 */
static void carry_over_errors(struct scan *sc)
{
	for (size_t i = 0; i < sc->nr_files; i++) {
		struct scan_file *f = &sc->files[i];
		bool all = true;

		if (!f->reused_error)
			continue;
		for (size_t r = 0; r < nr_rules(sc); r++)
			all = all && *pair_at(sc, i, r) != PAIR_SPATCH;
		for (size_t r = 0; r < nr_rules(sc) && !all; r++)
			if (*pair_at(sc, i, r) == PAIR_REUSE)
				*pair_at(sc, i, r) = PAIR_SPATCH;
		if (all)
			set_file_error(f, "error", f->reused_error);
		free(f->reused_error);
		f->reused_error = NULL;
	}
}

static int find_reusable_results(struct scan *sc)
{
	const struct scan_setup *s = sc->setup;
	int ret = 0;

	for (size_t r = 0; r < nr_rules(sc) && !ret; r++) {
		struct reuse_ctx ctx = { sc, r, xcalloc(sc->nr_files + 1, 1), 0 };

		ret = store_previous_scans(&sc->store, &s->rules.items[r], s->tree_version,
					   s->spatch_version, consider_previous, &ctx);
		free(ctx.seen);
	}
	carry_over_errors(sc);
	return ret;
}

/* ---- Storing ---- */

static const char *file_subsystem(struct scan *sc, struct scan_file *f)
{
	const struct maint_section *sec;

	if (!f->subsystem_known && sc->setup->maintainers) {
		sec = maintainers_lookup(sc->setup->maintainers, f->path);
		f->subsystem = sec ? xstrdup(sec->title) : NULL;
	}
	f->subsystem_known = true;
	return f->subsystem;
}

/* One rule is done with the file: store the file's status when no rule is left. */
static int file_rule_done(struct scan *sc, struct scan_file *f)
{
	if (f->pending && --f->pending)
		return 0;
	sc->sum->files_done++;
	/* Under no hash: the next scan neither carries it over nor trusts this run for it. */
	if (f->changed) {
		sc->sum->files_changed++;
		return 0;
	}
	if (!strcmp(f->status, "error"))
		sc->sum->files_error++;
	else if (!strcmp(f->status, "timeout"))
		sc->sum->files_timeout++;
	else if (!strcmp(f->status, "skipped"))
		sc->sum->files_skipped++;
	return store_file_scan(&sc->store, f->path, f->hash, f->status, f->error);
}

/* Retire the findings not fixed yet that no rule of this run can see any more. */
static int retire_invisible_findings(struct scan *sc)
{
	struct open_finding *open;
	size_t nr;
	int ret = 0;

	if (store_open_findings(&sc->store, &open, &nr))
		return -1;
	for (size_t i = 0; i < nr && !ret; i++) {
		const struct rule *r = rule_set_find(&sc->setup->rules, open[i].rule);
		struct scan_file *f = find_file(sc, open[i].file);
		size_t ri = r ? (size_t)(r - sc->setup->rules.items) : 0;

		if (!r)
			continue;
		if (f ? !strcmp(f->status, "ok") &&
			*pair_at(sc, (size_t)(f - sc->files), ri) == PAIR_NONE :
			path_in_dirs(open[i].file, &sc->setup->dirs))
			ret = store_mark_fixed(&sc->store, open[i].id);
	}
	open_findings_free(open, nr);
	return ret;
}

static int store_reused_pairs(struct scan *sc)
{
	struct store_reuser reuser;
	int ret = 0;

	if (store_reuser_init(&reuser, &sc->store))
		return -1;
	for (size_t i = 0; i < sc->nr_files && !ret; i++) {
		/* A file no rule wants is done already. */
		if (!sc->files[i].pending && file_rule_done(sc, &sc->files[i]))
			ret = -1;
		for (size_t r = 0; r < nr_rules(sc) && !ret; r++) {
			if (*pair_at(sc, i, r) != PAIR_REUSE)
				continue;
			sc->sum->pairs_reused++;
			if (store_reuser_run(&reuser, sc->setup->rules.items[r].name,
					     sc->files[i].path,
					     sc->reuse_from[i * nr_rules(sc) + r]) ||
			    file_rule_done(sc, &sc->files[i]))
				ret = -1;
		}
	}
	store_reuser_release(&reuser);
	return ret;
}

/* Everything decided before spatch runs, in one transaction. */
static int store_prepared_work(struct scan *sc)
{
	if (store_begin(&sc->store))
		return -1;
	if (retire_invisible_findings(sc) || store_reused_pairs(sc) ||
	    store_progress(&sc->store, sc->sum->files_total, sc->sum->files_done) ||
	    store_commit(&sc->store)) {
		store_rollback(&sc->store);
		return -1;
	}
	return 0;
}

/* ---- Turning records into findings ---- */

static int cmp_record_position(const void *a, const void *b)
{
	const struct wa_record *x = *(const struct wa_record *const *)a;
	const struct wa_record *y = *(const struct wa_record *const *)b;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	if (x->end_line != y->end_line)
		return x->end_line < y->end_line ? -1 : 1;
	return x->end_col < y->end_col ? -1 : x->end_col > y->end_col;
}

static char *matched_code(const struct strbuf *src, const struct wa_record *rec)
{
	struct strbuf code = STRBUF_INIT;

	if (source_lines(src->buf, src->len, rec->line, rec->end_line, &code))
		warning("%s:%ld: the rule reports lines beyond the end of the file", rec->file,
			rec->line);
	return strbuf_detach(&code, NULL);
}

static void fill_finding(struct finding *f, const struct rule *r, const struct wa_record *rec,
			 const struct strbuf *src, const char *subsystem)
{
	if (strcmp(rec->rule, r->name))
		warning("rule %s emits records named '%s'; they are stored as %s", r->name,
			rec->rule, r->name);
	f->rule = xstrdup(r->name);
	f->verdict = xstrdup(rec->verdict);
	f->file = xstrdup(rec->file);
	f->line = rec->line;
	f->col = rec->col;
	f->end_line = rec->end_line;
	f->end_col = rec->end_col;
	f->function = xstrdup(rec->function);
	f->message = xstrdup(rec->message);
	f->code = matched_code(src, rec);
	f->subsystem = subsystem ? xstrdup(subsystem) : NULL;
}

static void compute_fingerprints(struct finding *f, size_t nr)
{
	struct fingerprint_site *sites = xcalloc(nr + 1, sizeof(*sites));

	for (size_t i = 0; i < nr; i++) {
		sites[i].rule = f[i].rule;
		sites[i].file = f[i].file;
		sites[i].function = f[i].function;
		sites[i].code = f[i].code;
	}
	fingerprint_sites(sites, nr);
	for (size_t i = 0; i < nr; i++)
		memcpy(f[i].fingerprint, sites[i].fingerprint, SHA1_HEX_SIZE);
	free(sites);
}

/* Give each replace finding the hunks of its function (docs/rule-contract.md). */
static void attach_diffs(struct finding *f, size_t nr, const char *diff)
{
	struct hunk_list hunks = HUNK_LIST_INIT;
	struct string_list functions = STRING_LIST_INIT;

	if (diff_split(diff, strlen(diff), &hunks)) {
		warning("%s: the diff cannot be split into hunks; its findings get no diff",
			f[0].file);
		return;
	}
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(f[i].verdict, "replace") && !string_list_has(&functions, f[i].function))
			string_list_append(&functions, f[i].function);
	for (size_t i = 0; i < nr; i++) {
		struct strbuf sb = STRBUF_INIT;

		if (strcmp(f[i].verdict, "replace"))
			continue;
		diff_for_function(&hunks, f[i].function, &functions, &sb);
		f[i].diff = sb.len ? strbuf_detach(&sb, NULL) : NULL;
		strbuf_release(&sb);
	}
	string_list_clear(&functions);
	hunk_list_clear(&hunks);
}

/*
 * A replace finding promises a change (docs/rule-contract.md); one that has no diff (spatch
 * printed none for its function: the transformation failed, or diff could not be run) is
 * stored as review, its message saying so, never as a replace without a change.
 */
static void review_replace_without_diff(struct finding *f, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		char *msg;

		if (strcmp(f[i].verdict, "replace") || f[i].diff)
			continue;
		warning("%s:%ld: rule %s proposes a change but spatch printed no diff for it; "
			"stored as review", f[i].file, f[i].line, f[i].rule);
		msg = xstrfmt("the rule proposes a change here, but spatch printed no diff for "
			      "it: check by hand (%s)", f[i].message);
		free(f[i].message);
		f[i].message = msg;
		free(f[i].verdict);
		f[i].verdict = xstrdup("review");
	}
}

/*
 * A file spatch was shown with its bytes that are not UTF-8 replaced (shadow.h): a diff
 * hunk over such a line does not apply to the real file. Its finding is stored as review,
 * saying so, and its hunks are left out of the file's patch.
 */
static void review_replaced_bytes(struct finding *f, size_t nr, char **file_diff,
				  const struct strbuf *src)
{
	struct string_list unsafe = STRING_LIST_INIT;	/* the diffs of those made review */
	char *kept;
	bool dropped;

	for (size_t i = 0; i < nr; i++) {
		char *msg;

		if (strcmp(f[i].verdict, "replace") || !f[i].diff)
			continue;
		kept = shadow_drop_replaced_hunks(f[i].diff, src->buf, src->len, NULL, &dropped);
		free(kept);
		if (!dropped)
			continue;
		msg = xstrfmt("the change proposed here covers a line with bytes that are not "
			      "UTF-8, which spatch was shown as '%c': its diff would not apply, "
			      "make the change by hand (%s)", SHADOW_PLACEHOLDER, f[i].message);
		free(f[i].message);
		f[i].message = msg;
		free(f[i].verdict);
		f[i].verdict = xstrdup("review");
		string_list_append_nodup(&unsafe, f[i].diff);
		f[i].diff = NULL;
	}
	if (*file_diff) {
		kept = shadow_drop_replaced_hunks(*file_diff, src->buf, src->len, &unsafe,
						  &dropped);
		free(*file_diff);
		*file_diff = kept;
	}
	string_list_clear(&unsafe);
}

/* The rule's diff of one file: every block spatch printed for it, in order. */
static char *file_diff(const struct spatch_output *out, const char *path)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < out->nr_diffs; i++)
		if (!strcmp(out->diffs[i].path, path))
			strbuf_addstr(&sb, out->diffs[i].text);
	return sb.len ? strbuf_detach(&sb, NULL) : NULL;
}

static size_t collect_records(const struct spatch_output *out, const char *path,
			      const struct wa_record ***recs)
{
	size_t n = 0;

	*recs = xcalloc(out->nr_records + 1, sizeof(**recs));
	for (size_t i = 0; i < out->nr_records; i++)
		if (!strcmp(out->records[i].file, path))
			(*recs)[n++] = &out->records[i];
	qsort(*recs, n, sizeof(**recs), cmp_record_position);
	return n;
}

/*
 * Read the file again, as spatch has just read it: is it still the content whose hash the
 * scan took? If not, spatch may have seen other content, and its results must not be
 * stored under that hash (the next scan would carry them over): the file is marked
 * changed, nothing more is stored for it in this run, and the next scan reads it again.
 */
static bool unchanged_since_hashed(struct scan *sc, struct scan_file *f, struct strbuf *src)
{
	char *full = xstrfmt("%s/%s", sc->setup->top, f->path);
	char hash[SHA1_HEX_SIZE];
	struct tree_read r;
	bool same = !tree_read_file(sc->setup->top, f->path, TREE_READ_MAX_SOURCE, src, &r);

	if (same) {
		git_blob_sha1_hex(src->buf, src->len, hash);
		same = !memcmp(hash, f->hash, SHA1_HEX_SIZE);
	}
	if (!same && !f->changed)
		warning("%s changed while spatch read it: its results are not stored; the next "
			"scan reads it again", full);
	f->changed = f->changed || !same;
	free(full);
	return same;
}

/*
 * Store one rule's output for one file, whose content src is what spatch read. complete:
 * unseen findings are fixed.
 */
static int store_rule_file(struct scan *sc, const struct rule *r, struct scan_file *file,
			   const struct spatch_output *out, bool complete,
			   const struct strbuf *src)
{
	const struct wa_record **recs;
	size_t n = collect_records(out, file->path, &recs);
	struct finding *f = xcalloc(n + 1, sizeof(*f));
	char *diff = file_diff(out, file->path);
	int ret;

	for (size_t i = 0; i < n; i++)
		fill_finding(&f[i], r, recs[i], src, file_subsystem(sc, file));
	compute_fingerprints(f, n);
	sc->sum->findings_seen += (long)n;
	if (diff && n)
		attach_diffs(f, n, diff);
	if (file->not_utf8)
		review_replaced_bytes(f, n, &diff, src);
	review_replace_without_diff(f, n);
	ret = store_findings(&sc->store, r->name, file->path, f, n, complete);
	if (!ret && diff)
		ret = store_patch(&sc->store, r->name, file->path, diff);
	for (size_t i = 0; i < n; i++)
		finding_clear(&f[i]);
	free(f);
	free(recs);
	free(diff);
	return ret;
}

/* ---- Batches and workers ---- */

static struct batch *queue_batch(struct scan *sc, size_t rule, const size_t *files, size_t nr)
{
	struct batch *b;

	ALLOC_GROW(sc->queue, sc->queue_nr + 1, sc->queue_alloc);
	b = &sc->queue[sc->queue_nr++];
	memset(b, 0, sizeof(*b));
	b->rule = rule;
	b->nr = nr;
	b->files = xcalloc(nr, sizeof(*b->files));
	memcpy(b->files, files, nr * sizeof(*files));
	for (size_t i = 0; i < nr; i++)
		b->cost += sc->files[files[i]].size + 1;
	return b;
}

/* A batch of files that each of rules[] (at least one) wants: a chain of nr_rules runs. */
static void queue_chain(struct scan *sc, const size_t *rules, size_t nr_rules,
			const size_t *files, size_t nr)
{
	struct batch *b = queue_batch(sc, rules[0], files, nr);

	b->nr_later = nr_rules - 1;
	if (b->nr_later) {
		b->later = xcalloc(b->nr_later, sizeof(*b->later));
		memcpy(b->later, rules + 1, b->nr_later * sizeof(*rules));
	}
	b->cost *= nr_rules;
}

/* The most costly batches first, so that no long batch is left to run alone at the end. */
static int cmp_batch_order(const void *a, const void *b)
{
	const struct batch *x = a, *y = b;

	if (x->cost != y->cost)
		return x->cost > y->cost ? -1 : 1;
	if (x->files[0] != y->files[0])
		return x->files[0] < y->files[0] ? -1 : 1;
	return x->rule < y->rule ? -1 : x->rule > y->rule;
}

/* Files that go to the same rules through spatch together, in path order. */
static int cmp_rule_sets(const void *a, const void *b, void *data)
{
	struct scan *sc = data;
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	for (size_t r = 0; r < nr_rules(sc); r++) {
		bool in_x = *pair_at(sc, x, r) == PAIR_SPATCH;
		bool in_y = *pair_at(sc, y, r) == PAIR_SPATCH;

		if (in_x != in_y)
			return in_x ? -1 : 1;
	}
	return (x > y) - (x < y);
}

/* The rules that get file i from spatch; their number. */
static size_t spatch_rules_of(struct scan *sc, size_t i, size_t *rules)
{
	size_t n = 0;

	for (size_t r = 0; r < nr_rules(sc); r++)
		if (*pair_at(sc, i, r) == PAIR_SPATCH)
			rules[n++] = r;
	return n;
}

/*
 * Chains of files that go to the same rules (so that each file is parsed once for all of
 * them), at most scan_batch_size() files each and at most an eighth of a worker's share of
 * the estimated cost (bytes times rules), but not less than SCAN_BATCH_MIN_COST (a spatch
 * start-up is worth about 300 KB of parsing), the most costly first: no long batch is left
 * for last while the other workers have nothing to do.
 */
static void plan_batches(struct scan *sc)
{
	size_t *files = xcalloc(sc->nr_files + 1, sizeof(*files));
	size_t *rules = xcalloc(nr_rules(sc) + 1, sizeof(*rules));
	size_t *next = xcalloc(nr_rules(sc) + 1, sizeof(*next));
	unsigned long long total = 0, cap;
	size_t n = 0, size;

	for (size_t i = 0; i < sc->nr_files; i++) {
		size_t k = spatch_rules_of(sc, i, rules);

		if (!k)
			continue;
		files[n++] = i;
		sc->sum->pairs_spatch += (long)k;
		total += (sc->files[i].size + 1) * k;
	}
	qsort_r(files, n, sizeof(*files), cmp_rule_sets, sc);
	size = scan_batch_size(n, sc->setup->jobs);
	cap = total / (unsigned long long)(4 * sc->setup->jobs) + 1;
	if (cap < SCAN_BATCH_MIN_COST)
		cap = SCAN_BATCH_MIN_COST;
	for (size_t start = 0, end; start < n; start = end) {
		size_t k = spatch_rules_of(sc, files[start], rules);
		unsigned long long cost = (sc->files[files[start]].size + 1) * k;

		for (end = start + 1; end < n && end - start < size; end++) {
			cost += (sc->files[files[end]].size + 1) * k;
			if (cost > cap || spatch_rules_of(sc, files[end], next) != k ||
			    memcmp(next, rules, k * sizeof(*rules)))
				break;
		}
		queue_chain(sc, rules, k, files + start, end - start);
	}
	free(next);
	free(rules);
	free(files);
	if (sc->queue_nr > 1)
		qsort(sc->queue, sc->queue_nr, sizeof(*sc->queue), cmp_batch_order);
}

/* Our environment, with the rules' Python library and the tree's version for the rules. */
static char **spatch_environment(const struct scan_setup *s)
{
	static const char *const drop[] = { "PYTHONPATH=", "WHICHALLOC_KERNEL_VERSION=", NULL };
	char *add[3] = { xstrfmt("PYTHONPATH=%s", s->python_path), NULL, NULL };
	char **env;

	if (s->tree_version)
		add[1] = xstrfmt("WHICHALLOC_KERNEL_VERSION=%s", s->tree_version);
	env = env_filtered(drop, (const char *const *)add);
	free(add[0]);
	free(add[1]);
	return env;
}

static const char **spatch_argv(struct scan *sc, const struct batch *b, const char *timeout,
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
static void remove_stale_parse_caches(void)
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

static void release_worker(struct worker *w)
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

static void warn_about_output(const struct rule *r, const struct batch *b,
			      const struct spatch_output *out, const struct scan *sc)
{
	if (out->nr_malformed || out->nr_garbage)
		warning("rule %s printed %zu malformed record or diff lines and %zu other lines "
			"for %s%s (first: \"%s\"); they are ignored: fix the rule's output",
			r->name, out->nr_malformed, out->nr_garbage,
			sc->files[b->files[0]].path, b->nr > 1 ? " and others" : "",
			out->problem.buf);
	for (size_t i = 0; i < out->nr_records; i++) {
		bool known = false;

		for (size_t j = 0; j < b->nr && !known; j++)
			known = !strcmp(out->records[i].file, sc->files[b->files[j]].path);
		if (!known)
			warning("rule %s reports file %s, which it was not given; ignored",
				r->name, out->records[i].file);
	}
}

static int store_batch(struct scan *sc, const struct batch *b, const struct spatch_output *out,
		       bool complete)
{
	const struct rule *r = &sc->setup->rules.items[b->rule];
	int ret = 0;

	if (store_begin(&sc->store))
		return -1;
	for (size_t i = 0; i < b->nr && !ret; i++) {
		struct scan_file *f = &sc->files[b->files[i]];
		struct strbuf src = STRBUF_INIT;

		if (!f->changed && unchanged_since_hashed(sc, f, &src))
			ret = store_rule_file(sc, r, f, out, complete, &src);
		if (!ret)
			ret = file_rule_done(sc, f);
		strbuf_release(&src);
	}
	if (!ret)
		ret = store_progress(&sc->store, sc->sum->files_total, sc->sum->files_done);
	if (ret || store_commit(&sc->store)) {
		store_rollback(&sc->store);
		return error("cannot store the results of rule %s for %s; the scan stops",
			     r->name, sc->files[b->files[0]].path);
	}
	return 0;
}

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
		ret = store_batch(sc, &good, out, true);
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
	ret = store_batch(sc, b, &out, ok);
	spatch_output_clear(&out);
	return ret;
}

/* ---- The main loop ---- */

static void show_progress(struct scan *sc, bool force)
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
		if (!ret && !caught_signal && w->batch.nr_later)
			ret = start_next_rule(sc, w);
		else
			release_worker(w);
	}
	return ret;
}

static int run_batches(struct scan *sc)
{
	sc->spatch_started = monotonic_seconds();
	sc->files_before_spatch = sc->sum->files_done;
	while (!caught_signal && (sc->queue_head < sc->queue_nr || busy_workers(sc))) {
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
static void stop_workers(struct scan *sc)
{
	struct strbuf *where = &sc->sum->stopped_at;
	const struct batch *next = NULL;
	double deadline;

	for (size_t i = 0; i < sc->nr_workers && !next; i++)
		if (sc->workers[i].busy)
			next = &sc->workers[i].batch;
	if (!next && sc->queue_head < sc->queue_nr)
		next = &sc->queue[sc->queue_head];
	if (next && caught_signal)
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

static void init_workers(struct scan *sc)
{
	sc->nr_workers = (size_t)sc->setup->jobs;
	sc->workers = xcalloc(sc->nr_workers, sizeof(*sc->workers));
	sc->children = xcalloc(sc->nr_workers, sizeof(*sc->children));
	for (size_t i = 0; i < sc->nr_workers; i++) {
		child_process_init(&sc->workers[i].cp);
		sc->children[i] = &sc->workers[i].cp;
	}
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
		.tree_path = s->top,
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
	if (!caught_signal && !sc->setup->full && find_reusable_results(sc))
		return -1;
	if (caught_signal)
		return 0;
	if (store_prepared_work(sc))
		return -1;
	plan_batches(sc);
	remove_stale_parse_caches();
	init_workers(sc);
	sc->rule_checked = xcalloc(nr_rules(sc) + 1, sizeof(*sc->rule_checked));
	show_progress(sc, true);
	if (run_batches(sc))
		return -1;
	return caught_signal ? 0 : check_some_file_passed(sc);
}

static void catch_signals(struct sigaction *old_int, struct sigaction *old_term)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = note_signal;
	sigemptyset(&sa.sa_mask);
	caught_signal = 0;
	sigaction(SIGINT, &sa, old_int);
	sigaction(SIGTERM, &sa, old_term);
}

static const char *final_status(int ret)
{
	if (caught_signal)
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
	sum->signal = caught_signal;
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

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The scan's plan: every walked file read (or vouched for by a cache) and prefiltered, each
 * (file, rule) pair either nothing, carried over from an earlier run or given to spatch, and
 * the pairs for spatch grouped into batches.
 */
#include "scan-internal.h"
#include "db.h"
#include "hash.h"
#include "shard.h"
#include "tree-read.h"
#include "walk.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int walk_and_prefilter(struct scan *sc)
{
	struct string_list paths = STRING_LIST_INIT;

	if (walk_tree(sc->setup->top, &sc->setup->dirs, &paths)) {
		string_list_clear(&paths);
		return -1;
	}
	if (sc->setup->shard) {
		shard_select(sc->setup->shard, sc->setup->top, &sc->setup->dirs, &paths);
		if (shard_record(sc->setup->db, sc->sum->run_id, sc->setup->shard)) {
			string_list_clear(&paths);
			return -1;
		}
	}
	load_read_cache(sc);
	sc->nr_files = paths.nr;
	sc->files = xcalloc(paths.nr, sizeof(*sc->files));
	sc->pair = xcalloc(paths.nr * nr_rules(sc) + 1, 1);
	sc->reuse_from = xcalloc(paths.nr * nr_rules(sc) + 1, sizeof(*sc->reuse_from));
	prefilter_init(&sc->prefilter, &sc->setup->rules);
	sc->hit = xcalloc(nr_rules(sc) + 1, sizeof(*sc->hit));
	for (size_t i = 0; i < paths.nr && !scan_caught_signal; i++) {
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

int find_reusable_results(struct scan *sc)
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

/* ---- Storing what is decided before spatch runs ---- */

/*
 * Retire the findings not fixed yet that no rule of this run can see any more: a shard run
 * retires only those of its part of the tree (a file gone from the tree included).
 */
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
			path_in_dirs(open[i].file, &sc->setup->dirs) &&
			shard_owns(sc->setup->shard, open[i].file))
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
int scan_store_prepared_work(struct scan *sc)
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

/* ---- Batches ---- */

struct batch *queue_batch(struct scan *sc, size_t rule, const size_t *files, size_t nr)
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
void plan_batches(struct scan *sc)
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

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The life of each finding across the complete runs, and how the gone ones went (history.h).
 */
#include "history.h"
#include "csource.h"
#include "db.h"
#include "hash.h"
#include "tree-read.h"
#include "version.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const char *history_how_name(enum history_how how)
{
	static const char *const names[] = {
		[HISTORY_OPEN] = "", [HISTORY_CONVERTED] = "converted",
		[HISTORY_REMOVED] = "removed", [HISTORY_CHANGED] = "changed",
		[HISTORY_UNKNOWN] = "unknown",
	};

	return how < ARRAY_SIZE(names) ? names[how] : "";
}

bool history_run_covers(const struct history_run *r, const char *path)
{
	struct string_list dirs = STRING_LIST_INIT;
	bool covers = !r->dirs || !*r->dirs;

	string_list_split(&dirs, r->dirs ? r->dirs : "", " ");
	for (size_t i = 0; i < dirs.nr && !covers; i++) {
		char *d = dirs.items[i];
		size_t n = strlen(d);

		while (n > 1 && d[n - 1] == '/')
			d[--n] = '\0';
		covers = !strcmp(d, ".") || (starts_with(path, d) && (!path[n] || path[n] == '/'));
	}
	string_list_clear(&dirs);
	return covers;
}

/* ---- Loading ---- */

static int cmp_run_version(const void *a, const void *b)
{
	const struct history_run *x = a, *y = b;
	int c = kversion_str_cmp(x->version, y->version);

	return c ? c : (x->id > y->id) - (x->id < y->id);
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return xstrdup(s ? (const char *)s : "");
}

static int load_runs(sqlite3 *db, struct history *h)
{
	/* A shard run saw part of the tree: its whole run, made by merge, counts. */
	sqlite3_stmt *st = db_prepare(db, "SELECT id, tree_path, tree_version, dirs FROM run "
				      "WHERE status = 'complete' AND shard IS NULL");
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct history_run *r;

		ALLOC_GROW(h->runs, h->nr_runs + 1, h->alloc_runs);
		r = &h->runs[h->nr_runs++];
		r->id = sqlite3_column_int64(st, 0);
		r->tree_path = column_dup(st, 1);
		r->version = column_dup(st, 2);
		r->dirs = column_dup(st, 3);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("cannot read the runs: %s", sqlite3_errmsg(db));
	if (h->nr_runs)
		qsort(h->runs, h->nr_runs, sizeof(*h->runs), cmp_run_version);
	return 0;
}

static bool passes(const struct finding_filter *o, const struct finding_row *r)
{
	return (!o->rule || !strcmp(o->rule, r->rule)) &&
	       (!o->verdict || !strcmp(o->verdict, r->verdict)) &&
	       (!o->status || !strcmp(o->status, r->status)) &&
	       (!o->file || !fnmatch(o->file, r->file, 0)) &&
	       (!o->subsys || (r->subsystem && !strcasecmp(o->subsys, r->subsystem)));
}

static int load_findings(sqlite3 *db, const struct finding_filter *o, struct history *h)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT " FINDING_ROW_COLUMNS " FROM finding f "
		"WHERE EXISTS (SELECT 1 FROM sighting s JOIN run r ON r.id = s.run_id "
		"WHERE s.finding_id = f.id AND r.status = 'complete' AND r.shard IS NULL) "
		"ORDER BY f.id");
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct history_life *l;

		ALLOC_GROW(h->lives, h->nr + 1, h->alloc);
		l = &h->lives[h->nr];
		memset(l, 0, sizeof(*l));
		finding_row_read(st, &l->f);
		if (!passes(o, &l->f)) {
			finding_row_clear(&l->f);
			continue;
		}
		l->seen = xcalloc(h->nr_runs ? h->nr_runs : 1, sizeof(*l->seen));
		h->nr++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("cannot read the findings: %s", sqlite3_errmsg(db));
	return 0;
}

static struct history_life *life_by_id(struct history *h, long long id)
{
	size_t lo = 0, hi = h->nr;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (h->lives[mid].f.id == id)
			return &h->lives[mid];
		if (h->lives[mid].f.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static size_t run_index(const struct history *h, long long id)
{
	for (size_t i = 0; i < h->nr_runs; i++)
		if (h->runs[i].id == id)
			return i;
	return h->nr_runs;
}

static const char *verdict_word(const unsigned char *v)
{
	static const char *const words[] = { "replace", "keep", "review" };

	for (size_t i = 0; v && i < ARRAY_SIZE(words); i++)
		if (!strcmp((const char *)v, words[i]))
			return words[i];
	return "review";
}

static int load_sightings(sqlite3 *db, struct history *h)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT s.finding_id, s.run_id, s.line, s.verdict "
		"FROM sighting s JOIN run r ON r.id = s.run_id WHERE r.status = 'complete'");
	long long last_run = -1;
	size_t idx = 0;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct history_life *l = life_by_id(h, sqlite3_column_int64(st, 0));
		long long run = sqlite3_column_int64(st, 1);

		if (run != last_run)
			idx = run_index(h, run);
		last_run = run;
		if (!l || idx >= h->nr_runs)
			continue;
		l->seen[idx].line = sqlite3_column_int64(st, 2);
		l->seen[idx].verdict = verdict_word(sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("cannot read the sightings: %s", sqlite3_errmsg(db));
	return 0;
}

/* first, last and newest; open, or gone with how to be found. */
static void decide_state(const struct history *h, struct history_life *l)
{
	bool any = false;

	for (size_t i = 0; i < h->nr_runs; i++) {
		if (l->seen[i].verdict) {
			if (!any)
				l->first = i;
			l->last = i;
			any = true;
		}
	}
	l->newest = l->last;
	for (size_t i = h->nr_runs; i-- > l->last + 1;) {
		if (history_run_covers(&h->runs[i], l->f.file)) {
			l->newest = i;
			break;
		}
	}
	l->how = l->seen[l->newest].verdict ? HISTORY_OPEN : HISTORY_UNKNOWN;
}

static int cmp_life(const void *a, const void *b)
{
	const struct history_life *x = a, *y = b;
	long long lx = x->seen[x->last].line, ly = y->seen[y->last].line;
	int c = strcmp(x->f.file, y->f.file);

	if (c)
		return c;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	c = strcmp(x->f.rule, y->f.rule);
	return c ? c : (x->f.id > y->f.id) - (x->f.id < y->f.id);
}

static bool reported_again(const struct history_life *gone, const struct history_life *l)
{
	return l != gone && *gone->f.function && l->seen[gone->newest].verdict &&
	       !l->seen[gone->last].verdict && !strcmp(l->f.rule, gone->f.rule) &&
	       !strcmp(l->f.function, gone->f.function);
}

void history_find_again(struct history *h)
{
	for (size_t i = 0; i < h->nr; i++) {
		struct history_life *g = &h->lives[i];
		size_t alloc = 0;

		if (g->how == HISTORY_OPEN)
			continue;
		for (size_t j = 0; j < h->nr; j++) {
			if (!reported_again(g, &h->lives[j]))
				continue;
			ALLOC_GROW(g->again, g->nr_again + 1, alloc);
			g->again[g->nr_again++] = h->lives[j].f.id;
		}
	}
}

int history_load(sqlite3 *db, const struct finding_filter *f, struct history *h)
{
	memset(h, 0, sizeof(*h));
	if (load_runs(db, h) || load_findings(db, f, h) || load_sightings(db, h))
		return -1;
	for (size_t i = 0; i < h->nr; i++)
		decide_state(h, &h->lives[i]);
	if (h->nr)
		qsort(h->lives, h->nr, sizeof(*h->lives), cmp_life);
	history_find_again(h);
	return 0;
}

void history_life_clear(struct history_life *l)
{
	finding_row_clear(&l->f);
	free(l->seen);
	free(l->again);
	l->seen = NULL;
	l->again = NULL;
	l->nr_again = 0;
}

void history_clear(struct history *h)
{
	for (size_t i = 0; i < h->nr_runs; i++) {
		free(h->runs[i].version);
		free(h->runs[i].tree_path);
		free(h->runs[i].dirs);
	}
	free(h->runs);
	for (size_t i = 0; i < h->nr; i++)
		history_life_clear(&h->lives[i]);
	free(h->lives);
	memset(h, 0, sizeof(*h));
}

/* ---- Classifying, from source texts ---- */

/* The calls of the replacements in the function (the whole text without a function name). */
static size_t replacement_calls(const char *src, size_t len, const char *function,
				const struct string_list *replacements, bool *found)
{
	struct c_span body = { 0, len };
	size_t calls = 0;

	*found = !function || !*function || c_find_function(src, len, function, &body);
	for (size_t i = 0; *found && i < replacements->nr; i++)
		calls += c_count_calls(src + body.begin, body.end - body.begin,
				       replacements->items[i]);
	return calls;
}

enum history_how history_classify(const char *now, size_t now_len, const char *then,
				  size_t then_len, const char *function,
				  const struct string_list *replacements)
{
	size_t calls_now, calls_then = 0;
	bool found;

	if (!now)
		return HISTORY_REMOVED;
	calls_now = replacement_calls(now, now_len, function, replacements, &found);
	if (!found)
		return HISTORY_REMOVED;
	if (then) {
		calls_then = replacement_calls(then, then_len, function, replacements, &found);
		if (!found)
			calls_then = 0;
	}
	return calls_now > calls_then ? HISTORY_CONVERTED : HISTORY_CHANGED;
}

/* ---- Classifying, from the trees on disk ---- */

enum run_file_state {
	RUN_FILE_READ,		/* on disk as the run read it */
	RUN_FILE_NONE,		/* the run recorded no such file */
	RUN_FILE_TREE_GONE,	/* the run's tree is not on disk */
	RUN_FILE_DIFFERS,	/* not on disk as the run read it: gone, unreadable, edited */
};

/* The last file read, per role (the newest tree, the tree that last saw a finding). */
struct run_file {
	size_t run;		/* index into history.runs; nr_runs when nothing is cached */
	char *path;
	enum run_file_state state;
	struct strbuf text;
};

struct classify_ctx {
	const struct history *h;
	const struct rule_set *rules;
	sqlite3_stmt *hash_st;
	struct run_file now, then;
	size_t *tree_gone;	/* per run: gone findings whose how is unknown for that */
	size_t *files_changed;	/* per run: files no longer as the run read them */
	size_t *changed_unknown;	/* per run: gone findings in those files */
};

static bool tree_on_disk(const char *path)
{
	struct stat st;

	return *path == '/' && !stat(path, &st) && S_ISDIR(st.st_mode);
}

/* The content hash run recorded for path in file_scan; *hash "" when none. */
static int recorded_hash(struct classify_ctx *c, long long run, const char *path,
			 char hash[SHA1_HEX_SIZE])
{
	sqlite3_stmt *st = c->hash_st;
	int rc;

	hash[0] = '\0';
	sqlite3_reset(st);
	db_bind_int(st, 1, run);
	db_bind_text(st, 2, path);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) &&
	    strlen((const char *)sqlite3_column_text(st, 0)) < SHA1_HEX_SIZE)
		strcpy(hash, (const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return error("cannot read what run %lld recorded of %s: %s", run, path,
			     sqlite3_errmsg(sqlite3_db_handle(st)));
	return 0;
}

static int load_run_file(struct classify_ctx *c, struct run_file *rf, size_t run,
			 const char *path)
{
	const struct history_run *r = &c->h->runs[run];
	char want[SHA1_HEX_SIZE], got[SHA1_HEX_SIZE];
	struct tree_read how;

	if (rf->run == run && rf->path && !strcmp(rf->path, path))
		return 0;
	rf->run = run;
	free(rf->path);
	rf->path = xstrdup(path);
	strbuf_reset(&rf->text);
	if (recorded_hash(c, r->id, path, want))
		return -1;
	if (!*want) {
		rf->state = RUN_FILE_NONE;
		return 0;
	}
	if (!tree_on_disk(r->tree_path)) {
		rf->state = RUN_FILE_TREE_GONE;
		return 0;
	}
	rf->state = RUN_FILE_DIFFERS;
	if (tree_read_file(r->tree_path, path, TREE_READ_MAX_SOURCE, &rf->text, &how))
		return 0;
	git_blob_sha1_hex(rf->text.buf, rf->text.len, got);
	if (!strcmp(got, want))
		rf->state = RUN_FILE_READ;
	return 0;
}

static int classify_life(struct classify_ctx *c, struct history_life *l)
{
	static const struct string_list none = STRING_LIST_INIT;
	const struct rule *rule = rule_set_find(c->rules, l->f.rule);
	struct run_file *now = &c->now, *then = &c->then;
	bool fresh = now->run != l->newest || !now->path || strcmp(now->path, l->f.file);

	if (load_run_file(c, now, l->newest, l->f.file))
		return -1;
	switch (now->state) {
	case RUN_FILE_NONE:
		l->how = HISTORY_REMOVED;
		return 0;
	case RUN_FILE_TREE_GONE:
		c->tree_gone[l->newest]++;
		l->how = HISTORY_UNKNOWN;
		return 0;
	case RUN_FILE_DIFFERS:
		c->files_changed[l->newest] += fresh;
		c->changed_unknown[l->newest]++;
		l->how = HISTORY_UNKNOWN;
		return 0;
	case RUN_FILE_READ:
		break;
	}
	if (load_run_file(c, then, l->last, l->f.file))
		return -1;
	l->how = history_classify(now->text.buf, now->text.len,
				  then->state == RUN_FILE_READ ? then->text.buf : NULL,
				  then->text.len, l->f.function, rule ? &rule->replacements : &none);
	return 0;
}

static void say_unknown(const struct classify_ctx *c)
{
	for (size_t i = 0; i < c->h->nr_runs; i++) {
		const struct history_run *r = &c->h->runs[i];

		if (c->tree_gone[i])
			warning("history: the tree of run %lld (%s) is no longer on disk: how is "
				"'unknown' for the %zu findings gone by that run", r->id,
				r->tree_path, c->tree_gone[i]);
		if (c->files_changed[i])
			warning("history: files of the tree of run %lld (%s) gone or changed since "
				"that run read them: %zu; how is 'unknown' for their %zu gone "
				"findings", r->id, r->tree_path, c->files_changed[i],
				c->changed_unknown[i]);
	}
}

int history_classify_gone(sqlite3 *db, struct history *h, const struct rule_set *rules)
{
	struct classify_ctx c = {
		.h = h, .rules = rules,
		.now = { h->nr_runs, NULL, RUN_FILE_NONE, STRBUF_INIT },
		.then = { h->nr_runs, NULL, RUN_FILE_NONE, STRBUF_INIT },
	};
	int ret = 0;

	c.hash_st = db_prepare(db, "SELECT fs.content_hash FROM file_scan fs JOIN file f "
			       "ON f.id = fs.file_id WHERE fs.run_id = ?1 AND f.path = ?2");
	if (!c.hash_st)
		return -1;
	c.tree_gone = xcalloc(h->nr_runs + 1, sizeof(size_t));
	c.files_changed = xcalloc(h->nr_runs + 1, sizeof(size_t));
	c.changed_unknown = xcalloc(h->nr_runs + 1, sizeof(size_t));
	for (size_t i = 0; i < h->nr && !ret; i++)
		if (h->lives[i].how != HISTORY_OPEN)
			ret = classify_life(&c, &h->lives[i]);
	if (!ret)
		say_unknown(&c);
	sqlite3_finalize(c.hash_st);
	free(c.tree_gone);
	free(c.files_changed);
	free(c.changed_unknown);
	free(c.now.path);
	free(c.then.path);
	strbuf_release(&c.now.text);
	strbuf_release(&c.then.text);
	return ret;
}

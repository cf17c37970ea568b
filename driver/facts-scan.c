// SPDX-License-Identifier: GPL-2.0-only
/*
 * The facts pass of a scan (docs/rule-contract.md, "Facts"). A rule that hands a buffer to
 * a function of another file says which (WAW lines, kept per file content in callee_want).
 * After the scan's batches, for each rule that asked:
 *   1. the tree is searched for the definitions of the names asked for, and the rule reads
 *      them in its facts mode (-D facts): what each function does with each parameter
 *      (WAF lines, stored in fact); the functions those pass the pointer on to are read
 *      in turn, a few levels deep;
 *   2. each name asked for is resolved through those facts (facts-resolve.c) into benign,
 *      keep or review with the chain of evidence (fact_resolved);
 *   3. the rule runs again over the files that asked, with the resolved facts
 *      (WHICHALLOC_FACTS), and their results replace the first run's in this run.
 * A file that asked runs again unless its results were carried over from a run whose
 * second run used the same resolved facts (facts_used): carried-over results may rest on
 * facts that changed since.
 */
#include "db.h"
#include "facts-find.h"
#include "hash.h"
#include "facts.h"
#include "facts-internal.h"
#include "prefilter.h"
#include "scan-internal.h"
#include "tree-read.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Rounds of the facts pass: how far a pointer is followed from file to file. */
#define FACTS_ROUNDS 4
/* Files given to one spatch run of the facts pass. */
#define FACTS_CHUNK 8

int facts_store_wants(struct scan *sc, const struct rule *r, const struct scan_file *f,
		      const struct spatch_output *out)
{
	sqlite3_stmt *st;
	int ret = 0;

	/* This run read the content with the rule as it is now: its names replace any an
	 * earlier version of the rule asked for the same content. */
	st = db_prepare(sc->store.db, "DELETE FROM callee_want WHERE file = ?1 AND rule = ?2 "
			"AND content_hash = ?3");
	if (!st)
		return -1;
	db_bind_text(st, 1, f->path);
	db_bind_text(st, 2, r->name);
	db_bind_text(st, 3, f->hash);
	ret = db_step_done(st);
	sqlite3_finalize(st);
	if (ret || !out->nr_wants)
		return ret;
	st = db_prepare(sc->store.db, "INSERT OR IGNORE INTO callee_want "
			"(file, rule, content_hash, callee) VALUES (?1, ?2, ?3, ?4)");
	if (!st)
		return -1;
	for (size_t i = 0; i < out->nr_wants && !ret; i++) {
		const struct wa_want *w = &out->wants[i];

		if (strcmp(w->file, f->path) ||
		    (!prefilter_is_identifier(w->callee, strlen(w->callee)) &&
		     !is_field_name(w->callee)))
			continue;
		db_bind_text(st, 1, f->path);
		db_bind_text(st, 2, r->name);
		db_bind_text(st, 3, f->hash);
		db_bind_text(st, 4, w->callee);
		ret = db_step_done(st);
	}
	sqlite3_finalize(st);
	return ret;
}

static bool may_ask(struct scan *sc, size_t rule, const struct scan_file *f,
		    const char *hash)
{
	size_t i = (size_t)(f - sc->files);

	return !strcmp(f->hash, hash) && !strcmp(f->status, "ok") && !f->changed &&
		!f->not_utf8 && *pair_at(sc, i, rule) != PAIR_NONE;
}

static int load_askers(struct scan *sc, struct askers *a)
{
	const char *rule = sc->setup->rules.items[a->rule].name;
	sqlite3_stmt *st = db_prepare(sc->store.db, "SELECT file, content_hash, callee FROM "
				      "callee_want WHERE rule = ?1 ORDER BY file, callee");
	int rc;

	if (!st)
		return -1;
	db_bind_text(st, 1, rule);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);
		const char *hash = (const char *)sqlite3_column_text(st, 1);
		const char *callee = (const char *)sqlite3_column_text(st, 2);
		struct scan_file *f = find_file(sc, path);
		size_t i;

		if (!f || !may_ask(sc, a->rule, f, hash))
			continue;
		i = (size_t)(f - sc->files);
		if (!a->nr || a->files[a->nr - 1] != i) {
			ALLOC_GROW(a->files, a->nr + 1, a->alloc);
			ALLOC_GROW(a->wants, a->nr + 1, a->alloc_wants);
			a->files[a->nr] = i;
			memset(&a->wants[a->nr], 0, sizeof(a->wants[a->nr]));
			a->nr++;
		}
		string_list_append(&a->wants[a->nr - 1], callee);
		if (!string_list_has(&a->names, callee))
			string_list_append(&a->names, callee);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return error("cannot read the functions rule %s asked facts of: %s", rule,
			     sqlite3_errmsg(sc->store.db));
	return 0;
}

/* ---- Running spatch ---- */

struct job {
	struct child_process cp;
	const char **argv;
	char *timeout;
	struct string_list files;	/* what it was given */
	size_t file;			/* for a second run: its file */
};

static void job_clear(struct job *j)
{
	child_process_clear(&j->cp);
	free(j->argv);
	free(j->timeout);
	string_list_clear(&j->files);
}

/* Run the jobs, at most --jobs at a time. -1 when a signal stops the scan. */
static int run_jobs(struct scan *sc, struct job *jobs, size_t nr)
{
	size_t width = sc->setup->jobs > 0 ? (size_t)sc->setup->jobs : 1;
	struct child_process **live = xcalloc(width + 1, sizeof(*live));
	int ret = 0;

	for (size_t first = 0; first < nr && !ret; first += width) {
		size_t n = 0;

		for (size_t i = first; i < nr && i < first + width; i++)
			if (!start_command(&jobs[i].cp))
				live[n++] = &jobs[i].cp;
		for (;;) {
			bool any = false;

			for (size_t i = 0; i < n; i++)
				any = any || live[i]->running;
			if (!any)
				break;
			if (scan_caught_signal) {
				for (size_t i = 0; i < n; i++)
					if (live[i]->running)
						kill_command(live[i], SIGTERM);
				ret = -1;
			}
			wait_children(live, n, 500);
		}
	}
	free(live);
	return ret;
}

/* spatch's complaint about a job that did not end well, as a warning. */
static void warn_job(const struct rule *r, const struct job *j, const char *what)
{
	struct strbuf why = STRBUF_INIT;

	describe_command_end(&j->cp, &why);
	warning("rule %s, %s of %s%s: spatch %s; %s", r->name, what, j->files.items[0],
		j->files.nr > 1 ? " and others" : "", why.buf,
		!strcmp(what, "facts pass") ? "the calls to the functions it defines stay review"
		: "its findings stay as the first run left them");
	strbuf_release(&why);
}

/* ---- 1. The facts pass ---- */

static const char **facts_argv(struct scan *sc, const struct rule *r, struct job *j)
{
	size_t n = 0;
	const char **argv = xcalloc(9 + r->options.nr + 2 + j->files.nr + 1, sizeof(*argv));

	j->timeout = xstrfmt("%ld", sc->setup->timeout);
	argv[n++] = "spatch";
	argv[n++] = "--sp-file";
	argv[n++] = r->path;
	argv[n++] = "-D";
	argv[n++] = "facts";
	argv[n++] = "--very-quiet";
	argv[n++] = "--timeout";
	argv[n++] = j->timeout;
	for (size_t i = 0; i < r->options.nr; i++)
		argv[n++] = r->options.items[i];
	if (sc->setup->python) {
		argv[n++] = "--python";
		argv[n++] = sc->setup->python;
	}
	for (size_t i = 0; i < j->files.nr; i++)
		argv[n++] = j->files.items[i];
	return argv;
}

/* The entry "PATH TAB HASH TAB NAME" of def_index_find(), split. */
struct definition {
	char *path;
	char *hash;
	const char *name;
};

static void split_definition(const char *entry, struct definition *d)
{
	const char *t1 = strchr(entry, '\t'), *t2 = strchr(t1 + 1, '\t');

	d->path = xstrfmt("%.*s", (int)(t1 - entry), entry);
	d->hash = xstrfmt("%.*s", (int)(t2 - t1 - 1), t1 + 1);
	d->name = t2 + 1;
}

/*
 * The latest earlier run that read this definition (same file, content and function) with
 * the same rule text and spatch, from a tree on the same side of each of the rule's version
 * splits: the content decides, not which tree it came from.
 */
static long long cached_run(struct scan *sc, const struct rule *r, const struct definition *d)
{
	sqlite3_stmt *st = db_prepare(sc->store.db,
		"SELECT fr.run_id, run.tree_version FROM fact_read fr "
		"JOIN run ON run.id = fr.run_id "
		"WHERE fr.file = ?1 AND fr.content_hash = ?2 AND fr.function = ?3 AND "
		"fr.run_id != ?4 AND run.spatch_version = ?5 AND "
		"EXISTS (SELECT 1 FROM run_rule rr JOIN rule ON rule.id = rr.rule_id "
		"WHERE rr.run_id = fr.run_id AND rule.name = ?6 AND rule.hash = ?7) "
		"ORDER BY fr.run_id DESC");
	size_t range = rule_version_range(r, sc->setup->tree_version);
	long long run = 0;

	if (!st)
		return -1;
	db_bind_text(st, 1, d->path);
	db_bind_text(st, 2, d->hash);
	db_bind_text(st, 3, d->name);
	db_bind_int(st, 4, sc->store.run_id);
	db_bind_text(st, 5, sc->setup->spatch_version);
	db_bind_text(st, 6, r->name);
	db_bind_text(st, 7, r->hash);
	while (!run && sqlite3_step(st) == SQLITE_ROW)
		if (rule_version_range(r, (const char *)sqlite3_column_text(st, 1)) == range)
			run = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return run;
}

static char *column_dup(sqlite3_stmt *st, int i)
{
	const char *t = (const char *)sqlite3_column_text(st, i);

	return xstrdup(t ? t : "");
}

/* Take over the facts an earlier run read from this definition. */
static int take_cached(struct scan *sc, const struct rule *r, const struct definition *d,
		       long long run, struct fact_set *set)
{
	sqlite3_stmt *st = db_prepare(sc->store.db,
		"SELECT param, linkage, kind, line, text, callee, callee_param FROM fact "
		"WHERE run_id = ?1 AND rule = ?2 AND file = ?3 AND function = ?4 ORDER BY rowid");
	int rc;

	if (!st)
		return -1;
	db_bind_int(st, 1, run);
	db_bind_text(st, 2, r->name);
	db_bind_text(st, 3, d->path);
	db_bind_text(st, 4, d->name);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct wa_fact x = {
			.file = xstrdup(d->path), .function = xstrdup(d->name),
			.param = sqlite3_column_int64(st, 0), .linkage = column_dup(st, 1),
			.kind = column_dup(st, 2), .line = sqlite3_column_int64(st, 3),
			.text = column_dup(st, 4), .callee = column_dup(st, 5),
			.callee_param = sqlite3_column_type(st, 6) == SQLITE_NULL ? -1 :
				sqlite3_column_int64(st, 6),
		};

		fact_set_add(set, &x);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/*
 * Split the definitions found into those an earlier run read (their facts go to set) and
 * the files spatch must read; read gets every definition of this round ("PATH TAB HASH TAB
 * NAME"), for fact_read.
 */
static int plan_round(struct scan *sc, const struct rule *r, const struct string_list *found,
		      struct fact_set *set, struct string_list *files, struct string_list *read)
{
	int ret = 0;

	for (size_t i = 0; i < found->nr && !ret; i++) {
		struct definition d;
		long long run;

		split_definition(found->items[i], &d);
		if (!spatch_safe_path(d.path)) {
			free(d.path);
			free(d.hash);
			continue;
		}
		run = cached_run(sc, r, &d);
		if (run < 0) {
			ret = -1;
		} else if (run > 0) {
			ret = take_cached(sc, r, &d, run, set);
			sc->sum->facts_cached++;
		} else if (!string_list_has(files, d.path)) {
			string_list_append(files, d.path);
		}
		string_list_append(read, found->items[i]);
		free(d.path);
		free(d.hash);
	}
	return ret;
}

/*
 * Take the facts of the job's files. A field's facts count only from the files found for
 * that field ("PATH TAB NAME" in fields): a file read for a function says what it does
 * with every field asked about, and a field used in too many files must get none.
 */
static void collect_facts(const struct job *j, const struct string_list *fields,
			  struct fact_set *set)
{
	struct spatch_output out = SPATCH_OUTPUT_INIT;
	struct strbuf key = STRBUF_INIT;

	parse_spatch_output(j->cp.out.buf, j->cp.out.len, &out);
	for (size_t i = 0; i < out.nr_facts; i++) {
		struct wa_fact *x = &out.facts[i];

		if (!string_list_has(&j->files, x->file))
			continue;
		strbuf_reset(&key);
		strbuf_addf(&key, "%s\t%s", x->file, x->function);
		if (is_field_name(x->function) && !string_list_has(fields, key.buf))
			continue;
		fact_set_add(set, x);
	}
	strbuf_release(&key);
	spatch_output_clear(&out);
}

/* "PATH TAB NAME" of the entries of found ("PATH TAB HASH TAB NAME") that name a field. */
static void field_entries(const struct string_list *found, struct string_list *fields)
{
	for (size_t i = 0; i < found->nr; i++) {
		struct definition d;

		split_definition(found->items[i], &d);
		if (is_field_name(d.name))
			string_list_append_nodup(fields, xstrfmt("%s\t%s", d.path, d.name));
		free(d.path);
		free(d.hash);
	}
}

/*
 * The files whose content changed while the round ran: their facts are used in this run
 * but not recorded as read (a later run reads them again).
 */
static void drop_changed(struct scan *sc, struct string_list *read)
{
	struct strbuf text = STRBUF_INIT;
	size_t kept = 0;

	for (size_t i = 0; i < read->nr; i++) {
		struct definition d;
		char hash[SHA1_HEX_SIZE];
		struct tree_read r;
		bool same;

		split_definition(read->items[i], &d);
		same = !tree_read_file(sc->setup->top, d.path, TREE_READ_MAX_SOURCE, &text, &r);
		if (same) {
			git_blob_sha1_hex(text.buf, text.len, hash);
			same = !strcmp(hash, d.hash);
		}
		if (same)
			read->items[kept++] = read->items[i];
		else
			free(read->items[i]);
		free(d.path);
		free(d.hash);
	}
	read->nr = kept;
	strbuf_release(&text);
}

/* Read the definitions of names with the rule's facts mode; add what it says to set. */
static int facts_round(struct scan *sc, size_t rule, const struct string_list *names,
		       struct def_index *defs, struct fact_set *set, struct string_list *read)
{
	const struct rule *r = &sc->setup->rules.items[rule];
	struct string_list found = STRING_LIST_INIT, files = STRING_LIST_INIT;
	struct string_list round_read = STRING_LIST_INIT, fields = STRING_LIST_INIT;
	struct strbuf want = STRBUF_INIT;
	struct job *jobs;
	size_t nr_jobs;
	char **env;
	int ret;

	if (def_index_build(sc->setup->top, defs) ||
	    field_files_find(sc->setup->top, names, &found)) {
		string_list_clear(&found);
		return -1;
	}
	def_index_find(defs, names, &found);
	field_entries(&found, &fields);
	if (plan_round(sc, r, &found, set, &files, &round_read)) {
		string_list_clear(&fields);
		string_list_clear(&found);
		string_list_clear(&files);
		string_list_clear(&round_read);
		return -1;
	}
	sc->sum->facts_files += (long)files.nr;
	strbuf_addstr(&want, "WHICHALLOC_FACTS_WANT=");
	for (size_t i = 0; i < names->nr; i++)
		strbuf_addf(&want, "%s%s", i ? "," : "", names->items[i]);
	env = spatch_environment_plus(sc->setup, want.buf);
	nr_jobs = (files.nr + FACTS_CHUNK - 1) / FACTS_CHUNK;
	jobs = xcalloc(nr_jobs + 1, sizeof(*jobs));
	for (size_t i = 0; i < nr_jobs; i++) {
		struct job *j = &jobs[i];

		child_process_init(&j->cp);
		for (size_t k = i * FACTS_CHUNK; k < files.nr && k < (i + 1) * FACTS_CHUNK; k++)
			string_list_append(&j->files, files.items[k]);
		j->argv = facts_argv(sc, r, j);
		j->cp.argv = j->argv;
		j->cp.program = sc->setup->spatch;
		j->cp.dir = sc->setup->top;
		j->cp.env = env;
		j->cp.time_limit = (double)(sc->setup->timeout * (long)j->files.nr + 30);
		j->cp.max_output = SCAN_OUTPUT_BASE;
	}
	ret = run_jobs(sc, jobs, nr_jobs);
	for (size_t i = 0; i < nr_jobs; i++) {
		sc->sum->spatch_runs++;
		if (!ret && !command_succeeded(&jobs[i].cp)) {
			warn_job(r, &jobs[i], "facts pass");
			/* Not read: a later run tries again. */
			for (size_t k = 0; k < round_read.nr; k++)
				for (size_t f = 0; f < jobs[i].files.nr; f++)
					if (starts_with(round_read.items[k], jobs[i].files.items[f]) &&
					    round_read.items[k][strlen(jobs[i].files.items[f])] == '\t')
						round_read.items[k][0] = '\0';
		} else if (!ret) {
			collect_facts(&jobs[i], &fields, set);
		}
		job_clear(&jobs[i]);
	}
	if (!ret) {
		drop_changed(sc, &round_read);
		for (size_t k = 0; k < round_read.nr; k++)
			if (*round_read.items[k])
				string_list_append(read, round_read.items[k]);
	}
	free(jobs);
	env_free(env);
	strbuf_release(&want);
	string_list_clear(&files);
	string_list_clear(&found);
	string_list_clear(&round_read);
	string_list_clear(&fields);
	return ret;
}

static int gather_facts(struct scan *sc, const struct askers *a, struct def_index *defs,
			struct fact_set *set, struct string_list *read)
{
	struct string_list searched = STRING_LIST_INIT, next = STRING_LIST_INIT;
	int ret = 0;

	for (size_t i = 0; i < a->names.nr; i++)
		string_list_append(&next, a->names.items[i]);
	for (int round = 0; round < FACTS_ROUNDS && next.nr && !ret; round++) {
		struct string_list later = STRING_LIST_INIT;

		ret = facts_round(sc, a->rule, &next, defs, set, read);
		for (size_t i = 0; i < next.nr; i++)
			string_list_append(&searched, next.items[i]);
		fact_callees(set, &later);
		string_list_clear(&next);
		for (size_t i = 0; i < later.nr; i++)
			if (!string_list_has(&searched, later.items[i]))
				string_list_append(&next, later.items[i]);
		string_list_clear(&later);
	}
	string_list_clear(&searched);
	string_list_clear(&next);
	return ret;
}

static int store_facts(struct scan *sc, const char *rule, const struct fact_set *set)
{
	sqlite3_stmt *st = db_prepare(sc->store.db, "INSERT INTO fact (run_id, rule, file, "
				      "function, param, linkage, kind, line, text, callee, "
				      "callee_param) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
				      "?10, ?11)");
	int ret = 0;

	if (!st)
		return -1;
	for (size_t i = 0; i < set->nr && !ret; i++) {
		const struct wa_fact *x = &set->items[i];

		db_bind_int(st, 1, sc->store.run_id);
		db_bind_text(st, 2, rule);
		db_bind_text(st, 3, x->file);
		db_bind_text(st, 4, x->function);
		db_bind_int(st, 5, x->param);
		db_bind_text(st, 6, x->linkage);
		db_bind_text(st, 7, x->kind);
		db_bind_int(st, 8, x->line);
		db_bind_text(st, 9, x->text);
		db_bind_text(st, 10, *x->callee ? x->callee : NULL);
		if (x->callee_param >= 0)
			db_bind_int(st, 11, x->callee_param);
		ret = db_step_done(st);
	}
	sqlite3_finalize(st);
	return ret;
}

static int store_read(struct scan *sc, const struct string_list *read)
{
	sqlite3_stmt *st = db_prepare(sc->store.db, "INSERT OR REPLACE INTO fact_read "
				      "(run_id, file, content_hash, function) VALUES (?1, ?2, ?3, ?4)");
	int ret = 0;

	if (!st)
		return -1;
	for (size_t i = 0; i < read->nr && !ret; i++) {
		struct definition d;

		split_definition(read->items[i], &d);
		db_bind_int(st, 1, sc->store.run_id);
		db_bind_text(st, 2, d.path);
		db_bind_text(st, 3, d.hash);
		db_bind_text(st, 4, d.name);
		ret = db_step_done(st);
		free(d.path);
		free(d.hash);
	}
	sqlite3_finalize(st);
	return ret;
}

/* ---- 2. Resolving the names asked for: facts-file.c ---- */

/* ---- 3. The second run over the files that asked ---- */

/*
 * Whether the file's results were carried over from a run whose second run used the same
 * facts: then they stand, and this run records that it used them too.
 */
static int facts_unchanged(struct scan *sc, const struct askers *a, size_t i, bool *same)
{
	size_t f = a->files[i];
	long long from = sc->reuse_from[f * nr_rules(sc) + a->rule];
	const char *rule = sc->setup->rules.items[a->rule].name;
	sqlite3_stmt *st;
	int ret = 0;

	*same = false;
	if (*pair_at(sc, f, a->rule) != PAIR_REUSE || from <= 0)
		return 0;
	st = db_prepare(sc->store.db, "INSERT INTO facts_used (run_id, file, rule, digest) "
			"SELECT ?1, file, rule, digest FROM facts_used WHERE run_id = ?2 AND "
			"file = ?3 AND rule = ?4 AND digest = ?5");
	if (!st)
		return -1;
	db_bind_int(st, 1, sc->store.run_id);
	db_bind_int(st, 2, from);
	db_bind_text(st, 3, sc->files[f].path);
	db_bind_text(st, 4, rule);
	db_bind_text(st, 5, a->digests[i]);
	ret = db_step_done(st);
	*same = !ret && sqlite3_changes(sc->store.db) > 0;
	sqlite3_finalize(st);
	return ret;
}

static int record_facts_used(struct scan *sc, const struct askers *a, size_t i)
{
	sqlite3_stmt *st = db_prepare(sc->store.db, "INSERT OR REPLACE INTO facts_used "
				      "(run_id, file, rule, digest) VALUES (?1, ?2, ?3, ?4)");
	int ret;

	if (!st)
		return -1;
	db_bind_int(st, 1, sc->store.run_id);
	db_bind_text(st, 2, sc->files[a->files[i]].path);
	db_bind_text(st, 3, sc->setup->rules.items[a->rule].name);
	db_bind_text(st, 4, a->digests[i]);
	ret = db_step_done(st);
	sqlite3_finalize(st);
	return ret;
}

static int run_again(struct scan *sc, const struct askers *a, const char *facts_path)
{
	const struct rule *r = &sc->setup->rules.items[a->rule];
	char *extra = xstrfmt("WHICHALLOC_FACTS=%s", facts_path);
	char **env = spatch_environment_plus(sc->setup, extra);
	struct job *jobs = xcalloc(a->nr + 1, sizeof(*jobs));
	size_t *which = xcalloc(a->nr + 1, sizeof(*which));
	size_t n = 0;
	int ret = 0;

	for (size_t i = 0; i < a->nr && !ret; i++) {
		bool same;

		ret = facts_unchanged(sc, a, i, &same);
		if (!same)
			which[n++] = i;
		else
			sc->sum->facts_unchanged++;
	}
	for (size_t k = 0; k < n && !ret; k++) {
		struct job *j = &jobs[k];
		struct batch b = { .rule = a->rule, .files = &j->file, .nr = 1 };

		child_process_init(&j->cp);
		j->file = a->files[which[k]];
		string_list_append(&j->files, sc->files[j->file].path);
		j->timeout = xstrfmt("%ld", sc->setup->timeout);
		j->argv = spatch_argv(sc, &b, j->timeout, NULL);
		j->cp.argv = j->argv;
		j->cp.program = sc->setup->spatch;
		j->cp.dir = sc->setup->top;
		j->cp.env = env;
		j->cp.time_limit = (double)(sc->setup->timeout + 30);
		j->cp.max_output = SCAN_OUTPUT_BASE;
	}
	if (!ret)
		ret = run_jobs(sc, jobs, n);
	for (size_t k = 0; k < n; k++) {
		struct spatch_output out = SPATCH_OUTPUT_INIT;

		if (!ret && jobs[k].argv)
			sc->sum->spatch_runs++;
		if (!ret && !command_succeeded(&jobs[k].cp)) {
			warn_job(r, &jobs[k], "second run");
		} else if (!ret) {
			parse_spatch_output(jobs[k].cp.out.buf, jobs[k].cp.out.len, &out);
			ret = scan_store_file_again(sc, a->rule, jobs[k].file, &out);
			if (!ret && !sc->files[jobs[k].file].changed)
				ret = record_facts_used(sc, a, which[k]);
			sc->sum->facts_rescanned++;
		}
		spatch_output_clear(&out);
		if (jobs[k].argv)
			job_clear(&jobs[k]);
	}
	free(which);
	free(jobs);
	env_free(env);
	free(extra);
	return ret;
}

static int facts_for_rule(struct scan *sc, size_t rule, struct def_index *defs)
{
	struct askers a = { .rule = rule, .names = STRING_LIST_INIT };
	struct string_list read = STRING_LIST_INIT;
	struct fact_set set = { 0 };
	struct strbuf file = STRBUF_INIT;
	char *path = NULL;
	int ret = load_askers(sc, &a);

	if (!ret && a.nr) {
		sc->sum->facts_wanted += (long)a.names.nr;
		ret = gather_facts(sc, &a, defs, &set, &read);
		if (!ret && store_begin(&sc->store))
			ret = -1;
		else if (!ret) {
			ret = store_facts(sc, sc->setup->rules.items[rule].name, &set) ||
				store_read(sc, &read) || facts_resolve_names(sc, &a, &set, &file);
			if (ret || store_commit(&sc->store)) {
				store_rollback(&sc->store);
				ret = -1;
			}
		}
		if (!ret)
			facts_digest_askers(&a, &file);
		if (!ret && !(path = facts_write_file(&file)))
			ret = -1;
		if (!ret)
			ret = run_again(sc, &a, path);
		if (path)
			unlink(path);
	}
	free(path);
	strbuf_release(&file);
	fact_set_clear(&set);
	string_list_clear(&read);
	string_list_clear(&a.names);
	for (size_t i = 0; i < a.nr; i++) {
		string_list_clear(&a.wants[i]);
		free(a.digests ? a.digests[i] : NULL);
	}
	free(a.wants);
	free(a.digests);
	free(a.files);
	return ret;
}

int scan_facts(struct scan *sc)
{
	double started = monotonic_seconds();
	struct def_index defs = { .entries = STRING_LIST_INIT };
	int ret = 0;

	for (size_t r = 0; r < nr_rules(sc) && !scan_caught_signal && !ret; r++)
		if (facts_for_rule(sc, r, &defs))
			ret = scan_caught_signal ? 0 : -1;
	def_index_clear(&defs);
	sc->sum->facts_seconds = monotonic_seconds() - started;
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Records to findings: the records and diffs one rule printed for a file, checked against
 * the content spatch read, turned into findings (fingerprints, each replace finding's diff)
 * and stored, a batch in one transaction.
 */
#include "scan-internal.h"
#include "diff.h"
#include "fingerprint.h"
#include "hash.h"
#include "maintainers.h"
#include "shadow.h"
#include "tree-read.h"

#include <stdlib.h>
#include <string.h>

/* ---- Storing a file's status ---- */

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
int file_rule_done(struct scan *sc, struct scan_file *f)
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
	if (!ret)
		ret = facts_store_wants(sc, r, file, out);
	for (size_t i = 0; i < n; i++)
		finding_clear(&f[i]);
	free(f);
	free(recs);
	free(diff);
	return ret;
}

/* ---- A batch's output ---- */

void warn_about_output(const struct rule *r, const struct batch *b,
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

int scan_store_batch(struct scan *sc, const struct batch *b, const struct spatch_output *out,
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

int scan_store_file_again(struct scan *sc, size_t rule, size_t file,
			  const struct spatch_output *out)
{
	const struct rule *r = &sc->setup->rules.items[rule];
	struct scan_file *f = &sc->files[file];
	struct strbuf src = STRBUF_INIT;
	int ret = 0;

	if (store_begin(&sc->store))
		return -1;
	if (!f->changed && unchanged_since_hashed(sc, f, &src))
		ret = store_rule_file(sc, r, f, out, true, &src);
	strbuf_release(&src);
	if (ret || store_commit(&sc->store)) {
		store_rollback(&sc->store);
		return error("cannot store the results of rule %s for %s; the scan stops",
			     r->name, f->path);
	}
	return 0;
}

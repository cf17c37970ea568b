// SPDX-License-Identifier: GPL-2.0-only
/*
 * The checks of the "not a checkpatch flood" gate a series must pass (gate.c holds the
 * verdicts and the checks that need no plan): the findings' review, subsystem and rules,
 * the size, the series in flight, the files' freshness, each patch's substance and
 * completeness, git apply and checkpatch.pl on the patch files, and the recipients.
 */
#include "hash.h"
#include "run-command.h"
#include "series-plan.h"
#include "tree-read.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* "finding 46 (fs/proc/base.c:41 proc_task_readlink(), pagealloc-kmalloc)" */
static char *describe(const struct series_finding *f)
{
	return xstrfmt("finding %lld (%s:%lld %s(), %s)", f->row.id, f->row.file, f->row.line,
		       f->row.function, f->row.rule);
}

/* Why a finding is in the series when the user did not ask for it. */
static char *pulled_in(const struct plan *pl, const struct series_finding *f)
{
	if (f->requested || f->patch < 0)
		return xstrdup("");
	for (size_t m = 0; m < pl->p[f->patch].nr_members; m++) {
		const struct series_finding *g = &pl->f[pl->p[f->patch].members[m]];

		if (g->requested)
			return xstrfmt(" (it is in the series because its change shares a hunk "
				       "with finding %lld)", g->row.id);
	}
	return xstrdup("");
}

void series_gate_findings(struct plan *pl)
{
	struct gate_report *g = &pl->gate;
	struct string_list others = STRING_LIST_INIT;

	for (size_t i = 0; i < pl->nr; i++) {
		struct series_finding *f = &pl->f[i];
		char *d, *why;
		const char *sub = plan_subsystem_of(f);

		if (!f->in_series)
			continue;
		d = describe(f);
		why = pulled_in(pl, f);
		if (plan_is_fixed(f))
			gate_fail(g, GATE_REVIEW, "%s is fixed (gone since run %lld): there is "
				  "nothing to patch; leave it out%s", d, f->row.fixed_run, why);
		else if (!strcmp(f->row.status, "rejected"))
			gate_fail(g, GATE_REVIEW, "%s was rejected in review (%s): leave it out%s",
				  d,
				  f->review_reason ? f->review_reason : "no reason", why);
		else if (strcmp(f->row.status, "accepted"))
			gate_fail(g, GATE_REVIEW, "%s is %s, not accepted by a reviewer: review it "
				  "(whichalloc review %lld --accept, if the change is right) or "
				  "leave it out%s", d, f->row.status, f->row.id, why);

		if (!sub || strcmp(sub, pl->subsystem)) {
			gate_fail(g, GATE_SUBSYSTEM, "%s belongs to %s, not %s: make it a series "
				  "of its own", d, sub ? sub : "no known subsystem", pl->subsystem);
			if (sub && !string_list_has(&others, sub))
				string_list_append(&others, sub);
		} else if (f->subsystem_now && strcmp(f->subsystem_now, pl->subsystem)) {
			gate_fail(g, GATE_SUBSYSTEM, "%s is in %s by the tree's MAINTAINERS now, "
				  "not in %s as stored: rescan to update its subsystem", d,
				  f->subsystem_now, pl->subsystem);
		}

		if (f->report_only)
			gate_fail(g, GATE_RULES, "%s comes from %s, a report-only rule that "
				  "proposes no patch: reject it or leave it out", d, f->row.rule);
		if (strcmp(f->row.verdict, "replace"))
			gate_fail(g, GATE_RULES, "%s has verdict %s (%s): whichalloc makes patches "
				  "only of verdict replace; reject it or leave it out", d,
				  f->row.verdict, f->row.message);
		else if (!plan_is_fixed(f) && (!f->row.diff || !*f->row.diff))
			gate_fail(g, GATE_RULES, "%s has no stored diff: rescan its file", d);
		free(d);
		free(why);
	}
	if (others.nr) {
		struct strbuf s = STRBUF_INIT;

		for (size_t i = 0; i < others.nr; i++)
			strbuf_addf(&s, "%s%s", i ? ", " : "", others.items[i]);
		gate_fail(g, GATE_SUBSYSTEM, "the series would span %zu subsystems: %s and %s",
			  others.nr + 1, pl->subsystem, s.buf);
		strbuf_release(&s);
	}
	string_list_clear(&others);

	if (pl->nr_patches > (size_t)pl->o->max)
		gate_fail(g, GATE_SIZE, "the series would have %zu patches, more than the %ld "
			  "a maintainer is asked to review at once: split it by naming the "
			  "findings to include, or raise the limit with --max %zu (recorded with "
			  "the series)", pl->nr_patches, pl->o->max, pl->nr_patches);
	else
		gate_note(g, GATE_SIZE, GATE_PASS, "%zu patch%s, at most %ld%s", pl->nr_patches,
			  pl->nr_patches == 1 ? "" : "es", pl->o->max,
			  pl->o->max_given && pl->o->max > GATE_DEFAULT_MAX ?
			  " (raised with --max, recorded)" : "");
	if (!pl->nr_patches && gate_passed(g))
		gate_fail(g, GATE_RULES, "none of the findings proposes a change");
}

void series_gate_in_flight(struct plan *pl)
{
	sqlite3_stmt *st = db_prepare(pl->db,
		"SELECT id, status, created_at, sent_at,"
		"  sent_at IS NOT NULL AND julianday(sent_at) > julianday('now') - ?2,"
		"  date(julianday(sent_at) + ?2), version"
		" FROM series WHERE subsystem = ?1 ORDER BY id");
	long version = pl->o->version;

	if (!st) {
		gate_fail(&pl->gate, GATE_IN_FLIGHT, "cannot read the series of %s: %s",
			  pl->subsystem, last_error());
		return;
	}
	db_bind_text(st, 1, pl->subsystem);
	db_bind_int(st, 2, pl->o->cool_down);
	while (sqlite3_step(st) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);
		const char *status = (const char *)sqlite3_column_text(st, 1);
		const char *created = (const char *)sqlite3_column_text(st, 2);
		const char *sent = (const char *)sqlite3_column_text(st, 3);

		long old = sqlite3_column_int(st, 6);
		bool unsettled = !strcmp(status, "draft") || !strcmp(status, "sent");

		if (unsettled && version > 1 && old >= version)
			gate_fail(&pl->gate, GATE_IN_FLIGHT, "series %lld for %s is already "
				  "version %ld: a reroll takes a higher number (-v %ld)", id,
				  pl->subsystem, old, old + 1);
		else if (unsettled && version > 1)
			string_list_append_nodup(&pl->superseded, xstrfmt("%lld", id));
		else if (unsettled)
			gate_fail(&pl->gate, GATE_IN_FLIGHT, "series %lld for %s is %s (made %s) "
				  "and not settled: one series per subsystem at a time; when it is "
				  "merged or dropped, record it (whichalloc series --mark %lld "
				  "merged|dropped%s), or make the next version of it (-v %ld), "
				  "which supersedes it", id, pl->subsystem, status, created, id,
				  !strcmp(status, "draft") ? ", or sent first" : "", old + 1);
		else if (sqlite3_column_int(st, 4) && version < 2)
			gate_fail(&pl->gate, GATE_IN_FLIGHT, "series %lld was sent to %s on %s, "
				  "within the cool-down of %ld days: wait until %s, or pass "
				  "--cool-down with fewer days", id, pl->subsystem, sent,
				  pl->o->cool_down, (const char *)sqlite3_column_text(st, 5));
	}
	sqlite3_finalize(st);
	if (pl->superseded.nr) {
		struct strbuf ids = STRBUF_INIT;

		for (size_t i = 0; i < pl->superseded.nr; i++)
			strbuf_addf(&ids, "%s%s", i ? ", " : "", pl->superseded.items[i]);
		gate_note(&pl->gate, GATE_IN_FLIGHT, GATE_PASS, "version %ld supersedes series %s "
			  "(kept, marked superseded)", version, ids.buf);
		strbuf_release(&ids);
	}
}

void series_gate_recipients(struct plan *pl)
{
	if (pl->gate.v[GATE_RECIPIENTS].state == GATE_FAIL)
		return;
	if (!pl->to.nr)
		gate_fail(&pl->gate, GATE_RECIPIENTS, "the series has no To: (%s names no "
			  "maintainer%s): pass --to 'Name <email>' with whoever takes %s "
			  "patches, such as the tree that merges them", pl->recipients_from,
			  pl->cc.nr ? ", only lists to Cc" : "", pl->subsystem);
	else
		gate_note(&pl->gate, GATE_RECIPIENTS, GATE_PASS, "%zu To:, %zu Cc: from %s",
			  pl->to.nr, pl->cc.nr, pl->recipients_from);
}

/* Read the files of the patches and check them against the scan (the "fresh" gate). */
void series_gate_fresh(struct plan *pl)
{
	for (size_t k = 0; k < pl->nr_patches; k++) {
		struct series_patch *p = &pl->p[k];
		char *path;
		struct strbuf content = STRBUF_INIT;
		char hex[SHA1_HEX_SIZE];
		struct tree_read tr;
		bool fresh = true;

		if (plan_file_of(pl, p->file))
			continue;
		path = xstrfmt("%s/%s", pl->tree, p->file);
		if (tree_read_file(pl->tree, p->file, TREE_READ_MAX_SOURCE, &content, &tr)) {
			struct strbuf why = STRBUF_INIT;

			tree_read_describe(&tr, &why);
			gate_fail(&pl->gate, GATE_FRESH, "%s cannot be read (%s): rescan the tree",
				  path, why.buf);
			strbuf_release(&why);
			strbuf_release(&content);
			free(path);
			continue;
		}
		git_blob_sha1_hex(content.buf, content.len, hex);
		for (size_t i = 0; i < pl->nr; i++) {
			struct series_finding *f = &pl->f[i];
			char *d;

			if (!f->in_series || strcmp(f->row.file, p->file) || plan_is_fixed(f))
				continue;
			if (f->scan_hash && !strcmp(f->scan_hash, hex))
				continue;
			d = describe(f);
			gate_fail(&pl->gate, GATE_FRESH, "%s changed since run %lld scanned it "
				  "(%s): rescan it (whichalloc scan --kernel %s --dir %s)", p->file,
				  f->row.last_run, d, pl->tree, p->file);
			free(d);
			fresh = false;
			break;
		}
		if (fresh) {
			ALLOC_GROW(pl->files, pl->nr_files + 1, pl->alloc_files);
			sd_file_init(&pl->files[pl->nr_files++], p->file, &content,
				     funcname_style_for(pl->tree, p->file),
				     tr.st.st_mode & 0111 ? 0100755 : 0100644);
		}
		strbuf_release(&content);
		free(path);
	}
}

static void check_substance(struct plan *pl, struct series_patch *p)
{
	const char *before = p->diff.before.buf;
	size_t before_len = p->diff.before.len;

	for (size_t h = 0; h < p->diff.nr_hunks; h++) {
		const struct sd_hunk *hk = &p->diff.hunks[h];
		struct strbuf cand = STRBUF_INIT;
		const char *start = before, *end;
		enum hunk_substance s;

		/* The file before the patch with only this hunk applied. */
		for (long l = 1; l < hk->old_start && start; l++) {
			start = memchr(start, '\n', before_len - (size_t)(start - before));
			start = start ? start + 1 : NULL;
		}
		if (!start)
			start = before + before_len;
		end = start;
		for (long l = 0; l < hk->old_count && end < before + before_len; l++) {
			const char *nl = memchr(end, '\n', before_len - (size_t)(end - before));

			end = nl ? nl + 1 : before + before_len;
		}
		strbuf_add(&cand, before, (size_t)(start - before));
		strbuf_add(&cand, hk->new_text.buf, hk->new_text.len);
		strbuf_add(&cand, end, before_len - (size_t)(end - before));
		s = gate_hunk_substance(before, before_len, cand.buf, cand.len);
		if (s != HUNK_CODE)
			gate_fail(&pl->gate, GATE_SUBSTANCE, "patch %zu (%s, %s) has a %s-only "
				  "hunk at line %ld: a rule must not propose such changes; reject "
				  "the finding%s and report the rule", (size_t)(p - pl->p) + 1,
				  p->file,
				  p->rule, s == HUNK_WHITESPACE ? "whitespace" : "comment",
				  hk->old_start, p->nr_members > 1 ? "s" : "");
		strbuf_release(&cand);
	}
	if (gate_cosmetic(before, before_len, p->diff.after.buf, p->diff.after.len))
		gate_fail(&pl->gate, GATE_SUBSTANCE, "patch %zu (%s, %s) is purely cosmetic: it "
			  "changes no token once comments, whitespace, casts and redundant "
			  "parentheses are ignored; reject the finding%s", (size_t)(p - pl->p) + 1,
			  p->file, p->rule, p->nr_members > 1 ? "s" : "");
}

/* A buffer moved to kmalloc() must not be given to free_page() any more. */
static void check_complete(struct plan *pl, struct series_patch *p)
{
	if (strcmp(p->rule, "pagealloc-kmalloc"))
		return;
	for (size_t m = 0; m < p->nr_members; m++) {
		const struct series_finding *f = &pl->f[p->members[m]];
		bool local;
		char *var = series_site_buffer(f, &local), *d;
		const char *text = p->diff.after.buf;
		size_t len = p->diff.after.len;

		if (!var)
			continue;
		if (local &&
		    series_function_body(p->diff.after.buf, f->row.function, &text, &len)) {
			text = p->diff.after.buf;
			len = p->diff.after.len;
		}
		if (gate_frees_page_of(text, len, var)) {
			d = describe(f);
			gate_fail(&pl->gate, GATE_COMPLETE, "patch %zu (%s) moves %s to kmalloc() "
				  "but %s%s still frees it with free_page() or free_pages(): the "
				  "stored diff of %s is incomplete; rescan the file, and report "
				  "the rule if it stays so", (size_t)(p - pl->p) + 1, p->file, var,
				  local ? f->row.function : p->file, local ? "()" : "", d);
			free(d);
		}
		free(var);
	}
}

void series_gate_not_built(struct plan *pl, const struct series_patch *p, const char *why)
{
	struct strbuf ids = STRBUF_INIT;

	for (size_t m = 0; m < p->nr_members; m++)
		strbuf_addf(&ids, " %lld", pl->f[p->members[m]].row.id);
	gate_fail(&pl->gate, GATE_APPLIES, "patch %zu (%s, %s, finding%s%s) does "
		  "not apply: %s; rescan the file", (size_t)(p - pl->p) + 1, p->file, p->rule,
		  p->nr_members > 1 ? "s" : "", ids.buf, why);
	strbuf_release(&ids);
}

void series_gate_get_maintainer_failed(struct plan *pl, const char *why)
{
	gate_fail(&pl->gate, GATE_RECIPIENTS, "scripts/get_maintainer.pl failed: %s; "
		  "run it by hand on the patches to see why, or pass "
		  "--no-get-maintainer to take To:/Cc: from MAINTAINERS", why);
}

void series_gate_patch(struct plan *pl, struct series_patch *p)
{
	check_substance(pl, p);
	check_complete(pl, p);
}

char *series_scratch_make(struct plan *pl)
{
	char *scratch = xstrfmt("%s/whichalloc-series.XXXXXX", temp_dir());

	if (!mkdtemp(scratch)) {
		gate_fail(&pl->gate, GATE_APPLIES, "cannot make a scratch directory %s: %s; set "
			  "TMPDIR to a writable directory", scratch, strerror(errno));
		free(scratch);
		return NULL;
	}
	return scratch;
}

static int write_file_at(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = xstrfmt("%s/%s", dir, name);
	FILE *f;
	int ret = 0;

	f = fopen(path, "w");
	if (!f || fwrite(data, 1, len, f) != len)
		ret = error("cannot write %s: %s", path, strerror(errno));
	if (f && fclose(f) && !ret)
		ret = error("cannot write %s: %s", path, strerror(errno));
	free(path);
	return ret;
}

static char **environment_with(const char *extra)
{
	static const char *const drop[] = { "GIT_", "LC_ALL=", NULL };
	const char *const add[] = { extra, NULL };

	return env_filtered(drop, add);
}

/*
 * The "applies" gate's own check: apply the patch files in order with git apply (or patch)
 * to a scratch copy of the files and compare the result with the regenerated files.
 */
void series_gate_applies(struct plan *pl, const char *scratch)
{
	char *tree = xstrfmt("%s/tree", scratch), *ceiling = xstrfmt("GIT_CEILING_DIRECTORIES=%s",
								       scratch);
	char *patch_prog = locate_program("patch");
	char **env = environment_with(ceiling);
	const char *tool = pl->git ? "git apply" : "patch";

	if (!pl->git && !patch_prog) {
		gate_fail(&pl->gate, GATE_APPLIES, "neither git nor patch is installed, so the "
			  "patches cannot be checked: install git");
		goto out;
	}
	for (size_t i = 0; i < pl->nr_files; i++) {
		char *path = xstrfmt("%s/%s", tree, pl->files[i].path), *slash = strrchr(path, '/');

		*slash = '\0';
		if (series_mkdirs(path))
			gate_fail(&pl->gate, GATE_APPLIES, "cannot make a scratch copy: %s",
				  last_error());
		*slash = '/';
		if (write_file_at(tree, pl->files[i].path, pl->files[i].original.buf,
				  pl->files[i].original.len))
			gate_fail(&pl->gate, GATE_APPLIES, "cannot make a scratch copy: %s",
				  last_error());
		free(path);
	}
	for (size_t k = 0; k < pl->nr_patches; k++) {
		struct series_patch *p = &pl->p[k];
		char *name = xstrfmt("%04zu.patch", k + 1), *file = xstrfmt("%s/%s", scratch, name);
		const char *check_git[] = { "git", "apply", "--check", file, NULL };
		const char *apply_git[] = { "git", "apply", file, NULL };
		const char *check_patch[] = { "patch", "-p1", "-F0", "-N", "-s", "--dry-run",
					      "--no-backup-if-mismatch", "-i", file, NULL };
		const char *apply_patch[] = { "patch", "-p1", "-F0", "-N", "-s",
					      "--no-backup-if-mismatch", "-i", file, NULL };
		const char **argvs[2] = { pl->git ? check_git : check_patch,
					  pl->git ? apply_git : apply_patch };

		if (!p->built || write_file_at(scratch, name, p->mail.buf, p->mail.len)) {
			free(name);
			free(file);
			continue;
		}
		for (int step = 0; step < 2; step++) {
			struct child_process cp = CHILD_PROCESS_INIT;

			cp.argv = argvs[step];
			cp.dir = tree;
			cp.env = env;
			cp.time_limit = 120;
			if (run_command(&cp) || !command_succeeded(&cp)) {
				struct strbuf why = STRBUF_INIT;

				describe_command_end(&cp, &why);
				strbuf_rtrim(&cp.err);
				strbuf_rtrim(&cp.out);
				gate_fail(&pl->gate, GATE_APPLIES, "%s%s of patch %zu (%s) %s: %s",
					  tool, step ? "" : " --check", k + 1, p->filename, why.buf,
					  cp.err.len ? cp.err.buf : cp.out.buf);
				strbuf_release(&why);
				child_process_clear(&cp);
				break;
			}
			child_process_clear(&cp);
		}
		free(name);
		free(file);
	}
	for (size_t i = 0; i < pl->nr_files; i++) {
		struct sd_file *f = &pl->files[i];
		char *path = xstrfmt("%s/%s", tree, f->path);
		struct strbuf got = STRBUF_INIT, want = STRBUF_INIT;

		for (size_t l = 0; l < f->nr_cur; l++)
			strbuf_add(&want, f->cur[l].p, f->cur[l].len);
		if (pl->gate.v[GATE_APPLIES].state != GATE_FAIL &&
		    (strbuf_read_file(&got, path) < 0 ||
					       got.len != want.len ||
					       memcmp(got.buf, want.buf, got.len)))
			gate_fail(&pl->gate, GATE_APPLIES, "%s applied the series to %s "
				  "differently from whichalloc; report this as a whichalloc bug",
				  tool, f->path);
		strbuf_release(&got);
		strbuf_release(&want);
		free(path);
	}
	if (pl->gate.v[GATE_APPLIES].state != GATE_FAIL)
		gate_note(&pl->gate, GATE_APPLIES, GATE_PASS, "every patch applies in order "
			  "(checked with %s on a copy of the files)", tool);
out:
	env_free(env);
	free(ceiling);
	free(tree);
	free(patch_prog);
}

/* What checkpatch.pl takes for the top of a kernel tree; elsewhere it runs with --no-tree. */
static bool checkpatch_tree(const char *top)
{
	static const char *const names[] = {
		"COPYING", "CREDITS", "Kbuild", "MAINTAINERS", "Makefile", "README",
		"Documentation", "arch", "include", "drivers", "fs", "init", "ipc", "kernel",
		"lib", "scripts",
	};

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		char *path = xstrfmt("%s/%s", top, names[i]);
		bool there = !access(path, F_OK);

		free(path);
		if (!there)
			return false;
	}
	return true;
}

/* Line (1-based) of the first "diff --git" of a patch file. */
static long diff_start_line(const char *mail)
{
	long line = 1;

	for (const char *p = mail; *p; p++) {
		if ((p == mail || p[-1] == '\n') && starts_with(p, "diff --git "))
			return line;
		if (*p == '\n')
			line++;
	}
	return 0;
}

/*
 * What checkpatch.pl (its output: every file's lines) said of patch k, written as mine and
 * reversed as theirs: the problems that block it fail the gate.
 */
static void checkpatch_verdict(struct plan *pl, size_t k, const char *output,
			       const char *mine_name, const char *theirs_name)
{
	struct checkpatch_problems fwd = CHECKPATCH_PROBLEMS_INIT;
	struct checkpatch_problems rev = CHECKPATCH_PROBLEMS_INIT;
	struct string_list blocking = STRING_LIST_INIT;
	struct strbuf mine = STRBUF_INIT, theirs = STRBUF_INIT;
	const char *p = output;

	/* checkpatch prefixes each line with the file it is about. */
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl + 1 - p) : strlen(p);

		if (starts_with(p, mine_name) && p[strlen(mine_name)] == ':')
			strbuf_add(&mine, p, len);
		else if (starts_with(p, theirs_name) && p[strlen(theirs_name)] == ':')
			strbuf_add(&theirs, p, len);
		p += len;
	}
	checkpatch_parse(mine.buf, &fwd);
	checkpatch_parse(theirs.buf, &rev);
	checkpatch_blocking(&fwd, &rev, diff_start_line(pl->p[k].mail.buf), &blocking);
	for (size_t b = 0; b < blocking.nr; b++)
		gate_fail(&pl->gate, GATE_CHECKPATCH, "patch %zu (%s): %s", k + 1,
			  pl->p[k].filename, blocking.items[b]);
	checkpatch_problems_clear(&fwd);
	checkpatch_problems_clear(&rev);
	string_list_clear(&blocking);
	strbuf_release(&mine);
	strbuf_release(&theirs);
}

void series_gate_checkpatch(struct plan *pl, const char *scratch)
{
	char *script = xstrfmt("%s/scripts/checkpatch.pl", pl->tree);
	char *perl = locate_program("perl");
	const char **argv;
	char **names;
	size_t n = 0;
	struct child_process cp = CHILD_PROCESS_INIT;

	if (!series_is_regular_file(script)) {
		gate_note(&pl->gate, GATE_CHECKPATCH, GATE_SKIPPED, "not applicable: the tree has "
			  "no scripts/checkpatch.pl");
		free(script);
		free(perl);
		return;
	}
	if (!perl) {
		gate_fail(&pl->gate, GATE_CHECKPATCH, "the tree has scripts/checkpatch.pl but perl "
			  "is not installed: install perl");
		free(script);
		return;
	}
	argv = xcalloc(2 * pl->nr_patches + 9, sizeof(*argv));
	names = xcalloc(2 * pl->nr_patches + 1, sizeof(*names));
	argv[n++] = "perl";
	argv[n++] = script;
	argv[n++] = "--terse";
	argv[n++] = "--show-types";
	argv[n++] = "--no-summary";
	if (!checkpatch_tree(pl->tree))
		argv[n++] = "--no-tree";
	for (size_t k = 0; k < pl->nr_patches; k++) {
		struct strbuf rev = STRBUF_INIT;

		names[2 * k] = xstrfmt("%s/check-%04zu.patch", scratch, k + 1);
		names[2 * k + 1] = xstrfmt("%s/check-%04zu-reversed.patch", scratch, k + 1);
		reverse_patch(pl->p[k].mail.buf, &rev);
		if (pl->p[k].built &&
		    !write_file_at(scratch, strrchr(names[2 * k], '/') + 1, pl->p[k].mail.buf,
				   pl->p[k].mail.len) &&
		    !write_file_at(scratch, strrchr(names[2 * k + 1], '/') + 1, rev.buf, rev.len)) {
			argv[n++] = names[2 * k];
			argv[n++] = names[2 * k + 1];
		}
		strbuf_release(&rev);
	}
	cp.argv = argv;
	cp.dir = pl->tree;
	cp.time_limit = 600;
	if (run_command(&cp) || (!WIFEXITED(cp.status) || WEXITSTATUS(cp.status) > 1) ||
	    cp.timed_out) {
		struct strbuf why = STRBUF_INIT;

		describe_command_end(&cp, &why);
		strbuf_rtrim(&cp.err);
		gate_fail(&pl->gate, GATE_CHECKPATCH, "scripts/checkpatch.pl %s: %s; run it by "
			  "hand on the patches to see why", why.buf, cp.err.buf);
		strbuf_release(&why);
	} else {
		for (size_t k = 0; k < pl->nr_patches; k++)
			if (pl->p[k].built)
				checkpatch_verdict(pl, k, cp.out.buf, names[2 * k],
						   names[2 * k + 1]);
		pl->checkpatch_ran = true;
		if (pl->gate.v[GATE_CHECKPATCH].state != GATE_FAIL)
			gate_note(&pl->gate, GATE_CHECKPATCH, GATE_PASS, "scripts/checkpatch.pl: "
				  "no ERROR, no new WARNING");
	}
	child_process_clear(&cp);
	for (size_t i = 0; i < 2 * pl->nr_patches; i++)
		free(names[i]);
	free(names);
	free(argv);
	free(script);
	free(perl);
}

/* Remove the scratch directory: the files this run wrote in it, then the directories. */
void series_scratch_remove(const char *scratch, const struct plan *pl)
{
	char *tree = xstrfmt("%s/tree", scratch);

	for (size_t k = 0; k < pl->nr_patches; k++) {
		char *a = xstrfmt("%04zu.patch", k + 1), *b = xstrfmt("check-%04zu.patch", k + 1);
		char *c = xstrfmt("check-%04zu-reversed.patch", k + 1);

		series_remove_entry(scratch, a);
		series_remove_entry(scratch, b);
		series_remove_entry(scratch, c);
		free(a);
		free(b);
		free(c);
	}
	for (size_t i = 0; i < pl->nr_files; i++) {
		char *path = xstrfmt("%s/%s", tree, pl->files[i].path);

		unlink(path);
		/* Then its directories, up to the scratch tree, as far as they are empty. */
		for (char *slash = strrchr(path, '/'); slash && slash > path + strlen(tree);
		     slash = strrchr(path, '/')) {
			*slash = '\0';
			if (rmdir(path))
				break;
		}
		free(path);
	}
	rmdir(tree);
	rmdir(scratch);
	free(tree);
}

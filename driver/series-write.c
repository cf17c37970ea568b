// SPDX-License-Identifier: GPL-2.0-only
/*
 * A series made and written: each patch regenerated against the files as the earlier ones
 * leave them, its subject and texts, the mails, the dry run's summary, the files written to
 * --out and the record of the series in the database.
 */
#include "output.h"
#include "series-plan.h"
#include "termsafe.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --prefix; else the file's own history's most common prefix; else one from its path. */
static char *subject_prefix(const struct plan *pl, const char *file)
{
	if (pl->o->prefix)
		return xstrdup(pl->o->prefix);
	if (pl->tree_commit) {
		const char *argv[] = { "git", "log", "--no-merges", "--format=%s", "-n", "50", "--",
				       file, NULL };
		char *log = series_run_output(argv, pl->tree, 60, NULL);
		char *prefix = log ? series_prefix_from_log(log) : NULL;

		free(log);
		if (prefix)
			return prefix;
	}
	return series_prefix_from_path(file);
}

/* Regenerate every patch in order against the files as the earlier patches leave them. */
void series_build_patches(struct plan *pl)
{
	for (size_t k = 0; k < pl->nr_patches; k++) {
		struct series_patch *p = &pl->p[k];
		struct sd_file *file = plan_file_of(pl, p->file);
		struct sd_changes changes = SD_CHANGES_INIT;
		struct strbuf why = STRBUF_INIT;
		int ret = 0;

		if (!file)
			continue;	/* not fresh: said so already */
		for (size_t m = 0; m < p->nr_members && !ret; m++)
			ret = sd_parse_changes(file, pl->f[p->members[m]].row.diff, &changes, &why);
		if (!ret)
			ret = sd_apply(file, &changes, pl->abbrev, &p->diff, &why);
		if (ret)
			series_gate_not_built(pl, p, why.buf);
		else
			p->built = true;
		if (p->built)
			series_gate_patch(pl, p);
		sd_changes_clear(&changes);
		strbuf_release(&why);
	}
}

/*
 * Two patches with one subject ("proc: replace __get_free_page() with kmalloc()" for two
 * files) would confuse everyone: name the file in each of them.
 */
static void qualify_subjects(struct plan *pl)
{
	bool *dup = xcalloc(pl->nr_patches + 1, sizeof(*dup));

	for (size_t k = 0; k < pl->nr_patches; k++)
		for (size_t j = 0; j < pl->nr_patches; j++)
			if (j != k && !strcmp(pl->p[j].subject, pl->p[k].subject))
				dup[k] = true;
	for (size_t k = 0; k < pl->nr_patches; k++) {
		const char *slash = strrchr(pl->p[k].file, '/');
		char *s;

		if (!dup[k])
			continue;
		s = xstrfmt("%s in %s", pl->p[k].subject, slash ? slash + 1 : pl->p[k].file);
		free(pl->p[k].subject);
		pl->p[k].subject = s;
	}
	free(dup);
}

void series_write_texts(struct plan *pl)
{
	struct series_context ctx = {
		.subsystem = pl->subsystem,
		.tree = pl->tree,
		.tree_version = pl->tree_version,
		.tree_commit = pl->tree_commit,
		.spatch_version = pl->spatch_version,
		.author = &pl->author,
		.checkpatch = pl->checkpatch_ran,
		.version = (int)pl->o->version,
		.changes = pl->changes,
	};
	struct mbox_envelope env = {
		.from = &pl->author, .date = pl->date, .tz_minutes = pl->tz_minutes,
		.to = &pl->to, .cc = &pl->cc, .signature = pl->signature,
		.subject_prefix = pl->o->subject_prefix, .version = (int)pl->o->version,
		.unnumbered = pl->nr_patches == 1, .base_commit = pl->tree_commit,
	};
	struct strbuf notes = STRBUF_INIT;
	struct diffstat_item *items = xcalloc(pl->nr_patches + 1, sizeof(*items));
	const char **subjects = xcalloc(pl->nr_patches + 1, sizeof(*subjects));
	struct strbuf subject = STRBUF_INIT, blurb = STRBUF_INIT, stat = STRBUF_INIT;
	size_t nr_items = 0;

	for (size_t k = 0; k < pl->nr_patches; k++) {
		struct series_patch *p = &pl->p[k];
		struct sd_file *file = plan_file_of(pl, p->file);

		if (!p->prefix)
			p->prefix = subject_prefix(pl, p->file);
		series_patch_text(&ctx, p, pl->f, file ? file->original.buf : "");
	}
	qualify_subjects(pl);
	for (size_t k = 0; k < pl->nr_patches; k++) {
		struct series_patch *p = &pl->p[k];
		struct diffstat_item item = { p->file, p->diff.added, p->diff.deleted };
		size_t i;

		strbuf_reset(&notes);
		if (pl->nr_patches == 1)
			series_lone_notes(&ctx, p, pl->f, pl->nr, &notes);
		else
			strbuf_addstr(&notes, p->notes);
		strbuf_reset(&stat);
		mbox_diffstat(&stat, &item, 1);
		strbuf_reset(&p->mail);
		mbox_format_patch(&p->mail, &env, (int)k + 1, (int)pl->nr_patches, p->subject,
				  p->body, notes.buf, stat.buf, p->diff.diff.buf);
		free(p->filename);
		strbuf_reset(&subject);
		mbox_patch_filename_v(&subject, (int)pl->o->version, (int)k + 1, p->subject);
		p->filename = strbuf_detach(&subject, NULL);
		subjects[k] = p->subject;
		for (i = 0; i < nr_items; i++)
			if (!strcmp(items[i].path, p->file))
				break;
		if (i == nr_items)
			items[nr_items++] = item;
		else {
			items[i].added += item.added;
			items[i].deleted += item.deleted;
		}
	}
	/* A lone patch needs no cover letter: what it would say is below its "---". */
	strbuf_reset(&pl->cover);
	free(pl->cover_subject);
	pl->cover_subject = NULL;
	if (pl->nr_patches > 1) {
		strbuf_reset(&subject);
		series_cover_text(&ctx, pl->p, pl->nr_patches, pl->f, pl->nr, &subject, &blurb);
		strbuf_reset(&stat);
		mbox_diffstat(&stat, items, nr_items);
		mbox_format_cover(&pl->cover, &env, (int)pl->nr_patches, subject.buf, blurb.buf,
				  subjects, stat.buf);
		pl->cover_subject = strbuf_detach(&subject, NULL);
	} else {
		pl->cover_subject = xstrdup(pl->p[0].subject);
	}
	strbuf_release(&notes);
	strbuf_release(&blurb);
	strbuf_release(&stat);
	free(items);
	free(subjects);
}

void series_print_plan(const struct plan *pl, FILE *out, const char *dir)
{
	size_t n = 0;

	for (size_t i = 0; i < pl->nr; i++)
		n += pl->f[i].in_series;
	fprintf(out, "series for %s: %zu patch%s from %zu finding%s, tree %s (run %lld)\n",
		tsafe(pl->subsystem), pl->nr_patches, pl->nr_patches == 1 ? "" : "es", n,
		n == 1 ? "" : "s", tsafe(pl->tree), pl->run);
	fprintf(out, "From: %s <%s>\n", tsafe(pl->author.name), tsafe(pl->author.email));
	for (size_t i = 0; i < pl->to.nr; i++)
		fprintf(out, "To: %s\n", tsafe(pl->to.items[i]));
	for (size_t i = 0; i < pl->cc.nr; i++)
		fprintf(out, "Cc: %s\n", tsafe(pl->cc.items[i]));
	fprintf(out, "files in %s:\n", tsafe(dir));
	if (pl->cover.len) {
		struct strbuf name = STRBUF_INIT;

		mbox_patch_filename_v(&name, (int)pl->o->version, 0, NULL);
		fprintf(out, "  %s\n      %s\n", name.buf, tsafe(pl->cover_subject));
		strbuf_release(&name);
	}
	for (size_t k = 0; k < pl->nr_patches; k++) {
		const struct series_patch *p = &pl->p[k];

		fprintf(out, "  %s\n      %s, rule %s, findings",
			p->filename ? tsafe(p->filename) : "(not built)", tsafe(p->file),
			tsafe(p->rule));
		for (size_t m = 0; m < p->nr_members; m++)
			fprintf(out, " %lld", pl->f[p->members[m]].row.id);
		if (p->built)
			fprintf(out, ", +%ld -%ld", p->diff.added, p->diff.deleted);
		fputc('\n', out);
		if (p->subject)
			fprintf(out, "      %s\n", tsafe(p->subject));
	}
}

int series_record(struct plan *pl, const char *dir, long long *id)
{
	char now[32];
	struct strbuf to = STRBUF_INIT, cc = STRBUF_INIT, author = STRBUF_INIT;
	sqlite3_stmt *st = db_prepare(pl->db,
		"INSERT INTO series (subsystem, status, created_at, run_id, tree_path, tree_commit,"
		" out_dir, subject, patches, max_patches, max_override, cool_down_days, author,"
		" to_list, cc_list, version) VALUES (?1, 'draft', ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
		" ?10, ?11, ?12, ?13, ?14, ?15)");
	int ret = -1;

	if (!st)
		return -1;
	iso8601_now(now);
	for (size_t i = 0; i < pl->to.nr; i++)
		strbuf_addf(&to, "%s%s", i ? "\n" : "", pl->to.items[i]);
	for (size_t i = 0; i < pl->cc.nr; i++)
		strbuf_addf(&cc, "%s%s", i ? "\n" : "", pl->cc.items[i]);
	strbuf_addf(&author, "%s <%s>", pl->author.name, pl->author.email);
	db_bind_text(st, 1, pl->subsystem);
	db_bind_text(st, 2, now);
	db_bind_int(st, 3, pl->run);
	db_bind_text(st, 4, pl->tree);
	db_bind_text(st, 5, pl->tree_commit);
	db_bind_text(st, 6, dir);
	db_bind_text(st, 7, pl->cover_subject);
	db_bind_int(st, 8, (long long)pl->nr_patches);
	db_bind_int(st, 9, pl->o->max);
	db_bind_int(st, 10, pl->o->max_given && pl->o->max > GATE_DEFAULT_MAX);
	db_bind_int(st, 11, pl->o->cool_down);
	db_bind_text(st, 12, author.buf);
	db_bind_text(st, 13, to.buf);
	db_bind_text(st, 14, cc.buf);
	db_bind_int(st, 15, pl->o->version);
	if (!db_step_done(st)) {
		*id = sqlite3_last_insert_rowid(pl->db);
		ret = 0;
	}
	sqlite3_finalize(st);
	st = ret ? NULL : db_prepare(pl->db, "INSERT INTO series_finding (series_id, finding_id,"
				     " patch) VALUES (?1, ?2, ?3)");
	for (size_t i = 0; st && !ret && i < pl->nr; i++) {
		if (!pl->f[i].in_series)
			continue;
		db_bind_int(st, 1, *id);
		db_bind_int(st, 2, pl->f[i].row.id);
		db_bind_int(st, 3, pl->f[i].patch + 1);
		ret = db_step_done(st);
	}
	if (!st)
		ret = -1;
	sqlite3_finalize(st);
	strbuf_release(&to);
	strbuf_release(&cc);
	strbuf_release(&author);
	return ret;
}

/* Write the files into dir: never outside it, never over a file without --force. */
int series_write_files(struct plan *pl, const char *dir, struct string_list *written)
{
	int dfd;
	struct string_list names = STRING_LIST_INIT, exist = STRING_LIST_INIT;
	const char **data;
	size_t *lens;
	int ret = 0;

	if (series_mkdirs(dir))
		return -1;
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return error("cannot open the output directory %s: %s", dir, strerror(errno));
	data = xcalloc(pl->nr_patches + 1, sizeof(*data));
	lens = xcalloc(pl->nr_patches + 1, sizeof(*lens));
	if (pl->cover.len) {
		struct strbuf name = STRBUF_INIT;

		mbox_patch_filename_v(&name, (int)pl->o->version, 0, NULL);
		string_list_append_nodup(&names, strbuf_detach(&name, NULL));
		data[0] = pl->cover.buf;
		lens[0] = pl->cover.len;
	}
	for (size_t k = 0; k < pl->nr_patches; k++) {
		data[names.nr] = pl->p[k].mail.buf;
		lens[names.nr] = pl->p[k].mail.len;
		string_list_append(&names, pl->p[k].filename);
	}
	for (size_t i = 0; i < names.nr; i++) {
		struct stat st;

		if (strchr(names.items[i], '/') || names.items[i][0] == '.')
			die("BUG: series file name '%s' would leave its directory", names.items[i]);
		if (!fstatat(dfd, names.items[i], &st, AT_SYMLINK_NOFOLLOW)) {
			if (!S_ISREG(st.st_mode))
				ret = error("%s/%s exists and is not a regular file; whichalloc "
					    "writes only its own files there: choose another --out",
					    dir, names.items[i]);
			else
				string_list_append(&exist, names.items[i]);
		}
	}
	if (!ret && exist.nr && !pl->o->force) {
		struct strbuf list = STRBUF_INIT;

		for (size_t i = 0; i < exist.nr; i++)
			strbuf_addf(&list, "\n  %s", exist.items[i]);
		ret = error("%s already holds files of these names:%s\nchoose another --out, or "
			    "pass --force to overwrite them", dir, list.buf);
		strbuf_release(&list);
	}
	/* Each file appears whole or not at all (output.h); an error leaves no file. */
	for (size_t i = 0; !ret && i < names.nr; i++) {
		ret = output_write_at(dfd, dir, names.items[i], data[i], lens[i],
				      string_list_has(&exist, names.items[i]) ? OUTPUT_FORCE : 0);
		if (!ret)
			string_list_append(written, names.items[i]);
	}
	close(dfd);
	free(data);
	free(lens);
	string_list_clear(&names);
	string_list_clear(&exist);
	return ret;
}

int series_read_changes(struct plan *pl)
{
	struct strbuf sb = STRBUF_INIT;

	if (strbuf_read_file(&sb, pl->o->changes) < 0) {
		error("cannot read --changes %s: %s; write what changed since the last version "
		      "into it", pl->o->changes, strerror(errno));
		strbuf_release(&sb);
		return -1;
	}
	if (mbox_has_non_ascii(sb.buf) || memchr(sb.buf, '\0', sb.len)) {
		strbuf_release(&sb);
		return error("--changes %s holds bytes other than ASCII text; write it in plain "
			     "ASCII", pl->o->changes);
	}
	pl->changes = strbuf_detach(&sb, NULL);
	return 0;
}

/* The drafts and sent series a reroll replaces: kept, marked superseded by id. */
int series_supersede(struct plan *pl, long long id)
{
	char now[32];
	sqlite3_stmt *st = db_prepare(pl->db, "UPDATE series SET status = 'superseded',"
				      " superseded_by = ?2, settled_at = ?3 WHERE id = ?1");
	int ret = st ? 0 : -1;

	iso8601_now(now);
	for (size_t i = 0; st && !ret && i < pl->superseded.nr; i++) {
		db_bind_int(st, 1, atoll(pl->superseded.items[i]));
		db_bind_int(st, 2, id);
		db_bind_text(st, 3, now);
		ret = db_step_done(st);
	}
	sqlite3_finalize(st);
	return ret;
}

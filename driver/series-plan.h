/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What whichalloc series makes a series from (its options, the plan: findings, patches,
 * files, identity, recipients, the gate's report), shared by the command (cmd-series.c)
 * and the files of its steps: planning (series-plan.c), identity and recipients
 * (series-ident.c), the gate's checks (series-gate.c), the patches and their files
 * (series-write.c).
 */
#ifndef WHICHALLOC_SERIES_PLAN_H
#define WHICHALLOC_SERIES_PLAN_H

#include "db.h"
#include "gate.h"
#include "series.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

struct series_options {
	const char *db;
	const char *subsys;
	const char *out;
	const char *from;
	const char *signature;
	const char *mark_status;
	const char *subject_prefix;	/* "PATCH" */
	const char *changes;		/* --changes FILE */
	const char *prefix;		/* --prefix */
	long version;			/* -v N; 1: the first */
	long mark;
	long max;
	long cool_down;
	bool max_given;
	bool force;
	bool dry_run;
	bool verbose;
	bool get_maintainer;
	bool list;
	bool help;
	struct string_list ids;
	struct string_list to;		/* --to */
	struct string_list cc;		/* --cc */
};

/* Everything a series is made from. */
struct plan {
	const struct series_options *o;
	sqlite3 *db;
	char *subsystem;		/* as MAINTAINERS or the findings spell it */
	struct series_finding *f;
	size_t nr;
	size_t alloc;
	struct series_patch *p;
	size_t nr_patches;
	size_t alloc_patches;
	struct sd_file *files;
	size_t nr_files;
	size_t alloc_files;
	char *tree;
	char *tree_version;
	char *tree_commit;
	char *spatch_version;
	long long run;			/* latest run of the series' findings */
	struct maintainers *maint;
	struct ident author;
	char *signature;
	struct string_list to;
	struct string_list cc;
	struct strbuf cover;		/* the cover letter */
	char *cover_subject;
	struct gate_report gate;
	char *changes;			/* --changes FILE's text */
	char *recipients_from;		/* where To:/Cc: came from, for the dry run */
	struct string_list superseded;	/* ids of the series a reroll replaces */
	time_t date;
	int tz_minutes;
	int abbrev;
	bool git;			/* git is installed */
	bool checkpatch_ran;
};

/* series-plan.c */

void plan_clear(struct plan *pl);
/* The findings that may go into a series, with their runs and latest decisions. */
int plan_load_findings(struct plan *pl);
/* Find the tree and the subsystem's spelling; choose the requested findings. */
int plan_choose_findings(struct plan *pl);
/* The subsystem's section of the tree's MAINTAINERS, or NULL. */
const struct maint_section *plan_subsystem_section(const struct plan *pl);
/* Pull in the findings sharing a hunk with the requested ones; group them into patches. */
void plan_group_patches(struct plan *pl);
/* The latest run of the series' findings: its tree and spatch versions. */
void plan_read_run_facts(struct plan *pl);

/* The subsystem the database gives a finding, else what MAINTAINERS says now. */
const char *plan_subsystem_of(const struct series_finding *f);
/* Gone from the tree since a run (fixed_run), or marked fixed. */
bool plan_is_fixed(const struct series_finding *f);
/* The plan's copy of the file at path (relative to the tree), or NULL. */
struct sd_file *plan_file_of(struct plan *pl, const char *path);
bool series_is_regular_file(const char *path);
/* mkdir -p; -1 with a message. */
int series_mkdirs(const char *path);
/* unlink dir/name. */
int series_remove_entry(const char *dir, const char *name);

/* series-ident.c: who sends the series and to whom. */

/* Run argv in dir; its standard output, or NULL when it fails (err: why). */
char *series_run_output(const char **argv, const char *dir, double limit, struct strbuf *err);
/* The author: --from, else git config user.name and user.email; -1 with a message. */
int series_find_author(struct plan *pl);
void series_find_signature(struct plan *pl);
void series_find_date(struct plan *pl);
void series_find_abbrev(struct plan *pl);
/* To: and Cc: from the subsystem's MAINTAINERS section, and the --to/--cc addresses. */
void series_find_recipients(struct plan *pl);
/*
 * To:/Cc: from the tree's scripts/get_maintainer.pl on the patch files in scratch: 0 when
 * it ran; 1 when perl or the script is missing; -1 when it failed (the gate says why).
 */
int series_get_maintainer(struct plan *pl, const char *scratch);

/* series-write.c: the patches, their texts and files, and the record. */

/* Regenerate every patch in order against the files as the earlier patches leave them. */
void series_build_patches(struct plan *pl);
/* The subjects, messages, cover letter and mails of the patches. */
void series_write_texts(struct plan *pl);
/* The dry run's summary: the series, its files and recipients. */
void series_print_plan(const struct plan *pl, FILE *out, const char *dir);
/* The files into dir, their names appended to written; -1 with a message. */
int series_write_files(struct plan *pl, const char *dir, struct string_list *written);
/* Record the series (written to dir) as a draft with its findings; its id. */
int series_record(struct plan *pl, const char *dir, long long *id);
/* Mark the series a reroll replaces superseded by series id. */
int series_supersede(struct plan *pl, long long id);
/* --changes FILE's text into pl->changes; -1 with a message. */
int series_read_changes(struct plan *pl);

/* series-gate.c: the checks of the gate, each recording its verdicts in pl->gate. */

/* review, subsystem, rules and size: what the findings and the plan are. */
void series_gate_findings(struct plan *pl);
/* in-flight: the subsystem's other series; a reroll's superseded ones go to pl->superseded. */
void series_gate_in_flight(struct plan *pl);
/* fresh: read the files of the patches into pl->files, those unchanged since the scan. */
void series_gate_fresh(struct plan *pl);
/* applies: patch p cannot be regenerated from its findings' diffs (why). */
void series_gate_not_built(struct plan *pl, const struct series_patch *p, const char *why);
/* recipients: scripts/get_maintainer.pl failed (why: its error output). */
void series_gate_get_maintainer_failed(struct plan *pl, const char *why);
/* substance and complete: a regenerated patch's hunks and what it leaves behind. */
void series_gate_patch(struct plan *pl, struct series_patch *p);
/* A scratch directory for the tool checks; NULL (the applies gate fails) when none. */
char *series_scratch_make(struct plan *pl);
/* applies: git apply (or patch) of the patch files, in order, on a scratch copy. */
void series_gate_applies(struct plan *pl, const char *scratch);
/* checkpatch: the tree's scripts/checkpatch.pl on the patch files (and them reversed). */
void series_gate_checkpatch(struct plan *pl, const char *scratch);
/* Remove the scratch directory: the files this run wrote in it, then the directories. */
void series_scratch_remove(const char *scratch, const struct plan *pl);
/* recipients: the series has a To:. */
void series_gate_recipients(struct plan *pl);

#endif

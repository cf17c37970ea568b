// SPDX-License-Identifier: GPL-2.0-only
/*
 * Who sends a series and to whom: the author (--from, else git config), the signature, the
 * date, the abbreviation of index lines, and To:/Cc: from the subsystem's MAINTAINERS
 * section, the --to/--cc addresses and the tree's scripts/get_maintainer.pl.
 */
#include "maintainers.h"
#include "run-command.h"
#include "series-plan.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Run argv in dir; its standard output, or NULL when it fails. */
char *series_run_output(const char **argv, const char *dir, double limit, struct strbuf *err)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	char *ret = NULL;

	cp.argv = argv;
	cp.dir = dir;
	cp.time_limit = limit;
	if (!run_command(&cp)) {
		if (command_succeeded(&cp))
			ret = strbuf_detach(&cp.out, NULL);
		else if (err) {
			strbuf_addf(err, "%s ", argv[0]);
			describe_command_end(&cp, err);
			strbuf_rtrim(&cp.err);
			if (cp.err.len)
				strbuf_addf(err, ": %s", cp.err.buf);
		}
	} else if (err) {
		strbuf_addstr(err, last_error());
	}
	child_process_clear(&cp);
	return ret;
}

static char *git_config(const struct plan *pl, const char *key)
{
	const char *argv[] = { "git", "config", key, NULL };
	const char *dir = pl->tree_commit ? pl->tree : NULL;
	char *v = pl->git ? series_run_output(argv, dir, 30, NULL) : NULL;

	if (v) {
		char *nl = strchr(v, '\n');

		if (nl)
			*nl = '\0';
		if (!*v) {
			free(v);
			v = NULL;
		}
	}
	return v;
}

int series_find_author(struct plan *pl)
{
	char *name, *email, *id;
	int ret;

	if (pl->o->from)
		return ident_parse(pl->o->from, &pl->author);
	name = git_config(pl, "user.name");
	email = git_config(pl, "user.email");
	if (!name || !email) {
		free(name);
		free(email);
		return error("series: who signs the patches off? set git config user.name and "
			     "user.email, or pass --from 'Full Name <user@example.org>'");
	}
	id = xstrfmt("%s <%s>", name, email);
	ret = ident_parse(id, &pl->author);
	free(id);
	free(name);
	free(email);
	return ret;
}

void series_find_signature(struct plan *pl)
{
	const char *argv[] = { "git", "--version", NULL };
	char *v;

	if (pl->o->signature) {
		pl->signature = xstrdup(pl->o->signature);
		return;
	}
	v = pl->git ? series_run_output(argv, NULL, 30, NULL) : NULL;
	if (v && starts_with(v, "git version ")) {
		char *nl = strchr(v, '\n');

		if (nl)
			*nl = '\0';
		pl->signature = xstrdup(v + strlen("git version "));
	} else {
		pl->signature = xstrdup("whichalloc " WHICHALLOC_VERSION);
	}
	free(v);
}

void series_find_date(struct plan *pl)
{
	const char *epoch = getenv("SOURCE_DATE_EPOCH");
	long v;
	struct tm tm;

	pl->date = time(NULL);
	if (epoch && *epoch && !parse_long(epoch, 0, 0x7fffffffL, &v))
		pl->date = (time_t)v;
	else if (epoch && *epoch)
		warning("SOURCE_DATE_EPOCH='%s' is not a number of seconds; dating the series now",
			epoch);
	localtime_r(&pl->date, &tm);
	pl->tz_minutes = (int)(tm.tm_gmtoff / 60);
}

/* The abbreviation git uses in index lines: that of the tree's repository, else 12. */
void series_find_abbrev(struct plan *pl)
{
	const char *argv[] = { "git", "rev-parse", "--short", "HEAD", NULL };
	char *v = pl->tree_commit ? series_run_output(argv, pl->tree, 30, NULL) : NULL;

	pl->abbrev = 12;
	if (v) {
		size_t n = strcspn(v, "\n");

		if (n >= 4 && n <= 40)
			pl->abbrev = (int)n;
	}
	free(v);
}

static void add_address(struct string_list *list, const char *addr)
{
	const char *lt = strchr(addr, '<');
	char *key = xstrdup(lt ? lt : addr);

	/* One entry per e-mail address, whatever name comes with it. */
	for (size_t i = 0; i < list->nr; i++) {
		const char *other = strchr(list->items[i], '<');

		if (!strcasecmp(other ? other : list->items[i], key)) {
			free(key);
			return;
		}
	}
	free(key);
	string_list_append(list, addr);
}

/* To: and Cc: as --to and --cc give them, before any other source adds to them. */
static void recipients_from_options(struct plan *pl)
{
	string_list_clear(&pl->to);
	string_list_clear(&pl->cc);
	for (size_t i = 0; i < pl->o->to.nr; i++)
		add_address(&pl->to, pl->o->to.items[i]);
	for (size_t i = 0; i < pl->o->cc.nr; i++)
		add_address(&pl->cc, pl->o->cc.items[i]);
}

/* "list@example.org (moderated for non-subscribers)" -> "list@example.org" */
static char *plain_list(const char *l)
{
	size_t n = strcspn(l, " \t(");

	return xstrndup(l, n);
}

/* To: and Cc: from the subsystem's MAINTAINERS section, and the --to/--cc addresses. */
void series_find_recipients(struct plan *pl)
{
	const struct maint_section *s = plan_subsystem_section(pl);

	recipients_from_options(pl);
	free(pl->recipients_from);
	pl->recipients_from = xstrfmt("the %s section of MAINTAINERS", pl->subsystem);
	if (!s)
		return;
	for (const char *const *m = s->maintainers; m && *m; m++)
		add_address(&pl->to, *m);
	for (const char *const *r = s->reviewers; r && *r; r++)
		add_address(&pl->cc, *r);
	for (const char *const *l = s->lists; l && *l; l++) {
		char *addr = plain_list(*l);

		add_address(&pl->cc, addr);
		free(addr);
	}
}

/* Someone in To: need not be in Cc: too. */
static void drop_cc_in_to(struct plan *pl)
{
	for (size_t i = 0; i < pl->cc.nr;) {
		const char *lt = strchr(pl->cc.items[i], '<');
		bool dup = false;

		for (size_t j = 0; j < pl->to.nr && !dup; j++) {
			const char *other = strchr(pl->to.items[j], '<');

			dup = !strcasecmp(other ? other : pl->to.items[j],
					  lt ? lt : pl->cc.items[i]);
		}
		if (dup) {
			free(pl->cc.items[i]);
			memmove(&pl->cc.items[i], &pl->cc.items[i + 1],
				(pl->cc.nr - i - 1) * sizeof(*pl->cc.items));
			pl->cc.nr--;
		} else {
			i++;
		}
	}
}

/*
 * What b4 prep --auto-to-cc does: scripts/get_maintainer.pl on the patches themselves (it
 * reads the files they touch, not K: keywords anywhere in them), maintainers and reviewers
 * To:, lists Cc:. 0 when it ran; 1 when perl or the script is missing (MAINTAINERS stays);
 * -1 when it failed (a gate failure says why).
 */
int series_get_maintainer(struct plan *pl, const char *scratch)
{
	static const char *const common[] = { "perl", "scripts/get_maintainer.pl", "--nogit",
		"--nogit-fallback", "--nogit-chief-penguins", "--norolestats", NULL };
	char *script = xstrfmt("%s/scripts/get_maintainer.pl", pl->tree);
	char *perl = locate_program("perl");
	struct string_list *lists[2] = { &pl->to, &pl->cc };
	char **files = xcalloc(pl->nr_patches + 1, sizeof(*files));
	int ret = series_is_regular_file(script) && perl ? 0 : 1;

	for (size_t k = 0; !ret && k < pl->nr_patches; k++)
		files[k] = xstrfmt("%s/%04zu.patch", scratch, k + 1);
	for (int side = 0; !ret && side < 2; side++) {
		const char **argv = xcalloc(pl->nr_patches + ARRAY_SIZE(common) + 2,
					    sizeof(*argv));
		struct strbuf err = STRBUF_INIT;
		size_t n = 0;
		char *out, *save = NULL;

		for (; common[n]; n++)
			argv[n] = common[n];
		argv[n++] = side ? "--nom" : "--nol";
		for (size_t k = 0; k < pl->nr_patches; k++)
			argv[n++] = files[k];
		out = series_run_output(argv, pl->tree, 300, &err);
		free(argv);
		if (!out) {
			series_gate_get_maintainer_failed(pl, err.buf);
			ret = -1;
		}
		if (!side && out) {
			recipients_from_options(pl);
		}
		for (char *line = out ? strtok_r(out, "\n", &save) : NULL; line;
		     line = strtok_r(NULL, "\n", &save)) {
			char *role = strstr(line, " (");

			if (role)
				*role = '\0';
			if (*line)
				add_address(lists[side], line);
		}
		free(out);
		strbuf_release(&err);
	}
	if (!ret) {
		drop_cc_in_to(pl);
		free(pl->recipients_from);
		pl->recipients_from = xstrdup("scripts/get_maintainer.pl on the patches");
	}
	for (size_t k = 0; k < pl->nr_patches; k++)
		free(files[k]);
	free(files);
	free(script);
	free(perl);
	return ret;
}

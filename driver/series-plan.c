// SPDX-License-Identifier: GPL-2.0-only
/*
 * What the series command and its gate share about a plan's findings and files, and the
 * file helpers both use for the output and the scratch directories.
 */
#include "series-plan.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The subsystem the database gives a finding, else what MAINTAINERS says now. */
const char *plan_subsystem_of(const struct series_finding *f)
{
	return f->row.subsystem ? f->row.subsystem : f->subsystem_now;
}

bool plan_is_fixed(const struct series_finding *f)
{
	return f->row.fixed_run || !strcmp(f->row.status, "fixed");
}

struct sd_file *plan_file_of(struct plan *pl, const char *path)
{
	for (size_t i = 0; i < pl->nr_files; i++)
		if (!strcmp(pl->files[i].path, path))
			return &pl->files[i];
	return NULL;
}

bool series_is_regular_file(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

int series_mkdirs(const char *path)
{
	char *p = xstrdup(path);
	int ret = 0;

	for (char *s = p + 1; !ret; s++) {
		char c = *s;

		if (c && c != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST)
			ret = error("cannot create %s: %s; choose another --out", p,
				    strerror(errno));
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return ret;
}

int series_remove_entry(const char *dir, const char *name)
{
	char *path = xstrfmt("%s/%s", dir, name);
	int ret = unlink(path);

	free(path);
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * maint_lookup - print the MAINTAINERS subsystem whichalloc attributes to each path read
 * from standard input (one path per line, relative to the tree top).
 *
 *   maint_lookup [-a] [-w] MAINTAINERS < paths
 *
 * Output, one line per path: "PATH<TAB>TITLE" (TITLE empty when no section matches).
 * With -a: "PATH<TAB>SCORE:TITLE<TAB>SCORE:TITLE..." for every matching section, first
 * named first, a title listed once (as get_maintainer.pl's uniq() does).
 * With -w: print the parser's warnings on standard error.
 *
 * scripts/maint-agree.sh builds it directly against driver/maintainers.c.
 */
#include "maintainers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void print_warning(void *ctx, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "maint_lookup: warning: %s\n", msg);
}

static int print_all(const struct maintainers *m, const char *path)
{
	struct maint_match *all;
	size_t n, i, j;

	n = maintainers_match(m, path, NULL, 0);
	all = calloc(n ? n : 1, sizeof(*all));
	if (!all) {
		fprintf(stderr, "maint_lookup: out of memory; free some memory and retry\n");
		return -1;
	}
	maintainers_match(m, path, all, n);
	printf("%s", path);
	for (i = 0; i < n; i++) {
		for (j = 0; j < i; j++)
			if (!strcmp(all[j].section->title, all[i].section->title))
				break;
		if (j == i)
			printf("\t%d:%s", all[i].depth, all[i].section->title);
	}
	putchar('\n');
	free(all);
	return 0;
}

int main(int argc, char **argv)
{
	struct maint_opts opts = { 0 };
	struct maintainers *m;
	char err[512], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int all = 0, c;

	while ((c = getopt(argc, argv, "aw")) != -1) {
		if (c == 'a') {
			all = 1;
		} else if (c == 'w') {
			opts.warn = print_warning;
		} else {
			fprintf(stderr, "usage: maint_lookup [-a] [-w] MAINTAINERS < paths\n");
			return 2;
		}
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: maint_lookup [-a] [-w] MAINTAINERS < paths\n"
			"(give exactly one MAINTAINERS file)\n");
		return 2;
	}
	m = maintainers_load_opts(argv[optind], &opts, err, sizeof(err));
	if (!m) {
		fprintf(stderr, "maint_lookup: %s\n", err);
		return 1;
	}
	while ((len = getline(&line, &cap, stdin)) != -1) {
		const struct maint_section *s;

		if (len && line[len - 1] == '\n')
			line[--len] = '\0';
		if (!len)
			continue;
		if (all) {
			if (print_all(m, line)) {
				free(line);
				maintainers_free(m);
				return 1;
			}
			continue;
		}
		s = maintainers_lookup(m, line);
		printf("%s\t%s\n", line, s ? s->title : "");
	}
	free(line);
	maintainers_free(m);
	if (fflush(stdout) || ferror(stdout)) {
		fprintf(stderr, "maint_lookup: cannot write the results to standard output\n");
		return 1;
	}
	return 0;
}

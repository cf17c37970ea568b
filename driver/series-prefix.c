// SPDX-License-Identifier: GPL-2.0-only
/*
 * The prefix of a patch's subject ("proc", "NTB: ntb_tool"): the one the file's own history
 * uses most, or one made from its path in the kernel's common forms.
 */
#include "series.h"

#include <stdlib.h>
#include <string.h>

/* The prefix of one subject: "a: b: text" -> "a: b" (every part one word); NULL if none. */
static char *subject_prefix_of(const char *p, const char *end)
{
	const char *q = p, *prefix_end = NULL;

	while (q < end) {
		const char *sep = memmem(q, (size_t)(end - q), ": ", 2);

		if (!sep || memchr(q, ' ', (size_t)(sep - q)) || sep == q)
			break;
		prefix_end = sep;
		q = sep + 2;
	}
	if (!prefix_end || starts_with(p, "Revert") || starts_with(p, "Merge") ||
	    prefix_end - p > 40)
		return NULL;
	return xstrndup(p, (size_t)(prefix_end - p));
}

/* Count s in seen/counts; returns its index. */
static size_t count_in(struct string_list *seen, size_t **counts, size_t *alloc, char *s)
{
	size_t i;

	for (i = 0; i < seen->nr; i++)
		if (!strcmp(seen->items[i], s))
			break;
	if (i == seen->nr) {
		string_list_append_nodup(seen, s);
		ALLOC_GROW(*counts, seen->nr, *alloc);
		(*counts)[i] = 0;
	} else {
		free(s);
	}
	(*counts)[i]++;
	return i;
}

/* The most counted; among equals, the first seen (the most recent). */
static size_t most_counted(const size_t *counts, size_t nr)
{
	size_t best = 0;

	for (size_t i = 1; i < nr; i++)
		if (counts[i] > counts[best])
			best = i;
	return best;
}

/*
 * The part before the first ": " that the subjects use most ("proc"); then, when at least
 * half of those subjects go on with the same second part, that too ("NTB: ntb_tool").
 */
char *series_prefix_from_log(const char *subjects)
{
	struct string_list tops = STRING_LIST_INIT, fulls = STRING_LIST_INIT;
	size_t *top_counts = NULL, *full_counts = NULL, top_alloc = 0, full_alloc = 0;
	char *ret = NULL;

	for (const char *p = subjects; *p;) {
		const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
		char *prefix = subject_prefix_of(p, end);

		if (prefix && !mbox_has_non_ascii(prefix))
			count_in(&tops, &top_counts, &top_alloc,
				 xstrndup(prefix, strcspn(prefix, ":")));
		free(prefix);
		p = nl ? nl + 1 : end;
	}
	if (tops.nr) {
		const char *top = tops.items[most_counted(top_counts, tops.nr)];
		size_t total = top_counts[most_counted(top_counts, tops.nr)];

		for (const char *p = subjects; *p;) {
			const char *nl = strchr(p, '\n'), *end = nl ? nl : p + strlen(p);
			char *prefix = subject_prefix_of(p, end);

			/* "top: second", the first two parts of a subject under top. */
			if (prefix && starts_with(prefix, top) && prefix[strlen(top)] == ':') {
				const char *second = prefix + strlen(top) + 2;

				count_in(&fulls, &full_counts, &full_alloc,
					 xstrfmt("%s: %.*s", top, (int)strcspn(second, ":"),
						 second));
			}
			free(prefix);
			p = nl ? nl + 1 : end;
		}
		if (fulls.nr && 2 * full_counts[most_counted(full_counts, fulls.nr)] >= total)
			ret = xstrdup(fulls.items[most_counted(full_counts, fulls.nr)]);
		else
			ret = xstrdup(top);
	}
	free(top_counts);
	free(full_counts);
	string_list_clear(&tops);
	string_list_clear(&fulls);
	return ret;
}

/* The file's name without its directory and extension: "ntb_tool". */
static char *base_name(const char *file)
{
	const char *slash = strrchr(file, '/'), *b = slash ? slash + 1 : file;
	const char *dot = strrchr(b, '.');

	return xstrndup(b, dot && dot > b ? (size_t)(dot - b) : strlen(b));
}

char *series_prefix_from_path(const char *file)
{
	static const char *const by_dir[] = { "fs/", "security/", "kernel/", "net/", "crypto/",
					      "block/", "sound/", "lib/", NULL };
	const char *slash = strrchr(file, '/');
	char *ret = NULL;

	if (!slash)
		return xstrdup("treewide");
	for (const char *const *d = by_dir; *d && !ret; d++) {
		const char *rest = file + strlen(*d);

		if (!starts_with(file, *d))
			continue;
		/* fs/proc/base.c -> proc; fs/namei.c -> fs (a file directly in the top). */
		if (strchr(rest, '/'))
			ret = xstrndup(rest, strcspn(rest, "/"));
		else
			ret = xstrndup(file, strlen(*d) - 1);
	}
	if (!ret && starts_with(file, "drivers/")) {
		const char *rest = file + strlen("drivers/");
		const char *sub_end = strchr(rest, '/');

		/*
		 * drivers/ntb/test/ntb_tool.c -> "ntb: ntb_tool": the subsystem and the driver
		 * (the file) below it; drivers/char/mem.c -> "char: mem".
		 */
		if (sub_end) {
			char *name = base_name(file);

			ret = xstrfmt("%.*s: %s", (int)(sub_end - rest), rest, name);
			free(name);
		} else {
			ret = xstrdup("drivers");
		}
	}
	if (!ret && (starts_with(file, "mm/") || starts_with(file, "ipc/") ||
		     starts_with(file, "init/")))
		ret = xstrndup(file, strcspn(file, "/"));
	if (!ret) {
		/* Elsewhere, the last directory: arch/x86/kernel/foo.c -> kernel. */
		const char *b = slash;

		while (b > file && b[-1] != '/')
			b--;
		ret = xstrndup(b, (size_t)(slash - b));
	}
	return ret;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * The parts of a tree for scan --shard K/N (shard.h).
 */
#include "shard.h"
#include "db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int shard_parse(const char *arg, struct shard *s)
{
	const char *slash = strchr(arg, '/');
	char *k = slash ? xstrndup(arg, (size_t)(slash - arg)) : NULL;
	long kk = 0, nn = 0;
	int ret = 0;

	if (!k || parse_long(k, 1, SHARD_MAX, &kk) || parse_long(slash + 1, 1, SHARD_MAX, &nn))
		ret = error("scan: --shard wants K/N, the K-th of N parts of the tree (1 <= K <= "
			    "N <= %d, e.g. --shard 1/2), not '%s'", SHARD_MAX, arg);
	else if (kk > nn)
		ret = error("scan: --shard %s: there is no part %ld of %ld; K goes from 1 to N",
			    arg, kk, nn);
	free(k);
	if (!ret) {
		s->k = (unsigned int)kk;
		s->n = (unsigned int)nn;
	}
	return ret;
}

static void free_before(struct shard *s)
{
	for (unsigned int i = 0; i < s->nr_before; i++)
		free(s->before[i]);
	free(s->before);
	s->before = NULL;
	s->nr_before = 0;
}

static void hash_plan(struct shard *s, char *const *paths, const unsigned long long *sizes,
		      size_t nr, const char *dirs)
{
	struct sha1_ctx ctx;
	char head[64];

	sha1_init(&ctx);
	snprintf(head, sizeof(head), "whichalloc shard plan 1\n%u\n", s->n);
	sha1_update(&ctx, head, strlen(head));
	sha1_update(&ctx, dirs, strlen(dirs) + 1);
	for (size_t i = 0; i < nr; i++) {
		char size[32];

		snprintf(size, sizeof(size), "%llu\n", sizes[i]);
		sha1_update(&ctx, paths[i], strlen(paths[i]) + 1);
		sha1_update(&ctx, size, strlen(size));
	}
	sha1_final_hex(&ctx, s->plan);
}

void shard_partition(struct shard *s, char *const *paths, const unsigned long long *sizes,
		     size_t nr, const char *dirs, unsigned int *part)
{
	unsigned long long total = 0, prefix = 0;
	unsigned int next = 0;	/* the next part whose first file is not seen yet */

	free_before(s);
	s->before = xcalloc(s->n, sizeof(*s->before));
	s->nr_before = s->n;
	for (size_t i = 0; i < nr; i++)
		total += sizes[i] + 1;
	s->files_total = nr;
	s->files_mine = 0;
	for (size_t i = 0; i < nr; i++) {
		unsigned long long w = sizes[i] + 1;
		/* The part of the file's middle byte: (prefix + w/2) * n / total. */
		unsigned long long p = (2 * prefix + w) * s->n / (2 * total);

		if (p >= s->n)
			p = s->n - 1;
		part[i] = (unsigned int)p + 1;
		for (; next <= p; next++)
			s->before[next] = i ? xstrdup(paths[i - 1]) : NULL;
		if (part[i] == s->k)
			s->files_mine++;
		prefix += w;
	}
	/* Parts after the last file's: they start after every path. */
	for (; next < s->n; next++)
		s->before[next] = nr ? xstrdup(paths[nr - 1]) : NULL;
	hash_plan(s, paths, sizes, nr, dirs);
}

unsigned int shard_of(const struct shard *s, const char *path)
{
	unsigned int part = 1;

	for (unsigned int i = 0; i < s->nr_before; i++)
		if (!s->before[i] || strcmp(s->before[i], path) < 0)
			part = i + 1;
	return part;
}

bool shard_owns(const struct shard *s, const char *path)
{
	return !s || !s->n || shard_of(s, path) == s->k;
}

void shard_select(struct shard *s, const char *top, const struct string_list *dirs,
		  struct string_list *paths)
{
	unsigned long long *sizes = xcalloc(paths->nr + 1, sizeof(*sizes));
	unsigned int *part = xcalloc(paths->nr + 1, sizeof(*part));
	struct strbuf joined = STRBUF_INIT;
	size_t kept = 0;

	for (size_t i = 0; i < paths->nr; i++) {
		char *full = xstrfmt("%s/%s", top, paths->items[i]);
		struct stat st;

		if (!lstat(full, &st) && S_ISREG(st.st_mode))
			sizes[i] = (unsigned long long)st.st_size;
		free(full);
	}
	for (size_t i = 0; i < dirs->nr; i++)
		strbuf_addf(&joined, "%s%s", i ? " " : "", dirs->items[i]);
	shard_partition(s, paths->items, sizes, paths->nr, joined.buf, part);
	for (size_t i = 0; i < paths->nr; i++) {
		if (part[i] == s->k)
			paths->items[kept++] = paths->items[i];
		else
			free(paths->items[i]);
	}
	paths->nr = kept;
	strbuf_release(&joined);
	free(part);
	free(sizes);
}

int shard_record(sqlite3 *db, long long run, const struct shard *s)
{
	sqlite3_stmt *st = db_prepare(db, "UPDATE run SET shard = ?2, shard_plan = ?3 "
				      "WHERE id = ?1");
	char *name = xstrfmt("%u/%u", s->k, s->n);
	int ret = -1;

	if (st) {
		db_bind_int(st, 1, run);
		db_bind_text(st, 2, name);
		db_bind_text(st, 3, s->plan);
		ret = db_step_done(st);
		sqlite3_finalize(st);
	}
	free(name);
	return ret ? error("cannot record run %lld's shard in the database", run) : 0;
}

void shard_release(struct shard *s)
{
	free_before(s);
}

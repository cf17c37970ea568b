// SPDX-License-Identifier: GPL-2.0-only
/*
 * Measure the prefilter over a real tree: the walk, reading each file once (mmap), the
 * content hash, and two ways of testing every rule's keywords: memmem() per keyword per
 * rule (a substring anywhere) and the one-pass identifier prefilter (prefilter.c). Prints
 * the time of each and the number of (file, rule) candidates each gives spatch.
 *
 * usage: prefilter-bench TREE COCCI_DIR [SUBDIR...]
 * build (after make): cc -O2 -std=c11 -D_GNU_SOURCE -Idriver -Ibuild/gen
 *        -o build/prefilter-bench tests/perf/prefilter-bench.c, every build/obj object but
 *        main.o, -lsqlite3 -ljansson -lcrypto
 */
#include "hash.h"
#include "prefilter.h"
#include "rules.h"
#include "walk.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct string_list dirs = STRING_LIST_INIT, files = STRING_LIST_INIT;
	struct rule_set rules = RULE_SET_INIT;
	struct prefilter pf;
	double t0, t_walk, t_read = 0, t_hash = 0, t_memmem = 0, t_pf = 0;
	size_t bytes = 0, cand_memmem = 0, cand_pf = 0, files_memmem = 0, files_pf = 0;
	bool *hit;

	if (argc < 3) {
		fprintf(stderr, "usage: %s TREE COCCI_DIR [SUBDIR...]\n", argv[0]);
		return 2;
	}
	for (int i = 3; i < argc; i++)
		string_list_append(&dirs, argv[i]);
	if (rules_discover(&rules, argv[2]))
		return 1;
	prefilter_init(&pf, &rules);
	hit = xcalloc(rules.nr + 1, sizeof(*hit));
	t0 = now();
	if (walk_tree(argv[1], &dirs, &files))
		return 1;
	t_walk = now() - t0;
	for (size_t i = 0; i < files.nr; i++) {
		char *path = xstrfmt("%s/%s", argv[1], files.items[i]);
		char hex[SHA1_HEX_SIZE];
		struct stat st;
		void *data = NULL;
		size_t len, any = 0;
		double t;
		int fd;

		t = now();
		fd = open(path, O_RDONLY);
		if (fd < 0 || fstat(fd, &st)) {
			perror(path);
			return 1;
		}
		len = (size_t)st.st_size;
		if (len)
			data = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
		if (data == MAP_FAILED) {
			perror(path);
			return 1;
		}
		/* Touch every page, so that reading is counted here and not in the searches. */
		for (size_t off = 0; off < len; off += 4096)
			any += ((const volatile char *)data)[off];
		t_read += now() - t;
		bytes += len;
		t = now();
		git_blob_sha1_hex(data ? data : "", len, hex);
		t_hash += now() - t;
		t = now();
		any = 0;
		for (size_t r = 0; r < rules.nr; r++)
			if (rule_wants_extension(&rules.items[r], files.items[i]) &&
			    rule_keywords_match(&rules.items[r], data ? data : "", len)) {
				cand_memmem++;
				any = 1;
			}
		files_memmem += any;
		t_memmem += now() - t;
		t = now();
		any = 0;
		if (prefilter_match(&pf, data ? data : "", len, hit))
			for (size_t r = 0; r < rules.nr; r++)
				if (hit[r] &&
				    rule_wants_extension(&rules.items[r], files.items[i])) {
					cand_pf++;
					any = 1;
				}
		files_pf += any;
		t_pf += now() - t;
		if (data)
			munmap(data, len);
		close(fd);
		free(path);
	}
	printf("%zu files, %.1f MiB, %zu rules\n", files.nr, (double)bytes / 1048576.0, rules.nr);
	printf("walk %.2f s; open+mmap+read %.2f s; git blob SHA-1 %.2f s\n", t_walk, t_read,
	       t_hash);
	printf("memmem per keyword: %.2f s, %zu (file, rule) candidates in %zu files\n",
	       t_memmem, cand_memmem, files_memmem);
	printf("one-pass identifiers: %.2f s, %zu (file, rule) candidates in %zu files\n", t_pf,
	       cand_pf, files_pf);
	free(hit);
	prefilter_clear(&pf);
	rule_set_clear(&rules);
	string_list_clear(&files);
	return 0;
}

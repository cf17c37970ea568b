// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the MAINTAINERS parser (maintainers.c) and its lookup: any text, then a few paths
 * looked up in what it made of it.
 */
#include "fuzz.h"
#include "maintainers.h"
#include "util.h"

#include <stdlib.h>

static const char *const paths[] = {
	"fs/proc/base.c", "drivers/char/mem.c", "MAINTAINERS", "a", "fs/", "",
	"include/linux/gfp.h", "arch/x86/mm/init.c",
};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	set_quiet_errors(true);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct maint_opts opts = { 0 };
	struct maint_match match[8];
	struct maintainers *m;
	char err[256];

	m = maintainers_parse_opts((const char *)data, size, "MAINTAINERS", &opts, err,
				   sizeof(err));
	if (!m)
		return 0;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const struct maint_section *s = maintainers_lookup(m, paths[i]);
		size_t n = maintainers_match(m, paths[i], match, 8);

		if (s && !s->title)
			abort();
		for (size_t j = 0; j < n && j < 8; j++)
			if (!match[j].section)
				abort();
	}
	for (size_t i = 0; i < maintainers_count(m); i++)
		if (!maintainers_section(m, i)->title)
			abort();
	for (size_t i = 0; i < maintainers_warning_count(m); i++)
		if (!maintainers_warning(m, i))
			abort();
	maintainers_free(m);
	return 0;
}

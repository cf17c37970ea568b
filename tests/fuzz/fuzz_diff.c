// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the unified diff parser (diff.c): split into hunks, then the hunks of one function
 * extracted, as the series writer does with spatch's patches.
 */
#include "diff.h"
#include "fuzz.h"

#include <stdlib.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	set_quiet_errors(true);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hunk_list list = HUNK_LIST_INIT;
	struct string_list functions = STRING_LIST_INIT;
	struct strbuf out = STRBUF_INIT;
	const char *text = (const char *)data;

	if (diff_split(text, size, &list) == 0) {
		for (size_t i = 0; i < list.nr; i++) {
			const struct hunk *h = &list.items[i];

			if (h->text < text || h->text + h->len > text + size)
				abort();
			for (size_t j = 0; j < h->functions.nr; j++)
				string_list_append(&functions, h->functions.items[j]);
		}
		string_list_append(&functions, "main");
		for (size_t j = 0; j < functions.nr; j++) {
			strbuf_reset(&out);
			diff_for_function(&list, functions.items[j], &functions, &out);
		}
	}
	hunk_list_clear(&list);
	string_list_clear(&functions);
	strbuf_release(&out);
	return 0;
}

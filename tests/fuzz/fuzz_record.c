// SPDX-License-Identifier: GPL-2.0-only
/*
 * Fuzz the parser of spatch's output (record.c): WA1 record lines, unified diffs and the
 * garbage between them, as a crashing or confused spatch could print them.
 */
#include "fuzz.h"
#include "record.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	set_quiet_errors(true);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct spatch_output out = SPATCH_OUTPUT_INIT;
	struct wa_record rec;
	const char *end, *line = (const char *)data;

	parse_spatch_output((const char *)data, size, &out);
	if (out.nr_records > out.alloc_records || out.nr_diffs > out.alloc_diffs)
		abort();
	for (size_t i = 0; i < out.nr_records; i++)
		if (!out.records[i].rule || !out.records[i].file)
			abort();
	spatch_output_clear(&out);

	/* Each line on its own, as the record parser sees it. */
	while (size) {
		end = memchr(line, '\n', size);
		size_t len = end ? (size_t)(end - line) : size;

		memset(&rec, 0, sizeof(rec));
		if (!parse_record(line, len, &rec))
			wa_record_clear(&rec);
		size -= len + (end ? 1 : 0);
		line += len + (end ? 1 : 0);
	}
	return 0;
}

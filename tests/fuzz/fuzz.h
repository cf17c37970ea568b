/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * What every fuzz target shares: the libFuzzer entry points, declared here because the
 * build uses -Wmissing-prototypes.
 */
#ifndef WHICHALLOC_FUZZ_H
#define WHICHALLOC_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif

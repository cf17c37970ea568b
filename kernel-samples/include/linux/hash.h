/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_HASH_H
#define _SAMPLES_LINUX_HASH_H
#include <linux/types.h>
static inline u32 hash_32(u32 val, unsigned int bits) { return (val * 0x61C88647u) >> (32 - bits); }
#endif

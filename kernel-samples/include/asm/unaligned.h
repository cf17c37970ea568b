/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_ASM_UNALIGNED_H
#define _SAMPLES_ASM_UNALIGNED_H
#include <linux/types.h>

void put_unaligned_le32(u32 val, void *p);
#define get_unaligned(ptr) (*(ptr))
#endif

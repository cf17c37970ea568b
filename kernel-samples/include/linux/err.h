/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_ERR_H
#define _SAMPLES_LINUX_ERR_H
#include <linux/types.h>
#define MAX_ERRNO 4095
#define IS_ERR_VALUE(x) ((unsigned long)(void *)(x) >= (unsigned long)-MAX_ERRNO)
static inline void *ERR_PTR(long error) { return (void *)error; }
static inline long PTR_ERR(const void *ptr) { return (long)ptr; }
static inline bool IS_ERR(const void *ptr) { return IS_ERR_VALUE(ptr); }
static inline bool IS_ERR_OR_NULL(const void *ptr) { return !ptr || IS_ERR_VALUE(ptr); }
#endif
/* Appended for the memdup-user samples (kernel: include/linux/err.h). */
#ifndef _SAMPLES_LINUX_ERR_CAST
#define _SAMPLES_LINUX_ERR_CAST
static inline void *ERR_CAST(const void *ptr) { return (void *)ptr; }
#endif

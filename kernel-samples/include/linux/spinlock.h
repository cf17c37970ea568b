/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_SPINLOCK_H
#define _SAMPLES_LINUX_SPINLOCK_H
typedef struct { int locked; } spinlock_t;
#define DEFINE_SPINLOCK(l) spinlock_t l = { 0 }
void spin_lock(spinlock_t *l);
void spin_unlock(spinlock_t *l);
#endif

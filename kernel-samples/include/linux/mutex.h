/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_MUTEX_H
#define _SAMPLES_LINUX_MUTEX_H
struct mutex { int locked; };
#define DEFINE_MUTEX(m) struct mutex m = { 0 }
void mutex_lock(struct mutex *m);
void mutex_unlock(struct mutex *m);
#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_INIT_H
#define _SAMPLES_LINUX_INIT_H
#include <linux/types.h>
#endif

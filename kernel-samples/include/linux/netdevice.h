/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_NETDEVICE_H
#define _SAMPLES_LINUX_NETDEVICE_H
#include <linux/types.h>

struct net_device {
	char name[16];
};

__attribute__((format(printf, 2, 3)))
void netdev_dbg(const struct net_device *dev, const char *fmt, ...);
#endif

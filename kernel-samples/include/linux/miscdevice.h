/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_MISCDEVICE_H
#define _SAMPLES_LINUX_MISCDEVICE_H
#include <linux/fs.h>
struct miscdevice {
	int minor;
	const char *name;
	const struct file_operations *fops;
};
int misc_register(struct miscdevice *misc);
void misc_deregister(struct miscdevice *misc);
#define MISC_DYNAMIC_MINOR 255
#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_PRINTK_H
#define _SAMPLES_LINUX_PRINTK_H
#define KERN_ERR "3"
#define KERN_WARNING "4"
#define KERN_INFO "6"
int printk(const char *fmt, ...);
#define pr_err(fmt, ...) printk(KERN_ERR fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk(KERN_WARNING fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(KERN_INFO fmt, ##__VA_ARGS__)
#endif

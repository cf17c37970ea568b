/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_PROC_FS_H
#define _SAMPLES_LINUX_PROC_FS_H
#include <linux/fs.h>
struct proc_dir_entry;
struct proc_ops {
	int (*proc_open)(struct inode *, struct file *);
	ssize_t (*proc_read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*proc_write)(struct file *, const char __user *, size_t, loff_t *);
	int (*proc_mmap)(struct file *, struct vm_area_struct *);
	int (*proc_release)(struct inode *, struct file *);
};
struct proc_dir_entry *proc_create(const char *name, umode_t mode, struct proc_dir_entry *parent,
				   const struct proc_ops *proc_ops);
void *pde_data(const struct inode *inode);
#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_FS_H
#define _SAMPLES_LINUX_FS_H
#include <linux/types.h>
#include <linux/mm_types.h>
struct inode {
	unsigned long i_ino;
	loff_t i_size;
	umode_t i_mode;
	void *i_private;
	struct super_block *i_sb;
};
struct dentry {
	struct inode *d_inode;
	const char *d_name;
};
struct super_block {
	unsigned long s_blocksize;
	void *s_fs_info;
};
struct file {
	struct inode *f_inode;
	void *private_data;
	loff_t f_pos;
};
struct file_operations {
	struct module *owner;
	ssize_t (*read)(struct file *, char __user *, size_t, loff_t *);
	ssize_t (*write)(struct file *, const char __user *, size_t, loff_t *);
	int (*open)(struct inode *, struct file *);
	int (*release)(struct inode *, struct file *);
	int (*mmap)(struct file *, struct vm_area_struct *);
	long (*unlocked_ioctl)(struct file *, unsigned int, unsigned long);
	loff_t (*llseek)(struct file *, loff_t, int);
};
struct inode *file_inode(const struct file *f);
void i_size_write(struct inode *inode, loff_t i_size);
ssize_t simple_read_from_buffer(void __user *to, size_t count, loff_t *ppos,
				const void *from, size_t available);
ssize_t simple_write_to_buffer(void *to, size_t available, loff_t *ppos,
			       const void __user *from, size_t count);
loff_t default_llseek(struct file *file, loff_t offset, int whence);
char *d_path(const void *path, char *buf, int buflen);
char *dentry_path_raw(struct dentry *dentry, char *buf, int buflen);
#define PATH_MAX 4096
#define NAME_MAX 255
#endif

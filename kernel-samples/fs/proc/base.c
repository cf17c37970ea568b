// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample /proc/<pid> entries that use the page allocator for scratch buffers,
 * in the spirit of the 2015 fs/ audit (do_proc_readlink(), proc_pid_cmdline_read(),
 * environ_read(), mem_rw()).
 *
 * What the rules must say:
 *   proc_task_readlink()   pagealloc-kmalloc: replace — d_path() scratch buffer, freed on
 *                          both paths
 *   proc_task_cmdline()    pagealloc-kmalloc: replace — copy-out buffer with a goto
 *                          cleanup; every free_page() becomes kfree()
 *   proc_task_environ()    pagealloc-kmalloc: replace — unsigned long receiver only used
 *                          through (char *) casts: it becomes char *
 *   proc_task_mem_rw()     pagealloc-kmalloc: review — unsigned long receiver used in
 *                          address arithmetic
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/seq_file.h>

struct task_sample {
	const void *exe_path;
	const char *args;
	size_t args_len;
	const char *env;
	size_t env_len;
};

static struct task_sample *task_of(struct file *file)
{
	return file_inode(file)->i_private;
}

static int proc_task_readlink(struct dentry *dentry, char __user *ubuf, int len)
{
	struct task_sample *task = dentry->d_inode->i_private;
	char *tmp = (char *)__get_free_page(GFP_KERNEL);
	char *path;
	int n;

	if (!tmp)
		return -ENOMEM;

	path = d_path(task->exe_path, tmp, PAGE_SIZE);
	if (IS_ERR(path)) {
		free_page((unsigned long)tmp);
		return PTR_ERR(path);
	}
	n = tmp + PAGE_SIZE - 1 - path;
	if (n > len)
		n = len;
	if (copy_to_user(ubuf, path, n))
		n = -EFAULT;
	free_page((unsigned long)tmp);
	return n;
}

static ssize_t proc_task_cmdline(struct file *file, char __user *ubuf, size_t count,
				 loff_t *ppos)
{
	struct task_sample *task = task_of(file);
	size_t done = 0;
	char *page;
	ssize_t ret;

	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;

	while (count > 0 && *ppos < task->args_len) {
		size_t chunk = min_t(size_t, count, PAGE_SIZE);

		chunk = min_t(size_t, chunk, task->args_len - *ppos);
		memcpy(page, task->args + *ppos, chunk);
		if (copy_to_user(ubuf + done, page, chunk)) {
			ret = -EFAULT;
			goto out_free;
		}
		done += chunk;
		count -= chunk;
		*ppos += chunk;
	}
	ret = done;

out_free:
	free_page((unsigned long)page);
	return ret;
}

static ssize_t proc_task_environ(struct file *file, char __user *ubuf, size_t count,
				 loff_t *ppos)
{
	struct task_sample *task = task_of(file);
	unsigned long page;
	ssize_t ret;
	size_t len;

	page = __get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;

	len = min_t(size_t, task->env_len, PAGE_SIZE);
	memcpy((char *)page, task->env, len);
	ret = simple_read_from_buffer(ubuf, count, ppos, (char *)page, len);
	free_page(page);
	return ret;
}

static ssize_t proc_task_mem_rw(struct file *file, char __user *ubuf, size_t count,
				loff_t *ppos, int write)
{
	unsigned long page, end;
	ssize_t copied = 0;

	page = __get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;

	end = page + PAGE_SIZE;
	while (count > 0) {
		size_t this_len = min_t(size_t, count, end - page);

		if (write && copy_from_user((void *)page, ubuf, this_len)) {
			copied = -EFAULT;
			break;
		}
		if (!write && copy_to_user(ubuf, (void *)page, this_len)) {
			copied = -EFAULT;
			break;
		}
		ubuf += this_len;
		count -= this_len;
		copied += this_len;
		*ppos += this_len;
	}
	free_page(page);
	return copied;
}

static ssize_t proc_task_mem_read(struct file *file, char __user *ubuf, size_t count,
				  loff_t *ppos)
{
	return proc_task_mem_rw(file, ubuf, count, ppos, 0);
}

const struct file_operations proc_task_cmdline_operations = {
	.read	= proc_task_cmdline,
	.llseek	= default_llseek,
};

const struct file_operations proc_task_environ_operations = {
	.read	= proc_task_environ,
	.llseek	= default_llseek,
};

const struct file_operations proc_task_mem_operations = {
	.read	= proc_task_mem_read,
	.llseek	= default_llseek,
};

int proc_task_readlink_op(struct dentry *dentry, char __user *ubuf, int len)
{
	return proc_task_readlink(dentry, ubuf, len);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample lock-manager debugfs files: each .open formats a dump into a zeroed scratch
 * page, keeps it in file->private_data for .read, and .release gives it back.
 *
 * What the rules must say:
 *   dlm_sample_purge_open()  pagealloc-kmalloc: replace — kzalloc(PAGE_SIZE, GFP_NOFS),
 *   dlm_sample_mle_open()    the two buffers freed by the one .release of both tables,
 *                            dlm_sample_dump_release(): one patch converts both
 *                            allocations and that free; i_size_write() is given
 *                            what dlm_sample_mle_print() returns, not the buffer;
 *                            dlm_sample_dump_read(), which only reads it, is also the
 *                            .read of other tables and does not tie them together
 *   dlm_sample_locks_open()  pagealloc-kmalloc: review — its .release is also the
 *                            .release of dlm_sample_stats_fops, whose .open makes a
 *                            seq_file of file->private_data
 *   dlm_sample_hb_open()     pagealloc-kmalloc: review — not static: another file may
 *                            open a file of its own with it
 *   dlm_sample_map_open()    pagealloc-kmalloc: keep — the .mmap of its table maps the
 *                            buffer to user space with remap_pfn_range()
 *   dlm_sample_regions_open() pagealloc-kmalloc: review — the buffer goes to a function
 *                            of another file
 *   dlm_sample_nodes_open()  pagealloc-kmalloc: review — its .release also frees the
 *                            buffer of dlm_sample_regions_open(), which cannot change:
 *                            they change together or not at all
 */
#include <linux/kernel.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>

struct dlm_sample_domain {
	const char *name;
	int num_purge;
	int num_mle;
	int num_locks;
};

static int dlm_sample_dump_release(struct inode *inode, struct file *file)
{
	free_page((unsigned long)file->private_data);
	return 0;
}

static ssize_t dlm_sample_dump_read(struct file *file, char __user *buf, size_t count,
				    loff_t *ppos)
{
	return simple_read_from_buffer(buf, count, ppos, file->private_data,
				       strlen(file->private_data));
}

static int dlm_sample_purge_open(struct inode *inode, struct file *file)
{
	struct dlm_sample_domain *dlm = inode->i_private;
	char *buf;

	buf = (char *)get_zeroed_page(GFP_NOFS);
	if (!buf)
		return -ENOMEM;
	scnprintf(buf, PAGE_SIZE, "domain %s: %d on the purge list\n", dlm->name,
		  dlm->num_purge);
	file->private_data = buf;
	return 0;
}

static const struct file_operations dlm_sample_purge_fops = {
	.owner		= THIS_MODULE,
	.open		= dlm_sample_purge_open,
	.release	= dlm_sample_dump_release,
	.read		= dlm_sample_dump_read,
	.llseek		= default_llseek,
};

static int dlm_sample_mle_print(struct dlm_sample_domain *dlm, char *buf, int len)
{
	return scnprintf(buf, len, "domain %s: %d master list entries\n", dlm->name,
			 dlm->num_mle);
}

static int dlm_sample_mle_open(struct inode *inode, struct file *file)
{
	struct dlm_sample_domain *dlm = inode->i_private;
	char *buf;

	buf = (char *)get_zeroed_page(GFP_NOFS);
	if (!buf)
		return -ENOMEM;
	i_size_write(inode, dlm_sample_mle_print(dlm, buf, PAGE_SIZE - 1));
	file->private_data = buf;
	return 0;
}

static const struct file_operations dlm_sample_mle_fops = {
	.owner		= THIS_MODULE,
	.open		= dlm_sample_mle_open,
	.release	= dlm_sample_dump_release,
	.read		= dlm_sample_dump_read,
	.llseek		= default_llseek,
};

/* One release for the page dumps and the seq_file statistics. */
static int dlm_sample_stats_show(struct seq_file *m, void *v)
{
	struct dlm_sample_domain *dlm = m->private;

	seq_printf(m, "%s: %d locks\n", dlm->name, dlm->num_locks);
	return 0;
}

static int dlm_sample_stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, dlm_sample_stats_show, inode->i_private);
}

static int dlm_sample_shared_release(struct inode *inode, struct file *file)
{
	if (inode->i_ino == 0)
		return single_release(inode, file);
	free_page((unsigned long)file->private_data);
	return 0;
}

static const struct file_operations dlm_sample_stats_fops = {
	.owner		= THIS_MODULE,
	.open		= dlm_sample_stats_open,
	.release	= dlm_sample_shared_release,
	.read		= seq_read,
};

static int dlm_sample_locks_open(struct inode *inode, struct file *file)
{
	struct dlm_sample_domain *dlm = inode->i_private;
	char *buf;

	buf = (char *)get_zeroed_page(GFP_NOFS);
	if (!buf)
		return -ENOMEM;
	scnprintf(buf, PAGE_SIZE, "%s: %d locks\n", dlm->name, dlm->num_locks);
	file->private_data = buf;
	return 0;
}

static const struct file_operations dlm_sample_locks_fops = {
	.owner		= THIS_MODULE,
	.open		= dlm_sample_locks_open,
	.release	= dlm_sample_shared_release,
	.read		= dlm_sample_dump_read,
};

/* Exported: the heartbeat code opens its own files with it. */
int dlm_sample_hb_open(struct inode *inode, struct file *file)
{
	char *buf;

	buf = (char *)get_zeroed_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	scnprintf(buf, PAGE_SIZE, "heartbeat\n");
	file->private_data = buf;
	return 0;
}

static int dlm_sample_hb_release(struct inode *inode, struct file *file)
{
	free_page((unsigned long)file->private_data);
	return 0;
}

static const struct file_operations dlm_sample_hb_fops = {
	.owner		= THIS_MODULE,
	.open		= dlm_sample_hb_open,
	.release	= dlm_sample_hb_release,
	.read		= dlm_sample_dump_read,
};

/* A status page that user space maps. */
static int dlm_sample_map_open(struct inode *inode, struct file *file)
{
	char *buf;

	buf = (char *)get_zeroed_page(GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	file->private_data = buf;
	return 0;
}

static int dlm_sample_map_mmap(struct file *file, struct vm_area_struct *vma)
{
	return remap_pfn_range(vma, vma->vm_start,
			       virt_to_phys(file->private_data) >> PAGE_SHIFT, PAGE_SIZE,
			       vma->vm_page_prot);
}

static int dlm_sample_map_release(struct inode *inode, struct file *file)
{
	free_page((unsigned long)file->private_data);
	return 0;
}

static const struct file_operations dlm_sample_map_fops = {
	.owner		= THIS_MODULE,
	.open		= dlm_sample_map_open,
	.release	= dlm_sample_map_release,
	.mmap		= dlm_sample_map_mmap,
};

/* Two dumps sharing a release; the region map is filled by the heartbeat code. */
int dlm_sample_hb_fill_regions(char *buf, int len);

static int dlm_sample_pair_release(struct inode *inode, struct file *file)
{
	free_page((unsigned long)file->private_data);
	return 0;
}

static int dlm_sample_nodes_open(struct inode *inode, struct file *file)
{
	struct dlm_sample_domain *dlm = inode->i_private;
	char *buf;

	buf = (char *)get_zeroed_page(GFP_NOFS);
	if (!buf)
		return -ENOMEM;
	scnprintf(buf, PAGE_SIZE, "%s: nodes\n", dlm->name);
	file->private_data = buf;
	return 0;
}

static const struct file_operations dlm_sample_nodes_fops = {
	.owner		= THIS_MODULE,
	.open		= dlm_sample_nodes_open,
	.release	= dlm_sample_pair_release,
	.read		= dlm_sample_dump_read,
};

static int dlm_sample_regions_open(struct inode *inode, struct file *file)
{
	char *buf;

	buf = (char *)get_zeroed_page(GFP_NOFS);
	if (!buf)
		return -ENOMEM;
	dlm_sample_hb_fill_regions(buf, PAGE_SIZE);
	file->private_data = buf;
	return 0;
}

static const struct file_operations dlm_sample_regions_fops = {
	.owner		= THIS_MODULE,
	.open		= dlm_sample_regions_open,
	.release	= dlm_sample_pair_release,
	.read		= dlm_sample_dump_read,
};

const struct file_operations *dlm_sample_debug_fops[] = {
	&dlm_sample_purge_fops,
	&dlm_sample_mle_fops,
	&dlm_sample_stats_fops,
	&dlm_sample_locks_fops,
	&dlm_sample_hb_fops,
	&dlm_sample_map_fops,
	&dlm_sample_nodes_fops,
	&dlm_sample_regions_fops,
};

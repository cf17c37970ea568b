// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample misc device with a status page user space can mmap(), an ioctl that formats
 * into a scratch page, and a module-wide log page.
 *
 * What the rules must say:
 *   mapdev_open()        pagealloc-kmalloc: keep — the status page is mapped to user
 *                        space with vm_insert_page() in mapdev_mmap()
 *   mapdev_ioctl()       pagealloc-kmalloc: replace — GFP_KERNEL | __GFP_ZERO becomes
 *                        kzalloc(PAGE_SIZE, GFP_KERNEL)
 *   mapdev_init()        pagealloc-kmalloc: replace — the static mapdev_log is a plain
 *                        buffer, freed in mapdev_exit() and on the error path
 */
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/miscdevice.h>

struct mapdev_file {
	char *status;
	unsigned int seq;
};

static char *mapdev_log;
static size_t mapdev_log_len;

static int mapdev_open(struct inode *inode, struct file *file)
{
	struct mapdev_file *mf = kzalloc(sizeof(*mf), GFP_KERNEL);

	if (!mf)
		return -ENOMEM;
	mf->status = (char *)get_zeroed_page(GFP_KERNEL);
	if (!mf->status) {
		kfree(mf);
		return -ENOMEM;
	}
	file->private_data = mf;
	return 0;
}

static int mapdev_release(struct inode *inode, struct file *file)
{
	struct mapdev_file *mf = file->private_data;

	free_page((unsigned long)mf->status);
	kfree(mf);
	return 0;
}

static int mapdev_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct mapdev_file *mf = file->private_data;

	if (vma->vm_end - vma->vm_start != PAGE_SIZE || vma->vm_pgoff)
		return -EINVAL;
	return vm_insert_page(vma, vma->vm_start, virt_to_page(mf->status));
}

static long mapdev_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct mapdev_file *mf = file->private_data;
	char *scratch;
	long ret;
	int len;

	scratch = (char *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, 0);
	if (!scratch)
		return -ENOMEM;
	len = scnprintf(scratch, PAGE_SIZE, "seq %u cmd %u\n", mf->seq++, cmd);
	ret = copy_to_user((void __user *)arg, scratch, len + 1) ? -EFAULT : len;
	free_pages((unsigned long)scratch, 0);
	return ret;
}

static const struct file_operations mapdev_fops = {
	.owner		= THIS_MODULE,
	.open		= mapdev_open,
	.release	= mapdev_release,
	.mmap		= mapdev_mmap,
	.unlocked_ioctl	= mapdev_ioctl,
};

static struct miscdevice mapdev_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "mapdev",
	.fops	= &mapdev_fops,
};

static int __init mapdev_init(void)
{
	int ret;

	mapdev_log = (char *)__get_free_page(GFP_KERNEL);
	if (!mapdev_log)
		return -ENOMEM;
	mapdev_log_len = scnprintf(mapdev_log, PAGE_SIZE, "mapdev loaded\n");
	ret = misc_register(&mapdev_misc);
	if (ret)
		free_page((unsigned long)mapdev_log);
	return ret;
}

static void __exit mapdev_exit(void)
{
	misc_deregister(&mapdev_misc);
	free_page((unsigned long)mapdev_log);
}

module_init(mapdev_init);
module_exit(mapdev_exit);
MODULE_LICENSE("GPL");

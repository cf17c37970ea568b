// SPDX-License-Identifier: GPL-2.0-only
/*
 * Legacy trace ring: a character device whose ring buffer and status block user space maps
 * with mmap() (page offset 0: the ring, page offset 1: the status block). The ring used to
 * come from __get_free_pages(); it was switched to kzalloc() but its free was not.
 *
 * What the rules must say about each function:
 *   ringbuf_open()          nothing — kzalloc() of the ring and of the status block
 *   ringbuf_mmap_ring()     kmalloc-as-page: review — remap_pfn_range() of the kzalloc() ring:
 *                           right only if it is page-aligned whole pages
 *   ringbuf_mmap_status()   kmalloc-as-page: review, "bug:" — remap_pfn_range() of the
 *                           64-byte status block maps the slab objects around it
 *   ringbuf_mmap()          nothing — dispatches on the page offset
 *   ringbuf_release()       kmalloc-as-page: review, "bug:" — free_pages() of the kzalloc()
 *                           ring; kfree() of the status block is right
 */
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#define RINGBUF_ORDER		2
#define RINGBUF_BYTES		(PAGE_SIZE << RINGBUF_ORDER)
#define RINGBUF_STATUS_BYTES	64	/* struct ringbuf_status, padded for growth */

struct ringbuf_status {
	u32 head;
	u32 tail;
	u32 overruns;
	u32 flags;
};

struct ringbuf_dev {
	void *ring;
	struct ringbuf_status *status;
	bool busy;
};

static struct ringbuf_dev ringbuf;
static DEFINE_MUTEX(ringbuf_lock);

static int ringbuf_open(struct inode *inode, struct file *file)
{
	struct ringbuf_dev *rb = &ringbuf;
	int ret = 0;

	mutex_lock(&ringbuf_lock);
	if (rb->busy) {
		ret = -EBUSY;
		goto out;
	}
	rb->ring = kzalloc(RINGBUF_BYTES, GFP_KERNEL);
	if (!rb->ring) {
		ret = -ENOMEM;
		goto out;
	}
	rb->status = kzalloc(RINGBUF_STATUS_BYTES, GFP_KERNEL);
	if (!rb->status) {
		kfree(rb->ring);
		rb->ring = NULL;
		ret = -ENOMEM;
		goto out;
	}
	rb->busy = true;
	file->private_data = rb;
out:
	mutex_unlock(&ringbuf_lock);
	return ret;
}

static int ringbuf_mmap_ring(struct ringbuf_dev *rb, struct vm_area_struct *vma)
{
	unsigned long len = vma->vm_end - vma->vm_start;

	if (len > RINGBUF_BYTES)
		return -EINVAL;
	return remap_pfn_range(vma, vma->vm_start, virt_to_phys(rb->ring) >> PAGE_SHIFT, len,
			       vma->vm_page_prot);
}

static int ringbuf_mmap_status(struct ringbuf_dev *rb, struct vm_area_struct *vma)
{
	unsigned long pfn = __pa(rb->status) >> PAGE_SHIFT;

	if (vma->vm_end - vma->vm_start != PAGE_SIZE)
		return -EINVAL;
	vma->vm_flags |= VM_IO | VM_DONTEXPAND | VM_DONTDUMP;
	return remap_pfn_range(vma, vma->vm_start, pfn, PAGE_SIZE, vma->vm_page_prot);
}

static int ringbuf_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct ringbuf_dev *rb = file->private_data;

	switch (vma->vm_pgoff) {
	case 0:
		return ringbuf_mmap_ring(rb, vma);
	case 1:
		return ringbuf_mmap_status(rb, vma);
	default:
		return -EINVAL;
	}
}

static int ringbuf_release(struct inode *inode, struct file *file)
{
	struct ringbuf_dev *rb = file->private_data;

	mutex_lock(&ringbuf_lock);
	kfree(rb->status);
	free_pages((unsigned long)rb->ring, RINGBUF_ORDER);
	rb->status = NULL;
	rb->ring = NULL;
	rb->busy = false;
	mutex_unlock(&ringbuf_lock);
	return 0;
}

static const struct file_operations ringbuf_fops = {
	.owner		= THIS_MODULE,
	.open		= ringbuf_open,
	.mmap		= ringbuf_mmap,
	.release	= ringbuf_release,
};

static struct miscdevice ringbuf_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "ringbuf",
	.fops	= &ringbuf_fops,
};

static int __init ringbuf_init(void)
{
	return misc_register(&ringbuf_misc);
}

static void __exit ringbuf_exit(void)
{
	misc_deregister(&ringbuf_misc);
}

module_init(ringbuf_init);
module_exit(ringbuf_exit);
MODULE_DESCRIPTION("Legacy trace ring buffer");
MODULE_LICENSE("GPL");

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample crash-dump file in the style of /proc/vmcore: the ELF headers are copied
 * into a zeroed buffer that read() copies out and mmap() maps into user space.
 *
 * What the rules must say:
 *   vmcore_alloc_headers()   pagealloc-kmalloc: keep — the buffer (a static variable)
 *                            is fed to remap_pfn_range() in vmcore_mmap(), which needs
 *                            whole, page-aligned pages
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/proc_fs.h>

static char *vmcore_hdr;
static size_t vmcore_hdr_size;
static size_t vmcore_hdr_alloc;

static int vmcore_alloc_headers(const void *ehdr, size_t size)
{
	vmcore_hdr_alloc = PAGE_ALIGN(size);
	vmcore_hdr = (char *)__get_free_pages(GFP_KERNEL | __GFP_ZERO,
					      get_order(vmcore_hdr_alloc));
	if (!vmcore_hdr)
		return -ENOMEM;
	memcpy(vmcore_hdr, ehdr, size);
	vmcore_hdr_size = size;
	return 0;
}

static void vmcore_free_headers(void)
{
	free_pages((unsigned long)vmcore_hdr, get_order(vmcore_hdr_alloc));
	vmcore_hdr = NULL;
}

static ssize_t vmcore_read(struct file *file, char __user *ubuf, size_t count, loff_t *ppos)
{
	return simple_read_from_buffer(ubuf, count, ppos, vmcore_hdr, vmcore_hdr_size);
}

static int vmcore_mmap(struct file *file, struct vm_area_struct *vma)
{
	size_t size = vma->vm_end - vma->vm_start;
	unsigned long start = vma->vm_pgoff << PAGE_SHIFT;
	unsigned long pfn;

	if (start + size > vmcore_hdr_alloc)
		return -EINVAL;
	vma->vm_flags |= VM_DONTEXPAND | VM_DONTDUMP;
	pfn = __pa(vmcore_hdr + start) >> PAGE_SHIFT;
	if (remap_pfn_range(vma, vma->vm_start, pfn, size, vma->vm_page_prot))
		return -EAGAIN;
	return 0;
}

static const struct proc_ops vmcore_proc_ops = {
	.proc_read	= vmcore_read,
	.proc_mmap	= vmcore_mmap,
};

int vmcore_init(const void *ehdr, size_t size)
{
	int ret = vmcore_alloc_headers(ehdr, size);

	if (ret)
		return ret;
	if (!proc_create("vmcore", 0400, NULL, &vmcore_proc_ops)) {
		vmcore_free_headers();
		return -ENOMEM;
	}
	return 0;
}

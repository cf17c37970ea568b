// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample configfs-like attribute file: read() and write() fill a page-sized buffer
 * kept in the open file's private structure and freed when the file is released.
 *
 * What the rules must say:
 *   attr_fill_read_buffer()    pagealloc-kmalloc: review — zeroed buffer kept in
 *                              attr_buffer->page, freed in attr_release(), but handed to
 *                              the ->show() method through a function pointer, whose
 *                              body the rule does not see
 *   attr_fill_write_buffer()   pagealloc-kmalloc: review — the same field: allocations
 *                              into one field change together or not at all
 */
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/mutex.h>

struct attr_item {
	ssize_t (*show)(struct attr_item *item, char *page);
	ssize_t (*store)(struct attr_item *item, const char *page, size_t count);
};

struct attr_buffer {
	size_t count;
	char *page;
	struct mutex lock;
	struct attr_item *item;
	bool needs_read_fill;
};

static int attr_fill_read_buffer(struct attr_buffer *buffer)
{
	ssize_t count;

	if (!buffer->page)
		buffer->page = (char *)get_zeroed_page(GFP_KERNEL);
	if (!buffer->page)
		return -ENOMEM;

	count = buffer->item->show(buffer->item, buffer->page);
	if (count < 0)
		return count;
	if (WARN_ON(count > (ssize_t)PAGE_SIZE))
		return -EIO;
	buffer->needs_read_fill = false;
	buffer->count = count;
	return 0;
}

static ssize_t attr_read_file(struct file *file, char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	struct attr_buffer *buffer = file->private_data;
	ssize_t ret = 0;

	mutex_lock(&buffer->lock);
	if (buffer->needs_read_fill)
		ret = attr_fill_read_buffer(buffer);
	if (!ret)
		ret = simple_read_from_buffer(ubuf, count, ppos, buffer->page, buffer->count);
	mutex_unlock(&buffer->lock);
	return ret;
}

static int attr_fill_write_buffer(struct attr_buffer *buffer, const char __user *ubuf,
				  size_t count)
{
	if (!buffer->page)
		buffer->page = (char *)__get_free_pages(GFP_KERNEL, 0);
	if (!buffer->page)
		return -ENOMEM;

	if (count >= PAGE_SIZE)
		count = PAGE_SIZE - 1;
	if (copy_from_user(buffer->page, ubuf, count))
		return -EFAULT;
	buffer->page[count] = '\0';
	return count;
}

static ssize_t attr_write_file(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	struct attr_buffer *buffer = file->private_data;
	ssize_t len;

	mutex_lock(&buffer->lock);
	len = attr_fill_write_buffer(buffer, ubuf, count);
	if (len > 0)
		len = buffer->item->store(buffer->item, buffer->page, len);
	if (len > 0)
		*ppos += len;
	if (len < 0) {
		free_page((unsigned long)buffer->page);
		buffer->page = NULL;
	}
	mutex_unlock(&buffer->lock);
	return len;
}

static int attr_open(struct inode *inode, struct file *file)
{
	struct attr_buffer *buffer = kzalloc(sizeof(*buffer), GFP_KERNEL);

	if (!buffer)
		return -ENOMEM;
	buffer->item = inode->i_private;
	buffer->needs_read_fill = true;
	file->private_data = buffer;
	return 0;
}

static int attr_release(struct inode *inode, struct file *file)
{
	struct attr_buffer *buffer = file->private_data;

	if (buffer->page)
		free_page((unsigned long)buffer->page);
	kfree(buffer);
	return 0;
}

const struct file_operations attr_file_operations = {
	.read		= attr_read_file,
	.write		= attr_write_file,
	.open		= attr_open,
	.release	= attr_release,
	.llseek		= default_llseek,
};

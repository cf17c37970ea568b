// SPDX-License-Identifier: GPL-2.0-only
/*
 * Legacy command device: user space writes one command line, reads back the reply.
 *
 * What the rules must say about each function:
 *   cmdparse_format()      kmalloc-as-page: review, "bug:" — free_page() of a kmalloc()
 *                          scratch buffer
 *   cmdparse_write()       kmalloc-as-page: review, "bug:" — kfree() of the __get_free_page()
 *                          line buffer (pagealloc-kmalloc reports the allocation itself)
 *   cmdparse_small_get()   nothing — kmalloc() of a small line buffer
 *   cmdparse_echo()        nothing from kmalloc-as-page — a page or a buffer from
 *                          cmdparse_small_get(), each freed with its own call: the rule does not
 *                          follow the helper, so it cannot tell which value reaches kfree()
 *                          (pagealloc-kmalloc reviews the page's free)
 *   cmdparse_reply_alloc() nothing from kmalloc-as-page — whole pages or a kmalloc() buffer
 *                          (pagealloc-kmalloc: keep, the order is computed at run time)
 *   cmdparse_reply_free()  nothing from kmalloc-as-page — each size freed with its own call
 *   cmdparse_table_init()  nothing from kmalloc-as-page — a reserved page-allocator table
 *                          (pagealloc-kmalloc: keep, virt_to_page())
 *   cmdparse_table_exit()  nothing from kmalloc-as-page — free_page() of that table
 */
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define CMDPARSE_REPLY_MAX	(4 * PAGE_SIZE)
#define CMDPARSE_SMALL		128

static unsigned long cmdparse_table;	/* one page of opcodes, shared with firmware */
static char *cmdparse_reply;
static size_t cmdparse_reply_len;

static int cmdparse_run(const char *line, char *out, size_t outlen);

static int cmdparse_format(const char *line)
{
	char *scratch;
	int ret;

	scratch = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!scratch)
		return -ENOMEM;
	ret = cmdparse_run(line, scratch, PAGE_SIZE);
	if (ret >= 0)
		pr_info("cmdparse: %s\n", scratch);
	free_page((unsigned long)scratch);
	return ret;
}

static ssize_t cmdparse_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	char *page;
	ssize_t ret;

	if (count >= PAGE_SIZE)
		return -E2BIG;
	page = (char *)__get_free_page(GFP_KERNEL);
	if (!page)
		return -ENOMEM;
	if (copy_from_user(page, ubuf, count)) {
		ret = -EFAULT;
		goto out;
	}
	page[count] = '\0';
	ret = cmdparse_format(strim(page));
	if (!ret)
		ret = count;
out:
	kfree(page);
	return ret;
}

static char *cmdparse_small_get(void)
{
	return kmalloc(CMDPARSE_SMALL, GFP_KERNEL);
}

static int cmdparse_echo(const char *line)
{
	size_t len = strlen(line);
	bool big = len >= CMDPARSE_SMALL;
	char *buf;

	if (len >= PAGE_SIZE)
		return -E2BIG;
	if (big)
		buf = (char *)__get_free_page(GFP_KERNEL);
	else
		buf = cmdparse_small_get();
	if (!buf)
		return -ENOMEM;
	memcpy(buf, line, len + 1);
	pr_info("cmdparse: echo %s\n", buf);
	if (big)
		free_page((unsigned long)buf);
	else
		kfree(buf);
	return 0;
}

static int cmdparse_reply_alloc(size_t len)
{
	char *buf;

	if (len > CMDPARSE_REPLY_MAX)
		return -E2BIG;
	if (len > PAGE_SIZE)
		buf = (char *)__get_free_pages(GFP_KERNEL, get_order(len));
	else
		buf = kmalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	cmdparse_reply = buf;
	cmdparse_reply_len = len;
	return 0;
}

static void cmdparse_reply_free(void)
{
	char *buf = cmdparse_reply;

	if (cmdparse_reply_len > PAGE_SIZE)
		free_pages((unsigned long)buf, get_order(cmdparse_reply_len));
	else
		kfree(buf);
	cmdparse_reply = NULL;
	cmdparse_reply_len = 0;
}

static int cmdparse_table_init(void)
{
	cmdparse_table = get_zeroed_page(GFP_KERNEL);
	if (!cmdparse_table)
		return -ENOMEM;
	/* The firmware reads the table through its struct page. */
	SetPageReserved(virt_to_page((void *)cmdparse_table));
	return 0;
}

static void cmdparse_table_exit(void)
{
	ClearPageReserved(virt_to_page((void *)cmdparse_table));
	free_page(cmdparse_table);
	cmdparse_table = 0;
}

static int cmdparse_run(const char *line, char *out, size_t outlen)
{
	if (!strcmp(line, "reset"))
		return scnprintf(out, outlen, "reset done");
	if (!strncmp(line, "echo ", 5))
		return cmdparse_echo(line + 5);
	if (!strncmp(line, "reply ", 6)) {
		unsigned long len;
		int ret = kstrtoul(line + 6, 0, &len);

		if (ret)
			return ret;
		if (cmdparse_reply)
			cmdparse_reply_free();
		return cmdparse_reply_alloc(len);
	}
	return -EINVAL;
}

static const struct file_operations cmdparse_fops = {
	.owner	= THIS_MODULE,
	.write	= cmdparse_write,
};

static struct miscdevice cmdparse_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "cmdparse",
	.fops	= &cmdparse_fops,
};

static int __init cmdparse_init(void)
{
	int ret = cmdparse_table_init();

	if (ret)
		return ret;
	ret = misc_register(&cmdparse_misc);
	if (ret)
		cmdparse_table_exit();
	return ret;
}

static void __exit cmdparse_exit(void)
{
	misc_deregister(&cmdparse_misc);
	if (cmdparse_reply)
		cmdparse_reply_free();
	cmdparse_table_exit();
}

module_init(cmdparse_init);
module_exit(cmdparse_exit);
MODULE_DESCRIPTION("Legacy command parser device");
MODULE_LICENSE("GPL");

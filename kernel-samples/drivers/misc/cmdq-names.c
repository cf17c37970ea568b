// SPDX-License-Identifier: GPL-2.0-only
/*
 * Command queue names: ->write() handlers whose copy failure path jumps to the function's
 * common exit, which frees more than the copied buffer, and handlers defined by macros.
 *
 * What the rules must say about each function:
 *   cmdq_name_write()    memdup-user-nul: replace — the copy failure jumps to 'out', which
 *                        also frees name and alias: both are still NULL there (kfree(NULL)
 *                        does nothing), so 'out' frees only the buffer and returns the error
 *   cmdq_alias_write()   memdup-user-nul: replace — the same with the copy failure the only
 *                        goto to 'out': the label goes too
 *   cmdq_key_write()     memdup-user: replace — memdup_user(), the same exit with -EFAULT
 *   cmdq_path_write()    memdup-user-nul: review — name may be set before the copy
 *   cmdq_loop_write()    memdup-user-nul: review — name is set after the copy, in a loop that
 *                        comes back to it
 *   cmdq_hold_write()    memdup-user-nul: review — name is static: not NULL on a later call
 *   CMDQ_KNOB_WRITE      memdup-user-nul: replace, named after the macro whose body it is in
 *                        (spatch calls it 'something_else')
 *   CMDQ_SCRATCH_SHOW    pagealloc-kmalloc: named after the macro too
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

struct cmdq_names {
	char *name;
	char *alias;
	u8 key[16];
	int level;
};

static struct cmdq_names names;

int cmdq_check_name(const char *name);
int cmdq_set_level(int level);

/* The new value *p for an old one, which *p holds after the call. */
static char *xchg_name(char *old, char **p)
{
	char *new = *p;

	*p = old;
	return new;
}

static ssize_t cmdq_name_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	char *buf, *name = NULL, *alias = NULL;
	ssize_t ret;

	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, count)) {
		ret = -EFAULT;
		goto out;
	}
	buf[count] = '\0';

	name = kstrdup(strim(buf), GFP_KERNEL);
	alias = kstrdup(name, GFP_KERNEL);
	if (!name || !alias) {
		ret = -ENOMEM;
		goto out;
	}
	ret = cmdq_check_name(name);
	if (ret)
		goto out;
	names.name = xchg_name(names.name, &name);
	names.alias = xchg_name(names.alias, &alias);
	ret = count;
out:
	kfree(alias);
	kfree(name);
	kfree(buf);
	return ret;
}

static ssize_t cmdq_alias_write(struct file *file, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	char *alias = NULL;
	char *buf;
	ssize_t ret;

	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, count)) {
		ret = -EFAULT;
		goto out;
	}
	buf[count] = '\0';

	alias = kstrdup(strim(buf), GFP_KERNEL);
	names.alias = xchg_name(names.alias, &alias);
	ret = names.alias ? count : -ENOMEM;
out:
	kfree(alias);
	kfree(buf);
	return ret;
}

static ssize_t cmdq_key_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	u8 *old = NULL;
	u8 *key;
	int ret;

	if (count != sizeof(names.key))
		return -EINVAL;
	key = kmalloc(count, GFP_KERNEL);
	if (!key)
		return -ENOMEM;
	if (copy_from_user(key, ubuf, count)) {
		ret = -EFAULT;
		goto out;
	}
	old = kmemdup(names.key, sizeof(names.key), GFP_KERNEL);
	if (!old) {
		ret = -ENOMEM;
		goto out;
	}
	memcpy(names.key, key, count);
	ret = count;
out:
	kfree(old);
	kfree(key);
	return ret;
}

static ssize_t cmdq_path_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	char *buf, *name = NULL;
	ssize_t ret;

	if (names.name)
		name = kstrdup(names.name, GFP_KERNEL);
	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, count)) {
		ret = -EFAULT;
		goto out;
	}
	buf[count] = '\0';
	ret = name && !strcmp(name, buf) ? count : -EINVAL;
out:
	kfree(name);
	kfree(buf);
	return ret;
}

static ssize_t cmdq_loop_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	char *buf, *name = NULL;
	ssize_t ret = 0;
	int i;

	for (i = 0; i < 2; i++) {
		buf = kmalloc(count + 1, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		if (copy_from_user(buf, ubuf, count)) {
			ret = -EFAULT;
			goto out;
		}
		buf[count] = '\0';
		kfree(name);
		name = buf;
	}
	ret = cmdq_check_name(name);
out:
	kfree(name);
	kfree(buf);
	return ret;
}

static ssize_t cmdq_hold_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	static char *name = NULL;
	char *buf;
	ssize_t ret;

	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, count)) {
		ret = -EFAULT;
		goto out;
	}
	buf[count] = '\0';
	ret = cmdq_check_name(buf);
	if (!ret) {
		name = xchg_name(name, &buf);
		ret = count;
	}
out:
	kfree(name);
	kfree(buf);
	return ret;
}

/* One ->write() per tunable level: the handler is the body of a macro. */
#define CMDQ_KNOB_WRITE(knob)							\
static ssize_t cmdq_##knob##_write(struct file *file, const char __user *ubuf,	\
				   size_t count, loff_t *ppos)			\
{										\
	char *buf;								\
	int ret, val;								\
										\
	buf = kmalloc(count + 1, GFP_KERNEL);					\
	if (!buf)								\
		return -ENOMEM;							\
	if (copy_from_user(buf, ubuf, count)) {					\
		kfree(buf);							\
		return -EFAULT;							\
	}									\
	buf[count] = '\0';							\
	ret = kstrtoint(buf, 0, &val);						\
	kfree(buf);								\
	return ret ? ret : cmdq_set_level(val) ?: count;			\
}

CMDQ_KNOB_WRITE(low)
CMDQ_KNOB_WRITE(high)

/* A ->read() per table, through one page of scratch space: the body of a macro too. */
#define CMDQ_SCRATCH_SHOW(table)						\
static ssize_t cmdq_##table##_read(struct file *file, char __user *ubuf,	\
				   size_t count, loff_t *ppos)			\
{										\
	char *page;								\
	ssize_t len;								\
										\
	page = (char *)__get_free_page(GFP_KERNEL);				\
	if (!page)								\
		return -ENOMEM;							\
	len = scnprintf(page, PAGE_SIZE, "%s\n", names.table);			\
	len = simple_read_from_buffer(ubuf, count, ppos, page, len);		\
	free_page((unsigned long)page);						\
	return len;								\
}

CMDQ_SCRATCH_SHOW(name)
CMDQ_SCRATCH_SHOW(alias)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugfs knobs: text attributes written by user space, in the styles found in the wild.
 *
 * What the rules must say about each function:
 *   knob_name_write()     memdup-user-nul: review — a failed copy gives -EINVAL, memdup_user_nul()
 *                         would return -EFAULT
 *   knob_script_write()   memdup-user-nul: review — the buffer is grown with krealloc() later
 *   knob_owner_write()    memdup-user-nul: review — the buffer is published in knob->pending
 *                         before the copy
 *   knob_short_write()    nothing — kzalloc(KNOB_LINE) but copies at most KNOB_LINE - 1 bytes:
 *                         not a size + 1 allocation
 *   knob_big_write()      memdup-user-nul: review — kvmalloc(count + 1): there is no
 *                         kvmalloc-backed memdup_user_nul()
 *   knob_args_write()     memdup-user-nul: replace — the terminator is written at a shrunk
 *                         length; memdup_user_nul() also sets args[count], which was never read
 *   knob_state_write()    memdup-user-nul: replace — the copy failure goes to a label that frees
 *                         the buffer and returns the error the allocation failure returns
 *   knob_nofs_write()     memdup-user-nul: review — GFP_NOFS
 *   knob_reset_write()    nothing — simple_write_to_buffer() into a stack buffer
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define KNOB_LINE	64

struct knob {
	char *name;
	char *script;
	size_t script_len;
	char *pending;
	char *args;
	char state[16];
	int value;
};

int knob_apply(struct knob *knob, const char *text);

static ssize_t knob_name_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	struct knob *knob = file->private_data;
	char *name;

	name = kmalloc(count + 1, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	if (copy_from_user(name, ubuf, count)) {
		kfree(name);
		return -EINVAL;
	}
	name[count] = '\0';

	kfree(knob->name);
	knob->name = name;
	return count;
}

static ssize_t knob_script_write(struct file *file, const char __user *ubuf, size_t count,
				 loff_t *ppos)
{
	struct knob *knob = file->private_data;
	char *script, *grown;

	script = kmalloc(count + 1, GFP_KERNEL);
	if (!script)
		return -ENOMEM;
	if (copy_from_user(script, ubuf, count)) {
		kfree(script);
		return -EFAULT;
	}
	script[count] = '\0';

	/* Keep room for the trailer that knob_apply() appends. */
	grown = krealloc(script, count + 1 + KNOB_LINE, GFP_KERNEL);
	if (!grown) {
		kfree(script);
		return -ENOMEM;
	}
	kfree(knob->script);
	knob->script = grown;
	knob->script_len = count;
	return count;
}

static ssize_t knob_owner_write(struct file *file, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	struct knob *knob = file->private_data;
	char *buf;
	int ret;

	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	knob->pending = buf;
	if (copy_from_user(buf, ubuf, count)) {
		knob->pending = NULL;
		kfree(buf);
		return -EFAULT;
	}
	buf[count] = '\0';

	ret = knob_apply(knob, buf);
	knob->pending = NULL;
	kfree(buf);
	return ret ? ret : count;
}

static ssize_t knob_short_write(struct file *file, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	struct knob *knob = file->private_data;
	size_t len = min_t(size_t, count, KNOB_LINE - 1);
	char *buf;
	int ret;

	buf = kzalloc(KNOB_LINE, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, len)) {
		kfree(buf);
		return -EFAULT;
	}

	ret = knob_apply(knob, buf);
	kfree(buf);
	return ret ? ret : count;
}

static ssize_t knob_big_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	struct knob *knob = file->private_data;
	char *buf;
	int ret;

	buf = kvmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, count)) {
		kvfree(buf);
		return -EFAULT;
	}
	buf[count] = '\0';

	ret = knob_apply(knob, buf);
	kvfree(buf);
	return ret ? ret : count;
}

static ssize_t knob_args_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	struct knob *knob = file->private_data;
	size_t len = count;
	char *args;

	args = kmalloc(count + 1, GFP_KERNEL);
	if (!args)
		return -ENOMEM;
	if (copy_from_user(args, ubuf, count)) {
		kfree(args);
		return -EFAULT;
	}
	if (len && args[len - 1] == '\n')
		len--;
	args[len] = '\0';

	kfree(knob->args);
	knob->args = args;
	return count;
}

static ssize_t knob_state_write(struct file *file, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	struct knob *knob = file->private_data;
	ssize_t ret;
	char *buf;

	if (count >= sizeof(knob->state))
		return -EINVAL;

	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	if (copy_from_user(buf, ubuf, count)) {
		ret = -EFAULT;
		goto out_free;
	}
	buf[count] = '\0';

	strscpy(knob->state, strim(buf), sizeof(knob->state));
	ret = count;
out_free:
	kfree(buf);
	return ret;
}

/* Called from the writeback path of the filesystem that owns the knob. */
static ssize_t knob_nofs_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	struct knob *knob = file->private_data;
	char *buf;
	int ret;

	buf = kmalloc(count + 1, GFP_NOFS);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, count)) {
		kfree(buf);
		return -EFAULT;
	}
	buf[count] = '\0';

	ret = knob_apply(knob, buf);
	kfree(buf);
	return ret ? ret : count;
}

static ssize_t knob_reset_write(struct file *file, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	struct knob *knob = file->private_data;
	char line[KNOB_LINE];
	ssize_t len;
	int value, ret;

	len = simple_write_to_buffer(line, sizeof(line) - 1, ppos, ubuf, count);
	if (len < 0)
		return len;
	line[len] = '\0';

	ret = kstrtoint(strim(line), 0, &value);
	if (ret)
		return ret;
	knob->value = value;
	return count;
}

const struct file_operations knob_name_fops = {
	.write = knob_name_write,
	.llseek = default_llseek,
};

const struct file_operations knob_script_fops = {
	.write = knob_script_write,
	.llseek = default_llseek,
};

const struct file_operations knob_owner_fops = {
	.write = knob_owner_write,
	.llseek = default_llseek,
};

const struct file_operations knob_short_fops = {
	.write = knob_short_write,
	.llseek = default_llseek,
};

const struct file_operations knob_big_fops = {
	.write = knob_big_write,
	.llseek = default_llseek,
};

const struct file_operations knob_args_fops = {
	.write = knob_args_write,
	.llseek = default_llseek,
};

const struct file_operations knob_state_fops = {
	.write = knob_state_write,
	.llseek = default_llseek,
};

const struct file_operations knob_nofs_fops = {
	.write = knob_nofs_write,
	.llseek = default_llseek,
};

const struct file_operations knob_reset_fops = {
	.write = knob_reset_write,
	.llseek = default_llseek,
};

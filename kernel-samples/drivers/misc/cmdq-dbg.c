// SPDX-License-Identifier: GPL-2.0-only
/*
 * Command queue debug device: ->write() handlers that take one line of text from user space.
 *
 * What the rules must say about each function:
 *   cmdq_cmd_write()     memdup-user-nul: replace — kmalloc(count + 1), copy_from_user(),
 *                        buf[count] = '\0'
 *   cmdq_mode_write()    memdup-user-nul: replace — kzalloc(count + 1) and a copy: the zeroing
 *                        already terminates the string
 *   cmdq_label_write()   memdup-user-nul: replace — goto cleanup: the copy failure jumps to a label
 *                        that frees the buffer and falls through to the unlock label that the
 *                        allocation failure jumps to
 *   cmdq_irq_write()     memdup-user-nul: review — GFP_ATOMIC, memdup_user_nul() sleeps
 *   cmdq_tag_write()     memdup-user-nul: review — both failure paths jump to 'out', which
 *                        kfree()s the buffer: after the conversion it would get an ERR_PTR
 *   cmdq_prio_write()    memdup-user-nul: replace — declared and allocated in one line, NUL
 *                        stored before the copy
 *   cmdq_reset_write()   nothing — already uses memdup_user_nul()
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define CMDQ_MAX_LINE	256

struct cmdq_dev {
	struct mutex lock;
	char label[32];
	int mode;
	int prio;
	unsigned long tag;
};

static struct cmdq_dev cmdq;

int cmdq_submit(struct cmdq_dev *dev, const char *cmd);

static ssize_t cmdq_cmd_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	char *buf;
	int ret;

	if (count > CMDQ_MAX_LINE)
		return -E2BIG;

	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;

	if (copy_from_user(buf, ubuf, count)) {
		kfree(buf);
		return -EFAULT;
	}
	buf[count] = '\0';

	ret = cmdq_submit(&cmdq, strim(buf));
	kfree(buf);
	return ret ? ret : count;
}

static ssize_t cmdq_mode_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	char *kbuf;
	int mode, ret;

	kbuf = kzalloc(count + 1, GFP_KERNEL);
	if (kbuf == NULL)
		return -ENOMEM;
	if (copy_from_user(kbuf, ubuf, count) != 0) {
		kfree(kbuf);
		return -EFAULT;
	}

	ret = kstrtoint(kbuf, 0, &mode);
	kfree(kbuf);
	if (ret)
		return ret;
	cmdq.mode = mode;
	return count;
}

static ssize_t cmdq_label_write(struct file *file, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	char *label;
	ssize_t ret;

	mutex_lock(&cmdq.lock);
	label = kmalloc(count + 1, GFP_KERNEL);
	if (!label) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	if (copy_from_user(label, ubuf, count)) {
		ret = -EFAULT;
		goto out_free;
	}
	label[count] = 0;

	if (strscpy(cmdq.label, strim(label), sizeof(cmdq.label)) >= sizeof(cmdq.label)) {
		ret = -ENAMETOOLONG;
		goto out_free;
	}
	ret = count;
out_free:
	kfree(label);
out_unlock:
	mutex_unlock(&cmdq.lock);
	return ret;
}

/* Called with the queue's spinlock held by the fast path: hence GFP_ATOMIC. */
static ssize_t cmdq_irq_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	char *buf;
	int ret;

	buf = kmalloc(count + 1, GFP_ATOMIC);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, count)) {
		kfree(buf);
		return -EFAULT;
	}
	buf[count] = '\0';

	ret = cmdq_submit(&cmdq, buf);
	kfree(buf);
	return ret ? ret : count;
}

static ssize_t cmdq_tag_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	unsigned long tag;
	char *buf;
	int ret;

	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf) {
		ret = -ENOMEM;
		goto out;
	}
	if (copy_from_user(buf, ubuf, count)) {
		ret = -EFAULT;
		goto out;
	}
	buf[count] = '\0';

	ret = kstrtoul(buf, 16, &tag);
	if (!ret) {
		cmdq.tag = tag;
		ret = count;
	}
out:
	kfree(buf);
	return ret;
}

static ssize_t cmdq_prio_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	char *buf = kmalloc(count + 1, GFP_KERNEL);
	int prio, ret;

	if (!buf)
		return -ENOMEM;
	buf[count] = '\0';
	if (copy_from_user(buf, ubuf, count)) {
		kfree(buf);
		return -EFAULT;
	}

	ret = kstrtoint(buf, 10, &prio);
	kfree(buf);
	if (ret)
		return ret;
	cmdq.prio = prio;
	return count;
}

static ssize_t cmdq_reset_write(struct file *file, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	char *buf;

	buf = memdup_user_nul(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	if (strcmp(strim(buf), "reset") == 0)
		cmdq.tag = 0;
	kfree(buf);
	return count;
}

static const struct file_operations cmdq_cmd_fops = {
	.owner = THIS_MODULE,
	.write = cmdq_cmd_write,
};

static const struct file_operations cmdq_ctl_fops = {
	.owner = THIS_MODULE,
	.write = cmdq_mode_write,
};

static const struct file_operations cmdq_label_fops = {
	.owner = THIS_MODULE,
	.write = cmdq_label_write,
};

static const struct file_operations cmdq_irq_fops = {
	.owner = THIS_MODULE,
	.write = cmdq_irq_write,
};

static const struct file_operations cmdq_tag_fops = {
	.owner = THIS_MODULE,
	.write = cmdq_tag_write,
};

static const struct file_operations cmdq_prio_fops = {
	.owner = THIS_MODULE,
	.write = cmdq_prio_write,
};

static const struct file_operations cmdq_reset_fops = {
	.owner = THIS_MODULE,
	.write = cmdq_reset_write,
};

static struct miscdevice cmdq_misc[] = {
	{ .minor = MISC_DYNAMIC_MINOR, .name = "cmdq", .fops = &cmdq_cmd_fops },
	{ .minor = MISC_DYNAMIC_MINOR, .name = "cmdq-mode", .fops = &cmdq_ctl_fops },
	{ .minor = MISC_DYNAMIC_MINOR, .name = "cmdq-label", .fops = &cmdq_label_fops },
	{ .minor = MISC_DYNAMIC_MINOR, .name = "cmdq-irq", .fops = &cmdq_irq_fops },
	{ .minor = MISC_DYNAMIC_MINOR, .name = "cmdq-tag", .fops = &cmdq_tag_fops },
	{ .minor = MISC_DYNAMIC_MINOR, .name = "cmdq-prio", .fops = &cmdq_prio_fops },
	{ .minor = MISC_DYNAMIC_MINOR, .name = "cmdq-reset", .fops = &cmdq_reset_fops },
};

static int __init cmdq_init(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(cmdq_misc); i++) {
		ret = misc_register(&cmdq_misc[i]);
		if (ret)
			goto unwind;
	}
	return 0;

unwind:
	while (i--)
		misc_deregister(&cmdq_misc[i]);
	return ret;
}

static void __exit cmdq_exit(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cmdq_misc); i++)
		misc_deregister(&cmdq_misc[i]);
}

module_init(cmdq_init);
module_exit(cmdq_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("Command queue debug device (whichalloc sample)");

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Run-time tunables: /proc write handlers and a key loader, each taking a line of text.
 *
 * What the rules must say about each function:
 *   tun_copy_line()       memdup-user-nul: replace — GFP_USER and ERR_PTR() returns: GFP_USER
 *                         only adds __GFP_HARDWALL to memdup_user_nul()'s GFP_KERNEL
 *   tun_policy_write()    memdup-user-nul: review — __GFP_NOWARN, which memdup_user_nul()
 *                         does not pass: a huge count would warn
 *   tun_rate_write()      memdup-user-nul: replace — unlikely() around both tests
 *   tun_quiet_write()     memdup-user-nul: review — allocation failure returns count, not
 *                         -ENOMEM
 *   tun_key_write()       memdup-user-nul: review — the copy failure path frees the key
 *                         material with kfree_sensitive()
 *   tun_trace_write()     memdup-user-nul: review — two statements run between the
 *                         allocation and the copy
 *   tun_limit_write()     memdup-user: replace — kmalloc(count) and a copy of count bytes
 *                         terminated at count - 1: memdup_user(), the terminator stays
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define TUN_MAX_LINE	128

struct tun_state {
	char *policy;
	unsigned long rate;
	unsigned long limit;
	int quiet;
	u8 key[32];
	unsigned long traced;
};

static struct tun_state tun;

int tun_set_key(const char *hex, u8 *key, size_t len);

static char *tun_copy_line(const char __user *ubuf, size_t count)
{
	char *line;

	if (count > TUN_MAX_LINE)
		return ERR_PTR(-E2BIG);

	line = kmalloc(count + 1, GFP_USER);
	if (!line)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(line, ubuf, count)) {
		kfree(line);
		return ERR_PTR(-EFAULT);
	}
	line[count] = '\0';
	return line;
}

static ssize_t tun_policy_write(struct file *file, const char __user *ubuf, size_t count,
				loff_t *ppos)
{
	char *policy;

	policy = kzalloc(count + 1, GFP_KERNEL | __GFP_NOWARN);
	if (!policy)
		return -ENOMEM;
	if (copy_from_user(policy, ubuf, count)) {
		kfree(policy);
		return -EFAULT;
	}

	kfree(tun.policy);
	tun.policy = strim(policy);
	return count;
}

static ssize_t tun_rate_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	unsigned long rate;
	char *buf;
	int ret;

	buf = kmalloc(count + 1, GFP_KERNEL);
	if (unlikely(!buf))
		return -ENOMEM;
	if (unlikely(copy_from_user(buf, ubuf, count))) {
		kfree(buf);
		return -EFAULT;
	}
	buf[count] = '\0';

	ret = kstrtoul(buf, 0, &rate);
	kfree(buf);
	if (ret)
		return ret;
	tun.rate = rate;
	return count;
}

/* Writes are best effort: a failed allocation silently drops the request. */
static ssize_t tun_quiet_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	char *buf;
	int quiet;

	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return count;
	if (copy_from_user(buf, ubuf, count)) {
		kfree(buf);
		return count;
	}
	buf[count] = '\0';

	if (!kstrtoint(buf, 0, &quiet))
		tun.quiet = quiet;
	kfree(buf);
	return count;
}

static ssize_t tun_key_write(struct file *file, const char __user *ubuf, size_t count,
			     loff_t *ppos)
{
	char *hex;
	int ret;

	hex = kmalloc(count + 1, GFP_KERNEL);
	if (!hex)
		return -ENOMEM;
	if (copy_from_user(hex, ubuf, count)) {
		kfree_sensitive(hex);
		return -EFAULT;
	}
	hex[count] = '\0';

	ret = tun_set_key(strim(hex), tun.key, sizeof(tun.key));
	kfree_sensitive(hex);
	return ret ? ret : count;
}

static ssize_t tun_trace_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	unsigned long val;
	char *buf;
	int ret;

	buf = kmalloc(count + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	tun.traced++;
	pr_info("tunables: trace write of %zu bytes\n", count);
	if (copy_from_user(buf, ubuf, count)) {
		kfree(buf);
		return -EFAULT;
	}
	buf[count] = '\0';

	ret = kstrtoul(buf, 0, &val);
	kfree(buf);
	return ret ? ret : count;
}

static ssize_t tun_limit_write(struct file *file, const char __user *ubuf, size_t count,
			       loff_t *ppos)
{
	unsigned long limit;
	char *buf;
	int ret;

	if (!count)
		return -EINVAL;

	buf = kmalloc(count, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	if (copy_from_user(buf, ubuf, count)) {
		kfree(buf);
		return -EFAULT;
	}
	buf[count - 1] = '\0';

	ret = kstrtoul(buf, 0, &limit);
	kfree(buf);
	if (ret)
		return ret;
	tun.limit = limit;
	return count;
}

static ssize_t tun_line_write(struct file *file, const char __user *ubuf, size_t count,
			      loff_t *ppos)
{
	char *line = tun_copy_line(ubuf, count);

	if (IS_ERR(line))
		return PTR_ERR(line);
	pr_info("tunables: %s\n", strim(line));
	kfree(line);
	return count;
}

const struct proc_ops tun_line_ops = { .proc_write = tun_line_write };
const struct proc_ops tun_policy_ops = { .proc_write = tun_policy_write };
const struct proc_ops tun_rate_ops = { .proc_write = tun_rate_write };
const struct proc_ops tun_quiet_ops = { .proc_write = tun_quiet_write };
const struct proc_ops tun_key_ops = { .proc_write = tun_key_write };
const struct proc_ops tun_trace_ops = { .proc_write = tun_trace_write };
const struct proc_ops tun_limit_ops = { .proc_write = tun_limit_write };

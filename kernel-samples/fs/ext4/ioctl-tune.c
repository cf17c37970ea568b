// SPDX-License-Identifier: GPL-2.0-only
/*
 * Tuning ioctls of an ext4-like filesystem: each takes a structure or an array from user space.
 *
 * What the rules must say about each function:
 *   ext4s_ioc_set_tune()     memdup-user: replace — both failure paths unlock through one label,
 *                            the copy failure frees first
 *   ext4s_ioc_swap_ranges()  memdup-user: review — kvmalloc(GFP_KERNEL | __GFP_NOWARN):
 *                            vmemdup_user() would warn on huge user sizes
 *   ext4s_ioc_map_keys()     memdup-user: review — a kvmalloc() buffer freed with kfree()
 *   ext4s_ioc_set_seed()     memdup-user: review — the copy failure path also logs a warning
 *   ext4s_ioc_move_extents() memdup-user: review — the error code is set before the allocation
 *   ext4s_ioc_set_range()    memdup-user: replace — declared and allocated in one line
 *   ext4s_ioc_exchange()     memdup-user: replace twice — the second failure paths free the
 *                            first buffer
 *   ext4s_ioc_get_policy()   nothing — copies into a structure on the stack
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#define EXT4S_MAX_RANGES	1024

struct ext4s_tune {
	u32 commit_interval;
	u32 max_batch;
	u32 flags;
};

struct ext4s_range {
	u64 start;
	u64 len;
};

struct ext4s_policy {
	u8 version;
	u8 mode;
	u8 flags;
	u8 key[16];
};

struct ext4s_sb_info {
	struct mutex s_tune_lock;
	struct ext4s_tune s_tune;
	u32 s_csum_seed;
	struct ext4s_policy s_policy;
};

static struct ext4s_sb_info *EXT4S_SB(struct super_block *sb)
{
	return sb->s_fs_info;
}

int ext4s_swap_ranges(struct super_block *sb, const struct ext4s_range *r, unsigned int nr);
int ext4s_map_keys(struct super_block *sb, const u64 *keys, unsigned int nr);
int ext4s_move_extents(struct super_block *sb, const struct ext4s_range *r, unsigned int nr);
int ext4s_set_range(struct super_block *sb, const struct ext4s_range *r);
int ext4s_exchange(struct super_block *sb, const struct ext4s_range *a,
		   const struct ext4s_range *b, unsigned int nr);

static long ext4s_ioc_set_tune(struct super_block *sb, const void __user *arg)
{
	struct ext4s_sb_info *sbi = EXT4S_SB(sb);
	struct ext4s_tune *tune;
	long err;

	mutex_lock(&sbi->s_tune_lock);
	tune = kzalloc(sizeof(*tune), GFP_KERNEL);
	if (!tune) {
		err = -ENOMEM;
		goto out_unlock;
	}
	if (copy_from_user(tune, arg, sizeof(*tune))) {
		kfree(tune);
		err = -EFAULT;
		goto out_unlock;
	}

	err = -EINVAL;
	if (tune->commit_interval <= 300 && tune->max_batch) {
		sbi->s_tune = *tune;
		err = 0;
	}
	kfree(tune);
out_unlock:
	mutex_unlock(&sbi->s_tune_lock);
	return err;
}

static long ext4s_ioc_swap_ranges(struct super_block *sb, const void __user *arg,
				  unsigned int nr)
{
	struct ext4s_range *ranges;
	size_t size;
	long err;

	if (nr > EXT4S_MAX_RANGES)
		return -E2BIG;
	size = nr * sizeof(*ranges);

	ranges = kvmalloc(size, GFP_KERNEL | __GFP_NOWARN);
	if (!ranges)
		return -ENOMEM;
	if (copy_from_user(ranges, arg, size)) {
		kvfree(ranges);
		return -EFAULT;
	}

	err = ext4s_swap_ranges(sb, ranges, nr);
	kvfree(ranges);
	return err;
}

static long ext4s_ioc_map_keys(struct super_block *sb, const void __user *arg, unsigned int nr)
{
	size_t size = nr * sizeof(u64);
	u64 *keys;
	long err;

	keys = kvmalloc(size, GFP_KERNEL);
	if (!keys)
		return -ENOMEM;
	if (copy_from_user(keys, arg, size)) {
		kfree(keys);
		return -EFAULT;
	}

	err = ext4s_map_keys(sb, keys, nr);
	kvfree(keys);
	return err;
}

static long ext4s_ioc_set_seed(struct super_block *sb, const void __user *arg)
{
	struct ext4s_sb_info *sbi = EXT4S_SB(sb);
	u32 *seed;

	seed = kmalloc(sizeof(*seed), GFP_KERNEL);
	if (!seed)
		return -ENOMEM;
	if (copy_from_user(seed, arg, sizeof(*seed))) {
		pr_warn("ext4s: bad checksum seed pointer\n");
		kfree(seed);
		return -EFAULT;
	}

	sbi->s_csum_seed = *seed;
	kfree(seed);
	return 0;
}

static long ext4s_ioc_move_extents(struct super_block *sb, const void __user *arg,
				   unsigned int nr)
{
	struct ext4s_range *ranges;
	size_t size = nr * sizeof(*ranges);
	long err;

	err = -ENOMEM;
	ranges = kmalloc(size, GFP_KERNEL);
	if (!ranges)
		goto out;
	if (copy_from_user(ranges, arg, size)) {
		err = -EFAULT;
		goto out_free;
	}

	err = ext4s_move_extents(sb, ranges, nr);
out_free:
	kfree(ranges);
out:
	return err;
}

static long ext4s_ioc_set_range(struct super_block *sb, const void __user *arg)
{
	struct ext4s_range *range = kmalloc(sizeof(*range), GFP_KERNEL);
	long err;

	if (!range)
		return -ENOMEM;
	if (copy_from_user(range, arg, sizeof(*range))) {
		kfree(range);
		return -EFAULT;
	}

	err = ext4s_set_range(sb, range);
	kfree(range);
	return err;
}

static long ext4s_ioc_exchange(struct super_block *sb, const void __user *ua,
			       const void __user *ub, unsigned int nr)
{
	struct ext4s_range *a, *b;
	size_t size;
	long err;

	if (nr > EXT4S_MAX_RANGES)
		return -E2BIG;
	size = nr * sizeof(*a);

	a = kmalloc(size, GFP_KERNEL);
	if (!a)
		return -ENOMEM;
	if (copy_from_user(a, ua, size)) {
		kfree(a);
		return -EFAULT;
	}
	b = kmalloc(size, GFP_KERNEL);
	if (!b) {
		kfree(a);
		return -ENOMEM;
	}
	if (copy_from_user(b, ub, size)) {
		kfree(b);
		kfree(a);
		return -EFAULT;
	}

	err = ext4s_exchange(sb, a, b, nr);
	kfree(b);
	kfree(a);
	return err;
}

static long ext4s_ioc_get_policy(struct super_block *sb, void __user *arg)
{
	struct ext4s_sb_info *sbi = EXT4S_SB(sb);
	struct ext4s_policy policy;

	if (copy_from_user(&policy, arg, sizeof(policy)))
		return -EFAULT;
	if (policy.version != sbi->s_policy.version)
		return -EINVAL;
	if (copy_to_user(arg, &sbi->s_policy, sizeof(sbi->s_policy)))
		return -EFAULT;
	return 0;
}

#define EXT4S_IOC_SET_TUNE	1
#define EXT4S_IOC_SWAP_RANGES	2
#define EXT4S_IOC_MAP_KEYS	3
#define EXT4S_IOC_SET_SEED	4
#define EXT4S_IOC_MOVE_EXT	5
#define EXT4S_IOC_SET_RANGE	6
#define EXT4S_IOC_EXCHANGE	7
#define EXT4S_IOC_GET_POLICY	8

struct ext4s_ioc_args {
	void __user *ptr;
	void __user *ptr2;
	u32 nr;
};

long ext4s_ioctl(struct file *filp, unsigned int cmd, unsigned long arg)
{
	struct super_block *sb = file_inode(filp)->i_sb;
	struct ext4s_ioc_args args;

	if (copy_from_user(&args, (void __user *)arg, sizeof(args)))
		return -EFAULT;

	switch (cmd) {
	case EXT4S_IOC_SET_TUNE:
		return ext4s_ioc_set_tune(sb, args.ptr);
	case EXT4S_IOC_SWAP_RANGES:
		return ext4s_ioc_swap_ranges(sb, args.ptr, args.nr);
	case EXT4S_IOC_MAP_KEYS:
		return ext4s_ioc_map_keys(sb, args.ptr, args.nr);
	case EXT4S_IOC_SET_SEED:
		return ext4s_ioc_set_seed(sb, args.ptr);
	case EXT4S_IOC_MOVE_EXT:
		return ext4s_ioc_move_extents(sb, args.ptr, args.nr);
	case EXT4S_IOC_SET_RANGE:
		return ext4s_ioc_set_range(sb, args.ptr);
	case EXT4S_IOC_EXCHANGE:
		return ext4s_ioc_exchange(sb, args.ptr, args.ptr2, args.nr);
	case EXT4S_IOC_GET_POLICY:
		return ext4s_ioc_get_policy(sb, args.ptr);
	default:
		return -EINVAL;
	}
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Event filters: a small syscall-style interface that takes rules, programs and keys from user
 * space.
 *
 * What the rules must say about each function:
 *   evfilter_set_rule()    memdup-user: replace — kmalloc(sizeof(*rule)) + copy_from_user() +
 *                          kfree() is memdup_user()
 *   evfilter_load_prog()   memdup-user: replace — kvmalloc() + copy_from_user() + kvfree() is
 *                          vmemdup_user()
 *   evfilter_copy_keys()   memdup-user: replace — kvzalloc(GFP_USER), ERR_PTR() returns:
 *                          vmemdup_user() and ERR_CAST()
 *   evfilter_set_mask()    memdup-user: review — GFP_KERNEL_ACCOUNT: memdup_user() would stop
 *                          charging the memory cgroup
 *   evfilter_attach()      memdup-user: review — the copy's result is kept in ret
 *   evfilter_set_desc()    memdup-user: review — the buffer is a struct field, not a local
 *   evfilter_read_hdr()    nothing — copies only the header of a larger allocation
 *   evfilter_set_ids()     memdup-user: replace — unlikely() around the check and the copy,
 *                          copy failure jumps to a label that frees and unlocks
 *   evfilter_set_name()    memdup-user-nul: replace — kzalloc(len + 1) + copy of len bytes
 */
#include <linux/err.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#define EVF_MAX_INSNS	4096
#define EVF_MAX_KEYS	256
#define EVF_MAX_IDS	64

struct evf_rule {
	u32 event;
	u32 action;
	u64 mask;
};

struct evf_insn {
	u16 code;
	u16 arg;
	u32 imm;
};

struct evf_hdr {
	u32 magic;
	u32 len;
};

struct evfilter {
	struct mutex lock;
	struct evf_rule *rule;
	struct evf_insn *prog;
	unsigned int prog_len;
	u64 *mask;
	char *desc;
	char *name;
	u32 ids[EVF_MAX_IDS];
	unsigned int nr_ids;
	int attached;
};

int evf_check_rule(const struct evf_rule *rule);
int evf_check_prog(const struct evf_insn *insns, unsigned int len);
int evf_attach_prog(struct evfilter *evf, const struct evf_insn *insns, unsigned int len);

int evfilter_set_rule(struct evfilter *evf, const void __user *urule)
{
	struct evf_rule *rule;
	int ret;

	rule = kmalloc(sizeof(*rule), GFP_KERNEL);
	if (!rule)
		return -ENOMEM;
	if (copy_from_user(rule, urule, sizeof(*rule))) {
		kfree(rule);
		return -EFAULT;
	}

	ret = evf_check_rule(rule);
	if (ret) {
		kfree(rule);
		return ret;
	}
	kfree(evf->rule);
	evf->rule = rule;
	return 0;
}

int evfilter_load_prog(struct evfilter *evf, const void __user *uinsns, unsigned int len)
{
	struct evf_insn *insns;
	size_t size;
	int ret;

	if (!len || len > EVF_MAX_INSNS)
		return -EINVAL;
	size = len * sizeof(*insns);

	insns = kvmalloc(size, GFP_KERNEL);
	if (!insns)
		return -ENOMEM;
	if (copy_from_user(insns, uinsns, size)) {
		kvfree(insns);
		return -EFAULT;
	}

	ret = evf_check_prog(insns, len);
	if (ret) {
		kvfree(insns);
		return ret;
	}
	kvfree(evf->prog);
	evf->prog = insns;
	evf->prog_len = len;
	return 0;
}

static u64 *evfilter_copy_keys(const void __user *ukeys, unsigned int nr)
{
	size_t len = nr * sizeof(u64);
	u64 *keys;

	if (nr > EVF_MAX_KEYS)
		return ERR_PTR(-E2BIG);

	keys = kvzalloc(len, GFP_USER);
	if (!keys)
		return ERR_PTR(-ENOMEM);
	if (copy_from_user(keys, ukeys, len)) {
		kvfree(keys);
		return ERR_PTR(-EFAULT);
	}
	return keys;
}

int evfilter_set_keys(struct evfilter *evf, const void __user *ukeys, unsigned int nr)
{
	u64 *keys = evfilter_copy_keys(ukeys, nr);

	if (IS_ERR(keys))
		return PTR_ERR(keys);
	kvfree(evf->mask);
	evf->mask = keys;
	return 0;
}

/* The mask lives as long as the filter: charge it to the caller's memory cgroup. */
int evfilter_set_mask(struct evfilter *evf, const void __user *umask)
{
	u64 *mask;

	mask = kmalloc(sizeof(*mask), GFP_KERNEL_ACCOUNT);
	if (!mask)
		return -ENOMEM;
	if (copy_from_user(mask, umask, sizeof(*mask))) {
		kfree(mask);
		return -EFAULT;
	}
	kvfree(evf->mask);
	evf->mask = mask;
	return 0;
}

int evfilter_attach(struct evfilter *evf, const void __user *uinsns, unsigned int len)
{
	struct evf_insn *insns;
	size_t size = len * sizeof(*insns);
	int ret;

	insns = kmalloc(size, GFP_KERNEL);
	if (!insns)
		return -ENOMEM;
	ret = copy_from_user(insns, uinsns, size);
	if (ret) {
		kfree(insns);
		return -EFAULT;
	}

	ret = evf_attach_prog(evf, insns, len);
	kfree(insns);
	return ret;
}

int evfilter_set_desc(struct evfilter *evf, const void __user *udesc, size_t len)
{
	kfree(evf->desc);
	evf->desc = kmalloc(len, GFP_KERNEL);
	if (!evf->desc)
		return -ENOMEM;
	if (copy_from_user(evf->desc, udesc, len)) {
		kfree(evf->desc);
		evf->desc = NULL;
		return -EFAULT;
	}
	return 0;
}

int evfilter_read_hdr(struct evfilter *evf, const void __user *ubuf, size_t len)
{
	struct evf_hdr *hdr;
	int ret = 0;

	if (len < sizeof(*hdr))
		return -EINVAL;

	hdr = kmalloc(len, GFP_KERNEL);
	if (!hdr)
		return -ENOMEM;
	if (copy_from_user(hdr, ubuf, sizeof(*hdr))) {
		kfree(hdr);
		return -EFAULT;
	}
	if (hdr->len > len - sizeof(*hdr))
		ret = -EINVAL;
	kfree(hdr);
	return ret;
}

int evfilter_set_ids(struct evfilter *evf, const u32 __user *uids, unsigned int nr)
{
	size_t size = nr * sizeof(u32);
	unsigned int i;
	u32 *ids;
	int ret;

	if (nr > EVF_MAX_IDS)
		return -E2BIG;

	mutex_lock(&evf->lock);
	ids = kmalloc(size, GFP_KERNEL);
	if (unlikely(!ids)) {
		ret = -ENOMEM;
		goto out_unlock;
	}
	if (unlikely(copy_from_user(ids, uids, size))) {
		ret = -EFAULT;
		goto out_free;
	}

	for (i = 0; i < nr; i++) {
		if (!ids[i]) {
			ret = -EINVAL;
			goto out_free;
		}
		evf->ids[i] = ids[i];
	}
	evf->nr_ids = nr;
	ret = 0;
out_free:
	kfree(ids);
out_unlock:
	mutex_unlock(&evf->lock);
	return ret;
}

int evfilter_set_name(struct evfilter *evf, const char __user *uname, size_t len)
{
	char *name;

	if (len > NAME_MAX)
		return -ENAMETOOLONG;

	name = kzalloc(len + 1, GFP_KERNEL);
	if (!name)
		return -ENOMEM;
	if (copy_from_user(name, uname, len)) {
		kfree(name);
		return -EFAULT;
	}

	kfree(evf->name);
	evf->name = name;
	return 0;
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample firmware commands: a command block handed to firmware by its physical
 * address, through a helper of this file or through a wrapper of another file.
 *
 * What the rules must say:
 *   sample_fw_query()         pagealloc-kmalloc: keep — passed to sample_fw_post(),
 *                             which gives the firmware __pa() of it
 *   sample_fw_reset()         pagealloc-kmalloc: keep — passed to sample_hcall_reset(),
 *                             a hypercall wrapper of another file (sample-hcall.c) that
 *                             gives the hypervisor __pa() of it, as ehea_h_query_ehea()
 *                             does: the facts pass reads it
 *   sample_fw_dump()          pagealloc-kmalloc: replace — filled with snprintf() and
 *                             memcpy(), read by a helper of this file, freed by
 *                             another helper of this file with free_page(), which
 *                             becomes kfree()
 *   sample_fw_dump_all()      pagealloc-kmalloc: review — freed by sample_fw_drop(),
 *                             but sample_fw_reset_log() gives that helper a buffer that
 *                             stays a page: its free_page() cannot become kfree()
 *   sample_fw_reset_log()     pagealloc-kmalloc: keep — __pa() of it goes to firmware
 *   sample_fw_ring_init()     pagealloc-kmalloc: keep — the address of a member of the
 *                             page (&fw->ring->events) goes to sample_fw_post_pa(),
 *                             which writes its __pa() to the device
 */
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/string.h>

struct sample_fw_cmd {
	u32 op;
	u32 status;
	u8 data[64];
};

long sample_fw_call(unsigned long op, unsigned long paddr);
long sample_hcall_reset(struct sample_fw_cmd *cmd);

static long sample_fw_post(u32 op, struct sample_fw_cmd *cmd)
{
	cmd->op = op;
	return sample_fw_call(op, __pa(cmd));
}

int sample_fw_query(u32 *status)
{
	struct sample_fw_cmd *cmd = (void *)get_zeroed_page(GFP_KERNEL);
	long ret;

	if (!cmd)
		return -ENOMEM;
	ret = sample_fw_post(1, cmd);
	*status = cmd->status;
	free_page((unsigned long)cmd);
	return ret;
}

int sample_fw_reset(void)
{
	struct sample_fw_cmd *cmd = (void *)get_zeroed_page(GFP_KERNEL);
	long ret;

	if (!cmd)
		return -ENOMEM;
	ret = sample_hcall_reset(cmd);
	free_page((unsigned long)cmd);
	return ret;
}

static u32 sample_fw_sum(const char *text, size_t len)
{
	u32 sum = 0;
	size_t i;

	for (i = 0; i < len; i++)
		sum += text[i];
	return sum;
}

static void sample_fw_release(char *text)
{
	free_page((unsigned long)text);
}

static void sample_fw_drop(void *buf)
{
	free_page((unsigned long)buf);
}

u32 sample_fw_dump(const struct sample_fw_cmd *last)
{
	char *text = (char *)__get_free_page(GFP_KERNEL);
	int len;
	u32 sum;

	if (!text)
		return 0;
	len = snprintf(text, PAGE_SIZE, "op %u status %u\n", last->op, last->status);
	memcpy(text + len, last->data, sizeof(last->data));
	sum = sample_fw_sum(text, len + sizeof(last->data));
	sample_fw_release(text);
	return sum;
}

u32 sample_fw_dump_all(const struct sample_fw_cmd *last, int n)
{
	char *text = (char *)__get_free_page(GFP_KERNEL);
	u32 sum;

	if (!text)
		return 0;
	memcpy(text, last, n * sizeof(*last));
	sum = sample_fw_sum(text, n * sizeof(*last));
	sample_fw_drop(text);
	return sum;
}

void sample_fw_reset_log(void)
{
	struct sample_fw_cmd *log = (void *)__get_free_page(GFP_KERNEL);

	if (!log)
		return;
	log->op = 2;
	sample_fw_call(2, __pa(log));
	sample_fw_drop(log);
}

struct sample_fw_ring {
	u32 events[32];
	u32 commands[32];
};

struct sample_fw_dev {
	void __iomem *base;
	struct sample_fw_ring *ring;
};

static void sample_fw_post_pa(void *addr, void __iomem *port)
{
	writel((u32)__pa(addr), port);
}

int sample_fw_ring_init(struct sample_fw_dev *fw)
{
	fw->ring = (struct sample_fw_ring *)__get_free_page(GFP_KERNEL);
	if (!fw->ring)
		return -ENOMEM;
	sample_fw_post_pa(&fw->ring->events, fw->base);
	sample_fw_post_pa(&fw->ring->commands, fw->base + 4);
	return 0;
}

void sample_fw_ring_exit(struct sample_fw_dev *fw)
{
	free_page((unsigned long)fw->ring);
}

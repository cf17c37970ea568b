// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample s390 CTR mode driver: one page of counter blocks that the CPACF instruction of
 * sample_cpacf_kmctr() (asm/sample-cpacf.h) reads. The facts pass follows the buffer
 * into the header's static inline, through a register pair into its inline assembly
 * statement. A CPACF instruction accesses memory as any load or store does (unlike
 * stsi or diag, which hand the real address to the firmware): the rule cannot tell
 * whether the instruction needs the page, so the site is review.
 */
#include <linux/gfp.h>
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/string.h>
#include <asm/sample-cpacf.h>

static u8 *sample_ctrblk;

static int sample_ctr_crypt(u8 *dst, const u8 *src, long len, const u8 *iv)
{
	memcpy(sample_ctrblk, iv, 16);
	return sample_cpacf_kmctr(0x12, dst, src, len, sample_ctrblk);
}

int sample_ctr_run(u8 *dst, const u8 *src, long len, const u8 *iv)
{
	return sample_ctr_crypt(dst, src, len, iv);
}

static int __init sample_ctr_init(void)
{
	sample_ctrblk = (u8 *)__get_free_page(GFP_KERNEL);
	if (!sample_ctrblk)
		return -ENOMEM;
	return 0;
}

static void __exit sample_ctr_exit(void)
{
	free_page((unsigned long)sample_ctrblk);
}

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample s390 code that hands page-allocator buffers to instructions. On s390 a kernel
 * virtual address is the real one, so an instruction given the address (stsi, diag 308)
 * reads or writes the memory the way a device would, and the code has no __pa() for the
 * rule to see: the address goes to the inline assembly statement itself, or into a
 * register pair that the statement hands on. Both buffers stay pages.
 */
#include <linux/gfp.h>
#include <linux/errno.h>
#include <linux/types.h>
#include <asm/sample-regpair.h>

static int sample_stsi(void *sysinfo, int fc)
{
	int r0 = fc << 28;

	asm volatile("	lr	0,%[r0]\n"
		     "	stsi	0(%[addr])\n"
		     "	lr	%[r0],0\n"
		     : [r0] "+d" (r0)
		     : [addr] "a" (sysinfo)
		     : "cc", "memory", "0");
	return r0;
}

int sample_machine_level(void)
{
	void *info;
	int level;

	info = (void *)__get_free_page(GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	level = sample_stsi(info, 1);
	free_page((unsigned long)info);
	return level;
}

static int sample_diag308(unsigned long subcode, void *addr)
{
	union register_pair r1;

	r1.even = (unsigned long)addr;
	r1.odd = 0;
	asm volatile("	diag	%[r1],%[subcode],0x308\n"
		     : [r1] "+&d" (r1.pair)
		     : [subcode] "d" (subcode)
		     : "cc", "memory");
	return r1.odd;
}

int sample_store_ipl_block(void)
{
	char *block;
	int rc;

	block = (char *)get_zeroed_page(GFP_KERNEL);
	if (!block)
		return -ENOMEM;
	rc = sample_diag308(6, block);
	free_page((unsigned long)block);
	return rc;
}

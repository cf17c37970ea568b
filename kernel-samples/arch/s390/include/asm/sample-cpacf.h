/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sample s390 crypto instruction wrapper: the counter block's address goes into a
 * register pair handed to the instruction, which reads the block.
 */
#ifndef _ASM_S390_SAMPLE_CPACF_H
#define _ASM_S390_SAMPLE_CPACF_H

#include <linux/types.h>
#include <asm/sample-regpair.h>

static inline int sample_cpacf_kmctr(unsigned long func, u8 *dest, const u8 *src,
				     long src_len, u8 *counter)
{
	union register_pair d, s, c;

	d.even = (unsigned long)dest;
	s.even = (unsigned long)src;
	s.odd = (unsigned long)src_len;
	c.even = (unsigned long)counter;
	asm volatile("	lgr	0,%[fc]\n"
		     "0:	.insn	rrf,0xb92d0000,%[dst],%[src],%[ctr],0\n"
		     "	brc	1,0b\n"
		     : [dst] "+&d" (d.pair), [src] "+&d" (s.pair), [ctr] "+&d" (c.pair)
		     : [fc] "d" (func)
		     : "cc", "memory", "0");
	return src_len - s.odd;
}

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Sample s390 register pair: the even/odd general registers an instruction takes as
 * one operand (an address and a length, say).
 */
#ifndef _ASM_S390_SAMPLE_REGPAIR_H
#define _ASM_S390_SAMPLE_REGPAIR_H

union register_pair {
	unsigned long pair[2];
	struct {
		unsigned long even;
		unsigned long odd;
	};
};

#endif

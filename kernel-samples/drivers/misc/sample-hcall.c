// SPDX-License-Identifier: GPL-2.0-only
/*
 * Sample hypercall wrappers: the hypervisor is handed the physical address of a
 * command block that a caller in another file allocated (sample-fwcmd.c).
 *
 * No allocation here: this file is read by the facts pass only, for what
 * sample_hcall_reset() does with its parameter (its __pa() goes to the hypervisor).
 */
#include <linux/kernel.h>
#include <linux/mm.h>

struct sample_fw_cmd;

long sample_fw_call(unsigned long op, unsigned long paddr);

long sample_hcall_reset(struct sample_fw_cmd *cmd)
{
	return sample_fw_call(9, __pa(cmd));
}

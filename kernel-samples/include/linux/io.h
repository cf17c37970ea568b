/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_IO_H
#define _SAMPLES_LINUX_IO_H
#include <linux/types.h>
phys_addr_t virt_to_phys(const volatile void *address);
void *phys_to_virt(phys_addr_t address);
void writel(u32 value, volatile void __iomem *addr);
#endif

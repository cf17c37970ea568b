/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_TYPES_H
#define _SAMPLES_LINUX_TYPES_H
#define NULL ((void *)0)
typedef _Bool bool;
#define true 1
#define false 0
typedef unsigned long size_t;
typedef long ssize_t;
typedef long long loff_t;
typedef unsigned int gfp_t;
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef unsigned long long phys_addr_t;
typedef unsigned long long dma_addr_t;
typedef unsigned short umode_t;
typedef long off_t;
typedef int pid_t;
#define __user
#define __iomem
#define __init
#define __exit
#endif

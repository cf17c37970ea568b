/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_UACCESS_H
#define _SAMPLES_LINUX_UACCESS_H
#include <linux/types.h>
unsigned long copy_from_user(void *to, const void __user *from, unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from, unsigned long n);
long strncpy_from_user(char *dst, const char __user *src, long count);
#define get_user(x, p) ((x) = 0, 0)
#define put_user(x, p) (0)
#endif
/*
 * Appended for whichalloc's series tests: the helpers that replace open-coded copies are
 * declared in <linux/string.h>, which the kernel's headers pull in for uaccess.h users.
 */
void *memdup_user(const void __user *src, size_t len);
void *vmemdup_user(const void __user *src, size_t len);
char *memdup_user_nul(const void __user *src, size_t len);

/* SPDX-License-Identifier: GPL-2.0-only */
/* Stub for kernel-samples: just enough declarations for the samples to compile. */
#ifndef _SAMPLES_LINUX_STRING_H
#define _SAMPLES_LINUX_STRING_H
#include <linux/types.h>
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
char *strcpy(char *dst, const char *src);
size_t strscpy(char *dst, const char *src, size_t n);
size_t strlcat(char *dst, const char *src, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strsep(char **s, const char *ct);
char *kstrdup(const char *s, gfp_t gfp);
void *kmemdup(const void *src, size_t len, gfp_t gfp);
void *memdup_user(const void __user *src, size_t len);
void *vmemdup_user(const void __user *src, size_t len);
char *memdup_user_nul(const void __user *src, size_t len);
char *strndup_user(const char __user *s, long n);
#endif

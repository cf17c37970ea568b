// SPDX-License-Identifier: GPL-2.0-only
/*
 * Kernel versions and version ranges.
 */
#include "version.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* One numeric piece at *p, advancing p; false when there is none. */
static bool piece(const char **p, unsigned int *out)
{
	unsigned long n = 0;
	const char *s = *p;

	if (!isdigit((unsigned char)*s))
		return false;
	while (isdigit((unsigned char)*s)) {
		n = n * 10 + (unsigned long)(*s - '0');
		if (n > 99999)
			return false;
		s++;
	}
	*out = (unsigned int)n;
	*p = s;
	return true;
}

struct kversion kversion_parse(const char *s)
{
	struct kversion k = { { 0, 0, 0 } };
	size_t n = 0;

	while (s && n < 3 && piece(&s, &k.v[n])) {
		n++;
		if (*s != '.')
			break;
		s++;
	}
	if (!n)
		k.v[0] = 99;
	return k;
}

bool kversion_parse_strict(const char *s, struct kversion *out)
{
	size_t n = 0;

	memset(out, 0, sizeof(*out));
	while (n < 3 && piece(&s, &out->v[n])) {
		n++;
		if (*s != '.')
			break;
		s++;
	}
	return n >= 2 && !*s;
}

int kversion_cmp(const struct kversion *a, const struct kversion *b)
{
	for (size_t i = 0; i < 3; i++)
		if (a->v[i] != b->v[i])
			return a->v[i] < b->v[i] ? -1 : 1;
	return 0;
}

size_t kversion_range(const struct kversion *splits, size_t nr, const char *version)
{
	struct kversion k = kversion_parse(version);
	size_t i = 0;

	while (i < nr && kversion_cmp(&k, &splits[i]) >= 0)
		i++;
	return i;
}

int kversion_str_cmp(const char *a, const char *b)
{
	struct kversion ka = kversion_parse(a), kb = kversion_parse(b);
	int c = kversion_cmp(&ka, &kb);

	if (c)
		return c;
	return strcmp(a ? a : "", b ? b : "");
}

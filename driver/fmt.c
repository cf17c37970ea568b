// SPDX-License-Identifier: GPL-2.0-only
/*
 * Text for other programs: JSON strings that are always valid UTF-8 (source files are not
 * always), TSV fields that stay on one line.
 */
#include "fmt.h"

#include <string.h>

size_t utf8_sequence(const unsigned char *s, size_t len, unsigned long *cp)
{
	unsigned long c;
	size_t n;

	if (!len)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, c = s[0] & 0x07;
	else
		return 0;
	if (len < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and code points above U+10FFFF are not UTF-8. */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

json_t *json_text(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	json_t *j;

	if (!s)
		return json_null();
	len = strlen(s);
	j = json_stringn(s, len);
	if (j)
		return j;
	/* Not UTF-8 (a Latin-1 comment in a source file): each bad byte becomes U+FFFD. */
	while (len) {
		unsigned long cp;
		size_t n = utf8_sequence(p, len, &cp);

		if (n) {
			strbuf_add(&sb, p, n);
		} else {
			strbuf_addstr(&sb, "\xef\xbf\xbd");
			n = 1;
		}
		p += n;
		len -= n;
	}
	j = json_stringn(sb.buf, sb.len);
	strbuf_release(&sb);
	return j ? j : json_string("");
}

void write_tsv_field(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\t':
			fputs("\\t", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

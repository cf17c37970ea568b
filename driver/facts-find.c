// SPDX-License-Identifier: GPL-2.0-only
/*
 * Where functions are defined: the tree's .c and .h files searched for the definitions of
 * a list of names, kernel style (the name at the start of a line or after its return
 * type, its parameters, then the opening brace). The rule itself reads the definitions;
 * this only chooses which files it is given, so a file found wrongly costs a spatch run
 * and a definition missed leaves the call as the rule decided it alone (review).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "facts-find.h"
#include "hash.h"
#include "tree-read.h"
#include "walk.h"

#include <pcre2.h>
#include <string.h>

static pcre2_code *definition_pattern(const struct string_list *names)
{
	struct strbuf re = STRBUF_INIT;
	int err;
	PCRE2_SIZE at;
	pcre2_code *code;

	strbuf_addstr(&re, "^(?:[A-Za-z_][\\w \\t*]*[\\s*])?(");
	for (size_t i = 0; i < names->nr; i++)
		strbuf_addf(&re, "%s%s", i ? "|" : "", names->items[i]);
	strbuf_addstr(&re, ")\\s*\\([^;{}]*\\)[^;{}()]*\\{");
	code = pcre2_compile((PCRE2_SPTR)re.buf, re.len, PCRE2_MULTILINE, &err, &at, NULL);
	if (!code) {
		PCRE2_UCHAR msg[120];

		pcre2_get_error_message(err, msg, sizeof(msg));
		error("cannot build the search for function definitions: %s", (char *)msg);
	} else {
		pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	}
	strbuf_release(&re);
	return code;
}

/* Add the names defined in text to found (path TAB content hash TAB name). */
static void search_text(pcre2_code *code, pcre2_match_data *md, const char *path,
			const struct strbuf *text, struct string_list *found)
{
	PCRE2_SIZE start = 0;
	char hash[SHA1_HEX_SIZE] = "";

	while (start < text->len) {
		int rc = pcre2_match(code, (PCRE2_SPTR)text->buf, text->len, start, 0, md, NULL);
		PCRE2_SIZE *ov;
		char *entry;

		if (rc < 2)
			return;
		ov = pcre2_get_ovector_pointer(md);
		if (!*hash)
			git_blob_sha1_hex(text->buf, text->len, hash);
		entry = xstrfmt("%s\t%s\t%.*s", path, hash, (int)(ov[3] - ov[2]),
				text->buf + ov[2]);
		if (string_list_has(found, entry))
			free(entry);
		else
			string_list_append_nodup(found, entry);
		start = ov[1] > start ? ov[1] : start + 1;
	}
}

int find_definitions(const char *top, const struct string_list *names,
		     struct string_list *found)
{
	struct string_list dirs = STRING_LIST_INIT, files = STRING_LIST_INIT;
	struct strbuf text = STRBUF_INIT;
	pcre2_code *code;
	pcre2_match_data *md;
	int ret = 0;

	if (!names->nr)
		return 0;
	if (!(code = definition_pattern(names)))
		return -1;
	md = pcre2_match_data_create_from_pattern(code, NULL);
	if (walk_tree(top, &dirs, &files))
		ret = -1;
	for (size_t i = 0; !ret && i < files.nr; i++) {
		struct tree_read r;

		/* A file that cannot be read defines nothing the rule could read either. */
		if (tree_read_file(top, files.items[i], TREE_READ_MAX_SOURCE, &text, &r))
			continue;
		search_text(code, md, files.items[i], &text, found);
	}
	pcre2_match_data_free(md);
	pcre2_code_free(code);
	strbuf_release(&text);
	string_list_clear(&files);
	return ret;
}

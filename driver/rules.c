// SPDX-License-Identifier: GPL-2.0-only
/*
 * Rule discovery and header parsing.
 */
#include "rules.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

static char *trimmed(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return xstrndup(s, len);
}

/* The value after "// Key:" when the line is that header line, else NULL. */
static char *header_value(const char *line, size_t len, const char *key)
{
	size_t klen = strlen(key), i = 2;

	if (len < 2 || strncmp(line, "//", 2) || (len > 2 && line[2] == '/'))
		return NULL;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	if (len - i < klen || strncasecmp(line + i, key, klen))
		return NULL;
	return trimmed(line + i + klen, len - i - klen);
}

static bool is_header_line(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len && isspace((unsigned char)line[i]))
		i++;
	return i == len || (len - i >= 2 && !strncmp(line + i, "//", 2));
}

static void replace_string(char **field, char *value)
{
	free(*field);
	*field = value;
}

static void set_header_error(struct rule *r, char *msg)
{
	if (r->header_error)
		free(msg);
	else
		r->header_error = msg;
}

/* "NAME: word, word": the words join those of earlier lines of the same NAME. */
static void add_keyword_set(struct rule *r, const char *v)
{
	const char *colon = strchr(v, ':');
	struct keyword_set *set = NULL;
	char *name;

	if (!colon) {
		set_header_error(r, xstrfmt("Keywords-set '%s' has no ':' after its name", v));
		return;
	}
	name = trimmed(v, (size_t)(colon - v));
	for (size_t i = 0; i < r->nr_sets && !set; i++)
		if (!strcmp(r->sets[i].name, name))
			set = &r->sets[i];
	if (!set) {
		r->sets = xrealloc(r->sets, (r->nr_sets + 1) * sizeof(*r->sets));
		set = &r->sets[r->nr_sets++];
		memset(set, 0, sizeof(*set));
		set->name = name;
	} else {
		free(name);
	}
	string_list_split(&set->words, colon + 1, ",");
}

/* "5.4, 6.6": ascending versions; anything else is a header error. */
static void add_version_splits(struct rule *r, const char *v)
{
	struct string_list words = STRING_LIST_INIT;

	string_list_split(&words, v, ", \t");
	for (size_t i = 0; i < words.nr; i++) {
		struct kversion k;

		if (!*words.items[i])
			continue;
		if (!kversion_parse_strict(words.items[i], &k) ||
		    (r->nr_version_splits &&
		     kversion_cmp(&r->version_splits[r->nr_version_splits - 1], &k) >= 0)) {
			set_header_error(r, xstrfmt("Version-split '%s' is not an ascending list "
						    "of versions N.N[.N]", v));
			break;
		}
		r->version_splits = xrealloc(r->version_splits, (r->nr_version_splits + 1) *
					     sizeof(*r->version_splits));
		r->version_splits[r->nr_version_splits++] = k;
	}
	string_list_clear(&words);
}

size_t rule_version_range(const struct rule *r, const char *version)
{
	return kversion_range(r->version_splits, r->nr_version_splits, version);
}

static void parse_header_line(struct rule *r, const char *line, size_t len)
{
	char *v;

	if (!r->description && len >= 3 && !strncmp(line, "///", 3)) {
		v = trimmed(line + 3, len - 3);
		if (*v)
			r->description = v;
		else
			free(v);
	} else if ((v = header_value(line, len, "Options:"))) {
		string_list_split(&r->options, v, " \t");
		free(v);
	} else if ((v = header_value(line, len, "Keywords:"))) {
		string_list_split(&r->keywords, v, ",");
		free(v);
	} else if ((v = header_value(line, len, "Keywords-and:"))) {
		string_list_split(&r->keywords_and, v, ",");
		free(v);
	} else if ((v = header_value(line, len, "Keywords-also:"))) {
		string_list_append_nodup(&r->keywords_also, v);
	} else if ((v = header_value(line, len, "Keywords-set:"))) {
		add_keyword_set(r, v);
		free(v);
	} else if ((v = header_value(line, len, "Confidence:"))) {
		replace_string(&r->confidence, v);
	} else if ((v = header_value(line, len, "Version-split:"))) {
		add_version_splits(r, v);
		free(v);
	} else if ((v = header_value(line, len, "Replacement:"))) {
		string_list_split(&r->replacements, v, ", \t");
		free(v);
	} else if ((v = header_value(line, len, "Report-only:"))) {
		r->report_only = !strncasecmp(v, "yes", 3);
		free(v);
	}
}

/* Append the keywords of a comma-separated list to term, "@NAME" replaced by that set. */
static void add_term_words(struct rule *r, struct string_list *term, const struct string_list *w)
{
	for (size_t i = 0; i < w->nr; i++) {
		char *word = trimmed(w->items[i], strlen(w->items[i]));
		bool found = false;

		if (word[0] != '@') {
			if (*word)
				string_list_append(term, word);
			free(word);
			continue;
		}
		for (size_t s = 0; s < r->nr_sets && !found; s++) {
			if (strcmp(r->sets[s].name, word + 1))
				continue;
			found = true;
			for (size_t j = 0; j < r->sets[s].words.nr; j++) {
				char *x = trimmed(r->sets[s].words.items[j],
						  strlen(r->sets[s].words.items[j]));

				if (*x)
					string_list_append(term, x);
				free(x);
			}
		}
		if (!found)
			set_header_error(r, xstrfmt("%s names no Keywords-set", word));
		free(word);
	}
}

static struct keyword_clause *new_clause(struct rule *r)
{
	struct keyword_clause *c;

	r->clauses = xrealloc(r->clauses, (r->nr_clauses + 1) * sizeof(*r->clauses));
	c = &r->clauses[r->nr_clauses++];
	memset(c, 0, sizeof(*c));
	return c;
}

static void add_term(struct rule *r, struct keyword_clause *c, const struct string_list *words)
{
	struct string_list term = STRING_LIST_INIT;

	add_term_words(r, &term, words);
	if (!term.nr) {
		string_list_clear(&term);
		return;
	}
	c->terms = xrealloc(c->terms, (c->nr_terms + 1) * sizeof(*c->terms));
	c->terms[c->nr_terms++] = term;
}

/* "A, B & C, @set": one clause, one term per '&'; an empty term is an error. */
static void add_also_clause(struct rule *r, const char *line)
{
	struct string_list parts = STRING_LIST_INIT;
	struct keyword_clause *c = new_clause(r);

	string_list_split(&parts, line, "&");
	for (size_t i = 0; i < parts.nr; i++) {
		struct string_list words = STRING_LIST_INIT;
		size_t before = c->nr_terms;

		string_list_split(&words, parts.items[i], ",");
		add_term(r, c, &words);
		if (c->nr_terms == before)
			set_header_error(r, xstrfmt("Keywords-also '%s' has an empty term", line));
		string_list_clear(&words);
	}
	if (!c->nr_terms)
		set_header_error(r, xstrfmt("Keywords-also '%s' has no keyword", line));
	string_list_clear(&parts);
}

/* Keywords (and Keywords-and), then each Keywords-also line: one clause each. */
static void build_clauses(struct rule *r)
{
	if (r->keywords.nr || r->keywords_and.nr) {
		struct keyword_clause *c = new_clause(r);

		add_term(r, c, &r->keywords);
		add_term(r, c, &r->keywords_and);
		if (!c->nr_terms)
			r->nr_clauses--;
	}
	for (size_t i = 0; i < r->keywords_also.nr; i++)
		add_also_clause(r, r->keywords_also.items[i]);
	if (r->keywords_also.nr && !r->keywords.nr && !r->keywords_and.nr)
		set_header_error(r, xstrdup("Keywords-also without Keywords: give the first "
					    "clause as Keywords"));
}

void rule_parse_header(struct rule *r, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t llen = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (llen && p[llen - 1] == '\r')
			llen--;
		if (!is_header_line(p, llen))
			break;
		parse_header_line(r, p, llen);
		p = nl ? nl + 1 : end;
	}
	if (!r->description)
		r->description = xstrdup("");
	if (!r->confidence)
		r->confidence = xstrdup("");
	r->include_headers = string_list_has(&r->options, "--include-headers");
	build_clauses(r);
}

static char *rule_name_of(const char *path)
{
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (ends_with(base, ".cocci"))
		return xstrndup(base, strlen(base) - strlen(".cocci"));
	return xstrdup(base);
}

int rule_load(struct rule *r, const char *path)
{
	struct strbuf text = STRBUF_INIT;
	char *abs;

	memset(r, 0, sizeof(*r));
	if (strbuf_read_file(&text, path) < 0) {
		int saved = errno;

		strbuf_release(&text);
		return error("cannot read rule %s: %s; check that the file exists and is readable",
			     path, strerror(saved));
	}
	abs = realpath(path, NULL);
	r->path = abs ? abs : xstrdup(path);
	r->name = rule_name_of(path);
	sha1_hex(text.buf, text.len, r->hash);
	rule_parse_header(r, text.buf, text.len);
	strbuf_release(&text);
	if (r->header_error) {
		error("rule %s: %s; fix its header (docs/rule-contract.md)", path,
		      r->header_error);
		rule_clear(r);
		return -1;
	}
	return 0;
}

void rule_clear(struct rule *r)
{
	free(r->name);
	free(r->path);
	free(r->description);
	free(r->confidence);
	string_list_clear(&r->options);
	string_list_clear(&r->keywords);
	string_list_clear(&r->keywords_and);
	string_list_clear(&r->keywords_also);
	for (size_t i = 0; i < r->nr_sets; i++) {
		free(r->sets[i].name);
		string_list_clear(&r->sets[i].words);
	}
	free(r->sets);
	for (size_t i = 0; i < r->nr_clauses; i++) {
		for (size_t t = 0; t < r->clauses[i].nr_terms; t++)
			string_list_clear(&r->clauses[i].terms[t]);
		free(r->clauses[i].terms);
	}
	free(r->clauses);
	free(r->version_splits);
	string_list_clear(&r->replacements);
	free(r->header_error);
	memset(r, 0, sizeof(*r));
}

void rule_set_clear(struct rule_set *set)
{
	for (size_t i = 0; i < set->nr; i++)
		rule_clear(&set->items[i]);
	free(set->items);
	set->items = NULL;
	set->nr = set->alloc = 0;
}

static const char cocci_env[] = "WHICHALLOC_COCCI";
/* Where the rules are looked for next to the executable, in this order. */
static const char *const cocci_near_exe[] = { "../cocci", "../share/whichalloc/cocci" };

char *find_cocci_dir(const char *option)
{
	const char *env = getenv(cocci_env), *exe = executable_dir();
	const char *dir = option ? option : env;
	char *tried[ARRAY_SIZE(cocci_near_exe)] = { NULL };
	char *found = NULL;

	if (option || (env && *env)) {
		if (dir_exists(dir))
			return xrealpath(dir);
		error("the rules directory %s (from %s) is not a directory; pass --cocci-dir DIR",
		      dir, option ? "--cocci-dir" : cocci_env);
		return NULL;
	}
	for (size_t i = 0; exe && i < ARRAY_SIZE(cocci_near_exe) && !found; i++) {
		tried[i] = xstrfmt("%s/%s", exe, cocci_near_exe[i]);
		if (dir_exists(tried[i]))
			found = xrealpath(tried[i]);
	}
	if (!found)
		error("no rules directory: neither %s nor %s exists; pass --cocci-dir DIR or set "
		      "%s", tried[0] ? tried[0] : "<exe>/../cocci",
		      tried[1] ? tried[1] : "<exe>/../share/whichalloc/cocci", cocci_env);
	for (size_t i = 0; i < ARRAY_SIZE(tried); i++)
		free(tried[i]);
	return found;
}

bool cocci_dir_default_exists(void)
{
	const char *env = getenv(cocci_env), *exe = executable_dir();
	bool found = env && *env;

	for (size_t i = 0; exe && i < ARRAY_SIZE(cocci_near_exe) && !found; i++) {
		char *dir = xstrfmt("%s/%s", exe, cocci_near_exe[i]);

		found = dir_exists(dir);
		free(dir);
	}
	return found;
}

static int list_cocci_files(const char *dir, struct string_list *names)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return error("cannot open the rules directory %s: %s; pass --cocci-dir DIR or set "
			     "WHICHALLOC_COCCI", dir, strerror(errno));
	while ((de = readdir(d)))
		if (de->d_name[0] != '.' && ends_with(de->d_name, ".cocci"))
			string_list_append(names, de->d_name);
	closedir(d);
	string_list_sort(names);
	return 0;
}

int rules_discover(struct rule_set *set, const char *dir)
{
	struct string_list names = STRING_LIST_INIT;
	int ret = 0;

	if (list_cocci_files(dir, &names))
		return -1;
	for (size_t i = 0; i < names.nr && !ret; i++) {
		char *path = xstrfmt("%s/%s", dir, names.items[i]);

		ALLOC_GROW(set->items, set->nr + 1, set->alloc);
		if (rule_load(&set->items[set->nr], path))
			ret = -1;
		else
			set->nr++;
		free(path);
	}
	string_list_clear(&names);
	return ret;
}

const struct rule *rule_set_find(const struct rule_set *set, const char *name)
{
	for (size_t i = 0; i < set->nr; i++)
		if (!strcmp(set->items[i].name, name))
			return &set->items[i];
	return NULL;
}

static void list_rule_names(const struct rule_set *set, struct strbuf *out)
{
	for (size_t i = 0; i < set->nr; i++)
		strbuf_addf(out, "%s%s", i ? ", " : "", set->items[i].name);
	if (!set->nr)
		strbuf_addstr(out, "(none)");
}

static int select_one(const struct rule_set *all, const char *want, struct rule_set *out)
{
	struct rule r;
	char *name;
	const struct rule *found;

	if (strchr(want, '/')) {
		ALLOC_GROW(out->items, out->nr + 1, out->alloc);
		if (rule_load(&out->items[out->nr], want))
			return -1;
		out->nr++;
		return 0;
	}
	name = rule_name_of(want);
	found = rule_set_find(all, name);
	if (!found) {
		struct strbuf known = STRBUF_INIT;

		list_rule_names(all, &known);
		error("unknown rule '%s'; the rules are: %s", name, known.buf);
		strbuf_release(&known);
		free(name);
		return -1;
	}
	free(name);
	if (rule_set_find(out, found->name))
		return 0;
	if (rule_load(&r, found->path))
		return -1;
	ALLOC_GROW(out->items, out->nr + 1, out->alloc);
	out->items[out->nr++] = r;
	return 0;
}

int rules_select(struct rule_set *set, const char *names)
{
	struct string_list wanted = STRING_LIST_INIT;
	struct rule_set out = RULE_SET_INIT;
	int ret = 0;

	string_list_split(&wanted, names, ",");
	for (size_t i = 0; i < wanted.nr && !ret; i++)
		ret = select_one(set, wanted.items[i], &out);
	if (!ret && !out.nr)
		ret = error("--rules '%s' names no rule", names);
	string_list_clear(&wanted);
	if (ret) {
		rule_set_clear(&out);
		return -1;
	}
	rule_set_clear(set);
	*set = out;
	return 0;
}

bool rule_wants_extension(const struct rule *r, const char *path)
{
	if (ends_with(path, ".c"))
		return true;
	return r->include_headers && ends_with(path, ".h");
}

static bool any_keyword(const struct string_list *kw, const void *content, size_t len)
{
	for (size_t i = 0; i < kw->nr; i++)
		if (memmem(content, len, kw->items[i], strlen(kw->items[i])))
			return true;
	return false;
}

bool rule_keywords_match(const struct rule *r, const void *content, size_t len)
{
	for (size_t i = 0; i < r->nr_clauses; i++) {
		bool all = true;

		for (size_t t = 0; t < r->clauses[i].nr_terms && all; t++)
			all = any_keyword(&r->clauses[i].terms[t], content, len);
		if (all)
			return true;
	}
	return !r->nr_clauses;
}

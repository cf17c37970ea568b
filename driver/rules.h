/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The rules: the .cocci files of cocci/, their headers (docs/rule-contract.md) and their hashes.
 */
#ifndef WHICHALLOC_RULES_H
#define WHICHALLOC_RULES_H

#include "hash.h"
#include "util.h"
#include "version.h"

#include <stdbool.h>

/*
 * The prefilter's condition: the file must hold one keyword of each term of some clause.
 * Clause 0 is Keywords (and Keywords-and); each "// Keywords-also:" line adds one.
 */
struct keyword_clause {
	struct string_list *terms;	/* keywords (trimmed, none empty), "@NAME" expanded */
	size_t nr_terms;
};

struct keyword_set {
	char *name;
	struct string_list words;
};

struct rule {
	char *name;		/* file name without .cocci */
	char *path;		/* absolute path of the .cocci file */
	char hash[SHA1_HEX_SIZE];
	char *description;	/* the first /// line */
	char *confidence;	/* "// Confidence:", "" when absent */
	bool report_only;	/* "// Report-only: yes" */
	bool include_headers;	/* Options contain --include-headers: .h files too */
	struct string_list options;	/* "// Options:", split on blanks */
	struct string_list keywords;	/* "// Keywords:", split on commas; empty: every file */
	/* "// Keywords-and:": the file must also hold one of these (empty: no such need) */
	struct string_list keywords_and;
	struct string_list keywords_also;	/* "// Keywords-also:" lines, as written */
	struct keyword_set *sets;	/* "// Keywords-set: NAME: ...", for @NAME */
	size_t nr_sets;
	struct keyword_clause *clauses;	/* none: every file */
	size_t nr_clauses;
	/*
	 * "// Version-split: 5.4, ...": the kernel versions where its verdicts change,
	 * ascending. Results carry over between trees in the same range only.
	 */
	struct kversion *version_splits;
	size_t nr_version_splits;
	/* "// Replacement: f, g": what a site uses once converted as the rule proposes */
	struct string_list replacements;
	char *header_error;	/* what is wrong with the Keywords lines, or NULL */
};

struct rule_set {
	struct rule *items;
	size_t nr;
	size_t alloc;
};

#define RULE_SET_INIT { NULL, 0, 0 }

/*
 * Read the header lines of a rule's text into r (name, path and hash untouched). Keywords
 * lines that cannot be used (an unknown @NAME, an empty term) leave r->header_error set.
 */
void rule_parse_header(struct rule *r, const char *text, size_t len);
/* Read, hash and parse the rule file at path; -1 with a message when it cannot be read or
 * its header is wrong. */
int rule_load(struct rule *r, const char *path);
void rule_clear(struct rule *r);

/*
 * Where the rules are: option (--cocci-dir), else $WHICHALLOC_COCCI, else
 * <exe dir>/../cocci, else <exe dir>/../share/whichalloc/cocci. The absolute path, or NULL
 * with a message when the one chosen, or none of the last two, is a directory.
 */
char *find_cocci_dir(const char *option);
/* Would find_cocci_dir(NULL) find a directory, or complain about $WHICHALLOC_COCCI's? */
bool cocci_dir_default_exists(void);

/* Load every .cocci file of dir, sorted by name; -1 with a message on errors. */
int rules_discover(struct rule_set *set, const char *dir);
/*
 * Keep only the rules named in the comma-separated list (a name, NAME.cocci, or a path to a
 * .cocci file, which is loaded even when it is outside the rules directory). -1 with a
 * message naming the unknown rule.
 */
int rules_select(struct rule_set *set, const char *names);
void rule_set_clear(struct rule_set *set);
const struct rule *rule_set_find(const struct rule_set *set, const char *name);

/* The range of the rule's Version-split header that version falls in (0 without one). */
size_t rule_version_range(const struct rule *r, const char *version);

/* Does this rule want the file at path (its extension)? */
bool rule_wants_extension(const struct rule *r, const char *path);
/*
 * The naive keyword test, memmem() of each keyword: not what scan uses (prefilter.h is), but
 * the baseline tests/perf/prefilter-bench measures the prefilter against.
 */
bool rule_keywords_match(const struct rule *r, const void *content, size_t len);

#endif

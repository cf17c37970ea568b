// SPDX-License-Identifier: GPL-2.0-only
/*
 * The facts file of a facts pass (facts-internal.h): each name asked for resolved through
 * the facts read (stored in fact_resolved, one line each), what each asking file gets of
 * it as a digest, and the file written for the rule's second run (WHICHALLOC_FACTS).
 */
#include "db.h"
#include "facts.h"
#include "facts-find.h"
#include "facts-internal.h"
#include "hash.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long params_of(const struct fact_set *set, const char *fn)
{
	long n = 0;

	for (size_t i = 0; i < set->nr; i++)
		if (!strcmp(set->items[i].function, fn) && set->items[i].param + 1 > n)
			n = set->items[i].param + 1;
	return n;
}

/* The last field of a line of the facts file, and its end: no TAB or newline inside. */
static void add_last_field(struct strbuf *sb, const char *text)
{
	for (const char *p = text; *p; p++)
		strbuf_addch(sb, *p == '\t' || *p == '\n' || *p == '\r' ? ' ' : *p);
	strbuf_addch(sb, '\n');
}

static void facts_file_line(struct strbuf *sb, const char *fn, long param,
			    enum fact_verdict v, const char *text)
{
	strbuf_addf(sb, "%s\t%ld\t%s\t", fn, param, fact_verdict_name(v));
	add_last_field(sb, text);
}

/* The lines of the facts file about fn, for the digest of what a file used. */
static void lines_about(const char *file, const char *fn, struct strbuf *out)
{
	size_t n = strlen(fn);

	for (const char *p = file; *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl + 1 - p) : strlen(p);

		if (len > n && !strncmp(p, fn, n) && p[n] == '\t')
			strbuf_add(out, p, len);
		p += len;
	}
}

/*
 * A field's lines: one per fact of a file that uses it, "NAME TAB PATH TAB VERDICT TAB
 * TEXT". The rule weighs them itself, without those of its own file, which the driver's
 * resolution cannot leave out: it is the same for every file that asks.
 */
static void field_lines(const struct fact_set *set, const char *name, struct strbuf *file)
{
	struct string_list lines = STRING_LIST_INIT;
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < set->nr; i++) {
		const struct wa_fact *x = &set->items[i];
		const char *v = !strcmp(x->kind, "benign") || !strcmp(x->kind, "keep") ?
				x->kind : "review";

		if (strcmp(x->function, name) || strchr(x->file, '\t') || strchr(x->file, '\n'))
			continue;
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s\t%s\t%s\t", name, x->file, v);
		add_last_field(&sb, x->text);
		if (!string_list_has(&lines, sb.buf))
			string_list_append(&lines, sb.buf);
	}
	/* In one order whether the facts were read now or taken over: the digest compares. */
	string_list_sort(&lines);
	for (size_t i = 0; i < lines.nr; i++)
		strbuf_addstr(file, lines.items[i]);
	string_list_clear(&lines);
	strbuf_release(&sb);
}

int facts_resolve_names(struct scan *sc, const struct askers *a, const struct fact_set *set,
			struct strbuf *file)
{
	const char *rule = sc->setup->rules.items[a->rule].name;
	sqlite3_stmt *st = db_prepare(sc->store.db, "INSERT OR REPLACE INTO fact_resolved "
				      "(run_id, rule, function, param, verdict, text) "
				      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	struct strbuf text = STRBUF_INIT;
	int ret = 0;

	if (!st)
		return -1;
	for (size_t i = 0; i < a->names.nr && !ret; i++) {
		const char *fn = a->names.items[i];

		if (is_field_name(fn)) {
			field_lines(set, fn, file);
			continue;
		}
		for (long p = 0; p < params_of(set, fn) && !ret; p++) {
			enum fact_verdict v = fact_resolve(set, fn, p, &text);

			if (v == FACT_UNKNOWN)
				continue;
			sc->sum->facts_decided++;
			facts_file_line(file, fn, p, v, text.buf);
			db_bind_int(st, 1, sc->store.run_id);
			db_bind_text(st, 2, rule);
			db_bind_text(st, 3, fn);
			db_bind_int(st, 4, p);
			db_bind_text(st, 5, fact_verdict_name(v));
			db_bind_text(st, 6, text.buf);
			ret = db_step_done(st);
		}
	}
	sqlite3_finalize(st);
	strbuf_release(&text);
	return ret;
}

char *facts_write_file(const struct strbuf *text)
{
	char *path = xstrfmt("%s/whichalloc-facts.XXXXXX", temp_dir());
	int fd = mkstemp(path);

	if (fd < 0 || write_in_full(fd, text->buf, text->len) || close(fd)) {
		error("cannot write the facts file %s: %s; set TMPDIR to a writable directory",
		      path, strerror(errno));
		if (fd >= 0)
			unlink(path);
		free(path);
		return NULL;
	}
	return path;
}

void facts_digest_askers(struct askers *a, const struct strbuf *file)
{
	a->digests = xcalloc(a->nr + 1, sizeof(*a->digests));
	for (size_t i = 0; i < a->nr; i++) {
		struct strbuf sb = STRBUF_INIT;

		for (size_t k = 0; k < a->wants[i].nr; k++)
			lines_about(file->buf, a->wants[i].items[k], &sb);
		a->digests[i] = xcalloc(1, SHA1_HEX_SIZE);
		sha1_hex(sb.buf, sb.len, a->digests[i]);
		strbuf_release(&sb);
	}
}

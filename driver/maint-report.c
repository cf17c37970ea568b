// SPDX-License-Identifier: GPL-2.0-only
/*
 * The warnings of a MAINTAINERS file, printed bounded (see maint-report.h).
 *
 * A command reads one MAINTAINERS file at a time; the count of printed warnings belongs to
 * the file loaded last. The callback runs under maintainers.c's lock, and this file's own
 * lock keeps the count right should two files' lookups warn at once.
 */
#include "maint-report.h"
#include "maintainers.h"
#include "termsafe.h"
#include "util.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static struct {
	pthread_mutex_t lock;
	char *path;		/* the file's name, as loaded */
	unsigned int shown;	/* warnings printed */
	unsigned int hidden;	/* warnings not printed and not yet counted aloud */
} report = { .lock = PTHREAD_MUTEX_INITIALIZER };

static void print_warning(void *ctx, const char *msg)
{
	struct strbuf safe = STRBUF_INIT;

	(void)ctx;
	pthread_mutex_lock(&report.lock);
	if (report.shown < MAINT_REPORT_SHOWN) {
		/* The message quotes the file's name and its lines: data, escaped. */
		strbuf_add_termsafe(&safe, msg, strlen(msg), 0);
		warning("%s", safe.buf);
		report.shown++;
	} else {
		report.hidden++;
	}
	pthread_mutex_unlock(&report.lock);
	strbuf_release(&safe);
}

/* One line for the warnings not printed since the last such line. */
static void count_hidden(void)
{
	pthread_mutex_lock(&report.lock);
	if (report.hidden)
		warning("%s: %u more warning%s not shown (only the first %d are printed); fix the "
			"lines named above and run again to see the next ones",
			tsafe(report.path ? report.path : "MAINTAINERS"), report.hidden,
			report.hidden == 1 ? "" : "s", MAINT_REPORT_SHOWN);
	report.hidden = 0;
	pthread_mutex_unlock(&report.lock);
}

struct maintainers *maint_report_load(const char *path, char *err, size_t errlen)
{
	struct maint_opts opts = { .warn = print_warning };
	struct maintainers *m;

	pthread_mutex_lock(&report.lock);
	free(report.path);
	report.path = xstrdup(path);
	report.shown = 0;
	report.hidden = 0;
	pthread_mutex_unlock(&report.lock);
	m = maintainers_load_opts(path, &opts, err, errlen);
	count_hidden();
	return m;
}

void maint_report_free(struct maintainers *m)
{
	if (!m)
		return;
	count_hidden();
	maintainers_free(m);
	pthread_mutex_lock(&report.lock);
	free(report.path);
	report.path = NULL;
	pthread_mutex_unlock(&report.lock);
}

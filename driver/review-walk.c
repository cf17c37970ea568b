// SPDX-License-Identifier: GPL-2.0-only
/*
 * The interactive review, like 'git add -p': one finding at a time with the code around it,
 * its proposed diff and the rule's rationale, and one key per decision. The terminal is in
 * raw mode (no line buffering, no echo) while a key is awaited, and is restored on every way
 * out: the end, 'q', end of input, exit(), and the signals that stop or end the process.
 */
#include "review.h"
#include "color.h"
#include "db.h"
#include "query.h"
#include "export.h"
#include "fingerprint.h"
#include "termsafe.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#define CONTEXT_LINES 4
#define KEY_EOF (-1)
#define KEY_ESC 27

/* ---- the terminal ---- */

static struct termios saved_termios;
static volatile sig_atomic_t raw_mode;
static bool termios_saved;

static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static struct sigaction old_actions[ARRAY_SIZE(fatal_signals) + 1];

static void term_restore(void)
{
	int saved_errno = errno;

	if (raw_mode) {
		tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
		raw_mode = 0;
	}
	errno = saved_errno;
}

static int term_raw(void)
{
	struct termios raw = saved_termios;

	raw.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSANOW, &raw))
		return -1;
	raw_mode = 1;
	return 0;
}

static void on_fatal_signal(int sig)
{
	static const char nl = '\n';

	term_restore();
	/* The line the key prompt was on ends; a failure changes nothing now. */
	(void)!write(STDOUT_FILENO, &nl, 1);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void on_stop_signal(int sig)
{
	int was_raw = raw_mode, saved_errno = errno;
	struct sigaction sa;
	sigset_t set;

	term_restore();
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	/* Continued: back to raw mode where we were. */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
	if (was_raw)
		term_raw();
	errno = saved_errno;
}

static void install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_fatal_signal;
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &sa, &old_actions[i]);
	sa.sa_handler = on_stop_signal;
	sigaction(SIGTSTP, &sa, &old_actions[ARRAY_SIZE(fatal_signals)]);
}

static void remove_handlers(void)
{
	for (size_t i = 0; i < ARRAY_SIZE(fatal_signals); i++)
		sigaction(fatal_signals[i], &old_actions[i], NULL);
	sigaction(SIGTSTP, &old_actions[ARRAY_SIZE(fatal_signals)], NULL);
}

static int term_setup(void)
{
	static bool registered;

	if (tcgetattr(STDIN_FILENO, &saved_termios))
		return error("review: cannot read the terminal's settings: %m; run it on a "
			     "terminal, or pass finding IDs with --accept or --reject REASON");
	termios_saved = true;
	if (!registered && !atexit(term_restore))
		registered = true;
	install_handlers();
	return 0;
}

static void term_teardown(void)
{
	term_restore();
	if (termios_saved)
		remove_handlers();
	termios_saved = false;
}

/* Read one key in raw mode; KEY_EOF at the end of input. Escape sequences become KEY_ESC. */
static int read_key(void)
{
	unsigned char c;
	ssize_t n;

	fflush(stdout);
	if (!raw_mode && term_raw())
		return KEY_EOF;
	do
		n = read(STDIN_FILENO, &c, 1);
	while (n < 0 && errno == EINTR);
	if (n != 1)
		return KEY_EOF;
	if (c == KEY_ESC) {
		struct pollfd p = { STDIN_FILENO, POLLIN, 0 };

		/* The rest of an arrow key or the like: drop it. */
		while (poll(&p, 1, 30) == 1 && (p.revents & POLLIN) &&
		       read(STDIN_FILENO, &c, 1) == 1)
			;
		return KEY_ESC;
	}
	return c == 4 ? KEY_EOF : c;	/* Ctrl-D */
}

/* Read a line with echo and simple editing; -1 when cancelled (Esc, Ctrl-G, end of input). */
static int read_line(struct strbuf *sb)
{
	for (;;) {
		int c = read_key();

		if (c == KEY_EOF || c == KEY_ESC || c == 7)
			return -1;
		if (c == '\n' || c == '\r')
			break;
		if (c == 127 || c == 8) {
			/* Drop one UTF-8 character. */
			while (sb->len && ((unsigned char)sb->buf[sb->len - 1] & 0xc0) == 0x80)
				strbuf_setlen(sb, sb->len - 1);
			if (sb->len) {
				strbuf_setlen(sb, sb->len - 1);
				fputs("\b \b", stdout);
			}
			continue;
		}
		if (c == 21) {	/* Ctrl-U */
			for (size_t i = 0; i < sb->len; i++)
				if (((unsigned char)sb->buf[i] & 0xc0) != 0x80)
					fputs("\b \b", stdout);
			strbuf_reset(sb);
			continue;
		}
		if (c < 32)
			continue;
		strbuf_addch(sb, (char)c);
		putchar(c);
	}
	putchar('\n');
	strbuf_rtrim(sb);
	return 0;
}

/* ---- showing a finding ---- */

struct walk {
	sqlite3 *db;
	struct row_list *rows;
	struct rule_docs docs;
	const char *reviewer;
	size_t cur;
	char *note;		/* pending for the current finding */
	bool color;
	long accepted, rejected, notes;
	struct string_list rationale_shown;	/* rules whose rationale was printed */
};

static const char *c(const struct walk *w, const char *code)
{
	return color_code(w->color, code);
}

static char *finding_text(sqlite3 *db, const char *sql, long long id)
{
	sqlite3_stmt *st = db_prepare(db, sql);
	char *s = NULL;

	if (!st)
		return NULL;
	db_bind_int(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		s = xstrdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static void print_numbered(const struct walk *w, const char *text, size_t len, long first,
			   long mark_from, long mark_to)
{
	const char *p = text, *end = text + len;

	for (long line = first; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		bool mark = line >= mark_from && line <= mark_to;

		printf("%s%c %6ld  ", mark ? c(w, COLOR_BOLD) : "", mark ? '>' : ' ', line);
		fput_termsafe(stdout, p, n, TS_KEEP_TAB);
		printf("%s\n", mark ? c(w, COLOR_RESET) : "");
		p = nl ? nl + 1 : end;
	}
}

static void show_code(const struct walk *w, const struct finding_row *r)
{
	char *top = run_tree_path(w->db, r->last_run);
	char *path = top ? xstrfmt("%s/%s", top, r->file) : NULL;
	struct strbuf src = STRBUF_INIT, part = STRBUF_INIT;

	putchar('\n');
	if (finding_code_now(top, r, &src)) {
		long first = r->line > CONTEXT_LINES ? r->line - CONTEXT_LINES : 1;
		long last = r->end_line + CONTEXT_LINES;

		while (last > r->end_line && source_lines(src.buf, src.len, first, last, &part))
			last--;
		print_numbered(w, part.buf, part.len, first, r->line, r->end_line);
	} else {
		printf("%s(the code as run %lld saw it: the file is gone or has changed)%s\n",
		       c(w, COLOR_FAINT), r->last_run, c(w, COLOR_RESET));
		print_numbered(w, r->code, strlen(r->code), r->line, r->line, r->end_line);
	}
	strbuf_release(&part);
	strbuf_release(&src);
	free(path);
	free(top);
}

static void show_diff(const struct walk *w, const struct finding_row *r)
{
	const char *p = r->diff;

	putchar('\n');
	if (!p || !*p) {
		printf("proposed diff: none (verdict %s: the rule proposes no change)\n",
		       tsafe(r->verdict));
		return;
	}
	printf("proposed diff:\n");
	while (*p) {
		size_t n = strcspn(p, "\n");
		struct strbuf line = STRBUF_INIT;
		const char *code;

		strbuf_add_termsafe(&line, p, n, TS_KEEP_TAB);
		code = color_of_diff_line(line.buf);
		printf("%s%s%s\n", code ? c(w, code) : "", line.buf, code ? c(w, COLOR_RESET) : "");
		strbuf_release(&line);
		p += n + (p[n] == '\n');
	}
}

static size_t screen_width(void)
{
	struct winsize ws;

	if (!ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) && ws.ws_col >= 40)
		return ws.ws_col < 100 ? ws.ws_col : 100;
	return 80;
}

/* Write text in lines of at most width columns (longer words alone), each indented. */
static void print_wrapped(const char *text, size_t len, const char *indent, size_t width)
{
	const char *p = text, *end = text + len;
	size_t col = 0, ind = strlen(indent);

	while (p < end) {
		size_t n;

		while (p < end && *p == ' ')
			p++;
		for (n = 0; p + n < end && p[n] != ' '; n++)
			;
		if (!n)
			break;
		if (col && col + 1 + n > width) {
			putchar('\n');
			col = 0;
		}
		if (!col) {
			fputs(indent, stdout);
			col = ind;
		} else {
			putchar(' ');
			col++;
		}
		fput_termsafe(stdout, p, n, 0);
		col += n;
		p += n;
	}
	if (col)
		putchar('\n');
}

/* The description and the first paragraph of the rule's rationale. */
static void show_rationale(const struct walk *w, const struct finding_row *r)
{
	const struct rule_doc *d = rule_docs_find(&w->docs, r->rule);
	const char *why = d && d->rationale ? d->rationale : "";
	const char *end = strstr(why, "\n\n");

	printf("\n%swhy:%s %s\n", c(w, COLOR_BOLD), c(w, COLOR_RESET),
	       d && d->description && *d->description ? tsafe(d->description) :
	       "(the database has no description of this rule)");
	if (*why)
		print_wrapped(why, end ? (size_t)(end - why) : strlen(why), "     ",
			      screen_width());
}

/* The rationale the first time a finding of its rule comes up; later only a pointer to '?'. */
static void show_rationale_once(struct walk *w, const struct finding_row *r)
{
	if (string_list_has(&w->rationale_shown, r->rule)) {
		printf("\n%swhy:%s as for the earlier %s findings; ? shows it again\n",
		       c(w, COLOR_BOLD), c(w, COLOR_RESET), r->rule);
		return;
	}
	string_list_append(&w->rationale_shown, r->rule);
	show_rationale(w, r);
}

static void show_decisions(const struct walk *w, const struct finding_row *r)
{
	sqlite3_stmt *st = db_prepare(w->db,
		"SELECT status, reason, reviewer, at, note, "
		"(SELECT count(*) FROM review WHERE finding_id = ?1) FROM review WHERE id = "
		REVIEW_LATEST_ID("?1"));

	if (!st)
		return;
	db_bind_int(st, 1, r->id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *reason = (const char *)sqlite3_column_text(st, 1);
		const char *note = (const char *)sqlite3_column_text(st, 4);
		long long n = sqlite3_column_int64(st, 5);

		printf("\nlatest decision: %s%s%s%s by %s at %s",
		       tsafe((const char *)sqlite3_column_text(st, 0)), reason ? " (" : "",
		       reason ? tsafe(reason) : "", reason ? ")" : "",
		       tsafe((const char *)sqlite3_column_text(st, 2)),
		       tsafe((const char *)sqlite3_column_text(st, 3)));
		if (n > 1)
			printf(" (%lld decisions: 'whichalloc show %lld' lists them)", n, r->id);
		putchar('\n');
		if (note)
			printf("  note: %s\n", tsafe(note));
	}
	sqlite3_finalize(st);
}

static void show_finding(struct walk *w)
{
	struct finding_row *r = &w->rows->items[w->cur];
	char *status = finding_text(w->db, "SELECT status FROM finding WHERE id = ?1", r->id);
	const char *vc = color_of_verdict(r->verdict);

	free(r->status);
	r->status = status ? status : xstrdup("?");
	printf("\n%s---- finding %lld (%zu of %zu) ----%s\n", c(w, COLOR_CYAN), r->id, w->cur + 1,
	       w->rows->nr, c(w, COLOR_RESET));
	printf("%s: %s%s%s [%s]\n", tsafe(r->rule), vc ? c(w, vc) : "", tsafe(r->verdict),
	       vc ? c(w, COLOR_RESET) : "", tsafe(r->status));
	printf("where:     %s:%lld in %s()\n", tsafe(r->file), r->line, tsafe(r->function));
	printf("subsystem: %s\n", r->subsystem ? tsafe(r->subsystem) : "(unknown)");
	printf("message:   %s\n", tsafe_lines(r->message));
	show_code(w, r);
	show_diff(w, r);
	show_rationale_once(w, r);
	show_decisions(w, r);
}

/* ---- keys ---- */

enum action { STAY, NEXT, PREV, QUIT };

static const char help_text[] =
	"y - accept this finding (a patch may be made from it)\n"
	"n - reject it; you are asked why: f false positive, i intentional, w not worth it\n"
	"s - skip it: leave it undecided and see the next one\n"
	"e - add a note: it goes with your next decision on this finding, alone if you move on\n"
	"k - go back to the previous finding (b does the same)\n"
	"q - quit: every decision made so far is already saved\n"
	"? - print this help and the rule's rationale\n";

static int decide(struct walk *w, const char *status, const char *reason)
{
	struct finding_row *r = &w->rows->items[w->cur];
	struct review_decision d = { status, reason, w->note, w->reviewer, NULL };
	int ret;

	if (db_begin(w->db))
		return -1;
	ret = review_record(w->db, r->id, &d);
	if (ret < 0 || db_commit(w->db)) {
		db_rollback(w->db);
		return -1;
	}
	if (ret == 0) {
		printf("finding %lld is already %s%s%s: nothing recorded\n", r->id, status,
		       reason ? " as " : "", reason ? reason : "");
	} else {
		printf("finding %lld: %s%s%s%s\n", r->id, status, reason ? " (" : "",
		       reason ? reason : "", reason ? ")" : "");
		if (!strcmp(status, "accepted"))
			w->accepted++;
		else
			w->rejected++;
		if (w->note)
			w->notes++;
	}
	free(w->note);
	w->note = NULL;
	return 0;
}

/* Leaving the finding without deciding: its pending note is recorded alone. */
static int flush_note(struct walk *w)
{
	long long id = w->rows->items[w->cur].id;

	if (!w->note)
		return 0;
	if (db_begin(w->db) || review_record_note(w->db, id, w->note, w->reviewer) < 0 ||
	    db_commit(w->db)) {
		db_rollback(w->db);
		return -1;
	}
	printf("note recorded for finding %lld\n", id);
	w->notes++;
	free(w->note);
	w->note = NULL;
	return 0;
}

static int ask_reason(struct walk *w, enum action *act)
{
	for (;;) {
		int key;

		printf("%sReject why? f false positive, i intentional, w not worth it, "
		       "c cancel:%s ", c(w, COLOR_BLUE), c(w, COLOR_RESET));
		key = read_key();
		if (key >= 32 && key < 127)
			printf("%c", key);
		putchar('\n');
		if (key == 'f' || key == 'i' || key == 'w') {
			*act = NEXT;
			return decide(w, "rejected", key == 'f' ? "false-positive" :
				      key == 'i' ? "intentional" : "not-worth-it");
		}
		if (key == 'c' || key == KEY_ESC || key == KEY_EOF) {
			*act = key == KEY_EOF ? QUIT : STAY;
			return 0;
		}
		printf("'f', 'i', 'w', or 'c' to cancel\n");
	}
}

static int ask_note(struct walk *w)
{
	struct strbuf sb = STRBUF_INIT;

	printf("%sNote (Enter to keep it, Esc to cancel):%s ", c(w, COLOR_BLUE),
	       c(w, COLOR_RESET));
	if (w->note) {
		/* Edit the pending note. */
		strbuf_addstr(&sb, w->note);
		fputs(w->note, stdout);
	}
	if (read_line(&sb) || !sb.len) {
		printf("(no note)\n");
		strbuf_release(&sb);
		return 0;
	}
	free(w->note);
	w->note = strbuf_detach(&sb, NULL);
	printf("the note goes with your next decision on this finding (y or n), or alone when "
	       "you move on\n");
	return 0;
}

static int handle_key(struct walk *w, int key, enum action *act)
{
	*act = STAY;
	switch (key) {
	case 'y':
		*act = NEXT;
		return decide(w, "accepted", NULL);
	case 'n':
		return ask_reason(w, act);
	case 's':
	case 'j':
		*act = NEXT;
		return 0;
	case 'e':
		return ask_note(w);
	case 'k':
	case 'b':
		if (!w->cur) {
			printf("this is the first finding: there is none before it\n");
			return 0;
		}
		*act = PREV;
		return 0;
	case 'q':
	case KEY_EOF:
		*act = QUIT;
		return 0;
	case '?':
		fputs(help_text, stdout);
		show_rationale(w, &w->rows->items[w->cur]);
		return 0;
	default:
		printf("'%c' is no key of the review; ? lists them\n",
		       key >= 32 && key < 127 ? key : '?');
		return 0;
	}
}

static int walk_loop(struct walk *w)
{
	enum action act = NEXT;

	while (w->cur < w->rows->nr) {
		struct finding_row *r = &w->rows->items[w->cur];
		int key;

		if (act != STAY)
			show_finding(w);
		printf("%s(%zu/%zu) Accept finding %lld%s [y,n,s,e,k,q,?]?%s ", c(w, COLOR_BLUE),
		       w->cur + 1, w->rows->nr, r->id, w->note ? " (with your note)" : "",
		       c(w, COLOR_RESET));
		key = read_key();
		printf("%c\n", key >= 32 && key < 127 ? key : ' ');
		if (handle_key(w, key, &act))
			return -1;
		if (act != STAY && flush_note(w))
			return -1;
		if (act == QUIT)
			break;
		if (act == NEXT)
			w->cur++;
		else if (act == PREV)
			w->cur--;
	}
	return 0;
}

static long long count_undecided(sqlite3 *db, const struct row_list *rows)
{
	sqlite3_stmt *st = db_prepare(db, "SELECT status = 'new' FROM finding WHERE id = ?1");
	long long n = 0;

	if (!st)
		return 0;
	for (size_t i = 0; i < rows->nr; i++) {
		db_bind_int(st, 1, rows->items[i].id);
		if (sqlite3_step(st) == SQLITE_ROW)
			n += sqlite3_column_int(st, 0);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return n;
}

int review_walk(sqlite3 *db, struct row_list *rows, long long run, const char *reviewer)
{
	struct walk w;
	int ret;

	memset(&w, 0, sizeof(w));
	w.db = db;
	w.rows = rows;
	w.reviewer = reviewer;
	w.color = color_enabled(stdout);
	if (!rows->nr) {
		printf("no findings to review: none matches the filters (the default is "
		       "--status new)\n");
		return 0;
	}
	if (rule_docs_load(db, run, rows, NULL, &w.docs))
		return -1;
	if (term_setup()) {
		rule_docs_clear(&w.docs);
		return -1;
	}
	printf("reviewing %zu findings as %s; ? for help\n", rows->nr, tsafe(reviewer));
	ret = walk_loop(&w);
	term_teardown();
	if (!ret)
		printf("\n%ld accepted, %ld rejected, %ld notes; %lld of the %zu findings are "
		       "undecided\n", w.accepted, w.rejected, w.notes, count_undecided(db, rows),
		       rows->nr);
	free(w.note);
	rule_docs_clear(&w.docs);
	string_list_clear(&w.rationale_shown);
	fflush(stdout);
	return ret;
}

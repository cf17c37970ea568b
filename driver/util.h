/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Messages, checked allocation, growable strings and string lists: the small pieces every
 * other part of the driver uses.
 */
#ifndef WHICHALLOC_UTIL_H
#define WHICHALLOC_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define WHICHALLOC_VERSION "0.1.0"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define NORETURN __attribute__((__noreturn__))
#define PRINTF(f, a) __attribute__((__format__(__printf__, f, a)))

/* Grow the array ptr (nr elements wanted, alloc allocated) like git's ALLOC_GROW. */
#define ALLOC_GROW(ptr, nr, alloc) \
	((ptr) = grow_array((ptr), (nr), &(alloc), sizeof(*(ptr))))

void *grow_array(void *ptr, size_t nr, size_t *alloc, size_t elem_size);

/*
 * die() prints "whichalloc: fatal: ..." and exits 1; error() prints "whichalloc: error: ..."
 * and returns -1; warning() prints "whichalloc: warning: ...". The last error message is kept
 * for the unit tests (last_error()).
 */
NORETURN PRINTF(1, 2) void die(const char *fmt, ...);
PRINTF(1, 2) int error(const char *fmt, ...);
PRINTF(1, 2) void warning(const char *fmt, ...);
const char *last_error(void);
/* Silence error() and warning() on stderr (the unit tests); last_error() still works. */
void set_quiet_errors(bool quiet);

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
PRINTF(1, 2) char *xstrfmt(const char *fmt, ...);

/* A growable NUL-terminated buffer; buf is never NULL. */
struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_slopbuf[];
#define STRBUF_INIT { 0, 0, strbuf_slopbuf }

void strbuf_init(struct strbuf *sb, size_t hint);
void strbuf_release(struct strbuf *sb);
char *strbuf_detach(struct strbuf *sb, size_t *len);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_setlen(struct strbuf *sb, size_t len);
void strbuf_reset(struct strbuf *sb);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, int c);
PRINTF(2, 3) void strbuf_addf(struct strbuf *sb, const char *fmt, ...);
void strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void strbuf_rtrim(struct strbuf *sb);
/* Read a whole file; -1 with errno set when it cannot be read. */
int strbuf_read_file(struct strbuf *sb, const char *path);
/* Read everything from fd until EOF; -1 with errno set on a read error. */
int strbuf_read_fd(struct strbuf *sb, int fd);

/* A list of owned strings. */
struct string_list {
	char **items;
	size_t nr;
	size_t alloc;
};

#define STRING_LIST_INIT { NULL, 0, 0 }

void string_list_append(struct string_list *list, const char *s);
void string_list_append_nodup(struct string_list *list, char *s);
void string_list_clear(struct string_list *list);
bool string_list_has(const struct string_list *list, const char *s);
void string_list_sort(struct string_list *list);
/* Drop adjacent duplicates of a sorted list. */
void string_list_uniq(struct string_list *list);
/*
 * Append the pieces of s separated by any byte of delims, with blanks around each piece
 * removed; empty pieces are dropped.
 */
void string_list_split(struct string_list *list, const char *s, const char *delims);

bool starts_with(const char *s, const char *prefix);
bool ends_with(const char *s, const char *suffix);
/* Parse a whole decimal string into [min, max]; -1 when it is not one. */
int parse_long(const char *s, long min, long max, long *out);

/* Seconds since an arbitrary point, from a monotonic clock. */
double monotonic_seconds(void);
/* The current time as ISO 8601 UTC ("2026-01-31T12:00:00Z"). */
void iso8601_now(char out[32]);

/* Is path (its symbolic links followed) a directory? */
bool dir_exists(const char *path);
/* The absolute path of path with its symbolic links resolved; dies when there is none. */
char *xrealpath(const char *path);

/* The directory holding the running executable (from /proc/self/exe), or NULL. */
const char *executable_dir(void);

/* Where temporary files go: $TMPDIR when set and not empty, else /tmp. */
const char *temp_dir(void);
/* Write all of buf to fd, again after EINTR and short writes; -1 (errno set) on failure. */
int write_in_full(int fd, const void *buf, size_t len);
/* Remove dir and everything in it without following symbolic links; -1 with errno. */
int remove_tree(const char *dir);

#endif

/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Terminal colours: on only when the output is a terminal (not TERM=dumb) and NO_COLOR is unset
 * or empty (https://no-color.org), unless whichalloc --color=always|never says otherwise.
 */
#ifndef WHICHALLOC_COLOR_H
#define WHICHALLOC_COLOR_H

#include <stdbool.h>
#include <stdio.h>

enum color_mode { COLOR_AUTO, COLOR_ALWAYS, COLOR_NEVER };

#define COLOR_RESET	"\033[m"
#define COLOR_BOLD	"\033[1m"
#define COLOR_RED	"\033[31m"
#define COLOR_GREEN	"\033[32m"
#define COLOR_YELLOW	"\033[33m"
#define COLOR_BLUE	"\033[34m"
#define COLOR_MAGENTA	"\033[35m"
#define COLOR_CYAN	"\033[36m"
#define COLOR_FAINT	"\033[2m"

/* "auto", "always" or "never"; -1 with a message otherwise. */
int color_parse_mode(const char *arg, enum color_mode *out);
/* Set by main() from --color / --no-color; COLOR_AUTO by default. */
void color_set_mode(enum color_mode mode);
enum color_mode color_get_mode(void);

/* Should output written to f be coloured? */
bool color_enabled(FILE *f);

/* code when on, else "" (for printf arguments). */
const char *color_code(bool on, const char *code);
/* Write text in colour code (and reset) when on; just text otherwise. */
void color_fputs(FILE *f, bool on, const char *code, const char *text);

/* The colour of a verdict (replace, keep, review), a status, and a line of a unified diff. */
const char *color_of_verdict(const char *verdict);
const char *color_of_status(const char *status);
const char *color_of_diff_line(const char *line);

#endif

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Terminal colours.
 */
#include "color.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static enum color_mode mode = COLOR_AUTO;

int color_parse_mode(const char *arg, enum color_mode *out)
{
	if (!strcmp(arg, "auto"))
		*out = COLOR_AUTO;
	else if (!strcmp(arg, "always"))
		*out = COLOR_ALWAYS;
	else if (!strcmp(arg, "never"))
		*out = COLOR_NEVER;
	else
		return error("--color wants auto, always or never, not '%s'", arg);
	return 0;
}

void color_set_mode(enum color_mode m)
{
	mode = m;
}

enum color_mode color_get_mode(void)
{
	return mode;
}

bool color_enabled(FILE *f)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (mode != COLOR_AUTO)
		return mode == COLOR_ALWAYS;
	if (no_color && *no_color)
		return false;
	if (!term || !*term || !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(f));
}

const char *color_code(bool on, const char *code)
{
	return on && code ? code : "";
}

void color_fputs(FILE *f, bool on, const char *code, const char *text)
{
	if (on && code && *code)
		fprintf(f, "%s%s%s", code, text, COLOR_RESET);
	else
		fputs(text, f);
}

const char *color_of_verdict(const char *verdict)
{
	if (!strcmp(verdict, "replace"))
		return COLOR_YELLOW;
	if (!strcmp(verdict, "keep"))
		return COLOR_GREEN;
	if (!strcmp(verdict, "review"))
		return COLOR_MAGENTA;
	return NULL;
}

const char *color_of_status(const char *status)
{
	if (!strcmp(status, "new"))
		return COLOR_BOLD;
	if (!strcmp(status, "accepted"))
		return COLOR_GREEN;
	if (!strcmp(status, "rejected") || !strcmp(status, "fixed"))
		return COLOR_FAINT;
	return NULL;
}

const char *color_of_diff_line(const char *line)
{
	if (starts_with(line, "+++ ") || starts_with(line, "--- "))
		return COLOR_BOLD;
	if (starts_with(line, "@@"))
		return COLOR_CYAN;
	if (line[0] == '+')
		return COLOR_GREEN;
	if (line[0] == '-')
		return COLOR_RED;
	return NULL;
}

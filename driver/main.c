// SPDX-License-Identifier: GPL-2.0-only
/*
 * whichalloc: which allocator should this kernel code use?
 *
 * main() only dispatches to the subcommands in cmd-*.c.
 */
#include "cmd.h"
#include "color.h"
#include "db.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void print_usage(FILE *out)
{
	fprintf(out,
		"usage: whichalloc [--help] [--version] [--color[=WHEN] | --no-color] COMMAND\n"
		"                  [ARGS]\n"
		"\n"
		"Find kernel code that uses the page allocator for plain buffers, and open-coded\n"
		"memdup_user_nul(), with Coccinelle rules; store the findings in SQLite.\n"
		"\n"
		"  --color[=WHEN]  colour the output: auto (the default: on a terminal, unless\n"
		"                  NO_COLOR is set), always or never; --color alone is always\n"
		"  --no-color      the same as --color=never\n"
		"\n");
	print_commands(out);
	fprintf(out, "\n'whichalloc help COMMAND' or 'whichalloc COMMAND --help' shows a "
		"command's options.\n");
}

static int cmd_help(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		print_usage(stdout);
		return 0;
	}
	c = find_command(argv[1]);
	if (!c) {
		error("help: '%s' is not a whichalloc command", argv[1]);
		print_commands(stderr);
		return EXIT_USAGE;
	}
	usage_print(c->usage, stdout);
	return 0;
}

/* Take the leading --color[=WHEN] and --no-color; the index of the first other argument. */
static int color_options(int argc, char **argv)
{
	enum color_mode mode;
	int i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--no-color") || !strcmp(argv[i], "--color")) {
			color_set_mode(argv[i][2] == 'n' ? COLOR_NEVER : COLOR_ALWAYS);
		} else if (starts_with(argv[i], "--color=")) {
			if (color_parse_mode(argv[i] + strlen("--color="), &mode))
				return -1;
			color_set_mode(mode);
		} else {
			break;
		}
	}
	return i;
}

/*
 * Whatever a command printed must have reached standard output: a full disk or a closed
 * pipe is an error (exit 1), never a silent success. Checked once, here, for every command.
 */
static int finish(int ret)
{
	int err = 0;

	if (fflush(stdout) || ferror(stdout))
		err = errno ? errno : EIO;
	if (fclose(stdout) && !err && errno != EBADF)
		err = errno;
	/* A command that failed has said why already. */
	if (err && !ret) {
		error("cannot write to standard output: %s", strerror(err));
		return 1;
	}
	return ret;
}

static int run(int argc, char **argv)
{
	const struct command *c;
	int skip = color_options(argc, argv);

	if (skip < 0)
		return EXIT_USAGE;
	argv[skip - 1] = argv[0];
	argc -= skip - 1;
	argv += skip - 1;
	if (argc < 2) {
		print_usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return cmd_help(1, argv);
	if (!strcmp(argv[1], "--version")) {
		printf("whichalloc %s (database schema version %d)\n", WHICHALLOC_VERSION,
		       db_schema_version());
		return 0;
	}
	if (!strcmp(argv[1], "help"))
		return cmd_help(argc - 1, argv + 1);
	c = find_command(argv[1]);
	if (!c) {
		error("'%s' is not a whichalloc command; see 'whichalloc --help'", argv[1]);
		print_commands(stderr);
		return EXIT_USAGE;
	}
	/* Hidden: the option table as data, for the bash completion and tests/export/usage. */
	if (argc == 3 && !strcmp(argv[2], "--list-options")) {
		usage_list_options(c->usage, stdout);
		return 0;
	}
	return c->fn(argc - 1, argv + 1);
}

int main(int argc, char **argv)
{
	return finish(run(argc, argv));
}

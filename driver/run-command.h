/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Run programs with an argv (never through a shell), in their own process group, capturing
 * their standard output and error, with an optional time limit.
 */
#ifndef WHICHALLOC_RUN_COMMAND_H
#define WHICHALLOC_RUN_COMMAND_H

#include "util.h"

#include <stdbool.h>
#include <sys/types.h>

struct child_process {
	/* Set by the caller. */
	const char **argv;	/* NULL-terminated; argv[0] is what the program sees */
	const char *program;	/* the file to execute; NULL: argv[0], searched on PATH */
	const char *dir;	/* working directory; NULL: ours */
	char **env;		/* the whole environment; NULL: ours */
	double time_limit;	/* seconds; 0: none */
	size_t max_output;	/* bytes of stdout and stderr together; 0: no limit. Past it
				   the child is killed and output_exceeded set */

	/* Filled in. */
	pid_t pid;
	int out_fd;
	int err_fd;
	struct strbuf out;
	struct strbuf err;
	double started;
	bool running;
	bool timed_out;
	bool output_exceeded;
	int status;		/* from waitpid() */
};

#define CHILD_PROCESS_INIT { .out_fd = -1, .err_fd = -1, .out = STRBUF_INIT, .err = STRBUF_INIT }

/*
 * An environment for a child: ours without the entries that start with one of drop (a
 * NULL-terminated list of prefixes such as "GIT_" or "PYTHONPATH="), then the entries of add
 * (NULL-terminated; may be NULL). Free it with env_free().
 */
char **env_filtered(const char *const *drop, const char *const *add);
void env_free(char **env);

void child_process_init(struct child_process *cp);
/* Release the captured output. */
void child_process_clear(struct child_process *cp);

/* Start the program; -1 (with a message) when it cannot be started. */
int start_command(struct child_process *cp);

/*
 * Collect output from the running children among cp[0..nr-1] for up to timeout_ms, kill those
 * past their time limit and reap those that ended. Returns how many ended, or -1 when a
 * signal interrupted the wait (the caller checks why).
 */
int wait_children(struct child_process **cp, size_t nr, int timeout_ms);

/* Start, wait for the end; -1 when it could not be started, else 0 (see the status). */
int run_command(struct child_process *cp);

/* Send sig to the child's whole process group. */
void kill_command(struct child_process *cp, int sig);

/* Exited normally with status 0 within its time and output limits. */
bool command_succeeded(const struct child_process *cp);
/*
 * "exited with status 2", "killed by signal 9 (Killed)", "exceeded its time limit of 60 s",
 * "printed more than its limit of 64 MB and was stopped".
 */
void describe_command_end(const struct child_process *cp, struct strbuf *out);

/* The full path of an executable found on PATH, or NULL. */
char *locate_program(const char *name);

#endif

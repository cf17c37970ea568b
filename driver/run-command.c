// SPDX-License-Identifier: GPL-2.0-only
/*
 * posix_spawn() with pipes, process groups and time limits.
 */
#include "run-command.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

void child_process_init(struct child_process *cp)
{
	struct child_process blank = CHILD_PROCESS_INIT;

	*cp = blank;
}

void child_process_clear(struct child_process *cp)
{
	strbuf_release(&cp->out);
	strbuf_release(&cp->err);
}

char *locate_program(const char *name)
{
	const char *path = getenv("PATH");
	struct string_list dirs = STRING_LIST_INIT;
	char *found = NULL;

	if (strchr(name, '/'))
		return access(name, X_OK) ? NULL : xstrdup(name);
	string_list_split(&dirs, path ? path : "/usr/bin:/bin", ":");
	for (size_t i = 0; i < dirs.nr && !found; i++) {
		char *candidate = xstrfmt("%s/%s", dirs.items[i], name);

		if (!access(candidate, X_OK))
			found = candidate;
		else
			free(candidate);
	}
	string_list_clear(&dirs);
	return found;
}

static int setup_spawn_attrs(posix_spawnattr_t *attr)
{
	sigset_t none, defaults;

	sigemptyset(&none);
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGINT);
	sigaddset(&defaults, SIGTERM);
	sigaddset(&defaults, SIGPIPE);
	sigaddset(&defaults, SIGCHLD);
	if (posix_spawnattr_init(attr))
		return -1;
	if (posix_spawnattr_setflags(attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK |
				     POSIX_SPAWN_SETSIGDEF) ||
	    posix_spawnattr_setpgroup(attr, 0) ||
	    posix_spawnattr_setsigmask(attr, &none) ||
	    posix_spawnattr_setsigdefault(attr, &defaults)) {
		posix_spawnattr_destroy(attr);
		return -1;
	}
	return 0;
}

static int setup_file_actions(posix_spawn_file_actions_t *fa, const struct child_process *cp,
			      int out_w, int err_w)
{
	if (posix_spawn_file_actions_init(fa))
		return -1;
	if (posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0) ||
	    posix_spawn_file_actions_adddup2(fa, out_w, 1) ||
	    posix_spawn_file_actions_adddup2(fa, err_w, 2) ||
	    (cp->dir && posix_spawn_file_actions_addchdir_np(fa, cp->dir))) {
		posix_spawn_file_actions_destroy(fa);
		return -1;
	}
	return 0;
}

static void close_pair(int fds[2])
{
	close(fds[0]);
	close(fds[1]);
}

static int spawn_with_pipes(struct child_process *cp, int out[2], int err[2])
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	const char *program = cp->program ? cp->program : cp->argv[0];
	int ret;

	if (setup_spawn_attrs(&attr))
		return error("cannot set up spawn attributes for %s: %s", program,
			     strerror(errno));
	if (setup_file_actions(&fa, cp, out[1], err[1])) {
		posix_spawnattr_destroy(&attr);
		return error("cannot set up file actions for %s: %s", program, strerror(errno));
	}
	if (strchr(program, '/'))
		ret = posix_spawn(&cp->pid, program, &fa, &attr, (char *const *)cp->argv,
				  cp->env ? cp->env : environ);
	else
		ret = posix_spawnp(&cp->pid, program, &fa, &attr, (char *const *)cp->argv,
				   cp->env ? cp->env : environ);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&attr);
	if (ret)
		return error("cannot run %s%s%s: %s; check that it is installed and executable",
			     program, cp->dir ? " in " : "", cp->dir ? cp->dir : "",
			     strerror(ret));
	return 0;
}

int start_command(struct child_process *cp)
{
	int out[2], err[2];

	if (pipe2(out, O_CLOEXEC))
		return error("cannot create a pipe for %s: %s", cp->argv[0], strerror(errno));
	if (pipe2(err, O_CLOEXEC)) {
		close_pair(out);
		return error("cannot create a pipe for %s: %s", cp->argv[0], strerror(errno));
	}
	if (spawn_with_pipes(cp, out, err)) {
		close_pair(out);
		close_pair(err);
		return -1;
	}
	close(out[1]);
	close(err[1]);
	cp->out_fd = out[0];
	cp->err_fd = err[0];
	fcntl(cp->out_fd, F_SETFL, O_NONBLOCK);
	fcntl(cp->err_fd, F_SETFL, O_NONBLOCK);
	cp->started = monotonic_seconds();
	cp->running = true;
	cp->timed_out = false;
	cp->output_exceeded = false;
	cp->status = 0;
	return 0;
}

/*
 * What one call reads at most from a child that keeps writing: then the caller looks at the
 * clock again (a child that floods its output must not escape its time limit).
 */
#define DRAIN_BUDGET (1024 * 1024)

static void stop_for_output(struct child_process *cp)
{
	cp->output_exceeded = true;
	if (cp->pid > 0)
		killpg(cp->pid, SIGKILL);
}

/*
 * Read what is available, at most DRAIN_BUDGET bytes unless to_eof; close the descriptor at
 * EOF. Past cp->max_output the child is killed and the rest of its output is not read.
 */
static void drain_fd(struct child_process *cp, int *fd, struct strbuf *sb, bool to_eof)
{
	size_t got = 0;

	while (*fd >= 0) {
		ssize_t n;

		if (cp->max_output && cp->out.len + cp->err.len > cp->max_output) {
			if (!cp->output_exceeded)
				stop_for_output(cp);
			break;
		}
		if (!to_eof && got >= DRAIN_BUDGET)
			return;
		strbuf_grow(sb, 65536);
		n = read(*fd, sb->buf + sb->len, sb->alloc - sb->len - 1);
		if (n > 0) {
			sb->len += (size_t)n;
			sb->buf[sb->len] = '\0';
			got += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN)
			return;
		break;
	}
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

void kill_command(struct child_process *cp, int sig)
{
	if (cp->running && cp->pid > 0)
		killpg(cp->pid, sig);
}

static void enforce_time_limit(struct child_process *cp, double now)
{
	if (!cp->running || cp->time_limit <= 0 || cp->timed_out)
		return;
	if (now - cp->started > cp->time_limit) {
		cp->timed_out = true;
		kill_command(cp, SIGKILL);
	}
}

/* Has the child ended? Leaves it unreaped, so its process group id stays ours. */
static bool child_has_ended(struct child_process *cp, bool block)
{
	siginfo_t info;
	int r;

	memset(&info, 0, sizeof(info));
	do {
		r = waitid(P_PID, (id_t)cp->pid, &info, WEXITED | WNOWAIT | (block ? 0 : WNOHANG));
	} while (r < 0 && errno == EINTR);
	return r < 0 || info.si_pid == cp->pid;
}

/* Reap the child when it has ended, with whatever its group left behind; true when it has. */
static bool reap_child(struct child_process *cp)
{
	pid_t r;

	if (!child_has_ended(cp, cp->out_fd < 0 && cp->err_fd < 0))
		return false;
	killpg(cp->pid, SIGKILL);
	/* Before the reaping: the pid, our process group id, must not be reused yet. */
	drain_fd(cp, &cp->out_fd, &cp->out, true);
	drain_fd(cp, &cp->err_fd, &cp->err, true);
	do {
		r = waitpid(cp->pid, &cp->status, 0);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		cp->status = 0x7f00;	/* lost: report as "exited with status 127" */
	if (cp->out_fd >= 0)
		close(cp->out_fd);
	if (cp->err_fd >= 0)
		close(cp->err_fd);
	cp->out_fd = cp->err_fd = -1;
	cp->running = false;
	return true;
}

static size_t collect_pollfds(struct child_process **cp, size_t nr, struct pollfd *pfd)
{
	size_t n = 0;

	for (size_t i = 0; i < nr; i++) {
		if (!cp[i]->running)
			continue;
		if (cp[i]->out_fd >= 0)
			pfd[n++] = (struct pollfd){ .fd = cp[i]->out_fd, .events = POLLIN };
		if (cp[i]->err_fd >= 0)
			pfd[n++] = (struct pollfd){ .fd = cp[i]->err_fd, .events = POLLIN };
	}
	return n;
}

int wait_children(struct child_process **cp, size_t nr, int timeout_ms)
{
	struct pollfd *pfd = xcalloc(2 * nr + 1, sizeof(*pfd));
	size_t npfd = collect_pollfds(cp, nr, pfd);
	int ended = 0, ret;
	double now;

	ret = poll(pfd, npfd, timeout_ms);
	free(pfd);
	if (ret < 0 && errno != EINTR)
		die("poll() failed while waiting for spatch: %s", strerror(errno));
	now = monotonic_seconds();
	for (size_t i = 0; i < nr; i++) {
		if (!cp[i]->running)
			continue;
		drain_fd(cp[i], &cp[i]->out_fd, &cp[i]->out, false);
		drain_fd(cp[i], &cp[i]->err_fd, &cp[i]->err, false);
		enforce_time_limit(cp[i], now);
		if (reap_child(cp[i]))
			ended++;
	}
	return ret < 0 && !ended ? -1 : ended;
}

int run_command(struct child_process *cp)
{
	if (start_command(cp))
		return -1;
	while (cp->running)
		wait_children(&cp, 1, 1000);
	return 0;
}

bool command_succeeded(const struct child_process *cp)
{
	return !cp->timed_out && !cp->output_exceeded && WIFEXITED(cp->status) && WEXITSTATUS(cp->status) == 0;
}

void describe_command_end(const struct child_process *cp, struct strbuf *out)
{
	if (cp->timed_out)
		strbuf_addf(out, "exceeded its time limit of %.0f s", cp->time_limit);
	else if (cp->output_exceeded)
		strbuf_addf(out, "printed more than its limit of %zu MB and was stopped",
			    (cp->max_output + (1 << 20) - 1) >> 20);
	else if (WIFSIGNALED(cp->status))
		strbuf_addf(out, "was killed by signal %d (%s)", WTERMSIG(cp->status),
			    strsignal(WTERMSIG(cp->status)));
	else
		strbuf_addf(out, "exited with status %d", WEXITSTATUS(cp->status));
}

static bool env_dropped(const char *entry, const char *const *drop)
{
	for (size_t i = 0; drop && drop[i]; i++)
		if (starts_with(entry, drop[i]))
			return true;
	return false;
}

char **env_filtered(const char *const *drop, const char *const *add)
{
	size_t n = 0, extra = 0, out = 0;
	char **env;

	while (environ[n])
		n++;
	while (add && add[extra])
		extra++;
	env = xcalloc(n + extra + 1, sizeof(*env));
	for (size_t i = 0; i < n; i++)
		if (!env_dropped(environ[i], drop))
			env[out++] = xstrdup(environ[i]);
	for (size_t i = 0; i < extra; i++)
		env[out++] = xstrdup(add[i]);
	return env;
}

void env_free(char **env)
{
	for (size_t i = 0; env && env[i]; i++)
		free(env[i]);
	free(env);
}

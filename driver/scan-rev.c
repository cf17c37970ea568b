// SPDX-License-Identifier: GPL-2.0-only
/*
 * scan --rev REV: export a revision of a git repository to a temporary directory.
 */
#include "scan-rev.h"
#include "run-command.h"
#include "util.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define REV_GIT_TIME_LIMIT 3600

static volatile sig_atomic_t rev_caught_signal;

static void rev_note_signal(int sig)
{
	rev_caught_signal = sig;
}

/* Run argv; its first output line in *out (when out is not NULL). -1: it failed, said. */
static int run_git(const char **argv, const char *what, char **out, bool quiet)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	int ret = -1;

	cp.argv = argv;
	cp.time_limit = REV_GIT_TIME_LIMIT;
	cp.max_output = 1 << 20;
	if (!run_command(&cp) && command_succeeded(&cp)) {
		strbuf_rtrim(&cp.out);
		if (out)
			*out = xstrndup(cp.out.buf, strcspn(cp.out.buf, "\n"));
		ret = 0;
	} else if (!quiet) {
		struct strbuf how = STRBUF_INIT;

		describe_command_end(&cp, &how);
		strbuf_rtrim(&cp.err);
		error("%s: %s %s: %s", what, argv[0], how.buf, cp.err.buf);
		strbuf_release(&how);
	}
	child_process_clear(&cp);
	return ret;
}

/* The top of a work tree or a bare repository: not a directory inside a work tree. */
static int check_repository(const char *repo)
{
	const char *argv[] = { "git", "-C", repo, "rev-parse", "--show-prefix", NULL };
	char *git = locate_program("git"), *prefix = NULL;
	int ret = 0;

	if (!git)
		return error("--rev needs git, which is not on PATH (apt-get install git)");
	free(git);
	if (run_git(argv, "--rev", &prefix, true))
		ret = error("--kernel %s is not a git work tree or repository: --rev REV scans a "
			    "revision of a git repository; scan a plain tree without --rev", repo);
	else if (*prefix)
		ret = error("--kernel %s is the directory %s of a git work tree, not its top: give "
			    "the top of the work tree with --rev", repo, prefix);
	free(prefix);
	return ret;
}

static char *resolve_commit(const char *repo, const char *rev)
{
	char *spec = xstrfmt("%s^{commit}", rev);
	const char *argv[] = { "git", "-C", repo, "rev-parse", "--verify", "--quiet", spec,
			       NULL };
	char *commit = NULL;

	if (*rev == '-' || run_git(argv, "--rev", &commit, true) || !commit || !*commit) {
		error("--rev %s: no such revision (commit) in %s; give a commit, branch or tag "
		      "that 'git -C %s log %s' knows", rev, repo, repo, rev);
		free(commit);
		commit = NULL;
	}
	free(spec);
	return commit;
}

static char *make_copy_dir(void)
{
	char *dir = xstrfmt("%s/whichalloc-rev.%ld.XXXXXX", temp_dir(), (long)getpid());

	if (!mkdtemp(dir)) {
		error("cannot make a directory in %s for the revision: %m; set TMPDIR to a "
		      "writable directory", temp_dir());
		free(dir);
		return NULL;
	}
	return dir;
}

/* git archive into copy/.rev.tar, tar -x of it into copy, the tar file removed. */
static int extract(const char *repo, const char *commit, const char *copy)
{
	char *tar = xstrfmt("%s/.whichalloc-rev.tar", copy);
	const char *archive[] = { "git", "-C", repo, "archive", "--format=tar", "-o", tar,
				  commit, NULL };
	const char *untar[] = { "tar", "-C", copy, "-x", "-f", tar, NULL };
	int ret = run_git(archive, "--rev: cannot export the revision", NULL, false);

	if (!ret && !rev_caught_signal)
		ret = run_git(untar, "--rev: cannot unpack the revision", NULL, false);
	if (unlink(tar) && errno != ENOENT && !ret)
		ret = error("cannot remove %s: %m", tar);
	free(tar);
	return ret;
}

void scan_rev_remove(const char *copy)
{
	if (copy && remove_tree(copy) && errno != ENOENT)
		warning("cannot remove the revision's temporary copy %s: %m", copy);
}

int scan_rev_export(const char *repo, const char *rev, char **copy, char **commit)
{
	struct sigaction sa, old_int, old_term;
	int ret;

	*copy = NULL;
	*commit = NULL;
	if (check_repository(repo))
		return -1;
	*commit = resolve_commit(repo, rev);
	if (!*commit)
		return -1;
	*copy = make_copy_dir();
	if (!*copy)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rev_note_signal;
	sigemptyset(&sa.sa_mask);
	rev_caught_signal = 0;
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	ret = extract(repo, *commit, *copy);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (!ret && rev_caught_signal)
		ret = error("interrupted by %s while exporting revision %s; nothing was scanned",
			    rev_caught_signal == SIGINT ? "SIGINT" : "SIGTERM", rev);
	if (ret) {
		scan_rev_remove(*copy);
		free(*copy);
		*copy = NULL;
	}
	return ret;
}

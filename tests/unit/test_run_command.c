// SPDX-License-Identifier: GPL-2.0-only
/*
 * run-command.c: spawning with an argv, capturing output, exits, signals, time limits.
 */
#include "run-command.h"
#include "testutil.h"

#include <signal.h>
#include <sys/wait.h>

static void run_sh(struct child_process *cp, const char *script)
{
	static const char *argv[4];

	argv[0] = "sh";
	argv[1] = "-c";
	argv[2] = script;
	argv[3] = NULL;
	cp->argv = argv;
	ck_assert_int_eq(run_command(cp), 0);
}

START_TEST(test_capture_and_status)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf how = STRBUF_INIT;

	run_sh(&cp, "printf 'out\\n'; printf 'err\\n' >&2; exit 3");
	ck_assert_str_eq(cp.out.buf, "out\n");
	ck_assert_str_eq(cp.err.buf, "err\n");
	ck_assert(!command_succeeded(&cp));
	describe_command_end(&cp, &how);
	ck_assert_str_eq(how.buf, "exited with status 3");
	child_process_clear(&cp);
	strbuf_release(&how);
}
END_TEST

/* A child that floods its output is stopped at max_output. */
START_TEST(test_output_limit)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf how = STRBUF_INIT;

	cp.max_output = 4 << 20;
	run_sh(&cp, "exec yes flood");
	ck_assert(cp.output_exceeded);
	ck_assert(!command_succeeded(&cp));
	/* The limit, plus what one read loop takes before it looks again (1 MB per stream). */
	ck_assert_uint_le(cp.out.len + cp.err.len, (4 << 20) + (2 << 20) + 65536);
	describe_command_end(&cp, &how);
	ck_assert_str_eq(how.buf, "printed more than its limit of 4 MB and was stopped");
	child_process_clear(&cp);
	strbuf_release(&how);

}
END_TEST

START_TEST(test_large_output)
{
	struct child_process cp = CHILD_PROCESS_INIT;

	/* More than a pipe holds, on both streams at once. */
	run_sh(&cp, "i=0; while [ $i -lt 20000 ]; do echo line-$i; echo e-$i >&2; "
		    "i=$((i+1)); done");
	ck_assert(command_succeeded(&cp));
	ck_assert(strstr(cp.out.buf, "line-19999\n"));
	ck_assert(strstr(cp.err.buf, "e-19999\n"));
	child_process_clear(&cp);
}
END_TEST

START_TEST(test_signal_death)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	struct strbuf how = STRBUF_INIT;

	run_sh(&cp, "kill -SEGV $$");
	ck_assert(WIFSIGNALED(cp.status));
	ck_assert_int_eq(WTERMSIG(cp.status), SIGSEGV);
	describe_command_end(&cp, &how);
	ck_assert(starts_with(how.buf, "was killed by signal 11"));
	child_process_clear(&cp);
	strbuf_release(&how);
}
END_TEST

START_TEST(test_time_limit_kills_group)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	double start = monotonic_seconds();

	cp.time_limit = 0.5;
	/* The grandchild holds the pipes too: the whole group must go. */
	run_sh(&cp, "sleep 30 & sleep 30; echo never");
	ck_assert(cp.timed_out);
	ck_assert(!command_succeeded(&cp));
	ck_assert(monotonic_seconds() - start < 10);
	ck_assert_ptr_null(strstr(cp.out.buf, "never"));
	child_process_clear(&cp);
}
END_TEST

START_TEST(test_dir_env_and_stdin)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	char *env[] = { "WA_TEST=value", "PATH=/usr/bin:/bin", NULL };

	cp.dir = "/";
	cp.env = env;
	run_sh(&cp, "pwd; echo $WA_TEST; cat");
	ck_assert(command_succeeded(&cp));
	ck_assert_str_eq(cp.out.buf, "/\nvalue\n");
	child_process_clear(&cp);
}
END_TEST

START_TEST(test_missing_program)
{
	struct child_process cp = CHILD_PROCESS_INIT;
	const char *argv[] = { "whichalloc-no-such-program", NULL };
	char *found;

	cp.argv = argv;
	if (!start_command(&cp)) {
		/* Under valgrind the spawn is a fork and exec: the child reports the failure. */
		struct child_process *all[] = { &cp };

		while (cp.running)
			wait_children(all, 1, 100);
		ck_assert(WIFEXITED(cp.status) && WEXITSTATUS(cp.status) == 127);
	} else {
		ck_assert(strstr(last_error(), "cannot run whichalloc-no-such-program"));
	}
	ck_assert_ptr_null(locate_program("whichalloc-no-such-program"));
	found = locate_program("sh");
	ck_assert_ptr_nonnull(found);
	ck_assert(ends_with(found, "/sh"));
	free(found);
	child_process_clear(&cp);
}
END_TEST

START_TEST(test_several_children)
{
	struct child_process a = CHILD_PROCESS_INIT, b = CHILD_PROCESS_INIT;
	struct child_process *all[] = { &a, &b };
	const char *argv_a[] = { "sh", "-c", "sleep 0.3; echo a", NULL };
	const char *argv_b[] = { "sh", "-c", "echo b", NULL };
	int ended = 0;

	a.argv = argv_a;
	b.argv = argv_b;
	ck_assert_int_eq(start_command(&a), 0);
	ck_assert_int_eq(start_command(&b), 0);
	while (a.running || b.running) {
		int n = wait_children(all, 2, 100);

		if (n > 0)
			ended += n;
	}
	ck_assert_int_eq(ended, 2);
	ck_assert_str_eq(a.out.buf, "a\n");
	ck_assert_str_eq(b.out.buf, "b\n");
	child_process_clear(&a);
	child_process_clear(&b);
}
END_TEST

/* env_filtered(): ours without the dropped prefixes, then the added entries. */
START_TEST(test_env_filtered)
{
	static const char *const drop[] = { "GIT_", "WA_TEST_DROP=", NULL };
	static const char *const add[] = { "GIT_OPTIONAL_LOCKS=0", NULL };
	bool kept = false, added = false, dropped = false;
	char **env;

	setenv("GIT_DIR", "/elsewhere", 1);
	setenv("WA_TEST_DROP", "1", 1);
	setenv("WA_TEST_DROPPED_NOT", "1", 1);
	env = env_filtered(drop, add);
	for (size_t i = 0; env[i]; i++) {
		kept |= !strcmp(env[i], "WA_TEST_DROPPED_NOT=1");
		added |= !strcmp(env[i], "GIT_OPTIONAL_LOCKS=0");
		dropped |= starts_with(env[i], "GIT_DIR=") || starts_with(env[i], "WA_TEST_DROP=");
	}
	ck_assert(kept);
	ck_assert(added);
	ck_assert(!dropped);
	env_free(env);
	env = env_filtered(NULL, NULL);
	kept = false;
	for (size_t i = 0; env[i]; i++)
		kept |= !strcmp(env[i], "GIT_DIR=/elsewhere");
	ck_assert(kept);
	env_free(env);
	unsetenv("GIT_DIR");
	unsetenv("WA_TEST_DROP");
	unsetenv("WA_TEST_DROPPED_NOT");
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("run-command");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_capture_and_status);
	tcase_add_test(tc, test_large_output);
	tcase_add_test(tc, test_signal_death);
	tcase_add_test(tc, test_time_limit_kills_group);
	tcase_add_test(tc, test_dir_env_and_stdin);
	tcase_add_test(tc, test_missing_program);
	tcase_add_test(tc, test_several_children);
	tcase_add_test(tc, test_env_filtered);
	tcase_add_test(tc, test_output_limit);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * subsystem.c: MAINTAINERS subsystems attached to stored findings, and counts per subsystem.
 *
 * The MAINTAINERS fixture is tests/unit/fixtures/maintainers/tree/MAINTAINERS, whose answers
 * were checked against the kernel's get_maintainer.pl (see test_maintainers.c).
 */
#include "db.h"
#include "fingerprint.h"
#include "maintainers.h"
#include "store.h"
#include "subsystem.h"
#include "testutil.h"

static char *scratch;
static sqlite3 *db;
static struct store st;
static struct maintainers *maint;

static void setup(void)
{
	char *path, *mpath, err[512] = "";

	scratch = tu_tempdir();
	path = xstrfmt("%s/sub.db", scratch);
	ck_assert_int_eq(db_open(path, DB_CREATE, &db), 0);
	ck_assert_int_eq(store_init(&st, db), 0);
	mpath = xstrfmt("%s/tests/unit/fixtures/maintainers/tree/MAINTAINERS", tu_top());
	maint = maintainers_load(mpath, err, sizeof(err));
	ck_assert_msg(maint != NULL, "cannot load %s: %s", mpath, err);
	free(path);
	free(mpath);
}

static void teardown(void)
{
	maintainers_free(maint);
	store_release(&st);
	db_close(db);
	tu_rmtree(scratch);
	free(scratch);
}

static void start_run(void)
{
	struct run_info info = { "/tree", "6.1", NULL, "1.1.1", "", 1 };
	struct rule r;

	memset(&r, 0, sizeof(r));
	r.name = (char *)"r";
	memcpy(r.hash, "h", 2);
	r.description = (char *)"test rule";
	r.confidence = (char *)"Low";
	ck_assert_int_eq(store_begin(&st), 0);
	ck_assert_int_eq(store_start_run(&st, &info), 0);
	ck_assert_int_eq(store_add_rule(&st, &r), 0);
	ck_assert_int_eq(store_commit(&st), 0);
}

/*
 * One finding in file, seen by the current run; verdict as given. Its code names the file,
 * so that findings of different files are never taken for one that moved.
 */
static void add_finding(const char *file, const char *verdict, const char *subsystem)
{
	char *code = xstrfmt("x = __get_free_page(GFP_KERNEL); /* %s */", file);
	struct fingerprint_site site = { "r", file, "fn", code, 0, "" };
	struct finding f;

	memset(&f, 0, sizeof(f));
	f.rule = (char *)"r";
	f.verdict = (char *)verdict;
	f.file = (char *)file;
	f.function = (char *)"fn";
	f.line = f.end_line = 10;
	f.message = (char *)"message";
	f.code = (char *)site.code;
	f.subsystem = (char *)subsystem;
	fingerprint_sites(&site, 1);
	memcpy(f.fingerprint, site.fingerprint, SHA1_HEX_SIZE);
	ck_assert_int_eq(store_begin(&st), 0);
	ck_assert_int_eq(store_findings(&st, "r", file, &f, 1, true), 0);
	ck_assert_int_eq(store_commit(&st), 0);
	free(code);
}

static void finish(void)
{
	ck_assert_int_eq(store_finish_run(&st, "complete"), 0);
}

/* The subsystem of the finding in file, "(null)" for NULL. */
static char *subsystem_of(const char *file)
{
	sqlite3_stmt *s = db_prepare(db, "SELECT coalesce(subsystem, '(null)') FROM finding "
				     "WHERE file = ?1");
	char *v = NULL;

	ck_assert_ptr_nonnull(s);
	db_bind_text(s, 1, file);
	ck_assert_int_eq(sqlite3_step(s), SQLITE_ROW);
	v = xstrdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	return v;
}

#define CHECK_SUBSYSTEM(file, want) do {					\
	char *got_ = subsystem_of(file);					\
	ck_assert_msg(!strcmp(got_, want), "%s: subsystem '%s', expected '%s'", file, got_,	\
		      want);							\
	free(got_);								\
} while (0)

/* Files and the section get_maintainer.pl names first for each of them. */
static const char *const attribution[][2] = {
	{ "fs/blobfs/inode.c", "BLOBFS" },			/* directory */
	{ "fs/blobfs/compress-lz.c", "BLOBFS COMPRESSION" },	/* glob, more specific */
	{ "fs/blobfs/compress/x.c", "BLOBFS" },		/* the glob stops at '/' depth */
	{ "drivers/gadget/gadget.c", "GADGET DRIVERS" },	/* dir/\* */
	{ "drivers/gadget/gadget-old.c", "DRIVERS CORE" },	/* X: excludes the section */
	{ "drivers/widget/legacy/old.c", "DRIVERS CORE" },	/* X: directory */
	{ "drivers/widget/core.c", "WIDGET" },		/* a directory without '/' */
	{ "drivers/a/b/firmware/x.c", "GADGET FIRMWARE" },	/* '*' crosses '/' */
	{ "drivers/misc/clsc-y.c", "CHARACTER CLASS" },	/* [ch] classes */
	{ "arch/foo/chipz9/init.c", "CHIP FAMILY" },		/* N: regex */
	{ "arch/bigchipz9.c", "THE REST" },			/* N: regex not matching */
	{ "kernel/fork.c", "THE REST" },
};

START_TEST(test_attach_like_get_maintainer)
{
	start_run();
	for (size_t i = 0; i < ARRAY_SIZE(attribution); i++)
		add_finding(attribution[i][0], "replace", NULL);
	finish();
	ck_assert_int_eq(subsystem_attach(db, maint, 1), (long long)ARRAY_SIZE(attribution));
	for (size_t i = 0; i < ARRAY_SIZE(attribution); i++)
		CHECK_SUBSYSTEM(attribution[i][0], attribution[i][1]);
	/* Attaching again changes nothing. */
	ck_assert_int_eq(subsystem_attach(db, maint, 1), 0);
	ck_assert_int_eq(subsystem_attach(db, maint, 0), 0);
}
END_TEST

START_TEST(test_attach_only_the_run)
{
	start_run();
	add_finding("fs/blobfs/inode.c", "replace", "STALE");
	add_finding("kernel/fork.c", "keep", "STALE");
	finish();
	/* Run 2 sees only the first file. */
	start_run();
	add_finding("fs/blobfs/inode.c", "replace", "STALE");
	finish();
	ck_assert_int_eq(subsystem_attach(db, maint, 2), 1);
	CHECK_SUBSYSTEM("fs/blobfs/inode.c", "BLOBFS");
	CHECK_SUBSYSTEM("kernel/fork.c", "STALE");
	/* Run 0 means every finding. */
	ck_assert_int_eq(subsystem_attach(db, maint, 0), 1);
	CHECK_SUBSYSTEM("kernel/fork.c", "THE REST");
	/* Without MAINTAINERS, the run's findings lose their subsystem. */
	ck_assert_int_eq(subsystem_attach_run(db, NULL, scratch, 2), 0);
	ck_assert(strstr(last_error(), "has no MAINTAINERS file"));
	CHECK_SUBSYSTEM("fs/blobfs/inode.c", "(null)");
	CHECK_SUBSYSTEM("kernel/fork.c", "THE REST");
}
END_TEST

START_TEST(test_load_maintainers)
{
	bool missing = false;
	char *top = xstrfmt("%s/tests/unit/fixtures/maintainers/tree", tu_top());
	struct maintainers *m = subsystem_load_maintainers(top, &missing);

	ck_assert_ptr_nonnull(m);
	ck_assert(!missing);
	maintainers_free(m);
	ck_assert_ptr_null(subsystem_load_maintainers(scratch, &missing));
	ck_assert(missing);
	ck_assert(strstr(last_error(), "has no MAINTAINERS file"));
	ck_assert(strstr(last_error(), "findings get no subsystem"));
	/* A MAINTAINERS that cannot be parsed (no section at all). */
	tu_write(scratch, "MAINTAINERS", "just text\n");
	ck_assert_ptr_null(subsystem_load_maintainers(scratch, &missing));
	ck_assert(!missing);
	ck_assert(strstr(last_error(), "cannot use"));
	free(top);
}
END_TEST

START_TEST(test_counts)
{
	struct verdict_count_list l;
	struct finding_filter o;

	start_run();
	add_finding("fs/blobfs/inode.c", "replace", NULL);
	add_finding("fs/blobfs/super.c", "keep", NULL);
	add_finding("fs/blobfs/dir.c", "replace", NULL);
	add_finding("kernel/fork.c", "review", NULL);
	add_finding("lib/nowhere.c", "review", NULL);
	finish();
	ck_assert_int_eq(subsystem_attach(db, maint, 1), 5);
	ck_assert_int_eq(db_exec(db, "UPDATE finding SET subsystem = NULL "
				 "WHERE file = 'lib/nowhere.c'"), 0);
	ck_assert_int_eq(db_exec(db, "INSERT INTO review (finding_id, status, reason, reviewer, "
				 "at) SELECT id, 'rejected', 'intentional', 't', "
				 "'2026-01-01T00:00:00Z' FROM finding WHERE file = "
				 "'fs/blobfs/dir.c'"), 0);
	ck_assert_int_eq(db_exec(db, "UPDATE finding SET status = 'rejected' "
				 "WHERE file = 'fs/blobfs/dir.c'"), 0);
	ck_assert_int_eq(subsystem_counts(db, 1, NULL, false, &l), 0);
	ck_assert_uint_eq(l.nr, 3);
	ck_assert_str_eq(l.items[0].name, "BLOBFS");
	ck_assert_int_eq(l.items[0].n[0], 2);
	ck_assert_int_eq(l.items[0].n[1], 1);
	ck_assert_int_eq(l.items[0].total, 3);
	ck_assert_int_eq(l.items[0].unreviewed, 2);
	ck_assert_str_eq(l.items[1].name, "THE REST");
	ck_assert_ptr_null(l.items[2].name);	/* no subsystem comes last */
	ck_assert_int_eq(l.items[2].n[2], 1);
	verdict_count_list_clear(&l);
	/* Open only: the rejected one goes. */
	ck_assert_int_eq(subsystem_counts(db, 1, NULL, true, &l), 0);
	ck_assert_int_eq(l.items[0].total, 2);
	ck_assert_int_eq(l.items[0].n[0], 1);
	verdict_count_list_clear(&l);
	/* Filters, bound: a quote is just a character. */
	memset(&o, 0, sizeof(o));
	o.file = "fs/*";
	o.verdict = "replace";
	ck_assert_int_eq(subsystem_counts(db, 1, &o, false, &l), 0);
	ck_assert_uint_eq(l.nr, 1);
	ck_assert_int_eq(l.items[0].total, 2);
	verdict_count_list_clear(&l);
	memset(&o, 0, sizeof(o));
	o.subsys = "x' OR 1=1 --";
	ck_assert_int_eq(subsystem_counts(db, 1, &o, false, &l), 0);
	ck_assert_uint_eq(l.nr, 0);
	verdict_count_list_clear(&l);
	o.subsys = "THE REST";
	ck_assert_int_eq(subsystem_counts(db, 1, &o, false, &l), 0);
	ck_assert_uint_eq(l.nr, 1);
	ck_assert_int_eq(l.items[0].total, 1);
	verdict_count_list_clear(&l);
	/* A run that saw nothing. */
	ck_assert_int_eq(subsystem_counts(db, 99, NULL, false, &l), 0);
	ck_assert_uint_eq(l.nr, 0);
}
END_TEST

START_TEST(test_views)
{
	start_run();
	add_finding("fs/blobfs/inode.c", "replace", NULL);
	add_finding("kernel/fork.c", "review", NULL);
	finish();
	ck_assert_int_eq(subsystem_attach(db, maint, 1), 2);
	start_run();
	add_finding("fs/blobfs/inode.c", "replace", NULL);
	add_finding("arch/foo/chipz9/init.c", "keep", NULL);
	ck_assert_int_eq(store_begin(&st), 0);
	ck_assert_int_eq(store_findings(&st, "r", "kernel/fork.c", NULL, 0, true), 0);
	ck_assert_int_eq(store_commit(&st), 0);
	finish();
	/* The rescan stored both without a subsystem, as a scan of a tree without one does. */
	ck_assert_int_eq(subsystem_attach(db, maint, 2), 2);
	ck_assert_int_eq(db_query_int(db, "SELECT id FROM latest_run", 0), 2);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM findings_fixed_between "
				      "WHERE from_run = 1 AND to_run = 2", -1), 1);
	ck_assert_int_eq(db_query_int(db, "SELECT f.id = v.finding_id FROM "
				      "findings_fixed_between v JOIN finding f ON f.file = "
				      "'kernel/fork.c' WHERE from_run = 1 AND to_run = 2", -1), 1);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM findings_new_between "
				      "WHERE from_run = 1 AND to_run = 2 AND "
				      "file = 'arch/foo/chipz9/init.c'", -1), 1);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM findings_new_between "
				      "WHERE from_run = 1 AND to_run = 2", -1), 1);
	ck_assert_int_eq(db_query_int(db, "SELECT open FROM open_findings_by_subsystem "
				      "WHERE subsystem = 'CHIP FAMILY'", -1), 1);
	ck_assert_int_eq(db_query_int(db, "SELECT count(*) FROM open_findings_by_subsystem "
				      "WHERE subsystem = 'THE REST'", -1), 0);
}
END_TEST

static Suite *make_suite(void)
{
	Suite *s = suite_create("subsystem");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_attach_like_get_maintainer);
	tcase_add_test(tc, test_attach_only_the_run);
	tcase_add_test(tc, test_load_maintainers);
	tcase_add_test(tc, test_counts);
	tcase_add_test(tc, test_views);
	suite_add_tcase(s, tc);
	return s;
}

TU_MAIN(make_suite)

// SPDX-License-Identifier: GPL-2.0-only
/*
 * Output files written atomically (see output.h).
 */
#include "output.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* ---- protected files ---- */

struct file_id {
	char *path;
	dev_t dev;
	ino_t ino;
};

static struct file_id protected_files[16];
static size_t nr_protected;

static void protect_one(const char *path)
{
	struct stat st;

	if (nr_protected >= ARRAY_SIZE(protected_files) || stat(path, &st))
		return;
	for (size_t i = 0; i < nr_protected; i++)
		if (protected_files[i].dev == st.st_dev && protected_files[i].ino == st.st_ino)
			return;
	protected_files[nr_protected].path = xstrdup(path);
	protected_files[nr_protected].dev = st.st_dev;
	protected_files[nr_protected].ino = st.st_ino;
	nr_protected++;
}

void output_protect(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

	for (size_t i = 0; path && *path && i < ARRAY_SIZE(suffixes); i++) {
		char *p = xstrfmt("%s%s", path, suffixes[i]);

		protect_one(p);
		free(p);
	}
}

/*
 * A protected file that was removed since no longer protects its inode number, which a new
 * file may then reuse: the entry holds only while its path still names that inode.
 */
static bool is_protected(const struct stat *st)
{
	for (size_t i = 0; i < nr_protected; i++) {
		const struct file_id *p = &protected_files[i];
		struct stat now;

		if (p->dev == st->st_dev && p->ino == st->st_ino && !stat(p->path, &now) &&
		    now.st_dev == p->dev && now.st_ino == p->ino)
			return true;
	}
	return false;
}

/* ---- removal on a signal ---- */

struct cleanup_entry {
	char *path;
	bool is_dir;
};

static struct cleanup_entry *cleanup;
static volatile size_t nr_cleanup;
static size_t alloc_cleanup;
static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction old_actions[ARRAY_SIZE(cleanup_signals)];
static bool handlers_installed;

static void remove_cleanup_entries(void)
{
	for (size_t i = nr_cleanup; i-- > 0;) {
		if (cleanup[i].is_dir)
			rmdir(cleanup[i].path);
		else
			unlink(cleanup[i].path);
	}
}

static void on_signal(int sig)
{
	remove_cleanup_entries();
	for (size_t i = 0; i < ARRAY_SIZE(cleanup_signals); i++)
		if (cleanup_signals[i] == sig)
			sigaction(sig, &old_actions[i], NULL);
	raise(sig);
}

/* Someone (a forked child starting afresh, say) put the default action back. */
static bool handler_was_reset(void)
{
	struct sigaction now;

	return !sigaction(SIGTERM, NULL, &now) && now.sa_handler == SIG_DFL;
}

static void install_handlers(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < ARRAY_SIZE(cleanup_signals); i++)
		sigaddset(&sa.sa_mask, cleanup_signals[i]);
	for (size_t i = 0; i < ARRAY_SIZE(cleanup_signals); i++) {
		sigaction(cleanup_signals[i], NULL, &old_actions[i]);
		/* A signal ignored (nohup) stays ignored; one handled elsewhere keeps its handler. */
		if (old_actions[i].sa_handler == SIG_DFL)
			sigaction(cleanup_signals[i], &sa, NULL);
	}
	handlers_installed = true;
}

static void block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < ARRAY_SIZE(cleanup_signals); i++)
		sigaddset(&set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

size_t output_cleanup_push(const char *path, bool is_dir)
{
	sigset_t old;
	size_t mark;

	if (!handlers_installed || handler_was_reset())
		install_handlers();
	block_signals(&old);
	mark = nr_cleanup;
	ALLOC_GROW(cleanup, mark + 1, alloc_cleanup);
	cleanup[mark].path = xstrdup(path);
	cleanup[mark].is_dir = is_dir;
	nr_cleanup = mark + 1;
	sigprocmask(SIG_SETMASK, &old, NULL);
	return mark;
}

void output_cleanup_pop(size_t mark)
{
	sigset_t old;
	size_t n;

	block_signals(&old);
	n = nr_cleanup;
	if (mark < n) {
		nr_cleanup = mark;
		for (size_t i = mark; i < n; i++)
			free(cleanup[i].path);
	}
	if (!nr_cleanup) {
		free(cleanup);
		cleanup = NULL;
		alloc_cleanup = 0;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

/* ---- the checks ---- */

int output_check_target(int dfd, const char *name, const char *shown, bool force)
{
	struct stat lst, st;

	if (fstatat(dfd, name, &lst, AT_SYMLINK_NOFOLLOW)) {
		if (errno == ENOENT)
			return 0;
		return error("cannot look at %s: %s", shown, strerror(errno));
	}
	if (fstatat(dfd, name, &st, 0)) {
		if (errno != ENOENT)
			return error("cannot look at %s: %s", shown, strerror(errno));
		return error("%s is a symbolic link to nothing; refusing to write there: "
			     "remove it or choose another name", shown);
	}
	if (S_ISDIR(st.st_mode))
		return error("%s is a directory; pass a file name", shown);
	if (!S_ISREG(st.st_mode))
		return error("%s is not a regular file (a device, FIFO or socket%s); refusing "
			     "to write there, --force or not: choose a regular file", shown,
			     S_ISLNK(lst.st_mode) ? ", through a symbolic link" : "");
	if (is_protected(&st) || is_protected(&lst))
		return error("%s is the database being read (or one of its files); refusing "
			     "to write over it, --force or not: choose another name", shown);
	if (!force)
		return error("%s already exists; pass --force to replace it, or choose another "
			     "name", shown);
	return 0;
}

/* ---- output files ---- */

static int make_temp(struct output_file *of)
{
	static unsigned counter;
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	for (int attempt = 0; attempt < 100; attempt++) {
		unsigned r = (unsigned)getpid() * 2654435761u ^ (unsigned)ts.tv_nsec ^
			     (++counter * 40503u);
		int fd;

		free(of->tmpname);
		/* A long name is shortened so that the temporary name fits NAME_MAX. */
		of->tmpname = xstrfmt(".%.200s.%08x", of->name, r);
		fd = openat(of->dfd, of->tmpname,
			    O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd >= 0)
			return fd;
		if (errno != EEXIST)
			break;
	}
	return -1;
}

static int open_temp(struct output_file *of, const char *dir)
{
	int fd;

	if (output_check_target(of->dfd, of->name, of->path, of->force))
		return -1;
	fd = make_temp(of);
	if (fd < 0)
		return error("cannot create a temporary file in %s for %s: %s; check that the "
			     "directory exists and is writable", dir, of->path, strerror(errno));
	of->tmp = xstrfmt("%s/%s", dir, of->tmpname);
	of->mark = output_cleanup_push(of->tmp, false);
	of->f = fdopen(fd, "w");
	if (!of->f) {
		close(fd);
		return error("cannot write to %s: %s", of->tmp, strerror(errno));
	}
	return 0;
}

static int start(struct output_file *of, int dfd, const char *dir, const char *name,
		 const char *shown, bool force)
{
	int ret;

	memset(of, 0, sizeof(*of));
	of->dfd = dfd;
	of->force = force;
	of->name = xstrdup(name);
	of->dir = xstrdup(dir);
	of->path = xstrdup(shown);
	ret = open_temp(of, dir);
	if (ret)
		output_file_abort(of);
	return ret;
}

int output_file_openat(struct output_file *of, int dfd, const char *dir, const char *name,
		       bool force)
{
	char *shown = xstrfmt("%s/%s", dir, name);
	int ret = start(of, dfd, dir, name, shown, force);

	free(shown);
	return ret;
}

int output_file_open(struct output_file *of, const char *path, bool force)
{
	char *copy, *dir;
	int dfd, ret;

	memset(of, 0, sizeof(*of));
	of->dfd = -1;
	if (!path || !strcmp(path, "-")) {
		of->f = stdout;
		return 0;
	}
	if (!*path)
		return error("--out wants a file name, not an empty string");
	if (path[strlen(path) - 1] == '/')
		return error("%s names a directory; pass a file name", path);
	copy = xstrdup(path);
	dir = xstrdup(dirname(copy));
	free(copy);
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0) {
		ret = error("cannot create a temporary file in %s for %s: %s; check that the "
			    "directory exists and is writable", dir, path, strerror(errno));
		free(dir);
		return ret;
	}
	copy = xstrdup(path);
	ret = start(of, dfd, dir, basename(copy), path, force);
	free(copy);
	free(dir);
	if (ret)
		close(dfd);
	else
		of->own_dfd = true;
	return ret;
}

static int put_in_place(struct output_file *of)
{
	if (output_check_target(of->dfd, of->name, of->path, of->force))
		return -1;
	if (of->force) {
		if (renameat(of->dfd, of->tmpname, of->dfd, of->name))
			return error("cannot rename %s to %s: %s", of->tmp, of->path,
				     strerror(errno));
		return 0;
	}
	/* linkat() fails when the name exists: the check and the creation are one step. */
	if (!linkat(of->dfd, of->tmpname, of->dfd, of->name, 0))
		return 0;
	if (errno == EEXIST)
		return error("%s appeared while it was being written; pass --force to replace it",
			     of->path);
	/* A file system without hard links: check, then rename. */
	if (output_check_target(of->dfd, of->name, of->path, false))
		return -1;
	if (renameat(of->dfd, of->tmpname, of->dfd, of->name))
		return error("cannot rename %s to %s: %s", of->tmp, of->path, strerror(errno));
	return 0;
}

int output_file_commit(struct output_file *of)
{
	int ret = 0;

	if (!of->f)
		return error("internal error: output file committed twice");
	if (of->f == stdout) {
		of->f = NULL;
		if (fflush(stdout) || ferror(stdout))
			return error("cannot write to standard output: %s", strerror(errno));
		return 0;
	}
	if (fflush(of->f) || ferror(of->f) || (!of->no_sync && fsync(fileno(of->f))))
		ret = error("cannot write %s: %s; check the free space", of->tmp, strerror(errno));
	if (fclose(of->f) && !ret)
		ret = error("cannot write %s: %s; check the free space", of->tmp, strerror(errno));
	of->f = NULL;
	if (!ret)
		ret = put_in_place(of);
	/* The new name is durable once the directory is synced; a failure there is no error. */
	if (!ret && !of->no_sync)
		fsync(of->dfd);
	output_file_abort(of);
	return ret;
}

void output_file_abort(struct output_file *of)
{
	if (of->f && of->f != stdout)
		fclose(of->f);
	of->f = NULL;
	if (of->tmpname && of->tmp) {
		unlinkat(of->dfd, of->tmpname, 0);
		output_cleanup_pop(of->mark);
	}
	if (of->own_dfd && of->dfd >= 0)
		close(of->dfd);
	free(of->tmp);
	free(of->tmpname);
	free(of->name);
	free(of->dir);
	free(of->path);
	memset(of, 0, sizeof(*of));
	of->dfd = -1;
}

int output_write_at(int dfd, const char *dir, const char *name, const char *data, size_t len,
		    unsigned flags)
{
	struct output_file of;

	if (output_file_openat(&of, dfd, dir, name, flags & OUTPUT_FORCE))
		return -1;
	of.no_sync = flags & OUTPUT_NO_SYNC;
	if (fwrite(data, 1, len, of.f) != len) {
		error("cannot write %s: %s; check the free space", of.tmp, strerror(errno));
		output_file_abort(&of);
		return -1;
	}
	return output_file_commit(&of);
}

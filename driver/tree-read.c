// SPDX-License-Identifier: GPL-2.0-only
/*
 * Reading files of a kernel tree (tree-read.h): non-blocking, beneath the top, regular
 * files only, bounded, with read() rather than mmap, and checked for change while read.
 */
#include "tree-read.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#define OPEN_FLAGS (O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC)

static int fail(struct tree_read *r, enum tree_read_status status, int err)
{
	r->status = status;
	r->sys_errno = err;
	return -1;
}

/* Without openat2: O_NOFOLLOW guards the last component, and ".." may not climb out. */
static bool name_stays_beneath(const char *rel)
{
	if (!*rel || rel[0] == '/')
		return false;
	for (const char *p = rel; *p; p += strcspn(p, "/"), p += *p == '/') {
		size_t n = strcspn(p, "/");

		if (n == 2 && p[0] == '.' && p[1] == '.')
			return false;
	}
	return true;
}

/*
 * Without openat2 (a kernel before 5.6, a seccomp filter, valgrind): one component at a
 * time, each directory opened with O_NOFOLLOW, so that a link on the way fails with ELOOP
 * (or ENOTDIR) instead of leading out of the tree.
 */
static int open_by_components(int dfd, const char *rel)
{
	char *copy = xstrdup(rel), *name = copy, *slash;
	int cur = dfd, fd;

	while ((slash = strchr(name, '/'))) {
		int next;

		*slash = '\0';
		next = *name ? openat(cur, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
			     : dup(cur);
		if (next < 0) {
			struct stat st;
			/* O_DIRECTORY says ENOTDIR for a link: tell it as the link it is. */
			int err = !fstatat(cur, name, &st, AT_SYMLINK_NOFOLLOW) &&
				  S_ISLNK(st.st_mode) ? ELOOP : errno;

			if (cur != dfd)
				close(cur);
			free(copy);
			errno = err;
			return -1;
		}
		if (cur != dfd)
			close(cur);
		cur = next;
		name = slash + 1;
	}
	fd = openat(cur, name, OPEN_FLAGS | O_NOFOLLOW);
	if (cur != dfd) {
		int err = errno;

		close(cur);
		errno = err;
	}
	free(copy);
	return fd;
}

static int open_beneath(int dfd, const char *rel)
{
#ifdef SYS_openat2
	struct open_how how = {
		.flags = OPEN_FLAGS | O_NOFOLLOW,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS,
	};
	long fd = syscall(SYS_openat2, dfd, rel, &how, sizeof(how));

	if (fd >= 0 || errno != ENOSYS)
		return (int)fd;
#endif
	if (!name_stays_beneath(rel)) {
		errno = EXDEV;
		return -1;
	}
	return open_by_components(dfd, rel);
}

static bool same_file_state(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino && a->st_size == b->st_size &&
	       a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
	       a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
	       a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
	       a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/* Read the open file fd whose fstat is r->st: exactly st_size bytes, then check it held. */
static int read_checked(int fd, size_t max, struct strbuf *out, struct tree_read *r)
{
	size_t size = (size_t)r->st.st_size;
	struct stat after;

	if (r->st.st_size < 0 || size > max)
		return fail(r, TREE_READ_TOO_BIG, 0);
	strbuf_grow(out, size + 1);
	for (;;) {
		/* One byte more than expected tells a file that grew. */
		size_t room = size + 1 - out->len;
		ssize_t n = read(fd, out->buf + out->len, room);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return fail(r, TREE_READ_SYSTEM, errno);
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->buf[out->len] = '\0';
		if (out->len > size)
			return fail(r, TREE_READ_CHANGED, 0);
	}
	if (fstat(fd, &after))
		return fail(r, TREE_READ_SYSTEM, errno);
	if (out->len != size || !same_file_state(&r->st, &after))
		return fail(r, TREE_READ_CHANGED, 0);
	return 0;
}

static int read_fd(int fd, size_t max, struct strbuf *out, struct tree_read *r)
{
	int ret;

	if (fstat(fd, &r->st))
		ret = fail(r, TREE_READ_SYSTEM, errno);
	else if (S_ISLNK(r->st.st_mode))
		ret = fail(r, TREE_READ_LINK, 0);
	else if (!S_ISREG(r->st.st_mode))
		ret = fail(r, TREE_READ_NOT_REGULAR, 0);
	else
		ret = read_checked(fd, max, out, r);
	close(fd);
	if (ret)
		strbuf_reset(out);
	return ret;
}

static void start(struct tree_read *r, size_t max, struct strbuf *out)
{
	memset(r, 0, sizeof(*r));
	r->max = max;
	strbuf_reset(out);
}

/* An open that failed: a link on the way (ELOOP, EXDEV from openat2) or a system error. */
static int open_failed(struct tree_read *r, int err)
{
	return fail(r, err == ELOOP || err == EXDEV ? TREE_READ_LINK : TREE_READ_SYSTEM, err);
}

int tree_read_file(const char *top, const char *rel, size_t max, struct strbuf *out,
		   struct tree_read *r)
{
	int dfd, fd, err;

	start(r, max, out);
	dfd = open(top, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return fail(r, TREE_READ_SYSTEM, errno);
	/* Not even open a device or FIFO when a look says what it is (fstat decides). */
	if (!fstatat(dfd, rel, &r->st, AT_SYMLINK_NOFOLLOW) && !S_ISREG(r->st.st_mode)) {
		close(dfd);
		return fail(r, S_ISLNK(r->st.st_mode) ? TREE_READ_LINK : TREE_READ_NOT_REGULAR, 0);
	}
	fd = open_beneath(dfd, rel);
	err = errno;
	close(dfd);
	if (fd < 0)
		return open_failed(r, err);
	return read_fd(fd, max, out, r);
}

int tree_read_path(const char *path, size_t max, struct strbuf *out, struct tree_read *r)
{
	int fd;

	start(r, max, out);
	if (!stat(path, &r->st) && !S_ISREG(r->st.st_mode))
		return fail(r, TREE_READ_NOT_REGULAR, 0);
	fd = open(path, OPEN_FLAGS);
	if (fd < 0)
		return fail(r, TREE_READ_SYSTEM, errno);
	return read_fd(fd, max, out, r);
}

static const char *kind_of(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISDIR(mode))
		return "a directory";
	if (S_ISCHR(mode))
		return "a character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a regular file";
}

void tree_read_describe(const struct tree_read *r, struct strbuf *msg)
{
	switch (r->status) {
	case TREE_READ_OK:
		strbuf_addstr(msg, "read");
		break;
	case TREE_READ_SYSTEM:
		strbuf_addf(msg, "cannot read the file: %s", strerror(r->sys_errno));
		break;
	case TREE_READ_LINK:
		strbuf_addstr(msg, "the file is a symbolic link, or its path passes through one, "
			      "and links in a tree are not followed (so nothing outside it is "
			      "read); use the path of the file itself");
		break;
	case TREE_READ_NOT_REGULAR:
		strbuf_addf(msg, "the file is %s, not a regular file, and only regular files are "
			    "read from a tree; put the file back or remove it",
			    kind_of(r->st.st_mode));
		break;
	case TREE_READ_TOO_BIG:
		strbuf_addf(msg, "the file holds %lld bytes, more than the %zu MiB read of such "
			    "a file; it is not read (check what it is)",
			    (long long)r->st.st_size, r->max >> 20);
		break;
	case TREE_READ_CHANGED:
		strbuf_addstr(msg, "the file changed while it was read (something is writing "
			      "it); try again once it is written");
		break;
	}
}

int tree_read_source_to_show(const char *top, const char *rel, struct strbuf *out)
{
	struct strbuf msg = STRBUF_INIT;
	struct tree_read r;

	if (!tree_read_file(top, rel, TREE_READ_MAX_SOURCE, out, &r))
		return 0;
	if (r.status != TREE_READ_SYSTEM || r.sys_errno != ENOENT) {
		tree_read_describe(&r, &msg);
		warning("%s/%s: %s", top, rel, msg.buf);
		strbuf_release(&msg);
	}
	return -1;
}

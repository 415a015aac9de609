// SPDX-License-Identifier: GPL-2.0
/*
 * Small-file I/O helpers. Every function returns 0 or a negative errno, so a
 * failing write to a kernel knob reports the kernel's own error (EINVAL,
 * EBUSY, ...) to the caller.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <libgen.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scope.h"
#include "fileio.h"

/* Read fd to its end, or up to max bytes (*over: there was more). */
static int read_fd(int fd, size_t max, char **ret, size_t *len, bool *over)
{
	_cleanup_free_ char *buf = NULL;
	size_t n = 0, cap = 4096;

	*over = false;
	buf = malloc(cap + 1);
	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t k;

		if (n == cap) {
			if (cap >= max) {
				char c;
				*over = read(fd, &c, 1) == 1;
				break;
			}
			cap = cap * 2 > max ? max : cap * 2;
			char *nb = realloc(buf, cap + 1);
			if (!nb)
				return -ENOMEM;
			buf = nb;
		}
		k = read(fd, buf + n, cap - n);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	buf[n] = 0;
	if (len)
		*len = n;
	*ret = TAKE_PTR(buf);
	return 0;
}

int read_full_file(const char *path, size_t max, char **ret, size_t *len)
{
	_cleanup_close_ int fd = -1;
	bool over;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	return read_fd(fd, max ? max : 16 << 20, ret, len, &over);
}

const char *file_type_name(unsigned mode)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return "a regular file";
	case S_IFDIR: return "a directory";
	case S_IFIFO: return "a FIFO";
	case S_IFCHR: return "a character device";
	case S_IFBLK: return "a block device";
	case S_IFSOCK: return "a socket";
	case S_IFLNK: return "a symbolic link";
	default: return "not a regular file";
	}
}

int read_regular_file(const char *path, size_t max, char **ret, size_t *len, unsigned *mode)
{
	_cleanup_close_ int fd = -1;
	struct stat st;
	bool over;
	int r;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (mode)
		*mode = st.st_mode;
	if (!S_ISREG(st.st_mode))
		return S_ISDIR(st.st_mode) ? -EISDIR : -EBADFD;
	if ((size_t)st.st_size > max)
		return -EFBIG;
	r = read_fd(fd, max, ret, len, &over);
	if (r == 0 && over) {
		free(*ret);
		*ret = NULL;
		return -EFBIG;
	}
	return r;
}

ssize_t pread_all(int fd, char *buf, size_t len)
{
	ssize_t k;

	if (fd < 0)
		return -EBADF;
	k = pread(fd, buf, len - 1, 0);
	if (k < 0)
		return -errno;
	buf[k] = 0;
	return k;
}

int read_one_line(const char *path, char **ret)
{
	char *buf;
	int r = read_full_file(path, 1 << 16, &buf, NULL);

	if (r < 0)
		return r;
	buf[strcspn(buf, "\n")] = 0;
	*ret = buf;
	return 0;
}

int read_uint64(const char *path, uint64_t *ret)
{
	_cleanup_free_ char *s = NULL;
	char *end;
	int r = read_one_line(path, &s);

	if (r < 0)
		return r;
	if (!strcmp(s, "max")) {
		*ret = UINT64_MAX;
		return 0;
	}
	errno = 0;
	unsigned long long v = strtoull(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	*ret = v;
	return 0;
}

int read_int64(const char *path, int64_t *ret)
{
	_cleanup_free_ char *s = NULL;
	char *end;
	int r = read_one_line(path, &s);

	if (r < 0)
		return r;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno || end == s)
		return -EINVAL;
	*ret = v;
	return 0;
}

int write_string(const char *path, const char *s)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_CLOEXEC);
	size_t len = strlen(s);

	if (fd < 0)
		return -errno;
	ssize_t k = write(fd, s, len);
	if (k < 0)
		return -errno;
	if ((size_t)k != len)
		return -EIO;
	return 0;
}

int write_stringf(const char *path, const char *fmt, ...)
{
	_cleanup_free_ char *s = NULL;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	return write_string(path, s);
}

int write_atomic(const char *path, const void *data, size_t len)
{
	_cleanup_free_ char *tmp = NULL, *dir = NULL;
	_cleanup_close_ int fd = -1, dfd = -1;
	const char *p = data;

	if (asprintf(&tmp, "%s.tmp.%d", path, (int)getpid()) < 0)
		return -ENOMEM;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (len) {
		ssize_t k = write(fd, p, len);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			int r = -errno;
			unlink(tmp);
			return r;
		}
		p += k;
		len -= (size_t)k;
	}
	if (fsync(fd) < 0 || rename(tmp, path) < 0) {
		int r = -errno;
		unlink(tmp);
		return r;
	}
	dir = strdup(path);
	if (!dir)
		return -ENOMEM;
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0)
		(void)fsync(dfd);
	return 0;
}

int write_json(const char *path, json_object *o)
{
	_cleanup_free_ char *text = NULL;
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_NOSLASHESCAPE);

	if (!s || asprintf(&text, "%s\n", s) < 0)
		return -ENOMEM;
	return write_atomic(path, text, strlen(text));
}

int mkdir_new(const char *path, unsigned mode)
{
	_cleanup_free_ char *parent = strdup(path);
	char *slash;
	int r;

	if (!parent)
		return -ENOMEM;
	slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = 0;
		if ((r = mkdir_p(parent, mode)) < 0)
			return r;
	}
	return mkdir(path, mode) < 0 ? -errno : 0;
}

int mkdir_p(const char *path, unsigned mode)
{
	_cleanup_free_ char *p = strdup(path);

	if (!p)
		return -ENOMEM;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = 0;
		if (mkdir(p, mode) < 0 && errno != EEXIST)
			return -errno;
		*s = '/';
	}
	if (mkdir(p, mode) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

bool path_exists(const char *path)
{
	return access(path, F_OK) == 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		return rmdir(path) < 0 ? -1 : 0;
	return unlink(path) < 0 ? -1 : 0;
}

int rm_rf(const char *path)
{
	if (!path || !*path || !strcmp(path, "/"))
		return -EINVAL;
	if (nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) < 0)
		return errno == ENOENT ? 0 : -errno;
	return 0;
}

int copy_file(const char *src, const char *dst)
{
	_cleanup_free_ char *buf = NULL;
	size_t len;
	int r = read_full_file(src, 256 << 20, &buf, &len);

	if (r < 0)
		return r;
	return write_atomic(dst, buf, len);
}

char *path_beside(const char *beside, const char *rel)
{
	const char *slash = strrchr(beside, '/');
	char *p = NULL;

	if (rel[0] == '/' || !slash)
		return strdup(rel);
	return asprintf(&p, "%.*s/%s", (int)(slash - beside), beside, rel) < 0 ? NULL : p;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * flock(2)-held lock files (see lock.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scope.h"
#include "fileio.h"
#include "ident.h"
#include "lock.h"

const char *lock_dir(void)
{
	const char *d = getenv("MEMSTRESS_LOCK_DIR");

	return d && *d ? d : "/run/lock/memstress";
}

static int lock_open(const char *name, char *path, size_t len)
{
	int r;

	if (!ident_valid(name, 200))
		return -EINVAL;
	if ((r = mkdir_p(lock_dir(), 0755)) < 0)
		return r;
	snprintf(path, len, "%s/%s.lock", lock_dir(), name);
	r = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
	return r < 0 ? -errno : r;
}

static void read_holder(int fd, char *who, size_t len)
{
	ssize_t n;

	if (!who || !len)
		return;
	n = pread(fd, who, len - 1, 0);
	who[n > 0 ? n : 0] = 0;
	who[strcspn(who, "\n")] = 0;
	if (!who[0])
		snprintf(who, len, "another memstress process");
}

/* The file at path is still the one fd holds (not unlinked by a releasing holder). */
static bool still_there(int fd, const char *path)
{
	struct stat a, b;

	return fstat(fd, &a) == 0 && stat(path, &b) == 0 && a.st_ino == b.st_ino &&
	       a.st_dev == b.st_dev;
}

int lock_take(const char *name, const char *holder, bool wait, char *who, size_t wholen)
{
	char path[1024];

	for (;;) {
		int fd = lock_open(name, path, sizeof(path));
		if (fd < 0)
			return fd;
		if (flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) < 0) {
			int r = errno == EWOULDBLOCK ? -EBUSY : -errno;
			read_holder(fd, who, wholen);
			close(fd);
			if (r == -EINTR)
				continue;
			return r;
		}
		if (!still_there(fd, path)) { /* its holder removed it as we took it */
			close(fd);
			continue;
		}
		if (ftruncate(fd, 0) == 0)
			(void)!pwrite(fd, holder, strlen(holder), 0);
		return fd;
	}
}

void lock_release(int fd, const char *name)
{
	char path[1024];

	if (fd < 0)
		return;
	snprintf(path, sizeof(path), "%s/%s.lock", lock_dir(), name);
	if (still_there(fd, path))
		(void)unlink(path); /* nothing left behind; a waiter retries (still_there) */
	close(fd);
}

bool lock_held(const char *name, char *who, size_t wholen)
{
	char path[1024];
	_cleanup_close_ int fd = -1;

	snprintf(path, sizeof(path), "%s/%s.lock", lock_dir(), name);
	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (flock(fd, LOCK_SH | LOCK_NB) == 0)
		return false; /* nobody holds it exclusively */
	read_holder(fd, who, wholen);
	return true;
}

int lock_prune(bool dry)
{
	_cleanup_closedir_ DIR *d = opendir(lock_dir());
	struct dirent *e;
	int n = 0;

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d))) {
		size_t l = strlen(e->d_name);
		char path[1024];
		if (l < 6 || strcmp(e->d_name + l - 5, ".lock") || e->d_type != DT_REG)
			continue;
		snprintf(path, sizeof(path), "%s/%s", lock_dir(), e->d_name);
		_cleanup_close_ int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) < 0)
			continue; /* held: its run is alive */
		if (!still_there(fd, path))
			continue;
		if (!dry && unlink(path) < 0)
			continue;
		n++;
	}
	return n;
}

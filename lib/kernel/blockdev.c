// SPDX-License-Identifier: GPL-2.0
/*
 * Loop devices, mounts and freezing for memstress-owned filesystem images
 * (see blockdev.h).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

#include "blockdev.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/undo.h"

int blockdev_by_serial(const char *serial, char *dev, size_t len)
{
	_cleanup_closedir_ DIR *d = opendir("/sys/block");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char p[512];
		_cleanup_free_ char *s = NULL;
		snprintf(p, sizeof(p), "/sys/block/%s/serial", e->d_name);
		if (read_one_line(p, &s) == 0 && !strcmp(s, serial)) {
			snprintf(dev, len, "/dev/%s", e->d_name);
			return 0;
		}
	}
	return -ENOENT;
}

int loop_backing_file(const char *dev, char *buf, size_t len)
{
	_cleanup_free_ char *s = NULL;
	const char *name = strrchr(dev, '/');
	char p[256];
	int r;

	snprintf(p, sizeof(p), "/sys/block/%s/loop/backing_file", name ? name + 1 : dev);
	r = read_one_line(p, &s);
	if (r == -ENOENT) {
		buf[0] = 0;
		return 0;
	}
	if (r < 0)
		return r;
	snprintf(buf, len, "%s", s);
	return 0;
}

int loop_attach(const char *image, struct undo *u, char *dev, size_t devlen)
{
	_cleanup_close_ int ctl = -1, img = -1, fd = -1;
	struct loop_config cfg = { 0 };
	char real[4096];
	int r;

	if (!realpath(image, real))
		return -errno;
	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	img = open(real, O_RDWR | O_CLOEXEC);
	if (img < 0)
		return -errno;
	for (int attempt = 0; attempt < 8; attempt++) {
		int n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0)
			return -errno;
		snprintf(dev, devlen, "/dev/loop%d", n);
		if (u && attempt == 0) {
			/* Recorded before attaching; the revert checks the backing file. */
			r = undo_record(u, "loop", dev, real, NULL);
			if (r < 0)
				return r;
		}
		fd = open(dev, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		cfg.fd = (unsigned)img;
		/* no LO_FLAGS_AUTOCLEAR: it detaches when the last opener goes, which is
		 * us, before the mount opens it. The undo journal detaches it. */
		cfg.info.lo_flags = 0;
		snprintf((char *)cfg.info.lo_file_name, sizeof(cfg.info.lo_file_name),
			 "memstress:%s", real);
		if (ioctl(fd, LOOP_CONFIGURE, &cfg) == 0) {
			if (u && attempt > 0) {
				r = undo_record(u, "loop", dev, real, NULL);
				if (r < 0)
					return r;
			}
			return 0;
		}
		r = -errno;
		close(fd);
		fd = -1;
		if (r != -EBUSY)
			return r;
	}
	return -EBUSY;
}

int loop_detach_if(const char *dev, const char *image)
{
	_cleanup_close_ int fd = -1;
	char back[4096];
	int r = loop_backing_file(dev, back, sizeof(back));

	if (r < 0)
		return r;
	if (!back[0] || strcmp(back, image))
		return 0; /* detached already, or now someone else's */
	fd = open(dev, O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT ? 0 : -errno;
	if (ioctl(fd, LOOP_CLR_FD) < 0 && errno != ENXIO)
		return -errno;
	return 0;
}

int fs_mount(const char *dev, const char *target, const char *fstype, const char *options,
	     struct undo *u)
{
	int r;

	if (u) {
		r = undo_record(u, "mount", target, dev, NULL);
		if (r < 0)
			return r;
	}
	if (mount(dev, target, fstype, 0, options && *options ? options : NULL) < 0)
		return -errno;
	return 0;
}

/* mountinfo writes space, tab, newline and backslash in a path as \ooo */
static void unescape_octal(char *s)
{
	char *o = s;

	for (; *s; s++, o++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*o = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			s += 3;
		} else
			*o = *s;
	}
	*o = 0;
}

bool mount_source(const char *target, char *src, size_t len)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/self/mountinfo", "re");
	char line[4096];
	char real[4096];
	bool found = false;

	if (!realpath(target, real))
		snprintf(real, sizeof(real), "%s", target);
	while (f && fgets(line, sizeof(line), f)) {
		char mnt[4096], source[4096];
		/* id parent maj:min root mountpoint opts ... - fstype source superopts */
		if (sscanf(line, "%*s %*s %*s %*s %4095s", mnt) != 1)
			continue;
		unescape_octal(mnt);
		if (strcmp(mnt, real))
			continue;
		char *dash = strstr(line, " - ");
		if (!dash || sscanf(dash + 3, "%*s %4095s", source) != 1)
			continue;
		unescape_octal(source);
		snprintf(src, len, "%s", source);
		found = true; /* keep going: the last mount on top wins */
	}
	return found;
}

int fs_umount_if(const char *target, const char *dev, unsigned timeout_ms, bool *lazy)
{
	char src[4096];
	struct timespec ts = { 0, 50 * 1000000 };

	if (lazy)
		*lazy = false;
	for (unsigned waited = 0;; waited += 50) {
		if (!mount_source(target, src, sizeof(src)) || (dev && strcmp(src, dev)))
			return 0;
		(void)fs_thaw(target); /* a frozen fs cannot be unmounted cleanly */
		if (umount2(target, 0) == 0)
			continue; /* look again: something may be mounted below */
		if (errno != EBUSY)
			return -errno;
		if (waited >= timeout_ms)
			break;
		nanosleep(&ts, NULL);
	}
	if (umount2(target, MNT_DETACH) < 0)
		return -errno;
	if (lazy)
		*lazy = true;
	return 0;
}

static int freeze_ioctl(const char *mnt, unsigned long req)
{
	_cleanup_close_ int fd = open(mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (ioctl(fd, req, 0) < 0)
		return -errno;
	return 0;
}

int fs_freeze(const char *mnt)
{
	return freeze_ioctl(mnt, FIFREEZE);
}

int fs_thaw(const char *mnt)
{
	int r = freeze_ioctl(mnt, FITHAW);

	return r == -EINVAL ? 0 : r; /* not frozen */
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Progress files of built-in engines: a few "key value" lines rewritten in
 * place (pwrite at 0 + ftruncate), read by the watchdog to see progress.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "engine.h"

int progress_open(struct progress *p, const char *path)
{
	p->fd = path ? open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644) : -1;
	return path && p->fd < 0 ? -errno : 0;
}

int progress_publish(struct progress *p, const char *text)
{
	size_t len = strlen(text);

	if (p->fd < 0)
		return 0;
	if (pwrite(p->fd, text, len, 0) != (ssize_t)len)
		return -errno;
	return ftruncate(p->fd, (off_t)len) < 0 ? -errno : 0;
}

void progress_close(struct progress *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
}

int progress_read(const char *path, const char *key, uint64_t *ret)
{
	_cleanup_free_ char *buf = NULL;
	size_t kl = strlen(key);
	int r = read_full_file(path, 1 << 16, &buf, NULL);

	if (r < 0)
		return r;
	for (char *l = buf; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, key, kl) && l[kl] == ' ') {
			*ret = strtoull(l + kl + 1, NULL, 10);
			return 0;
		}
	return -ENOENT;
}

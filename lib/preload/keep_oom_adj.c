// SPDX-License-Identifier: GPL-2.0
/*
 * keep_oom_adj.so: an LD_PRELOAD library that keeps a workload's
 * oom_score_adj what the scenario set, whatever the program does.
 *
 * Some programs write their own oom_score_adj into the processes they fork:
 * stress-ng before 0.17 (no --no-oom-adjust) writes 1000 into each stressor
 * child. The kernel offers no way to stop a process raising its own value
 * (oom_score_adj_min only bounds lowering), and polling the value back loses
 * a race on a busy machine: the OOM killer picks a child in the window
 * (issue 28). memstress sets the value before the program's first
 * instruction (spawn, inherited by every fork), and this library, preloaded
 * only into engines that declare they override it (struct engine), makes the
 * program's own opens of /proc/.../oom_score_adj (and the old oom_adj) for
 * writing open /dev/null instead: the write succeeds and changes nothing.
 * Reads are untouched. Nothing else is interposed.
 *
 * memstress embeds this library (preload.S) and writes it into the run
 * directory, so a build tree, an install and a VM guest all have it.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* "/proc/self/oom_score_adj", "/proc/1234/oom_score_adj", ".../task/5/oom_adj" */
static bool is_oom_adj(const char *path)
{
	const char *base;

	if (!path || strncmp(path, "/proc/", 6))
		return false;
	base = strrchr(path, '/');
	return base && (!strcmp(base, "/oom_score_adj") || !strcmp(base, "/oom_adj"));
}

static bool writes(int flags)
{
	return (flags & O_ACCMODE) != O_RDONLY;
}

static bool mode_writes(const char *mode)
{
	return mode && strpbrk(mode, "wa+");
}

#define REAL(name, type) ((type)dlsym(RTLD_NEXT, name))

#define OPEN_LIKE(fn, sym)                                                            \
	int fn(const char *path, int flags, ...)                                      \
	{                                                                             \
		mode_t mode = 0;                                                      \
		if (flags & (O_CREAT | O_TMPFILE)) {                                  \
			va_list ap;                                                   \
			va_start(ap, flags);                                          \
			mode = va_arg(ap, mode_t);                                    \
			va_end(ap);                                                   \
		}                                                                     \
		if (writes(flags) && is_oom_adj(path))                                \
			path = "/dev/null";                                           \
		return REAL(sym, int (*)(const char *, int, ...))(path, flags, mode); \
	}

#define OPENAT_LIKE(fn, sym)                                                                      \
	int fn(int dirfd, const char *path, int flags, ...)                                       \
	{                                                                                         \
		mode_t mode = 0;                                                                  \
		if (flags & (O_CREAT | O_TMPFILE)) {                                              \
			va_list ap;                                                               \
			va_start(ap, flags);                                                      \
			mode = va_arg(ap, mode_t);                                                \
			va_end(ap);                                                               \
		}                                                                                 \
		if (writes(flags) && is_oom_adj(path))                                            \
			path = "/dev/null";                                                       \
		return REAL(sym, int (*)(int, const char *, int, ...))(dirfd, path, flags, mode); \
	}

OPEN_LIKE(open, "open")
OPEN_LIKE(open64, "open64")
OPENAT_LIKE(openat, "openat")
OPENAT_LIKE(openat64, "openat64")

/* _FORTIFY_SOURCE's checked variants (stress-ng is built with them) */
int __open_2(const char *path, int flags);
int __open_2(const char *path, int flags)
{
	if (writes(flags) && is_oom_adj(path))
		path = "/dev/null";
	return REAL("__open_2", int (*)(const char *, int))(path, flags);
}

int __open64_2(const char *path, int flags);
int __open64_2(const char *path, int flags)
{
	if (writes(flags) && is_oom_adj(path))
		path = "/dev/null";
	return REAL("__open64_2", int (*)(const char *, int))(path, flags);
}

int __openat_2(int dirfd, const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags)
{
	if (writes(flags) && is_oom_adj(path))
		path = "/dev/null";
	return REAL("__openat_2", int (*)(int, const char *, int))(dirfd, path, flags);
}

int __openat64_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags)
{
	if (writes(flags) && is_oom_adj(path))
		path = "/dev/null";
	return REAL("__openat64_2", int (*)(int, const char *, int))(dirfd, path, flags);
}

FILE *fopen(const char *path, const char *mode)
{
	if (mode_writes(mode) && is_oom_adj(path))
		path = "/dev/null";
	return REAL("fopen", FILE * (*)(const char *, const char *))(path, mode);
}

FILE *fopen64(const char *path, const char *mode)
{
	if (mode_writes(mode) && is_oom_adj(path))
		path = "/dev/null";
	return REAL("fopen64", FILE * (*)(const char *, const char *))(path, mode);
}

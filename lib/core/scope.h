/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scope-bound release of memory, file descriptors and FILE*, in the style of
 * systemd's _cleanup_ helpers and the kernel's cleanup.h (named scope.h here:
 * cmd/cleanup.c is the `cleanup` command). Destructors accept
 * NULL / -1 so a variable can be declared before it is assigned, and
 * TAKE_PTR()/TAKE_FD() hand ownership on without a double free.
 */
#ifndef MEMSTRESS_CORE_SCOPE_H
#define MEMSTRESS_CORE_SCOPE_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <dirent.h>

#define _cleanup_(f) __attribute__((cleanup(f)))

static inline void freep(void *p)
{
	free(*(void **)p);
}

static inline void closep(int *fd)
{
	if (*fd >= 0)
		close(*fd);
}

static inline void fclosep(FILE **f)
{
	if (*f)
		fclose(*f);
}

static inline void closedirp(DIR **d)
{
	if (*d)
		closedir(*d);
}

#define _cleanup_free_ _cleanup_(freep)
#define _cleanup_close_ _cleanup_(closep)
#define _cleanup_fclose_ _cleanup_(fclosep)
#define _cleanup_closedir_ _cleanup_(closedirp)

/* Return the pointer and clear the variable, so its cleanup does nothing. */
#define TAKE_PTR(p)                        \
	({                                 \
		__typeof__(p) _ptr_ = (p); \
		(p) = NULL;                \
		_ptr_;                     \
	})

#define TAKE_FD(fd)              \
	({                       \
		int _fd_ = (fd); \
		(fd) = -1;       \
		_fd_;            \
	})

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define STRINGIFY_(x) #x
#define STRINGIFY(x) STRINGIFY_(x)

#endif

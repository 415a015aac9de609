/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Libraries opened on first use (dlopen) rather than linked: libarchive,
 * which only `memstress kernel` needs for a guest's initramfs, brings in
 * libxml2 and ICU; Vectorscan, which only `memstress scan` needs, is 9 MB of
 * C++ with libstdc++. Linked, they cost every command its start-up in the
 * dynamic loader (a scan of a whole log took 20 ms to start, grep 2), and a
 * guest's runner, which reads them over 9p, 60 ms of its boot.
 */
#ifndef MEMSTRESS_CORE_DLIB_H
#define MEMSTRESS_CORE_DLIB_H

#include <stddef.h>

/* One function of the library: its name and where its address goes. */
struct dlib_fn {
	const char *name;
	void **ptr;
};

struct dlib {
	const char *soname; /* "libarchive.so.13" */
	const struct dlib_fn *fns;
	size_t n;
	int state; /* 0 not tried; 1 loaded; < 0 the error of the one try */
	char error[256];
};

/* Open the library and look up every function of its table, once (thread
 * safe only after the first call has returned). 0, or a negative errno with
 * d->error saying what is missing. */
int dlib_load(struct dlib *d);
/* dlib_load, or exit with status 3 naming what is missing (for callers that
 * cannot fail: the library is one of memstress's package dependencies). */
void dlib_need(struct dlib *d);
/* The file the library was loaded from (loading it), into path: 0 or a
 * negative errno. An initramfs carries it: ldd does not see it. */
int dlib_path(struct dlib *d, char *path, size_t len);

#endif

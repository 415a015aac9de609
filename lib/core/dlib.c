// SPDX-License-Identifier: GPL-2.0
/*
 * Libraries opened on first use (see dlib.h).
 */
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exitcode.h"
#include "log.h"
#include "dlib.h"

int dlib_load(struct dlib *d)
{
	void *h;

	if (d->state)
		return d->state < 0 ? d->state : 0;
	h = dlopen(d->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		const char *why = dlerror();
		size_t n = strlen(d->soname);

		/* glibc's message starts with the name again: say it once */
		if (why && !strncmp(why, d->soname, n) && !strncmp(why + n, ": ", 2))
			why += n + 2;
		snprintf(d->error, sizeof(d->error), "cannot load %s: %s", d->soname,
			 why ? why : "unknown error");
		return d->state = -ENOENT;
	}
	for (size_t i = 0; i < d->n; i++) {
		*d->fns[i].ptr = dlsym(h, d->fns[i].name);
		if (!*d->fns[i].ptr) {
			snprintf(d->error, sizeof(d->error), "%s has no %s", d->soname,
				 d->fns[i].name);
			return d->state = -ENOENT;
		}
	}
	return d->state = 1, 0;
}

int dlib_path(struct dlib *d, char *path, size_t len)
{
	Dl_info info;
	int r = dlib_load(d);

	if (r < 0)
		return r;
	if (!d->n || !dladdr(*d->fns[0].ptr, &info) || !info.dli_fname)
		return -ENOENT;
	snprintf(path, len, "%s", info.dli_fname);
	return 0;
}

void dlib_need(struct dlib *d)
{
	if (dlib_load(d) < 0) {
		log_error("%s", d->error);
		exit(EXIT_HARNESS);
	}
}

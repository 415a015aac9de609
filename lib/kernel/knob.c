// SPDX-License-Identifier: GPL-2.0
/*
 * Journaled knob writes (see knob.h).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "core/undo.h"
#include "knob.h"

int knob_set(struct undo *u, const char *path, const char *value)
{
	_cleanup_free_ char *old = NULL;
	int r;

	r = read_one_line(path, &old);
	if (r < 0)
		return r;
	if (u) {
		r = undo_record(u, "write", path, old, NULL);
		if (r < 0)
			return r;
	}
	return write_string(path, value);
}

int knob_setf(struct undo *u, const char *path, const char *fmt, ...)
{
	_cleanup_free_ char *v = NULL;
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&v, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	return knob_set(u, path, v);
}

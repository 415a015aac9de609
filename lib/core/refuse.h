/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Refusing what a scenario hands on to a program (mkfs and mount options,
 * stress-ng and fio arguments): the reason written to err, -EINVAL returned,
 * and whether a word is in an allow- or deny-list.
 */
#ifndef MEMSTRESS_CORE_REFUSE_H
#define MEMSTRESS_CORE_REFUSE_H

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"

static inline int refuse(char *err, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static inline int refuse(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Whether the n bytes at s are one of list's words (NULL-terminated). */
static inline bool word_listed(const char *const *list, const char *s, size_t n)
{
	for (; list && *list; list++)
		if (strlen(*list) == n && !strncmp(*list, s, n))
			return true;
	return false;
}

/* args split as a shell would (split_args) into *ret, left NULL when args
 * is; an unterminated quote refused. */
static inline int split_or_refuse(const char *args, char ***ret, char *err, size_t len)
{
	int k;

	*ret = NULL;
	if (args && (k = split_args(args, ret)) < 0)
		return k == -EINVAL ? refuse(err, len, "unterminated quote") : k;
	return 0;
}

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NULL-terminated string vectors (argv-style) that own their strings.
 */
#ifndef MEMSTRESS_CORE_STRV_H
#define MEMSTRESS_CORE_STRV_H

#include <stdbool.h>
#include <stddef.h>

#include "scope.h"

void strv_free(char **v);
size_t strv_length(char *const *v);
/* Takes ownership of s (freed on failure). s == NULL only ensures v exists. */
int strv_push(char ***v, char *s);
int strv_extend(char ***v, const char *s);
int strv_extendf(char ***v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strv_extend_strv(char ***v, char *const *src);
bool strv_contains(char *const *v, const char *s);
/* Split on any of the separator characters, dropping empty items and trimming. */
int strv_split(const char *s, const char *seps, char ***ret);
/* Join with sep; returns a new string or NULL on ENOMEM. */
char *strv_join(char *const *v, const char *sep);

static inline void strv_freep(char ***v)
{
	strv_free(*v);
}
#define _cleanup_strv_free_ _cleanup_(strv_freep)

#define STRV_FOREACH(s, v) for (char **s = (v); s && *s; s++)

#endif

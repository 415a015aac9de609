// SPDX-License-Identifier: GPL-2.0
/*
 * NULL-terminated string vectors: building argvs, lists from scenario values.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strv.h"

void strv_free(char **v)
{
	if (!v)
		return;
	for (char **p = v; *p; p++)
		free(*p);
	free(v);
}

size_t strv_length(char *const *v)
{
	size_t n = 0;

	while (v && v[n])
		n++;
	return n;
}

int strv_push(char ***v, char *s)
{
	size_t n = strv_length(*v);
	char **nv;

	nv = realloc(*v, (n + 2) * sizeof(char *));
	if (!nv) {
		free(s);
		return -ENOMEM;
	}
	nv[n] = s;
	nv[s ? n + 1 : n] = NULL;
	*v = nv;
	return 0;
}

int strv_extend(char ***v, const char *s)
{
	char *c = strdup(s);

	if (!c)
		return -ENOMEM;
	return strv_push(v, c);
}

int strv_extendf(char ***v, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -ENOMEM;
	return strv_push(v, s);
}

int strv_extend_strv(char ***v, char *const *src)
{
	for (size_t i = 0; src && src[i]; i++) {
		int r = strv_extend(v, src[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

bool strv_contains(char *const *v, const char *s)
{
	for (size_t i = 0; v && v[i]; i++)
		if (!strcmp(v[i], s))
			return true;
	return false;
}

int strv_split(const char *s, const char *seps, char ***ret)
{
	char **v = NULL;
	const char *p = s;

	while (*p) {
		size_t n = strcspn(p, seps);
		const char *b = p, *e = p + n;

		while (b < e && isspace((unsigned char)*b))
			b++;
		while (e > b && isspace((unsigned char)e[-1]))
			e--;
		if (e > b) {
			int r = strv_push(&v, strndup(b, (size_t)(e - b)));
			if (r < 0) {
				strv_free(v);
				return r;
			}
		}
		p += n;
		if (*p)
			p++;
	}
	if (!v && strv_push(&v, NULL) < 0)
		return -ENOMEM;
	*ret = v;
	return 0;
}

char *strv_join(char *const *v, const char *sep)
{
	size_t len = 1, sl = strlen(sep);
	char *out, *p;

	for (size_t i = 0; v && v[i]; i++)
		len += strlen(v[i]) + sl;
	out = p = malloc(len);
	if (!out)
		return NULL;
	*p = 0;
	for (size_t i = 0; v && v[i]; i++) {
		if (i) {
			memcpy(p, sep, sl);
			p += sl;
		}
		size_t l = strlen(v[i]);
		memcpy(p, v[i], l);
		p += l;
		*p = 0;
	}
	return out;
}

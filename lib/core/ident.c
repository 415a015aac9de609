// SPDX-License-Identifier: GPL-2.0
/*
 * The identifier whitelist (see ident.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ident.h"

static bool ident_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '_' || c == '-';
}

const char *ident_problem(const char *s, size_t max, char *buf, size_t len)
{
	size_t n = strlen(s);

	if (!n)
		return "is empty";
	if (n > max) {
		snprintf(buf, len, "is longer than %zu characters", max);
		return buf;
	}
	if (s[0] == '.' || s[0] == '-')
		return "starts with '.' or '-'";
	for (const char *p = s; *p; p++)
		if (!ident_char(*p)) {
			unsigned char c = (unsigned char)*p;
			if (c > 0x20 && c < 0x7f)
				snprintf(buf, len, "contains '%c' (allowed: A-Z a-z 0-9 . _ -)", c);
			else
				snprintf(buf, len,
					 "contains byte 0x%02x (allowed: A-Z a-z 0-9 . _ -)", c);
			return buf;
		}
	return NULL;
}

char *ident_sanitize(const char *s, size_t max)
{
	size_t n = strlen(s);
	char *out;

	if (n > max)
		n = max;
	if (!n)
		return strdup("x");
	out = strndup(s, n);
	if (!out)
		return NULL;
	for (char *p = out; *p; p++)
		if (!ident_char(*p))
			*p = '_';
	if (out[0] == '.' || out[0] == '-')
		out[0] = '_';
	return out;
}

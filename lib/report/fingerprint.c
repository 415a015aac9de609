// SPDX-License-Identifier: GPL-2.0
/*
 * Fingerprints of failed runs (see fingerprint.h): the names of the failed
 * checks, sorted, and the normalised title of the first failure-class event.
 */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/strv.h"
#include "fingerprint.h"
#include "oracle/oracle.h"
#include "writers.h"

static bool is_hex_word(const char *s, size_t *n)
{
	size_t i = 0;
	bool letter = false, digit = false;

	while (isxdigit((unsigned char)s[i])) {
		letter |= isalpha((unsigned char)s[i]);
		digit |= isdigit((unsigned char)s[i]);
		i++;
	}
	*n = i;
	return i >= 8 && letter && digit; /* an address or a hash, not a word */
}

void fingerprint_normalize(const char *in, char *out, size_t len)
{
	size_t o = 0, n;

	if (!len)
		return;
	for (const char *p = in; *p && o + 1 < len;) {
		bool boundary = p == in || !isalnum((unsigned char)p[-1]);
		if (boundary && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
		    isxdigit((unsigned char)p[2])) {
			p += 2;
			while (isxdigit((unsigned char)*p))
				p++;
			out[o++] = 'X';
		} else if (boundary && is_hex_word(p, &n) && !isalnum((unsigned char)p[n])) {
			p += n;
			out[o++] = 'X';
		} else if (isdigit((unsigned char)*p)) {
			while (isdigit((unsigned char)*p) ||
			       (*p == '.' && isdigit((unsigned char)p[1])))
				p++;
			out[o++] = 'N';
		} else
			out[o++] = *p++;
	}
	out[o] = '\0';
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static json_object *first_failure(json_object *root)
{
	static const char *const lists[] = { "events", "console_events" };

	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++) {
		json_object *ev = jget(root, lists[l]);
		size_t n = ev && json_object_is_type(ev, json_type_array) ?
				   json_object_array_length(ev) :
				   0;
		for (size_t i = 0; i < n; i++) {
			json_object *e = json_object_array_get_idx(ev, i);
			if (jevent_failure(e))
				return e;
		}
	}
	return NULL;
}

static size_t append(char *buf, size_t len, size_t o, const char *a, const char *b)
{
	int k = snprintf(buf + o, len - o, "%s%s", a, b);

	return k < 0 || o + (size_t)k >= len ? len - 1 : o + (size_t)k;
}

void result_failed_checks(json_object *root, char *buf, size_t len)
{
	json_object *checks = jget(root, "checks");
	char **failed = NULL;
	size_t o = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < jarr_len(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		if (!strcmp(jstr(c, "status"), "fail"))
			(void)strv_extend(&failed, jstr(c, "name"));
	}
	if (!failed)
		return;
	qsort(failed, strv_length(failed), sizeof(char *), cmp_str);
	STRV_FOREACH(f, failed)
		o = append(buf, len, o, o ? "," : "", *f);
	strv_free(failed);
}

void result_fingerprint(json_object *root, char *buf, size_t len)
{
	size_t o;

	result_failed_checks(root, buf, len);
	if (!buf[0])
		return;
	o = strlen(buf);
	json_object *e = first_failure(root);
	if (e && (o = append(buf, len, o, " | ", "")) + 1 < len)
		fingerprint_normalize(jstr(e, "title"), buf + o, len - o);
}

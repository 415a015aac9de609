// SPDX-License-Identifier: GPL-2.0
/*
 * Value parsers shared by the scenario loader and the command line: sizes,
 * durations, integers, booleans, ranges and argv splitting. Pure functions.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parse.h"
#include "strv.h"

/*
 * The one number syntax of scenario values: decimal digits with an optional
 * fraction ("64", "1.5"). No sign, hex, octal, exponent, "inf" or "nan": strtod
 * and strtoll accept all of those, and "0x10M" or "1e3s" are typos in a
 * scenario file, not what anyone means. Sets *end past the number.
 */
int parse_decimal(const char *s, double *v, const char **end)
{
	const char *p = s;
	double x = 0, scale = 1;

	if (!isdigit((unsigned char)*p))
		return -EINVAL;
	for (; isdigit((unsigned char)*p); p++)
		x = x * 10 + (*p - '0');
	if (*p == '.' && isdigit((unsigned char)p[1]))
		for (p++; isdigit((unsigned char)*p); p++) {
			scale /= 10;
			x += (*p - '0') * scale;
		}
	if (!isfinite(x))
		return -ERANGE;
	*v = x;
	*end = p;
	return 0;
}

/* clang-format off */
static const struct {
	const char *suffix;
	uint64_t mult;
} size_units[] = {
	{ "", 1 },
	{ "b", 1 },
	{ "k", 1ULL << 10 }, { "kb", 1ULL << 10 }, { "kib", 1ULL << 10 },
	{ "m", 1ULL << 20 }, { "mb", 1ULL << 20 }, { "mib", 1ULL << 20 },
	{ "g", 1ULL << 30 }, { "gb", 1ULL << 30 }, { "gib", 1ULL << 30 },
	{ "t", 1ULL << 40 }, { "tb", 1ULL << 40 }, { "tib", 1ULL << 40 },
};
/* clang-format on */

int parse_size(const char *s, struct size_spec *ret)
{
	struct size_spec r = { .set = true };
	const char *end;

	if (!s || !*s)
		return -EINVAL;
	if (!strcasecmp(s, "max") || !strcasecmp(s, "unlimited")) {
		r.max = true;
		*ret = r;
		return 0;
	}
	double v;
	if (parse_decimal(s, &v, &end) < 0)
		return -EINVAL;
	while (*end == ' ')
		end++;
	if (!strcmp(end, "%")) {
		if (v <= 0 || v > 100)
			return -ERANGE;
		r.percent = v;
		*ret = r;
		return 0;
	}
	for (size_t i = 0; i < sizeof(size_units) / sizeof(size_units[0]); i++) {
		if (strcasecmp(end, size_units[i].suffix))
			continue;
		double b = v * (double)size_units[i].mult;
		if (b >= 18446744073709551615.0)
			return -ERANGE;
		if (b != floor(b))
			return -EINVAL; /* fractional bytes */
		r.bytes = (uint64_t)b;
		*ret = r;
		return 0;
	}
	return -EINVAL;
}

uint64_t size_resolve(const struct size_spec *s, uint64_t total)
{
	if (s->max)
		return UINT64_MAX;
	if (s->percent > 0)
		return (uint64_t)((double)total * s->percent / 100.0) & ~4095ULL;
	return s->bytes;
}

const char *size_format(const struct size_spec *s, char *buf, size_t len)
{
	static const char units[] = "KMGT";

	if (s->max)
		snprintf(buf, len, "max");
	else if (s->percent > 0)
		snprintf(buf, len, "%g%%", s->percent);
	else {
		uint64_t v = s->bytes;
		int u = -1;

		while (v && !(v & 1023) && u < 3) {
			v >>= 10;
			u++;
		}
		if (u < 0)
			snprintf(buf, len, "%llu", (unsigned long long)v);
		else
			snprintf(buf, len, "%llu%c", (unsigned long long)v, units[u]);
	}
	return buf;
}

const char *bytes_human(uint64_t bytes, char *buf, size_t len)
{
	static const char units[] = "BKMGTP";
	double v = (double)bytes;
	int u = 0;

	if (bytes == UINT64_MAX) {
		snprintf(buf, len, "max");
		return buf;
	}
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	if (u == 0)
		snprintf(buf, len, "%lluB", (unsigned long long)bytes);
	else
		snprintf(buf, len, "%.1f%c", v, units[u]);
	return buf;
}

/* clang-format off */
static const struct {
	const char *suffix;
	double ms;
} duration_units[] = {
	{ "", 1000 }, { "s", 1000 }, { "sec", 1000 },
	{ "ms", 1 }, { "m", 60000 }, { "min", 60000 },
	{ "h", 3600000 },
};
/* clang-format on */

int parse_duration_ms(const char *s, uint64_t *ret)
{
	const char *end;
	double v;

	if (!s || parse_decimal(s, &v, &end) < 0)
		return -EINVAL;
	while (*end == ' ')
		end++;
	for (size_t i = 0; i < sizeof(duration_units) / sizeof(duration_units[0]); i++) {
		if (strcasecmp(end, duration_units[i].suffix))
			continue;
		double ms = v * duration_units[i].ms;
		if (ms > 1e12)
			return -ERANGE;
		*ret = (uint64_t)llround(ms);
		return 0;
	}
	return -EINVAL;
}

const char *duration_format(uint64_t ms, char *buf, size_t len)
{
	if (ms % 1000)
		snprintf(buf, len, "%llums", (unsigned long long)ms);
	else if (ms && ms % 3600000 == 0)
		snprintf(buf, len, "%lluh", (unsigned long long)(ms / 3600000));
	else if (ms && ms % 60000 == 0)
		snprintf(buf, len, "%llum", (unsigned long long)(ms / 60000));
	else
		snprintf(buf, len, "%llus", (unsigned long long)(ms / 1000));
	return buf;
}

int parse_int64(const char *s, int64_t min, int64_t max, int64_t *ret)
{
	char *end;

	/* decimal only: an optional '-', then digits ("010" is ten, not eight) */
	if (!s || !isdigit((unsigned char)s[*s == '-']))
		return -EINVAL;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (errno || *end)
		return -EINVAL;
	if (v < min || v > max)
		return -ERANGE;
	*ret = v;
	return 0;
}

int parse_bool(const char *s, bool *ret)
{
	static const char *const yes[] = { "1", "y", "yes", "true", "on" };
	static const char *const no[] = { "0", "n", "no", "false", "off" };

	for (size_t i = 0; i < 5; i++) {
		if (!strcasecmp(s, yes[i])) {
			*ret = true;
			return 0;
		}
		if (!strcasecmp(s, no[i])) {
			*ret = false;
			return 0;
		}
	}
	return -EINVAL;
}

/* One number of a range, with an optional '%' that must agree with the rest. */
static int range_number(const char *s, const char **end, double *v, int *pct)
{
	const char *e;

	if (parse_decimal(s, v, &e) < 0)
		return -EINVAL;
	if (*e == '%') {
		if (*pct == 0)
			return -EINVAL;
		*pct = 1;
		e++;
	} else if (*pct == 1)
		return -EINVAL;
	else
		*pct = 0;
	*end = e;
	return 0;
}

int parse_range(const char *s, struct range *ret)
{
	struct range r = { .set = true };
	const char *p = s, *e;
	int pct = -1, k;
	double a, b;

	if (!s)
		return -EINVAL;
	if (!strncmp(p, ">=", 2) || !strncmp(p, "<=", 2)) {
		bool ge = *p == '>';
		if (range_number(p + 2, &e, &a, &pct) || *e)
			return -EINVAL;
		r.lo = ge ? a : 0;
		r.hi = ge ? INFINITY : a;
	} else if (strstr(p, "..") && strstr(p, "..")[2] == 0) {
		/* "2..": open-ended (strtod would eat the first dot) */
		char head[64];
		size_t n = (size_t)(strstr(p, "..") - p);
		if (n >= sizeof(head))
			return -EINVAL;
		memcpy(head, p, n);
		head[n] = 0;
		if (range_number(head, &e, &a, &pct) || *e)
			return -EINVAL;
		r.lo = a;
		r.hi = INFINITY;
	} else {
		k = range_number(p, &e, &a, &pct);
		if (k)
			return k;
		r.lo = r.hi = a;
		if (*e == '-' || !strncmp(e, "..", 2)) {
			e += *e == '-' ? 1 : 2;
			if (!*e)
				r.hi = INFINITY;
			else if (range_number(e, &e, &b, &pct) || *e || b < a)
				return -EINVAL;
			else
				r.hi = b;
		} else if (*e)
			return -EINVAL;
	}
	r.percent = pct == 1;
	if (r.percent && r.hi != INFINITY && r.hi > 100)
		return -ERANGE;
	*ret = r;
	return 0;
}

bool range_contains(const struct range *r, double v)
{
	return v >= r->lo && v <= r->hi;
}

const char *range_format(const struct range *r, char *buf, size_t len)
{
	const char *u = r->percent ? "%" : "";

	if (r->hi == INFINITY)
		snprintf(buf, len, ">=%g%s", r->lo, u);
	else if (r->lo == r->hi)
		snprintf(buf, len, "%g%s", r->lo, u);
	else if (r->lo == 0)
		snprintf(buf, len, "<=%g%s", r->hi, u);
	else
		snprintf(buf, len, "%g%s-%g%s", r->lo, u, r->hi, u);
	return buf;
}

static const char *bound_prefix(const char *s, enum bound_op *op)
{
	static const struct {
		const char *text;
		enum bound_op op;
	} ops[] = { { "<=", BOUND_LE }, { ">=", BOUND_GE }, { "<", BOUND_LT }, { ">", BOUND_GT } };

	*op = BOUND_LE;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		if (!strncmp(s, ops[i].text, strlen(ops[i].text))) {
			*op = ops[i].op;
			return s + strlen(ops[i].text);
		}
	return s;
}

int parse_dur_bound(const char *s, struct bound *ret)
{
	struct bound b = { .set = true };

	if (!s || parse_duration_ms(bound_prefix(s, &b.op), &b.v) < 0)
		return -EINVAL;
	*ret = b;
	return 0;
}

int parse_size_bound(const char *s, struct bound *ret)
{
	struct bound b = { .set = true };
	struct size_spec z;

	if (!s || parse_size(bound_prefix(s, &b.op), &z) < 0 || z.max || z.percent > 0)
		return -EINVAL;
	b.v = z.bytes;
	*ret = b;
	return 0;
}

bool bound_ok(const struct bound *b, double v)
{
	switch (b->op) {
	case BOUND_LE: return v <= (double)b->v;
	case BOUND_LT: return v < (double)b->v;
	case BOUND_GE: return v >= (double)b->v;
	case BOUND_GT: return v > (double)b->v;
	}
	return false;
}

const char *bound_format(const struct bound *b, bool size, char *buf, size_t len)
{
	static const char *const ops[] = { "<=", "<", ">=", ">" };
	char v[32];

	if (size) {
		struct size_spec z = { .set = true, .bytes = b->v };
		size_format(&z, v, sizeof(v));
	} else
		duration_format(b->v, v, sizeof(v));
	snprintf(buf, len, "%s%s", ops[b->op], v);
	return buf;
}

int split_args(const char *s, char ***ret)
{
	char **v = NULL;
	size_t cap = strlen(s) + 1;
	char *cur = malloc(cap);
	size_t n = 0;
	bool in_word = false;
	char quote = 0;

	if (!cur)
		return -ENOMEM;
	for (const char *p = s;; p++) {
		char c = *p;

		if (!c) {
			if (quote) {
				free(cur);
				strv_free(v);
				return -EINVAL;
			}
			break;
		}
		if (quote) {
			if (c == quote)
				quote = 0;
			else if (c == '\\' && quote == '"' && p[1])
				cur[n++] = *++p;
			else
				cur[n++] = c;
			continue;
		}
		if (isspace((unsigned char)c)) {
			if (in_word) {
				cur[n] = 0;
				if (strv_push(&v, strdup(cur)) < 0)
					goto oom;
				n = 0;
				in_word = false;
			}
			continue;
		}
		in_word = true;
		if (c == '\'' || c == '"')
			quote = c;
		else if (c == '\\' && p[1])
			cur[n++] = *++p;
		else
			cur[n++] = c;
	}
	if (in_word) {
		cur[n] = 0;
		if (strv_push(&v, strdup(cur)) < 0)
			goto oom;
	}
	free(cur);
	if (!v && strv_push(&v, NULL) < 0)
		return -ENOMEM;
	*ret = v;
	return 0;
oom:
	free(cur);
	strv_free(v);
	return -ENOMEM;
}

size_t levenshtein(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t row[64 + 1];

	if (lb > 64 || la > 64)
		return (size_t)-1;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = tolower((unsigned char)a[i - 1]) !=
				      tolower((unsigned char)b[j - 1]);
			size_t best = diag + cost;
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

bool path_relative_below(const char *p)
{
	if (!*p || p[0] == '/')
		return false;
	for (const char *q = p; q; q = strchr(q, '/')) {
		q += *q == '/';
		if (!strncmp(q, "..", 2) && (q[2] == '/' || !q[2]))
			return false;
	}
	return true;
}

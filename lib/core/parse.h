/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing and printing of the value types scenario files and the command line
 * use: sizes (64M, 1G, max, 25%), durations (500ms, 30s, 2m, 1h), integers,
 * booleans, ranges (3, 1-5, >=1, <=2, 80%..), and argument strings split into
 * an argv the way a shell would, without running one.
 * All parsers return 0 or -EINVAL / -ERANGE and leave *ret untouched on error.
 */
#ifndef MEMSTRESS_CORE_PARSE_H
#define MEMSTRESS_CORE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * A decimal number: digits with an optional fraction ("64", "1.5"); no sign,
 * hex, octal, exponent, inf or nan. *end is set past it.
 */
int parse_decimal(const char *s, double *v, const char **end);

/* A size as written: bytes, "max", or a percentage of something resolved later. */
struct size_spec {
	bool set;
	bool max;
	double percent; /* > 0: percent of the machine's (or the guest's) memory */
	uint64_t bytes;
};

int parse_size(const char *s, struct size_spec *ret);
/* Bytes for a spec, with `total` the 100% figure. UINT64_MAX for "max". */
uint64_t size_resolve(const struct size_spec *s, uint64_t total);
/* "64M", "1G", "max", "25%", "4096": the shortest exact form. buf >= 32. */
const char *size_format(const struct size_spec *s, char *buf, size_t len);
/* Human form of a byte count for display: "63.2M". */
const char *bytes_human(uint64_t bytes, char *buf, size_t len);

/* Durations in milliseconds; a bare number is seconds. */
int parse_duration_ms(const char *s, uint64_t *ret);
const char *duration_format(uint64_t ms, char *buf, size_t len);

/* A decimal integer with an optional '-'. */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *ret);
int parse_bool(const char *s, bool *ret);

/* An inclusive range of counts or percentages. */
struct range {
	bool set;
	bool percent;
	double lo, hi; /* hi == INFINITY for open ranges */
};
int parse_range(const char *s, struct range *ret);
bool range_contains(const struct range *r, double v);
const char *range_format(const struct range *r, char *buf, size_t len);

/*
 * A bound on a duration or a size: "<2s", "<=2s", ">=1s", ">500ms", or a
 * bare value meaning "at most" ("2s" is "<=2s"). v is milliseconds for
 * durations, bytes for sizes.
 */
enum bound_op { BOUND_LE, BOUND_LT, BOUND_GE, BOUND_GT };
struct bound {
	bool set;
	enum bound_op op;
	uint64_t v;
};
int parse_dur_bound(const char *s, struct bound *ret);
int parse_size_bound(const char *s, struct bound *ret);
bool bound_ok(const struct bound *b, double v);
/* "<=2s", ">=64M" */
const char *bound_format(const struct bound *b, bool size, char *buf, size_t len);

/*
 * Split an argument string into a NULL-terminated argv: whitespace separates,
 * '...' and "..." quote, backslash escapes. No expansion of any kind.
 * Returns -EINVAL for an unterminated quote.
 */
int split_args(const char *s, char ***ret);

/* A relative path that stays below where it starts: not absolute, no ".." component. */
bool path_relative_below(const char *p);

/* Edit distance, for "did you mean" suggestions. */
size_t levenshtein(const char *a, const char *b);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the value parsers: sizes, durations, ranges, booleans,
 * integers, argv splitting, edit distance; the error of a library that
 * cannot be opened.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "core/array.h"
#include "core/dlib.h"
#include "core/parse.h"
#include "core/strv.h"
#include "unit.h"

static void sizes(void **state)
{
	static const struct {
		const char *in;
		uint64_t bytes;
	} ok[] = {
		{ "0", 0 },
		{ "4096", 4096 },
		{ "64M", 64ULL << 20 },
		{ "64m", 64ULL << 20 },
		{ "1G", 1ULL << 30 },
		{ "1.5G", 3ULL << 29 },
		{ "512K", 512ULL << 10 },
		{ "2T", 2ULL << 40 },
		{ "64MiB", 64ULL << 20 },
		{ "64MB", 64ULL << 20 },
		{ "100b", 100 },
	};
	struct size_spec s;
	char buf[32];

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(parse_size(ok[i].in, &s), 0);
		assert_true(s.set && !s.max && s.percent == 0);
		assert_true(s.bytes == ok[i].bytes);
	}
	assert_int_equal(parse_size("max", &s), 0);
	assert_true(s.max);
	assert_true(size_resolve(&s, 1000) == UINT64_MAX);
	assert_int_equal(parse_size("25%", &s), 0);
	assert_true(s.percent == 25);
	assert_true(size_resolve(&s, 1ULL << 32) == 1ULL << 30);
	static const char *const bad[] = { "12Q",    "",     "-1M", "M",    "1.5",
					   "64 M B", "200%", "0%",  "1e3x", "max2",
					   "0x10M",  "1e3M", "inf", "nan",  ".5M" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_true(parse_size(bad[i], &s) < 0);
	/* formatting gives the shortest exact form, which parses back */
	parse_size("1536M", &s);
	assert_string_equal(size_format(&s, buf, sizeof(buf)), "1536M");
	parse_size("1G", &s);
	assert_string_equal(size_format(&s, buf, sizeof(buf)), "1G");
	parse_size("1000", &s);
	assert_string_equal(size_format(&s, buf, sizeof(buf)), "1000");
}

static void durations(void **state)
{
	uint64_t ms;
	char buf[32];

	(void)state;
	assert_int_equal(parse_duration_ms("30", &ms), 0);
	assert_true(ms == 30000);
	assert_int_equal(parse_duration_ms("30s", &ms), 0);
	assert_true(ms == 30000);
	assert_int_equal(parse_duration_ms("250ms", &ms), 0);
	assert_true(ms == 250);
	assert_int_equal(parse_duration_ms("2m", &ms), 0);
	assert_true(ms == 120000);
	assert_int_equal(parse_duration_ms("1.5s", &ms), 0);
	assert_true(ms == 1500);
	assert_int_equal(parse_duration_ms("1h", &ms), 0);
	assert_true(ms == 3600000);
	assert_true(parse_duration_ms("soon", &ms) < 0);
	assert_true(parse_duration_ms("10x", &ms) < 0);
	assert_true(parse_duration_ms("-1s", &ms) < 0);
	assert_true(parse_duration_ms("1e3s", &ms) < 0);
	assert_true(parse_duration_ms("0x10s", &ms) < 0);
	assert_true(parse_duration_ms("inf", &ms) < 0);
	assert_true(parse_duration_ms(".5s", &ms) < 0);
	assert_string_equal(duration_format(250, buf, sizeof(buf)), "250ms");
	assert_string_equal(duration_format(120000, buf, sizeof(buf)), "2m");
	assert_string_equal(duration_format(30000, buf, sizeof(buf)), "30s");
}

static void ranges(void **state)
{
	struct range r;
	char buf[64];

	(void)state;
	assert_int_equal(parse_range("3", &r), 0);
	assert_true(range_contains(&r, 3) && !range_contains(&r, 4) && !range_contains(&r, 2));
	assert_int_equal(parse_range("1-5", &r), 0);
	assert_true(range_contains(&r, 1) && range_contains(&r, 5) && !range_contains(&r, 6));
	assert_int_equal(parse_range(">=1", &r), 0);
	assert_true(range_contains(&r, 1e9) && !range_contains(&r, 0));
	assert_int_equal(parse_range("<=2", &r), 0);
	assert_true(range_contains(&r, 0) && !range_contains(&r, 3));
	assert_int_equal(parse_range(">=80%", &r), 0);
	assert_true(r.percent && range_contains(&r, 80) && !range_contains(&r, 79.9));
	assert_int_equal(parse_range("2..", &r), 0);
	assert_true(r.hi == INFINITY);
	assert_true(parse_range("5-1", &r) < 0);
	assert_true(parse_range("1%-5", &r) < 0);
	assert_true(parse_range("lots", &r) < 0);
	assert_true(parse_range(">=", &r) < 0);
	assert_true(parse_range("0x3", &r) < 0);
	assert_true(parse_range("1e2", &r) < 0);
	parse_range(">=80%", &r);
	assert_string_equal(range_format(&r, buf, sizeof(buf)), ">=80%");
	parse_range("1-5", &r);
	assert_string_equal(range_format(&r, buf, sizeof(buf)), "1-5");
}

static void scalars(void **state)
{
	int64_t i;
	bool b;

	(void)state;
	assert_int_equal(parse_int64("-1000", -1000, 1000, &i), 0);
	assert_true(i == -1000);
	assert_int_equal(parse_int64("1001", -1000, 1000, &i), -ERANGE);
	assert_int_equal(parse_int64("12abc", 0, 100, &i), -EINVAL);
	assert_int_equal(parse_int64("", 0, 100, &i), -EINVAL);
	/* one number syntax: decimal only (issue 22: "0x10M" was taken) */
	assert_int_equal(parse_int64("0x10", 0, 100, &i), -EINVAL);
	assert_int_equal(parse_int64("010", 0, 100, &i), 0);
	assert_true(i == 10);
	assert_int_equal(parse_int64("+5", 0, 100, &i), -EINVAL);
	assert_int_equal(parse_int64(" 5", 0, 100, &i), -EINVAL);
	static const char *const yes[] = { "yes", "Y", "true", "on", "1" };
	static const char *const no[] = { "no", "N", "false", "off", "0" };
	for (int k = 0; k < 5; k++) {
		assert_int_equal(parse_bool(yes[k], &b), 0);
		assert_true(b);
		assert_int_equal(parse_bool(no[k], &b), 0);
		assert_false(b);
	}
	assert_true(parse_bool("maybe", &b) < 0);
}

static void splitting(void **state)
{
	char **v = NULL;

	(void)state;
	assert_int_equal(split_args("--vm 1 --vm-bytes  64M", &v), 0);
	assert_int_equal(strv_length(v), 4);
	assert_string_equal(v[3], "64M");
	strv_free(v);
	assert_int_equal(split_args("sh -c 'echo a b; exit 3' \"x\\\"y\" back\\ slash", &v), 0);
	assert_int_equal(strv_length(v), 5);
	assert_string_equal(v[2], "echo a b; exit 3");
	assert_string_equal(v[3], "x\"y");
	assert_string_equal(v[4], "back slash");
	strv_free(v);
	assert_int_equal(split_args("", &v), 0);
	assert_int_equal(strv_length(v), 0);
	strv_free(v);
	assert_int_equal(split_args("unterminated 'quote", &v), -EINVAL);
	assert_true(levenshtein("memory.max", "memory.mx") == 1);
	assert_true(levenshtein("duration", "durration") == 1);
	assert_true(levenshtein("a", "xyz") == 3);
}

/* ARRAY_GROW: capacity doubles from `first`, contents survive, and a size
 * that would overflow fails with the array as it was. */
static void array_grows(void **state)
{
	struct pair {
		long a, b;
	} *v = NULL;
	size_t cap = 0;

	(void)state;
	assert_int_equal(ARRAY_GROW(v, 1, cap, 4), 0);
	assert_non_null(v);
	assert_int_equal(cap, 4);
	for (long i = 0; i < 100; i++) {
		assert_int_equal(ARRAY_GROW(v, (size_t)i + 1, cap, 4), 0);
		v[i] = (struct pair){ i, -i };
	}
	assert_int_equal(cap, 128);
	assert_int_equal(ARRAY_GROW(v, 100, cap, 4), 0); /* already room: unchanged */
	assert_int_equal(cap, 128);
	struct pair *before = v;
	assert_int_equal(ARRAY_GROW(v, SIZE_MAX / 4, cap, 4), -ENOMEM);
	assert_ptr_equal(v, before);
	assert_int_equal(cap, 128);
	for (long i = 0; i < 100; i++)
		assert_true(v[i].a == i && v[i].b == -i);
	free(v);
}

/* A library that cannot be opened is named, once, with the loader's reason. */
static void dlib_missing(void **state)
{
	static void *fn;
	static const struct dlib_fn fns[] = { { "nothing", &fn } };
	struct dlib d = { "libmemstress-absent.so.9", fns, 1 };

	(void)state;
	assert_int_equal(dlib_load(&d), -ENOENT);
	assert_string_equal(d.error,
			    "cannot load libmemstress-absent.so.9: cannot open "
			    "shared object file: No such file or directory");
	assert_int_equal(dlib_load(&d), -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(sizes),	cmocka_unit_test(durations),
		cmocka_unit_test(ranges),	cmocka_unit_test(scalars),
		cmocka_unit_test(splitting),	cmocka_unit_test(array_grows),
		cmocka_unit_test(dlib_missing),
	};
	return RUN(tests);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the allocation-latency witness's arithmetic
 * (lib/runner/alloclat.c): the page allocator's histogram as a vanilla 6.12
 * guest printed it after nofs-global-oom (ci/fixtures/alloclat/, with that
 * kernel's mm_page_alloc format for the GFP bits), read into classes; the
 * slow allocations the trace pipe gives, with the probe's own frames
 * stripped; percentiles exact above the slow threshold; __GFP_NOFAIL waits
 * seen while they last.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "oracle/trace.h"
#include "runner/alloclat.h"
#include "unit.h"

#define HIST FIXTURES "/alloclat/guest-6.12-nofs-global-oom.page.hist"
#define FORMAT FIXTURES "/alloclat/guest-6.12-mm_page_alloc.format"

static struct gfp_table gt;

static int load_gfp_table(void)
{
	char *fmt = NULL;

	if (read_full_file(FORMAT, 1 << 20, &fmt, NULL) < 0 || gfp_table_parse(fmt, &gt) < 0) {
		free(fmt);
		return -1;
	}
	free(fmt);
	return 0;
}

static struct alloclat *with_capture(void)
{
	struct alloclat *a = alloclat_new("ms_test");
	char *h = NULL;

	assert_non_null(a);
	assert_int_equal(read_full_file(HIST, 1 << 20, &h, NULL), 0);
	alloclat_collect_text(a, alloclat_path_index("page"), h, &gt);
	free(h);
	return a;
}

static json_object *get(json_object *o, const char *path)
{
	char buf[256], *save = NULL;

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *k = strtok_r(buf, ".", &save); k && o; k = strtok_r(NULL, ".", &save))
		if (!json_object_object_get_ex(o, k, &o))
			return NULL;
	return o;
}

/* The capture's 1810 hits (its own "Hits:"), by class: the NOFS ones with
 * __GFP_NOFAIL apart, the largest bucket's bound as the max */
static void capture_classes(void **state)
{
	struct alloclat *a = with_capture();
	struct alat_counts c;
	json_object *j;

	(void)state;
	alloclat_counts(a, &c);
	assert_true(c.on);
	assert_int_equal(c.count, 1810);
	j = alloclat_json(a, -1, NULL, NULL);
	assert_int_equal(json_object_get_int(get(j, "paths.page.count")), 1810);
	assert_int_equal(json_object_get_int(get(j, "paths.page.dropped")), 0);
	/* 141cca: GFP_HIGHUSER_MOVABLE|__GFP_COMP, a page fault; up to 2^21 us */
	assert_non_null(get(j, "paths.page.by_class.KERNEL"));
	assert_non_null(get(j, "paths.page.by_class.NOFS|NOFAIL"));
	double kmax = json_object_get_double(get(j, "paths.page.by_class.KERNEL.max_ms"));
	assert_true(kmax >= 2097.0 && kmax <= 2098.0);
	/* the classes add up to the path */
	long sum = 0;
	json_object_object_foreach(get(j, "paths.page.by_class"), k, v)
	{
		(void)k;
		sum += json_object_get_int(get(v, "count"));
		assert_true(json_object_get_double(get(v, "p50_ms")) <=
			    json_object_get_double(get(v, "p99_ms")));
		assert_true(json_object_get_double(get(v, "p99_ms")) <=
			    json_object_get_double(get(v, "max_ms")));
	}
	assert_int_equal(sum, 1810);
	assert_true(c.max_ms >= kmax);
	assert_true(c.nofs_max_ms > 0 && c.nofs_max_ms <= c.max_ms);
	json_object_put(j);
	alloclat_free(a);
}

static struct alat_slow slow(double ms, const char *gfp, enum gfp_class cls, const char *top)
{
	static const char *const frames[] = { "trace_event_raw_event_synth",
					      "action_trace",
					      "kretprobe_dispatcher",
					      "arch_rethook_trampoline",
					      NULL,
					      "filemap_add_folio",
					      "iomap_write_begin" };
	struct alat_slow s = { .ts = 100.0, .ms = ms, .tid = 42, .wl = -1, .cls = cls };

	s.path = alloclat_path_index("charge");
	snprintf(s.gfp, sizeof(s.gfp), "%s", gfp);
	snprintf(s.comm, sizeof(s.comm), "fstx");
	for (size_t i = 0; i < sizeof(frames) / sizeof(frames[0]); i++)
		s.frames[s.n_frames++] = strdup(frames[i] ? frames[i] : top);
	return s;
}

/* A slow allocation from the pipe: its stack starts at the caller, the
 * exact value wins over the bucket, the slowest are kept */
static void slow_allocations(void **state)
{
	struct alloclat *a = alloclat_new("ms_test");
	struct alat_counts c;

	(void)state;
	for (int i = 0; i < 15; i++) {
		struct alat_slow s =
			slow(20.0 + i, "GFP_KERNEL", GFP_CLASS_KERNEL, "__mem_cgroup_charge");
		alloclat_slow(a, &s);
	}
	struct alat_slow s = slow(1234.5, "GFP_NOFS", GFP_CLASS_NOFS, "__mem_cgroup_charge");
	alloclat_slow(a, &s);
	alloclat_counts(a, &c);
	assert_true(c.max_ms == 1234.5);
	assert_true(c.nofs_max_ms == 1234.5);
	assert_true(c.nofail_max_ms == 0);
	/* a pairing of an hour or more is the kernel's timestamp, not a wait:
	 * counted apart, from the pipe and from the histogram alike */
	struct alat_slow bad = slow(9223372036854776.0, "GFP_KERNEL", GFP_CLASS_KERNEL, "x");
	alloclat_slow(a, &bad);
	char h[] =
		"{ gfp: cc0, lat: ~ 2^63 } hitcount:          2\n"
		"{ gfp: cc0, lat: ~ 2^4 } hitcount:          3\n";
	alloclat_collect_text(a, alloclat_path_index("charge"), h, &gt);
	alloclat_counts(a, &c);
	assert_true(c.max_ms == 1234.5);
	assert_int_equal(c.impossible, 3);
	json_object *j = alloclat_json(a, 90.0, NULL, NULL);
	assert_int_equal(json_object_get_int(get(j, "impossible")), 3);
	json_object *sl = get(j, "slowest");
	assert_int_equal(json_object_array_length(sl), 10);
	json_object *first = json_object_array_get_idx(sl, 0);
	assert_true(json_object_get_double(get(first, "ms")) == 1234.5);
	assert_string_equal(json_object_get_string(get(first, "gfp_class")), "NOFS");
	assert_string_equal(json_object_get_string(get(first, "path")), "charge");
	json_object *st = get(first, "stack");
	assert_int_equal(json_object_array_length(st), 3);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(st, 0)),
			    "__mem_cgroup_charge");
	/* began 1.2345 s before its return at 100 s: 8.77 s into the run */
	double t = json_object_get_double(get(first, "run_time"));
	assert_true(t > 8.76 && t < 8.77);
	/* the tenth kept is the fastest of the ten slowest KERNEL ones */
	json_object *last = json_object_array_get_idx(sl, 9);
	assert_true(json_object_get_double(get(last, "ms")) == 26.0);
	json_object_put(j);
	alloclat_free(a);
}

/* A __GFP_NOFAIL allocation in the allocator: its wait counts while it
 * lasts, and when the run ends it is kept as unfinished */
static void nofail_waits(void **state)
{
	struct alloclat *a = alloclat_new("ms_test");
	struct alat_counts c;
	int page = alloclat_path_index("page");

	(void)state;
	alloclat_enter(a, page, 7, -1, "kworker", 10.0, "GFP_NOFS|__GFP_NOFAIL", 0);
	alloclat_enter(a, page, 8, -1, "fstx", 10.5, "GFP_KERNEL|__GFP_NOFAIL", 0);
	alloclat_leave(a, page, 8, 10.6); /* 100 ms: not kept as a wait */
	alloclat_tick(a, 13.0);
	alloclat_counts(a, &c);
	assert_true(c.wait_ms > 2999.0 && c.wait_ms < 3001.0);
	assert_true(c.nofail_max_ms > 2999.0);
	alloclat_end(a, 14.0);
	alloclat_counts(a, &c);
	assert_true(c.wait_ms == 0);
	assert_true(c.nofail_max_ms > 3999.0 && c.nofail_max_ms < 4001.0);
	json_object *j = alloclat_json(a, 5.0, NULL, NULL);
	json_object *w = get(j, "nofail_waits");
	assert_int_equal(json_object_array_length(w), 1);
	json_object *e = json_object_array_get_idx(w, 0);
	assert_true(json_object_get_boolean(get(e, "unfinished")));
	assert_string_equal(json_object_get_string(get(e, "comm")), "kworker");
	assert_int_equal(json_object_get_int(get(j, "nofail_entries")), 2);
	json_object_put(j);
	alloclat_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(capture_classes),
		cmocka_unit_test(slow_allocations),
		cmocka_unit_test(nofail_waits),
	};

	if (load_gfp_table() < 0) {
		printf("Bail out! cannot read %s\n", FORMAT);
		return 1;
	}
	return RUN(tests);
}

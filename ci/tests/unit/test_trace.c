// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the kernel-witness parsers on captured kernel output: the
 * trace_pipe text of a trace instance (this project's host, 6.18: kmalloc
 * events with stack-trace triggers), the GFP flag table of a tracepoint's
 * format file, and kmemleak's report format.
 */
#include <stdio.h>
#include <string.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "oracle/gfp.h"
#include "oracle/kmemleak.h"
#include "oracle/trace.h"
#include "unit.h"

static void pipe_lines(void **state)
{
	_cleanup_free_ char *text = NULL;
	unsigned events = 0, stacks = 0, frames = 0;
	struct trace_rec first = { 0 };

	(void)state;
	assert_int_equal(
		read_full_file(FIXTURES "/host-6.18-trace-pipe-kmalloc.txt", 0, &text, NULL), 0);
	for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
		struct trace_rec r;
		switch (trace_line_parse(l, strlen(l), &r)) {
		case TL_EVENT:
			if (!events++)
				first = r;
			assert_string_equal(r.event, "kmalloc");
			break;
		case TL_STACK: stacks++; break;
		case TL_FRAME:
			frames++;
			assert_null(strchr(r.frame, '+'));
			break;
		default: fail_msg("line not understood: %s", l);
		}
	}
	assert_int_equal(events, 3);
	assert_int_equal(stacks, 3);
	assert_int_equal(frames, 26);
	assert_string_equal(first.comm, "cat");
	assert_int_equal(first.pid, 13684);
	assert_int_equal(first.cpu, 1);
	assert_true(first.ts > 2419.11 && first.ts < 2419.12);
	assert_int_equal(trace_field_int(&first, "bytes_req", -1), 16600);
	const char *v;
	size_t n;
	assert_true(trace_field(&first, "gfp_flags", &v, &n));
	assert_int_equal(n, strlen("GFP_KERNEL|__GFP_ZERO"));
	assert_memory_equal(v, "GFP_KERNEL|__GFP_ZERO", n);
	assert_false(trace_field(&first, "bytes", &v, &n)); /* a prefix is not a key */
}

static void pipe_forms(void **state)
{
	struct trace_rec r;
	/* comm with spaces and dashes, record-tgid, no irq-info, a probe event, a loss */
	const char *a =
		" kworker/u8:2-ev-1234  (  1200) [003]  1.500000: failslab: (__kmalloc+0x1/0x2 <- should_failslab) ret=-12";
	const char *b =
		"  my prog-x-77     [000] d..1. 9.000001: mm_page_alloc: page=0000000000000000 pfn=0x0 order=2 migratetype=0 gfp_flags=GFP_NOFS|__GFP_NOWARN";
	const char *c = "CPU:3 [LOST 42 EVENTS]";

	(void)state;
	assert_int_equal(trace_line_parse(a, strlen(a), &r), TL_EVENT);
	assert_string_equal(r.comm, "kworker/u8:2-ev");
	assert_int_equal(r.pid, 1234);
	assert_int_equal(r.cpu, 3);
	assert_string_equal(r.event, "failslab");
	assert_int_equal(trace_field_int(&r, "ret", 0), -12);
	assert_int_equal(trace_line_parse(b, strlen(b), &r), TL_EVENT);
	assert_string_equal(r.comm, "my prog-x");
	assert_int_equal(r.pid, 77);
	assert_int_equal(trace_field_int(&r, "order", -1), 2);
	assert_int_equal(trace_line_parse(c, strlen(c), &r), TL_LOST);
	assert_int_equal(r.lost, 42);
	assert_int_equal(r.cpu, 3);
	assert_int_equal(trace_line_parse("# tracer: nop", 13, &r), TL_OTHER);
	assert_int_equal(trace_line_parse("", 0, &r), TL_OTHER);
	assert_int_equal(trace_line_parse("garbage without columns", 23, &r), TL_OTHER);
}

static void gfp_format(void **state)
{
	_cleanup_free_ char *fmt = NULL;
	struct gfp_table t;
	char names[256];
	struct gfp_info gi;

	(void)state;
	assert_int_equal(read_full_file(FIXTURES "/host-6.18-mm_page_alloc.format", 0, &fmt, NULL),
			 0);
	assert_int_equal(gfp_table_parse(fmt, &t), 0);
	assert_true(t.n > 30);
	/* 6.18's values: __GFP_IO 1<<6, __GFP_FS 1<<7, __GFP_DIRECT_RECLAIM 1<<10,
	 * __GFP_KSWAPD_RECLAIM 1<<11, __GFP_NOWARN 1<<13 */
	gfp_table_names(&t, (1 << 10) | (1 << 11) | (1 << 6) | (1 << 13), names, sizeof(names));
	assert_string_equal(names, "GFP_NOFS|__GFP_NOWARN");
	gfp_decode(names, strlen(names), &gi);
	assert_int_equal(gi.cls, GFP_CLASS_NOFS);
	gfp_table_names(&t, (1 << 10) | (1 << 11) | (1 << 6) | (1 << 7), names, sizeof(names));
	assert_string_equal(names, "GFP_KERNEL");
	gfp_table_names(&t, (1 << 10) | (1 << 11), names, sizeof(names));
	assert_string_equal(names, "GFP_NOIO");
	gfp_table_names(&t, 1ULL << 40, names, sizeof(names));
	assert_string_equal(names, "0x10000000000");
	assert_int_not_equal(gfp_table_parse("print fmt: \"no flags\"", &t), 0);
}

static void kmemleak_report(void **state)
{
	/* mm/kmemleak.c print_unreferenced() of 6.12, and the older "[<addr>] f" frames */
	const char *text =
		"unreferenced object 0xffff888004a8f000 (size 256):\n"
		"  comm \"memstress\", pid 212, jiffies 4294893652\n"
		"  hex dump (first 32 bytes):\n"
		"    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00  ................\n"
		"  backtrace (crc 9ab1c0d3):\n"
		"    kmemleak_alloc+0x4e/0x90\n"
		"    __kmalloc_cache_noprof+0x1d4/0x2c0\n"
		"    xfs_attr_set+0x1a/0x40\n"
		"    __vfs_setxattr+0x9b/0xd0\n"
		"unreferenced object 0xffff888004a8f800 (size 64):\n"
		"  comm \"kworker/0:1\", pid 9, jiffies 4294893700\n"
		"  backtrace:\n"
		"    [<ffffffff81234567>] kmem_cache_alloc+0x1/0x2\n"
		"    [<ffffffff81234568>] ext4_foo+0x3/0x4\n";
	struct leak *v;
	size_t n;

	(void)state;
	assert_int_equal(kmemleak_parse(text, &v, &n), 0);
	assert_int_equal(n, 2);
	assert_true(v[0].addr == 0xffff888004a8f000ULL);
	assert_int_equal(v[0].size, 256);
	assert_string_equal(v[0].comm, "memstress");
	assert_int_equal(v[0].pid, 212);
	assert_int_equal(v[0].crc, 0x9ab1c0d3);
	assert_int_equal(v[0].n_frames, 4);
	assert_string_equal(v[0].site, "xfs_attr_set+0x1a/0x40");
	assert_string_equal(v[1].comm, "kworker/0:1");
	assert_int_equal(v[1].n_frames, 2);
	assert_string_equal(v[1].site, "ext4_foo+0x3/0x4");
	leaks_free(v, n);
	assert_int_equal(kmemleak_parse("", &v, &n), 0);
	assert_int_equal(n, 0);
	leaks_free(v, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pipe_lines),
		cmocka_unit_test(pipe_forms),
		cmocka_unit_test(gfp_format),
		cmocka_unit_test(kmemleak_report),
	};
	return RUN(tests);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of LAVA's view of a run (report --format lava): a line per
 * check, "NAME RESULT MEASUREMENT UNITS REASON"; the figure from the table
 * (a metric, a path in result.json) or the count of the reports a check's
 * evidence lists, or the count its evidence carries (a guest that stopped
 * without its result); none ("- -") for a skip or a check without one; an error
 * is LAVA's "unknown". ci/tests/vm/12-lava.t sees LAVA take these lines.
 */
#include <stdio.h>
#include <string.h>

#include "report/writers.h"
#include "unit.h"

static char *lava_of(const char *js)
{
	json_object *root = json_tokener_parse(js);
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(root);
	assert_non_null(f);
	assert_int_equal(write_lava(root, f), 0);
	fclose(f);
	json_object_put(root);
	return buf;
}

static void figures(void **state)
{
	(void)state;
	char *l = lava_of(
		"{\"events\": [{\"kind\": \"oom\", \"fields\": {\"victim_pid\": 7}},"
		"              {\"kind\": \"oom\", \"fields\": {\"victim_pid\": 8}}],"
		" \"alloc_latency\": {\"source\": \"none\"},"
		" \"alloc_stalls\": {\"max_ms\": 104.5},"
		" \"checks\": ["
		"  {\"name\": \"oom.kills\", \"status\": \"fail\", \"summary\": \"expected 0\\nkills\"},"
		"  {\"name\": \"alloc.stall_max\", \"status\": \"pass\", \"summary\": \"104.5 ms\"},"
		"  {\"name\": \"kernel.no_warnings\", \"status\": \"fail\", \"summary\": \"1 WARNING\","
		"   \"evidence\": [{\"title\": \"WARNING in f\"}]},"
		"  {\"name\": \"kernel.no_leaks\", \"status\": \"skip\", \"summary\": \"no kmemleak\"},"
		"  {\"name\": \"alloc.nofs_stall_max\", \"status\": \"pass\", \"summary\": \"x\","
		"   \"evidence\": {\"count\": 12}},"
		"  {\"name\": \"oom.victim\", \"status\": \"error\", \"summary\": \"\"}]}");
	/* the kernel's OOM reports counted, the reason on one line */
	assert_non_null(strstr(l, "oom.kills fail 2 kills expected 0 kills\n"));
	/* a path: the first that the run has */
	assert_non_null(strstr(l, "alloc.stall_max pass 104.5 ms 104.5 ms\n"));
	assert_non_null(strstr(l, "kernel.no_warnings fail 1 reports 1 WARNING\n"));
	/* a skip has no figure, an error is unknown, an empty reason stays a field */
	assert_non_null(strstr(l, "kernel.no_leaks skip - - no kmemleak\n"));
	assert_non_null(strstr(l, "oom.victim unknown - - \n"));
	/* a count in the evidence is the heartbeat's only: here the table's path */
	assert_non_null(strstr(l, "alloc.nofs_stall_max pass - - x\n"));
	free(l);
}

/* a guest that panicked: no figures in result.json, the heartbeat's count in
 * the check's evidence (lib/vm/vm_partial.c), never the table's 0 */
static void heartbeat_count(void **state)
{
	(void)state;
	char *l = lava_of(
		"{\"checks\": ["
		"  {\"name\": \"vm.panic\", \"status\": \"fail\", \"summary\": \"panicked\","
		"   \"evidence\": {\"console_tail\": []}},"
		"  {\"name\": \"oom.kills\", \"status\": \"fail\", \"summary\": \"heartbeat\","
		"   \"evidence\": {\"source\": \"heartbeat\", \"count\": 37, \"elapsed_s\": 10.4}},"
		"  {\"name\": \"alloc.failures\", \"status\": \"fail\", \"summary\": \"heartbeat\","
		"   \"evidence\": {\"source\": \"heartbeat\", \"count\": 5, \"elapsed_s\": 10.4}}]}");
	assert_non_null(strstr(l, "vm.panic fail - - panicked\n"));
	assert_non_null(strstr(l, "oom.kills fail 37 kills heartbeat\n"));
	assert_non_null(strstr(l, "alloc.failures fail 5 count heartbeat\n"));
	free(l);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(figures),
		cmocka_unit_test(heartbeat_count),
	};
	return RUN(tests);
}

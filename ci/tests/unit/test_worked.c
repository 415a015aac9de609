// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of each engine's evidence of work (engine_worked, behind the
 * workloads.worked check), on hand-made ends: a pass and a failure for each
 * kind of evidence. fio's and dbench's come from what their .results hooks
 * make of their output (checked on a stopped fio's real output file: the
 * JSON after "fio: terminating on signal 15").
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/engine.h"
#include "unit.h"

#define EXITED(code) ((code) << 8)

static bool judge(const char *engine, const struct engine_end *end, char *why)
{
	const struct engine *e = engine_find(engine);

	assert_non_null(e);
	return engine_worked(e, end, why, 256);
}

static void exec_needs_an_exit_0_of_its_own(void **state)
{
	char why[256];
	(void)state;

	assert_true(judge("exec", &(struct engine_end){ .status = EXITED(0) }, why));
	assert_string_equal(why, "exited 0 by itself");
	/* stopped by memstress at the end: nothing to show */
	assert_false(
		judge("exec", &(struct engine_end){ .status = SIGTERM, .stopped = true }, why));
	assert_non_null(strstr(why, "nothing to show"));
	assert_false(judge("exec", &(struct engine_end){ .status = EXITED(2) }, why));
	assert_string_equal(why, "exited 2");
}

static void progress_engines_need_progress(void **state)
{
	char why[256];
	(void)state;

	assert_true(judge("memhog", &(struct engine_end){ .stopped = true, .progress = 93 }, why));
	assert_string_equal(why, "93 MiB touched");
	assert_false(judge("fstx", &(struct engine_end){ .status = EXITED(0) }, why));
	assert_string_equal(why, "no transactions in its progress file");
}

static void fio_needs_data_moved_by_every_job(void **state)
{
	json_object *jobs = json_tokener_parse(
		"[{\"job\": \"a\", \"read_kib\": 0, \"write_kib\": 512},"
		" {\"job\": \"b\", \"read_kib\": 64, \"write_kib\": 0}]");
	json_object *idle = json_tokener_parse(
		"[{\"job\": \"a\", \"read_kib\": 0, \"write_kib\": 512},"
		" {\"job\": \"b\", \"read_kib\": 0, \"write_kib\": 0}]");
	json_object *none = json_object_new_array();
	char why[256];
	(void)state;

	assert_true(judge("fio", &(struct engine_end){ .stopped = true, .results = jobs }, why));
	assert_string_equal(why, "2 fio job(s): 64 KiB read, 512 KiB written");
	assert_false(judge("fio", &(struct engine_end){ .results = idle }, why));
	assert_string_equal(why, "1 of 2 fio job(s) moved no data (first: b)");
	assert_false(judge("fio", &(struct engine_end){ .results = none }, why));
	assert_false(judge("fio", &(struct engine_end){ .results = NULL }, why));
	json_object_put(jobs);
	json_object_put(idle);
	json_object_put(none);
}

/* fio's .results hook on the file a stopped fio 3.33 writes. */
static void fio_summary_after_its_signal_line(void **state)
{
	char dir[] = "/tmp/memstress-unit-worked.XXXXXX", p[256], why[256];
	const struct engine *e = engine_find("fio");
	(void)state;

	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/workloads", dir);
	assert_int_equal(mkdir(p, 0755), 0);
	snprintf(p, sizeof(p), "%s/workloads/io.0.fio.json", dir);
	FILE *f = fopen(p, "w");
	assert_non_null(f);
	fputs("\nfio: terminating on signal 15\n{\n  \"fio version\" : \"fio-3.33\",\n"
	      "  \"jobs\" : [ { \"jobname\" : \"w\", \"error\" : 0,\n"
	      "    \"read\" : { \"io_kbytes\" : 0, \"iops\" : 0.0 },\n"
	      "    \"write\" : { \"io_kbytes\" : 4044, \"iops\" : 252.7, \"bw\" : 1011 } } ]\n}\n",
	      f);
	fclose(f);
	struct engine_ctx c = { .w = { .name = "io" }, .instance = 0, .run_dir = dir };
	json_object *res = e->results(&c);
	assert_true(engine_worked(e, &(struct engine_end){ .stopped = true, .results = res }, why,
				  sizeof(why)));
	assert_string_equal(why, "1 fio job(s): 0 KiB read, 4044 KiB written");
	json_object_put(res);
	unlink(p);
	snprintf(p, sizeof(p), "%s/workloads", dir);
	rmdir(p);
	rmdir(dir);
}

static void stress_ng_needs_bogo_ops_from_every_stressor(void **state)
{
	json_object *ok = json_tokener_parse("{\"vm\": 35572, \"hdd\": 12}");
	json_object *idle = json_tokener_parse("{\"vm\": 35572, \"hdd\": 0}");
	char why[256];
	(void)state;

	assert_true(
		judge("stress-ng", &(struct engine_end){ .stopped = true, .results = ok }, why));
	assert_string_equal(why, "35584 bogo-ops from 2 stressor(s)");
	assert_false(judge("stress-ng", &(struct engine_end){ .results = idle }, why));
	assert_string_equal(why, "1 of 2 stressor(s) made no bogo-ops");
	assert_false(judge("stress-ng", &(struct engine_end){ .results = NULL }, why));
	json_object_put(ok);
	json_object_put(idle);
}

static void dbench_needs_its_summary_or_a_progress_line(void **state)
{
	json_object *done = json_tokener_parse(
		"{\"throughput_mb_s\": 839.11, \"clients\": 2, \"completed\": true}");
	json_object *stopped =
		json_tokener_parse("{\"operations_seen\": 83679, \"completed\": false}");
	json_object *nothing = json_tokener_parse("{\"completed\": false}");
	char why[256];
	(void)state;

	assert_true(judge("dbench", &(struct engine_end){ .results = done }, why));
	assert_string_equal(why, "completed: 839.11 MB/s with 2 client(s)");
	assert_true(
		judge("dbench", &(struct engine_end){ .stopped = true, .results = stopped }, why));
	assert_false(judge("dbench", &(struct engine_end){ .results = nothing }, why));
	json_object_put(done);
	json_object_put(stopped);
	json_object_put(nothing);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exec_needs_an_exit_0_of_its_own),
		cmocka_unit_test(progress_engines_need_progress),
		cmocka_unit_test(fio_needs_data_moved_by_every_job),
		cmocka_unit_test(fio_summary_after_its_signal_line),
		cmocka_unit_test(stress_ng_needs_bogo_ops_from_every_stressor),
		cmocka_unit_test(dbench_needs_its_summary_or_a_progress_line),
	};
	return RUN(tests);
}

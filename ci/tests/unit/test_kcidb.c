// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the KCIDB and JUnit views' identities and times: a kernel
 * memstress built gets a checkout named by its git commit (and its diff), so
 * two trees never share one even with one release string; any other kernel
 * gets no build object and a build id from its build string and config;
 * every test and test case carries its own check's duration; JUnit's
 * timestamp is Ant's (no fraction, no zone). The whole files are validated
 * against their schemas, with real runs, in ci/tests/host/12-outputs.t and
 * ci/tests/vm/11-proofs.t.
 */
#include <stdio.h>
#include <string.h>

#include "report/writers.h"
#include "unit.h"

static json_object *vm_run(const char *commit, const char *patch)
{
	char js[2048];

	snprintf(
		js, sizeof(js),
		"{\"run_id\": \"r1\", \"origin\": \"lab_a\", \"started\": "
		"\"2026-12-03T20:10:32.548+00:00\", \"duration_s\": 12.5, \"scenario\": {\"name\": "
		"\"default\"}, \"target\": {\"kind\": \"vm\", \"machine\": \"x86_64\", "
		"\"kernel_release\": \"6.12.118+\", \"kernel_build\": {\"identity\": "
		"\"tree:/t:%s:x\", \"key\": \"abcdef0123456789ff\", \"base\": \"allnoconfig\", "
		"\"git_commit\": \"%s\", \"patchset_hash\": \"%s\", \"build_seconds\": 20.5}}, "
		"\"checks\": [{\"name\": \"oom.victim\", \"status\": \"pass\", \"summary\": \"s\", "
		"\"duration_s\": 10.25}, {\"name\": \"fs.fsck\", \"status\": \"fail\", \"summary\": "
		"\"bad\", \"duration_s\": 1.5}, {\"name\": \"run.completed\", \"status\": \"error\", "
		"\"summary\": \"e\"}]}",
		commit, commit, patch);
	return json_tokener_parse(js);
}

static json_object *host_run(const char *version)
{
	char js[1024];

	snprintf(js, sizeof(js),
		 "{\"run_id\": \"h1\", \"scenario\": {\"name\": \"default\"}, \"target\": "
		 "{\"kind\": \"host\", \"kernel_release\": \"6.18\"}, \"kernel\": {\"release\": "
		 "\"6.18\", \"version\": \"%s\", \"config\": {\"sha256\": \"00\"}}, \"checks\": "
		 "[{\"name\": \"oom.victim\", \"status\": \"pass\", \"summary\": \"s\", "
		 "\"duration_s\": 3}]}",
		 version);
	return json_tokener_parse(js);
}

static json_object *kcidb_of(json_object *root)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(write_kcidb(root, f), 0);
	fclose(f);
	json_object *k = json_tokener_parse(buf);
	free(buf);
	assert_non_null(k);
	return k;
}

static const char *at(json_object *k, const char *kind, size_t i, const char *key)
{
	return jstr(json_object_array_get_idx(jget(k, kind), i), key);
}

static void checkout_is_the_commit(void **state)
{
	const char *c1 = "1111111111111111111111111111111111111111",
		   *c2 = "2222222222222222222222222222222222222222";
	json_object *a = vm_run(c1, ""), *b = vm_run(c2, ""), *d = vm_run(c1, "d1ff");
	json_object *ka = kcidb_of(a), *kb = kcidb_of(b), *kd = kcidb_of(d);
	(void)state;

	assert_string_equal(at(ka, "checkouts", 0, "id"),
			    "lab_a:1111111111111111111111111111111111111111");
	assert_string_equal(at(ka, "checkouts", 0, "git_commit_hash"), c1);
	assert_string_equal(at(ka, "checkouts", 0, "origin"), "lab_a");
	/* one release string, two trees: two checkouts */
	assert_string_not_equal(at(ka, "checkouts", 0, "id"), at(kb, "checkouts", 0, "id"));
	/* the same commit with uncommitted changes is another checkout */
	assert_string_not_equal(at(ka, "checkouts", 0, "id"), at(kd, "checkouts", 0, "id"));
	assert_string_equal(at(kd, "checkouts", 0, "patchset_hash"), "d1ff");
	/* the build: memstress's build key, its real duration, linked */
	assert_string_equal(at(ka, "builds", 0, "id"), "lab_a:build-abcdef0123456789");
	assert_string_equal(at(ka, "builds", 0, "checkout_id"), at(ka, "checkouts", 0, "id"));
	assert_true(jdouble(json_object_array_get_idx(jget(ka, "builds"), 0), "duration", 0) ==
		    20.5);
	/* each test its own check's duration; none where the check measured nothing */
	assert_string_equal(at(ka, "tests", 1, "path"), "memstress.default.fs.fsck");
	assert_true(jdouble(json_object_array_get_idx(jget(ka, "tests"), 0), "duration", 0) ==
		    10.25);
	assert_true(jdouble(json_object_array_get_idx(jget(ka, "tests"), 1), "duration", 0) == 1.5);
	assert_null(jget(json_object_array_get_idx(jget(ka, "tests"), 2), "duration"));
	json_object *objs[] = { a, b, d, ka, kb, kd };
	for (size_t i = 0; i < 6; i++)
		json_object_put(objs[i]);
}

static void foreign_kernel_no_build(void **state)
{
	json_object *a = host_run("#1 SMP Mon"), *b = host_run("#2 SMP Tue"),
		    *a2 = host_run("#1 SMP Mon");
	json_object *ka = kcidb_of(a), *kb = kcidb_of(b), *ka2 = kcidb_of(a2);
	(void)state;

	assert_null(jget(ka, "builds"));
	assert_null(jget(ka, "checkouts"));
	assert_string_equal(at(ka, "tests", 0, "origin"), "memstress");
	/* one release, two builds of it: two ids; the same build: the same id */
	assert_string_not_equal(at(ka, "tests", 0, "build_id"), at(kb, "tests", 0, "build_id"));
	assert_string_equal(at(ka, "tests", 0, "build_id"), at(ka2, "tests", 0, "build_id"));
	assert_non_null(strstr(at(ka, "tests", 0, "build_id"), "memstress:kernel-"));
	json_object *objs[] = { a, b, a2, ka, kb, ka2 };
	for (size_t i = 0; i < 6; i++)
		json_object_put(objs[i]);
}

static void junit_ant_form(void **state)
{
	json_object *r = vm_run("1111111111111111111111111111111111111111", "");
	json_object *roots[] = { r, r };
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	(void)state;

	assert_int_equal(write_junit_many(roots, 2, f), 0);
	fclose(f);
	/* a bare root; suites with package, id, Ant's timestamp and the run's time */
	assert_non_null(strstr(buf,
			       "\n<testsuites>\n  <testsuite name=\"memstress.default\" "
			       "package=\"memstress\" id=\"0\" timestamp=\"2026-12-03T20:10:32\""));
	assert_non_null(strstr(buf,
			       "tests=\"3\" failures=\"1\" errors=\"1\" skipped=\"0\" "
			       "time=\"12.500\">"));
	/* the same scenario twice: told apart by the run id */
	assert_non_null(strstr(buf,
			       "<testsuite name=\"memstress.default.r1\" package=\"memstress\" "
			       "id=\"1\""));
	assert_non_null(strstr(buf,
			       "<testcase name=\"oom.victim\" classname=\"memstress.default\" "
			       "time=\"10.250\"/>"));
	assert_non_null(strstr(buf, "<failure message=\"bad\" type=\"fs.fsck\""));
	assert_non_null(
		strstr(buf, "time=\"0.000\">\n      <error message=\"e\" type=\"run.completed\""));
	assert_non_null(strstr(buf, "<system-err/>\n  </testsuite>\n"));
	free(buf);
	json_object_put(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(checkout_is_the_commit),
		cmocka_unit_test(foreign_kernel_no_build),
		cmocka_unit_test(junit_ant_form),
	};
	return RUN(tests);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the KTAP view of several runs (report --format ktap RUN...):
 * one document, a subtest per run with a unique name, the parent line's
 * result from the run's verdict, skips as "# SKIP reason". kunit.py itself
 * reads such a document in ci/tests/host/12-outputs.t.
 */
#include <stdio.h>
#include <string.h>

#include "report/writers.h"
#include "unit.h"

static json_object *run(const char *id, const char *scenario, const char *verdict,
			const char *check, const char *status)
{
	char js[1024];

	snprintf(js, sizeof(js),
		 "{\"run_id\": \"%s\", \"scenario\": {\"name\": \"%s\"}, \"verdict\": \"%s\","
		 " \"target\": {\"kernel_release\": \"6.12\"}, \"checks\": [{\"name\": \"%s\","
		 " \"status\": \"%s\", \"summary\": \"why # not\"}]}",
		 id, scenario, verdict, check, status);
	return json_tokener_parse(js);
}

static char *ktap_of(json_object *const *roots, size_t n)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	assert_int_equal(write_ktap_many(roots, n, f), 0);
	fclose(f);
	return buf;
}

static void one_document_unique_names(void **state)
{
	json_object *roots[] = { run("r1", "default", "pass", "oom.victim", "pass"),
				 run("r2", "default", "fail", "oom.victim", "fail"),
				 run("r3", "memcg protection", "skip", "requirements", "skip") };
	(void)state;
	char *k = ktap_of(roots, 3);
	assert_non_null(
		strstr(k, "KTAP version 1\n1..3\n    KTAP version 1\n    # Subtest: default\n"));
	/* exactly one top-level header: the others are indented */
	assert_ptr_equal(strstr(k + 1, "\nKTAP version 1"), NULL);
	assert_non_null(strstr(k, "\n    ok 1 oom.victim\nok 1 default\n"));
	/* the same scenario again is told apart by its run id */
	assert_non_null(strstr(k, "# Subtest: default.r2\n"));
	assert_non_null(strstr(k, "\n    not ok 1 oom.victim\nnot ok 2 default.r2\n"));
	/* names are words; a skipped run's reason is its directive, without '#' */
	assert_non_null(strstr(k,
			       "\n    ok 1 requirements # SKIP why   not\n"
			       "ok 3 memcg_protection # SKIP why   not\n"));
	free(k);
	for (size_t i = 0; i < 3; i++)
		json_object_put(roots[i]);
}

static void error_verdict_is_not_ok(void **state)
{
	json_object *roots[] = { run("r1", "x", "error", "harness.setup", "error") };
	(void)state;
	char *k = ktap_of(roots, 1);
	assert_non_null(strstr(
		k, "\n    not ok 1 harness.setup # ERROR why   not\nnot ok 1 x # ERROR error\n"));
	free(k);
	json_object_put(roots[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(one_document_unique_names),
		cmocka_unit_test(error_verdict_is_not_ok),
	};
	return RUN(tests);
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the unit tests: cmocka with TAP output, and where the fixtures are.
 */
#ifndef MEMSTRESS_TEST_UNIT_H
#define MEMSTRESS_TEST_UNIT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#ifndef SOURCE_DIR
#define SOURCE_DIR "."
#endif
#define FIXTURES SOURCE_DIR "/ci/fixtures"
#define SCENARIOS SOURCE_DIR "/ci/tests/scenarios"

static inline int run_tap(const struct CMUnitTest *tests, size_t n, const char *name)
{
	cmocka_set_message_output(CM_OUTPUT_TAP);
	return _cmocka_run_group_tests(name, tests, n, NULL, NULL);
}

#define RUN(tests) run_tap((tests), sizeof(tests) / sizeof((tests)[0]), __FILE__)

#endif

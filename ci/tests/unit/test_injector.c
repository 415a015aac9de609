// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the fault-injector registry (lib/fault) and of what reads
 * it: the names [fault.NAME] accepts are the registry's, in its order; each
 * injector says where the kernel offers it and why it may be missing; the
 * knobs of their own are written as the scenario says (through a recording
 * writer, no kernel); and the scenario's rules that come from the
 * descriptors refuse what they say: an unknown injector, and a key of one
 * injector's own given to another.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "fault/injector.h"
#include "scenario/scenario.h"
#include "unit.h"

static void registry(void **state)
{
	const struct injector *inj;
	size_t i, sweeps = 0;

	(void)state;
	for (i = 0; (inj = injector_at(i)); i++) {
		assert_ptr_equal(injector_find(inj->name), inj);
		assert_non_null(inj->where);
		assert_non_null(inj->missing);
		/* the kernel offers it one way: knobs in debugfs, or a file */
		assert_true((inj->debugfs != NULL) != (inj->file != NULL));
		/* a probe has both forms of its arguments */
		assert_true(!inj->probe_func || (inj->probe_args && inj->probe_args_old));
		/* a sweep is armed per task, with the knob injectors under it */
		if (inj->sweep) {
			sweeps++;
			assert_null(inj->debugfs);
		}
	}
	assert_true(i >= 3 && i <= INJECTORS_MAX);
	assert_int_equal(sweeps, 1);
	assert_null(injector_find("fail_futex"));
	assert_null(injector_find(NULL));
}

/* A writer that records "knob=value" lines instead of writing. */
struct record {
	char text[512];
};

static int rec_set(const struct knob_writer *w, const char *knob, const char *value)
{
	struct record *r = w->ctx;

	snprintf(r->text + strlen(r->text), sizeof(r->text) - strlen(r->text), "%s=%s;", knob,
		 value);
	return 0;
}

static void own_knobs(void **state)
{
	struct record r = { "" };
	const struct knob_writer w = { rec_set, rec_set, &r };
	struct sc_fault f = { .min_order = 0, .ignore_gfp_highmem = true };

	(void)state;
	assert_int_equal(inj_fail_page_alloc.arm_own(&f, &w), 0);
	assert_string_equal(r.text, "ignore-gfp-highmem=Y;min-order=0;");
	/* failslab without a cache filter has nothing of its own to set */
	r.text[0] = 0;
	assert_int_equal(inj_failslab.arm_own(&f, &w), 0);
	assert_string_equal(r.text, "");
	/* a cache that is not there is refused before anything is marked */
	char *caches[] = { "no-such-cache-here", NULL };
	f.caches = caches;
	assert_int_equal(inj_failslab.arm_own(&f, &w), -ENOENT);
	assert_string_equal(r.text, "cache-filter=Y;");
	assert_null(inj_fail_nth.arm_own);
}

static int load(const char *sections, char **err)
{
	char text[1024];
	struct scenario *s = NULL;

	snprintf(text, sizeof(text),
		 "[scenario]\ndescription = t\n[fs]\ntype = xfs\n"
		 "[workload.w]\nengine = fstx\n%s",
		 sections);
	int k = scenario_load_string(text, "t", "t.ini", NULL, 0, &s, err);
	scenario_free(s);
	return k;
}

static void scenario_rules(void **state)
{
	char *err = NULL;

	(void)state;
	assert_int_equal(load("[fault.failslab]\ncache-filter = xfs_inode\n", &err), 0);
	assert_true(load("[fault.fail_futex]\n", &err) < 0);
	assert_non_null(strstr(err,
			       "unknown fault injector 'fail_futex' (one of: failslab, "
			       "fail_page_alloc, fail-nth)"));
	free(err);
	err = NULL;
	assert_true(load("[fault.fail_page_alloc]\ncache-filter = xfs_inode\n", &err) < 0);
	assert_non_null(strstr(err, "cache-filter: only failslab has slab caches"));
	free(err);
	err = NULL;
	/* each injector's own keys, refused on the others with its reason */
	assert_true(load("[fault.failslab]\nmin-order = 2\n", &err) < 0);
	assert_non_null(
		strstr(err, "[fault.failslab] min-order: only fail_page_alloc fails by order"));
	free(err);
	err = NULL;
	assert_true(load("[fault.fail_page_alloc]\nonly_n = 3\n", &err) < 0);
	assert_non_null(strstr(err, "only_n: only the fail-nth sweep steps operations"));
	free(err);
	err = NULL;
	assert_int_equal(load("[fault.fail_page_alloc]\nmin-order = 2\n", &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registry),
		cmocka_unit_test(own_knobs),
		cmocka_unit_test(scenario_rules),
	};
	return RUN(tests);
}

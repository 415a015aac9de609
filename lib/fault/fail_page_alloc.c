// SPDX-License-Identifier: GPL-2.0
/*
 * fail_page_alloc (Documentation/fault-injection/fault-injection.rst): the
 * page allocator's injector, with two knobs of its own: whether
 * __GFP_HIGHMEM allocations are exempt, and the smallest order it fails
 * (the kernel's default, 1, exempts single pages).
 */
#include <stdio.h>

#include "injector.h"
#include "scenario/scenario.h"

static int arm_own(const struct sc_fault *f, const struct knob_writer *w)
{
	char order[16];
	int k;

	snprintf(order, sizeof(order), "%lld", (long long)f->min_order);
	if ((k = w->set(w, "ignore-gfp-highmem", f->ignore_gfp_highmem ? "Y" : "N")) < 0 ||
	    (k = w->set(w, "min-order", order)) < 0)
		return k;
	return 0;
}

const struct injector inj_fail_page_alloc = {
	.name = "fail_page_alloc",
	.where = "/sys/kernel/debug/fail_page_alloc",
	.missing =
		"no /sys/kernel/debug/fail_page_alloc (CONFIG_FAIL_PAGE_ALLOC); run with --kernel",
	.debugfs = "fail_page_alloc",
	.probe_func = "should_fail_alloc_page",
	.probe_args = "gfp=$arg1:x32 order=$arg2:u32 ret=$retval:u8",
	.probe_args_old = "ret=$retval:u8",
	.own_keys =
		(const struct injector_key[]){
			{ "ignore-gfp-highmem",
			  "only fail_page_alloc has __GFP_HIGHMEM to exempt" },
			{ "min-order", "only fail_page_alloc fails by order" },
			{ 0 } },
	.arm_own = arm_own,
};

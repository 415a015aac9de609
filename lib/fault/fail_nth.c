// SPDX-License-Identifier: GPL-2.0
/*
 * fail-nth (Documentation/fault-injection/fault-injection.rst): a task
 * writes N to /proc/thread-self/fail-nth and its N-th fault-able call
 * fails. No knobs of its own: the engine that drives the sweep (fstx) arms
 * it per step, and the run arms failslab and fail_page_alloc under it at
 * probability 0, so that they consider every allocation and fire at none.
 */
#include "injector.h"

const struct injector inj_fail_nth = {
	.name = "fail-nth",
	.where = "/proc/self/fail-nth",
	.missing = "no /proc/self/fail-nth (CONFIG_FAULT_INJECTION); run with --kernel",
	.file = "/proc/self/fail-nth",
	.sweep = true,
	.own_keys =
		(const struct injector_key[]){
			{ "ops", "only the fail-nth sweep steps operations" },
			{ "max_n", "only the fail-nth sweep steps operations" },
			{ "repeat", "only the fail-nth sweep steps operations" },
			{ "only_n", "only the fail-nth sweep steps operations" },
			{ "inject", "only the fail-nth sweep steps operations" },
			{ 0 } },
};

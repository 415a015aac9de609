// SPDX-License-Identifier: GPL-2.0
/*
 * The harness's own checks: a skip or an error of the run, never the
 * kernel's failure. run.c emits them as the run goes, not from its facts.
 */
#include "judge.h"

/* clang-format off */
static const struct check_def defs[] = {
	{ "requirements", NULL, "(skip) a requirement of the scenario is missing" },
	{ "run.excluded", NULL, "(skip) run --exclude named the scenario" },
	{ "harness.setup", NULL, "(error) memstress could not set the run up" },
	{ "harness.cleanup", NULL, "(error) memstress could not undo a change" },
	{ "run.completed", NULL, "(error) the run was interrupted" },
	{ "kernel.setup", NULL, "the set-up failed and the kernel's witnesses saw why" },
};
/* clang-format on */

const struct check_family checks_harness = { "the harness", defs, ARRAY_SIZE(defs) };

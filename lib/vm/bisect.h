/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One step of `git bisect run`: build the kernel tree's HEAD (incremental,
 * cached), boot it, run the scenario up to N times and say good, bad or
 * cannot-test. "Bad" requires the failure's fingerprint to match the one
 * recorded at the known-bad commit (refs/bisect/bad), learned on the first
 * step by testing that commit, so a bisect never drifts onto another bug.
 * State lives in <git dir>/memstress-bisect/.
 */
#ifndef MEMSTRESS_VM_BISECT_H
#define MEMSTRESS_VM_BISECT_H

#include <stdbool.h>

#include "runner/run.h"
#include "scenario/scenario.h"

struct bisect_opts {
	const char *tree; /* kernel git tree (default ".") */
	const struct scenario *s;
	unsigned runs;		  /* at most this many runs per commit (default 3) */
	const char *fingerprint;  /* given by the user: a substring the failure must contain */
	bool learn;		  /* only learn the fingerprint at HEAD (the bad commit) */
	char **with, **fragments; /* kernel config, as for `memstress kernel build` */
	unsigned jobs;
	const struct run_opts *ro;
};

/* Returns a git bisect run exit code: 0 good, 1 bad, 125 skip, 128 abort. */
int bisect_step(const struct bisect_opts *o);

#endif

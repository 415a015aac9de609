/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every check a result.json can hold, one row each (checkdefs.c): its name,
 * the [expect] keys that decide it, and when it fails. `memstress list
 * --checks` prints the rows; results/README.md's list of checks and
 * results/result.schema.json's names are tested against them both ways
 * (ci/tests/host/11-docs.t), and result_add_check() warns of a name that
 * has no row.
 */
#ifndef MEMSTRESS_REPORT_CHECKDEFS_H
#define MEMSTRESS_REPORT_CHECKDEFS_H

#include <stddef.h>

struct check_def {
	/* a family's row ends in '.', its checks are that and a name of the
	 * scenario's: "oom.survives." + the workload's name */
	const char *name;
	const char *keys;  /* the [expect] keys that decide it, space-separated, or NULL */
	const char *fails; /* when it fails (or errs, or skips), one short line */
};

/* The row of a check's name, or NULL. */
const struct check_def *check_def_find(const char *name);

/* Row i, or NULL past the last. */
const struct check_def *check_def_at(size_t i);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every check a result.json can hold, one row each: its name, the [expect]
 * keys that decide it, when it fails, what it needs, the span it judges,
 * and the function that judges a run's facts. The rows live with their
 * judges, a file per family (lib/runner/checks/<family>.c); checkdefs.c
 * lists the families. `memstress list --checks` prints the rows;
 * results/README.md's list of checks and results/result.schema.json's
 * names are tested against them both ways (ci/tests/host/11-docs.t);
 * validate.c refuses an [expect] key whose checks need a section the
 * scenario lacks.
 */
#ifndef MEMSTRESS_SCENARIO_CHECKDEFS_H
#define MEMSTRESS_SCENARIO_CHECKDEFS_H

#include <stdbool.h>
#include <stddef.h>

/* What a check's evidence needs from the scenario: without it the check
 * skips, and an [expect] key that decides it is refused at load. */
enum check_needs {
	NEEDS_NOTHING,
	NEEDS_FS,     /* an [fs] section */
	NEEDS_FAULTS, /* a [fault.*] section */
};

/* What part of a run a check judges, for its duration_s (JUnit's testcase
 * time, KCIDB's test duration). */
enum check_span {
	SPAN_WATCH, /* the workloads' run under watch (most) */
	SPAN_FS,    /* the filesystem's verification after it */
	SPAN_LEAKS, /* the leak scan after the unmount */
};

struct run_facts;
struct sc_expect;
struct verdict;

/* Judge a run's facts against the scenario's [expect]: add the check's
 * verdict (or none, where the scenario does not ask for it). */
typedef void check_judge_fn(const struct run_facts *f, const struct sc_expect *e,
			    struct verdict *v);

struct check_def {
	/* a family's row ends in '.', its checks are that and a name of the
	 * scenario's: "oom.survives." + the workload's name */
	const char *name;
	const char *keys;  /* the [expect] keys that decide it, space-separated, or NULL */
	const char *fails; /* when it fails (or errs, or skips), one short line */
	enum check_needs needs;
	enum check_span span;
	/* what its evidence needs of the machine, as `memstress list
	 * --requirements` names it (space-separated), or NULL: without it the
	 * check skips, the run goes on */
	const char *requires;
	check_judge_fn *judge; /* NULL: the harness or a VM's host emits it */
	bool after_others;     /* judged last: it asks whether another check failed */
};

/* The checks of a family, in the order they are listed and judged. */
struct check_family {
	const char *name;
	const struct check_def *defs;
	size_t n;
};

/* The families, in order (checkdefs.c); NULL-terminated. */
extern const struct check_family *const check_families[];

/* The row of a check's name, or NULL. */
const struct check_def *check_def_find(const char *name);

/* Row i, or NULL past the last. */
const struct check_def *check_def_at(size_t i);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's fault injectors memstress arms: one descriptor each
 * (failslab.c, fail_page_alloc.c, fail_nth.c) and a line in the registry
 * (injector.c). A descriptor says where the kernel offers the injector and
 * why it may be missing (the requirement named as its [fault.NAME]), the
 * kernel decision a probe at its return counts as an injection, whether a
 * sweep steps it per task and call, and the knobs it has beyond the common
 * ones (lib/runner/faults.c writes those, through the undo journal).
 */
#ifndef MEMSTRESS_FAULT_INJECTOR_H
#define MEMSTRESS_FAULT_INJECTOR_H

#include <stdbool.h>
#include <stddef.h>

struct sc_fault;

/* How an injector's own knobs are written: journaled by the run. */
struct knob_writer {
	/* a knob in the injector's debugfs directory */
	int (*set)(const struct knob_writer *w, const char *knob, const char *value);
	/* any other file, as a path (a slab cache's failslab) */
	int (*write)(const struct knob_writer *w, const char *path, const char *value);
	void *ctx;
};

#define INJECTORS_MAX 4

/* A [fault.*] key only this injector takes, and why the others refuse it. */
struct injector_key {
	const char *key;
	const char *why;
};

struct injector {
	const char *name;    /* [fault.NAME], and the requirement's name */
	const char *where;   /* where the kernel offers it: list --requirements */
	const char *missing; /* why it is not here: `memstress check`, a skip */
	const char *debugfs; /* its knobs' directory under debugfs, or NULL */
	const char *file;    /* without one: the file that shows the kernel has it */
	/* the kernel's decision to fail, probed at its return: an injection;
	 * its fetch arguments from 6.10 ($argN at a return) and before */
	const char *probe_func, *probe_args, *probe_args_old;
	const struct injector_key *own_keys; /* {0}-terminated, or NULL */
	/* stepped per task and call by a sweep that an engine drives (fail-nth);
	 * the debugfs injectors are armed under it at probability 0 */
	bool sweep;
	/* its knobs beyond the common ones, or NULL */
	int (*arm_own)(const struct sc_fault *f, const struct knob_writer *w);
};

const struct injector *injector_at(size_t i);
const struct injector *injector_find(const char *name);

extern const struct injector inj_failslab, inj_fail_page_alloc, inj_fail_nth;

#endif

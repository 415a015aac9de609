/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstress repro: narrow a failed fault-injection run to the one code site
 * whose failed allocations make the failure, and then to one fault. The
 * run's own scenario runs again on the run's own kernel with every injector
 * aimed (its stack filter, `target`) at one function: the leaked object's
 * allocation site first, then the sites the run's faults landed in, the
 * most frequent first. At the first that fails with the run's failed
 * checks, one fault is looked for (repro_one.c: one fstx operation alone
 * with fail-nth N under the site); confirmed, it must fail so in most of
 * `confirm` runs, and the same step unarmed must pass every time, so the
 * fault is the cause and not the operation. Without one fault, the site is
 * confirmed the same way against its scenario without faults. Writes
 * RUN/repro/: repro.ini (the one fault, else the site), site.ini, repro.c
 * and repro.sh (repro_prog.c), report.txt (the upstream report of a
 * confirming run), repro.log (every attempt).
 */
#ifndef MEMSTRESS_VM_REPRO_H
#define MEMSTRESS_VM_REPRO_H

#include "runner/run.h"

struct repro_opts {
	const char *run;	   /* the failed run's directory */
	unsigned confirm;	   /* runs each way to confirm (default 5) */
	unsigned max_sites;	   /* sites tried at most (default 8) */
	unsigned max_faults;	   /* one-fault steps tried at most (default 8; 0: none) */
	double budget_s;	   /* stop trying sites after this long (default 20 min) */
	const struct run_opts *ro; /* where and how the runs are made */
};

/* Exit codes: 0 one fault, or else a site, reproduced and was confirmed, 1 none did, 2 the run
 * cannot be narrowed (said why), 3 a run did not complete, 128+N
 * interrupted. */
int repro(const struct repro_opts *o);

#endif

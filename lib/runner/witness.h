/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's own witnesses of allocations, through tracepoints in the
 * run's trace instance (lib/kernel/tracefs.h):
 *
 *	failed allocations   kmem:kmalloc and kmem:kmem_cache_alloc with a NULL
 *	                     result, kmem:mm_page_alloc with pfn -1: every one,
 *	                     __GFP_NOWARN or not, with its GFP flags and stack
 *	injected faults      kretprobes on should_failslab and
 *	                     should_fail_alloc_page (where the kernel has probe
 *	                     events): which failures the knobs made, so that
 *	                     "real" means the kernel's own
 *	reclaim stalls       vmscan:mm_vmscan_{direct,memcg}_reclaim_begin/end,
 *	                     paired per task: how long each allocation spent in
 *	                     reclaim, per GFP class; a task still in reclaim past
 *	                     a sample interval has its kernel stack read
 *	allocation latency   each allocation's time in the allocators' slow
 *	                     paths, measured in the kernel (alloclat.h)
 *
 * Without tracefs (or with [scenario] trace = no) the console oracle's
 * "page allocation failure" reports are the only witness, and the result
 * says so ("source": "log").
 */
#ifndef MEMSTRESS_RUNNER_WITNESS_H
#define MEMSTRESS_RUNNER_WITNESS_H

#include <stdbool.h>
#include <stdint.h>

#include "alloclat.h"

struct run;
struct witness;

/* Set up (before anything else the run sets up, so that set-up's own
 * failures are witnessed; before the fault knobs are armed); a kernel
 * without tracefs is not an error unless the scenario requires tracing. */
int witness_setup(struct run *r);
/* The instance's trace_marker, for workloads that mark their steps (the
 * fail-nth sweep: "memstress-sweep OP N"); NULL without tracing. */
const char *witness_marker(const struct run *r);
/* Each sample interval: read what the kernel traced since the last (its
 * trace pipe is not polled: monitor.c says why), and the stacks of tasks
 * long in reclaim. */
void witness_tick(struct run *r);
/* After the workloads stopped: stop tracing, read the rest, close the pipe
 * (the instance cannot be removed while it is open). */
void witness_finish(struct run *r);
/* Into result.json: "alloc_failures" and "alloc_stalls". */
void witness_record(struct run *r);
void witness_free(struct run *r);

/* What the checks and the live display read. */
struct witness_counts {
	bool trace;				/* the tracepoints were the source */
	unsigned real, real_nofs;		/* failed allocations the kernel made itself */
	unsigned injected, injections;		/* failures the knobs made; probe hits */
	bool probes;				/* injections were witnessed by probes */
	unsigned long long lost;		/* events the trace buffer dropped */
	double stall_max_ms, nofs_stall_max_ms; /* reclaim rounds */
	unsigned stalls;
	struct alat_counts lat;	  /* whole allocations (alloclat.h), where timed */
	const char *lat_why;	  /* why they were not */
	unsigned real_by_victims; /* of the real ones: by OOM victims (allowed by design) */
	unsigned real_by_memcg;	  /* ... __GFP_ACCOUNT ones the memcg refused (allowed) */
	unsigned real_not_kept;	  /* ... past the details kept: not told apart */
	char first_real[200];	  /* the first real failure not by a victim: "kmalloc (NOFS) by
				 mount at site", or "" */
};
void witness_counts(const struct run *r, struct witness_counts *c);

#endif

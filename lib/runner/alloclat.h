/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How long each allocation took, measured in the kernel: a probe on the
 * entry and one on the return of the allocators' slow paths (the page
 * allocator's __alloc_pages_slowpath, the slab allocator's allocate_slab,
 * memcg's try_charge_memcg), paired per task by histogram triggers into a
 * synthetic event (Documentation/trace/histogram.rst, "synthetic events")
 * that carries the latency, the GFP flags (the task's NOFS/NOIO scope
 * applied on the page allocator's path, which applies it before its slow
 * path; the slab and charge paths see the caller's flags, without it) and
 * the order or pages. A histogram on that event keeps the distribution
 * per GFP mask in the kernel (log2 buckets of microseconds): no cost per
 * allocation in user space. An allocation slower than ALAT_SLOW_MS is
 * written to the trace pipe with its stack: those are kept exactly, the
 * slowest with their stacks.
 *
 * A reclaim round (witness.c's stalls) is part of one allocation; an
 * allocation that loops over many short rounds, or waits between them,
 * shows only here. Kernels without probe events or histogram triggers (the
 * host's 6.18 here) have no allocation latency: the result says why, and the
 * stall checks fall back to reclaim rounds, saying so.
 */
#ifndef MEMSTRESS_RUNNER_ALLOCLAT_H
#define MEMSTRESS_RUNNER_ALLOCLAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <json-c/json.h>

#include "oracle/gfp.h"

struct alloclat;
struct tracefs;
struct undo;
struct gfp_table;

#define ALAT_SLOW_MS 10 /* slower than this: to the trace pipe, with its stack */
#define ALAT_FRAMES 24

/*
 * Before the run's trace instance exists: define the probes and synthetic
 * events (journaled; names start with group, which is the run's own). NULL
 * with *why set when the kernel cannot measure (no probe events, no
 * histogram triggers, no allocator symbol).
 */
struct alloclat *alloclat_define(const struct tracefs *t, const char *group, struct undo *u,
				 const char **why);
/* The same without the kernel: every path on (the unit tests). */
struct alloclat *alloclat_new(const char *group);
/* A path's index by name ("page"), -1. */
int alloclat_path_index(const char *name);
/* One histogram's text, as the kernel printed it (alloclat_collect reads
 * the kernel's; the unit tests a capture). Changes the text. */
void alloclat_collect_text(struct alloclat *a, int path, char *hist, const struct gfp_table *gt);
/*
 * The run's instance exists: the triggers that pair (in an instance of
 * their own, named pair, made on the thread; it records nothing), count
 * and pass on (in t, the run's, which the synthetic events the pairing
 * makes reach); gt: the kernel's GFP bits, for __GFP_NOFAIL's (NULL: no
 * live waits). The pairing is apart because a histogram on
 * common_timestamp turns off the per-CPU filter buffer of its whole
 * instance (kernel/trace/trace_events_hist.c, tracing_set_filter_buffering):
 * every filtered kmalloc, kmem_cache_alloc and page allocation event of the
 * run's instance was then written to the ring buffer and discarded, a tenth
 * of fstx's throughput in a TCG guest (make bench BENCH=trace).
 *
 * Everything is journaled here and made on a thread of its own, beside the
 * rest of the run's set-up and, when that is done first, its workloads'
 * start: the kernel allocates every histogram entry as the trigger is set,
 * with its event mutex held, 0.4 s for the nine under TCG
 * (ci/bench/boot.sh), and an instance costs as much again. The allocations
 * are timed from when they are set (alloclat_armed_ms), and the result says
 * when that was. The thread takes no signal and touches no journal; t must
 * live as long as a, and u until alloclat_arm_wait(block) returned.
 */
int alloclat_arm_start(struct alloclat *a, const struct tracefs *t, const char *pair,
		       const struct gfp_table *gt, struct undo *u);
/* 1: still being set (!block); 0: set; <0: the kernel refused one, why
 * (the error_log's last line) in why. */
int alloclat_arm_wait(struct alloclat *a, bool block, char *why, size_t len);
/* CLOCK_MONOTONIC ms when the last trigger was set; 0: not yet. */
uint64_t alloclat_armed_ms(const struct alloclat *a);
/* The path ("page", "slab", "charge") whose slow-allocation event this is,
 * or -1: not ours. */
int alloclat_path_of(const struct alloclat *a, const char *event);
const char *alloclat_path_name(int path);

/* One slow allocation read from the trace pipe. */
struct alat_slow {
	double ts, ms;
	int tid, wl, path;
	char comm[20];
	char gfp[160];
	enum gfp_class cls;
	bool nofail;
	long long n; /* order, bytes or pages (the path says which) */
	char *frames[ALAT_FRAMES];
	unsigned n_frames;
};
/* Takes the frames. */
void alloclat_slow(struct alloclat *a, struct alat_slow *s);
/*
 * __GFP_NOFAIL allocations live: their entry and return probes go to the
 * trace pipe (filtered on the flag in the kernel), so one still inside the
 * allocator is seen while it waits, with the stack it waits at.
 * alloclat_live_of: the path of an entry or return event ("page_in"), -1.
 */
int alloclat_live_of(const struct alloclat *a, const char *event, bool *enter);
void alloclat_enter(struct alloclat *a, int path, int tid, int wl, const char *comm, double ts,
		    const char *gfp, long long n);
void alloclat_leave(struct alloclat *a, int path, int tid, double ts);
/* Each sample interval (now: the trace clock): how long each has waited;
 * the stack of one waiting long. */
void alloclat_tick(struct alloclat *a, double now);
/* The run ended: those still waiting are kept as unfinished. */
void alloclat_end(struct alloclat *a, double now);
/* After tracing stopped: read the histograms (gt names the GFP bits), and
 * keep each as the kernel printed it in save_dir/alloc-latency.PATH.hist. */
void alloclat_collect(struct alloclat *a, const struct tracefs *t, const struct gfp_table *gt,
		      const char *save_dir);

/* What the checks read: the longest allocation of any class, of GFP_NOFS
 * (or NOIO: no filesystem either), of __GFP_NOFAIL; and how many. */
struct alat_counts {
	bool on;
	bool live; /* __GFP_NOFAIL allocations seen while they wait */
	double max_ms, nofs_max_ms, nofail_max_ms; /* nofail: waits still going too */
	double wait_ms; /* the longest __GFP_NOFAIL allocation inside the allocator now */
	unsigned long long count;
	unsigned long long unpaired;	   /* not timed: tasks past the pairing histograms' room */
	unsigned long long impossible;	   /* pairings of an hour or more: discarded */
	unsigned long long tasks;	   /* the most tasks a path's pairing held */
	unsigned long long nofail_entries; /* __GFP_NOFAIL allocations in the slow paths */
	double from_s; /* timed from this far into the run (the probes were set then) */
};
void alloclat_counts(const struct alloclat *a, struct alat_counts *c);
/* result.json's "alloc_latency" (kernel_t0: the run's start on the trace
 * clock; wl_name: a workload's name by index). */
json_object *alloclat_json(const struct alloclat *a, double kernel_t0,
			   const char *(*wl_name)(const void *, int), const void *ctx);
void alloclat_free(struct alloclat *a);
static inline void alloclat_freep(struct alloclat **a)
{
	alloclat_free(*a);
}

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Allocations the kernel made itself (injected ones are the scenario's):
 * failures by GFP class, real failures of allocations that may not fail,
 * and how long the longest allocation took, from the tracepoints where
 * there are, else from the log's warn_alloc reports (witness.c).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "judge.h"

static const char *source(const struct run_facts *f)
{
	return f->alloc.c.trace ? "tracepoints" : "kernel log";
}

static void judge_nofs_failures(const struct run_facts *f, const struct sc_expect *e,
				struct verdict *v)
{
	char what[160];

	if (!e->nofs_failures.set)
		return;
	snprintf(what, sizeof(what), "real GFP_NOFS allocation failures (%s)", source(f));
	judge_range(v, "alloc.nofs_failures", &e->nofs_failures, f->alloc.c.real_nofs, what,
		    json_object_get(f->alloc.by_site));
}

static void judge_failures(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	char what[160];

	if (!e->alloc_failures.set)
		return;
	snprintf(what, sizeof(what), "real allocation failures (%s)", source(f));
	judge_range(v, "alloc.failures", &e->alloc_failures, f->alloc.c.real, what,
		    json_object_get(f->alloc.by_class));
}

/*
 * The default where a scenario counts no failures: with the tracepoints as
 * witness, any real failure (an allocation that may not fail: the "too
 * small to fail" promise broken) fails the run, except what the kernel
 * does by design: an OOM victim's own (the page allocator gives up on a
 * victim that used the reserves, memcg fails its charges) and a
 * __GFP_ACCOUNT allocation whose charge a memory cgroup refused when its
 * OOM killer found nothing to kill. Opportunistic ones never count. A run
 * with fault injection is not judged here: a failure the probes did not
 * pair with its injection would read as real (once in 5 vanilla
 * xfs-failslab runs); such a scenario counts failures itself.
 */
static void judge_real_failures(const struct run_facts *f, const struct sc_expect *e,
				struct verdict *v)
{
	const struct witness_counts *c = &f->alloc.c;
	char sum[512];
	unsigned real = c->real - c->real_by_victims - c->real_by_memcg;

	if (e->alloc_failures.set || e->nofs_failures.set || !c->trace || f->s->n_faults)
		return;
	if (!real)
		snprintf(sum, sizeof(sum), "no real allocation failure (tracepoints)");
	else
		snprintf(sum, sizeof(sum),
			 "%u real allocation failure(s) that may not fail (tracepoints), the first "
			 "%s",
			 real, c->first_real[0] ? c->first_real : "not kept in detail");
	if (c->real_by_victims || c->real_by_memcg)
		snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum),
			 " (allowed: %u by OOM victims, %u __GFP_ACCOUNT charges a memcg refused)",
			 c->real_by_victims, c->real_by_memcg);
	if (c->real_not_kept)
		snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum),
			 "; %u past the ones kept in detail count as real", c->real_not_kept);
	verdict_add(v, "alloc.real_failures", real ? CHECK_FAIL : CHECK_PASS, sum,
		    json_object_get(f->alloc.by_site));
}

/*
 * The longest allocation against its bound: the allocation's own time in the
 * allocators' slow paths where the kernel can time it (alloclat.h), else
 * the longest reclaim round, which is a part of one allocation, and the
 * summary says which it was.
 */
static void stall_check(const struct run_facts *f, struct verdict *v, const char *name,
			const struct bound *l, double alloc_ms, double round_ms, const char *what)
{
	const struct witness_counts *c = &f->alloc.c;
	char sum[640], lb[32];

	if (!l->set)
		return;
	if (!c->trace) {
		verdict_add(v, name, CHECK_SKIP,
			    "no tracepoints here: allocations and reclaim are not timed", NULL);
		return;
	}
	bound_format(l, false, lb, sizeof(lb));
	if (c->lat.on) {
		/* a reclaim round is a part of one allocation: never less */
		double ms = fmax(alloc_ms, round_ms);
		snprintf(sum, sizeof(sum),
			 "longest %s: %.1f ms (expected %s; %llu slow-path allocation(s) timed; "
			 "longest reclaim round %.1f ms)",
			 what, ms, lb, c->lat.count, round_ms);
		if (c->lat.unpaired)
			snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum),
				 "; %llu not timed: their tasks came past the ones the kernel's "
				 "pairing histograms hold",
				 c->lat.unpaired);
		if (c->lat.from_s > 0)
			snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum),
				 "; timed from %.2f s into the run, reclaim rounds from its start",
				 c->lat.from_s);
		if (c->lat.impossible)
			snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum),
				 "; %llu pairing(s) of an hour or more discarded (a kernel "
				 "timestamp from before the entry)",
				 c->lat.impossible);
		verdict_add(v, name, bound_ok(l, ms) ? CHECK_PASS : CHECK_FAIL, sum,
			    json_object_get(f->alloc.slowest));
		return;
	}
	snprintf(sum, sizeof(sum),
		 "longest reclaim round of %s: %.1f ms (expected %s; %u round(s) measured; "
		 "whole allocations are not timed here: %s)",
		 what, round_ms, lb, c->stalls, c->lat_why ?: "?");
	verdict_add(v, name, bound_ok(l, round_ms) ? CHECK_PASS : CHECK_FAIL, sum,
		    json_object_get(f->alloc.longest_round));
}

static void judge_stall_max(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	stall_check(f, v, "alloc.stall_max", &e->alloc_stall_max, f->alloc.c.lat.max_ms,
		    f->alloc.c.stall_max_ms, "allocation");
}

static void judge_nofs_stall_max(const struct run_facts *f, const struct sc_expect *e,
				 struct verdict *v)
{
	stall_check(f, v, "alloc.nofs_stall_max", &e->nofs_stall_max, f->alloc.c.lat.nofs_max_ms,
		    f->alloc.c.nofs_stall_max_ms, "GFP_NOFS (or NOIO) allocation");
}

/* __GFP_NOFAIL allocations: only the probes see them whole, and the live
 * ones while they wait; reclaim rounds say nothing of them. */
static void judge_nofail(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	const struct witness_counts *c = &f->alloc.c;
	const struct bound *l = &e->nofail_stall_max;
	char sum[512], lb[32];

	if (!l->set)
		return;
	if (!c->lat.on) {
		snprintf(sum, sizeof(sum), "__GFP_NOFAIL allocations are not timed here: %s",
			 c->lat_why ?: "no tracepoints");
		verdict_add(v, "alloc.nofail_stall_max", CHECK_SKIP, sum, NULL);
		return;
	}
	bound_format(l, false, lb, sizeof(lb));
	snprintf(sum, sizeof(sum),
		 "longest __GFP_NOFAIL allocation: %.1f ms (expected %s; %llu entered the "
		 "allocator's slow paths, %s)",
		 c->lat.nofail_max_ms, lb, c->lat.nofail_entries,
		 c->lat.live ? "seen while they waited" :
			       "finished ones only: this kernel's return probes have no flags");
	if (c->lat.from_s > 0)
		snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum),
			 "; timed from %.2f s into the run", c->lat.from_s);
	verdict_add(v, "alloc.nofail_stall_max",
		    bound_ok(l, c->lat.nofail_max_ms) ? CHECK_PASS : CHECK_FAIL, sum,
		    json_object_get(f->alloc.nofail_waits));
}

/* clang-format off */
static const struct check_def defs[] = {
	{ "alloc.nofs_failures", "nofs_failures", "GFP_NOFS failures outside the range",
	  .judge = judge_nofs_failures },
	{ "alloc.failures", "alloc_failures", "allocation failures outside the range",
	  .judge = judge_failures },
	{ "alloc.real_failures", NULL, "an allocation failed that may not fail",
	  .requires = "tracefs", .judge = judge_real_failures },
	{ "alloc.stall_max", "alloc_stall_max", "an allocation took too long",
	  .requires = "tracefs", .judge = judge_stall_max },
	{ "alloc.nofs_stall_max", "nofs_stall_max", "a GFP_NOFS or NOIO allocation took too long",
	  .requires = "tracefs", .judge = judge_nofs_stall_max },
	{ "alloc.nofail_stall_max", "nofail_stall_max", "a __GFP_NOFAIL allocation waited too long",
	  .requires = "tracefs", .judge = judge_nofail },
};
/* clang-format on */

const struct check_family checks_alloc = { "allocations", defs, ARRAY_SIZE(defs) };

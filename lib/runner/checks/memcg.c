// SPDX-License-Identifier: GPL-2.0
/*
 * Memory cgroups: memory.high throttles, hard limits hold (memory.max,
 * memory.swap.max), the top cgroup's peaks, memory.min/low protect.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/strv.h"
#include "judge.h"

/*
 * memory.high throttles: not just that its events are counted, but that the
 * cgroup's tasks were held back. Throttled time is the "some" stall of the
 * memory.high cgroups' memory.pressure: reclaim and the penalty sleeps of
 * mem_cgroup_handle_over_high both count there. A kernel that raises the
 * events and never slows anyone fails it.
 */
static void judge_high(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	struct bound want = e->high_throttled;
	char sum[512], wb[32];
	uint64_t high = 0, stall_us = 0;
	bool psi = false;

	if (!e->memory_high_throttles && !e->high_throttled.set)
		return;
	if (!want.set)
		want = (struct bound){ .set = true, .op = BOUND_GE, .v = 1000 };
	if (!cg_key_applied(f, "memory.high")) {
		snprintf(sum, sizeof(sum), "memory.high: %s", cg_key_skip_reason(f, "memory.high"));
		verdict_add(v, "memcg.high_throttles", CHECK_SKIP, sum, NULL);
		return;
	}
	for (size_t i = 0; i < f->n_cgs; i++)
		if (f->cgs[i].spec && f->cgs[i].spec->high.set) {
			high += f->cgs[i].last.ev_high - f->cgs[i].first.ev_high;
			psi |= f->cgs[i].last.has_psi;
			stall_us += f->cgs[i].last.psi_some_total - f->cgs[i].first.psi_some_total;
		}
	struct oom_witness w;
	oom_witness_gather(f, &w);
	oom_witness_done(&w);
	double stalled_ms = (double)stall_us / 1000.0;
	bound_format(&want, false, wb, sizeof(wb));
	json_object *ev = json_object_new_object();
	json_object_object_add(ev, "high_events", json_object_new_int64((int64_t)high));
	json_object_object_add(ev, "stalled_s", json_object_new_double(stalled_ms / 1000.0));
	json_object_object_add(ev, "oom_kill_reports", json_object_new_int((int)w.kernel_total));
	if (!psi) {
		verdict_add(v, "memcg.high_throttles", CHECK_SKIP,
			    "no memory.pressure for the cgroup (CONFIG_PSI): throttling cannot be "
			    "measured",
			    ev);
		return;
	}
	bool ok = high > 0 && bound_ok(&want, stalled_ms) && w.kernel_total == 0 &&
		  w.counters_total == 0;
	snprintf(
		sum, sizeof(sum),
		"%llu memory.high event(s); its tasks stalled %.2fs on memory (expected %s); %u OOM "
		"kill report(s), %u counted",
		(unsigned long long)high, stalled_ms / 1000.0, wb, w.kernel_total,
		w.counters_total);
	verdict_add(v, "memcg.high_throttles", ok ? CHECK_PASS : CHECK_FAIL, sum, ev);
}

/*
 * Hard limits are never exceeded: each cgroup that has one keeps its peak
 * within it (memory.peak or v1 max_usage_in_bytes, memory.swap.peak, and the
 * samples). A row per limit; the check is there when a cgroup has the limit,
 * and the peak bound of [expect] on the top cgroup when asked for.
 */
struct limit_def {
	const char *check, *knob, *held; /* memcg.max_held, memory.max, "" / " in swap" */
	size_t peak, limit;		 /* offsets of the uint64_t fields in run_cg */
	bool swap;			 /* needs memory.swap.current */
	const char *bound_check;	 /* memcg.peak: [expect]'s bound on the top cgroup */
	size_t bound;			 /* offset of that bound in sc_expect */
};

static const struct limit_def memory_max = {
	"memcg.max_held",
	"memory.max",
	"",
	offsetof(struct run_cg, peak),
	offsetof(struct run_cg, limit),
	false,
	"memcg.peak",
	offsetof(struct sc_expect, memory_peak),
};

static const struct limit_def swap_max = {
	"memcg.swap_max_held",
	"memory.swap.max",
	" in swap",
	offsetof(struct run_cg, swap_peak),
	offsetof(struct run_cg, swap_limit),
	true,
	"memcg.swap_peak",
	offsetof(struct sc_expect, swap_peak),
};

#define CG_U64(n, off) (*(const uint64_t *)((const char *)(n) + (off)))

/* What the kernel itself lets past memory.max: a task being OOM-killed
 * charges what it still faults in without reclaim (try_charge's force path),
 * and each CPU charges in batches of MEMCG_CHARGE_BATCH (64) pages. Under
 * hundreds of kills a v1 max_usage_in_bytes a few pages over the limit is the
 * kernel working as designed; a limit not enforced overshoots by megabytes
 * (ci/broken-kernels/memory-max-ignored). */
static uint64_t force_charge_margin(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return (uint64_t)(cpus > 0 ? cpus : 1) * 64 * 4096;
}

static void limit_held(const struct run_facts *f, struct verdict *v, const struct limit_def *d)
{
	const struct run_cg *closest = NULL;
	char sum[512], a[32], b[32];
	unsigned limited = 0;
	bool asked = false;

	for (size_t i = 0; i < f->n_cgs; i++) {
		const struct run_cg *n = &f->cgs[i];
		uint64_t peak = CG_U64(n, d->peak), limit = CG_U64(n, d->limit);
		asked |= n->spec && (!d->swap || n->spec->swap_max.set);
		if (!n->spec || limit == UINT64_MAX || !n->sampled ||
		    (d->swap && !n->last.has_swap))
			continue;
		if (peak > limit + (d->swap ? 0 : force_charge_margin())) {
			snprintf(sum, sizeof(sum), "cgroup %s reached %s%s, over its %s of %s",
				 *n->label ? n->label : "(top)", bytes_human(peak, a, sizeof(a)),
				 d->held, d->knob, bytes_human(limit, b, sizeof(b)));
			verdict_add(v, d->check, CHECK_FAIL, sum, NULL);
			return;
		}
		limited++;
		if (!closest ||
		    (double)peak / (double)limit >
			    (double)CG_U64(closest, d->peak) / (double)CG_U64(closest, d->limit))
			closest = n;
	}
	if (closest) {
		snprintf(sum, sizeof(sum),
			 "%u limited cgroup(s) within their %s; closest: %s, %s%s of %s", limited,
			 d->knob, *closest->label ? closest->label : "(top)",
			 bytes_human(CG_U64(closest, d->peak), a, sizeof(a)), d->held,
			 bytes_human(CG_U64(closest, d->limit), b, sizeof(b)));
		verdict_add(v, d->check, CHECK_PASS, sum, NULL);
	} else if (asked && d->swap) {
		/* memory.swap.max set, but nothing to hold it against */
		snprintf(sum, sizeof(sum), "%s: %s", d->knob,
			 !cg_key_applied(f, d->knob) ?
				 cg_key_skip_reason(f, d->knob) :
			 f->memcg_version == 1 ?
				 "cgroup v1 limits memory and swap together (memory.memsw.*)" :
				 "no swap accounting here (memory.swap.current missing)");
		verdict_add(v, d->check, CHECK_SKIP, sum, NULL);
	}
}

static void peak_bound(const struct run_facts *f, const struct sc_expect *e, struct verdict *v,
		       const struct limit_def *d)
{
	const struct bound *want = (const struct bound *)((const char *)e + d->bound);
	const struct run_cg *top = f->n_cgs ? &f->cgs[0] : NULL;
	char sum[512], a[32], wb[32];

	if (!want->set)
		return;
	if (!top || !top->sampled || (d->swap && !top->last.has_swap)) {
		verdict_add(v, d->bound_check, CHECK_SKIP,
			    d->swap ?
				    "no memory.swap.current here (cgroup v2 with swap accounting)" :
				    "the top cgroup was never sampled",
			    NULL);
		return;
	}
	uint64_t peak = CG_U64(top, d->peak);
	bound_format(want, true, wb, sizeof(wb));
	snprintf(sum, sizeof(sum), "the top cgroup's peak%s was %s (expected %s)", d->held,
		 bytes_human(peak, a, sizeof(a)), wb);
	verdict_add(v, d->bound_check, bound_ok(want, (double)peak) ? CHECK_PASS : CHECK_FAIL, sum,
		    NULL);
}

static void judge_max_held(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	(void)e;
	limit_held(f, v, &memory_max);
}

static void judge_peak(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	peak_bound(f, e, v, &memory_max);
}

static void judge_swap_max_held(const struct run_facts *f, const struct sc_expect *e,
				struct verdict *v)
{
	(void)e;
	limit_held(f, v, &swap_max);
}

static void judge_swap_peak(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	peak_bound(f, e, v, &swap_max);
}

/*
 * memory.min and memory.low protect: a protected workload keeps what it
 * holds while others press on the same limit. Its leaf's memory.current is
 * followed through the run: it may never fall more than 10% below the most
 * it held.
 */
static void judge_protected(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	STRV_FOREACH(name, e->protected) {
		char cname[160], sum[512], a[32], b[32];
		snprintf(cname, sizeof(cname), "memcg.protected.%s", *name);
		if (!cg_key_applied(f, "memory.min") && !cg_key_applied(f, "memory.low")) {
			snprintf(sum, sizeof(sum), "memory.min/memory.low: %s",
				 cg_key_skip_reason(f, "memory.min"));
			verdict_add(v, cname, CHECK_SKIP, sum, NULL);
			continue;
		}
		uint64_t peak = 0, drop = 0;
		for (size_t i = 0; i < f->n_wl; i++)
			if (!strcmp(f->wl[i].w->name, *name) && f->wl[i].leaf) {
				peak += f->wl[i].leaf->peak_current;
				if (f->wl[i].leaf->max_drop > drop)
					drop = f->wl[i].leaf->max_drop;
			}
		bool ok = peak && drop * 10 <= peak;
		snprintf(sum, sizeof(sum),
			 "%s held up to %s and lost at most %s of it while others pressed (%.0f%%; "
			 "at most 10%% may go)",
			 *name, bytes_human(peak, a, sizeof(a)), bytes_human(drop, b, sizeof(b)),
			 peak ? 100.0 * (double)drop / (double)peak : 0);
		verdict_add(v, cname, ok ? CHECK_PASS : CHECK_FAIL, sum, NULL);
	}
}

/* clang-format off */
static const struct check_def defs[] = {
	{ "memcg.high_throttles", "memory_high_throttles high_throttled",
	  "memory.high did not throttle its cgroup's tasks", .requires = "cgroup-v2 psi", .judge = judge_high },
	{ "memcg.max_held", NULL, "a cgroup's peak went over its memory.max",
	  .requires = "memcg", .judge = judge_max_held },
	{ "memcg.peak", "memory_peak", "the top cgroup's peak is outside the range",
	  .requires = "memcg", .judge = judge_peak },
	{ "memcg.swap_max_held", NULL, "a cgroup's swap went over its memory.swap.max",
	  .requires = "cgroup-v2 swap", .judge = judge_swap_max_held },
	{ "memcg.swap_peak", "swap_peak", "the top cgroup's swap peak is outside the range",
	  .requires = "cgroup-v2 swap", .judge = judge_swap_peak },
	{ "memcg.protected.", "protected", "a protected workload lost its memory",
	  .requires = "cgroup-v2", .judge = judge_protected },
};
/* clang-format on */

const struct check_family checks_memcg = { "memory cgroups", defs, ARRAY_SIZE(defs) };

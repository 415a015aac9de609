// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection: how many faults fired, how many hit a filesystem frame,
 * the fail-nth sweep's invariants, and whether the tracepoints saw the same
 * injections as the knobs' counters.
 */
#include <stdio.h>

#include "judge.h"

static void judge_injected(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	if (!f->faults.on || !e->faults_injected.set)
		return;
	judge_range(v, "fault.injected", &e->faults_injected, (double)f->faults.fired,
		    "faults fired (from the knobs' times counters)",
		    json_object_get(f->faults.by_injector));
}

static void judge_fs_frames(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	const struct fault_facts *x = &f->faults;
	char sum[512], rb[64];

	if (!x->on || !e->fault_fs_frames.set)
		return;
	double pct = x->logged ? 100.0 * (double)x->with_fs_frame / (double)x->logged : 0;
	range_format(&e->fault_fs_frames, rb, sizeof(rb));
	snprintf(
		sum, sizeof(sum),
		"%.1f%% of %lld logged fault(s) had a filesystem frame in their stack (expected %s)",
		pct, x->logged, rb);
	verdict_add(v, "fault.fs_frames",
		    x->logged && range_contains(&e->fault_fs_frames, pct) ? CHECK_PASS : CHECK_FAIL,
		    sum, json_object_get(x->sites));
}

static void judge_sweep(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	(void)e;
	if (f->faults.on && f->faults.sweep)
		verdict_add(v, "fault.sweep", f->faults.sweep_complete ? CHECK_PASS : CHECK_FAIL,
			    f->faults.sweep_summary, NULL);
}

/*
 * Knobs armed to fire (probability and times above 0), and none fired, by
 * their times counters read when they were disarmed: the run
 * tested no error path, and a pass would claim it had. An error of the
 * run, as a workload that did no work, where no [expect] faults_injected
 * decides; where another check failed, that is the verdict.
 */
static void judge_fired(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	char sum[256];

	if (!f->faults.knobs_armed || !f->faults.counted || e->faults_injected.set)
		return;
	if (f->faults.fired) {
		snprintf(sum, sizeof(sum), "%lld fault(s) fired (the knobs' times counters)",
			 f->faults.fired);
		verdict_add(v, "fault.fired", CHECK_PASS, sum, NULL);
		return;
	}
	bool failed = verdict_failed(v);
	snprintf(sum, sizeof(sum),
		 "%u injector(s) armed, and no fault fired (the knobs' times counters)%s",
		 f->faults.knobs_armed,
		 failed ? "; not counted: a check failed, and that is the verdict" :
			  ": the run tested no error path (faults_injected = 0 if that is meant)");
	verdict_add(v, "fault.fired", failed ? CHECK_SKIP : CHECK_ERROR, sum, NULL);
}

/* What the knobs say fired, and what the probes on the fault-injection
 * decisions saw: the same number, or the witnesses cannot be trusted. */
static void judge_witnessed(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	const struct witness_counts *c = &f->alloc.c;
	char sum[512];
	(void)e;

	if (!f->faults.on || !c->probes || f->faults.sweep)
		return;
	snprintf(sum, sizeof(sum),
		 "%lld fault(s) fired by the knobs' times counters, %u seen by the probes, %u "
		 "failed allocation(s) traced as injected%s",
		 f->faults.fired, c->injections, c->injected, c->lost ? " (events were lost)" : "");
	verdict_add(v, "fault.witnessed",
		    c->lost					? CHECK_ERROR :
		    f->faults.fired == (long long)c->injections ? CHECK_PASS :
								  CHECK_FAIL,
		    sum, NULL);
}

/* clang-format off */
static const struct check_def defs[] = {
	{ "fault.injected", "faults_injected", "the faults fired are outside the range",
	  .needs = NEEDS_FAULTS, .judge = judge_injected },
	{ "fault.fs_frames", "fault_fs_frames", "too few faults hit a filesystem frame",
	  .needs = NEEDS_FAULTS, .judge = judge_fs_frames },
	{ "fault.fired", NULL, "(error) the armed knobs fired no fault", .judge = judge_fired,
	  .after_others = true },
	{ "fault.sweep", NULL, "a fail-nth step broke an invariant", .judge = judge_sweep },
	{ "fault.witnessed", NULL, "the tracepoints saw other failures than fired",
	  .requires = "tracefs", .judge = judge_witnessed },
};
/* clang-format on */

const struct check_family checks_faults = { "fault injection", defs, ARRAY_SIZE(defs) };

// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's log and state: hangs and stalls, BUG/Oops/panic, WARNINGs,
 * lockdep, new taint, lost log records, a trace buffer that dropped counted
 * events, tasks that survived SIGKILL.
 */
#include <stdio.h>
#include <string.h>

#include "judge.h"
#include "kernel/identity.h"

static void judge_oops(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	static const enum ev_kind k[] = { EV_OOPS, EV_BUG, EV_PANIC };
	judge_events(f, e, v, "kernel.no_oops", k, 3, "oops", e->oops, "BUG/Oops/panic report(s)");
}

static void judge_warnings(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	static const enum ev_kind k[] = { EV_WARNING };
	judge_events(f, e, v, "kernel.no_warnings", k, 1, "warnings", e->warnings,
		     "kernel WARNING(s)");
}

static void judge_lockdep(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	static const enum ev_kind k[] = { EV_LOCKDEP };
	judge_events(f, e, v, "kernel.no_lockdep", k, 1, "lockdep", e->lockdep,
		     "lockdep report(s)");
}

/*
 * kernel.no_new_taint: a taint flag that appeared while the scenario ran (a
 * WARN, a soft lockup, a module) is what LTP and kirk report; the scenario
 * allows the letters of [expect] taint, W unless warnings = no, D unless
 * oops = no.
 */
static void judge_taint(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	char fresh[40], bad[40], sum[512];
	size_t n = 0;
	long allowed = kernel_taint_mask(e->taint ? e->taint : "") |
		       (e->warnings != EXPECT_NO ? kernel_taint_mask("W") : 0) |
		       (e->oops != EXPECT_NO ? kernel_taint_mask("D") : 0);

	if (f->taint_before < 0 || f->taint_after < 0) {
		verdict_add(v, "kernel.no_new_taint", CHECK_SKIP,
			    "/proc/sys/kernel/tainted could not be read", NULL);
		return;
	}
	kernel_taint_new(f->taint_before, f->taint_after, fresh, sizeof(fresh));
	for (const char *c = fresh; *c; c++)
		if (!(kernel_taint_mask((char[]){ *c, 0 }) & allowed))
			bad[n++] = *c;
	bad[n] = 0;
	json_object *ev = json_object_new_object();
	json_object_object_add(ev, "before", kernel_taint_json(f->taint_before));
	json_object_object_add(ev, "after", kernel_taint_json(f->taint_after));
	json_object_object_add(ev, "new", json_object_new_string(fresh));
	if (!fresh[0])
		snprintf(sum, sizeof(sum), "no new taint (tainted %ld before and after)",
			 f->taint_before);
	else {
		int o = snprintf(sum, sizeof(sum), "the kernel became tainted: %s (%ld -> %ld)%s",
				 fresh, f->taint_before, f->taint_after,
				 bad[0] ? "" : ", as the scenario allows");
		for (const char *c = fresh; *c && o < (int)sizeof(sum) - 80; c++)
			o += snprintf(sum + o, sizeof(sum) - (size_t)o, "; %c: %s", *c,
				      kernel_taint_name(*c));
	}
	verdict_add(v, "kernel.no_new_taint", bad[0] ? CHECK_FAIL : CHECK_PASS, sum, ev);
}

/* hang.none or hang.detected: the name says what was asked, a stall or none
 * (allowed: none, either way); the kernel's reports and the watchdog's. */
static void hang(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	json_object *ev = events_of(f, EV_HANG);
	size_t kernel = json_object_array_length(ev);
	json_object *evidence = json_object_new_object();
	enum expectation want = e->hang;
	bool stalled = kernel || f->stalls;
	char sum[512], note[128];
	const char *first = NULL;

	for (size_t i = 0; i < f->n_ev && !first; i++)
		if (f->ev[i].e->kind == EV_HANG && f->ev[i].e->severity == SEV_FAILURE)
			first = f->ev[i].e->title;
	json_object_object_add(evidence, "kernel_reports", ev);
	if (f->stalls_ev)
		json_object_object_add(evidence, "watchdog_stalls", json_object_get(f->stalls_ev));
	if (!first && f->stalls)
		first = f->first_stall;
	expect_note(e, "hang", want, stalled, note, sizeof(note));
	if (stalled)
		snprintf(sum, sizeof(sum), "%zu kernel report(s), %zu watchdog stall(s): %s%s",
			 kernel, f->stalls, first, note);
	else
		snprintf(sum, sizeof(sum), "no hung task, lockup, stall or watchdog stall%s", note);
	verdict_add(v, want == EXPECT_EXPECTED ? "hang.detected" : "hang.none",
		    expect_status(want, stalled), sum, evidence);
}

static void judge_hang_none(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	if (e->hang != EXPECT_EXPECTED)
		hang(f, e, v);
}

static void judge_hang_detected(const struct run_facts *f, const struct sc_expect *e,
				struct verdict *v)
{
	if (e->hang == EXPECT_EXPECTED)
		hang(f, e, v);
}

static void judge_log(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	char sum[256];
	(void)e;

	if (!f->have_kmsg) {
		verdict_add(v, "kernel.log", CHECK_ERROR,
			    "/dev/kmsg could not be read: kernel events unknown", NULL);
		return;
	}
	if (f->kmsg_lost) {
		snprintf(sum, sizeof(sum),
			 "%llu kernel log record(s) were overwritten before memstress read them",
			 f->kmsg_lost);
		verdict_add(v, "kernel.log", CHECK_PASS, sum, NULL);
	}
}

/* An error only where a count decides a check. */
static void judge_trace(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	char sum[256];

	if (!f->alloc.c.trace || !f->alloc.trace_lost)
		return;
	snprintf(sum, sizeof(sum),
		 "the trace buffer dropped %llu event(s): failure and stall counts are lower "
		 "bounds",
		 f->alloc.trace_lost);
	bool counts = e->nofs_failures.set || e->alloc_failures.set || e->alloc_stall_max.set ||
		      e->nofs_stall_max.set || e->nofail_stall_max.set;
	verdict_add(v, "kernel.trace", counts ? CHECK_ERROR : CHECK_PASS, sum, NULL);
}

static void judge_unkillable(const struct run_facts *f, const struct sc_expect *e,
			     struct verdict *v)
{
	enum expectation want = e->unkillable;
	char sum[256], note[128];

	if (!f->unkillable && want != EXPECT_EXPECTED)
		return;
	expect_note(e, "unkillable", want, f->unkillable, note, sizeof(note));
	if (f->unkillable)
		snprintf(sum, sizeof(sum),
			 "workload task(s) survived SIGKILL (see \"unkillable\" for where they "
			 "are blocked)%s",
			 note);
	else
		snprintf(sum, sizeof(sum), "every workload task died by SIGKILL%s", note);
	verdict_add(v, "tasks.unkillable", expect_status(want, f->unkillable), sum,
		    f->unkillable ? json_object_get(f->unkillable_ev) : NULL);
}

/* clang-format off */
static const struct check_def defs[] = {
	{ "hang.none", "hang", "a hung task, lockup, RCU or watchdog stall",
	  .requires = "kmsg", .judge = judge_hang_none },
	{ "hang.detected", "hang", "no hang, where one was expected",
	  .requires = "kmsg", .judge = judge_hang_detected },
	{ "kernel.no_oops", "oops", "a BUG, Oops or panic (or none, if expected)",
	  .requires = "kmsg", .judge = judge_oops },
	{ "kernel.no_warnings", "warnings", "a WARNING (or none, if expected)",
	  .requires = "kmsg", .judge = judge_warnings },
	{ "kernel.no_lockdep", "lockdep", "a lockdep report (or none, if expected)",
	  .requires = "kmsg", .judge = judge_lockdep },
	{ "kernel.no_new_taint", "taint", "a taint flag appeared during the run",
	  .judge = judge_taint },
	{ "kernel.log", NULL, "kernel log records were lost", .requires = "kmsg", .judge = judge_log },
	{ "kernel.trace", NULL, "(error) the trace buffer dropped counted events",
	  .requires = "tracefs", .judge = judge_trace },
	{ "tasks.unkillable", "unkillable", "a task survived SIGKILL", .judge = judge_unkillable },
};
/* clang-format on */

const struct check_family checks_kernel = { "the kernel's log", defs, ARRAY_SIZE(defs) };

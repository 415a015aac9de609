// SPDX-License-Identifier: GPL-2.0
/*
 * The workloads themselves: each started, none failed by itself, and each
 * that is load showed its work.
 */
#include <stdio.h>
#include <sys/wait.h>

#include "judge.h"

/* Workloads that could not start (status -1), and those that exited with an
 * error on their own; their names into ev. */
static unsigned count(const struct run_facts *f, bool started, json_object *ev)
{
	unsigned n = 0;

	for (size_t i = 0; i < f->n_wl; i++) {
		const struct run_wl *w = &f->wl[i];
		bool hit = !started ? w->status == -1 :
				      w->status != -1 && w->exited && !w->stopped_by_us &&
					      WIFEXITED(w->status) && WEXITSTATUS(w->status) != 0;
		if (!hit)
			continue;
		n++;
		json_object_array_add(ev, json_object_new_string(w->w->name));
	}
	return n;
}

static void judge_started(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	json_object *ev = json_object_new_array();
	unsigned n = count(f, false, ev);
	char sum[512];
	(void)e;

	if (!n) {
		json_object_put(ev);
		return;
	}
	snprintf(sum, sizeof(sum), "%u workload(s) could not be started (see harness.log)", n);
	verdict_add(v, "workloads.started", CHECK_ERROR, sum, ev);
}

/* A workload that failed by itself did not test what the scenario meant to. */
static void judge_errors(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	json_object *none = json_object_new_array();
	bool all_started = !count(f, false, none);
	json_object *ev = json_object_new_array();
	unsigned errors = count(f, true, ev);
	char sum[512];

	json_object_put(none);
	if (!all_started) /* workloads.started says so */
		errors = 0;
	if (all_started && e->workload_errors.set) {
		judge_range(v, "workloads.errors", &e->workload_errors, errors,
			    "workloads that exited with an error", ev);
		return;
	}
	if (!errors) {
		json_object_put(ev);
		return;
	}
	snprintf(sum, sizeof(sum),
		 "%u workload(s) exited with an error (see their logs; expect "
		 "workload_errors = ... if that is part of the scenario)",
		 errors);
	verdict_add(v, "workloads.errors", CHECK_FAIL, sum, ev);
}

/*
 * Each workload that is load showed its work, by its engine's evidence
 * (engine_worked; judged when the workloads were recorded). A run whose
 * load did not happen tested nothing: an error of the run, not a pass. Where
 * a check failed, the kernel's failure is the verdict whatever the load did,
 * and an idle workload is told, not counted (it may be idle because of it):
 * so this is judged after the others.
 */
static void judge_worked(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	json_object *ev = json_object_new_array();
	unsigned idle = 0, judged = 0;
	const struct run_wl *first = NULL, *idle_first = NULL;
	char sum[512];
	(void)e;

	for (size_t i = 0; i < f->n_wl; i++) {
		const struct run_wl *w = &f->wl[i];
		if (!w->w->load || !w->started || w->status == -1)
			continue;
		json_object *o = json_object_new_object();
		json_object_object_add(o, "workload", json_object_new_string(w->w->name));
		json_object_object_add(o, "instance", json_object_new_int((int)w->instance));
		json_object_object_add(o, "worked", json_object_new_boolean(w->worked));
		json_object_object_add(o, "evidence", json_object_new_string(w->work_evidence));
		json_object_array_add(ev, o);
		judged++;
		if (!first)
			first = w;
		if (!w->worked && !idle++)
			idle_first = w;
	}
	if (!judged) {
		json_object_put(ev);
		return;
	}
	if (!idle) {
		snprintf(sum, sizeof(sum),
			 "%u workload instance(s) showed their work (%s.%u: %s%s)", judged,
			 first->w->name, first->instance, first->work_evidence,
			 judged > 1 ? "; ..." : "");
		verdict_add(v, "workloads.worked", CHECK_PASS, sum, ev);
		return;
	}
	bool failed = verdict_failed(v);
	snprintf(sum, sizeof(sum), "%u of %u workload instance(s) showed no work (%s.%u: %s)%s",
		 idle, judged, idle_first->w->name, idle_first->instance, idle_first->work_evidence,
		 failed ? "; not counted: a check failed, and that is the verdict" :
			  "; the run tested nothing with it (load = no for a helper)");
	verdict_add(v, "workloads.worked", failed ? CHECK_SKIP : CHECK_ERROR, sum, ev);
}

/* clang-format off */
static const struct check_def defs[] = {
	{ "workloads.started", NULL, "a workload could not start", .judge = judge_started },
	{ "workloads.errors", "workload_errors", "workloads exited with an error",
	  .judge = judge_errors },
	{ "workloads.worked", NULL, "(error) a workload showed no sign of its work",
	  .judge = judge_worked, .after_others = true },
};
/* clang-format on */

const struct check_family checks_workloads = { "the workloads", defs, ARRAY_SIZE(defs) };

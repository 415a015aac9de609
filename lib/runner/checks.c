// SPDX-License-Identifier: GPL-2.0
/*
 * [expect] into checks: the run's facts gathered (facts.h), each check's
 * row judging them (checks/<family>.c, in the families' order, the rows
 * that ask about the others last), and the verdicts written into
 * result.json, each with the duration of the span it judges.
 */
#include "report/result.h"
#include "run_int.h"
#include "scenario/checkdefs.h"
#include "verdict.h"

/* The facts the collectors keep in their own state, pointed to. */
static void gather(struct run *r)
{
	struct run_facts *f = &r->facts;

	f->s = r->s;
	f->memcg_version = r->m.memcg_version;
	f->ev = r->log.ev;
	f->n_ev = r->log.n_ev;
	f->event_counts = r->log.event_counts;
	f->have_kmsg = r->log.have_kmsg;
	f->kmsg_lost = r->log.kmsg.lost;
	f->taint_before = r->log.taint_before;
	f->taint_after = r->log.taint_after;
	f->kernel_t0 = r->log.kernel_t0;
	f->kernel_t0_mono_ms = r->log.kernel_t0_mono_ms;
	f->cgs = r->cgroups.node;
	f->n_cgs = r->cgroups.n;
	f->wl = r->work.wl;
	f->n_wl = r->work.n_wl;
	f->procs = r->work.procs;
	f->n_procs = r->work.n_procs;
	f->proc_events = r->work.pe_fd >= 0;
	f->unkillable = r->watch.unkillable;
	witness_counts(r, &f->alloc.c);
}

static double span_s(const struct run *r, enum check_span span)
{
	uint64_t end = r->clock.stopped_ms ? r->clock.stopped_ms : r->clock.now_ms;
	const uint64_t ms[] = {
		[SPAN_WATCH] = end > r->clock.t0_ms ? end - r->clock.t0_ms : 0,
		[SPAN_FS] = r->clock.fs_check_ms,
		[SPAN_LEAKS] = r->clock.leak_scan_ms,
	};
	return (double)ms[span] / 1000.0;
}

/* Judge the rows of one pass: those judged after the others, or not. */
static void judge_all(struct run *r, struct verdict *v, bool after_others)
{
	const struct check_def *d;

	for (size_t i = 0; (d = check_def_at(i)); i++)
		if (d->judge && d->after_others == after_others)
			d->judge(&r->facts, &r->s->expect, v);
}

void checks_evaluate(struct run *r)
{
	struct verdict v = { 0 };

	gather(r);
	judge_all(r, &v, false);
	judge_all(r, &v, true);
	json_object *all = result_arr(r->res->root, "checks");
	for (size_t i = 0; i < v.n; i++) {
		const struct check_def *d = check_def_find(v.c[i].name);
		result_add_check(r->res, v.c[i].name, v.c[i].status, v.c[i].summary,
				 v.c[i].evidence);
		v.c[i].evidence = NULL;
		json_object_object_add(
			json_object_array_get_idx(all, json_object_array_length(all) - 1),
			"duration_s", json_object_new_double(span_s(r, d ? d->span : SPAN_WATCH)));
	}
	verdict_free(&v);
}

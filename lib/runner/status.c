// SPDX-License-Identifier: GPL-2.0
/*
 * What the user sees while a run goes on: the run's state as a live
 * snapshot (report/live.h), drawn in place on a terminal or as a plain line
 * every few seconds otherwise. Inside a VM guest the same snapshot goes to
 * the host on the status port as a heartbeat, which is also how the host
 * tells a busy guest from a dead one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "report/live.h"
#include "run_int.h"

static struct live live;
static bool live_ready;

void status_clear(void)
{
	if (live_ready)
		live_clear(&live);
}

static const struct run_cg *top(const struct run *r)
{
	for (size_t i = 0; i < r->cgroups.n; i++)
		if (r->cgroups.node[i].spec && !*r->cgroups.node[i].spec->name)
			return &r->cgroups.node[i];
	return NULL;
}

/* operations per second of the engines that count operations (ENGINE_OPS_RATE), over
 * the time since the last display */
static void ops_rate(struct run *r, struct live_snap *s)
{
	uint64_t total = 0, v;
	bool any = false;

	for (size_t i = 0; i < r->work.n_wl; i++)
		if ((r->work.wl[i].e->flags & ENGINE_OPS_RATE) && r->work.wl[i].started &&
		    progress_read(r->work.wl[i].progress_path, "ops", &v) == 0) {
			total += v;
			any = true;
		}
	if (!any)
		return;
	if (r->status.ops_ms && r->clock.now_ms > r->status.ops_ms + 500) {
		r->status.ops_rate = total >= r->status.ops_total ?
					     (double)(total - r->status.ops_total) * 1000.0 /
						     (double)(r->clock.now_ms - r->status.ops_ms) :
					     0;
		r->status.ops_total = total;
		r->status.ops_ms = r->clock.now_ms;
	} else if (!r->status.ops_ms) {
		r->status.ops_total = total;
		r->status.ops_ms = r->clock.now_ms;
	}
	s->has_ops = true;
	s->ops_per_s = r->status.ops_rate;
}

static void snapshot(struct run *r, struct live_snap *s)
{
	const struct run_cg *t = top(r);

	*s = (struct live_snap){ .elapsed_ms = run_elapsed(r),
				 .duration_ms = r->s->sc.duration_ms };
	snprintf(s->phase, sizeof(s->phase), "%s", r->phase ? r->phase : "running");
	if (t && t->sampled) {
		s->mem_current = t->last.current;
		s->has_psi = t->last.has_psi;
		s->psi_some = t->last.psi_some10;
		s->psi_full = t->last.psi_full10;
	}
	s->mem_limit = t && t->limit != UINT64_MAX ? t->limit : 0;
	s->oom_kills = r->status.oom_kills_live;
	s->faults = r->log.event_counts[EV_FAULT_INJECTED];
	struct witness_counts c;
	witness_counts(r, &c);
	if (c.trace) { /* every failure the kernel made itself, NOWARN ones too */
		s->nofs_failures = c.real_nofs;
		s->alloc_failures = c.real;
		s->has_reclaim = true;
		s->reclaim_max_ms = c.stall_max_ms;
		s->has_alloc = c.lat.on;
		s->alloc_max_ms = c.lat.max_ms;
		s->alloc_wait_ms = c.lat.wait_ms;
	} else {
		s->nofs_failures = r->log.nofs_failures;
		s->alloc_failures = r->log.event_counts[EV_ALLOC_FAILURE];
	}
	s->stalls = r->log.event_counts[EV_HANG] +
		    (unsigned)(r->watch.stalls ? json_object_array_length(r->watch.stalls) : 0);
	s->failures = r->log.failure_events;
	ops_rate(r, s);
}

void status_update(struct run *r, bool force)
{
	struct live_snap s;
	char hb[512];

	snapshot(r, &s);
	if (r->o->status_fd >= 0 && live_snap_format(&s, hb, sizeof(hb)) == 0)
		dprintf(r->o->status_fd, "%s\n", hb);
	if (r->o->quiet)
		return;
	if (!live_ready) {
		live_init(&live, log_stderr(), r->o->live, log_use_color());
		live_ready = true;
	}
	live_draw(&live, r->s->name, &s, r->clock.now_ms, force);
}

void status_phase(struct run *r, const char *phase)
{
	r->phase = phase;
	r->clock.now_ms = mono_ms();
	status_update(r, true);
}

void status_final(struct run *r)
{
	status_clear();
	(void)r;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * What the user sees while a run goes on. On a TTY, one status line redrawn
 * in place (elapsed/duration, memory usage against the limit as a bar, PSI,
 * OOM kills, failures); otherwise a plain line every few seconds, for CI
 * logs. Inside a VM guest it also sends a heartbeat line to the host on the
 * status port, which is how the host tells a busy guest from a dead one.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core/log.h"
#include "core/parse.h"
#include "run_int.h"

static bool drawn;

void status_clear(void)
{
	if (drawn) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		drawn = false;
	}
}

static const struct run_cg *top(const struct run *r)
{
	for (size_t i = 0; i < r->n_cgs; i++)
		if (r->cgs[i].spec && !*r->cgs[i].spec->name)
			return &r->cgs[i];
	return NULL;
}

static void bar(char *buf, size_t len, double frac, int width)
{
	static const char *const full = "\u2588", *const empty = "\u2591";
	size_t o = 0;
	int fill = (int)(frac * width + 0.5);

	if (fill > width)
		fill = width;
	for (int i = 0; i < width && o + 4 < len; i++) {
		const char *s = i < fill ? full : empty;
		size_t l = strlen(s);
		memcpy(buf + o, s, l);
		o += l;
	}
	buf[o] = 0;
}

void status_update(struct run *r, bool force)
{
	const struct run_cg *t = top(r);
	uint64_t el = run_elapsed(r);
	char cur[32], lim[32], b[128] = "";
	uint64_t current = t && t->sampled ? t->last.current : 0;
	uint64_t limit = t ? t->limit : UINT64_MAX;

	if (r->o->status_fd >= 0) {
		dprintf(r->o->status_fd, "HB %" PRIu64 " %u %" PRIu64 " %" PRIu64 " %u\n", el, r->oom_kills_live,
			current, limit == UINT64_MAX ? 0 : limit, r->failure_events);
	}
	if (r->o->quiet)
		return;
	bytes_human(current, cur, sizeof(cur));
	bytes_human(limit, lim, sizeof(lim));
	if (r->o->live) {
		char psi[32] = "";
		if (t && t->last.has_psi)
			snprintf(psi, sizeof(psi), " psi %4.1f%%", t->last.psi_full10);
		if (limit != UINT64_MAX)
			bar(b, sizeof(b), (double)current / (double)limit, 16);
		fprintf(stderr, "\r\033[K[%s %4.0fs/%.0fs] mem %s/%s %s%s oom %u faults %u events %u%s",
			r->s->name, (double)el / 1000.0, (double)r->s->sc.duration_ms / 1000.0, cur, lim, b, psi,
			r->oom_kills_live, r->event_counts[EV_FAULT_INJECTED], r->failure_events,
			r->hang_seen ? " STALL" : "");
		fflush(stderr);
		drawn = true;
		return;
	}
	if (!force && r->now_ms - r->last_status_ms < 5000)
		return;
	r->last_status_ms = r->now_ms;
	fprintf(stderr, "memstress: %s %+.0fs mem %s/%s oom_kills %u faults %u failures %u%s\n", r->s->name,
		(double)el / 1000.0, cur, lim, r->oom_kills_live, r->event_counts[EV_FAULT_INJECTED],
		r->failure_events, r->hang_seen ? " STALL" : "");
}

void status_final(struct run *r)
{
	status_clear();
	(void)r;
}

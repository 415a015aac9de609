/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The live display of a run: a snapshot of what is going on, drawn in place
 * on a terminal (three lines, like fio's status) or as a plain line every few
 * seconds in a log. A guest sends its snapshots to the host on the status
 * port ("HB key=value ..."), and the host draws them the same way.
 */
#ifndef MEMSTRESS_REPORT_LIVE_H
#define MEMSTRESS_REPORT_LIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct live_snap {
	char phase[16]; /* booting, setting up, running, stopping, checking */
	uint64_t elapsed_ms, duration_ms;
	uint64_t mem_current, mem_limit; /* limit 0: none */
	bool has_psi;
	double psi_some, psi_full; /* avg10, percent */
	unsigned oom_kills, faults, nofs_failures, alloc_failures, stalls, failures;
	bool has_ops;
	double ops_per_s; /* fstx */
	bool has_reclaim;
	double reclaim_max_ms; /* the longest reclaim round (tracepoints) */
	bool has_alloc;
	double alloc_max_ms;  /* the longest allocation so far, where timed (above 10 ms) */
	double alloc_wait_ms; /* the longest __GFP_NOFAIL allocation waiting now */
};

/* The status-port line: "HB k=v ..." (no newline). */
int live_snap_format(const struct live_snap *s, char *buf, size_t len);
/* Parse the part after "HB "; unknown keys are ignored. */
int live_snap_parse(const char *kv, struct live_snap *s);

struct live {
	FILE *f;
	bool tty; /* redraw in place */
	bool color;
	unsigned drawn; /* lines on screen */
	uint64_t last_plain_ms;
};

void live_init(struct live *l, FILE *f, bool tty, bool color);
/* Draw (tty) or print a plain line when `interval_ms` passed since the last (or force). */
void live_draw(struct live *l, const char *title, const struct live_snap *s, uint64_t now_ms,
	       bool force);
/* Take the display off the screen before other output. */
void live_clear(struct live *l);

#endif

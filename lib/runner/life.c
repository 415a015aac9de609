// SPDX-License-Identifier: GPL-2.0
/*
 * The run's life as every part of the runner sees it (run_int.h): whether
 * a signal came, the phase, where the run is in its result.json, a marker
 * in the kernel's log, a file in the run's directory. run.c drives the
 * lifecycle and calls into the other files; they call here, never up
 * into run.c.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "kernel/kmsg.h"
#include "run_int.h"

void run_iso_time(char *buf, size_t len)
{
	struct timespec ts;
	struct tm tm;

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf + strlen(buf), len - strlen(buf), ".%03ld+00:00", ts.tv_nsec / 1000000);
}

bool run_interrupted(struct run *r)
{
	int sig = interrupt_check();

	if (!sig || r->sig.interrupted)
		return r->sig.interrupted;
	r->sig.interrupted = true;
	r->sig.last_signal = sig;
	r->sig.interrupt_phase = r->phase ? r->phase : "setting up";
	r->sig.interrupt_ms = mono_ms() - r->clock.t0_ms;
	status_clear();
	log_warning("SIG%s while %s: stopping the workloads and undoing every change",
		    sigabbrev_np(sig) ?: "?", r->sig.interrupt_phase);
	return true;
}

/*
 * A phase begins: the display, the record in result.json, and for the tests
 * of interruptions, MEMSTRESS_TEST_HOLD=PHASE holds the run at the start of
 * that phase until a signal comes (at most 30 s), so that a test can
 * interrupt each phase, however short it is here, on purpose.
 */
void run_phase(struct run *r, const char *phase)
{
	const char *hold = getenv("MEMSTRESS_TEST_HOLD");

	status_phase(r, phase);
	run_progress(r);
	if (!hold || strcmp(hold, phase))
		return;
	log_notice("MEMSTRESS_TEST_HOLD: holding at the start of '%s'", phase);
	for (int i = 0; i < 1500 && !run_interrupted(r); i++) {
		struct timespec ts = { 0, 20 * 1000000 };
		nanosleep(&ts, NULL);
	}
}

/* Where the run is, in its result: a run killed outright (SIGKILL, a crash)
 * leaves this behind, and `memstress report` says when and in which phase. */
void run_progress(struct run *r)
{
	json_object *p = result_obj(r->res->root, "progress");
	char t[64];

	run_iso_time(t, sizeof(t));
	json_object_object_add(p, "phase",
			       json_object_new_string(r->phase ? r->phase : "setting up"));
	json_object_object_add(p, "updated", json_object_new_string(t));
	json_object_object_add(
		p, "elapsed_s",
		json_object_new_double((double)(mono_ms() - r->clock.t0_ms) / 1000.0));
	run_save(r);
}

static int save(struct run *r)
{
	int k = result_save(r->res);

	if (k < 0)
		log_warning("cannot write '%s/result.json': %s", r->dir, strerror(-k));
	return k;
}

int run_save(struct run *r)
{
	events_record(r);
	return save(r);
}

void run_log_kmsg_marker(struct run *r, const char *what)
{
	(void)kmsg_write("memstress: run %s: %s", r->id, what);
}

FILE *run_open_file(struct run *r, const char *name, const char *mode)
{
	char p[4096];

	snprintf(p, sizeof(p), "%s/%s", r->dir, name);
	return fopen(p, mode);
}

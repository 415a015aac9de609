// SPDX-License-Identifier: GPL-2.0
/*
 * The run's event loop: one poll(2) over a signalfd (SIGINT, SIGTERM,
 * SIGCHLD), a timerfd ticking at the sampling interval, /dev/kmsg and the
 * process-events socket. Kernel records go to kmsg.log and through the
 * console oracle; each tick samples the memcg counters, starts and stops
 * workloads that are due, runs the watchdog and refreshes the status.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "core/interrupt.h"
#include "core/log.h"
#include "reclaim.h"
#include "run_int.h"

void monitor_feed_record(struct run *r, const struct kmsg_record *rec)
{
	char text[16384];
	size_t n = kmsg_format_line(rec, text, sizeof(text));

	if (r->files.kmsg_log) {
		fwrite(text, 1, n, r->files.kmsg_log);
		fputc('\n', r->files.kmsg_log);
	}
	for (char *l = text, *end = text + n; l < end;) {
		char *nl = memchr(l, '\n', (size_t)(end - l));
		size_t len = nl ? (size_t)(nl - l) : (size_t)(end - l);
		oracle_feed(r->log.oracle, l, len);
		l += len + 1;
	}
}

void monitor_drain_kmsg(struct run *r)
{
	struct kmsg_record rec;

	if (!r->log.have_kmsg)
		return;
	while (kmsg_read(&r->log.kmsg, &rec) > 0)
		monitor_feed_record(r, &rec);
	if (r->files.kmsg_log)
		fflush(r->files.kmsg_log);
}

static void handle_sigchld(struct run *r)
{
	struct signalfd_siginfo si;

	while (read(r->sig.fd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		workloads_reap(r);
}

static void tick(struct run *r)
{
	uint64_t expirations;

	(void)!read(r->sig.timer_fd, &expirations, sizeof(expirations));
	cgroups_sample(r);
	reclaim_sample(r);
	workloads_tick(r);
	workloads_enforce_make_it_fail(r);
	fs_tick(r);
	witness_tick(r);
	oomlife_tick(r);
	watchdog_tick(r);
	status_update(r, false);
	if (r->clock.now_ms - r->clock.progress_ms >= 10000) {
		r->clock.progress_ms = r->clock.now_ms;
		run_progress(r);
	}
}

int monitor_loop(struct run *r)
{
	struct pollfd pfd[5];
	int n = 0, ikmsg = -1, ipe = -1;

	pfd[n++] = (struct pollfd){ .fd = r->sig.fd, .events = POLLIN };
	pfd[n++] = (struct pollfd){ .fd = r->sig.timer_fd, .events = POLLIN };
	pfd[n++] = (struct pollfd){ .fd = interrupt_fd(), .events = POLLIN };
	if (r->log.have_kmsg) {
		ikmsg = n;
		pfd[n++] = (struct pollfd){ .fd = r->log.kmsg.fd, .events = POLLIN };
	}
	if (r->work.pe_fd >= 0) {
		ipe = n;
		pfd[n++] = (struct pollfd){ .fd = r->work.pe_fd, .events = POLLIN };
	}
	/* The witness's trace pipe is read on the tick, not polled: a pipe of
	 * all CPUs wakes its reader at every event (ring_buffer_poll_wait
	 * ignores buffer_percent for it), and in a TCG guest each wake-up is
	 * a context switch the guest pays dearly for: with the allocation
	 * probes' __GFP_NOFAIL events (50 a second under xfs-fstx) the
	 * runner's CPU grew by 36 ms a second, most of it switching. The
	 * events carry their own times, and 2 MB a CPU holds far more than a
	 * tick's worth of them. */
	r->clock.end_ms = r->clock.t0_ms + r->s->sc.duration_ms;
	for (;;) {
		r->clock.now_ms = mono_ms();
		if (run_interrupted(r) || r->clock.now_ms >= r->clock.end_ms)
			break;
		if (workloads_all_done(r) && run_elapsed(r) > 0) {
			log_info("every workload has ended at %+.1fs",
				 (double)run_elapsed(r) / 1000.0);
			break;
		}
		int k = poll(pfd, (nfds_t)n, (int)(r->clock.end_ms - r->clock.now_ms));
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return log_error_errno(-errno, "poll: %m");
		}
		r->clock.now_ms = mono_ms();
		if (pfd[0].revents)
			handle_sigchld(r);
		if (ipe >= 0 && pfd[ipe].revents)
			workloads_proc_events(r);
		if (ikmsg >= 0 && pfd[ikmsg].revents)
			monitor_drain_kmsg(r);
		if (pfd[1].revents)
			tick(r);
	}
	return 0;
}

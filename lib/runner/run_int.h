/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the runner, shared by its files:
 *	run.c        the lifecycle, in order (called by no other file)
 *	life.c       what every file asks of the run: signals, phase, saves
 *	cgroups.c    the scenario's cgroup tree and v2/v1 knob mapping
 *	workloads.c  starting, tracking (process events), stopping
 *	monitor.c    the event loop: signals, kmsg, sampling, status
 *	fs.c         the loop image, mkfs, mount, durability and fsck
 *	faults.c     fault-injection knobs, targeting and the fail-nth sweep
 *	watchdog.c   stall detection and recovery
 *	checks.c     the facts gathered, judged by checks/, written
 *	status.c     the live line and the periodic plain line
 */
#ifndef MEMSTRESS_RUNNER_RUN_INT_H
#define MEMSTRESS_RUNNER_RUN_INT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "core/clock.h"
#include "engine/engine.h"
#include "kernel/cgroup.h"
#include "kernel/kmsg.h"
#include "kernel/probe.h"
#include "oracle/oracle.h"
#include "report/result.h"
#include "facts.h"
#include "run.h"
#include "leaks.h"
#include "pageleaks.h"
#include "oomlife.h"
#include "witness.h"

struct undo;

/* The run's output files, in its directory. */
struct run_files {
	FILE *harness_log;
	FILE *kmsg_log;
	FILE *series;	/* series.tsv: the cgroups' samples */
	FILE *progress; /* progress.tsv: built-in engines' counters over time */
};

/* The kernel's log and state as the run reads them (monitor.c, events.c). */
struct run_log {
	struct kmsg kmsg;
	bool have_kmsg;
	struct oracle *oracle;
	struct run_event *ev; /* the kernel's events, by time once the run ends (events.c) */
	size_t n_ev, cap_ev;
	unsigned event_counts[EV_KIND_MAX];
	unsigned failure_events;
	unsigned nofs_failures;		/* alloc_failure events of class NOFS */
	bool fs_shutdown_ordered;	/* memstress forced the shutdown (fs.c) */
	long taint_before, taint_after; /* /proc/sys/kernel/tainted, -1 unknown */
	double kernel_t0; /* kernel timestamp (s) of the run's start marker; < 0 unknown */
	uint64_t kernel_t0_mono_ms; /* CLOCK_MONOTONIC when the marker was written */
};

/* The scenario's cgroup tree (cgroups.c). */
struct run_cgroups {
	struct run_cg *node;
	size_t n;
	json_object *mapping;
};

/* The workloads and their tasks (workloads.c). */
struct run_work {
	struct run_wl *wl;
	size_t n_wl;
	struct run_proc *procs;
	size_t n_procs, cap_procs;
	struct run_thread {
		pid_t tid;
		int wl;
	} * threads; /* threads of the workloads' processes (tracepoints name tids) */
	size_t n_threads, cap_threads;
	int pe_fd; /* process events, -1 if unavailable */
	bool pe_lost;
	int preload_fd; /* memfd holding keep_oom_adj.so, -1 until needed */
	struct run_shared {
		char *name;
		int fd;
	} shared[8]; /* in-memory files workloads share (memhog's `file`) */
	size_t n_shared;
};

/* Time, on CLOCK_MONOTONIC (ms). */
struct run_clock {
	uint64_t t0_ms;	       /* at start */
	uint64_t end_ms;       /* when workloads are stopped */
	uint64_t stopped_ms;   /* when they were */
	uint64_t fs_check_ms;  /* how long the filesystem's verification took */
	uint64_t leak_scan_ms; /* how long the leak scan took */
	uint64_t now_ms;
	uint64_t progress_ms; /* when result.json last got "progress" */
};

/* Signals: SIGCHLD here, SIGINT/SIGTERM/SIGHUP through core/interrupt.h. */
struct run_signals {
	int fd;
	int timer_fd;
	bool interrupted;
	int last_signal;
	const char *interrupt_phase; /* the phase the first one arrived in */
	uint64_t interrupt_ms;	     /* when, since the run's start */
};

/* The filesystem (fs.c). */
struct run_fs {
	bool ready;
	char image[4096], dev[64], mnt[4096];
	json_object *result;
};

/* Fault injection (faults.c). */
struct run_faults {
	unsigned undo_mark;
	json_object *result;
	bool armed;
};

/* The watchdog (watchdog.c). */
struct run_watch {
	json_object *stalls;
	bool hang_seen;
	bool frozen;
	uint64_t freeze_ms;
	bool unkillable;
};

/* The live display (status.c). */
struct run_status {
	uint64_t last_ms;
	uint64_t ops_total, ops_ms; /* the engines' ops at the last display, for ops/s */
	double ops_rate;
	unsigned oom_kills_live;
	bool drawn;
};

/* The system-wide resources this run changes, each under its lock (run.c). */
struct run_locks {
	int fd[4];
	const char *name[4];
	size_t n;
};

/* A run's life: who it is, where, its phase and undo journal; each part of
 * it owned by the file named beside its type. */
struct run {
	const struct scenario *s;
	const struct run_opts *o;
	struct machine m;
	char *id, *dir;
	int lock_fd; /* "run-<id>": this run is alive (core/lock.h) */
	struct run_locks locks;
	struct undo *undo;
	struct result *res;
	const char *phase;     /* "setting up", "running", "stopping", "checking" */
	char setup_error[512]; /* why setting up failed (setup_verdict) */
	struct run_files files;
	struct run_log log;
	struct run_cgroups cgroups;
	struct run_work work;
	struct witness *wit;	     /* tracepoint witnesses (witness.c) */
	struct leaks *leaks;	     /* kmemleak or slab baselines (leaks.c) */
	struct pageleaks *pageleaks; /* page_owner's stacks before the run (pageleaks.c) */
	struct oomlife *life;	     /* OOM victims' lives (oomlife.c) */
	struct reclaim *reclaim;     /* vmstat.tsv: reclaim.c */
	struct run_clock clock;
	struct run_signals sig;
	struct run_fs fs;
	struct run_faults faults;
	struct run_watch watch;
	struct run_status status;
	/* what the checks judge (facts.h), filled by the collectors */
	struct run_facts facts;
};

/* A kernel timestamp on CLOCK_MONOTONIC (facts.h's kernel_to_mono). */
static inline uint64_t run_kernel_to_mono(const struct run *r, double ts)
{
	return kernel_to_mono(r->log.kernel_t0, r->log.kernel_t0_mono_ms, ts);
}

/* Milliseconds since the run started. */
static inline uint64_t run_elapsed(const struct run *r)
{
	return r->clock.now_ms - r->clock.t0_ms;
}

/* cgroups.c */
int cgroups_setup(struct run *r);
struct run_cg *cgroups_node(struct run *r, const char *name); /* named [cgroup.N] or "" */
void cgroups_sample(struct run *r);
void cgroups_summary(struct run *r);

/* workloads.c */
int workloads_prepare(struct run *r);
void workloads_tick(struct run *r);	   /* start what is due, stop what is due */
void workloads_reap(struct run *r);	   /* SIGCHLD */
void workloads_proc_events(struct run *r); /* process events fd readable */
int workloads_stop_all(struct run *r);	   /* TERM, grace, KILL; bounded */
bool workloads_all_done(const struct run *r);
int workload_of_pid(const struct run *r, pid_t pid);
/* The same for a thread id (a process's, or one of its threads'). */
int workload_of_tid(const struct run *r, pid_t tid);
struct run_proc *run_proc_find(struct run *r, pid_t pid);
/* make-it-fail for the processes of workloads subject to fault injection */
void workloads_enforce_make_it_fail(struct run *r);
void workloads_record(struct run *r);
/* What an engine's hooks get to know about one workload instance. */
void workload_ctx(const struct run *r, const struct run_wl *w, struct engine_ctx *c);

/* events.c: kernel events go through run_on_event, into r->log.ev and the counters. */
void run_on_event(struct oracle_event *e, void *userdata);
void events_sort(struct run *r);
/* The name of the workload an event names, or NULL. */
const char *event_workload(const struct run *r, const struct run_event *x);
/* The result's "events" array, made from r->ev (the only place events become JSON). */
void events_record(struct run *r);
void events_free(struct run *r);
/* The oracle's immediate notices (an OOM kill, a reap). */
void run_on_notice(enum oracle_notice what, long pid, double ts, void *userdata);

/* monitor.c */
int monitor_loop(struct run *r);
void monitor_drain_kmsg(struct run *r);
/* One kmsg record into kmsg.log and the oracle. */
void monitor_feed_record(struct run *r, const struct kmsg_record *rec);

/* checks.c */
void checks_evaluate(struct run *r);

/* status.c */
void status_update(struct run *r, bool force);
void status_clear(void);
/* The live display's phase: "setting up", "running", "stopping", "checking". */
void status_phase(struct run *r, const char *phase);
void status_final(struct run *r);

/* fs.c */
int fs_setup(struct run *r);
void fs_tick(struct run *r);
int fs_finish(struct run *r); /* after the workloads stopped */

/* faults.c */
/* debugfs, mounted (and journaled) when it is not yet; NULL if impossible. */
const char *run_debugfs(struct run *r);
int faults_setup(struct run *r);
/* The scenario's fault that a sweep steps (fail-nth), or NULL. */
const struct sc_fault *faults_sweep(const struct scenario *s);
void faults_disarm(struct run *r);
void faults_record(struct run *r);

/* watchdog.c */
int watchdog_setup(struct run *r);
void watchdog_tick(struct run *r);

/* life.c: the run's life, as every file sees it */
/* Has SIGINT, SIGTERM or SIGHUP arrived? Records the first (its phase and
 * time) and says so once. Every wait of the run asks this. */
bool run_interrupted(struct run *r);
void run_log_kmsg_marker(struct run *r, const char *what);
/* Record the phase and the time in result.json and save it. */
void run_progress(struct run *r);
/* Open a file in the run directory. */
FILE *run_open_file(struct run *r, const char *name, const char *mode);
/* A phase begins: "setting up", "running", "stopping", "checking". */
void run_phase(struct run *r, const char *phase);
int run_save(struct run *r);
/* Now, as result.json writes times: 2026-12-07T01:02:03.456+00:00. */
void run_iso_time(char *buf, size_t len);

#endif

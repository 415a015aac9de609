/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the checks know of a run: typed facts, each part filled by the
 * collector that owns it (named beside it), never read back from
 * result.json. The checks (checks/, a file per family) judge these alone, so each can be
 * tested on hand-made facts (ci/tests/unit/test_checks.c).
 *
 * A json_object here is evidence a collector already built for the result:
 * a check attaches it to its verdict (json_object_get) and never reads it.
 */
#ifndef MEMSTRESS_RUNNER_FACTS_H
#define MEMSTRESS_RUNNER_FACTS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "engine/engine.h"
#include "kernel/cgroup.h"
#include "oracle/oracle.h"
#include "scenario/scenario.h"
#include "witness.h"

/* One node of the scenario's cgroup tree (cgroups.c). */
struct run_cg {
	const struct sc_cgroup *spec; /* NULL for a workload leaf */
	struct cg *cg;
	char *label; /* "" top, "app", "wl.hog" */
	struct cg_sample last, first;
	bool sampled;
	uint64_t peak;
	uint64_t peak_current; /* the highest memory.current sampled */
	uint64_t max_drop;     /* the most it fell below that since (memory.min/low) */
	uint64_t at_limit_ms;  /* time spent within 1% of the limit */
	uint64_t limit;	       /* effective hard limit in bytes, UINT64_MAX none */
	uint64_t swap_limit;   /* v2 memory.swap.max in bytes, UINT64_MAX none */
	uint64_t swap_peak;    /* memory.swap.peak, or the most swap.current sampled */
	uint64_t last_reclaim_ms;
};

/* A process of a workload, known from process events or waitpid. */
struct run_proc {
	pid_t pid;
	int wl; /* index into run.wl */
	bool exited;
	int status;	  /* wait(2) status, from the connector or waitpid */
	uint64_t exit_ms; /* CLOCK_MONOTONIC */
	char comm[16];
};

/* One instance of a workload (workloads.c). */
struct run_wl {
	const struct sc_workload *w;
	const struct engine *e;
	unsigned instance;
	pid_t pid; /* top process */
	bool started, exited, stopping;
	bool stopped_by_us; /* it exited after memstress began stopping it */
	int status;	    /* -1: it could not be started */
	unsigned restarts;
	uint64_t started_ms, exited_ms;
	struct run_cg *leaf;
	char *log_path;
	char *progress_path;
	char *journal_path;
	char **argv;
	/* oom_score_adj of each process at its fork event (issue 28) */
	unsigned adj_checked, adj_different;
	int adj_seen; /* a value that differed */
	/* witnessed */
	unsigned sigkilled;		/* processes of the workload that died by SIGKILL */
	unsigned sigkilled_before_stop; /* ... before memstress itself sent any */
	unsigned procs;			/* processes seen */
	/* watchdog */
	uint64_t progress, progress_ms;
	/* its work (workloads.worked): the most progress seen over its starts,
	 * and the engine's judgement once it is recorded */
	uint64_t progress_max;
	bool worked;
	char work_evidence[256];
};

/* A kernel event of the run (events.c). */
struct run_event {
	struct oracle_event *e; /* owned; an ordered shutdown's severity is info */
	double run_time;	/* kernel time since the run's start marker, s; NAN unknown */
	int workload;		/* run.wl index of the task it names (an OOM's victim), -1 */
	bool ordered;		/* a filesystem shutdown memstress itself ordered */
};

/* The filesystem after the run (fs.c). */
struct fs_facts {
	bool made;	   /* the filesystem was set up: the rest is about it */
	const char *error; /* why it could not be checked, or NULL */
	bool fsck_ran;
	const char *fsck_program;
	int fsck_exit;	      /* -1: it could not run */
	json_object *fsck_ev; /* its argv and output */
	bool repaired;	      /* fsck = repairable, damage found: repair, look again */
	int repair_exit, after_repair_exit; /* -1: could not run */
	json_object *repair_ev;		    /* both runs' argv and output */
	bool durability;		    /* durable files were to be verified */
	char durability_skipped[256];	    /* why they were not, or "" */
	const char *durability_after;	    /* "unmount and remount", ... */
	long long checked, missing, corrupt;
	long long unknown; /* of checked: by name only, a failed call left the contents unknown */
	json_object *durability_ev;
};

/* Fault injection's own record (faults.c). */
struct fault_facts {
	bool on;	      /* the scenario injects faults */
	unsigned knobs_armed; /* injectors whose knobs were armed to fire */
	long long fired;      /* by the knobs' times counters */
	bool counted;	      /* ... read when the knobs were disarmed, before the checks */
	json_object *by_injector;
	long long logged, with_fs_frame; /* faults logged, those with a filesystem frame */
	json_object *sites;
	bool sweep; /* a fail-nth sweep ran */
	bool sweep_complete;
	char sweep_summary[1024];
};

/* The allocation witnesses' evidence besides their counts (witness.c). */
struct alloc_facts {
	struct witness_counts c;
	unsigned long long trace_lost; /* events the trace buffer dropped, by its stats */
	json_object *by_site, *by_class;
	json_object *slowest;	    /* the slowest allocations timed (alloclat) */
	json_object *longest_round; /* the longest reclaim rounds */
	json_object *nofail_waits;
};

/* kmemleak, or the filesystem's slab caches, after the unmount (leaks.c);
 * page_owner's stacks (pageleaks.c). */
enum leak_source { LEAKS_UNLOOKED, LEAKS_NONE, LEAKS_KMEMLEAK, LEAKS_SLAB, LEAKS_PAGE_OWNER };
struct leak_facts {
	enum leak_source source;
	const char *why_not; /* LEAKS_NONE: why */
	const char *error;   /* the witness could not be read */
	long long n;	     /* leaks (kmemleak objects, slab caches, page stacks) */
	json_object *list;
	/* the first: kmemleak's object, a slab cache, or a page stack */
	long long size, pages;	 /* kmemleak's bytes; page_owner's pages held */
	long long before, after; /* objects (slab) or pages (page_owner) */
	char comm[32], site[256], cache[64];
	bool fs_code; /* page_owner: allocated by the filesystem's code */
	long long stacks_after;
};

/* OOM victims' lives (oomlife.c). */
struct oom_life_facts {
	size_t victims;
	double exit_limit_ms;
	double kill_to_exit_max_ms, kill_to_reap_max_ms; /* -1: none */
	/* the first victim stuck, or whose exit was never seen */
	bool found, stuck;
	long pid;
	const char *name; /* its workload's, or its comm */
	const char *state, *wchan, *reaper, *holder;
	json_object *evidence; /* every victim */
};

struct run_facts {
	const struct scenario *s;
	int memcg_version;
	/* the kernel's log (events.c, monitor.c) */
	const struct run_event *ev;
	size_t n_ev;
	const unsigned *event_counts; /* by kind */
	bool have_kmsg;
	unsigned long long kmsg_lost;
	long taint_before, taint_after; /* -1 unknown */
	double kernel_t0;		/* the start marker's kernel time; < 0 unknown */
	uint64_t kernel_t0_mono_ms;
	/* cgroups (cgroups.c) */
	const struct run_cg *cgs;
	size_t n_cgs;
	char **applied_keys; /* the scenario's keys written to a cgroup file */
	/* workloads (workloads.c) */
	const struct run_wl *wl;
	size_t n_wl;
	const struct run_proc *procs;
	size_t n_procs;
	bool proc_events; /* exits seen by the connector, not only children's */
	bool unkillable;
	json_object *unkillable_ev;
	/* the watchdog (watchdog.c) */
	size_t stalls;
	char first_stall[512]; /* the first one's summary */
	json_object *stalls_ev;
	struct fs_facts fs;
	struct fault_facts faults;
	struct alloc_facts alloc;
	struct leak_facts leaks, page_leaks;
	struct oom_life_facts life;
};

/* Functions of the facts alone, kept with their collectors. */
/* cgroups.c: oom kills counted on a workload's leaf */
uint64_t cgroups_leaf_oom_kills(const struct run_cg *leaf);
/* cgroups.c: the v1/v2 file a scenario key maps to here, or NULL with a reason */
const char *cgroups_map_key(int version, const char *key, const char **why);
/* events.c: {title, run_time, lines}, an event as a check's evidence */
json_object *event_brief_json(const struct run_event *x);

/* A kernel timestamp ts (s, the log's and the trace's clock) on
 * CLOCK_MONOTONIC, through the start marker (its kernel time t0 and
 * monotonic t0_ms); 0 when the marker was not seen. */
static inline uint64_t kernel_to_mono(double t0, uint64_t t0_ms, double ts)
{
	double ms = (double)t0_ms + (ts - t0) * 1000.0;

	return t0 < 0 || ts < 0 || ms < 0 ? 0 : (uint64_t)ms;
}

static inline uint64_t facts_kernel_to_mono(const struct run_facts *f, double ts)
{
	return kernel_to_mono(f->kernel_t0, f->kernel_t0_mono_ms, ts);
}

/* The name of the workload an event names, or NULL. */
static inline const char *facts_event_workload(const struct run_facts *f, const struct run_event *x)
{
	return x->workload >= 0 ? f->wl[x->workload].w->name : NULL;
}

#endif

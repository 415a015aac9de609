// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the checks (lib/runner/checks/), kselftest-style: each
 * check judged on hand-made facts, without root or a kernel, once where it
 * passes and once where it fails (or errs, as its row says). The last test
 * holds every judged row of the table to having a test here.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "core/scope.h"
#include "oracle/oracle.h"
#include "runner/facts.h"
#include "runner/verdict.h"
#include "scenario/checkdefs.h"
#include "scenario/scenario.h"
#include "unit.h"

/* Two workloads a (memhog, in cgroup app) and b (exec, top), a limit,
 * and what the test adds (sections after these). */
static struct scenario *load(const char *top, const char *app, const char *extra)
{
	char text[4096];
	struct scenario *s = NULL;
	char *err = NULL;

	snprintf(text, sizeof(text),
		 "[scenario]\ndescription = t\n"
		 "[cgroup]\nmemory.max = 64M\n%s"
		 "[cgroup.app]\n%s"
		 "[workload.a]\nengine = memhog\nsize = 10M\ncgroup = app\n"
		 "[workload.b]\nengine = exec\nargs = true\n"
		 "%s",
		 top, app, extra ? extra : "");
	if (scenario_load_string(text, "t", "t.ini", NULL, 0, &s, &err) < 0)
		fail_msg("%s", err);
	return s;
}

/* The facts of a quiet run of s: two workloads, one in app, that ran. */
struct world {
	struct scenario *s;
	struct run_cg cgs[2];
	struct run_wl wl[2];
	struct run_proc procs[4];
	struct run_event ev[4];
	unsigned counts[EV_KIND_MAX];
	struct run_facts f;
};

/* The scenario's extra keys of the top cgroup and of app, then sections. */
static void world_init_cg(struct world *w, const char *top, const char *app, const char *extra)
{
	memset(w, 0, sizeof(*w));
	w->s = load(top, app, extra);
	w->cgs[0] = (struct run_cg){ .spec = scenario_cgroup(w->s, ""),
				     .label = "",
				     .sampled = true,
				     .limit = 64 << 20,
				     .peak = 40 << 20,
				     .swap_limit = UINT64_MAX };
	w->cgs[1] = (struct run_cg){
		.label = "wl.a", .sampled = true, .limit = UINT64_MAX, .swap_limit = UINT64_MAX
	};
	for (size_t i = 0; i < 2; i++) {
		w->wl[i] = (struct run_wl){ .w = &w->s->workloads[i],
					    .started = true,
					    .exited = true,
					    .stopped_by_us = true,
					    .worked = true };
		snprintf(w->wl[i].work_evidence, sizeof(w->wl[i].work_evidence), "did %zu", i);
	}
	w->wl[0].leaf = &w->cgs[1];
	w->f = (struct run_facts){
		.s = w->s,
		.memcg_version = 2,
		.ev = w->ev,
		.event_counts = w->counts,
		.have_kmsg = true,
		.taint_before = 0,
		.taint_after = 0,
		.kernel_t0 = 100,
		.kernel_t0_mono_ms = 5000,
		.cgs = w->cgs,
		.n_cgs = 2,
		.wl = w->wl,
		.n_wl = 2,
		.procs = w->procs,
		.proc_events = true,
	};
}

static void world_init(struct world *w, const char *extra)
{
	world_init_cg(w, "", "", extra);
}

static void world_free(struct world *w)
{
	for (size_t i = 0; i < w->f.n_ev; i++)
		oracle_event_free(w->ev[i].e);
	scenario_free(w->s);
}

/* A kernel event of the run (workload: its index, -1 none). */
static struct oracle_event *add_event(struct world *w, enum ev_kind k, const char *title,
				      int workload)
{
	struct oracle_event *e = calloc(1, sizeof(*e));

	assert_non_null(e);
	fields_init(&e->fields);
	e->kind = k;
	e->severity = SEV_FAILURE;
	snprintf(e->title, sizeof(e->title), "%s", title);
	w->ev[w->f.n_ev++] = (struct run_event){ .e = e, .run_time = 1.0, .workload = workload };
	w->counts[k]++;
	return e;
}

/* An OOM kill of workload idx, as the three witnesses see it. */
static void oom_kill(struct world *w, int idx)
{
	struct oracle_event *e = add_event(w, EV_OOM, "oom-kill", idx);

	fset_int(&e->fields, "victim_pid", 100 + idx);
	fset_str(&e->fields, "victim", "memhog", 6);
	fset_int(&e->fields, "victim_oom_score_adj", 0);
	w->wl[idx].sigkilled_before_stop++;
	if (w->wl[idx].leaf)
		w->wl[idx].leaf->last.ev_oom_kill++;
}

static const struct verdict_check *judged;
static struct verdict verdict;

/* Judge one check's row on the facts; its status, or -1 where it said nothing. */
static int judge(const struct world *w, const char *name)
{
	const struct check_def *d = check_def_find(name);

	assert_non_null(d);
	assert_non_null(d->judge);
	verdict_free(&verdict);
	d->judge(&w->f, &w->s->expect, &verdict);
	judged = verdict_find(&verdict, name);
	if (judged)
		print_message("# %s %s: %s\n", name, check_status_name(judged->status),
			      judged->summary);
	return judged ? (int)judged->status : -1;
}

static bool said(const char *text)
{
	return judged && strstr(judged->summary, text);
}

/* --- the workloads ---------------------------------------------------------- */

static void workloads_started(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "workloads.started"), -1);
	w.wl[1].status = -1;
	assert_int_equal(judge(&w, "workloads.started"), CHECK_ERROR);
	assert_true(said("1 workload(s) could not be started"));
	world_free(&w);
}

static void workloads_errors(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "workloads.errors"), -1);
	w.wl[1].stopped_by_us = false;
	w.wl[1].status = 2 << 8; /* exited 2 */
	assert_int_equal(judge(&w, "workloads.errors"), CHECK_FAIL);
	world_free(&w);
	/* a scenario that counts them */
	world_init(&w, "[expect]\nworkload_errors = 1\n");
	w.wl[1].stopped_by_us = false;
	w.wl[1].status = 2 << 8;
	assert_int_equal(judge(&w, "workloads.errors"), CHECK_PASS);
	world_free(&w);
}

static void workloads_worked(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "workloads.worked"), CHECK_PASS);
	assert_true(said("a.0: did 0"));
	w.wl[0].worked = false;
	assert_int_equal(judge(&w, "workloads.worked"), CHECK_ERROR);
	/* another check failed: that is the verdict, the idle load is told */
	verdict_free(&verdict);
	verdict_add(&verdict, "kernel.no_oops", CHECK_FAIL, "an oops", NULL);
	check_def_find("workloads.worked")->judge(&w.f, &w.s->expect, &verdict);
	assert_int_equal(verdict.c[1].status, CHECK_SKIP);
	world_free(&w);
}

/* --- the OOM killer ---------------------------------------------------------- */

static void oom_kills(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\noom_kills = >=1\n");
	assert_int_equal(judge(&w, "oom.kills"), CHECK_FAIL);
	oom_kill(&w, 0);
	assert_int_equal(judge(&w, "oom.kills"), CHECK_PASS);
	assert_true(said("kernel reported 1, memcg counters 1"));
	world_free(&w);
}

static void oom_victim(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\noom_victim = a\n");
	oom_kill(&w, 0);
	assert_int_equal(judge(&w, "oom.victim"), CHECK_PASS);
	assert_true(said("the OOM killer picked a"));
	world_free(&w);
	/* all three say b */
	world_init(&w, "[expect]\noom_victim = a\n");
	w.wl[1].leaf = &w.cgs[0];
	oom_kill(&w, 1);
	assert_int_equal(judge(&w, "oom.victim"), CHECK_FAIL);
	assert_true(said("all witnesses say otherwise: kernel b(1), counters b(1)"));
	world_free(&w);
	/* the kernel says a, the counters and exits say nothing: they disagree */
	world_init(&w, "[expect]\noom_victim = a\n");
	add_event(&w, EV_OOM, "oom-kill", 0);
	fset_int(&w.ev[0].e->fields, "victim_pid", 7);
	assert_int_equal(judge(&w, "oom.victim"), CHECK_FAIL);
	assert_true(said("witnesses disagree: kernel a(1) [agrees], counters none [differs]"));
	world_free(&w);
	/* the program changed its oom_score_adj: not the kernel's failure */
	world_init(&w, "[expect]\noom_victim = a\n");
	oom_kill(&w, 0);
	fset_int(&w.ev[0].e->fields, "victim_oom_score_adj", 1000);
	assert_int_equal(judge(&w, "oom.victim"), CHECK_ERROR);
	world_free(&w);
}

static void oom_group(void **state)
{
	struct world w;
	(void)state;

	world_init_cg(&w, "", "memory.oom.group = 1\n", "[expect]\noom_group = yes\n");
	/* not applied here (cgroup v1, say): a skip */
	assert_int_equal(judge(&w, "oom.group"), CHECK_SKIP);
	char *keys[] = { "memory.oom.group", NULL };
	w.f.applied_keys = keys;
	struct oracle_event *e = add_event(&w, EV_OOM, "oom-kill", 0);
	fset_bool(&e->fields, "oom_group", true);
	w.cgs[0].last.ev_oom_group_kill = 1;
	w.procs[0] = (struct run_proc){ .pid = 100, .wl = 0, .exited = true, .status = SIGKILL };
	w.f.n_procs = 1;
	assert_int_equal(judge(&w, "oom.group"), CHECK_PASS);
	/* one of the group's processes lived on */
	w.procs[1] = (struct run_proc){ .pid = 101, .wl = 0 };
	w.f.n_procs = 2;
	assert_int_equal(judge(&w, "oom.group"), CHECK_FAIL);
	assert_true(said("1 of 2 process(es) of the group not killed"));
	world_free(&w);
}

static void oom_survives(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\nsurvives = b\n");
	oom_kill(&w, 0);
	assert_int_equal(judge(&w, "oom.survives.b"), CHECK_PASS);
	oom_kill(&w, 1);
	assert_int_equal(judge(&w, "oom.survives.b"), CHECK_FAIL);
	world_free(&w);
}

static void oom_victim_exit(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "oom.victim_exit"), -1);
	w.f.life = (struct oom_life_facts){ .victims = 2,
					    .exit_limit_ms = 10000,
					    .kill_to_exit_max_ms = 22,
					    .kill_to_reap_max_ms = -1 };
	assert_int_equal(judge(&w, "oom.victim_exit"), CHECK_PASS);
	assert_true(said("each gone within 10.0s: longest kill to exit 22 ms, none reaped"));
	w.f.life.found = w.f.life.stuck = true;
	w.f.life.pid = 42;
	w.f.life.name = "a";
	w.f.life.state = "D";
	w.f.life.wchan = "folio_wait_bit";
	w.f.life.reaper = "unable to reap";
	assert_int_equal(judge(&w, "oom.victim_exit"), CHECK_FAIL);
	assert_true(said("OOM victim 42 (a) was not gone 10.0s after the kill: state D"));
	world_free(&w);
}

/* --- memory cgroups ----------------------------------------------------------- */

static void memcg_high_throttles(void **state)
{
	struct world w;
	char *keys[] = { "memory.high", NULL };
	(void)state;

	world_init_cg(&w, "", "memory.high = 8M\n", "[expect]\nmemory_high_throttles = yes\n");
	assert_int_equal(judge(&w, "memcg.high_throttles"), CHECK_SKIP);
	w.f.applied_keys = keys;
	w.cgs[1].spec = scenario_cgroup(w.s, "app");
	w.cgs[1].last =
		(struct cg_sample){ .ev_high = 500, .has_psi = true, .psi_some_total = 3000000 };
	assert_int_equal(judge(&w, "memcg.high_throttles"), CHECK_PASS);
	/* events raised, nobody slowed */
	w.cgs[1].last.psi_some_total = 0;
	assert_int_equal(judge(&w, "memcg.high_throttles"), CHECK_FAIL);
	world_free(&w);
}

static void memcg_max_held(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "memcg.max_held"), CHECK_PASS);
	assert_true(said("closest: (top), 40.0M of 64.0M"));
	w.cgs[0].peak = 80 << 20;
	assert_int_equal(judge(&w, "memcg.max_held"), CHECK_FAIL);
	assert_true(said("over its memory.max"));
	world_free(&w);
}

static void memcg_peak(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\nmemory_peak = <=48M\n");
	assert_int_equal(judge(&w, "memcg.peak"), CHECK_PASS);
	w.cgs[0].peak = 50 << 20;
	assert_int_equal(judge(&w, "memcg.peak"), CHECK_FAIL);
	world_free(&w);
}

static void memcg_swap_max_held(void **state)
{
	struct world w;
	char *keys[] = { "memory.swap.max", NULL };
	(void)state;

	world_init_cg(&w, "memory.swap.max = 16M\n", "", NULL);
	w.f.applied_keys = keys;
	w.cgs[0].swap_limit = 16 << 20;
	w.cgs[0].last.has_swap = true;
	w.cgs[0].swap_peak = 8 << 20;
	assert_int_equal(judge(&w, "memcg.swap_max_held"), CHECK_PASS);
	w.cgs[0].swap_peak = 17 << 20;
	assert_int_equal(judge(&w, "memcg.swap_max_held"), CHECK_FAIL);
	/* no swap accounting: nothing to hold it against */
	w.cgs[0].last.has_swap = false;
	assert_int_equal(judge(&w, "memcg.swap_max_held"), CHECK_SKIP);
	world_free(&w);
}

static void memcg_swap_peak(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\nswap_peak = <=4M\n");
	assert_int_equal(judge(&w, "memcg.swap_peak"), CHECK_SKIP);
	w.cgs[0].last.has_swap = true;
	w.cgs[0].swap_peak = 1 << 20;
	assert_int_equal(judge(&w, "memcg.swap_peak"), CHECK_PASS);
	w.cgs[0].swap_peak = 5 << 20;
	assert_int_equal(judge(&w, "memcg.swap_peak"), CHECK_FAIL);
	world_free(&w);
}

static void memcg_protected(void **state)
{
	struct world w;
	char *keys[] = { "memory.min", NULL };
	(void)state;

	world_init_cg(&w, "", "memory.min = 8M\n", "[expect]\nprotected = a\n");
	w.f.applied_keys = keys;
	w.cgs[1].peak_current = 10 << 20;
	w.cgs[1].max_drop = 1 << 20;
	assert_int_equal(judge(&w, "memcg.protected.a"), CHECK_PASS);
	w.cgs[1].max_drop = 2 << 20;
	assert_int_equal(judge(&w, "memcg.protected.a"), CHECK_FAIL);
	world_free(&w);
}

/* --- the kernel's log ------------------------------------------------------------ */

static void hang_none(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "hang.none"), CHECK_PASS);
	w.f.stalls = 1;
	snprintf(w.f.first_stall, sizeof(w.f.first_stall), "[workload.a] no progress for 9.0s");
	assert_int_equal(judge(&w, "hang.none"), CHECK_FAIL);
	assert_true(said("0 kernel report(s), 1 watchdog stall(s): [workload.a] no progress"));
	assert_int_equal(judge(&w, "hang.detected"), -1);
	world_free(&w);
}

static void hang_detected(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\nhang = expected\n");
	assert_int_equal(judge(&w, "hang.detected"), CHECK_FAIL);
	add_event(&w, EV_HANG, "INFO: task hung in xfs_log_force", -1);
	assert_int_equal(judge(&w, "hang.detected"), CHECK_PASS);
	assert_true(said("1 kernel report(s), 0 watchdog stall(s): INFO: task hung"));
	assert_int_equal(judge(&w, "hang.none"), -1);
	world_free(&w);
}

/* A kernel.* check of the log's events: passes on none, fails on one. */
static void log_events(const char *check, enum ev_kind k, const char *title)
{
	struct world w;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, check), CHECK_PASS);
	add_event(&w, k, title, -1);
	assert_int_equal(judge(&w, check), CHECK_FAIL);
	assert_true(said(title));
	world_free(&w);
}

static void kernel_no_oops(void **state)
{
	(void)state;
	log_events("kernel.no_oops", EV_OOPS, "BUG: unable to handle page fault");
	log_events("kernel.no_oops", EV_PANIC, "Kernel panic - not syncing");
}

static void kernel_no_warnings(void **state)
{
	struct world w;
	(void)state;

	log_events("kernel.no_warnings", EV_WARNING, "WARNING in xfs_trans_cancel");
	/* allowed: it happened, and the summary says the scenario allowed it */
	world_init(&w, "[expect]\nwarnings = yes\n");
	add_event(&w, EV_WARNING, "WARNING in f", -1);
	assert_int_equal(judge(&w, "kernel.no_warnings"), CHECK_PASS);
	assert_true(said("(warnings = allowed)"));
	world_free(&w);
}

static void kernel_no_lockdep(void **state)
{
	(void)state;
	log_events("kernel.no_lockdep", EV_LOCKDEP, "possible circular locking dependency");
}

static void kernel_no_new_taint(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "kernel.no_new_taint"), CHECK_PASS);
	w.f.taint_after = 512; /* W */
	assert_int_equal(judge(&w, "kernel.no_new_taint"), CHECK_FAIL);
	assert_true(said("the kernel became tainted: W"));
	w.f.taint_after = -1;
	assert_int_equal(judge(&w, "kernel.no_new_taint"), CHECK_SKIP);
	world_free(&w);
}

static void kernel_log(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "kernel.log"), -1);
	w.f.kmsg_lost = 3;
	assert_int_equal(judge(&w, "kernel.log"), CHECK_PASS);
	w.f.have_kmsg = false;
	assert_int_equal(judge(&w, "kernel.log"), CHECK_ERROR);
	world_free(&w);
}

static void kernel_trace(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	w.f.alloc.c.trace = true;
	assert_int_equal(judge(&w, "kernel.trace"), -1);
	w.f.alloc.trace_lost = 12;
	assert_int_equal(judge(&w, "kernel.trace"), CHECK_PASS);
	world_free(&w);
	/* where a count decides a check, lost events make it an error */
	world_init(&w, "[expect]\nnofs_failures = 0\n");
	w.f.alloc.c.trace = true;
	w.f.alloc.trace_lost = 12;
	assert_int_equal(judge(&w, "kernel.trace"), CHECK_ERROR);
	world_free(&w);
}

static void tasks_unkillable(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "tasks.unkillable"), -1);
	w.f.unkillable = true;
	assert_int_equal(judge(&w, "tasks.unkillable"), CHECK_FAIL);
	world_free(&w);
	world_init(&w, "[expect]\nunkillable = expected\n");
	assert_int_equal(judge(&w, "tasks.unkillable"), CHECK_FAIL);
	w.f.unkillable = true;
	assert_int_equal(judge(&w, "tasks.unkillable"), CHECK_PASS);
	world_free(&w);
}

/* --- filesystems -------------------------------------------------------------------- */

#define FS "[fs]\ntype = xfs\nsize = 300M\n"

static void fs_no_errors(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "fs.no_errors"), -1); /* no [fs], no errors */
	world_free(&w);
	world_init(&w, FS);
	assert_int_equal(judge(&w, "fs.no_errors"), CHECK_PASS);
	add_event(&w, EV_FS_ERROR, "XFS: corruption in xfs_btree", -1);
	assert_int_equal(judge(&w, "fs.no_errors"), CHECK_FAIL);
	world_free(&w);
}

static void fs_fsck(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, FS);
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_ERROR); /* never set up */
	w.f.fs = (struct fs_facts){ .made = true, .fsck_ran = true, .fsck_program = "xfs_repair" };
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_PASS);
	assert_true(said("xfs_repair exited 0: clean"));
	w.f.fs.fsck_exit = 1;
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_FAIL);
	w.f.fs = (struct fs_facts){ .made = true, .error = "the filesystem stayed busy" };
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_ERROR);
	assert_true(said("stayed busy"));
	world_free(&w);
}

/* fsck = repairable: damage passes only after the filesystem's own errors,
 * and only when the repair leaves it clean */
static void fs_fsck_repairable(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, FS "[expect]\nfsck = repairable\nfs_errors = allowed\n");
	w.f.fs = (struct fs_facts){ .made = true, .fsck_ran = true, .fsck_program = "e2fsck" };
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_PASS); /* clean at once */
	assert_true(said("e2fsck exited 0: clean"));
	w.f.fs.fsck_exit = 4;
	w.f.fs.repaired = true;
	w.f.fs.repair_exit = 1;
	w.f.fs.after_repair_exit = 0;
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_FAIL); /* no error of its own */
	assert_true(said("the kernel reported no filesystem error"));
	add_event(&w, EV_FS_ERROR, "EXT4-fs error in ext4_setattr: Out of memory", 0);
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_PASS);
	assert_true(
		said("e2fsck exited 4: damaged after the filesystem's own errors; the repair "
		     "exited 1, and a second look found it clean (fsck = repairable)"));
	w.f.fs.after_repair_exit = 4;
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_FAIL);
	assert_true(said("found it still damaged (exit 4)"));
	w.f.fs.repair_exit = 8; /* e2fsck's own failure */
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_ERROR);
	w.f.fs.repair_exit = -1;
	w.f.fs.after_repair_exit = -1;
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_ERROR);
	assert_true(said("the repair could not run"));
	w.f.fs.fsck_exit = -1; /* the first look could not run */
	assert_int_equal(judge(&w, "fs.fsck"), CHECK_ERROR);
	assert_true(said("fsck could not run"));
	world_free(&w);
}

static void fs_no_lost_data(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, FS);
	w.f.fs = (struct fs_facts){ .made = true,
				    .durability = true,
				    .durability_after = "unmount and remount",
				    .checked = 10 };
	assert_int_equal(judge(&w, "fs.no_lost_data"), CHECK_PASS);
	w.f.fs.missing = 1;
	assert_int_equal(judge(&w, "fs.no_lost_data"), CHECK_FAIL);
	assert_true(said("10 durable file(s) checked after unmount and remount: 1 missing"));
	/* files a failed call left unknown were checked by name only: the summary says how many */
	w.f.fs.unknown = 9;
	assert_int_equal(judge(&w, "fs.no_lost_data"), CHECK_FAIL);
	assert_true(
		said("10 durable file(s) checked after unmount and remount (9 by name only: a "
		     "failed call left their contents unknown): 1 missing"));
	snprintf(w.f.fs.durability_skipped, sizeof(w.f.fs.durability_skipped), "no remount");
	assert_int_equal(judge(&w, "fs.no_lost_data"), CHECK_SKIP);
	world_free(&w);
}

/* --- fault injection ----------------------------------------------------------------- */

#define FAULT "[fault.failslab]\nprobability = 10\n"

static void fault_injected(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, FS FAULT "[expect]\nfaults_injected = >=10\n");
	w.f.faults = (struct fault_facts){ .on = true, .fired = 3 };
	assert_int_equal(judge(&w, "fault.injected"), CHECK_FAIL);
	w.f.faults.fired = 30;
	assert_int_equal(judge(&w, "fault.injected"), CHECK_PASS);
	world_free(&w);
}

static void fault_fs_frames(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, FS FAULT "[expect]\nfault_fs_frames = >=50%\n");
	w.f.faults = (struct fault_facts){ .on = true, .logged = 10, .with_fs_frame = 6 };
	assert_int_equal(judge(&w, "fault.fs_frames"), CHECK_PASS);
	w.f.faults.with_fs_frame = 2;
	assert_int_equal(judge(&w, "fault.fs_frames"), CHECK_FAIL);
	w.f.faults.logged = 0; /* nothing logged proves nothing */
	assert_int_equal(judge(&w, "fault.fs_frames"), CHECK_FAIL);
	world_free(&w);
}

static void fault_fired(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, FAULT);
	/* interrupted before the knobs were disarmed and counted: nothing to say */
	w.f.faults = (struct fault_facts){ .on = true, .knobs_armed = 1 };
	assert_int_equal(judge(&w, "fault.fired"), -1);
	w.f.faults.counted = true;
	assert_int_equal(judge(&w, "fault.fired"), CHECK_ERROR);
	assert_true(said("the run tested no error path"));
	w.f.faults.fired = 7;
	assert_int_equal(judge(&w, "fault.fired"), CHECK_PASS);
	/* a sweep arms no knob to fire; faults_injected decides where set */
	w.f.faults = (struct fault_facts){ .on = true, .sweep = true };
	assert_int_equal(judge(&w, "fault.fired"), -1);
	world_free(&w);
	world_init(&w, FS FAULT "[expect]\nfaults_injected = 0\n");
	w.f.faults = (struct fault_facts){ .on = true, .knobs_armed = 1, .counted = true };
	assert_int_equal(judge(&w, "fault.fired"), -1);
	world_free(&w);
}

static void fault_sweep(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	w.f.faults = (struct fault_facts){ .on = true };
	assert_int_equal(judge(&w, "fault.sweep"), -1);
	w.f.faults.sweep = w.f.faults.sweep_complete = true;
	snprintf(w.f.faults.sweep_summary, sizeof(w.f.faults.sweep_summary),
		 "create: 40 fault site(s)");
	assert_int_equal(judge(&w, "fault.sweep"), CHECK_PASS);
	assert_true(said("create: 40 fault site(s)"));
	w.f.faults.sweep_complete = false;
	assert_int_equal(judge(&w, "fault.sweep"), CHECK_FAIL);
	world_free(&w);
}

static void fault_witnessed(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	w.f.faults = (struct fault_facts){ .on = true, .fired = 5 };
	assert_int_equal(judge(&w, "fault.witnessed"), -1); /* no probes */
	w.f.alloc.c = (struct witness_counts){ .probes = true, .injections = 5, .injected = 5 };
	assert_int_equal(judge(&w, "fault.witnessed"), CHECK_PASS);
	w.f.alloc.c.injections = 4;
	assert_int_equal(judge(&w, "fault.witnessed"), CHECK_FAIL);
	w.f.alloc.c.lost = 1;
	assert_int_equal(judge(&w, "fault.witnessed"), CHECK_ERROR);
	world_free(&w);
}

/* --- allocations ------------------------------------------------------------------------ */

static void alloc_nofs_failures(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\nnofs_failures = 0\n");
	w.f.alloc.c.trace = true;
	assert_int_equal(judge(&w, "alloc.nofs_failures"), CHECK_PASS);
	w.f.alloc.c.real_nofs = 2;
	assert_int_equal(judge(&w, "alloc.nofs_failures"), CHECK_FAIL);
	assert_true(said("real GFP_NOFS allocation failures (tracepoints): 2"));
	world_free(&w);
}

static void alloc_failures(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\nalloc_failures = <=1\n");
	assert_int_equal(judge(&w, "alloc.failures"), CHECK_PASS);
	w.f.alloc.c.real = 3;
	assert_int_equal(judge(&w, "alloc.failures"), CHECK_FAIL);
	assert_true(said("(kernel log)"));
	world_free(&w);
}

static void alloc_real_failures(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "alloc.real_failures"), -1); /* no tracepoints */
	w.f.alloc.c.trace = true;
	assert_int_equal(judge(&w, "alloc.real_failures"), CHECK_PASS);
	w.f.alloc.c.real = 2;
	w.f.alloc.c.real_by_victims = 1;
	snprintf(w.f.alloc.c.first_real, sizeof(w.f.alloc.c.first_real), "kmalloc (NOFS)");
	assert_int_equal(judge(&w, "alloc.real_failures"), CHECK_FAIL);
	assert_true(said("1 real allocation failure(s) that may not fail"));
	/* an OOM victim's own failures are the kernel's design */
	w.f.alloc.c.real_by_victims = 2;
	assert_int_equal(judge(&w, "alloc.real_failures"), CHECK_PASS);
	world_free(&w);
}

static void alloc_stall_max(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\nalloc_stall_max = <1s\n");
	assert_int_equal(judge(&w, "alloc.stall_max"), CHECK_SKIP); /* no tracepoints */
	w.f.alloc.c.trace = true;
	w.f.alloc.c.stall_max_ms = 200;
	assert_int_equal(judge(&w, "alloc.stall_max"), CHECK_PASS);
	assert_true(said("longest reclaim round of allocation: 200.0 ms"));
	/* timed whole: the allocation's time, never less than a round of it */
	w.f.alloc.c.lat = (struct alat_counts){ .on = true, .max_ms = 1500, .count = 9 };
	assert_int_equal(judge(&w, "alloc.stall_max"), CHECK_FAIL);
	assert_true(said("longest allocation: 1500.0 ms"));
	world_free(&w);
}

static void alloc_nofs_stall_max(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\nnofs_stall_max = <1s\n");
	w.f.alloc.c.trace = true;
	w.f.alloc.c.lat = (struct alat_counts){ .on = true, .nofs_max_ms = 10 };
	assert_int_equal(judge(&w, "alloc.nofs_stall_max"), CHECK_PASS);
	w.f.alloc.c.nofs_stall_max_ms = 1200; /* one reclaim round of it */
	assert_int_equal(judge(&w, "alloc.nofs_stall_max"), CHECK_FAIL);
	world_free(&w);
}

static void alloc_nofail_stall_max(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, "[expect]\nnofail_stall_max = <1s\n");
	assert_int_equal(judge(&w, "alloc.nofail_stall_max"), CHECK_SKIP);
	w.f.alloc.c.lat = (struct alat_counts){
		.on = true, .live = true, .nofail_max_ms = 5, .nofail_entries = 3
	};
	assert_int_equal(judge(&w, "alloc.nofail_stall_max"), CHECK_PASS);
	assert_true(said("3 entered the allocator's slow paths, seen while they waited"));
	w.f.alloc.c.lat.nofail_max_ms = 4000;
	assert_int_equal(judge(&w, "alloc.nofail_stall_max"), CHECK_FAIL);
	world_free(&w);
}

/* --- the kernel's accounting ----------------------------------------------------------- */

static void kernel_no_leaks(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "kernel.no_leaks"), -1);
	w.f.leaks = (struct leak_facts){ .source = LEAKS_KMEMLEAK };
	assert_int_equal(judge(&w, "kernel.no_leaks"), CHECK_PASS);
	w.f.leaks.n = 2;
	w.f.leaks.size = 64;
	snprintf(w.f.leaks.comm, sizeof(w.f.leaks.comm), "fstx");
	snprintf(w.f.leaks.site, sizeof(w.f.leaks.site), "xfs_buf_alloc+0x10");
	assert_int_equal(judge(&w, "kernel.no_leaks"), CHECK_FAIL);
	assert_true(said("2 new unreferenced object(s): 64 bytes from fstx"));
	w.f.leaks = (struct leak_facts){ .source = LEAKS_SLAB, .n = 1, .before = 5, .after = 900 };
	snprintf(w.f.leaks.cache, sizeof(w.f.leaks.cache), "xfs_inode");
	assert_int_equal(judge(&w, "kernel.no_leaks"), CHECK_FAIL);
	assert_true(said("slab cache xfs_inode has 900 objects"));
	w.f.leaks = (struct leak_facts){ .source = LEAKS_NONE, .why_not = "[scenario] leaks = no" };
	assert_int_equal(judge(&w, "kernel.no_leaks"), CHECK_SKIP);
	w.f.leaks = (struct leak_facts){ .source = LEAKS_KMEMLEAK, .error = "EPERM" };
	assert_int_equal(judge(&w, "kernel.no_leaks"), CHECK_ERROR);
	world_free(&w);
}

static void kernel_no_page_leaks(void **state)
{
	struct world w;
	(void)state;

	world_init(&w, NULL);
	assert_int_equal(judge(&w, "kernel.no_page_leaks"), -1);
	w.f.page_leaks = (struct leak_facts){ .source = LEAKS_PAGE_OWNER, .stacks_after = 7 };
	assert_int_equal(judge(&w, "kernel.no_page_leaks"), CHECK_PASS);
	w.f.page_leaks.n = 1;
	w.f.page_leaks.pages = 16;
	w.f.page_leaks.fs_code = true;
	snprintf(w.f.page_leaks.site, sizeof(w.f.page_leaks.site), "ext4_mb_load_buddy");
	assert_int_equal(judge(&w, "kernel.no_page_leaks"), CHECK_FAIL);
	assert_true(said("16 page(s) allocated at ext4_mb_load_buddy (the filesystem's code)"));
	world_free(&w);
}

/* Every row with a judge has a test above (by name, families by prefix). */
static const char *const tested[] = {
	"workloads.started",
	"workloads.errors",
	"workloads.worked",
	"oom.kills",
	"oom.victim",
	"oom.group",
	"oom.survives.",
	"oom.victim_exit",
	"memcg.high_throttles",
	"memcg.max_held",
	"memcg.peak",
	"memcg.swap_max_held",
	"memcg.swap_peak",
	"memcg.protected.",
	"hang.none",
	"hang.detected",
	"kernel.no_oops",
	"kernel.no_warnings",
	"kernel.no_lockdep",
	"kernel.no_new_taint",
	"kernel.log",
	"kernel.trace",
	"tasks.unkillable",
	"fs.no_errors",
	"fs.fsck",
	"fs.no_lost_data",
	"fault.injected",
	"fault.fs_frames",
	"fault.fired",
	"fault.sweep",
	"fault.witnessed",
	"alloc.nofs_failures",
	"alloc.failures",
	"alloc.real_failures",
	"alloc.stall_max",
	"alloc.nofs_stall_max",
	"alloc.nofail_stall_max",
	"kernel.no_leaks",
	"kernel.no_page_leaks",
};

static void every_judged_check_is_tested(void **state)
{
	const struct check_def *d;
	size_t judged_rows = 0;
	(void)state;

	for (size_t i = 0; (d = check_def_at(i)); i++) {
		bool found = false;
		if (!d->judge)
			continue;
		judged_rows++;
		for (size_t k = 0; k < ARRAY_SIZE(tested) && !found; k++)
			found = !strcmp(tested[k], d->name);
		if (!found)
			fail_msg("check %s has a judge but no unit test here", d->name);
	}
	assert_int_equal(judged_rows, ARRAY_SIZE(tested));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(workloads_started),
		cmocka_unit_test(workloads_errors),
		cmocka_unit_test(workloads_worked),
		cmocka_unit_test(oom_kills),
		cmocka_unit_test(oom_victim),
		cmocka_unit_test(oom_group),
		cmocka_unit_test(oom_survives),
		cmocka_unit_test(oom_victim_exit),
		cmocka_unit_test(memcg_high_throttles),
		cmocka_unit_test(memcg_max_held),
		cmocka_unit_test(memcg_peak),
		cmocka_unit_test(memcg_swap_max_held),
		cmocka_unit_test(memcg_swap_peak),
		cmocka_unit_test(memcg_protected),
		cmocka_unit_test(hang_none),
		cmocka_unit_test(hang_detected),
		cmocka_unit_test(kernel_no_oops),
		cmocka_unit_test(kernel_no_warnings),
		cmocka_unit_test(kernel_no_lockdep),
		cmocka_unit_test(kernel_no_new_taint),
		cmocka_unit_test(kernel_log),
		cmocka_unit_test(kernel_trace),
		cmocka_unit_test(tasks_unkillable),
		cmocka_unit_test(fs_no_errors),
		cmocka_unit_test(fs_fsck),
		cmocka_unit_test(fs_fsck_repairable),
		cmocka_unit_test(fs_no_lost_data),
		cmocka_unit_test(fault_injected),
		cmocka_unit_test(fault_fs_frames),
		cmocka_unit_test(fault_fired),
		cmocka_unit_test(fault_sweep),
		cmocka_unit_test(fault_witnessed),
		cmocka_unit_test(alloc_nofs_failures),
		cmocka_unit_test(alloc_failures),
		cmocka_unit_test(alloc_real_failures),
		cmocka_unit_test(alloc_stall_max),
		cmocka_unit_test(alloc_nofs_stall_max),
		cmocka_unit_test(alloc_nofail_stall_max),
		cmocka_unit_test(kernel_no_leaks),
		cmocka_unit_test(kernel_no_page_leaks),
		cmocka_unit_test(every_judged_check_is_tested),
	};
	int rc = RUN(tests);

	verdict_free(&verdict);
	return rc;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The stall watchdog, faster than the kernel's hung-task detector and
 * telling why. Each tick it measures every running workload's progress —
 * the heartbeat counter of built-in engines, else the CPU time and I/O
 * system calls of all its processes — and notes which of its tasks sit in
 * D state. A workload with no progress for `stall` is a hang: memstress
 * captures each blocked task's wchan and kernel stack and the function it is
 * blocked in, asks the kernel for sysrq-w (and sysrq-d with lockdep), then
 * recovers — thaws a frozen filesystem, kills the workloads — and ends the
 * run. Tasks that survive SIGKILL are reported as unkillable by the stop.
 * The kernel's own hung-task reports arrive through the console oracle.
 */
#include <dirent.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "core/log.h"
#include "kernel/blockdev.h"
#include "kernel/knob.h"
#include "run_int.h"

int watchdog_setup(struct run *r)
{
	const struct sc_watchdog *w = &r->s->watchdog;
	int k;

	r->watch.stalls = json_object_new_array();
	json_object_object_add(result_obj(r->res->root, "watchdog"), "stalls", r->watch.stalls);
	r->facts.stalls_ev = r->watch.stalls;
	json_object_object_add(result_obj(r->res->root, "watchdog"), "threshold_s",
			       json_object_new_double((double)w->stall_ms / 1000.0));
	if (w->hung_task_timeout > 0 && r->m.hung_task) {
		k = knob_setf(r->undo, "/proc/sys/kernel/hung_task_timeout_secs", "%lld",
			      (long long)w->hung_task_timeout);
		if (k < 0)
			return log_error_errno(k, "cannot set hung_task_timeout_secs: %m");
	}
	return 0;
}

/* utime+stime (clock ticks) and read/write syscalls of one process. */
static uint64_t proc_progress(pid_t pid)
{
	char p[64];
	_cleanup_free_ char *stat = NULL, *io = NULL;
	uint64_t v = 0;

	snprintf(p, sizeof(p), "/proc/%d/stat", (int)pid);
	if (read_full_file(p, 4096, &stat, NULL) == 0) {
		char *s = strrchr(stat, ')');
		unsigned long ut = 0, st = 0;
		if (s && sscanf(s + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut,
				&st) == 2)
			v += ut + st;
	}
	snprintf(p, sizeof(p), "/proc/%d/io", (int)pid);
	if (read_full_file(p, 4096, &io, NULL) == 0) {
		char *a = strstr(io, "syscr: "), *b = strstr(io, "syscw: ");
		if (a)
			v += strtoull(a + 7, NULL, 10);
		if (b)
			v += strtoull(b + 7, NULL, 10);
	}
	return v;
}

static uint64_t workload_progress(struct run *r, struct run_wl *w)
{
	uint64_t v = 0;
	pid_t pids[1024];

	if (w->e->progress_unit && progress_read(w->progress_path, "ops", &v) == 0)
		return v;
	int n = w->leaf ? cg_pids(w->leaf->cg->path, pids, 1024) : 0;
	for (int i = 0; i < n && i < 1024; i++)
		v += proc_progress(pids[i]);
	(void)r;
	return v;
}

static const char *const sched[] = { "__schedule", "schedule", "io_schedule", "preempt_schedule",
				     NULL };

/* First frame of /proc/PID/stack that is not the scheduler. */
static void blocked_in(const char *stack, char *buf, size_t len)
{
	buf[0] = 0;
	for (const char *l = stack; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *fn = strchr(l, ']');
		if (!fn)
			continue;
		fn += 2;
		size_t n = strcspn(fn, "+\n");
		bool skip = false;
		for (const char *const *s = sched; *s; s++)
			skip |= !strncmp(fn, *s, strlen(*s));
		if (skip)
			continue;
		snprintf(buf, len, "%.*s", (int)n, fn);
		return;
	}
}

/* Tasks (threads) of pid with where they are blocked: D state only, or all. */
static unsigned tasks_of(pid_t pid, bool all, json_object *out, char *first, size_t flen)
{
	char p[128];
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *e;
	unsigned n = 0;

	snprintf(p, sizeof(p), "/proc/%d/task", (int)pid);
	d = opendir(p);
	while (d && (e = readdir(d))) {
		_cleanup_free_ char *stat = NULL, *wchan = NULL, *stack = NULL, *comm = NULL;
		char in[128];
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/proc/%d/task/%s/stat", (int)pid, e->d_name);
		if (read_full_file(p, 4096, &stat, NULL) < 0)
			continue;
		char *s = strrchr(stat, ')');
		if (!s || (!all && s[2] != 'D'))
			continue;
		char state[2] = { s[2], 0 };
		snprintf(p, sizeof(p), "/proc/%d/task/%s/wchan", (int)pid, e->d_name);
		(void)read_one_line(p, &wchan);
		snprintf(p, sizeof(p), "/proc/%d/task/%s/stack", (int)pid, e->d_name);
		(void)read_full_file(p, 16384, &stack, NULL);
		snprintf(p, sizeof(p), "/proc/%d/task/%s/comm", (int)pid, e->d_name);
		(void)read_one_line(p, &comm);
		blocked_in(stack, in, sizeof(in));
		if (!in[0] && wchan)
			snprintf(in, sizeof(in), "%s", wchan);
		json_object *t = json_object_new_object();
		json_object_object_add(t, "pid", json_object_new_int(atoi(e->d_name)));
		json_object_object_add(t, "comm", json_object_new_string(comm ? comm : "?"));
		json_object_object_add(t, "state", json_object_new_string(state));
		json_object_object_add(t, "wchan", json_object_new_string(wchan ? wchan : ""));
		json_object_object_add(t, "blocked_in", json_object_new_string(in));
		if (stack)
			json_object_object_add(t, "stack", json_object_new_string(stack));
		if (json_object_array_length(out) < 64)
			json_object_array_add(out, t);
		else
			json_object_put(t);
		/* name a task in D first: it is the one that explains a stall */
		if (!first[0] || (state[0] == 'D' && !strstr(first, "state D")))
			snprintf(first, flen, "%s (pid %s, state %s) in %s", comm ? comm : "?",
				 e->d_name, state, in[0] ? in : "?");
		n += state[0] == 'D';
	}
	return n;
}

static void all_blocked(json_object *tasks, char *first, size_t flen)
{
	_cleanup_closedir_ DIR *d = opendir("/proc");
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			tasks_of((pid_t)atoi(e->d_name), false, tasks, first, flen);
}

static void sysrq(struct run *r, char c)
{
	char s[2] = { c, 0 };

	if (r->m.sysrq)
		(void)write_string("/proc/sysrq-trigger", s);
}

static void recover(struct run *r, json_object *stall)
{
	json_object *actions = json_object_new_array();

	if (r->watch.frozen) {
		int k = fs_thaw(r->fs.mnt);
		json_object_array_add(actions,
				      json_object_new_string(k < 0 ? "thaw failed" :
								     "thawed the filesystem"));
		if (k >= 0) {
			r->watch.frozen = false;
			log_notice("watchdog: thawed %s", r->fs.mnt);
		}
	}
	for (size_t i = 0; i < r->work.n_wl; i++) {
		struct run_wl *w = &r->work.wl[i];
		pid_t pids[1024];
		int n = w->leaf ? cg_pids(w->leaf->cg->path, pids, 1024) : 0;
		for (int k = 0; k < n && k < 1024; k++)
			kill(pids[k], SIGKILL);
		if (!w->stopping) {
			w->stopping = true;
			w->sigkilled_before_stop = w->sigkilled;
		}
	}
	json_object_array_add(actions, json_object_new_string("killed the workloads"));
	json_object_object_add(stall, "recovery", actions);
	r->clock.end_ms = r->clock.now_ms; /* the run ends here */
}

static void stall_detected(struct run *r, struct run_wl *w, uint64_t idle_ms)
{
	const struct sc_watchdog *wd = &r->s->watchdog;
	json_object *stall = json_object_new_object(), *tasks = json_object_new_array();
	char first[256] = "", sum[512];
	pid_t pids[1024];
	unsigned blocked = 0;

	/* every task of the workload, whatever its state: a task stuck in S (a
	 * futex, a pipe) explains a stall as well as one in D */
	int n = w->leaf ? cg_pids(w->leaf->cg->path, pids, 1024) : 0;
	for (int i = 0; i < n && i < 1024; i++)
		blocked += tasks_of(pids[i], true, tasks, first, sizeof(first));
	if (wd->scan == SCAN_ALL)
		all_blocked(tasks, first, sizeof(first));
	snprintf(sum, sizeof(sum), "[workload.%s] no progress for %.1fs; %s%s", w->w->name,
		 (double)idle_ms / 1000.0, first[0] ? first : "no task left in its cgroup",
		 blocked ? "" : " (none in D state)");
	json_object_object_add(stall, "workload", json_object_new_string(w->w->name));
	json_object_object_add(stall, "detected_at_s",
			       json_object_new_double((double)run_elapsed(r) / 1000.0));
	json_object_object_add(stall, "no_progress_s",
			       json_object_new_double((double)idle_ms / 1000.0));
	json_object_object_add(stall, "blocked_tasks", tasks);
	json_object_object_add(stall, "summary", json_object_new_string(sum));
	if (r->watch.frozen)
		json_object_object_add(
			stall, "frozen_for_s",
			json_object_new_double((double)(run_elapsed(r) - r->watch.freeze_ms) /
					       1000.0));
	for (size_t i = 0; i < r->cgroups.n; i++)
		if (r->cgroups.node[i].spec && !*r->cgroups.node[i].spec->name &&
		    r->cgroups.node[i].last.has_psi)
			json_object_object_add(
				stall, "psi_full_avg10",
				json_object_new_double(r->cgroups.node[i].last.psi_full10));
	status_clear();
	log_warning("watchdog: %s", sum);
	if (wd->sysrq) {
		run_log_kmsg_marker(r, "watchdog stall: sysrq-w");
		sysrq(r, 'w');
		if (r->m.lockdep)
			sysrq(r, 'd');
		json_object_object_add(stall, "sysrq", json_object_new_boolean(r->m.sysrq));
	}
	json_object_array_add(r->watch.stalls, stall);
	if (!r->facts.stalls++)
		snprintf(r->facts.first_stall, sizeof(r->facts.first_stall), "%s", sum);
	r->watch.hang_seen = true;
	(void)blocked;
	if (wd->recover)
		recover(r, stall);
}

void watchdog_tick(struct run *r)
{
	const struct sc_watchdog *wd = &r->s->watchdog;

	if (!wd->enabled || r->watch.hang_seen)
		return;
	for (size_t i = 0; i < r->work.n_wl; i++) {
		struct run_wl *w = &r->work.wl[i];
		if (!w->started || w->exited || w->stopping)
			continue;
		uint64_t p = workload_progress(r, w);
		if (p != w->progress || !w->progress_ms) {
			w->progress = p;
			w->progress_ms = r->clock.now_ms;
			continue;
		}
		uint64_t idle = r->clock.now_ms - w->progress_ms;
		if (idle >= wd->stall_ms) {
			stall_detected(r, w, idle);
			return;
		}
	}
}

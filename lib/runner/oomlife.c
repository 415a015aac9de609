// SPDX-License-Identifier: GPL-2.0
/*
 * Each OOM victim's life: the kill (the kernel's "Killed process", noticed
 * by the console oracle the moment it is printed), the reap (the OOM
 * reaper's "reaped process", or "unable to reap"), and the exit (the process
 * events connector, or waitpid). A victim not gone within [expect]
 * oom_victim_exit (10 s unless the scenario says) is stuck: the OOM killer
 * will choose no other victim while one is pending, so whatever waits for
 * memory waits for it (the LWN 627419 deadlock). While it is stuck memstress
 * reads where it is (/proc/PID/stat, wchan, stack), asks the kernel for the
 * blocked tasks (sysrq-w, and sysrq-d for the locks each holds on a lockdep
 * kernel) when the scenario lets the watchdog use sysrq, and notes whether
 * the memory cgroup's OOM killer keeps being invoked without killing.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/array.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/log.h"
#include "oomlife.h"
#include "report/writers.h"
#include "run_int.h"

#define DEFAULT_EXIT_LIMIT_MS 10000

struct victim {
	long pid;
	int wl;
	double kill_ts, reap_ts; /* kernel time, < 0 unknown */
	uint64_t kill_ms;	 /* CLOCK_MONOTONIC, from the kernel's time of the kill */
	uint64_t seen_ms;	 /* CLOCK_MONOTONIC, when memstress read the kill */
	uint64_t exit_ms;	 /* 0: not seen */
	bool reaped, unreaped, stuck, exit_unseen;
	json_object *evidence;
	uint64_t oom_at_kill, oom_kill_at_kill; /* the memcg's counters */
};

struct oomlife {
	struct victim *v;
	size_t n, cap;
};

static uint64_t exit_limit(const struct run *r)
{
	const struct bound *l = &r->s->expect.oom_victim_exit;

	return l->set ? l->v : DEFAULT_EXIT_LIMIT_MS;
}

static struct oomlife *life(struct run *r)
{
	if (!r->life)
		r->life = calloc(1, sizeof(*r->life));
	return r->life;
}

static struct victim *find(struct oomlife *l, long pid)
{
	for (size_t i = l->n; l && i-- > 0;)
		if (l->v[i].pid == pid)
			return &l->v[i];
	return NULL;
}

bool oomlife_was_victim(const struct run *r, long pid, double ts)
{
	const struct victim *x = r->life && pid > 0 ? find(r->life, pid) : NULL;

	/* the console line may be stamped a little after the kill itself */
	return x && (x->kill_ts < 0 || x->kill_ts <= ts + 0.5);
}

static const struct run_cg *top_cg(const struct run *r)
{
	return r->cgroups.n ? &r->cgroups.node[0] : NULL;
}

void oomlife_notice(struct run *r, enum oracle_notice what, long pid, double ts)
{
	struct oomlife *l = life(r);
	struct victim *x;

	if (!l || pid <= 0)
		return;
	x = find(l, pid);
	if (what == ORACLE_OOM_KILL) {
		if (x && !x->exit_ms)
			return; /* the same kill, reported twice (oom.group) */
		if (ARRAY_GROW(l->v, l->n + 1, l->cap, 16) < 0)
			return;
		x = &l->v[l->n++];
		memset(x, 0, sizeof(*x));
		x->pid = pid;
		x->wl = workload_of_pid(r, (pid_t)pid);
		x->kill_ts = ts;
		x->reap_ts = -1;
		x->kill_ms = x->seen_ms = mono_ms();
		uint64_t printed = run_kernel_to_mono(r, ts);
		if (printed) /* the kill happened when printed, not read */
			x->kill_ms = printed;
		if (top_cg(r) && top_cg(r)->sampled) {
			x->oom_at_kill = top_cg(r)->last.ev_oom;
			x->oom_kill_at_kill = top_cg(r)->last.ev_oom_kill;
		}
		/* its exit may have been read before the line that tells the kill */
		const struct run_proc *p = run_proc_find(r, (pid_t)pid);
		if (p && p->exited)
			x->exit_ms = p->exit_ms > x->kill_ms ? p->exit_ms : x->kill_ms;
		return;
	}
	if (!x)
		return;
	x->reap_ts = ts;
	x->reaped = what == ORACLE_OOM_REAPED;
	x->unreaped = what == ORACLE_OOM_UNREAPED;
}

void oomlife_exit(struct run *r, pid_t pid, uint64_t at_ms)
{
	struct victim *x = r->life ? find(r->life, pid) : NULL;

	if (x && !x->exit_ms)
		x->exit_ms = at_ms ? at_ms : mono_ms();
}

static json_object *proc_state(long pid)
{
	json_object *o = json_object_new_object();
	char p[64];
	_cleanup_free_ char *stat = NULL, *wchan = NULL, *stack = NULL, *comm = NULL;

	snprintf(p, sizeof(p), "/proc/%ld/stat", pid);
	if (read_one_line(p, &stat) == 0) {
		const char *rp = strrchr(stat, ')');
		if (rp && rp[1] == ' ')
			json_object_object_add(o, "state", json_object_new_string_len(rp + 2, 1));
	}
	snprintf(p, sizeof(p), "/proc/%ld/comm", pid);
	if (read_one_line(p, &comm) == 0)
		json_object_object_add(o, "comm", json_object_new_string(comm));
	snprintf(p, sizeof(p), "/proc/%ld/wchan", pid);
	if (read_one_line(p, &wchan) == 0)
		json_object_object_add(o, "wchan", json_object_new_string(wchan));
	snprintf(p, sizeof(p), "/proc/%ld/stack", pid);
	if (read_full_file(p, 8192, &stack, NULL) == 0)
		json_object_object_add(o, "stack", json_object_new_string(stack));
	return o; /* a task gone meanwhile: whatever could be read, no error */
}

/* Frames of a task waiting for a lock (or for anything): not where it is. */
static bool waiting_frame(const char *f)
{
	static const char *const w[] = { "schedule",
					 "__schedule",
					 "io_schedule",
					 "rwsem_down",
					 "down_",
					 "__down",
					 "mutex_lock",
					 "__mutex_lock",
					 "mutex_lock_nested",
					 "rt_mutex",
					 "percpu_down",
					 "__percpu_down",
					 "lock_acquire",
					 "__lock_acquire",
					 "schedule_timeout",
					 "wait_for_completion",
					 "folio_wait",
					 "__folio_lock",
					 NULL };
	for (const char *const *p = w; *p; p++)
		if (!strncmp(f, *p, strlen(*p)))
			return true;
	return false;
}

static bool allocating_frame(const char *f)
{
	static const char *const a[] = { "try_charge",
					 "mem_cgroup_charge",
					 "__mem_cgroup_charge",
					 "charge_memcg",
					 "mem_cgroup_out_of_memory",
					 "out_of_memory",
					 "__alloc_pages",
					 "alloc_pages",
					 "try_to_free_mem_cgroup_pages",
					 "shrink_",
					 "do_try_to_free",
					 NULL };
	for (const char *const *p = a; *p; p++)
		if (!strncmp(f, *p, strlen(*p)))
			return true;
	return false;
}

/* "[<0>] shmem_file_write_iter+0x5d/0xd0" lines: the names, in order. */
static size_t frames_of(const char *stack, char names[][96], size_t max)
{
	size_t n = 0;

	for (const char *p = stack; p && *p && n < max;) {
		const char *e = strchr(p, '\n'), *f = strchr(p, ']');
		if (f && (!e || f < e)) {
			f++;
			while (*f == ' ')
				f++;
			size_t len = strcspn(f, "+ \n");
			snprintf(names[n++], 96, "%.*s", (int)len, f);
		}
		p = e ? e + 1 : NULL;
	}
	return n;
}

/*
 * Who the stuck victim and the OOM killer are waiting on. The victim's stack
 * says where it waits (the first frame past the scheduler and the lock
 * primitives: fdget_pos, an inode lock's caller, ...). Any other task of this
 * run that is allocating at that moment (charging its memory cgroup,
 * reclaiming, in the OOM killer) waits for the victim's memory, since the OOM
 * killer chooses no new victim while one is pending: the other half of the
 * deadlock, and, when it took the lock the victim waits for before it began
 * to allocate, its holder. Each such task is named with its stack.
 */
static void holder(struct run *r, struct victim *x)
{
	const char *stack = jstr(jget(x->evidence, "victim"), "stack");
	char vf[32][96];
	size_t nv = frames_of(stack, vf, 32);
	pid_t pids[1024];
	json_object *alloc = json_object_new_array();

	for (size_t i = 0; i < nv; i++)
		if (!waiting_frame(vf[i])) {
			json_object_object_add(x->evidence, "waits_in",
					       json_object_new_string(vf[i]));
			break;
		}
	for (size_t w = 0; w < r->work.n_wl; w++) {
		int n = r->work.wl[w].leaf ? cg_pids(r->work.wl[w].leaf->cg->path, pids, 1024) : 0;
		for (int k = 0; k < n && k < 1024; k++) {
			char p[64], tf[32][96];
			_cleanup_free_ char *st = NULL;
			const char *in = NULL;
			if (pids[k] == x->pid)
				continue;
			snprintf(p, sizeof(p), "/proc/%d/stack", (int)pids[k]);
			/* a task on a CPU shows no stack: look again, a little later */
			size_t nt = 0;
			for (int tries = 0; tries < 100 && !nt; tries++) {
				free(st);
				st = NULL;
				if (read_full_file(p, 8192, &st, NULL) < 0)
					break;
				nt = frames_of(st, tf, 32);
				if (!nt) {
					struct timespec ts = { 0, 5 * 1000000 };
					nanosleep(&ts, NULL);
				}
			}
			for (size_t q = nt;
			     q-- > 0;) /* the outermost: try_charge_memcg, not shrink_node */
				if (allocating_frame(tf[q]) && !in)
					in = tf[q];
			if (!in || json_object_array_length(alloc) >= 8)
				continue;
			json_object *t = json_object_new_object();
			json_object_object_add(t, "pid", json_object_new_int(pids[k]));
			json_object_object_add(t, "workload",
					       json_object_new_string(r->work.wl[w].w->name));
			json_object_object_add(t, "allocating_in", json_object_new_string(in));
			json_object_object_add(t, "stack", json_object_new_string(st));
			json_object_array_add(alloc, t);
			if (!jget(x->evidence, "holder")) {
				char why[300];
				snprintf(
					why, sizeof(why),
					"pid %d of workload %s is allocating (%s) and waits for the "
					"victim's memory",
					(int)pids[k], r->work.wl[w].w->name, in);
				json_object_object_add(x->evidence, "holder",
						       json_object_new_string(why));
			}
		}
	}
	json_object_object_add(x->evidence, "allocating_tasks", alloc);
}

/* A victim is stuck: what it does, what else is blocked, what the OOM killer does. */
static void stuck(struct run *r, struct victim *x)
{
	json_object *e = json_object_new_object();
	const struct run_cg *t = top_cg(r);

	x->stuck = true;
	json_object_object_add(e, "victim", proc_state(x->pid));
	if (t && t->sampled) {
		json_object *oc = json_object_new_object();
		json_object_object_add(
			oc, "oom_invocations_since_kill",
			json_object_new_int64((int64_t)(t->last.ev_oom - x->oom_at_kill)));
		json_object_object_add(oc, "oom_kills_since_kill",
				       json_object_new_int64((int64_t)(t->last.ev_oom_kill -
								       x->oom_kill_at_kill)));
		json_object_object_add(e, "memcg", oc);
	}
	if (r->s->watchdog.sysrq && r->m.sysrq) {
		/* the blocked tasks, and on a lockdep kernel the locks each holds: the
		 * console oracle turns both into events of this run */
		run_log_kmsg_marker(r, "OOM victim stuck: sysrq-w");
		(void)write_string("/proc/sysrq-trigger", "w");
		if (r->m.lockdep) {
			run_log_kmsg_marker(r, "OOM victim stuck: sysrq-d");
			(void)write_string("/proc/sysrq-trigger", "d");
		}
		json_object_object_add(e, "sysrq",
				       json_object_new_string(r->m.lockdep ? "w d" : "w"));
	}
	x->evidence = e;
	holder(r, x);
	json_object *v = jget(e, "victim");
	log_warning("OOM victim %ld (%s) not gone %.1fs after the kill: state %s in %s", x->pid,
		    x->wl >= 0 ? r->work.wl[x->wl].w->name : jstr(v, "comm"),
		    (double)(mono_ms() - x->seen_ms) / 1000.0, jstr(v, "state"), jstr(v, "wchan"));
}

void oomlife_tick(struct run *r)
{
	struct oomlife *l = r->life;
	uint64_t now = mono_ms(), limit = exit_limit(r);

	for (size_t i = 0; l && i < l->n; i++) {
		struct victim *x = &l->v[i];
		/* from when the kill was read, on our own clock: the kernel's
		 * time of the kill, put on ours, was once later than now (the
		 * offset was taken when the start marker was read back, not
		 * written), and the unsigned difference made a victim "stuck"
		 * 40 ms after its kill in a vanilla run */
		if (x->exit_ms || x->stuck || now < x->seen_ms + limit)
			continue;
		char p[64];
		snprintf(p, sizeof(p), "/proc/%ld", x->pid);
		if (!path_exists(p)) { /* gone, and its exit went unseen: when is unknown */
			x->exit_ms = now;
			x->exit_unseen = true;
			continue;
		}
		stuck(r, x);
	}
}

static double ms_or(double v)
{
	return v < 0 ? -1 : v;
}

static const char *evidence_str(json_object *o, const char *key)
{
	json_object *x;

	return json_object_object_get_ex(o, key, &x) ? json_object_get_string(x) : "";
}

/* oom.victim_exit's facts: the first victim stuck or whose exit was never
 * seen, or the figures of them all. */
static void life_facts(struct run *r, json_object *list, double max_exit, double max_reap)
{
	struct oom_life_facts *f = &r->facts.life;
	const struct oomlife *l = r->life;

	f->victims = l->n;
	f->exit_limit_ms = (double)exit_limit(r);
	f->kill_to_exit_max_ms = max_exit;
	f->kill_to_reap_max_ms = max_reap;
	f->evidence = list;
	for (size_t i = 0; i < l->n; i++) {
		const struct victim *x = &l->v[i];
		if (!x->stuck && x->exit_ms)
			continue;
		json_object *v = NULL;
		json_object_object_get_ex(x->evidence, "victim", &v);
		f->found = true;
		f->stuck = x->stuck;
		f->pid = x->pid;
		f->name = x->wl >= 0 ? r->work.wl[x->wl].w->name : evidence_str(v, "comm");
		f->state = evidence_str(v, "state");
		f->wchan = evidence_str(v, "wchan");
		f->reaper = x->reaped ? "reaped" : x->unreaped ? "unable to reap" : "never ran";
		f->holder = json_object_object_get_ex(x->evidence, "holder", NULL) ?
				    evidence_str(x->evidence, "holder") :
				    NULL;
		return;
	}
}

void oomlife_record(struct run *r)
{
	struct oomlife *l = r->life;
	json_object *o, *list;
	double max_exit = -1, max_reap = -1;
	unsigned stuck_n = 0, exited = 0;

	if (!l || !l->n)
		return;
	o = result_obj(r->res->root, "oom_victims");
	list = json_object_new_array();
	for (size_t i = 0; i < l->n; i++) {
		struct victim *x = &l->v[i];
		json_object *v = json_object_new_object();
		double exit_ms = x->exit_ms ? fmax(0, (double)x->exit_ms - (double)x->kill_ms) : -1;
		double reap_ms = x->reap_ts >= 0 && x->kill_ts >= 0 ?
					 (x->reap_ts - x->kill_ts) * 1000.0 :
					 -1;
		json_object_object_add(v, "pid", json_object_new_int64(x->pid));
		if (x->wl >= 0)
			json_object_object_add(v, "workload",
					       json_object_new_string(r->work.wl[x->wl].w->name));
		json_object_object_add(
			v, "kill_run_time",
			json_object_new_double(((double)x->kill_ms - (double)r->clock.t0_ms) /
					       1000.0));
		json_object_object_add(v, "reaped",
				       json_object_new_string(x->reaped	  ? "yes" :
							      x->unreaped ? "unable" :
									    "no report"));
		json_object_object_add(v, "kill_to_reap_ms",
				       json_object_new_double(ms_or(reap_ms)));
		json_object_object_add(v, "kill_to_exit_ms",
				       json_object_new_double(x->exit_unseen ? -1 :
									       ms_or(exit_ms)));
		if (x->stuck) {
			json_object_object_add(v, "stuck", json_object_get(x->evidence));
			stuck_n++;
		}
		json_object_array_add(list, v);
		exited += x->exit_ms != 0;
		if (exit_ms > max_exit && !x->exit_unseen)
			max_exit = exit_ms;
		if (reap_ms > max_reap)
			max_reap = reap_ms;
	}
	json_object_object_add(o, "kills", json_object_new_int((int)l->n));
	json_object_object_add(o, "exited", json_object_new_int((int)exited));
	json_object_object_add(o, "stuck", json_object_new_int((int)stuck_n));
	json_object_object_add(o, "kill_to_exit_max_ms", json_object_new_double(max_exit));
	json_object_object_add(o, "kill_to_reap_max_ms", json_object_new_double(max_reap));
	json_object_object_add(o, "exit_limit_ms", json_object_new_int64((int64_t)exit_limit(r)));
	life_facts(r, list, max_exit, max_reap);
	json_object_object_add(o, "victims", list);
}

void oomlife_free(struct run *r)
{
	if (!r->life)
		return;
	for (size_t i = 0; i < r->life->n; i++)
		json_object_put(r->life->v[i].evidence);
	free(r->life->v);
	free(r->life);
	r->life = NULL;
}

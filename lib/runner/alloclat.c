// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation latency from probes, histogram triggers and synthetic events
 * (see alloclat.h).
 */
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloclat.h"
#include "core/array.h"
#include "core/clock.h"
#include "core/fileio.h"
#include "core/scope.h"
#include "core/undo.h"
#include "kernel/kallsyms.h"
#include "kernel/tracefs.h"
#include "oracle/trace.h"

#define ALAT_KEEP 10	    /* slowest allocations kept with their stacks */
#define ALAT_MAXACTIVE 1024 /* tasks inside a timed function at once */
/* Tasks the pairing histograms hold: an entry per task that ever entered,
 * never freed, so a task past them is not timed (counted: "unpaired").
 * The kernel allocates every entry when the trigger is set, holding its
 * event mutex: 2048 took 48-68 ms a histogram under TCG, six of them most
 * of the probes' 0.42 s of set-up (ci/bench/boot.sh). The shipped
 * scenarios' runs used 3 to 48 in the guest (result.json
 * alloc_latency.tasks: default 25, ext4-dbench 21, nofs-global-oom 48,
 * its OOM victims and kernel threads included; make test's 77 runs with
 * the probes, 43 at most): 1024 is twenty times that. */
#define ALAT_TASKS_N 1024
#define ALAT_TASKS "1024"
/* Entries of a path's distribution (flags by log2 bucket of latency): the
 * shipped scenarios' runs used at most 148 (nofs-global-oom's page path);
 * past it an allocation is counted as dropped, not timed. */
#define ALAT_DIST "1024"
#define ALAT_WAITS 64		/* __GFP_NOFAIL allocations in the allocator at once */
#define ALAT_WAIT_SAMPLE_MS 200 /* one waiting this long: its stack is read */
#define ALAT_WAIT_KEEP 20	/* long __GFP_NOFAIL waits kept */
#define ALAT_BUCKETS 48		/* log2 buckets of microseconds */
/* A pairing of an hour or more cannot be an allocation of a run (a stall
 * that long is a hang, which the hung-task checks judge): it is a timestamp
 * taken across a reset of the pairing instance's buffer, which every
 * histogram trigger on common_timestamp makes as it is set
 * (tracing_set_clock), while allocations go on beside the arming. Seen once
 * in 5 vanilla memcg-oom-group runs: 2^63 us, the runner's own allocation
 * while the triggers were being set. Counted apart, never a latency. */
#define ALAT_IMPOSSIBLE_LOG2 33 /* a log2 bucket from 2^32 us, 72 minutes */
#define ALAT_IMPOSSIBLE_MS (3600.0 * 1000)
#define ALAT_CLASSES ((GFP_CLASS_NOWAIT + 1) * 2) /* a class, with or without NOFAIL */

/* The paths timed: entry to return, where an allocation can wait for
 * memory. gfp and n are the entry probe's fetch arguments.
 *   page    the page allocator's slow path: entered when the free lists
 *           could not give the pages at once;
 *   slab    a new slab for a cache, from the page allocator: where a slab
 *           allocation waits for memory (not ___slab_alloc, SLUB's "slow
 *           path" by name, which is entered whenever a CPU's free list runs
 *           dry, 5,000 times a second under fstx in a TCG guest, 130 times
 *           as often); it has the cache, not the object's size;
 *   charge  a memory cgroup's charge: on 6.12 every charge enters it (the
 *           per-CPU stock is taken inside), and it waits there for memcg
 *           reclaim, or for the OOM killer. */
static const struct alat_path {
	const char *name; /* the result's key and the synthetic event's suffix */
	const char *func;
	const char *args;
	const char *ret_args; /* the flags again at the return ($argN there: 6.10+) */
	const char *n_is;     /* what n is; NULL: nothing (an immediate 0) */
} paths[] = {
	{ "page", "__alloc_pages_slowpath", "gfp=$arg1:u32 n=$arg2:u32", "gfp=$arg1:u32", "order" },
	{ "slab", "allocate_slab", "gfp=$arg2:u32 n=\\0:u32", "gfp=$arg2:u32", NULL },
	{ "charge", "try_charge_memcg", "gfp=$arg2:u32 n=$arg3:u32", "gfp=$arg2:u32", "pages" },
};
#define N_PATHS ARRAY_SIZE(paths)

struct alat_class {
	unsigned long long bucket[ALAT_BUCKETS]; /* bucket k: (2^(k-1), 2^k] us */
	unsigned long long count;
	double *slow; /* exact, ms: the allocations at or above ALAT_SLOW_MS */
	size_t n_slow, cap_slow;
};

/* A __GFP_NOFAIL allocation inside the allocator (entered, not returned). */
struct alat_wait {
	int tid, wl, path;
	double t0, ms; /* ms: when it ended (or the run did) */
	bool unfinished;
	char comm[20], gfp[160];
	long long n;
	char *stack; /* /proc/TID/stack, read while it waited */
};

/* Arming: the triggers' writes, on a thread of their own (alloclat.h). */
enum arm_kind { ARM_TRIGGER, ARM_EVENT, ARM_LIVE };
struct arm_step {
	enum arm_kind kind;
	bool pair; /* in the pairing instance (alloclat.h) */
	int path;
	char ev[128];
	char filter[64];
	char spec[600];
};
struct alat_arming {
	const struct tracefs *t, *pair;
	struct tracefs pair_fs; /* the pairing's instance */
	struct undo *u;		/* the run's journal: read on the run's thread only */
	size_t pair_entry;	/* the instance's record in it */
	bool pair_made, pair_cancelled;
	struct arm_step step[N_PATHS * 6];
	size_t n;
	pthread_t th;
	bool started, joined;
	atomic_bool done;
	/* the thread's, read once it is done */
	int err;
	char why[256];
	bool live_ok[N_PATHS];
	uint64_t done_ms;
};

struct alloclat {
	char group[32];
	bool on[N_PATHS];   /* defined (the symbol exists) */
	bool live[N_PATHS]; /* the return probe has the flags: NOFAIL waits seen live */
	struct alat_wait open[ALAT_WAITS];
	size_t n_open;
	struct alat_wait waits[ALAT_WAIT_KEEP]; /* the longest that ended */
	size_t n_waits;
	unsigned long long n_nofail_entries;
	char sym[N_PATHS][96]; /* the symbol probed */
	char synth[N_PATHS][64];
	struct alat_class cls[N_PATHS][ALAT_CLASSES];
	unsigned long long dropped[N_PATHS];
	unsigned long long unpaired[N_PATHS];	/* entries or returns the pairing dropped */
	unsigned long long tasks[N_PATHS];	/* tasks the pairing histograms hold at the end */
	unsigned long long impossible[N_PATHS]; /* pairings of an hour or more */
	struct alat_slow slowest[ALAT_KEEP];
	size_t n_slowest;
	unsigned long long n_slow;
	bool collected;
	struct alat_arming arm;
};

static int class_index(enum gfp_class c, bool nofail)
{
	return (int)c * 2 + (nofail ? 1 : 0);
}

static void class_label(int i, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s", gfp_class_name((enum gfp_class)(i / 2)), i % 2 ? "|NOFAIL" : "");
}

const char *alloclat_path_name(int path)
{
	return path >= 0 && (size_t)path < N_PATHS ? paths[path].name : "?";
}

struct alloclat *alloclat_new(const char *group)
{
	struct alloclat *a = calloc(1, sizeof(*a));

	if (!a)
		return NULL;
	snprintf(a->group, sizeof(a->group), "%s", group);
	for (size_t i = 0; i < N_PATHS; i++) {
		snprintf(a->synth[i], sizeof(a->synth[i]), "%s_%s", group, paths[i].name);
		a->on[i] = true;
	}
	return a;
}

struct alloclat *alloclat_define(const struct tracefs *t, const char *group, struct undo *u,
				 const char **why)
{
	_cleanup_(alloclat_freep) struct alloclat *a = alloclat_new(group);
	bool any = false;
	char def[400], name[128];
	int k;

	if (!a) {
		*why = "out of memory";
		return NULL;
	}
	if (!tracefs_has_probes(t)) {
		*why = "the kernel has no probe events (CONFIG_KPROBE_EVENTS)";
		return NULL;
	}
	bool resolved = false;
	for (size_t i = 0; i < N_PATHS; i++) {
		a->on[i] = false;
		/* the function's own name first; a clone's (".isra.0") only when
		 * the kernel has not that one: reading /proc/kallsyms for it costs
		 * a TCG guest 40 ms of the launch */
		if (!resolved)
			snprintf(a->sym[i], sizeof(a->sym[i]), "%s", paths[i].func);
		snprintf(name, sizeof(name), "%s_in", paths[i].name);
		for (;;) {
			snprintf(def, sizeof(def), "p:%s/%s %s %s", group, name, a->sym[i],
				 paths[i].args);
			k = a->sym[i][0] ? tracefs_probe(t, group, name, def, u) : -ENOENT;
			if (k >= 0 || resolved)
				break;
			const char *funcs[N_PATHS];
			for (size_t j = 0; j < N_PATHS; j++)
				funcs[j] = paths[j].func;
			char found[N_PATHS][96];
			(void)kallsyms_resolve(NULL, funcs, N_PATHS, found);
			resolved = true;
			for (size_t j = i; j < N_PATHS; j++)
				memcpy(a->sym[j], found[j], sizeof(found[j]));
		}
		if (k < 0)
			continue; /* inlined, or another allocator: that path is not timed */
		snprintf(name, sizeof(name), "%s_out", paths[i].name);
		/* r1024: as many tasks inside the function at once as that, not
		 * the default of twice the CPUs (the tasks past it return
		 * unseen, and those are the ones that wait longest) */
		snprintf(def, sizeof(def), "r%d:%s/%s %s %s", ALAT_MAXACTIVE, group, name,
			 a->sym[i], paths[i].ret_args);
		a->live[i] = (k = tracefs_probe(t, group, name, def, u)) == 0;
		if (k == -EINVAL) { /* before 6.10: no $argN at a return */
			snprintf(def, sizeof(def), "r%d:%s/%s %s", ALAT_MAXACTIVE, group, name,
				 a->sym[i]);
			k = tracefs_probe(t, group, name, def, u);
		}
		if (k < 0)
			continue;
		snprintf(name, sizeof(name), "synthetic/%s", a->synth[i]);
		/* the task is the event's own (common_pid): a pid_t field fed from
		 * common_pid is refused as a type mismatch on 6.12 */
		snprintf(def, sizeof(def), "s:%s u64 lat; u32 gfp; u32 n", a->synth[i]);
		k = tracefs_dynamic_event(t, name, def, u);
		if (k < 0) {
			*why = "the kernel has no synthetic events (CONFIG_SYNTH_EVENTS)";
			return NULL;
		}
		a->on[i] = any = true;
	}
	if (!any) {
		*why = "no allocator slow path to probe (__alloc_pages_slowpath, allocate_slab, "
		       "try_charge_memcg: not in /proc/kallsyms)";
		return NULL;
	}
	return TAKE_PTR(a);
}

/* __GFP_NOFAIL's bit, from the running kernel's own table; 0: unknown. */
static unsigned long long nofail_bit(const struct gfp_table *gt)
{
	for (size_t i = 0; gt && i < gt->n; i++)
		if (!strcmp(gt->e[i].name, "__GFP_NOFAIL"))
			return gt->e[i].value;
	return 0;
}

/* What arming writes, in order: built and journaled on the run's thread,
 * written on the arming thread. */
static int arm_add(struct alloclat *a, enum arm_kind kind, bool pair, int path, const char *ev,
		   const char *filter, const char *spec)
{
	struct arm_step *st;

	if (a->arm.n == ARRAY_SIZE(a->arm.step))
		return -E2BIG;
	st = &a->arm.step[a->arm.n++];
	st->kind = kind;
	st->pair = pair;
	st->path = path;
	snprintf(st->ev, sizeof(st->ev), "%s", ev);
	snprintf(st->filter, sizeof(st->filter), "%s", filter ?: "");
	snprintf(st->spec, sizeof(st->spec), "%s", spec ?: "");
	return 0;
}

static int arm_plan(struct alloclat *a, const struct gfp_table *gt)
{
	char ev[128], trig[600], cond[64];
	unsigned long long nofail = nofail_bit(gt);
	const char *g = a->group;
	int k = 0;

	snprintf(cond, sizeof(cond), "lat >= %d", ALAT_SLOW_MS * 1000);
	for (size_t i = 0; i < N_PATHS && k >= 0; i++) {
		const char *p = paths[i].name;
		if (!a->on[i])
			continue;
		/* entry: the time, the flags and the size, per task */
		snprintf(ev, sizeof(ev), "%s/%s_in", g, p);
		snprintf(trig, sizeof(trig),
			 "hist:keys=common_pid:size=" ALAT_TASKS
			 ":%s_t0=common_timestamp.usecs,%s_g=gfp,%s_n=n",
			 p, p, p);
		k = arm_add(a, ARM_TRIGGER, true, (int)i, ev, NULL, trig);
		/* return: the same task's entry makes the synthetic event */
		snprintf(ev, sizeof(ev), "%s/%s_out", g, p);
		snprintf(trig, sizeof(trig),
			 "hist:keys=common_pid:size=" ALAT_TASKS
			 ":%s_lat=common_timestamp.usecs-$%s_t0:"
			 "onmatch(%s.%s_in).trace(%s,$%s_lat,$%s_g,$%s_n)",
			 p, p, g, p, a->synth[i], p, p, p);
		if (k >= 0)
			k = arm_add(a, ARM_TRIGGER, true, (int)i, ev, NULL, trig);
		/* the distribution, kept in the kernel */
		snprintf(ev, sizeof(ev), "synthetic/%s", a->synth[i]);
		if (k >= 0)
			k = arm_add(a, ARM_TRIGGER, false, (int)i, ev, NULL,
				    "hist:keys=gfp.hex,lat.log2:vals=hitcount:size=" ALAT_DIST);
		/* the slow ones, to the pipe with their stacks */
		snprintf(trig, sizeof(trig), "stacktrace if %s", cond);
		if (k >= 0)
			k = arm_add(a, ARM_EVENT, false, (int)i, ev, cond, trig);
		/* __GFP_NOFAIL ones, in and out, to the pipe: seen while they wait */
		if (!nofail)
			a->live[i] = false;
		if (!a->live[i] || k < 0)
			continue;
		char f[64];
		snprintf(f, sizeof(f), "gfp & %llu", nofail);
		for (int out = 0; out < 2 && k >= 0; out++) {
			snprintf(ev, sizeof(ev), "%s/%s_%s", g, p, out ? "out" : "in");
			k = arm_add(a, ARM_LIVE, false, (int)i, ev, f, NULL);
		}
	}
	return k;
}

static void arm_steps(struct alloclat *a)
{
	struct alat_arming *m = &a->arm;

	for (size_t i = 0; i < N_PATHS; i++)
		m->live_ok[i] = a->live[i];
	if ((m->err = tracefs_instance_make(m->pair)) < 0)
		snprintf(m->why, sizeof(m->why), "cannot make the pairing's trace instance %s: %s",
			 m->pair->instance, strerror(-m->err));
	else {
		m->pair_made = true;
		/* it records nothing: the least buffer */
		(void)tracefs_write(m->pair, "buffer_size_kb", "4");
	}
	for (size_t i = 0; i < m->n && !m->err; i++) {
		const struct arm_step *st = &m->step[i];
		int k = 0;
		switch (st->kind) {
		case ARM_TRIGGER:
			k = tracefs_trigger_set(st->pair ? m->pair : m->t, st->ev, st->spec);
			break;
		case ARM_EVENT: k = tracefs_event(m->t, st->ev, st->filter, st->spec); break;
		case ARM_LIVE: /* without them the waits are judged when they end */
			if (tracefs_event(m->t, st->ev, st->filter, NULL) < 0)
				m->live_ok[st->path] = false;
			continue;
		}
		if (k < 0) {
			m->err = k;
			tracefs_last_error(st->pair ? m->pair : m->t, m->why, sizeof(m->why));
		}
	}
	m->done_ms = mono_ms();
	atomic_store_explicit(&m->done, true, memory_order_release);
}

static void *arm_thread(void *arg)
{
	arm_steps(arg);
	return NULL;
}

int alloclat_arm_start(struct alloclat *a, const struct tracefs *t, const char *pair,
		       const struct gfp_table *gt, struct undo *u)
{
	struct alat_arming *m = &a->arm;
	sigset_t all, old;
	int k;

	memset(m, 0, sizeof(*m));
	m->t = t;
	m->u = u;
	m->pair_fs = *t;
	m->pair = &m->pair_fs;
	if ((k = arm_plan(a, gt)) < 0)
		return k;
	/* the pairing's instance first: the undo removes it after its triggers */
	if ((k = tracefs_instance_journal(&m->pair_fs, pair, u)) < 0)
		return k;
	m->pair_entry = u->n - 1;
	/* journaled here, in the order they are set: the undo takes the
	 * pairing's return trigger (which refers to its entry's variables)
	 * before the entry's */
	for (size_t i = 0; i < m->n; i++)
		if (m->step[i].kind == ARM_TRIGGER &&
		    (k = tracefs_trigger_journal(m->step[i].pair ? m->pair : t, m->step[i].ev,
						 m->step[i].spec, u)) < 0)
			return k;
	/* the thread takes no signal: they are the run's */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	k = -pthread_create(&m->th, NULL, arm_thread, a);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (k < 0)
		arm_steps(a); /* no thread: here, as before */
	else
		m->started = true;
	return 0;
}

static void arm_join(struct alat_arming *m)
{
	if (m->started && !m->joined) {
		pthread_join(m->th, NULL);
		m->joined = true;
	}
}

int alloclat_arm_wait(struct alloclat *a, bool block, char *why, size_t len)
{
	struct alat_arming *m = &a->arm;

	if (!block && m->started && !atomic_load_explicit(&m->done, memory_order_acquire))
		return 1;
	arm_join(m);
	if (!atomic_load_explicit(&m->done, memory_order_acquire))
		return 0; /* never armed */
	if (!m->pair_made && !m->pair_cancelled) {
		/* not made: a directory of that name is not the run's */
		(void)undo_cancel(m->u, m->pair_entry);
		m->pair_cancelled = true;
	}
	for (size_t i = 0; i < N_PATHS; i++)
		a->live[i] = m->live_ok[i];
	if (why)
		snprintf(why, len, "%s", m->why);
	return m->err;
}

uint64_t alloclat_armed_ms(const struct alloclat *a)
{
	return a ? a->arm.done_ms : 0;
}

int alloclat_live_of(const struct alloclat *a, const char *event, bool *enter)
{
	for (size_t i = 0; a && i < N_PATHS; i++) {
		size_t k = strlen(paths[i].name);
		if (!a->live[i] || strncmp(event, paths[i].name, k) || event[k] != '_')
			continue;
		if (!strcmp(event + k, "_in") || !strcmp(event + k, "_out")) {
			*enter = event[k + 1] == 'i';
			return (int)i;
		}
	}
	return -1;
}

void alloclat_enter(struct alloclat *a, int path, int tid, int wl, const char *comm, double ts,
		    const char *gfp, long long n)
{
	struct alat_wait *w = NULL;

	a->n_nofail_entries++;
	/* by task and path: allocate_slab calls the page allocator with the
	 * same flags, one wait inside the other */
	for (size_t i = 0; i < a->n_open && !w; i++)
		if (a->open[i].tid == tid && a->open[i].path == path)
			w = &a->open[i]; /* an entry without its return: start again */
	if (!w) {
		if (a->n_open == ALAT_WAITS)
			return;
		w = &a->open[a->n_open++];
	} else
		free(w->stack);
	memset(w, 0, sizeof(*w));
	w->tid = tid;
	w->wl = wl;
	w->path = path;
	w->t0 = ts;
	w->n = n;
	snprintf(w->comm, sizeof(w->comm), "%s", comm);
	snprintf(w->gfp, sizeof(w->gfp), "%s", gfp);
}

/* A wait ended (or the run did): keep it among the longest. */
static void wait_done(struct alloclat *a, struct alat_wait *w)
{
	size_t at = a->n_waits;

	if (at == ALAT_WAIT_KEEP) {
		at = 0;
		for (size_t i = 1; i < ALAT_WAIT_KEEP; i++)
			if (a->waits[i].ms < a->waits[at].ms)
				at = i;
		if (a->waits[at].ms >= w->ms) {
			free(w->stack);
			return;
		}
		free(a->waits[at].stack);
	} else
		a->n_waits++;
	a->waits[at] = *w;
}

void alloclat_leave(struct alloclat *a, int path, int tid, double ts)
{
	for (size_t i = 0; i < a->n_open; i++) {
		struct alat_wait *w = &a->open[i];
		if (w->tid != tid || w->path != path)
			continue;
		w->ms = (ts - w->t0) * 1000.0;
		wait_done(a, w);
		a->open[i] = a->open[--a->n_open];
		return;
	}
}

void alloclat_tick(struct alloclat *a, double now)
{
	for (size_t i = 0; a && i < a->n_open; i++) {
		struct alat_wait *w = &a->open[i];
		char p[64];
		w->ms = (now - w->t0) * 1000.0;
		if (w->stack || w->ms < ALAT_WAIT_SAMPLE_MS)
			continue;
		snprintf(p, sizeof(p), "/proc/%d/stack", w->tid);
		(void)read_full_file(p, 8192, &w->stack, NULL); /* gone: no stack */
	}
}

void alloclat_end(struct alloclat *a, double now)
{
	for (size_t i = 0; a && i < a->n_open; i++) {
		double ms = (now - a->open[i].t0) * 1000.0;
		if (ms > a->open[i].ms) /* the last tick may have seen further */
			a->open[i].ms = ms;
		a->open[i].unfinished = true;
		wait_done(a, &a->open[i]);
	}
	if (a)
		a->n_open = 0;
}

int alloclat_path_of(const struct alloclat *a, const char *event)
{
	for (size_t i = 0; a && i < N_PATHS; i++)
		if (a->on[i] && !strcmp(event, a->synth[i]))
			return (int)i;
	return -1;
}

static void slow_release(struct alat_slow *s)
{
	for (unsigned i = 0; i < s->n_frames; i++)
		free(s->frames[i]);
	s->n_frames = 0;
}

/* The stack was taken inside the return probe: the tracing frames, up to
 * the return trampoline, are the witness's own, not the allocation's. */
static void strip_probe_frames(struct alat_slow *s)
{
	unsigned skip = 0;

	for (unsigned i = 0; i < s->n_frames; i++)
		if (strstr(s->frames[i], "rethook_trampoline") ||
		    strstr(s->frames[i], "kretprobe_trampoline"))
			skip = i + 1;
	for (unsigned i = 0; i < skip; i++)
		free(s->frames[i]);
	memmove(s->frames, s->frames + skip, (s->n_frames - skip) * sizeof(s->frames[0]));
	s->n_frames -= skip;
}

void alloclat_slow(struct alloclat *a, struct alat_slow *s)
{
	struct alat_class *c = &a->cls[s->path][class_index(s->cls, s->nofail)];

	if (s->ms >= ALAT_IMPOSSIBLE_MS) {
		a->impossible[s->path]++;
		slow_release(s);
		return;
	}
	strip_probe_frames(s);

	a->n_slow++;
	if (ARRAY_GROW(c->slow, c->n_slow + 1, c->cap_slow, 64) == 0)
		c->slow[c->n_slow++] = s->ms;
	/* the slowest, with their stacks: replace the fastest kept */
	size_t at = a->n_slowest;
	if (at == ALAT_KEEP) {
		at = 0;
		for (size_t i = 1; i < ALAT_KEEP; i++)
			if (a->slowest[i].ms < a->slowest[at].ms)
				at = i;
		if (a->slowest[at].ms >= s->ms) {
			slow_release(s);
			return;
		}
		slow_release(&a->slowest[at]);
	} else
		a->n_slowest++;
	a->slowest[at] = *s;
	s->n_frames = 0;
}

int alloclat_path_index(const char *name)
{
	for (size_t i = 0; i < N_PATHS; i++)
		if (!strcmp(name, paths[i].name))
			return (int)i;
	return -1;
}

/* "{ gfp: cc0, lat: ~ 2^10 } hitcount:          5" */
static void collect_line(struct alloclat *a, size_t path, const char *line,
			 const struct gfp_table *gt)
{
	unsigned long long mask, k, hits;
	char names[160];
	struct gfp_info gi = { 0 };

	if (sscanf(line, "{ gfp: %llx, lat: ~ 2^%llu } hitcount: %llu", &mask, &k, &hits) != 3)
		return;
	if (gt) {
		size_t n = gfp_table_names(gt, mask, names, sizeof(names));
		gfp_decode(names, n, &gi);
	}
	if (k >= ALAT_IMPOSSIBLE_LOG2) {
		a->impossible[path] += hits;
		return;
	}
	struct alat_class *c = &a->cls[path][class_index(gi.cls, gi.nofail)];
	c->bucket[k < ALAT_BUCKETS ? k : ALAT_BUCKETS - 1] += hits;
	c->count += hits;
}

void alloclat_collect(struct alloclat *a, const struct tracefs *t, const struct gfp_table *gt,
		      const char *save_dir)
{
	char f[160];

	if (!a || a->collected)
		return;
	a->collected = true;
	for (size_t i = 0; i < N_PATHS; i++) {
		_cleanup_free_ char *h = NULL;
		if (!a->on[i])
			continue;
		snprintf(f, sizeof(f), "events/synthetic/%s/hist", a->synth[i]);
		if (tracefs_read(t, f, &h) < 0)
			continue;
		if (save_dir) { /* the kernel's own histogram, as it printed it */
			char p[4096];
			snprintf(p, sizeof(p), "%s/alloc-latency.%s.hist", save_dir, paths[i].name);
			_cleanup_fclose_ FILE *o = fopen(p, "we");
			if (o)
				fputs(h, o);
		}
		alloclat_collect_text(a, (int)i, h, gt);
		/* the pairing histograms: what they had no room for */
		for (int out = 0; out < 2; out++) {
			_cleanup_free_ char *ph = NULL;
			const char *d;
			snprintf(f, sizeof(f), "events/%s/%s_%s/hist", a->group, paths[i].name,
				 out ? "out" : "in");
			if (tracefs_read(a->arm.pair_made ? a->arm.pair : t, f, &ph) < 0)
				continue;
			if ((d = strstr(ph, "Dropped:")))
				a->unpaired[i] += strtoull(d + 8, NULL, 10);
			/* "Entries:" of the totals: one per task that entered */
			unsigned long long e =
				(d = strstr(ph, "Entries:")) ? strtoull(d + 8, NULL, 10) : 0;
			if (e > a->tasks[i])
				a->tasks[i] = e;
		}
	}
}

void alloclat_collect_text(struct alloclat *a, int path, char *h, const struct gfp_table *gt)
{
	for (char *l = h, *nl; l && *l; l = nl ? nl + 1 : NULL) {
		nl = strchr(l, '\n');
		if (nl)
			*nl = '\0';
		if (l[0] == '{')
			collect_line(a, (size_t)path, l, gt);
		else if (strstr(l, "Dropped:"))
			a->dropped[path] = strtoull(strstr(l, "Dropped:") + 8, NULL, 10);
	}
}

static int cmp_double(const void *x, const void *y)
{
	double p = *(const double *)x, q = *(const double *)y;

	return p < q ? -1 : p > q;
}

/* The p-th percentile of a class, in ms: exact where the rank falls among
 * the slow allocations the pipe gave, else the bucket's upper bound. */
/* What log2 bucket k (allocations of (2^(k-1), 2^k] us) says of a value,
 * in ms: one of ALAT_SLOW_MS or more reached the pipe with its exact
 * value, so a bucket across the threshold holds values below it; a bucket
 * above it is only counted here when its exact values were lost, and then
 * its upper bound is what can be said. */
static double bucket_ms(int k)
{
	double lo = k ? ldexp(1.0, k - 1) / 1000.0 : 0, hi = ldexp(1.0, k) / 1000.0;

	return lo >= ALAT_SLOW_MS ? hi : fmin(hi, ALAT_SLOW_MS);
}

static double percentile(struct alat_class *c, double p)
{
	unsigned long long rank = (unsigned long long)ceil(p / 100.0 * (double)c->count), seen = 0;

	if (!c->count)
		return 0;
	if (!rank)
		rank = 1;
	if (c->n_slow && c->n_slow <= c->count && rank > c->count - c->n_slow)
		return c->slow[rank - (c->count - c->n_slow) - 1];
	for (int k = 0; k < ALAT_BUCKETS; k++) {
		seen += c->bucket[k];
		if (seen >= rank)
			return bucket_ms(k);
	}
	return 0;
}

static double class_max(struct alat_class *c)
{
	double exact = c->n_slow ? c->slow[c->n_slow - 1] : 0; /* sorted by the callers */
	int k = ALAT_BUCKETS;

	while (k-- > 0 && !c->bucket[k])
		;
	if (k < 0) /* no histogram (yet): the pipe's alone */
		return exact;
	/* a slower one than the pipe gave was lost on the way */
	if (!exact || (k && ldexp(1.0, k - 1) / 1000.0 > exact))
		return fmax(exact, bucket_ms(k));
	return exact;
}

static void sort_slow(const struct alloclat *a)
{
	for (size_t i = 0; i < N_PATHS; i++)
		for (int c = 0; c < ALAT_CLASSES; c++) {
			struct alat_class *x = (struct alat_class *)&a->cls[i][c];
			if (x->n_slow)
				qsort(x->slow, x->n_slow, sizeof(double), cmp_double);
		}
}

void alloclat_counts(const struct alloclat *a, struct alat_counts *r)
{
	memset(r, 0, sizeof(*r));
	if (!a)
		return;
	r->on = true;
	r->nofail_entries = a->n_nofail_entries;
	for (size_t i = 0; i < N_PATHS; i++) {
		r->live |= a->live[i];
		r->unpaired += a->unpaired[i];
		r->impossible += a->impossible[i];
		if (a->on[i] && a->tasks[i] > r->tasks)
			r->tasks = a->tasks[i];
	}
	sort_slow(a);
	for (size_t i = 0; i < a->n_open; i++)
		if (a->open[i].ms > r->wait_ms)
			r->wait_ms = a->open[i].ms;
	for (size_t i = 0; i < a->n_waits; i++)
		if (a->waits[i].ms > r->nofail_max_ms)
			r->nofail_max_ms = a->waits[i].ms;
	if (r->wait_ms > r->nofail_max_ms)
		r->nofail_max_ms = r->wait_ms;
	for (size_t i = 0; i < N_PATHS; i++)
		for (int c = 0; c < ALAT_CLASSES; c++) {
			struct alat_class *x = (struct alat_class *)&a->cls[i][c];
			double m = class_max(x);
			enum gfp_class gc = (enum gfp_class)(c / 2);
			r->count += x->count ? x->count : x->n_slow;
			if (m > r->max_ms)
				r->max_ms = m;
			if ((gc == GFP_CLASS_NOFS || gc == GFP_CLASS_NOIO) && m > r->nofs_max_ms)
				r->nofs_max_ms = m;
			if (c % 2 && m > r->nofail_max_ms)
				r->nofail_max_ms = m;
		}
}

static int by_ms_desc(const void *x, const void *y)
{
	double p = ((const struct alat_slow *)x)->ms, q = ((const struct alat_slow *)y)->ms;

	return p < q ? 1 : p > q ? -1 : 0;
}

json_object *alloclat_json(const struct alloclat *a, double kernel_t0,
			   const char *(*wl_name)(const void *, int), const void *ctx)
{
	json_object *o = json_object_new_object(), *ps = json_object_new_object();
	struct alat_counts c;
	char label[48];

	alloclat_counts(a, &c);
	json_object_object_add(o, "source", json_object_new_string("kprobes"));
	json_object_object_add(o, "slow_ms", json_object_new_int(ALAT_SLOW_MS));
	json_object_object_add(o, "count", json_object_new_int64((int64_t)c.count));
	json_object_object_add(o, "max_ms", json_object_new_double(c.max_ms));
	json_object_object_add(o, "nofs_max_ms", json_object_new_double(c.nofs_max_ms));
	json_object_object_add(o, "nofail_max_ms", json_object_new_double(c.nofail_max_ms));
	json_object_object_add(o, "slow", json_object_new_int64((int64_t)a->n_slow));
	json_object_object_add(o, "tasks_paired", json_object_new_int(ALAT_TASKS_N));
	json_object_object_add(o, "tasks", json_object_new_int64((int64_t)c.tasks));
	json_object_object_add(o, "unpaired", json_object_new_int64((int64_t)c.unpaired));
	json_object_object_add(o, "impossible", json_object_new_int64((int64_t)c.impossible));
	for (size_t i = 0; i < N_PATHS; i++) {
		if (!a->on[i])
			continue;
		json_object *p = json_object_new_object(), *bc = json_object_new_object();
		unsigned long long n = 0;
		json_object_object_add(p, "function", json_object_new_string(a->sym[i]));
		if (paths[i].n_is)
			json_object_object_add(p, "n_is", json_object_new_string(paths[i].n_is));
		for (int k = 0; k < ALAT_CLASSES; k++) {
			struct alat_class *x = (struct alat_class *)&a->cls[i][k];
			if (!x->count)
				continue;
			json_object *e = json_object_new_object();
			n += x->count;
			json_object_object_add(e, "count",
					       json_object_new_int64((int64_t)x->count));
			json_object_object_add(e, "p50_ms",
					       json_object_new_double(percentile(x, 50)));
			json_object_object_add(e, "p99_ms",
					       json_object_new_double(percentile(x, 99)));
			json_object_object_add(e, "max_ms", json_object_new_double(class_max(x)));
			class_label(k, label, sizeof(label));
			json_object_object_add(bc, label, e);
		}
		json_object_object_add(p, "count", json_object_new_int64((int64_t)n));
		json_object_object_add(p, "dropped", json_object_new_int64((int64_t)a->dropped[i]));
		json_object_object_add(p, "unpaired",
				       json_object_new_int64((int64_t)a->unpaired[i]));
		json_object_object_add(p, "tasks", json_object_new_int64((int64_t)a->tasks[i]));
		json_object_object_add(p, "by_class", bc);
		json_object_object_add(ps, paths[i].name, p);
	}
	json_object_object_add(o, "paths", ps);
	struct alat_slow *s = (struct alat_slow *)a->slowest;
	if (a->n_slowest)
		qsort(s, a->n_slowest, sizeof(*s), by_ms_desc);
	json_object *lg = json_object_new_array();
	for (size_t i = 0; i < a->n_slowest; i++) {
		json_object *e = json_object_new_object(), *st = json_object_new_array();
		json_object_object_add(e, "ms", json_object_new_double(s[i].ms));
		json_object_object_add(e, "path", json_object_new_string(paths[s[i].path].name));
		json_object_object_add(e, "gfp", json_object_new_string(s[i].gfp));
		class_label(class_index(s[i].cls, s[i].nofail), label, sizeof(label));
		json_object_object_add(e, "gfp_class", json_object_new_string(label));
		if (paths[s[i].path].n_is)
			json_object_object_add(e, paths[s[i].path].n_is,
					       json_object_new_int64(s[i].n));
		json_object_object_add(e, "pid", json_object_new_int(s[i].tid));
		json_object_object_add(e, "comm", json_object_new_string(s[i].comm));
		if (s[i].wl >= 0 && wl_name)
			json_object_object_add(e, "workload",
					       json_object_new_string(wl_name(ctx, s[i].wl)));
		json_object_object_add(
			e, "run_time",
			json_object_new_double(
				kernel_t0 >= 0 ? s[i].ts - s[i].ms / 1000.0 - kernel_t0 : -1));
		for (unsigned f = 0; f < s[i].n_frames; f++)
			json_object_array_add(st, json_object_new_string(s[i].frames[f]));
		json_object_object_add(e, "stack", st);
		json_object_array_add(lg, e);
	}
	json_object_object_add(o, "slowest", lg);
	/* __GFP_NOFAIL allocations, seen while they waited */
	bool live = false;
	for (size_t i = 0; i < N_PATHS; i++)
		live |= a->live[i];
	json_object_object_add(o, "nofail_live", json_object_new_boolean(live));
	json_object_object_add(o, "nofail_entries",
			       json_object_new_int64((int64_t)a->n_nofail_entries));
	json_object *nw = json_object_new_array();
	for (size_t i = 0; i < a->n_waits; i++) {
		const struct alat_wait *w = &a->waits[i];
		if (w->ms < ALAT_WAIT_SAMPLE_MS)
			continue;
		json_object *e = json_object_new_object();
		json_object_object_add(e, "ms", json_object_new_double(w->ms));
		json_object_object_add(e, "unfinished", json_object_new_boolean(w->unfinished));
		json_object_object_add(e, "path", json_object_new_string(paths[w->path].name));
		json_object_object_add(e, "gfp", json_object_new_string(w->gfp));
		if (paths[w->path].n_is)
			json_object_object_add(e, paths[w->path].n_is, json_object_new_int64(w->n));
		json_object_object_add(e, "pid", json_object_new_int(w->tid));
		json_object_object_add(e, "comm", json_object_new_string(w->comm));
		if (w->wl >= 0 && wl_name)
			json_object_object_add(e, "workload",
					       json_object_new_string(wl_name(ctx, w->wl)));
		json_object_object_add(e, "run_time",
				       json_object_new_double(kernel_t0 >= 0 ? w->t0 - kernel_t0 :
									       -1));
		if (w->stack)
			json_object_object_add(e, "stack", json_object_new_string(w->stack));
		json_object_array_add(nw, e);
	}
	json_object_object_add(o, "nofail_waits", nw);
	return o;
}

void alloclat_free(struct alloclat *a)
{
	if (!a)
		return;
	arm_join(&a->arm); /* the run's thread waited, or it never started */
	for (size_t i = 0; i < a->n_slowest; i++)
		slow_release(&a->slowest[i]);
	for (size_t i = 0; i < a->n_open; i++)
		free(a->open[i].stack);
	for (size_t i = 0; i < a->n_waits; i++)
		free(a->waits[i].stack);
	for (size_t i = 0; i < N_PATHS; i++)
		for (int c = 0; c < ALAT_CLASSES; c++)
			free(a->cls[i][c].slow);
	free(a);
}

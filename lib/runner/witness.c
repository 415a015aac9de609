// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures and reclaim stalls as the kernel traces them (see
 * witness.h). The trace_pipe text is read as it comes (the monitor polls its
 * descriptor), parsed line by line (oracle/trace.h), and turned into
 * records: an event line opens a record on its CPU, the stack that follows
 * it (a "<stack trace>" line and its frames) completes it. Memory is bounded:
 * counts for everything, details for the first WIT_KEEP real or injected
 * failures, the first WIT_KEEP_OPP opportunistic ones (there are thousands
 * under pressure: they must not push the real ones out of the list) and the
 * WIT_LONGEST longest stalls.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/ident.h"
#include "core/log.h"
#include "core/undo.h"
#include "fault/injector.h"
#include "kernel/tracefs.h"
#include "oracle/gfp.h"
#include "oracle/trace.h"
#include "report/writers.h"
#include "alloclat.h"
#include "oomlife.h"
#include "run_int.h"
#include "witness.h"

#define WIT_KEEP 500	 /* real or injected failures kept in detail */
#define WIT_KEEP_OPP 100 /* opportunistic failures kept in detail */
#define WIT_LONGEST 10	 /* stalls kept in detail */
#define WIT_FRAMES 24	 /* frames kept per stack */
_Static_assert(WIT_FRAMES <= ALAT_FRAMES, "a slow allocation's frames move into alat_slow");
#define WIT_CPUS 256	  /* CPUs with an open record */
#define WIT_PENDING 256	  /* injections waiting for their allocation */
#define WIT_MATCH_S 0.050 /* an injection and its failed allocation: this close */
#define WIT_STALL_SAMPLE_MS 200

enum rec_kind { R_NONE, R_SLAB, R_PAGE, R_INJECT, R_SLOW };

struct rec {
	enum rec_kind kind;
	double ts;
	int tid, wl;
	char comm[20];
	char event[32]; /* kmalloc, kmem_cache_alloc, mm_page_alloc, failslab, ... */
	char gfp[160];	/* names, as the kernel prints them */
	enum gfp_class cls;
	bool may_fail; /* opportunistic: see may_fail() */
	bool account;  /* __GFP_ACCOUNT: charged to a memory cgroup */
	long long bytes, order;
	char call_site[96];
	char injector[24]; /* failslab | fail_page_alloc: the knob that made it */
	bool injected;
	int step;	  /* the fail-nth sweep's step it happened in (index into steps), -1 */
	int tgid;	  /* a real failure's process (read while it lived), 0 */
	int path;	  /* R_SLOW: the allocator's path (alloclat.h) */
	long long lat_us; /* R_SLOW: how long it took */
	char *frames[WIT_FRAMES];
	unsigned n_frames;
};

struct stall {
	int tid, wl;
	double begin, ms;
	enum gfp_class cls;
	bool memcg;
	char comm[20];
	char *stack; /* /proc/TID/stack, read while it lasted */
	bool sampled;
};

struct class_stats {
	double *ms;
	size_t n, cap;
};

/* A fail-nth sweep step, from fstx's marker in the trace ("memstress-sweep
 * OP N"): when it began, and the first failed allocation in it. */
struct step {
	char op[16];
	unsigned n;
	int tid;
	double t0, t1;
	bool has_failure;
	char site[128], fs_frame[128], cls[16], injector[24];
};

struct witness {
	struct tracefs tfs;
	bool active, probes;
	int fd;
	char group[16];
	struct gfp_table gfp;
	bool have_gfp;
	/* reading */
	char *buf;
	size_t len, cap;
	struct rec open[WIT_CPUS]; /* per CPU: an event waiting for its stack */
	struct rec *stack_to;	   /* the record the frames being read belong to */
	int stack_cpu;
	struct rec pending[WIT_PENDING]; /* injections waiting for their allocation */
	size_t n_pending;
	double last_ts;
	uint64_t last_read_ms; /* CLOCK_MONOTONIC when the pipe was last read */
	/* failures */
	unsigned real, real_nofs, injected, injections, opportunistic;
	struct rec *kept;
	size_t n_kept, cap_kept, n_kept_opp;
	unsigned long long lost_lines;
	json_object *by_class, *by_site; /* {"NOFS": {"real": n, "injected": m}} */
	/* the fail-nth sweep's steps */
	struct step *steps;
	size_t n_steps, cap_steps;
	/* stalls */
	struct stall *open_stalls;
	size_t n_open, cap_open;
	struct class_stats cls[GFP_CLASS_NOWAIT + 1];
	struct stall longest[WIT_LONGEST];
	size_t n_longest;
	unsigned stalls, stalls_unfinished;
	const char *why_not; /* when inactive: why */
	/* allocation latency (alloclat.c) */
	struct alloclat *lat;
	bool lat_armed;	     /* its triggers are set */
	const char *lat_why; /* when there is none: why */
};

static void rec_release(struct rec *x)
{
	for (unsigned i = 0; i < x->n_frames; i++)
		free(x->frames[i]);
	x->n_frames = 0;
	x->kind = R_NONE;
}

/* --- setup ------------------------------------------------------------------ */

/* The events, their filters (a failure only) and stack triggers. */
static const struct {
	const char *event;
	const char *cond; /* filter and stacktrace condition; NULL: every event, no stack */
} events[] = {
	{ "kmem/kmalloc", "ptr == 0" },
	{ "kmem/kmalloc_node", "ptr == 0" }, /* before 6.1 */
	{ "kmem/kmem_cache_alloc", "ptr == 0" },
	{ "kmem/kmem_cache_alloc_node", "ptr == 0" },
	{ "kmem/mm_page_alloc", "pfn == 0xffffffffffffffff" },
	{ "vmscan/mm_vmscan_direct_reclaim_begin", NULL },
	{ "vmscan/mm_vmscan_direct_reclaim_end", NULL },
	{ "vmscan/mm_vmscan_memcg_reclaim_begin", NULL },
	{ "vmscan/mm_vmscan_memcg_reclaim_end", NULL },
};

/* kretprobes on the fault-injection decisions (each injector's probe_func,
 * fault/injector.h), named as the injector: a hit is an injected fault. */

static bool wants_probes(const struct run *r)
{
	return r->s->n_faults > 0;
}

/* The run's own name for its probe and synthetic events (they are the
 * whole kernel's, not the instance's). */
static void group_name(const struct run *r, struct witness *w)
{
	unsigned h = 5381;

	for (const char *p = r->id; *p; p++)
		h = h * 33 + (unsigned char)*p;
	snprintf(w->group, sizeof(w->group), "ms_%08x", h);
}

/* The allocation probes cost every allocation that takes a slow path (a
 * tenth of a second of set-up and a few microseconds a hit under TCG):
 * they are set where a bound reads them. */
static bool wants_latency(const struct run *r)
{
	const struct sc_expect *e = &r->s->expect;

	return e->alloc_stall_max.set || e->nofs_stall_max.set || e->nofail_stall_max.set;
}

static void define_probes(struct run *r, struct witness *w)
{
	const struct injector *inj;

	for (size_t i = 0; (inj = injector_at(i)); i++) {
		char def[256];
		int k = -EINVAL;
		if (!inj->probe_func)
			continue;
		for (int old = 0; old < 2 && k == -EINVAL; old++) {
			snprintf(def, sizeof(def), "r:%s/%s %s %s", w->group, inj->name,
				 inj->probe_func, old ? inj->probe_args_old : inj->probe_args);
			k = tracefs_probe(&w->tfs, w->group, inj->name, def, r->undo);
		}
		if (k == -ENOENT) {
			log_info(
				"no probe events in this kernel (CONFIG_KPROBE_EVENTS): injected "
				"and real failures are told apart by the knobs' counts only");
			return;
		}
		if (k < 0)
			log_info("cannot probe %s: %s", inj->probe_func, strerror(-k));
		else
			w->probes = true;
	}
}

static void enable_events(struct run *r, struct witness *w)
{
	char ev[96], cond[64], trig[96];

	for (size_t i = 0; i < ARRAY_SIZE(events); i++) {
		if (!tracefs_has_event(&w->tfs, events[i].event))
			continue;
		if (events[i].cond)
			snprintf(trig, sizeof(trig), "stacktrace if %s", events[i].cond);
		int k = tracefs_event(&w->tfs, events[i].event, events[i].cond,
				      events[i].cond ? trig : NULL);
		if (k < 0)
			log_info("cannot trace %s: %s", events[i].event, strerror(-k));
	}
	const struct injector *inj;
	for (size_t i = 0; w->probes && (inj = injector_at(i)); i++) {
		if (!inj->probe_func)
			continue;
		snprintf(ev, sizeof(ev), "%s/%s", w->group, inj->name);
		snprintf(cond, sizeof(cond), "ret != 0");
		snprintf(trig, sizeof(trig), "stacktrace if %s", cond);
		if (tracefs_has_event(&w->tfs, ev))
			(void)tracefs_event(&w->tfs, ev, cond, trig);
	}
	(void)r;
}

/* How far into the run the allocations were timed from: 0 when the
 * probes' triggers were set before it started. */
static double lat_from_s(const struct run *r)
{
	uint64_t at = alloclat_armed_ms(r->wit->lat);

	return r->clock.t0_ms && at > r->clock.t0_ms ? (double)(at - r->clock.t0_ms) / 1000.0 : 0;
}

static void lat_refused(struct witness *w, int k, const char *why)
{
	log_info("cannot time allocations: histogram trigger refused: %s%s%s", strerror(-k),
		 why[0] ? ": " : "", why);
	w->lat_why = "the kernel refused the histogram triggers (CONFIG_HIST_TRIGGERS)";
	alloclat_free(w->lat);
	w->lat = NULL;
}

/* The allocation probes' triggers, set beside the run (alloclat.h): once
 * they are, or were refused, say so. */
static void lat_armed(struct run *r, struct witness *w, bool block)
{
	char why[256];
	int k;

	if (!w->lat || w->lat_armed)
		return;
	if ((k = alloclat_arm_wait(w->lat, block, why, sizeof(why))) > 0)
		return;
	if (k < 0) {
		lat_refused(w, k, why);
		return;
	}
	w->lat_armed = true;
	if (lat_from_s(r) > 0)
		log_info(
			"allocations timed from %.2f s into the run (the probes' triggers "
			"were set beside its start)",
			lat_from_s(r));
}

int witness_setup(struct run *r)
{
	struct witness *w = calloc(1, sizeof(*w));
	char mnt[1024], name[RUN_ID_MAX + 16];
	int k;

	if (!w)
		return -ENOMEM;
	r->wit = w;
	w->fd = -1;
	w->by_class = json_object_new_object();
	w->by_site = json_object_new_object();
	if (r->s->sc.trace == SW_NO) {
		w->why_not = "[scenario] trace = no";
		return 0;
	}
	snprintf(mnt, sizeof(mnt), "%s/tracefs.%s", undo_state_dir(), r->id);
	k = tracefs_open(&w->tfs, mnt, r->undo);
	if (k < 0) {
		w->why_not = k == -ENOENT ? "the kernel has no tracefs (CONFIG_TRACING)" :
					    "tracefs could not be mounted";
		if (r->s->sc.trace == SW_YES)
			return log_error_errno(k, "[scenario] trace = yes: %s: %m", w->why_not);
		log_info("no tracepoint witnesses: %s", w->why_not);
		return 0;
	}
	group_name(r, w);
	if (wants_probes(r))
		define_probes(r, w);
	if (wants_latency(r))
		w->lat = alloclat_define(&w->tfs, w->group, r->undo, &w->lat_why);
	else
		w->lat_why =
			"the scenario bounds no allocation (alloc_stall_max, nofs_stall_max, "
			"nofail_stall_max)";
	snprintf(name, sizeof(name), "memstress-%s", r->id);
	if ((k = tracefs_instance(&w->tfs, name, r->undo)) < 0)
		return log_error_errno(k, "cannot make the trace instance '%s': %m", name);
	(void)tracefs_write(&w->tfs, "buffer_size_kb", "2048");
	_cleanup_free_ char *fmt = NULL;
	if (tracefs_format(&w->tfs, "kmem/mm_page_alloc", &fmt) == 0)
		w->have_gfp = gfp_table_parse(fmt, &w->gfp) == 0;
	enable_events(r, w);
	w->fd = tracefs_open_file(&w->tfs, "trace_pipe", O_RDONLY | O_NONBLOCK);
	if (w->fd < 0)
		return log_error_errno(w->fd, "cannot open the trace pipe: %m");
	snprintf(name, sizeof(name), "memstress-%s-lat", r->id);
	if (w->lat && (k = alloclat_arm_start(w->lat, &w->tfs, name, w->have_gfp ? &w->gfp : NULL,
					      r->undo)) < 0)
		lat_refused(w, k, "");
	w->active = true;
	log_info("tracepoint witnesses in %s%s%s", w->tfs.instance,
		 w->probes ? ", fault-injection probes on" : "",
		 w->lat ? ", allocations timed" : "");
	if (!w->lat)
		log_info("allocations not timed: %s; stalls are reclaim rounds", w->lat_why);
	return 0;
}

const char *witness_marker(const struct run *r)
{
	static char p[800];

	if (!r->wit || !r->wit->active)
		return NULL;
	snprintf(p, sizeof(p), "%s/trace_marker", r->wit->tfs.instance);
	return p;
}

/* --- records ------------------------------------------------------------------ */

/* map[key][how]++, how: real | opportunistic | injected */
static void count(json_object *map, const char *key, const char *how)
{
	json_object *o = NULL;

	if (!json_object_object_get_ex(map, key, &o)) {
		o = json_object_new_object();
		json_object_object_add(o, "real", json_object_new_int(0));
		json_object_object_add(o, "opportunistic", json_object_new_int(0));
		json_object_object_add(o, "injected", json_object_new_int(0));
		json_object_object_add(map, key, o);
	}
	json_object_object_add(o, how, json_object_new_int((int)jint(o, how, 0) + 1));
}

/*
 * The allocations the kernel lets fail, and callers must expect to: those
 * that may not reclaim (ATOMIC, NOWAIT), ask not to retry (__GFP_NORETRY,
 * __GFP_RETRY_MAYFAIL), or are larger than PAGE_ALLOC_COSTLY_ORDER (3).
 * The rest are "too small to fail": they loop in the allocator rather than
 * fail, and a failure of one is a broken promise (or an injected fault).
 */
static bool may_fail(const struct gfp_info *gi, long long order)
{
	return gi->noretry || gi->retry_mayfail || gi->cls == GFP_CLASS_ATOMIC ||
	       gi->cls == GFP_CLASS_NOWAIT || order > 3;
}

static void gfp_of(struct witness *w, struct rec *x, const char *v, size_t n)
{
	struct gfp_info gi;

	if (n && v[0] == '0' && v[1] == 'x' && w->have_gfp) /* a probe's numeric mask */
		gfp_table_names(&w->gfp, strtoull(v, NULL, 16), x->gfp, sizeof(x->gfp));
	else
		snprintf(x->gfp, sizeof(x->gfp), "%.*s", (int)n, v);
	gfp_decode(x->gfp, strlen(x->gfp), &gi);
	x->cls = gi.cls;
	x->may_fail = may_fail(&gi, x->order);
	x->account = gi.account;
}

/* A thread's process, from /proc while it lives (0: gone). */
static int tgid_of(int tid)
{
	char p[64];
	_cleanup_free_ char *st = NULL;

	snprintf(p, sizeof(p), "/proc/%d/status", tid);
	if (read_full_file(p, 8192, &st, NULL) < 0)
		return 0;
	const char *t = strstr(st, "\nTgid:");
	return t ? atoi(t + 6) : 0;
}

/* A failure is complete (its stack read): count it, keep its details. */
static void failure_done(struct witness *w, struct rec *x)
{
	const char *site = oracle_alloc_site(x->frames, x->n_frames);
	const char *cls = gfp_class_name(x->cls);

	if (!site)
		site = x->call_site[0] ? x->call_site : "?";
	if (x->step >= 0 && !w->steps[x->step].has_failure) {
		struct step *st = &w->steps[x->step];
		st->has_failure = true;
		snprintf(st->site, sizeof(st->site), "%s", site);
		snprintf(st->cls, sizeof(st->cls), "%s", gfp_class_name(x->cls));
		snprintf(st->injector, sizeof(st->injector), "%s", x->injector);
		for (unsigned i = 0; i < x->n_frames; i++)
			if (oracle_frame_fs(x->frames[i])) {
				snprintf(st->fs_frame, sizeof(st->fs_frame), "%s", x->frames[i]);
				break;
			}
	}
	if (x->injected)
		w->injected++;
	else if (x->may_fail)
		w->opportunistic++;
	else {
		w->real++;
		x->tgid = tgid_of(x->tid);
		if (x->cls == GFP_CLASS_NOFS)
			w->real_nofs++;
	}
	const char *how = x->injected ? "injected" : x->may_fail ? "opportunistic" : "real";
	count(w->by_class, cls, how);
	char s[128];
	snprintf(s, sizeof(s), "%.*s", (int)strcspn(site, "+"), site);
	count(w->by_site, s, how);
	bool opp = x->may_fail && !x->injected;
	if ((opp ? w->n_kept_opp < WIT_KEEP_OPP : w->n_kept - w->n_kept_opp < WIT_KEEP) &&
	    ARRAY_GROW(w->kept, w->n_kept + 1, w->cap_kept, 64) == 0) {
		w->n_kept_opp += opp;
		w->kept[w->n_kept++] = *x;
		x->n_frames = 0; /* the frames now belong to the kept copy */
	}
	if (!x->injected && !x->may_fail && w->real <= 20)
		log_notice("allocation failure (%s, %s): %s (pid %d) at %s", cls, x->event, x->comm,
			   x->tid, site);
	rec_release(x);
}

/* An injection nobody's allocation event claimed (a page allocation the
 * fault stopped before its tracepoint): a failure of its own. */
static void injection_alone(struct witness *w, struct rec *x)
{
	x->kind = R_PAGE;
	x->injected = true;
	failure_done(w, x);
}

static void expire_pending(struct witness *w, double now, bool all)
{
	size_t k = 0;

	for (size_t i = 0; i < w->n_pending; i++) {
		if (all || now - w->pending[i].ts > WIT_MATCH_S)
			injection_alone(w, &w->pending[i]);
		else
			w->pending[k++] = w->pending[i];
	}
	w->n_pending = k;
}

/* A failed allocation: was it an injection's? */
static void claim_injection(struct witness *w, struct rec *x)
{
	for (size_t i = w->n_pending; i-- > 0;) {
		struct rec *p = &w->pending[i];
		if (p->tid != x->tid || x->ts - p->ts > WIT_MATCH_S)
			continue;
		x->injected = true;
		memcpy(x->injector, p->injector, sizeof(x->injector));
		if (!x->n_frames) { /* the probe's stack is the allocation's */
			memcpy(x->frames, p->frames, sizeof(x->frames));
			x->n_frames = p->n_frames;
			p->n_frames = 0;
		}
		rec_release(p);
		w->pending[i] = w->pending[--w->n_pending];
		return;
	}
}

/* The record open on a CPU is complete (its stack was read, or another
 * event came on that CPU). */
static void close_open(struct witness *w, int cpu)
{
	struct rec *x = &w->open[cpu];

	if (x->kind == R_INJECT) {
		if (w->n_pending == WIT_PENDING) { /* the oldest waited long enough */
			injection_alone(w, &w->pending[0]);
			w->pending[0] = w->pending[--w->n_pending];
		}
		w->pending[w->n_pending++] = *x;
		x->n_frames = 0;
		x->kind = R_NONE;
	} else if (x->kind == R_SLAB || x->kind == R_PAGE) {
		if (w->probes)
			claim_injection(w, x);
		failure_done(w, x);
	} else if (x->kind == R_SLOW) {
		struct alat_slow s = {
			.ts = x->ts,
			.ms = (double)x->lat_us / 1000.0,
			.tid = x->tid,
			.wl = x->wl,
			.path = x->path,
			.cls = x->cls,
			.n = x->order,
			.n_frames = x->n_frames,
		};
		struct gfp_info gi;
		snprintf(s.comm, sizeof(s.comm), "%s", x->comm);
		snprintf(s.gfp, sizeof(s.gfp), "%s", x->gfp);
		gfp_decode(x->gfp, strlen(x->gfp), &gi);
		s.nofail = gi.nofail;
		memcpy(s.frames, x->frames, sizeof(s.frames[0]) * x->n_frames);
		x->n_frames = 0;
		alloclat_slow(w->lat, &s);
		x->kind = R_NONE;
	}
}

/* --- stalls ------------------------------------------------------------------- */

static void stall_begin(struct run *r, struct witness *w, const struct trace_rec *t, bool memcg)
{
	const char *v;
	size_t n;
	struct gfp_info gi = { 0 };
	struct stall *s = NULL;

	for (size_t i = 0; i < w->n_open; i++)
		if (w->open_stalls[i].tid == t->pid)
			s = &w->open_stalls[i]; /* a begin without its end: start again */
	if (!s) {
		if (ARRAY_GROW(w->open_stalls, w->n_open + 1, w->cap_open, 16) < 0)
			return;
		s = &w->open_stalls[w->n_open++];
	} else
		free(s->stack);
	memset(s, 0, sizeof(*s));
	s->tid = t->pid;
	s->wl = workload_of_tid(r, t->pid);
	s->begin = t->ts;
	s->memcg = memcg;
	snprintf(s->comm, sizeof(s->comm), "%s", t->comm);
	if (trace_field(t, "gfp_flags", &v, &n))
		gfp_decode(v, n, &gi);
	s->cls = gi.cls;
}

static int by_ms_desc(const void *a, const void *b)
{
	double x = ((const struct stall *)a)->ms, y = ((const struct stall *)b)->ms;

	return x < y ? 1 : x > y ? -1 : 0;
}

static void stall_end(struct witness *w, struct stall *s, double ms)
{
	struct class_stats *c = &w->cls[s->cls];

	s->ms = ms;
	w->stalls++;
	if (ARRAY_GROW(c->ms, c->n + 1, c->cap, 256) == 0)
		c->ms[c->n++] = ms;
	if (w->n_longest < WIT_LONGEST) {
		w->longest[w->n_longest++] = *s;
		s->stack = NULL;
	} else if (ms > w->longest[WIT_LONGEST - 1].ms) {
		free(w->longest[WIT_LONGEST - 1].stack);
		w->longest[WIT_LONGEST - 1] = *s;
		s->stack = NULL;
	}
	qsort(w->longest, w->n_longest, sizeof(w->longest[0]), by_ms_desc);
	free(s->stack);
	s->stack = NULL;
}

static void stall_finish(struct witness *w, const struct trace_rec *t)
{
	for (size_t i = 0; i < w->n_open; i++) {
		struct stall *s = &w->open_stalls[i];
		if (s->tid != t->pid)
			continue;
		stall_end(w, s, (t->ts - s->begin) * 1000.0);
		w->open_stalls[i] = w->open_stalls[--w->n_open];
		return;
	}
}

/* --- lines ------------------------------------------------------------------- */

/* The step a task is in (the last marker it wrote), or -1. */
static int step_of(const struct witness *w, int tid)
{
	for (size_t i = w->n_steps; i-- > 0;)
		if (w->steps[i].tid == tid)
			return (int)i;
	return -1;
}

static void on_marker(struct witness *w, const struct trace_rec *t)
{
	char op[16];
	unsigned n;
	int prev = step_of(w, t->pid);

	if (sscanf(t->body, "memstress-sweep %15s %u", op, &n) != 2 ||
	    ARRAY_GROW(w->steps, w->n_steps + 1, w->cap_steps, 64) < 0)
		return;
	if (prev >= 0)
		w->steps[prev].t1 = t->ts;
	struct step *s = &w->steps[w->n_steps++];
	memset(s, 0, sizeof(*s));
	snprintf(s->op, sizeof(s->op), "%s", op);
	s->n = n;
	s->tid = t->pid;
	s->t0 = t->ts;
}

static void on_event(struct run *r, struct witness *w, struct trace_rec *t)
{
	int cpu = t->cpu >= 0 && t->cpu < WIT_CPUS ? t->cpu : 0;
	const char *v;
	size_t n;

	w->last_ts = t->ts;
	if (!strcmp(t->event, "tracing_mark_write")) {
		on_marker(w, t);
		return;
	}
	if (!strncmp(t->event, "mm_vmscan_", 10)) {
		if (strstr(t->event, "reclaim_begin"))
			stall_begin(r, w, t, strstr(t->event, "memcg") != NULL);
		else if (strstr(t->event, "reclaim_end"))
			stall_finish(w, t);
		return;
	}
	bool enter;
	int live = alloclat_live_of(w->lat, t->event, &enter);
	if (live >= 0) { /* a __GFP_NOFAIL allocation enters or leaves */
		char names[160];
		close_open(w, cpu);
		if (!enter) {
			alloclat_leave(w->lat, live, t->pid, t->ts);
			return;
		}
		unsigned long long mask = (unsigned long long)trace_field_int(t, "gfp", 0);
		if (w->have_gfp)
			gfp_table_names(&w->gfp, mask, names, sizeof(names));
		else
			snprintf(names, sizeof(names), "%#llx", mask);
		alloclat_enter(w->lat, live, t->pid, workload_of_tid(r, t->pid), t->comm, t->ts,
			       names, trace_field_int(t, "n", -1));
		return;
	}
	int lat_path = alloclat_path_of(w->lat, t->event);
	enum rec_kind kind = lat_path >= 0				? R_SLOW :
			     !strcmp(t->event, "mm_page_alloc")		? R_PAGE :
			     injector_find(t->event)			? R_INJECT :
			     !strncmp(t->event, "kmalloc", 7)		? R_SLAB :
			     !strncmp(t->event, "kmem_cache_alloc", 16) ? R_SLAB :
									  R_NONE;
	if (kind == R_NONE)
		return;
	close_open(w, cpu);
	expire_pending(w, t->ts, false);
	struct rec *x = &w->open[cpu];
	memset(x, 0, sizeof(*x));
	x->kind = kind;
	x->ts = t->ts;
	x->tid = t->pid;
	x->wl = workload_of_tid(r, t->pid);
	x->order = -1;
	x->bytes = -1;
	snprintf(x->comm, sizeof(x->comm), "%s", t->comm);
	snprintf(x->event, sizeof(x->event), "%s", t->event);
	if (kind == R_INJECT) {
		w->injections++;
		snprintf(x->injector, sizeof(x->injector), "%s", t->event);
		x->injected = true;
	}
	if (kind == R_SLOW) { /* "lat=12345 gfp=3264 n=0" */
		x->path = lat_path;
		x->lat_us = trace_field_int(t, "lat", 0);
		x->order = trace_field_int(t, "n", -1);
		unsigned long long mask = (unsigned long long)trace_field_int(t, "gfp", 0);
		if (w->have_gfp)
			gfp_table_names(&w->gfp, mask, x->gfp, sizeof(x->gfp));
		else
			snprintf(x->gfp, sizeof(x->gfp), "%#llx", mask);
		struct gfp_info gi;
		gfp_decode(x->gfp, strlen(x->gfp), &gi);
		x->cls = gi.cls;
		return;
	}
	x->step = step_of(w, t->pid);
	x->order = trace_field_int(t, "order", -1);
	x->bytes = trace_field_int(t, "bytes_req", -1);
	if (trace_field(t, "gfp_flags", &v, &n) || trace_field(t, "gfp", &v, &n))
		gfp_of(w, x, v, n);
	if (trace_field(t, "call_site", &v, &n))
		snprintf(x->call_site, sizeof(x->call_site), "%.*s", (int)n, v);
}

static void on_line(struct run *r, struct witness *w, const char *line, size_t len)
{
	struct trace_rec t;
	enum trace_line k = trace_line_parse(line, len, &t);

	if (k != TL_FRAME && w->stack_to) {
		/* the stack is complete: its record with it */
		int cpu = w->stack_cpu;
		w->stack_to = NULL;
		close_open(w, cpu);
	}
	switch (k) {
	case TL_EVENT: on_event(r, w, &t); break;
	case TL_STACK: {
		int cpu = t.cpu >= 0 && t.cpu < WIT_CPUS ? t.cpu : 0;
		if (w->open[cpu].kind != R_NONE && w->open[cpu].tid == t.pid) {
			w->stack_to = &w->open[cpu];
			w->stack_cpu = cpu;
		}
		break;
	}
	case TL_FRAME:
		if (w->stack_to && w->stack_to->n_frames < WIT_FRAMES)
			w->stack_to->frames[w->stack_to->n_frames++] = strdup(t.frame);
		break;
	case TL_LOST: w->lost_lines += t.lost; break;
	case TL_OTHER: break;
	}
}

/* Read what the kernel traced so far. */
static void witness_read(struct run *r)
{
	struct witness *w = r->wit;

	if (!w || !w->active)
		return;
	for (;;) {
		if (w->cap - w->len < 65536) {
			size_t nc = w->cap ? w->cap * 2 : 262144;
			char *nb = realloc(w->buf, nc);
			if (!nb)
				return;
			w->buf = nb;
			w->cap = nc;
		}
		ssize_t k = read(w->fd, w->buf + w->len, w->cap - w->len);
		if (k <= 0)
			break;
		w->last_read_ms = mono_ms();
		w->len += (size_t)k;
		char *p = w->buf, *end = w->buf + w->len, *nl;
		while ((nl = memchr(p, '\n', (size_t)(end - p)))) {
			on_line(r, w, p, (size_t)(nl - p));
			p = nl + 1;
		}
		w->len = (size_t)(end - p);
		memmove(w->buf, p, w->len);
		if (w->len > (1 << 20)) /* one line of 1 MiB: not the kernel's */
			w->len = 0;
	}
}

void witness_tick(struct run *r)
{
	struct witness *w = r->wit;
	double now;

	if (!w || !w->active)
		return;
	lat_armed(r, w, false);
	witness_read(r);
	now = w->last_ts;
	/* the trace clock now: the last event's time and what passed since */
	if (w->last_read_ms)
		alloclat_tick(w->lat, now + (double)(mono_ms() - w->last_read_ms) / 1000.0);
	/* a task long in reclaim: where it is, while it is there */
	for (size_t i = 0; i < w->n_open; i++) {
		struct stall *s = &w->open_stalls[i];
		char p[64];
		if (s->sampled || (now - s->begin) * 1000.0 < WIT_STALL_SAMPLE_MS)
			continue;
		s->sampled = true;
		snprintf(p, sizeof(p), "/proc/%d/stack", s->tid);
		(void)read_full_file(p, 8192, &s->stack, NULL); /* gone: no stack, no error */
	}
}

void witness_finish(struct run *r)
{
	struct witness *w = r->wit;

	if (!w || !w->active)
		return;
	lat_armed(r, w, true);
	(void)tracefs_write(&w->tfs, "tracing_on", "0");
	witness_read(r);
	/* the last line and its stack: complete them */
	on_line(r, w, "", 0);
	for (int c = 0; c < WIT_CPUS; c++)
		close_open(w, c);
	expire_pending(w, 0, true);
	alloclat_end(w->lat, w->last_read_ms ?
				     w->last_ts + (double)(mono_ms() - w->last_read_ms) / 1000.0 :
				     w->last_ts);
	alloclat_collect(w->lat, &w->tfs, w->have_gfp ? &w->gfp : NULL, r->dir);
	for (size_t i = 0; i < w->n_open; i++) {
		struct stall *s = &w->open_stalls[i];
		w->stalls_unfinished++;
		stall_end(w, s, (w->last_ts - s->begin) * 1000.0);
	}
	w->n_open = 0;
	close(w->fd);
	w->fd = -1;
}

/* --- results ----------------------------------------------------------------- */

static unsigned long long trace_lost(struct witness *w)
{
	unsigned long long sum = 0;

	for (int c = 0; c < WIT_CPUS; c++) {
		char f[64];
		_cleanup_free_ char *st = NULL;
		snprintf(f, sizeof(f), "%s/per_cpu/cpu%d/stats", w->tfs.instance, c);
		if (read_full_file(f, 4096, &st, NULL) < 0)
			break;
		const char *o = strstr(st, "overrun: "), *d = strstr(st, "dropped events: ");
		sum += (o ? strtoull(o + 9, NULL, 10) : 0) + (d ? strtoull(d + 16, NULL, 10) : 0);
	}
	return sum > w->lost_lines ? sum : w->lost_lines;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y ? 1 : 0;
}

static double pct(const double *v, size_t n, double p)
{
	size_t i = (size_t)ceil(p / 100.0 * (double)n);

	return n ? v[i ? i - 1 : 0] : 0;
}

static json_object *frames_json(char *const *f, unsigned n)
{
	json_object *a = json_object_new_array();

	for (unsigned i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(f[i]));
	return a;
}

static json_object *failure_json(struct run *r, const struct rec *x)
{
	json_object *o = json_object_new_object();
	const char *site = oracle_alloc_site(x->frames, x->n_frames);

	json_object_object_add(
		o, "run_time",
		json_object_new_double(r->log.kernel_t0 >= 0 ? x->ts - r->log.kernel_t0 : -1));
	json_object_object_add(o, "kind",
			       json_object_new_string(x->kind == R_SLAB ? "slab" : "page"));
	json_object_object_add(o, "event", json_object_new_string(x->event));
	if (x->bytes >= 0)
		json_object_object_add(o, "size", json_object_new_int64(x->bytes));
	if (x->order >= 0)
		json_object_object_add(o, "order", json_object_new_int64(x->order));
	json_object_object_add(o, "gfp", json_object_new_string(x->gfp));
	json_object_object_add(o, "gfp_class", json_object_new_string(gfp_class_name(x->cls)));
	json_object_object_add(o, "injected", json_object_new_boolean(x->injected));
	json_object_object_add(o, "may_fail", json_object_new_boolean(x->may_fail));
	if (x->injected && x->injector[0])
		json_object_object_add(o, "injector", json_object_new_string(x->injector));
	json_object_object_add(o, "pid", json_object_new_int(x->tid));
	json_object_object_add(o, "comm", json_object_new_string(x->comm));
	if (x->wl >= 0)
		json_object_object_add(o, "workload",
				       json_object_new_string(r->work.wl[x->wl].w->name));
	json_object_object_add(o, "site", json_object_new_string(site ? site : x->call_site));
	for (unsigned i = 0; i < x->n_frames; i++) {
		const char *fs = oracle_frame_fs(x->frames[i]);
		if (fs) {
			json_object_object_add(o, "fs_frame", json_object_new_string(x->frames[i]));
			break;
		}
	}
	json_object_object_add(o, "stack", frames_json(x->frames, x->n_frames));
	return o;
}

/* The failures seen in the log (warn_alloc), when there is no trace. */
static void from_log(struct run *r, json_object *af)
{
	unsigned real = 0, nofs = 0;

	for (size_t i = 0; i < r->log.n_ev; i++) {
		const struct oracle_event *e = r->log.ev[i].e;
		if (e->kind != EV_ALLOC_FAILURE)
			continue;
		const struct fieldset *f = &e->fields;
		const char *cls = fget_str(f, "gfp_class") ?: "",
			   *gfp = fget_str(f, "gfp_flags") ?: "";
		struct gfp_info gi;
		gfp_decode(gfp, strlen(gfp), &gi);
		bool opp = may_fail(&gi, (int)fget_int(f, "order", 0));
		const char *how = opp ? "opportunistic" : "real";
		if (opp)
			r->wit->opportunistic++;
		else {
			real++;
			nofs += !strcmp(cls, "NOFS");
		}
		count(r->wit->by_class, *cls ? cls : "unknown", how);
		const char *site = fget_str(f, "site") ?: "";
		count(r->wit->by_site, *site ? site : "?", how);
	}
	r->wit->real = real;
	r->wit->real_nofs = nofs;
	json_object_object_add(af, "real", json_object_new_int((int)real));
	json_object_object_add(af, "real_nofs", json_object_new_int((int)nofs));
	json_object_object_add(af, "opportunistic",
			       json_object_new_int((int)r->wit->opportunistic));
	json_object_object_add(af, "injected", json_object_new_int(0));
	json_object_object_add(af, "note",
			       json_object_new_string(
				       "from the kernel log: failures under __GFP_NOWARN, and "
				       "those warn_alloc's rate limit drops, are not seen"));
}

static const char *wl_name(const void *ctx, int i)
{
	const struct run *r = ctx;

	return r->work.wl[i].w->name;
}

void witness_record(struct run *r)
{
	struct witness *w = r->wit;
	json_object *af = result_obj(r->res->root, "alloc_failures");

	if (!w)
		return;
	json_object_object_add(af, "source", json_object_new_string(w->active ? "trace" : "log"));
	if (!w->active) {
		json_object_object_add(af, "why_not_trace",
				       json_object_new_string(w->why_not ?: "?"));
		from_log(r, af);
	} else {
		unsigned long long lost = trace_lost(w);
		r->facts.alloc.trace_lost = lost;
		json_object_object_add(af, "real", json_object_new_int((int)w->real));
		json_object_object_add(af, "real_nofs", json_object_new_int((int)w->real_nofs));
		json_object_object_add(af, "opportunistic",
				       json_object_new_int((int)w->opportunistic));
		json_object_object_add(af, "injected", json_object_new_int((int)w->injected));
		if (w->probes)
			json_object_object_add(af, "injections_probed",
					       json_object_new_int((int)w->injections));
		json_object_object_add(af, "lost", json_object_new_int64((int64_t)lost));
		json_object_object_add(af, "instance", json_object_new_string(w->tfs.instance));
		json_object *list = json_object_new_array();
		for (size_t i = 0; i < w->n_kept; i++)
			json_object_array_add(list, failure_json(r, &w->kept[i]));
		json_object_object_add(af, "failures", list);
		json_object_object_add(af, "failures_not_listed",
				       json_object_new_int((int)(w->real + w->opportunistic +
								 w->injected - w->n_kept)));
	}
	if (w->n_steps) {
		json_object *steps = json_object_new_array();
		for (size_t i = 0; i < w->n_steps; i++) {
			const struct step *st = &w->steps[i];
			json_object *o = json_object_new_object();
			json_object_object_add(o, "op", json_object_new_string(st->op));
			json_object_object_add(o, "n", json_object_new_int((int)st->n));
			json_object_object_add(o, "kernel_t0", json_object_new_double(st->t0));
			json_object_object_add(o, "kernel_t1",
					       json_object_new_double(st->t1 > 0 ? st->t1 :
										   w->last_ts));
			if (st->has_failure) {
				json_object_object_add(o, "site", json_object_new_string(st->site));
				json_object_object_add(o, "gfp_class",
						       json_object_new_string(st->cls));
				if (st->injector[0])
					json_object_object_add(
						o, "injector",
						json_object_new_string(st->injector));
				if (st->fs_frame[0])
					json_object_object_add(
						o, "fs_frame",
						json_object_new_string(st->fs_frame));
			}
			json_object_array_add(steps, o);
		}
		json_object_object_add(af, "sweep_steps", steps);
	}
	json_object_object_add(af, "by_class", json_object_get(w->by_class));
	json_object_object_add(af, "by_site", json_object_get(w->by_site));
	r->facts.alloc.by_class = w->by_class;
	r->facts.alloc.by_site = w->by_site;
	if (!w->active)
		return;

	json_object *st = result_obj(r->res->root, "alloc_stalls");
	json_object *bc = json_object_new_object();
	double max = 0;
	json_object_object_add(st, "source", json_object_new_string("trace"));
	json_object_object_add(st, "count", json_object_new_int((int)w->stalls));
	json_object_object_add(st, "unfinished", json_object_new_int((int)w->stalls_unfinished));
	for (int c = 0; c <= GFP_CLASS_NOWAIT; c++) {
		struct class_stats *cs = &w->cls[c];
		if (!cs->n)
			continue;
		qsort(cs->ms, cs->n, sizeof(double), cmp_double);
		json_object *o = json_object_new_object();
		json_object_object_add(o, "count", json_object_new_int((int)cs->n));
		json_object_object_add(o, "p50_ms", json_object_new_double(pct(cs->ms, cs->n, 50)));
		json_object_object_add(o, "p99_ms", json_object_new_double(pct(cs->ms, cs->n, 99)));
		json_object_object_add(o, "max_ms", json_object_new_double(cs->ms[cs->n - 1]));
		json_object_object_add(bc, gfp_class_name((enum gfp_class)c), o);
		if (cs->ms[cs->n - 1] > max)
			max = cs->ms[cs->n - 1];
	}
	json_object_object_add(st, "max_ms", json_object_new_double(max));
	json_object_object_add(st, "by_class", bc);
	json_object *lg = json_object_new_array();
	for (size_t i = 0; i < w->n_longest; i++) {
		const struct stall *s = &w->longest[i];
		json_object *o = json_object_new_object();
		json_object_object_add(o, "ms", json_object_new_double(s->ms));
		json_object_object_add(o, "gfp_class",
				       json_object_new_string(gfp_class_name(s->cls)));
		json_object_object_add(o, "reclaim",
				       json_object_new_string(s->memcg ? "memcg" : "direct"));
		json_object_object_add(o, "pid", json_object_new_int(s->tid));
		json_object_object_add(o, "comm", json_object_new_string(s->comm));
		if (s->wl >= 0)
			json_object_object_add(o, "workload",
					       json_object_new_string(r->work.wl[s->wl].w->name));
		json_object_object_add(o, "run_time",
				       json_object_new_double(r->log.kernel_t0 >= 0 ?
								      s->begin - r->log.kernel_t0 :
								      -1));
		if (s->stack)
			json_object_object_add(o, "stack", json_object_new_string(s->stack));
		json_object_array_add(lg, o);
	}
	json_object_object_add(st, "longest", lg);
	r->facts.alloc.longest_round = lg;
	if (w->lat) {
		json_object *al = alloclat_json(w->lat, r->log.kernel_t0, wl_name, r);
		json_object_object_add(al, "timed_from_s", json_object_new_double(lat_from_s(r)));
		json_object_object_add(r->res->root, "alloc_latency", al);
		json_object_object_get_ex(al, "slowest", &r->facts.alloc.slowest);
		json_object_object_get_ex(al, "nofail_waits", &r->facts.alloc.nofail_waits);
	} else {
		json_object *al = result_obj(r->res->root, "alloc_latency");
		json_object_object_add(al, "source", json_object_new_string("none"));
		json_object_object_add(al, "why_not", json_object_new_string(w->lat_why ?: "?"));
	}
}

void witness_counts(const struct run *r, struct witness_counts *c)
{
	const struct witness *w = r->wit;

	memset(c, 0, sizeof(*c));
	if (!w)
		return;
	c->trace = w->active;
	c->real = w->real;
	c->real_nofs = w->real_nofs;
	c->injected = w->injected;
	c->injections = w->injections;
	c->probes = w->probes;
	c->lost = w->lost_lines;
	c->stalls = w->stalls;
	alloclat_counts(w->lat, &c->lat);
	c->lat.from_s = lat_from_s(r);
	c->lat_why = w->lat ? NULL : w->lat_why;
	for (int k = 0; k <= GFP_CLASS_NOWAIT; k++)
		for (size_t i = 0; i < w->cls[k].n; i++) {
			double ms = w->cls[k].ms[i];
			if (ms > c->stall_max_ms)
				c->stall_max_ms = ms;
			if (k == GFP_CLASS_NOFS && ms > c->nofs_stall_max_ms)
				c->nofs_stall_max_ms = ms;
		}
	unsigned kept_real = 0; /* the real failures kept in detail (WIT_KEEP) */
	for (size_t i = 0; i < w->n_kept; i++) {
		const struct rec *x = &w->kept[i];
		const char *site = oracle_alloc_site(x->frames, x->n_frames);
		if (x->injected || x->may_fail)
			continue;
		kept_real++;
		if (oomlife_was_victim(r, x->tid, x->ts) ||
		    (x->tgid && oomlife_was_victim(r, x->tgid, x->ts))) {
			c->real_by_victims++;
			continue;
		}
		if (x->account) {
			c->real_by_memcg++;
			continue;
		}
		if (c->first_real[0])
			continue;
		snprintf(c->first_real, sizeof(c->first_real), "%s (%s) by %s at %s", x->event,
			 gfp_class_name(x->cls), x->comm,
			 site		 ? site :
			 x->call_site[0] ? x->call_site :
					   "?");
	}
	c->real_not_kept = w->real > kept_real ? w->real - kept_real : 0;
	/* a task in reclaim right now counts too */
	for (size_t i = 0; i < w->n_open; i++) {
		double ms = (w->last_ts - w->open_stalls[i].begin) * 1000.0;
		if (ms > c->stall_max_ms)
			c->stall_max_ms = ms;
		if (w->open_stalls[i].cls == GFP_CLASS_NOFS && ms > c->nofs_stall_max_ms)
			c->nofs_stall_max_ms = ms;
	}
}

void witness_free(struct run *r)
{
	struct witness *w = r->wit;

	if (!w)
		return;
	if (w->fd >= 0)
		close(w->fd);
	for (int c = 0; c < WIT_CPUS; c++)
		rec_release(&w->open[c]);
	for (size_t i = 0; i < w->n_pending; i++)
		rec_release(&w->pending[i]);
	for (size_t i = 0; i < w->n_kept; i++)
		rec_release(&w->kept[i]);
	free(w->kept);
	for (size_t i = 0; i < w->n_open; i++)
		free(w->open_stalls[i].stack);
	free(w->open_stalls);
	for (size_t i = 0; i < w->n_longest; i++)
		free(w->longest[i].stack);
	for (int c = 0; c <= GFP_CLASS_NOWAIT; c++)
		free(w->cls[c].ms);
	alloclat_free(w->lat);
	json_object_put(w->by_class);
	json_object_put(w->by_site);
	free(w->steps);
	free(w->buf);
	free(w);
	r->wit = NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection for a run: the failslab and fail_page_alloc knobs in
 * debugfs, scoped to the workloads (task-filter + make-it-fail) and aimed at
 * filesystem code (target = xfs|ext4|jbd2|function → a require-start/end
 * text range from kallsyms), and the knobs a fail-nth sweep needs.
 *
 * Every knob goes through the undo journal; probability is written last, so
 * the unwind restores it first, and faults are disarmed as soon as the
 * workloads stop, before anything else is checked. `times` is how faults are
 * counted (the kernel decrements it per injected failure; messages undercount
 * because __GFP_NOWARN suppresses them), so an unlimited scenario value
 * (-1, which the kernel never decrements) is written as a large budget.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/strv.h"
#include "core/undo.h"
#include "engine/engine.h"
#include "fault/injector.h"
#include "fs/fstype.h"
#include "kernel/kallsyms.h"
#include "kernel/knob.h"
#include "kernel/undo_ops.h"
#include "report/writers.h"
#include "run_int.h"

#define TIMES_BUDGET 1000000000LL

/* A fault target named as a filesystem aims at its code (lib/fs); jbd2,
 * ext4's journal, has a name of its own. */
static const char *const jbd2_code[] = { "jbd2", "__jbd2", "start_this_handle", NULL };

const char *run_debugfs(struct run *r)
{
	static char path[256];

	if (r->m.debugfs[0])
		return r->m.debugfs;
	snprintf(path, sizeof(path), "/sys/kernel/debug");
	if (undo_record(r->undo, "mount", path, "debugfs", NULL) < 0)
		return NULL;
	if (mount("debugfs", path, "debugfs", 0, NULL) < 0 && errno != EBUSY) {
		log_error_errno(-errno, "cannot mount debugfs on %s: %m", path);
		return NULL;
	}
	snprintf(r->m.debugfs, sizeof(r->m.debugfs), "%s", path);
	return path;
}

static int set(struct run *r, const char *dir, const char *knob, const char *value,
	       json_object *knobs)
{
	char p[512];
	int k;

	snprintf(p, sizeof(p), "%s/%s", dir, knob);
	if (!path_exists(p))
		return -ENOENT;
	k = knob_set(r->undo, p, value);
	if (k < 0)
		return log_error_errno(k, "cannot set %s = %s: %m", p, value);
	json_object_object_add(knobs, knob, json_object_new_string(value));
	return 0;
}

static int setll(struct run *r, const char *dir, const char *knob, long long v, json_object *knobs)
{
	char s[32];
	snprintf(s, sizeof(s), "%lld", v);
	return set(r, dir, knob, s, knobs);
}

/* target names to one require range (the hull of all of them). */
static int resolve_target(const struct sc_fault *f, json_object *into, uint64_t *start,
			  uint64_t *end)
{
	uint64_t lo = UINT64_MAX, hi = 0;
	json_object *t = json_object_new_array();

	STRV_FOREACH(name, f->target) {
		struct ksym_range kr;
		const char *const *pfx = NULL;
		const char *const one[] = { *name, NULL };
		const struct fs_type *ft = fs_type_find(*name);
		if (ft)
			pfx = ft->fault_code;
		else if (!strcmp(*name, "jbd2"))
			pfx = jbd2_code;
		int k = kallsyms_range(NULL, pfx ? pfx : one, !pfx, &kr);
		if (k < 0) {
			json_object_put(t);
			return log_error_errno(
				k, "fault target '%s': no such code in /proc/kallsyms (%m)", *name);
		}
		json_object *o = json_object_new_object();
		char a[32];
		json_object_object_add(o, "target", json_object_new_string(*name));
		snprintf(a, sizeof(a), "0x%" PRIx64, kr.start);
		json_object_object_add(o, "start", json_object_new_string(a));
		snprintf(a, sizeof(a), "0x%" PRIx64, kr.end);
		json_object_object_add(o, "end", json_object_new_string(a));
		json_object_object_add(o, "symbols", json_object_new_int((int)kr.matched));
		json_object_object_add(o, "other_symbols_inside",
				       json_object_new_int((int)kr.others));
		json_object_object_add(o, "first", json_object_new_string(kr.first));
		json_object_object_add(o, "last", json_object_new_string(kr.last));
		json_object_array_add(t, o);
		if (kr.start < lo)
			lo = kr.start;
		if (kr.end > hi)
			hi = kr.end;
	}
	json_object_object_add(into, "targets", t);
	*start = lo;
	*end = hi;
	return 0;
}

/* The injector's own knobs (fault/injector.h), journaled as the rest. */
struct own_knobs {
	struct run *r;
	const char *dir;
	json_object *knobs;
};

static int own_set(const struct knob_writer *w, const char *knob, const char *value)
{
	const struct own_knobs *o = w->ctx;

	return set(o->r, o->dir, knob, value, o->knobs);
}

static int own_write(const struct knob_writer *w, const char *path, const char *value)
{
	const struct own_knobs *o = w->ctx;
	int k = knob_set(o->r->undo, path, value);

	return k < 0 ? log_error_errno(k, "cannot set %s: %m", path) : 0;
}

static json_object *strv_json(char **v)
{
	json_object *a = json_object_new_array();

	STRV_FOREACH(s, v)
		json_object_array_add(a, json_object_new_string(*s));
	return a;
}

static int arm(struct run *r, const struct injector *inj, const struct sc_fault *f, bool for_nth)
{
	const char *dbg = run_debugfs(r);
	char dir[512];
	json_object *o = json_object_new_object(), *knobs = json_object_new_object();
	int k = 0;

	if (!dbg) {
		json_object_put(o);
		json_object_put(knobs);
		return -ENOENT;
	}
	snprintf(dir, sizeof(dir), "%s/%s", dbg, inj->debugfs);
	json_object_object_add(o, "injector", json_object_new_string(inj->name));
	json_object_object_add(o, "knobs", knobs);
	json_object_array_add(result_arr(r->faults.result, "injectors"), o);
	long long times = f->times < 0 ? TIMES_BUDGET : f->times;
	json_object_object_add(o, "times_written", json_object_new_int64(times));
	/* probability 0 first: nothing fires while the rest is being set */
	if ((k = setll(r, dir, "probability", 0, knobs)) < 0)
		return k;
	if ((k = setll(r, dir, "interval", f->interval, knobs)) < 0 ||
	    (k = setll(r, dir, "times", times, knobs)) < 0 ||
	    (k = setll(r, dir, "space", (long long)f->space.bytes, knobs)) < 0 ||
	    (k = setll(r, dir, "verbose", f->verbose, knobs)) < 0 ||
	    (k = set(r, dir, "task-filter", f->task_filter ? "Y" : "N", knobs)) < 0 ||
	    (k = set(r, dir, "ignore-gfp-wait", f->ignore_gfp_wait ? "Y" : "N", knobs)) < 0)
		return k;
	(void)setll(r, dir, "verbose_ratelimit_interval_ms", f->ratelimit_interval_ms, knobs);
	(void)setll(r, dir, "verbose_ratelimit_burst", f->ratelimit_burst, knobs);
	struct own_knobs own = { r, dir, knobs };
	const struct knob_writer w = { own_set, own_write, &own };
	if (inj->arm_own && (k = inj->arm_own(f, &w)) < 0)
		return k;
	if (f->caches)
		json_object_object_add(o, "caches", strv_json(f->caches));
	/* kmemleak allocates its own record of every allocation in the same task,
	 * with the caller's GFP flags: a fault there drains its pool and disables
	 * it, and is no fault of the code under test. Rejected by the stack filter. */
	uint64_t kl_start = 0, kl_end = 0;
	if (r->m.kmemleak && !f->reject_start && r->m.stacktrace_filter) {
		/* mm/kmemleak.c's static functions lie together; its exported
		 * kmemleak_*() are linked elsewhere, so they are not in the hull */
		static const char *const kmemleak_fns[] = { "__alloc_object", "__link_object",
							    "__create_object", NULL };
		struct ksym_range kr;
		if (kallsyms_range(NULL, kmemleak_fns, 1, &kr) == 0 && !kr.others) {
			kl_start = kr.start;
			kl_end = kr.end;
			json_object_object_add(
				o, "rejected",
				json_object_new_string("kmemleak's own allocations"));
		}
	}
	uint64_t start = 0, end = 0;
	if (f->target) {
		if ((k = resolve_target(f, o, &start, &end)) < 0)
			return k;
	}
	if (f->target || f->require_start || f->reject_start || kl_start) {
		char s[32];
		if ((k = setll(r, dir, "stacktrace-depth", f->stacktrace_depth, knobs)) < 0)
			return k;
		if (f->target) {
			snprintf(s, sizeof(s), "%" PRIu64, start);
			if ((k = set(r, dir, "require-start", s, knobs)) < 0)
				return k;
			snprintf(s, sizeof(s), "%" PRIu64, end);
			if ((k = set(r, dir, "require-end", s, knobs)) < 0)
				return k;
		} else if (f->require_start) {
			if ((k = set(r, dir, "require-start", f->require_start, knobs)) < 0 ||
			    (k = set(r, dir, "require-end", f->require_end, knobs)) < 0)
				return k;
		}
		if (f->reject_start &&
		    ((k = set(r, dir, "reject-start", f->reject_start, knobs)) < 0 ||
		     (k = set(r, dir, "reject-end", f->reject_end, knobs)) < 0))
			return k;
		if (kl_start) {
			snprintf(s, sizeof(s), "%" PRIu64, kl_start);
			if ((k = set(r, dir, "reject-start", s, knobs)) < 0)
				return k;
			snprintf(s, sizeof(s), "%" PRIu64, kl_end);
			if ((k = set(r, dir, "reject-end", s, knobs)) < 0)
				return k;
		}
	}
	/* armed last; the journal puts it back first */
	return setll(r, dir, "probability", for_nth ? 0 : f->probability, knobs);
}

const struct sc_fault *faults_sweep(const struct scenario *s)
{
	for (size_t i = 0; i < s->n_faults; i++) {
		const struct injector *inj = injector_find(s->faults[i].kind);
		if (inj && inj->sweep)
			return &s->faults[i];
	}
	return NULL;
}

int faults_setup(struct run *r)
{
	const struct sc_fault *nth = faults_sweep(r->s);
	const struct injector *inj;
	int k;

	if (!r->s->n_faults)
		return 0;
	r->faults.result = result_obj(r->res->root, "faults");
	r->facts.faults.on = true;
	for (size_t i = 0; i < r->s->n_faults; i++) {
		const struct sc_fault *f = &r->s->faults[i];
		inj = injector_find(f->kind);
		if (!inj->debugfs)
			continue;
		if ((k = arm(r, inj, f, false)) < 0)
			return k;
		if (f->probability > 0 && f->times != 0)
			r->facts.faults.knobs_armed++; /* to fire */
	}
	/* a sweep counts every allocation the injectors consider: let them
	 * consider sleeping ones and single pages, but never fire at random */
	for (size_t i = 0; nth && (inj = injector_at(i)); i++)
		if (inj->debugfs && !scenario_fault(r->s, inj->name) &&
		    (k = arm(r, inj, nth, true)) < 0)
			return k;
	r->faults.armed = true;
	run_log_kmsg_marker(r, "fault injection armed");
	return 0;
}

static void read_times(struct run *r)
{
	json_object *inj = jget(r->faults.result, "injectors");
	long long fired = 0;
	json_object *by = json_object_new_object();

	for (size_t i = 0; inj && i < json_object_array_length(inj); i++) {
		json_object *o = json_object_array_get_idx(inj, i);
		char p[512];
		int64_t left;
		snprintf(p, sizeof(p), "%s/%s/times", r->m.debugfs, jstr(o, "injector"));
		if (read_int64(p, &left) < 0)
			continue;
		long long n = jint(o, "times_written", 0) - left;
		json_object_object_add(o, "fired", json_object_new_int64(n));
		json_object_object_add(by, jstr(o, "injector"), json_object_new_int64(n));
		fired += n;
	}
	json_object_object_add(r->faults.result, "fired", json_object_new_int64(fired));
	json_object_object_add(r->faults.result, "by_injector", by);
	r->facts.faults.fired = fired;
	r->facts.faults.counted = true;
	r->facts.faults.by_injector = by;
}

static void undo_log(const struct undo_entry *e, int k, const char *msg, void *ud)
{
	(void)ud;
	if (k < 0)
		log_warning("cannot restore %s: %s", e->arg[0] ? e->arg[0] : e->op,
			    *msg ? msg : strerror(-k));
}

void faults_disarm(struct run *r)
{
	if (!r->faults.armed || !r->undo)
		return;
	read_times(r);
	(void)undo_unwind_after(r->undo, r->faults.undo_mark, undo_ops, undo_log, r);
	r->faults.armed = false;
	run_log_kmsg_marker(r, "fault injection disarmed");
}

/* Where the faults landed: a histogram of the first filesystem frame. */
static void sites(struct run *r)
{
	json_object *hist = json_object_new_object(), *classes = json_object_new_object();
	long long logged = 0, with_fs = 0;

	for (size_t i = 0; i < r->log.n_ev; i++) {
		const struct oracle_event *e = r->log.ev[i].e;
		const struct fieldset *f = &e->fields;
		if (e->kind == EV_ALLOC_FAILURE) {
			json_object *c;
			const char *cls = fget_str(f, "gfp_class") ?: "";
			if (json_object_object_get_ex(classes, cls, &c))
				json_object_int_inc(c, 1);
			else
				json_object_object_add(classes, cls, json_object_new_int(1));
		}
		if (e->kind != EV_FAULT_INJECTED)
			continue;
		logged++;
		const char *fs = fget_str(f, "fs_frame") ?: "";
		const char *site = *fs ? fs : "(no filesystem frame)";
		if (*fs)
			with_fs++;
		json_object *c;
		if (json_object_object_get_ex(hist, site, &c))
			json_object_int_inc(c, 1);
		else
			json_object_object_add(hist, site, json_object_new_int(1));
	}
	json_object_object_add(r->faults.result, "logged", json_object_new_int64(logged));
	json_object_object_add(r->faults.result, "with_fs_frame", json_object_new_int64(with_fs));
	json_object_object_add(r->faults.result, "sites", hist);
	r->facts.faults.logged = logged;
	r->facts.faults.with_fs_frame = with_fs;
	r->facts.faults.sites = hist;
	json_object_object_add(r->faults.result, "alloc_failures_by_class", classes);
}

/* What the failures caused: the errnos engines counted per operation, shutdowns, warnings. */
static void outcomes(struct run *r)
{
	json_object *o = json_object_new_object(), *errs = json_object_new_object();

	for (size_t i = 0; i < r->work.n_wl; i++) {
		struct engine_ctx c;
		if (!r->work.wl[i].e->results)
			continue;
		workload_ctx(r, &r->work.wl[i], &c);
		json_object *st = r->work.wl[i].e->results(&c);
		json_object *ops = json_object_is_type(st, json_type_object) ? jget(st, "ops") :
									       NULL;
		if (!json_object_is_type(ops,
					 json_type_object)) { /* a fail-nth sweep keeps no stats */
			json_object_put(st);
			continue;
		}
		json_object_object_foreach(ops, op, v)
		{
			json_object *errors = jget(v, "errors");
			if (!json_object_is_type(errors, json_type_object))
				continue;
			json_object_object_foreach(errors, en, cnt)
			{
				char key[64];
				snprintf(key, sizeof(key), "%s:%s", op, en);
				json_object_object_add(
					errs, key,
					json_object_new_int64(json_object_get_int64(cnt)));
			}
		}
		json_object_put(st);
	}
	json_object_object_add(o, "op_errors", errs);
	json_object_object_add(o, "fs_errors",
			       json_object_new_int((int)r->log.event_counts[EV_FS_ERROR]));
	json_object_object_add(o, "warnings",
			       json_object_new_int((int)r->log.event_counts[EV_WARNING]));
	json_object_object_add(o, "alloc_failures",
			       json_object_new_int((int)r->log.event_counts[EV_ALLOC_FAILURE]));
	json_object_object_add(r->faults.result, "outcomes", o);
}

/* Kernel log events in [t0, t1) of kernel time: what a sweep step made it say. */
static json_object *logged_between(struct run *r, double t0, double t1)
{
	json_object *a = json_object_new_array();

	for (size_t i = 0; i < r->log.n_ev; i++) {
		const struct oracle_event *e = r->log.ev[i].e;
		double t = e->ts >= 0 ? e->ts : -1;
		if (t >= t0 && t < t1 && e->kind != EV_FAULT_INJECTED &&
		    json_object_array_length(a) < 3)
			json_object_array_add(a, json_object_new_string(e->title));
	}
	return a;
}

/* The witness's step for (op, n): the failed allocation's site, class, fs frame. */
static json_object *step_of(json_object *steps, const char *op, long long n)
{
	for (size_t i = 0; steps && i < json_object_array_length(steps); i++) {
		json_object *s = json_object_array_get_idx(steps, i);
		if (!strcmp(jstr(s, "op"), op) && jint(s, "n", -1) == n)
			return s;
	}
	return NULL;
}

/*
 * Each row of the sweep gets what the witnesses saw: where the failed
 * allocation was (site, first filesystem frame, GFP class, which knob), and
 * what the kernel logged during the step. Rows where an allocation failed
 * and the call still succeeded come first in "swallowed": a fallback, or an
 * error someone dropped. Sites are counted per subsystem.
 */
static void sweep_sites(struct run *r, json_object *s)
{
	json_object *steps = jget(jget(r->res->root, "alloc_failures"), "sweep_steps");
	json_object *ops = jget(s, "ops"), *swallowed = json_object_new_array(),
		    *subsys = json_object_new_object();
	unsigned fired = 0, named = 0;

	for (size_t k = 0; ops && k < json_object_array_length(ops); k++) {
		json_object *x = json_object_array_get_idx(ops, k), *table = jget(x, "table");
		for (size_t i = 0; table && i < json_object_array_length(table); i++) {
			json_object *row = json_object_array_get_idx(table, i);
			json_object *st = step_of(steps, jstr(x, "op"), jint(row, "n", -1));
			if (!jint(row, "fired", 0))
				continue;
			fired++;
			if (st) {
				json_object_object_add(row, "logged",
						       logged_between(r,
								      jdouble(st, "kernel_t0", 0),
								      jdouble(st, "kernel_t1", 0)));
			}
			if (!st || !jget(st, "site"))
				continue;
			named++;
			static const char *const keys[] = { "site", "fs_frame", "gfp_class",
							    "injector" };
			for (size_t q = 0; q < ARRAY_SIZE(keys); q++)
				if (jget(st, keys[q]))
					json_object_object_add(row, keys[q],
							       json_object_get(jget(st, keys[q])));
			const char *fs =
				jget(st, "fs_frame") ? oracle_frame_fs(jstr(st, "fs_frame")) : NULL;
			const char *sub = fs ? fs : "vfs and other";
			json_object_object_add(subsys, sub,
					       json_object_new_int((int)jint(subsys, sub, 0) + 1));
			if (!strcmp(jstr(row, "result"), "ok")) {
				json_object *w = json_object_new_object();
				json_object_object_add(w, "op",
						       json_object_new_string(jstr(x, "op")));
				json_object_object_add(w, "n",
						       json_object_new_int((int)jint(row, "n", 0)));
				json_object_object_add(w, "site",
						       json_object_get(jget(st, "site")));
				json_object_array_add(swallowed, w);
			}
		}
	}
	json_object_object_add(s, "failed_and_succeeded", swallowed);
	json_object_object_add(s, "sites_by_subsystem", subsys);
	json_object_object_add(s, "steps_fired", json_object_new_int((int)fired));
	json_object_object_add(s, "steps_with_site", json_object_new_int((int)named));
	json_object_object_add(s, "site_source",
			       json_object_new_string(steps ? "trace" : "none (no tracepoints)"));
}

static void sweep(struct run *r)
{
	for (size_t i = 0; i < r->work.n_wl; i++) {
		char p[4200];
		snprintf(p, sizeof(p), "%s.sweep.json", r->work.wl[i].journal_path);
		json_object *s = json_object_from_file(p);
		if (!s)
			continue;
		json_object *ops = jget(s, "ops");
		bool complete = ops && json_object_array_length(ops) > 0;
		/* a reproducer's one step (only_n): done when it was performed */
		long long only = jint(s, "only_n", 0);
		bool armed = !jget(s, "inject") || json_object_get_boolean(jget(s, "inject"));
		char sum[1024] = "";
		size_t o = 0;
		for (size_t k = 0; ops && k < json_object_array_length(ops); k++) {
			json_object *x = json_object_array_get_idx(ops, k);
			json_object *row = json_object_array_get_idx(jget(x, "table"), 0);
			if (only) {
				bool done = row && jget(row, "result");
				complete &= done;
				o += (size_t)snprintf(sum + o,
						      sizeof(sum) > o ? sizeof(sum) - o : 0,
						      "%s%s: step %lld alone, fail-nth %s, %s",
						      k ? "; " : "", jstr(x, "op"), only,
						      !armed		    ? "unarmed" :
						      jint(row, "fired", 0) ? "fired" :
									      "did not fire",
						      done ? jstr(row, "result") : "not performed");
				continue;
			}
			complete &= jint(x, "complete", 0) != 0;
			o += (size_t)snprintf(sum + o, sizeof(sum) > o ? sizeof(sum) - o : 0,
					      "%s%s: %lld fault site(s)%s", k ? "; " : "",
					      jstr(x, "op"), jint(x, "fault_sites", -1),
					      jint(x, "complete", 0) ? "" : " (incomplete)");
		}
		if (jint(s, "fs_shutdown", 0))
			o += (size_t)snprintf(sum + o, sizeof(sum) > o ? sizeof(sum) - o : 0,
					      "; the filesystem shut down");
		sweep_sites(r, s);
		if (jget(jget(r->res->root, "alloc_failures"), "sweep_steps"))
			snprintf(sum + o, sizeof(sum) > o ? sizeof(sum) - o : 0,
				 "; %lld of %lld injected step(s) with a site, %zu failed and "
				 "succeeded",
				 jint(s, "steps_with_site", 0), jint(s, "steps_fired", 0),
				 json_object_array_length(jget(s, "failed_and_succeeded")));
		json_object_object_add(s, "complete", json_object_new_boolean(complete));
		json_object_object_add(s, "summary", json_object_new_string(sum));
		json_object_object_add(r->faults.result, "sweep", s);
		r->facts.faults.sweep = true;
		r->facts.faults.sweep_complete = complete;
		snprintf(r->facts.faults.sweep_summary, sizeof(r->facts.faults.sweep_summary), "%s",
			 sum);
	}
}

void faults_record(struct run *r)
{
	if (!r->faults.result)
		return;
	sites(r);
	outcomes(r);
	sweep(r);
}

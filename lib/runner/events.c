// SPDX-License-Identifier: GPL-2.0
/*
 * The run's kernel events: what the console oracle reported, kept typed
 * (struct oracle_event plus what the run adds: the workload it names, its
 * time in the run, whether memstress itself caused it) for the checks and
 * the witnesses. JSON is made from them in one place, events_record(), when
 * the result is written.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/log.h"
#include "run_int.h"

/* The workload whose leaf cgroup is exactly memcg ("/memstress-<id>/wl.x"):
 * this run's own, never another run's leaf of the same name. */
static int workload_by_memcg(const struct run *r, const char *memcg)
{
	if (!memcg)
		return -1;
	memcg += *memcg == '/';
	for (size_t i = 0; i < r->work.n_wl; i++)
		if (r->work.wl[i].leaf && !strcmp(memcg, r->work.wl[i].leaf->cg->rel))
			return (int)i;
	return -1;
}

/* A memory-cgroup OOM in a cgroup that is not this run's (a run beside it,
 * a user's container) is none of this run's business. */
static bool foreign_oom(const struct run *r, const struct oracle_event *e)
{
	const char *om = e->kind == EV_OOM ? fget_str(&e->fields, "oom_memcg") : NULL;

	if (!om || !strcmp(om, "/"))
		return false;
	const char *top = r->cgroups.n ? r->cgroups.node[0].cg->rel : "";
	size_t n = strlen(top);
	om += *om == '/';
	if (n && !strncmp(om, top, n) && (!om[n] || om[n] == '/'))
		return false;
	log_debug("ignoring an OOM kill in %s, not this run's cgroup", om);
	return true;
}

/* The shutdown memstress itself ordered (for the durability check) is no
 * filesystem error: it becomes information, for every reader of the event. */
static bool ordered_shutdown(const struct run *r, const struct oracle_event *e)
{
	const char *dev = fget_str(&e->fields, "device");
	const char *ours = strrchr(r->fs.dev, '/') ? strrchr(r->fs.dev, '/') + 1 : r->fs.dev;

	return e->kind == EV_FS_ERROR && r->log.fs_shutdown_ordered && dev && r->fs.dev[0] &&
	       !strcmp(ours, dev) && !strncmp(e->subkind, "shutdown", 8);
}

static int workload_named(const struct run *r, const struct oracle_event *e)
{
	const struct fieldset *f = &e->fields;
	int wl = -1;

	if (e->kind == EV_OOM) {
		if (fhas(f, "victim_pid"))
			wl = workload_of_pid(r, (pid_t)fget_int(f, "victim_pid", -1));
		if (wl < 0)
			wl = workload_by_memcg(r, fget_str(f, "task_memcg"));
	} else if (fhas(f, "pid"))
		wl = workload_of_pid(r, (pid_t)fget_int(f, "pid", -1));
	return wl;
}

void run_on_event(struct oracle_event *e, void *userdata)
{
	struct run *r = userdata;

	if (foreign_oom(r, e)) {
		oracle_event_free(e);
		return;
	}
	if (r->log.n_ev == r->log.cap_ev) {
		size_t cap = r->log.cap_ev ? r->log.cap_ev * 2 : 64;
		struct run_event *v = realloc(r->log.ev, cap * sizeof(*v));
		if (!v) {
			log_warning("out of memory: a kernel event is lost (%s)", e->title);
			oracle_event_free(e);
			return;
		}
		r->log.ev = v;
		r->log.cap_ev = cap;
	}
	struct run_event *x = &r->log.ev[r->log.n_ev++];
	*x = (struct run_event){
		.e = e,
		.run_time = e->ts >= 0 && r->log.kernel_t0 >= 0 ? e->ts - r->log.kernel_t0 : NAN,
		.workload = workload_named(r, e),
		.ordered = ordered_shutdown(r, e),
	};
	if (x->ordered) {
		e->severity = SEV_INFO;
		snprintf(e->title, sizeof(e->title),
			 "filesystem shutdown forced by memstress (durability check)");
		return;
	}
	r->log.event_counts[e->kind]++;
	const char *cls = fget_str(&e->fields, "gfp_class");
	if (e->kind == EV_ALLOC_FAILURE && cls && !strcmp(cls, "NOFS"))
		r->log.nofs_failures++;
	if (e->severity == SEV_FAILURE) {
		r->log.failure_events++;
		log_warning("kernel %s: %s", ev_kind_name(e->kind), e->title);
	}
}

static int by_time(const void *a, const void *b)
{
	const struct oracle_event *x = ((const struct run_event *)a)->e,
				  *y = ((const struct run_event *)b)->e;
	double tx = x->ts >= 0 ? x->ts : -1, ty = y->ts >= 0 ? y->ts : -1;

	if (tx != ty)
		return tx < ty ? -1 : 1;
	return x->first_line < y->first_line ? -1 : x->first_line > y->first_line;
}

void events_sort(struct run *r)
{
	if (r->log.n_ev)
		qsort(r->log.ev, r->log.n_ev, sizeof(*r->log.ev), by_time);
}

const char *event_workload(const struct run *r, const struct run_event *x)
{
	return x->workload >= 0 ? r->work.wl[x->workload].w->name : NULL;
}

json_object *event_brief_json(const struct run_event *x)
{
	json_object *s = json_object_new_object(), *ln = json_object_new_array();

	json_object_object_add(s, "title", json_object_new_string(x->e->title));
	json_object_object_add(s, "run_time",
			       json_object_new_double(isnan(x->run_time) ? -1 : x->run_time));
	json_object_array_add(ln, json_object_new_int64((long long)x->e->first_line));
	json_object_array_add(ln, json_object_new_int64((long long)x->e->last_line));
	json_object_object_add(s, "lines", ln);
	return s;
}

void events_record(struct run *r)
{
	json_object *a = json_object_new_array_ext((int)r->log.n_ev);

	for (size_t i = 0; i < r->log.n_ev; i++) {
		const struct run_event *x = &r->log.ev[i];
		json_object *j = oracle_event_json(x->e);
		const char *wl = event_workload(r, x);
		if (!isnan(x->run_time))
			json_object_object_add(j, "run_time", json_object_new_double(x->run_time));
		if (x->e->kind == EV_OOM)
			json_object_object_add(j, "victim_workload",
					       json_object_new_string(wl ? wl : ""));
		else if (wl)
			json_object_object_add(j, "workload", json_object_new_string(wl));
		if (x->ordered)
			json_object_object_add(j, "ordered_by",
					       json_object_new_string("memstress"));
		json_object_array_add(a, j);
	}
	json_object_object_add(r->res->root, "events", a);
}

void events_free(struct run *r)
{
	for (size_t i = 0; i < r->log.n_ev; i++)
		oracle_event_free(r->log.ev[i].e);
	free(r->log.ev);
	r->log.ev = NULL;
	r->log.n_ev = r->log.cap_ev = 0;
}

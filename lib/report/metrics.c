// SPDX-License-Identifier: GPL-2.0
/*
 * Metrics read out of result.json for comparisons: the table and its
 * extractors. Every extractor works on the canonical record only, so a run
 * from any earlier memstress of the same schema version compares.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics.h"
#include "oracle/oracle.h"
#include "writers.h"

static size_t arr_len(json_object *a)
{
	return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

#define FOREACH_EVENT(root, e)                                                                \
	for (size_t _i = 0, _n = arr_len(jget(root, "events")); _i < _n; _i++)                \
		for (json_object *e = json_object_array_get_idx(jget(root, "events"), _i); e; \
		     e = NULL)

static bool passed(json_object *root, double *v)
{
	const char *verdict = jstr(root, "verdict");

	if (strcmp(verdict, "pass") && strcmp(verdict, "fail"))
		return false; /* a skipped or broken run says nothing about the kernel */
	*v = !strcmp(verdict, "pass") ? 100.0 : 0.0;
	return true;
}

static bool is_kill(json_object *e)
{
	return jevent_kind(e) == EV_OOM && jget(jget(e, "fields"), "victim_pid");
}

static bool oom_kills(json_object *root, double *v)
{
	*v = 0;
	FOREACH_EVENT(root, e)
		*v += is_kill(e);
	return true;
}

static bool first_oom(json_object *root, double *v)
{
	bool any = false;

	FOREACH_EVENT(root, e)
		if (is_kill(e) && jget(e, "run_time")) {
			double t = jdouble(e, "run_time", 0);
			if (!any || t < *v)
				*v = t;
			any = true;
		}
	return any;
}

static bool faults_fired(json_object *root, double *v)
{
	json_object *f = jget(root, "faults");

	if (!f)
		return false;
	*v = (double)jint(f, "fired", 0);
	return true;
}

static bool count_alloc(json_object *root, double *v, const char *cls)
{
	*v = 0;
	FOREACH_EVENT(root, e)
		if (jevent_kind(e) == EV_ALLOC_FAILURE &&
		    (!cls || !strcmp(jstr(jget(e, "fields"), "gfp_class"), cls)))
			*v += 1;
	return true;
}

static bool nofs_failures(json_object *root, double *v)
{
	return count_alloc(root, v, "NOFS");
}

static bool alloc_failures(json_object *root, double *v)
{
	return count_alloc(root, v, NULL);
}

static bool ops_rate(json_object *root, double *v)
{
	json_object *w = jget(root, "workloads");
	bool any = false;

	*v = 0;
	for (size_t i = 0; i < arr_len(w); i++) {
		/* what the workload's engine reported, under the engine's name */
		json_object *x = json_object_array_get_idx(w, i), *st = jget(x, jstr(x, "engine"));
		if (st && jget(st, "ops_per_s")) {
			*v += jdouble(st, "ops_per_s", 0);
			any = true;
		}
	}
	return any;
}

static bool stalls(json_object *root, double *v)
{
	*v = (double)arr_len(jpath(root, "watchdog.stalls"));
	FOREACH_EVENT(root, e)
		*v += jevent_kind(e) == EV_HANG;
	return true;
}

/* Share of the run some task of the top cgroup stalled on memory (PSI some). */
static bool psi_some(json_object *root, double *v)
{
	json_object *cgs = jpath(root, "memory.cgroups");
	double dur = jdouble(root, "duration_s", 0);

	for (size_t i = 0; i < arr_len(cgs); i++) {
		json_object *c = json_object_array_get_idx(cgs, i);
		if (strcmp(jstr(c, "cgroup"), "/") || !jget(c, "psi_some_total_us") || dur <= 0)
			continue;
		*v = 100.0 * (double)jint(c, "psi_some_total_us", 0) / (dur * 1e6);
		return true;
	}
	return false;
}

/* From memory.reclaim (vmstat.tsv's totals over the sampled time). */
static bool reclaim_rate(json_object *root, double *v, const char *const *cols)
{
	json_object *ps = jpath(root, "memory.reclaim.per_s");
	bool any = false;

	*v = 0;
	for (; ps && *cols; cols++)
		if (jget(ps, *cols)) {
			*v += jdouble(ps, *cols, 0);
			any = true;
		}
	return any;
}

static bool allocstall_rate(json_object *root, double *v)
{
	static const char *const c[] = { "allocstall", NULL };
	return reclaim_rate(root, v, c);
}

static bool refault_rate(json_object *root, double *v)
{
	static const char *const c[] = { "refault_anon", "refault_file", NULL };
	return reclaim_rate(root, v, c);
}

static bool sys_psi(json_object *root, double *v, const char *key)
{
	json_object *rc = jpath(root, "memory.reclaim");

	if (!jget(rc, key))
		return false;
	*v = jdouble(rc, key, 0);
	return true;
}

static bool sys_psi_some(json_object *root, double *v)
{
	return sys_psi(root, v, "psi_some_pct");
}

static bool sys_psi_full(json_object *root, double *v)
{
	return sys_psi(root, v, "psi_full_pct");
}

static bool path_number(json_object *root, double *v, const char *path)
{
	json_object *o = jpath(root, path);

	if (!o)
		return false;
	*v = json_object_get_double(o);
	return *v >= 0;
}

static bool oom_exit_max(json_object *root, double *v)
{
	return path_number(root, v, "oom_victims.kill_to_exit_max_ms");
}

static bool oom_reap_max(json_object *root, double *v)
{
	return path_number(root, v, "oom_victims.kill_to_reap_max_ms");
}

static bool stall_max(json_object *root, double *v)
{
	return path_number(root, v, "alloc_stalls.max_ms");
}

static bool peak_memory(json_object *root, double *v)
{
	json_object *cgs = jpath(root, "memory.cgroups");

	for (size_t i = 0; i < arr_len(cgs); i++) {
		json_object *c = json_object_array_get_idx(cgs, i);
		if (!strcmp(jstr(c, "cgroup"), "/")) {
			*v = (double)jint(c, "peak", 0) / (1 << 20);
			return true;
		}
	}
	return false;
}

static bool kernel_failures(json_object *root, double *v)
{
	*v = 0;
	FOREACH_EVENT(root, e)
		*v += jevent_failure(e);
	return true;
}

/* clang-format off */
const struct metric_def metric_defs[] = {
	{ "pass_rate", "%", "runs whose checks all passed", WORSE_DOWN, 0, 0.01, true, passed },
	{ "oom_kills", "", "OOM kills (kernel reports)", WORSE_UP, 0.25, 1, false, oom_kills },
	{ "first_oom_s", "s", "time to the first OOM kill", WORSE_DOWN, 0.25, 1.0, false, first_oom },
	{ "faults_fired", "", "faults injected (knob counters)", WORSE_NONE, 0, 0, false, faults_fired },
	{ "nofs_failures", "", "logged GFP_NOFS allocation failures", WORSE_UP, 0.25, 1, false, nofs_failures },
	{ "alloc_failures", "", "failed allocations, any GFP class", WORSE_UP, 0.25, 1, false, alloc_failures },
	{ "ops_s", "ops/s", "workload operations per second", WORSE_DOWN, 0.20, 1, false, ops_rate },
	{ "stalls", "", "hang reports and watchdog stalls", WORSE_UP, 0, 1, false, stalls },
	{ "psi_some_pct", "%", "cgroup memory PSI some, % of run", WORSE_UP, 0.50, 5.0, false, psi_some },
	{ "oom_exit_max_ms", "ms", "slowest OOM victim, kill to exit", WORSE_UP, 0.50, 500, false, oom_exit_max },
	{ "oom_reap_max_ms", "ms", "slowest OOM victim, kill to reaped", WORSE_UP, 0.50, 500, false, oom_reap_max },
	{ "stall_max_ms", "ms", "longest reclaim stall (tracepoints)", WORSE_UP, 0.50, 50, false, stall_max },
	{ "allocstall_s", "/s", "direct reclaim entries per second", WORSE_UP, 0.50, 5.0, false, allocstall_rate },
	{ "refault_s", "/s", "workingset refaults per second", WORSE_UP, 0.50, 50.0, false, refault_rate },
	{ "sys_psi_some_pct", "%", "system memory PSI some, % of the run", WORSE_UP, 0.50, 5.0, false, sys_psi_some },
	{ "sys_psi_full_pct", "%", "system memory PSI full, % of the run", WORSE_UP, 0.50, 5.0, false, sys_psi_full },
	{ "peak_mib", "MiB", "peak memory of the scenario's cgroup", WORSE_NONE, 0, 0, false, peak_memory },
	{ "kernel_failures", "", "failure-class kernel events", WORSE_UP, 0, 1, false, kernel_failures },
};
/* clang-format on */
const unsigned n_metric_defs = sizeof(metric_defs) / sizeof(metric_defs[0]);

const struct metric_def *metric_find(const char *name)
{
	/* names the metrics had, still taken (a CI's --threshold or --metric) */
	static const char *const renamed[][2] = { { "fstx_ops_s", "ops_s" } };

	for (size_t i = 0; i < sizeof(renamed) / sizeof(renamed[0]); i++)
		if (!strcmp(renamed[i][0], name))
			name = renamed[i][1];
	for (unsigned i = 0; i < n_metric_defs; i++)
		if (!strcmp(metric_defs[i].name, name))
			return &metric_defs[i];
	return NULL;
}

int metric_threshold_parse(const char *arg, struct metric_def *table, unsigned n, char *err,
			   size_t errlen)
{
	const char *eq = strchr(arg, '=');
	char *end;

	if (!eq) {
		snprintf(err, errlen, "--threshold %s: expected NAME=PERCENT%%[,ABSOLUTE]", arg);
		return -EINVAL;
	}
	char key[64];
	snprintf(key, sizeof(key), "%.*s", (int)(eq - arg), arg);
	const struct metric_def *d = metric_find(key); /* a renamed metric's old name too */
	for (unsigned i = 0; i < n; i++) {
		if (strcmp(table[i].name, d ? d->name : key))
			continue;
		errno = 0;
		double rel = strtod(eq + 1, &end);
		if (errno || end == eq + 1 || *end != '%' || rel < 0) {
			snprintf(err, errlen,
				 "--threshold %s: '%s' is not a percentage (like 25%%)", arg,
				 eq + 1);
			return -EINVAL;
		}
		table[i].rel = rel / 100.0;
		if (end[1] == ',') {
			const char *a = end + 2;
			double abs = strtod(a, &end);
			if (end == a || *end || abs < 0) {
				snprintf(err, errlen, "--threshold %s: '%s' is not a number", arg,
					 a);
				return -EINVAL;
			}
			table[i].abs = abs;
		} else if (end[1]) {
			snprintf(err, errlen, "--threshold %s: unexpected '%s'", arg, end + 1);
			return -EINVAL;
		}
		return 0;
	}
	snprintf(err, errlen, "--threshold %s: no metric '%.*s' (see memstress compare --help)",
		 arg, (int)(eq - arg), arg);
	return -EINVAL;
}

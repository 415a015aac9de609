// SPDX-License-Identifier: GPL-2.0
/*
 * What the checks of several families share (judge.h).
 */
#include <stdio.h>
#include <string.h>

#include "core/options.h"
#include "core/strv.h"
#include "judge.h"
#include "scenario/schema.h"

enum check_status expect_status(enum expectation want, bool happened)
{
	return expectation_met(want, happened) ? CHECK_PASS : CHECK_FAIL;
}

const char *expect_note(const struct sc_expect *e, const char *key, enum expectation want,
			bool happened, char *buf, size_t len)
{
	char w[32];
	const char *word =
		opt_format(opt_find(section_def_find("expect")->opts, key), e, w, sizeof(w));

	buf[0] = 0;
	if (happened && want != EXPECT_NO)
		snprintf(buf, len, " (%s = %s)", key, word);
	else if (!happened && want == EXPECT_EXPECTED)
		snprintf(buf, len, "; %s = %s: it had to happen", key, word);
	return buf;
}

void judge_range(struct verdict *v, const char *name, const struct range *want, double got,
		 const char *what, json_object *ev)
{
	char sum[512], rb[64];

	range_format(want, rb, sizeof(rb));
	snprintf(sum, sizeof(sum), "%s: %g (expected %s)", what, got, rb);
	verdict_add(v, name, range_contains(want, got) ? CHECK_PASS : CHECK_FAIL, sum, ev);
}

json_object *events_of(const struct run_facts *f, enum ev_kind k)
{
	json_object *out = json_object_new_array();

	for (size_t i = 0; i < f->n_ev; i++) {
		const struct oracle_event *e = f->ev[i].e;
		if (e->kind == k && e->severity == SEV_FAILURE)
			json_object_array_add(out, event_brief_json(&f->ev[i]));
	}
	return out;
}

/* The kernel's failure events of some kinds, judged by [expect] key: no, allowed or expected. */
void judge_events(const struct run_facts *f, const struct sc_expect *e, struct verdict *v,
		  const char *name, const enum ev_kind *kinds, size_t nk, const char *key,
		  enum expectation want, const char *what)
{
	json_object *ev = json_object_new_array();
	const char *first = NULL;
	char sum[512], note[128];

	for (size_t k = 0; k < nk; k++)
		for (size_t i = 0; i < f->n_ev; i++) {
			const struct oracle_event *x = f->ev[i].e;
			if (x->kind != kinds[k] || x->severity != SEV_FAILURE)
				continue;
			json_object_array_add(ev, event_brief_json(&f->ev[i]));
			if (!first)
				first = x->title;
		}
	size_t n = json_object_array_length(ev);
	expect_note(e, key, want, n > 0, note, sizeof(note));
	if (!n)
		snprintf(sum, sizeof(sum), "no %s in the kernel log%s", what, note);
	else
		snprintf(sum, sizeof(sum), "%zu %s: %s%s%s", n, what, first, n > 1 ? ", ..." : "",
			 note);
	verdict_add(v, name, expect_status(want, n > 0), sum, ev);
}

bool cg_key_applied(const struct run_facts *f, const char *key)
{
	return strv_contains(f->applied_keys, key);
}

const char *cg_key_skip_reason(const struct run_facts *f, const char *key)
{
	const char *why = NULL;

	cgroups_map_key(f->memcg_version, key, &why);
	return why ? why : "not set in any [cgroup] section";
}

int scenario_workload_index(const struct scenario *s, const char *name)
{
	for (size_t i = 0; i < s->n_workloads; i++)
		if (!strcmp(s->workloads[i].name, name))
			return (int)i;
	return -1;
}

static json_object *victim_json(const struct fieldset *f, const char *wl)
{
	json_object *v = json_object_new_object();

	json_object_object_add(v, "pid", json_object_new_int64(fget_int(f, "victim_pid", -1)));
	json_object_object_add(v, "comm", json_object_new_string(fget_str(f, "victim") ?: ""));
	json_object_object_add(v, "workload", json_object_new_string(wl));
	json_object_object_add(v, "oom_score_adj",
			       json_object_new_int64(fget_int(f, "victim_oom_score_adj", 0)));
	json_object_object_add(v, "anon_rss_kb",
			       json_object_new_int64(fget_int(f, "anon_rss_kb", -1)));
	return v;
}

void oom_witness_gather(const struct run_facts *f, struct oom_witness *w)
{
	const struct scenario *s = f->s;

	memset(w, 0, sizeof(*w));
	w->victims = json_object_new_array();
	for (size_t i = 0; i < f->n_ev; i++) {
		const struct fieldset *fs = &f->ev[i].e->fields;
		if (f->ev[i].e->kind != EV_OOM || !fhas(fs, "victim_pid"))
			continue;
		const char *wl = facts_event_workload(f, &f->ev[i]) ?: "";
		long long adj = fget_int(fs, "victim_oom_score_adj", 0);
		int idx = *wl ? scenario_workload_index(s, wl) : -1;
		w->kernel_total++;
		if (idx >= 0)
			w->kernel[idx]++;
		else
			w->kernel_unknown++;
		if (idx >= 0 && fhas(fs, "victim_oom_score_adj") &&
		    adj != s->workloads[idx].oom_score_adj && !w->adj_mismatch++)
			snprintf(
				w->adj_why, sizeof(w->adj_why),
				"victim %s(%lld) of workload %s had oom_score_adj %lld, the scenario set "
				"%lld: the workload's program changed it",
				fget_str(fs, "victim") ?: "", fget_int(fs, "victim_pid", -1), wl,
				adj, (long long)s->workloads[idx].oom_score_adj);
		if (json_object_array_length(w->victims) < 32)
			json_object_array_add(w->victims, victim_json(fs, wl));
	}
	for (size_t i = 0; i < f->n_wl; i++) {
		int idx = scenario_workload_index(s, f->wl[i].w->name);
		if (idx < 0 || idx >= OOM_WORKLOADS_MAX)
			continue;
		w->counters[idx] += (unsigned)cgroups_leaf_oom_kills(f->wl[i].leaf);
		w->exits[idx] += f->wl[i].sigkilled_before_stop;
	}
	for (size_t i = 0; i < s->n_workloads && i < OOM_WORKLOADS_MAX; i++)
		w->counters_total += w->counters[i];
}

void oom_witness_done(struct oom_witness *w)
{
	json_object_put(w->victims);
	w->victims = NULL;
}

json_object *oom_witness_json(const struct run_facts *f, const struct oom_witness *w)
{
	json_object *o = json_object_new_object(), *c = json_object_new_object(),
		    *x = json_object_new_object(), *k = json_object_new_object();

	for (size_t i = 0; i < f->s->n_workloads && i < OOM_WORKLOADS_MAX; i++) {
		const char *n = f->s->workloads[i].name;
		json_object_object_add(k, n, json_object_new_int((int)w->kernel[i]));
		json_object_object_add(c, n, json_object_new_int((int)w->counters[i]));
		json_object_object_add(x, n, json_object_new_int((int)w->exits[i]));
	}
	json_object_object_add(o, "kernel_reports", k);
	json_object_object_add(o, "kernel_unattributed",
			       json_object_new_int((int)w->kernel_unknown));
	json_object_object_add(o, "memcg_counters", c);
	json_object_object_add(o, "sigkill_exits", x);
	json_object_object_add(o, "victims", json_object_get(w->victims));
	json_object_object_add(o, "exit_witness",
			       json_object_new_string(f->proc_events ? "process events" :
								       "direct children only"));
	return o;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * [expect] into checks. Each check is one row of a table: a name and a
 * function that judges the run and leaves its evidence. The OOM checks ask
 * three independent witnesses and pass only when they agree:
 *
 *	kernel    the OOM reports the console oracle parsed (victim pid/memcg)
 *	counters  each workload leaf's memcg oom_kill counter
 *	exits     workload processes that died by SIGKILL before memstress sent
 *	          any (process-events connector, or waitpid for direct children)
 *
 * A disagreement is reported as such, with all three in the evidence.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/parse.h"
#include "core/strv.h"
#include "kernel/identity.h"
#include "report/writers.h"
#include "run_int.h"
#include "scenario/checkdefs.h"
#include "scenario/schema.h"

static json_object *events_of(const struct run *r, enum ev_kind k, bool failures_only)
{
	json_object *out = json_object_new_array();

	for (size_t i = 0; i < r->n_ev; i++) {
		const struct oracle_event *e = r->ev[i].e;
		if (e->kind == k && (!failures_only || e->severity == SEV_FAILURE))
			json_object_array_add(out, event_brief_json(&r->ev[i]));
	}
	return out;
}

/* The verdict of an [expect] key (no, allowed, expected) on whether its thing happened. */
static enum check_status expect_status(enum expectation want, bool happened)
{
	return expectation_met(want, happened) ? CHECK_PASS : CHECK_FAIL;
}

/*
 * What a summary adds when [expect] key decided it: the thing happened and
 * was allowed or expected, or was expected and did not happen. Into buf.
 */
static const char *expect_note(const struct run *r, const char *key, enum expectation want,
			       bool happened, char *buf, size_t len)
{
	char w[32];
	const char *word = opt_format(opt_find(section_def_find("expect")->opts, key),
				      &r->s->expect, w, sizeof(w));

	buf[0] = 0;
	if (happened && want != EXPECT_NO)
		snprintf(buf, len, " (%s = %s)", key, word);
	else if (!happened && want == EXPECT_EXPECTED)
		snprintf(buf, len, "; %s = %s: it had to happen", key, word);
	return buf;
}

/* The kernel's events of some kinds, judged by [expect] key: no, allowed or expected. */
static void events_check(struct run *r, const char *name, const enum ev_kind *kinds, size_t nk,
			 const char *key, enum expectation want, const char *what)
{
	json_object *ev = json_object_new_array();
	char sum[512], note[128];

	for (size_t i = 0; i < nk; i++) {
		json_object *e = events_of(r, kinds[i], true);
		for (size_t k = 0; k < json_object_array_length(e); k++)
			json_object_array_add(ev, json_object_get(json_object_array_get_idx(e, k)));
		json_object_put(e);
	}
	size_t n = json_object_array_length(ev);
	expect_note(r, key, want, n > 0, note, sizeof(note));
	if (!n)
		snprintf(sum, sizeof(sum), "no %s in the kernel log%s", what, note);
	else
		snprintf(sum, sizeof(sum), "%zu %s: %s%s%s", n, what,
			 jstr(json_object_array_get_idx(ev, 0), "title"), n > 1 ? ", ..." : "",
			 note);
	result_add_check(r->res, name, expect_status(want, n > 0), sum, ev);
}

static void check_oops(struct run *r)
{
	static const enum ev_kind k[] = { EV_OOPS, EV_BUG, EV_PANIC };
	events_check(r, "kernel.no_oops", k, 3, "oops", r->s->expect.oops,
		     "BUG/Oops/panic report(s)");
}

static void check_warnings(struct run *r)
{
	static const enum ev_kind k[] = { EV_WARNING };
	events_check(r, "kernel.no_warnings", k, 1, "warnings", r->s->expect.warnings,
		     "kernel WARNING(s)");
}

static void check_lockdep(struct run *r)
{
	static const enum ev_kind k[] = { EV_LOCKDEP };
	events_check(r, "kernel.no_lockdep", k, 1, "lockdep", r->s->expect.lockdep,
		     "lockdep report(s)");
}

/*
 * kernel.no_new_taint: a taint flag that appeared while the scenario ran (a
 * WARN, a soft lockup, a module) is what LTP and kirk report; the scenario
 * allows the letters of [expect] taint, W unless warnings = no, D unless
 * oops = no.
 */
static void check_taint(struct run *r)
{
	char fresh[40], bad[40], sum[512];
	size_t n = 0;
	long allowed = kernel_taint_mask(r->s->expect.taint ? r->s->expect.taint : "") |
		       (r->s->expect.warnings != EXPECT_NO ? kernel_taint_mask("W") : 0) |
		       (r->s->expect.oops != EXPECT_NO ? kernel_taint_mask("D") : 0);

	if (r->taint_before < 0 || r->taint_after < 0) {
		result_add_check(r->res, "kernel.no_new_taint", CHECK_SKIP,
				 "/proc/sys/kernel/tainted could not be read", NULL);
		return;
	}
	kernel_taint_new(r->taint_before, r->taint_after, fresh, sizeof(fresh));
	for (const char *f = fresh; *f; f++)
		if (!(kernel_taint_mask((char[]){ *f, 0 }) & allowed))
			bad[n++] = *f;
	bad[n] = 0;
	json_object *ev = json_object_new_object();
	json_object_object_add(ev, "before", kernel_taint_json(r->taint_before));
	json_object_object_add(ev, "after", kernel_taint_json(r->taint_after));
	json_object_object_add(ev, "new", json_object_new_string(fresh));
	if (!fresh[0])
		snprintf(sum, sizeof(sum), "no new taint (tainted %ld before and after)",
			 r->taint_before);
	else {
		int o = snprintf(sum, sizeof(sum), "the kernel became tainted: %s (%ld -> %ld)%s",
				 fresh, r->taint_before, r->taint_after,
				 bad[0] ? "" : ", as the scenario allows");
		for (const char *f = fresh; *f && o < (int)sizeof(sum) - 80; f++)
			o += snprintf(sum + o, sizeof(sum) - (size_t)o, "; %c: %s", *f,
				      kernel_taint_name(*f));
	}
	result_add_check(r->res, "kernel.no_new_taint", bad[0] ? CHECK_FAIL : CHECK_PASS, sum, ev);
}

static void check_fs_errors(struct run *r)
{
	static const enum ev_kind k[] = { EV_FS_ERROR };
	if (!r->s->has_fs && !r->event_counts[EV_FS_ERROR] &&
	    r->s->expect.fs_errors != EXPECT_EXPECTED)
		return;
	events_check(r, "fs.no_errors", k, 1, "fs_errors", r->s->expect.fs_errors,
		     "filesystem error(s)");
}

static void check_hang(struct run *r)
{
	json_object *ev = events_of(r, EV_HANG, true);
	size_t kernel = json_object_array_length(ev);
	size_t watchdog = r->stalls ? json_object_array_length(r->stalls) : 0;
	json_object *evidence = json_object_new_object();
	enum expectation want = r->s->expect.hang;
	bool stalled = kernel || watchdog;
	char sum[512], note[128];
	const char *first = kernel ? jstr(json_object_array_get_idx(ev, 0), "title") : NULL;

	json_object_object_add(evidence, "kernel_reports", ev);
	if (r->stalls)
		json_object_object_add(evidence, "watchdog_stalls", json_object_get(r->stalls));
	if (!first && watchdog)
		first = jstr(json_object_array_get_idx(r->stalls, 0), "summary");
	expect_note(r, "hang", want, stalled, note, sizeof(note));
	if (stalled)
		snprintf(sum, sizeof(sum), "%zu kernel report(s), %zu watchdog stall(s): %s%s",
			 kernel, watchdog, first, note);
	else
		snprintf(sum, sizeof(sum), "no hung task, lockup, stall or watchdog stall%s", note);
	/* the name says what was asked: a stall, or none (allowed: none, either way) */
	result_add_check(r->res, want == EXPECT_EXPECTED ? "hang.detected" : "hang.none",
			 expect_status(want, stalled), sum, evidence);
}

/* --- OOM ------------------------------------------------------------------- */

struct witness {
	unsigned kernel[256], counters[256], exits[256];
	unsigned kernel_total, kernel_unknown;
	json_object *victims;
	/* a victim whose oom_score_adj (the kernel prints it) is not the one the
	 * scenario gave its workload: the program changed it (issue 28) */
	unsigned adj_mismatch;
	char adj_why[256];
};

static int wl_index(const struct run *r, const char *name)
{
	for (size_t i = 0; i < r->s->n_workloads; i++)
		if (!strcmp(r->s->workloads[i].name, name))
			return (int)i;
	return -1;
}

static void gather(struct run *r, struct witness *w)
{
	memset(w, 0, sizeof(*w));
	w->victims = json_object_new_array();
	for (size_t i = 0; i < r->n_ev; i++) {
		const struct fieldset *f = &r->ev[i].e->fields;
		if (r->ev[i].e->kind != EV_OOM || !fhas(f, "victim_pid"))
			continue;
		const char *wl = event_workload(r, &r->ev[i]) ?: "";
		const char *comm = fget_str(f, "victim") ?: "";
		long long pid = fget_int(f, "victim_pid", -1),
			  adj = fget_int(f, "victim_oom_score_adj", 0);
		int idx = *wl ? wl_index(r, wl) : -1;
		w->kernel_total++;
		if (idx >= 0)
			w->kernel[idx]++;
		else
			w->kernel_unknown++;
		if (idx >= 0 && fhas(f, "victim_oom_score_adj") &&
		    adj != r->s->workloads[idx].oom_score_adj && !w->adj_mismatch++)
			snprintf(
				w->adj_why, sizeof(w->adj_why),
				"victim %s(%lld) of workload %s had oom_score_adj %lld, the scenario set "
				"%lld: the workload's program changed it",
				comm, pid, wl, adj, (long long)r->s->workloads[idx].oom_score_adj);
		json_object *v = json_object_new_object();
		json_object_object_add(v, "pid", json_object_new_int64(pid));
		json_object_object_add(v, "comm", json_object_new_string(comm));
		json_object_object_add(v, "workload", json_object_new_string(wl));
		json_object_object_add(v, "oom_score_adj", json_object_new_int64(adj));
		json_object_object_add(v, "anon_rss_kb",
				       json_object_new_int64(fget_int(f, "anon_rss_kb", -1)));
		if (json_object_array_length(w->victims) < 32)
			json_object_array_add(w->victims, v);
		else
			json_object_put(v);
	}
	for (size_t i = 0; i < r->n_wl; i++) {
		int idx = wl_index(r, r->wl[i].w->name);
		w->counters[idx] += (unsigned)cgroups_leaf_oom_kills(r->wl[i].leaf);
		w->exits[idx] += r->wl[i].sigkilled_before_stop;
	}
}

static json_object *witness_json(const struct run *r, const struct witness *w)
{
	json_object *o = json_object_new_object(), *c = json_object_new_object(),
		    *x = json_object_new_object(), *k = json_object_new_object();

	for (size_t i = 0; i < r->s->n_workloads; i++) {
		const char *n = r->s->workloads[i].name;
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
			       json_object_new_string(r->pe_fd >= 0 ? "process events" :
								      "direct children only"));
	return o;
}

static void names_with(const struct run *r, const unsigned *v, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = 0;
	for (size_t i = 0; i < r->s->n_workloads && o < len; i++)
		if (v[i])
			o += (size_t)snprintf(buf + o, len - o, "%s%s(%u)", o ? ", " : "",
					      r->s->workloads[i].name, v[i]);
	if (!o)
		snprintf(buf, len, "none");
}

static void check_oom_victim(struct run *r)
{
	const char *want = r->s->expect.oom_victim;
	struct witness w;
	char k[256], c[256], x[256], sum[1024];

	if (!want)
		return;
	gather(r, &w);
	names_with(r, w.kernel, k, sizeof(k));
	names_with(r, w.counters, c, sizeof(c));
	names_with(r, w.exits, x, sizeof(x));
	json_object *ev = witness_json(r, &w);
	json_object_object_add(ev, "expected", json_object_new_string(want));
	json_object_put(w.victims);

	if (!strcmp(want, "any")) {
		bool ok = w.kernel_total > 0;
		snprintf(sum, sizeof(sum),
			 "%u OOM kill(s) reported; kernel: %s; counters: %s; SIGKILL exits: %s",
			 w.kernel_total, k, c, x);
		result_add_check(r->res, "oom.victim", ok ? CHECK_PASS : CHECK_FAIL, sum, ev);
		return;
	}
	if (w.adj_mismatch) {
		/* the kernel did what it was told: not a kernel failure */
		snprintf(sum, sizeof(sum),
			 "%s (%u victim(s) so); the verdict would be the "
			 "program's, not the kernel's",
			 w.adj_why, w.adj_mismatch);
		result_add_check(r->res, "oom.victim", CHECK_ERROR, sum, ev);
		return;
	}
	bool none = !strcmp(want, "none");
	int idx = none ? -1 : wl_index(r, want);
	bool kernel_ok = true, counters_ok = true, exits_ok = true;
	for (size_t i = 0; i < r->s->n_workloads; i++) {
		bool expected = (int)i == idx;
		kernel_ok &= expected ? w.kernel[i] > 0 : w.kernel[i] == 0;
		counters_ok &= expected ? w.counters[i] > 0 : w.counters[i] == 0;
		exits_ok &= expected ? w.exits[i] > 0 : w.exits[i] == 0;
	}
	kernel_ok &= w.kernel_unknown == 0;
	if (kernel_ok && counters_ok && exits_ok) {
		if (none)
			snprintf(sum, sizeof(sum),
				 "no OOM kill, as expected (kernel, counters and exits agree)");
		else
			snprintf(
				sum, sizeof(sum),
				"the OOM killer picked %s: kernel %s, counters %s, SIGKILL exits %s",
				want, k, c, x);
		result_add_check(r->res, "oom.victim", CHECK_PASS, sum, ev);
		return;
	}
	if (kernel_ok == counters_ok && counters_ok == exits_ok)
		snprintf(
			sum, sizeof(sum),
			"expected victim %s, but all witnesses say otherwise: kernel %s%s, counters %s, SIGKILL exits %s",
			want, k, w.kernel_unknown ? " (+unattributed)" : "", c, x);
	else
		snprintf(
			sum, sizeof(sum),
			"expected victim %s; witnesses disagree: kernel %s%s [%s], counters %s [%s], SIGKILL exits %s [%s]",
			want, k, w.kernel_unknown ? " (+unattributed)" : "",
			kernel_ok ? "agrees" : "differs", c, counters_ok ? "agrees" : "differs", x,
			exits_ok ? "agrees" : "differs");
	result_add_check(r->res, "oom.victim", CHECK_FAIL, sum, ev);
}

static void check_oom_kills(struct run *r)
{
	const struct range *want = &r->s->expect.oom_kills;
	struct witness w;
	char sum[512], rb[64];
	unsigned counters = 0;

	if (!want->set)
		return;
	gather(r, &w);
	for (size_t i = 0; i < r->s->n_workloads; i++)
		counters += w.counters[i];
	json_object *ev = witness_json(r, &w);
	json_object_put(w.victims);
	bool k_ok = range_contains(want, w.kernel_total), c_ok = range_contains(want, counters);
	range_format(want, rb, sizeof(rb));
	snprintf(sum, sizeof(sum), "expected %s OOM kill(s): kernel reported %u, memcg counters %u",
		 rb, w.kernel_total, counters);
	if (k_ok != c_ok)
		snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum), " (the witnesses disagree)");
	result_add_check(r->res, "oom.kills", k_ok && c_ok ? CHECK_PASS : CHECK_FAIL, sum, ev);
}

static bool key_applied(const struct run *r, const char *key)
{
	json_object *m = r->cg_mapping;

	for (size_t i = 0; m && i < json_object_array_length(m); i++) {
		json_object *e = json_object_array_get_idx(m, i);
		if (!strcmp(jstr(e, "key"), key) && jget(e, "file"))
			return true;
	}
	return false;
}

static const char *key_skip_reason(const struct run *r, const char *key)
{
	const char *why = NULL;

	cgroups_map_key(r->m.memcg_version, key, &why);
	return why ? why : "not set in any [cgroup] section";
}

static void check_oom_group(struct run *r)
{
	char sum[512];
	unsigned group_kills = 0, members = 0;

	if (!r->s->expect.oom_group)
		return;
	if (!key_applied(r, "memory.oom.group")) {
		snprintf(sum, sizeof(sum), "memory.oom.group: %s",
			 key_skip_reason(r, "memory.oom.group"));
		result_add_check(r->res, "oom.group", CHECK_SKIP, sum, NULL);
		return;
	}
	double first_kill = NAN; /* the first group kill, s of kernel time since the start */
	for (size_t i = 0; i < r->n_ev; i++)
		if (fhas(&r->ev[i].e->fields, "oom_group")) {
			members++;
			if (!(r->ev[i].run_time >= first_kill))
				first_kill = r->ev[i].run_time;
		}
	for (size_t i = 0; i < r->n_cgs; i++)
		if (r->cgs[i].spec)
			group_kills += (unsigned)r->cgs[i].last.ev_oom_group_kill;
	/* Every process of every workload in the group must have died by
	 * SIGKILL, or be gone already when the group was killed: the kernel
	 * kills the tasks it finds, and a stress-ng stressor's child that
	 * exited by itself in the 10 ms between the OOM report and the group
	 * kill failed a vanilla run (1 in 5). That is on our clock: the start
	 * marker's, plus the kernel's time since, with half a second for
	 * the two clocks and the exit's report. */
	uint64_t kill_ms = isnan(first_kill) ? 0 : run_kernel_to_mono(r, r->kernel_t0 + first_kill);
	if (kill_ms)
		kill_ms += 500;
	unsigned alive = 0, total = 0, gone = 0;
	for (size_t i = 0; i < r->n_procs; i++) {
		const struct run_proc *p = &r->procs[i];
		const struct run_wl *w = &r->wl[p->wl];
		const struct sc_cgroup *cg =
			scenario_cgroup(r->s, w->w->cgroup ? w->w->cgroup : "");
		if (!cg || !cg->oom_group)
			continue;
		total++;
		if (p->exited && WIFSIGNALED(p->status) && WTERMSIG(p->status) == 9)
			continue;
		if (p->exited && kill_ms && p->exit_ms <= kill_ms)
			gone++;
		else
			alive++;
	}
	json_object *ev = json_object_new_object();
	json_object_object_add(ev, "group_kill_reports", json_object_new_int((int)members));
	json_object_object_add(ev, "oom_group_kill_counter", json_object_new_int((int)group_kills));
	json_object_object_add(ev, "group_processes", json_object_new_int((int)total));
	json_object_object_add(ev, "not_sigkilled", json_object_new_int((int)alive));
	json_object_object_add(ev, "gone_before_the_kill", json_object_new_int((int)gone));
	bool ok = members > 0 && group_kills > 0 && total > 0 && alive == 0;
	snprintf(
		sum, sizeof(sum),
		"%u group-kill report(s), oom_group_kill counter %u, %u of %u process(es) of the group not killed by SIGKILL",
		members, group_kills, alive, total);
	if (gone)
		snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum),
			 " (%u exited by itself before the group kill)", gone);
	result_add_check(r->res, "oom.group", ok ? CHECK_PASS : CHECK_FAIL, sum, ev);
}

static void check_survives(struct run *r)
{
	struct witness w;

	if (!r->s->expect.survives)
		return;
	gather(r, &w);
	STRV_FOREACH(n, r->s->expect.survives) {
		int idx = wl_index(r, *n);
		char name[160], sum[512];
		bool ok = w.kernel[idx] == 0 && w.counters[idx] == 0 && w.exits[idx] == 0;
		snprintf(name, sizeof(name), "oom.survives.%s", *n);
		snprintf(sum, sizeof(sum), "%s: %u OOM report(s), counter %u, %u SIGKILL exit(s)",
			 *n, w.kernel[idx], w.counters[idx], w.exits[idx]);
		result_add_check(r->res, name, ok ? CHECK_PASS : CHECK_FAIL, sum,
				 witness_json(r, &w));
	}
	json_object_put(w.victims);
}

/*
 * memory.high throttles: not just that its events are counted, but that the
 * cgroup's tasks were held back. Throttled time is the "some" stall of the
 * memory.high cgroups' memory.pressure: reclaim and the penalty sleeps of
 * mem_cgroup_handle_over_high both count there. A kernel that raises the
 * events and never slows anyone fails it.
 */
static void check_high(struct run *r)
{
	const struct sc_expect *e = &r->s->expect;
	struct bound want = e->high_throttled;
	char sum[512], wb[32];
	uint64_t high = 0, stall_us = 0;
	bool psi = false;

	if (!e->memory_high_throttles && !e->high_throttled.set)
		return;
	if (!want.set)
		want = (struct bound){ .set = true, .op = BOUND_GE, .v = 1000 };
	if (!key_applied(r, "memory.high")) {
		snprintf(sum, sizeof(sum), "memory.high: %s", key_skip_reason(r, "memory.high"));
		result_add_check(r->res, "memcg.high_throttles", CHECK_SKIP, sum, NULL);
		return;
	}
	for (size_t i = 0; i < r->n_cgs; i++)
		if (r->cgs[i].spec && r->cgs[i].spec->high.set) {
			high += r->cgs[i].last.ev_high - r->cgs[i].first.ev_high;
			psi |= r->cgs[i].last.has_psi;
			stall_us += r->cgs[i].last.psi_some_total - r->cgs[i].first.psi_some_total;
		}
	struct witness w;
	gather(r, &w);
	json_object_put(w.victims);
	unsigned counters = 0;
	for (size_t i = 0; i < r->s->n_workloads; i++)
		counters += w.counters[i];
	double stalled_ms = (double)stall_us / 1000.0;
	bound_format(&want, false, wb, sizeof(wb));
	json_object *ev = json_object_new_object();
	json_object_object_add(ev, "high_events", json_object_new_int64((int64_t)high));
	json_object_object_add(ev, "stalled_s", json_object_new_double(stalled_ms / 1000.0));
	json_object_object_add(ev, "oom_kill_reports", json_object_new_int((int)w.kernel_total));
	if (!psi) {
		result_add_check(
			r->res, "memcg.high_throttles", CHECK_SKIP,
			"no memory.pressure for the cgroup (CONFIG_PSI): throttling cannot be "
			"measured",
			ev);
		return;
	}
	bool ok = high > 0 && bound_ok(&want, stalled_ms) && w.kernel_total == 0 && counters == 0;
	snprintf(
		sum, sizeof(sum),
		"%llu memory.high event(s); its tasks stalled %.2fs on memory (expected %s); %u OOM "
		"kill report(s), %u counted",
		(unsigned long long)high, stalled_ms / 1000.0, wb, w.kernel_total, counters);
	result_add_check(r->res, "memcg.high_throttles", ok ? CHECK_PASS : CHECK_FAIL, sum, ev);
}

/*
 * Hard limits are never exceeded: each cgroup that has one keeps its peak
 * within it (memory.peak or v1 max_usage_in_bytes, memory.swap.peak, and the
 * samples). One row per limit; the check is there when a cgroup has the
 * limit, and the peak bound of [expect] on the top cgroup when asked for.
 */
struct limit_def {
	const char *check, *knob, *held; /* memcg.max_held, memory.max, "" / " in swap" */
	size_t peak, limit;		 /* offsets of the uint64_t fields in run_cg */
	bool swap;			 /* needs memory.swap.current */
	const char *bound_check;	 /* memcg.peak: [expect]'s bound on the top cgroup */
	size_t bound;			 /* offset of that bound in sc_expect */
};

static const struct limit_def limit_defs[] = {
	{ "memcg.max_held", "memory.max", "", offsetof(struct run_cg, peak),
	  offsetof(struct run_cg, limit), false, "memcg.peak",
	  offsetof(struct sc_expect, memory_peak) },
	{ "memcg.swap_max_held", "memory.swap.max", " in swap", offsetof(struct run_cg, swap_peak),
	  offsetof(struct run_cg, swap_limit), true, "memcg.swap_peak",
	  offsetof(struct sc_expect, swap_peak) },
};

#define CG_U64(n, off) (*(const uint64_t *)((const char *)(n) + (off)))

/* What the kernel itself lets past memory.max: a task being OOM-killed
 * charges what it still faults in without reclaim (try_charge's force path),
 * and each CPU charges in batches of MEMCG_CHARGE_BATCH (64) pages. Under
 * hundreds of kills a v1 max_usage_in_bytes a few pages over the limit is the
 * kernel working as designed; a limit not enforced overshoots by megabytes
 * (ci/broken-kernels/memory-max-ignored). */
static uint64_t force_charge_margin(void)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);

	return (uint64_t)(cpus > 0 ? cpus : 1) * 64 * 4096;
}

static void limit_held(struct run *r, const struct limit_def *d)
{
	const struct bound *want = (const struct bound *)((const char *)&r->s->expect + d->bound);
	const struct run_cg *closest = NULL;
	char sum[512], a[32], b[32];
	unsigned limited = 0;
	bool asked = false, failed = false;

	for (size_t i = 0; i < r->n_cgs; i++) {
		const struct run_cg *n = &r->cgs[i];
		uint64_t peak = CG_U64(n, d->peak), limit = CG_U64(n, d->limit);
		asked |= n->spec && (!d->swap || n->spec->swap_max.set);
		if (!n->spec || limit == UINT64_MAX || !n->sampled ||
		    (d->swap && !n->last.has_swap))
			continue;
		if (peak > limit + (d->swap ? 0 : force_charge_margin())) {
			snprintf(sum, sizeof(sum), "cgroup %s reached %s%s, over its %s of %s",
				 *n->label ? n->label : "(top)", bytes_human(peak, a, sizeof(a)),
				 d->held, d->knob, bytes_human(limit, b, sizeof(b)));
			result_add_check(r->res, d->check, CHECK_FAIL, sum, NULL);
			failed = true;
			break;
		}
		limited++;
		if (!closest ||
		    (double)peak / (double)limit >
			    (double)CG_U64(closest, d->peak) / (double)CG_U64(closest, d->limit))
			closest = n;
	}
	if (failed) {
		/* said above; the bound on the top cgroup is still checked */
	} else if (closest) {
		snprintf(sum, sizeof(sum),
			 "%u limited cgroup(s) within their %s; closest: %s, %s%s of %s", limited,
			 d->knob, *closest->label ? closest->label : "(top)",
			 bytes_human(CG_U64(closest, d->peak), a, sizeof(a)), d->held,
			 bytes_human(CG_U64(closest, d->limit), b, sizeof(b)));
		result_add_check(r->res, d->check, CHECK_PASS, sum, NULL);
	} else if (asked && d->swap) {
		/* memory.swap.max set, but nothing to hold it against */
		snprintf(sum, sizeof(sum), "%s: %s", d->knob,
			 !key_applied(r, d->knob) ?
				 key_skip_reason(r, d->knob) :
			 r->m.memcg_version == 1 ?
				 "cgroup v1 limits memory and swap together (memory.memsw.*)" :
				 "no swap accounting here (memory.swap.current missing)");
		result_add_check(r->res, d->check, CHECK_SKIP, sum, NULL);
	}
	if (!want->set)
		return;
	const struct run_cg *top = r->n_cgs ? &r->cgs[0] : NULL;
	if (!top || !top->sampled || (d->swap && !top->last.has_swap)) {
		result_add_check(
			r->res, d->bound_check, CHECK_SKIP,
			d->swap ? "no memory.swap.current here (cgroup v2 with swap accounting)" :
				  "the top cgroup was never sampled",
			NULL);
		return;
	}
	char wb[32];
	uint64_t peak = CG_U64(top, d->peak);
	bound_format(want, true, wb, sizeof(wb));
	snprintf(sum, sizeof(sum), "the top cgroup's peak%s was %s (expected %s)", d->held,
		 bytes_human(peak, a, sizeof(a)), wb);
	result_add_check(r->res, d->bound_check,
			 bound_ok(want, (double)peak) ? CHECK_PASS : CHECK_FAIL, sum, NULL);
}

static void check_limits_held(struct run *r)
{
	for (size_t i = 0; i < ARRAY_SIZE(limit_defs); i++)
		limit_held(r, &limit_defs[i]);
}

/*
 * memory.min and memory.low protect: a protected workload keeps what it
 * holds while others press on the same limit. Its leaf's memory.current is
 * followed through the run: it may never fall more than 10% below the most
 * it held.
 */
static void check_protected(struct run *r)
{
	const struct sc_expect *e = &r->s->expect;

	STRV_FOREACH(name, e->protected) {
		char cname[160], sum[512], a[32], b[32];
		snprintf(cname, sizeof(cname), "memcg.protected.%s", *name);
		if (!key_applied(r, "memory.min") && !key_applied(r, "memory.low")) {
			snprintf(sum, sizeof(sum), "memory.min/memory.low: %s",
				 key_skip_reason(r, "memory.min"));
			result_add_check(r->res, cname, CHECK_SKIP, sum, NULL);
			continue;
		}
		uint64_t peak = 0, drop = 0;
		for (size_t i = 0; i < r->n_wl; i++)
			if (!strcmp(r->wl[i].w->name, *name) && r->wl[i].leaf) {
				peak += r->wl[i].leaf->peak_current;
				if (r->wl[i].leaf->max_drop > drop)
					drop = r->wl[i].leaf->max_drop;
			}
		bool ok = peak && drop * 10 <= peak;
		snprintf(sum, sizeof(sum),
			 "%s held up to %s and lost at most %s of it while others pressed (%.0f%%; "
			 "at most 10%% may go)",
			 *name, bytes_human(peak, a, sizeof(a)), bytes_human(drop, b, sizeof(b)),
			 peak ? 100.0 * (double)drop / (double)peak : 0);
		result_add_check(r->res, cname, ok ? CHECK_PASS : CHECK_FAIL, sum, NULL);
	}
}

/* --- allocation failures --------------------------------------------------------- */

static void range_check(struct run *r, const char *name, const struct range *want, double got,
			const char *what, json_object *ev)
{
	char sum[512], rb[64];

	range_format(want, rb, sizeof(rb));
	snprintf(sum, sizeof(sum), "%s: %g (expected %s)", what, got, rb);
	result_add_check(r->res, name, range_contains(want, got) ? CHECK_PASS : CHECK_FAIL, sum,
			 ev);
}

/*
 * The default where a scenario counts no failures: with the tracepoints as
 * witness, any real failure (an allocation that may not fail: the "too
 * small to fail" promise broken) fails the run, except what the kernel
 * does by design: an OOM victim's own (the page allocator gives up on a
 * victim that used the reserves, memcg fails its charges) and a
 * __GFP_ACCOUNT allocation whose charge a memory cgroup refused when its
 * OOM killer found nothing to kill. Opportunistic ones never count. A run
 * with fault injection is not judged here: a failure the probes did not
 * pair with its injection would read as real (once in 5 vanilla
 * xfs-failslab runs); such a scenario counts failures itself.
 */
static void check_real_failures(struct run *r, const struct witness_counts *c, json_object *af)
{
	char sum[512];
	unsigned real = c->real - c->real_by_victims - c->real_by_memcg;

	/* with fault injection, a failure the probes did not pair with its
	 * injection would read as real (seen once in 5 vanilla xfs-failslab
	 * runs): such a scenario judges failures where it counts them */
	if (!c->trace || r->s->n_faults)
		return;
	if (!real)
		snprintf(sum, sizeof(sum), "no real allocation failure (tracepoints)");
	else
		snprintf(sum, sizeof(sum),
			 "%u real allocation failure(s) that may not fail (tracepoints), the first "
			 "%s",
			 real, c->first_real[0] ? c->first_real : "not kept in detail");
	if (c->real_by_victims || c->real_by_memcg)
		snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum),
			 " (allowed: %u by OOM victims, %u __GFP_ACCOUNT charges a memcg refused)",
			 c->real_by_victims, c->real_by_memcg);
	if (c->real_not_kept)
		snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum),
			 "; %u past the ones kept in detail count as real", c->real_not_kept);
	result_add_check(r->res, "alloc.real_failures", real ? CHECK_FAIL : CHECK_PASS, sum,
			 json_object_get(jget(af, "by_site")));
}

/* Failed allocations the kernel made itself: injected ones are the
 * scenario's, not the kernel's. From the tracepoints where there are, else
 * from the log's warn_alloc reports (witness.c). */
static void check_alloc(struct run *r)
{
	const struct sc_expect *e = &r->s->expect;
	struct witness_counts c;
	json_object *af = jget(r->res->root, "alloc_failures");
	char what[160];

	witness_counts(r, &c);
	if (e->nofs_failures.set) {
		snprintf(what, sizeof(what), "real GFP_NOFS allocation failures (%s)",
			 c.trace ? "tracepoints" : "kernel log");
		range_check(r, "alloc.nofs_failures", &e->nofs_failures, c.real_nofs, what,
			    json_object_get(jget(af, "by_site")));
	}
	if (e->alloc_failures.set) {
		snprintf(what, sizeof(what), "real allocation failures (%s)",
			 c.trace ? "tracepoints" : "kernel log");
		range_check(r, "alloc.failures", &e->alloc_failures, c.real, what,
			    json_object_get(jget(af, "by_class")));
	}
	if (!e->alloc_failures.set && !e->nofs_failures.set)
		check_real_failures(r, &c, af);
}

/*
 * The longest allocation against its bound: the allocation's own time in the
 * allocators' slow paths where the kernel can time it (alloclat.h), else
 * the longest reclaim round, which is a part of one allocation, and the
 * summary says which it was.
 */
static void stall_check(struct run *r, const char *name, const struct bound *l, double alloc_ms,
			double round_ms, const char *what)
{
	struct witness_counts c;
	char sum[640], lb[32];
	json_object *al = jget(r->res->root, "alloc_latency");

	if (!l->set)
		return;
	witness_counts(r, &c);
	if (!c.trace) {
		result_add_check(r->res, name, CHECK_SKIP,
				 "no tracepoints here: allocations and reclaim are not timed",
				 NULL);
		return;
	}
	bound_format(l, false, lb, sizeof(lb));
	if (c.lat.on) {
		/* a reclaim round is a part of one allocation: never less */
		double ms = fmax(alloc_ms, round_ms);
		snprintf(sum, sizeof(sum),
			 "longest %s: %.1f ms (expected %s; %llu slow-path allocation(s) timed; "
			 "longest reclaim round %.1f ms)",
			 what, ms, lb, c.lat.count, round_ms);
		if (c.lat.unpaired)
			snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum),
				 "; %llu not timed: their tasks came past the ones the kernel's "
				 "pairing histograms hold",
				 c.lat.unpaired);
		result_add_check(r->res, name, bound_ok(l, ms) ? CHECK_PASS : CHECK_FAIL, sum,
				 json_object_get(jget(al, "slowest")));
		return;
	}
	snprintf(sum, sizeof(sum),
		 "longest reclaim round of %s: %.1f ms (expected %s; %u round(s) measured; "
		 "whole allocations are not timed here: %s)",
		 what, round_ms, lb, c.stalls, c.lat_why ?: "?");
	result_add_check(r->res, name, bound_ok(l, round_ms) ? CHECK_PASS : CHECK_FAIL, sum,
			 json_object_get(jget(jget(r->res->root, "alloc_stalls"), "longest")));
}

/* __GFP_NOFAIL allocations: only the probes see them whole, and the live
 * ones while they wait; reclaim rounds say nothing of them. */
static void check_nofail(struct run *r, const struct witness_counts *c)
{
	const struct bound *l = &r->s->expect.nofail_stall_max;
	json_object *al = jget(r->res->root, "alloc_latency");
	char sum[512], lb[32];

	if (!l->set)
		return;
	if (!c->lat.on) {
		snprintf(sum, sizeof(sum), "__GFP_NOFAIL allocations are not timed here: %s",
			 c->lat_why ?: "no tracepoints");
		result_add_check(r->res, "alloc.nofail_stall_max", CHECK_SKIP, sum, NULL);
		return;
	}
	bound_format(l, false, lb, sizeof(lb));
	snprintf(sum, sizeof(sum),
		 "longest __GFP_NOFAIL allocation: %.1f ms (expected %s; %lld entered the "
		 "allocator's slow paths, %s)",
		 c->lat.nofail_max_ms, lb, jint(al, "nofail_entries", 0),
		 c->lat.live ? "seen while they waited" :
			       "finished ones only: this kernel's return probes have no flags");
	result_add_check(r->res, "alloc.nofail_stall_max",
			 bound_ok(l, c->lat.nofail_max_ms) ? CHECK_PASS : CHECK_FAIL, sum,
			 json_object_get(jget(al, "nofail_waits")));
}

static void check_stalls(struct run *r)
{
	struct witness_counts c;

	witness_counts(r, &c);
	stall_check(r, "alloc.stall_max", &r->s->expect.alloc_stall_max, c.lat.max_ms,
		    c.stall_max_ms, "allocation");
	stall_check(r, "alloc.nofs_stall_max", &r->s->expect.nofs_stall_max, c.lat.nofs_max_ms,
		    c.nofs_stall_max_ms, "GFP_NOFS (or NOIO) allocation");
	check_nofail(r, &c);
}

/* What the knobs say fired, and what the probes on the fault-injection
 * decisions saw: the same number, or the witnesses cannot be trusted. */
static void check_fault_witness(struct run *r)
{
	struct witness_counts c;
	char sum[512];

	witness_counts(r, &c);
	if (!r->fault_result || !c.probes || jget(r->fault_result, "sweep"))
		return;
	long long fired = jint(r->fault_result, "fired", 0);
	snprintf(sum, sizeof(sum),
		 "%lld fault(s) fired by the knobs' times counters, %u seen by the probes, %u "
		 "failed allocation(s) traced as injected%s",
		 fired, c.injections, c.injected, c.lost ? " (events were lost)" : "");
	result_add_check(r->res, "fault.witnessed",
			 c.lost				  ? CHECK_ERROR :
			 fired == (long long)c.injections ? CHECK_PASS :
							    CHECK_FAIL,
			 sum, NULL);
}

static void check_leaks(struct run *r)
{
	json_object *l = jget(r->res->root, "leaks");
	const char *src = jstr(l, "source");
	enum expectation want = r->s->expect.leaks;
	char sum[512], note[128];

	if (!l || !*src)
		return;
	if (!strcmp(src, "none")) {
		result_add_check(r->res, "kernel.no_leaks", CHECK_SKIP, jstr(l, "why_not"), NULL);
		return;
	}
	if (jget(l, "error")) {
		snprintf(sum, sizeof(sum), "the %s witness could not be read: %s", src,
			 jstr(l, "error"));
		result_add_check(r->res, "kernel.no_leaks", CHECK_ERROR, sum, NULL);
		return;
	}
	json_object *list = jget(l, !strcmp(src, "kmemleak") ? "new" : "suspects");
	size_t n = list ? json_object_array_length(list) : 0;
	json_object *first = n ? json_object_array_get_idx(list, 0) : NULL;
	if (jget(l, "count")) /* kmemleak lists the first fifty */
		n = (size_t)jint(l, "count", (long long)n);
	expect_note(r, "leaks", want, n > 0, note, sizeof(note));
	if (!n)
		snprintf(sum, sizeof(sum), "%s%s",
			 !strcmp(src, "kmemleak") ?
				 "kmemleak found no new unreferenced object after two scans" :
				 "no slab cache of the filesystem kept objects after the unmount",
			 note);
	else if (!strcmp(src, "kmemleak"))
		snprintf(sum, sizeof(sum),
			 "%zu new unreferenced object(s): %lld bytes from %s, "
			 "allocated at %s%s%s",
			 n, jint(first, "size", 0), jstr(first, "comm"), jstr(first, "site"),
			 n > 1 ? ", ..." : "", note);
	else
		snprintf(sum, sizeof(sum),
			 "%zu suspected leak(s): slab cache %s has %lld objects "
			 "after the unmount, %lld before the mount%s",
			 n, jstr(first, "cache"), jint(first, "after", 0), jint(first, "before", 0),
			 note);
	result_add_check(r->res, "kernel.no_leaks", expect_status(want, n > 0), sum,
			 json_object_get(list));
}

static void check_page_leaks(struct run *r)
{
	json_object *l = jget(r->res->root, "page_leaks");
	enum expectation want = r->s->expect.page_leaks;
	char sum[512], note[128];

	if (!l)
		return;
	if (!strcmp(jstr(l, "source"), "none")) {
		result_add_check(r->res, "kernel.no_page_leaks", CHECK_SKIP, jstr(l, "why_not"),
				 NULL);
		return;
	}
	if (jget(l, "error")) {
		snprintf(sum, sizeof(sum), "page_owner's stacks could not be read: %s",
			 jstr(l, "error"));
		result_add_check(r->res, "kernel.no_page_leaks", CHECK_ERROR, sum, NULL);
		return;
	}
	json_object *list = jget(l, "suspects");
	long long n = jint(l, "count", 0);
	json_object *first = n ? json_object_array_get_idx(list, 0) : NULL;
	expect_note(r, "page_leaks", want, n > 0, note, sizeof(note));
	if (!n)
		snprintf(sum, sizeof(sum),
			 "no allocation stack holds more pages after the unmount than before the "
			 "mount (page_owner, %lld stacks, caches dropped, two looks)%s",
			 jint(l, "stacks_after", 0), note);
	else
		snprintf(sum, sizeof(sum),
			 "%lld allocation stack(s) hold pages after the unmount: %lld page(s) "
			 "allocated at %s%s, %lld before the mount%s%s",
			 n, jint(first, "pages", 0), jstr(first, "site"),
			 json_object_get_boolean(jget(first, "filesystem_code")) ?
				 " (the filesystem's code)" :
				 "",
			 jint(first, "before", 0), n > 1 ? "; ..." : "", note);
	result_add_check(r->res, "kernel.no_page_leaks", expect_status(want, n > 0), sum,
			 json_object_get(list));
}

static void check_trace(struct run *r)
{
	json_object *af = jget(r->res->root, "alloc_failures");
	char sum[256];

	const struct sc_expect *e = &r->s->expect;

	if (strcmp(jstr(af, "source"), "trace") || !jint(af, "lost", 0))
		return;
	snprintf(sum, sizeof(sum),
		 "the trace buffer dropped %lld event(s): failure and stall counts are lower "
		 "bounds",
		 jint(af, "lost", 0));
	/* an error only where a count decides a check */
	bool counts = e->nofs_failures.set || e->alloc_failures.set || e->alloc_stall_max.set ||
		      e->nofs_stall_max.set || e->nofail_stall_max.set;
	result_add_check(r->res, "kernel.trace", counts ? CHECK_ERROR : CHECK_PASS, sum, NULL);
}

static void check_workloads(struct run *r)
{
	unsigned errors = 0, not_started = 0;
	json_object *ev = json_object_new_array();
	char sum[512];

	for (size_t i = 0; i < r->n_wl; i++) {
		const struct run_wl *w = &r->wl[i];
		if (w->status == -1) {
			not_started++;
			json_object_array_add(ev, json_object_new_string(w->w->name));
		} else if (w->exited && !w->stopped_by_us && WIFEXITED(w->status) &&
			   WEXITSTATUS(w->status) != 0) {
			errors++;
			json_object_array_add(ev, json_object_new_string(w->w->name));
		}
	}
	if (not_started) {
		snprintf(sum, sizeof(sum), "%u workload(s) could not be started (see harness.log)",
			 not_started);
		result_add_check(r->res, "workloads.started", CHECK_ERROR, sum, ev);
		return;
	}
	if (r->s->expect.workload_errors.set) {
		range_check(r, "workloads.errors", &r->s->expect.workload_errors, errors,
			    "workloads that exited with an error", ev);
		return;
	}
	/* A workload that failed by itself did not test what the scenario meant to. */
	if (errors) {
		snprintf(sum, sizeof(sum),
			 "%u workload(s) exited with an error (see their logs; expect "
			 "workload_errors = ... if that is part of the scenario)",
			 errors);
		result_add_check(r->res, "workloads.errors", CHECK_FAIL, sum, ev);
		return;
	}
	json_object_put(ev);
}

static bool any_failed(const struct run *r)
{
	json_object *all = jget(r->res->root, "checks");

	for (size_t i = 0; all && i < json_object_array_length(all); i++)
		if (check_status_from_name(jstr(json_object_array_get_idx(all, i), "status")) ==
		    CHECK_FAIL)
			return true;
	return false;
}

/*
 * Each workload that is load showed its work, by its engine's evidence
 * (engine_worked; judged when the workloads were recorded). A run whose
 * load did not happen tested nothing: an error of the run, not a pass. Where
 * a check failed, the kernel's failure is the verdict whatever the load did,
 * and an idle workload is told, not counted (it may be idle because of it).
 */
static void check_worked(struct run *r)
{
	json_object *ev = json_object_new_array();
	unsigned idle = 0, judged = 0;
	const struct run_wl *first = NULL;
	char sum[512];

	for (size_t i = 0; i < r->n_wl; i++) {
		const struct run_wl *w = &r->wl[i];
		if (!w->w->load || !w->started || w->status == -1)
			continue;
		json_object *o = json_object_new_object();
		json_object_object_add(o, "workload", json_object_new_string(w->w->name));
		json_object_object_add(o, "instance", json_object_new_int((int)w->instance));
		json_object_object_add(o, "worked", json_object_new_boolean(w->worked));
		json_object_object_add(o, "evidence", json_object_new_string(w->work_evidence));
		json_object_array_add(ev, o);
		judged++;
		if (!w->worked && !idle++)
			first = w;
	}
	if (!judged) {
		json_object_put(ev);
		return;
	}
	if (!idle) {
		const struct run_wl *w = NULL;
		for (size_t i = 0; i < r->n_wl && !w; i++)
			if (r->wl[i].w->load && r->wl[i].started && r->wl[i].status != -1)
				w = &r->wl[i];
		snprintf(sum, sizeof(sum),
			 "%u workload instance(s) showed their work (%s.%u: %s%s)", judged,
			 w->w->name, w->instance, w->work_evidence, judged > 1 ? "; ..." : "");
		result_add_check(r->res, "workloads.worked", CHECK_PASS, sum, ev);
		return;
	}
	bool failed = any_failed(r);
	snprintf(sum, sizeof(sum), "%u of %u workload instance(s) showed no work (%s.%u: %s)%s",
		 idle, judged, first->w->name, first->instance, first->work_evidence,
		 failed ? "; not counted: a check failed, and that is the verdict" :
			  "; the run tested nothing with it (load = no for a helper)");
	result_add_check(r->res, "workloads.worked", failed ? CHECK_SKIP : CHECK_ERROR, sum, ev);
}

static void check_unkillable(struct run *r)
{
	json_object *u = jget(r->res->root, "unkillable");
	enum expectation want = r->s->expect.unkillable;
	char sum[256], note[128];

	if (!r->unkillable && want != EXPECT_EXPECTED)
		return;
	expect_note(r, "unkillable", want, r->unkillable, note, sizeof(note));
	if (r->unkillable)
		snprintf(sum, sizeof(sum),
			 "workload task(s) survived SIGKILL (see \"unkillable\" for where they "
			 "are blocked)%s",
			 note);
	else
		snprintf(sum, sizeof(sum), "every workload task died by SIGKILL%s", note);
	result_add_check(r->res, "tasks.unkillable", expect_status(want, r->unkillable), sum,
			 r->unkillable ? json_object_get(u) : NULL);
}

static void check_fs(struct run *r)
{
	json_object *fs = r->fs_result;

	if (!r->s->has_fs)
		return;
	if (!fs) {
		result_add_check(r->res, "fs.fsck", CHECK_ERROR, "the filesystem was never checked",
				 NULL);
		return;
	}
	json_object *fsck = jget(fs, "fsck");
	if (!r->s->fs.fsck)
		result_add_check(r->res, "fs.fsck", CHECK_SKIP, "fsck = no", NULL);
	else if (!fsck)
		result_add_check(r->res, "fs.fsck", CHECK_ERROR,
				 jstr(fs, "error")[0] ? jstr(fs, "error") : "fsck did not run",
				 NULL);
	else {
		bool damaged = jint(fsck, "exit_code", -1) != 0;
		char sum[512], note[128];
		expect_note(r, "fsck", r->s->expect.fsck, damaged, note, sizeof(note));
		snprintf(sum, sizeof(sum), "%s exited %lld: %s%s", jstr(fsck, "program"),
			 jint(fsck, "exit_code", -1),
			 damaged ? "the filesystem is damaged (output in the evidence)" : "clean",
			 note);
		result_add_check(r->res, "fs.fsck", expect_status(r->s->expect.fsck, damaged), sum,
				 json_object_get(fsck));
	}
	json_object *d = jget(fs, "durability");
	if (!d)
		return;
	if (jget(d, "skipped")) {
		result_add_check(r->res, "fs.no_lost_data", CHECK_SKIP, jstr(d, "skipped"), NULL);
		return;
	}
	long long missing = jint(d, "missing", 0), corrupt = jint(d, "corrupt", 0),
		  checked = jint(d, "checked", 0);
	bool lost = missing || corrupt;
	char sum[512], note[128];
	expect_note(r, "lost_data", r->s->expect.lost_data, lost, note, sizeof(note));
	snprintf(sum, sizeof(sum),
		 "%lld durable file(s) checked after %s: %lld missing, %lld with wrong contents%s",
		 checked, jstr(d, "after"), missing, corrupt, note);
	result_add_check(r->res, "fs.no_lost_data", expect_status(r->s->expect.lost_data, lost),
			 sum, json_object_get(d));
}

static void check_faults(struct run *r)
{
	json_object *f = r->fault_result;
	const struct sc_expect *e = &r->s->expect;

	if (!f)
		return;
	if (e->faults_injected.set)
		range_check(r, "fault.injected", &e->faults_injected, (double)jint(f, "fired", 0),
			    "faults fired (from the knobs' times counters)",
			    json_object_get(jget(f, "by_injector")));
	if (e->fault_fs_frames.set) {
		long long with = jint(f, "with_fs_frame", 0), logged = jint(f, "logged", 0);
		double pct = logged ? 100.0 * (double)with / (double)logged : 0;
		char sum[512], rb[64];
		range_format(&e->fault_fs_frames, rb, sizeof(rb));
		snprintf(
			sum, sizeof(sum),
			"%.1f%% of %lld logged fault(s) had a filesystem frame in their stack (expected %s)",
			pct, logged, rb);
		result_add_check(r->res, "fault.fs_frames",
				 logged && range_contains(&e->fault_fs_frames, pct) ? CHECK_PASS :
										      CHECK_FAIL,
				 sum, json_object_get(jget(f, "sites")));
	}
	if (jget(f, "sweep"))
		result_add_check(r->res, "fault.sweep",
				 jint(jget(f, "sweep"), "complete", 0) ? CHECK_PASS : CHECK_FAIL,
				 jstr(jget(f, "sweep"), "summary"), NULL);
}

static void check_kmsg(struct run *r)
{
	char sum[256];

	if (!r->have_kmsg) {
		result_add_check(r->res, "kernel.log", CHECK_ERROR,
				 "/dev/kmsg could not be read: kernel events unknown", NULL);
		return;
	}
	if (r->kmsg.lost) {
		snprintf(sum, sizeof(sum),
			 "%llu kernel log record(s) were overwritten before memstress read them",
			 (unsigned long long)r->kmsg.lost);
		result_add_check(r->res, "kernel.log", CHECK_PASS, sum, NULL);
	}
}

/* The checks, in the order they judge (each may add several to the
 * result); each one's span, for its duration_s, is its row's in
 * scenario/checkdefs.c. */
/* clang-format off */
static void (*const checks[])(struct run *r) = {
	check_oom_victim,
	check_oom_kills,
	check_oom_group,
	check_survives,
	check_high,
	check_limits_held,
	check_protected,
	check_hang,
	check_oops,
	check_warnings,
	check_lockdep,
	check_taint,
	check_fs_errors,
	check_fs,
	check_faults,
	check_alloc,
	check_stalls,
	check_fault_witness,
	check_trace,
	check_leaks,
	check_page_leaks,
	oomlife_check,
	check_workloads,
	check_unkillable,
	check_kmsg,
	check_worked, /* last: it asks whether a check failed */
};
/* clang-format on */

static double span_s(const struct run *r, enum check_span span)
{
	uint64_t end = r->stopped_ms ? r->stopped_ms : r->now_ms;
	const uint64_t ms[] = {
		[SPAN_WATCH] = end > r->t0_ms ? end - r->t0_ms : 0,
		[SPAN_FS] = r->fs_check_ms,
		[SPAN_LEAKS] = r->leak_scan_ms,
	};
	return (double)ms[span] / 1000.0;
}

void checks_evaluate(struct run *r)
{
	json_object *all = result_arr(r->res->root, "checks");

	for (size_t i = 0; i < ARRAY_SIZE(checks); i++) {
		size_t before = json_object_array_length(all);
		checks[i](r);
		for (size_t k = before; k < json_object_array_length(all); k++) {
			json_object *c = json_object_array_get_idx(all, k);
			const struct check_def *d = check_def_find(jstr(c, "name"));
			json_object_object_add(
				c, "duration_s",
				json_object_new_double(span_s(r, d ? d->span : SPAN_WATCH)));
		}
	}
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The OOM killer: how many it killed, whom, the whole group, who must
 * survive, and that each victim was gone in time. The kill checks ask three
 * independent witnesses (judge.h: the kernel's reports, the memcg counters,
 * the SIGKILL exits) and pass only when they agree; a disagreement is
 * reported as such, with all three in the evidence.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "core/strv.h"
#include "judge.h"

static void names_with(const struct run_facts *f, const unsigned *n, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = 0;
	for (size_t i = 0; i < f->s->n_workloads && i < OOM_WORKLOADS_MAX && o < len; i++)
		if (n[i])
			o += (size_t)snprintf(buf + o, len - o, "%s%s(%u)", o ? ", " : "",
					      f->s->workloads[i].name, n[i]);
	if (!o)
		snprintf(buf, len, "none");
}

static void judge_victim(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	const char *want = e->oom_victim;
	struct oom_witness w;
	char k[256], c[256], x[256], sum[1024];

	if (!want)
		return;
	oom_witness_gather(f, &w);
	names_with(f, w.kernel, k, sizeof(k));
	names_with(f, w.counters, c, sizeof(c));
	names_with(f, w.exits, x, sizeof(x));
	json_object *ev = oom_witness_json(f, &w);
	json_object_object_add(ev, "expected", json_object_new_string(want));
	oom_witness_done(&w);

	if (!strcmp(want, "any")) {
		snprintf(sum, sizeof(sum),
			 "%u OOM kill(s) reported; kernel: %s; counters: %s; SIGKILL exits: %s",
			 w.kernel_total, k, c, x);
		verdict_add(v, "oom.victim", w.kernel_total > 0 ? CHECK_PASS : CHECK_FAIL, sum, ev);
		return;
	}
	if (w.adj_mismatch) {
		/* the kernel did what it was told: not a kernel failure */
		snprintf(sum, sizeof(sum),
			 "%s (%u victim(s) so); the verdict would be the "
			 "program's, not the kernel's",
			 w.adj_why, w.adj_mismatch);
		verdict_add(v, "oom.victim", CHECK_ERROR, sum, ev);
		return;
	}
	bool none = !strcmp(want, "none");
	int idx = none ? -1 : scenario_workload_index(f->s, want);
	bool kernel_ok = true, counters_ok = true, exits_ok = true;
	for (size_t i = 0; i < f->s->n_workloads && i < OOM_WORKLOADS_MAX; i++) {
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
		verdict_add(v, "oom.victim", CHECK_PASS, sum, ev);
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
	verdict_add(v, "oom.victim", CHECK_FAIL, sum, ev);
}

static void judge_kills(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	const struct range *want = &e->oom_kills;
	struct oom_witness w;
	char sum[512], rb[64];

	if (!want->set)
		return;
	oom_witness_gather(f, &w);
	json_object *ev = oom_witness_json(f, &w);
	oom_witness_done(&w);
	bool k_ok = range_contains(want, w.kernel_total),
	     c_ok = range_contains(want, w.counters_total);
	range_format(want, rb, sizeof(rb));
	snprintf(sum, sizeof(sum), "expected %s OOM kill(s): kernel reported %u, memcg counters %u",
		 rb, w.kernel_total, w.counters_total);
	if (k_ok != c_ok)
		snprintf(sum + strlen(sum), sizeof(sum) - strlen(sum), " (the witnesses disagree)");
	verdict_add(v, "oom.kills", k_ok && c_ok ? CHECK_PASS : CHECK_FAIL, sum, ev);
}

static void judge_group(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	char sum[512];
	unsigned group_kills = 0, members = 0;

	if (!e->oom_group)
		return;
	if (!cg_key_applied(f, "memory.oom.group")) {
		snprintf(sum, sizeof(sum), "memory.oom.group: %s",
			 cg_key_skip_reason(f, "memory.oom.group"));
		verdict_add(v, "oom.group", CHECK_SKIP, sum, NULL);
		return;
	}
	double first_kill = NAN; /* the first group kill, s of kernel time since the start */
	for (size_t i = 0; i < f->n_ev; i++)
		if (fhas(&f->ev[i].e->fields, "oom_group")) {
			members++;
			if (!(f->ev[i].run_time >= first_kill))
				first_kill = f->ev[i].run_time;
		}
	for (size_t i = 0; i < f->n_cgs; i++)
		if (f->cgs[i].spec)
			group_kills += (unsigned)f->cgs[i].last.ev_oom_group_kill;
	/* Every process of every workload in the group must have died by
	 * SIGKILL, or be gone already when the group was killed: the kernel
	 * kills the tasks it finds, and a stress-ng stressor's child that
	 * exited by itself in the 10 ms between the OOM report and the group
	 * kill failed a vanilla run (1 in 5). That is on our clock: the start
	 * marker's, plus the kernel's time since, with half a second for
	 * the two clocks and the exit's report. */
	uint64_t kill_ms = isnan(first_kill) ? 0 :
					       facts_kernel_to_mono(f, f->kernel_t0 + first_kill);
	if (kill_ms)
		kill_ms += 500;
	unsigned alive = 0, total = 0, gone = 0;
	for (size_t i = 0; i < f->n_procs; i++) {
		const struct run_proc *p = &f->procs[i];
		const struct run_wl *w = &f->wl[p->wl];
		const struct sc_cgroup *cg =
			scenario_cgroup(f->s, w->w->cgroup ? w->w->cgroup : "");
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
	verdict_add(v, "oom.group", ok ? CHECK_PASS : CHECK_FAIL, sum, ev);
}

static void judge_survives(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	struct oom_witness w;

	if (!e->survives)
		return;
	oom_witness_gather(f, &w);
	STRV_FOREACH(n, e->survives) {
		int idx = scenario_workload_index(f->s, *n);
		char name[160], sum[512];
		if (idx < 0 || idx >= OOM_WORKLOADS_MAX)
			continue; /* refused at load */
		bool ok = w.kernel[idx] == 0 && w.counters[idx] == 0 && w.exits[idx] == 0;
		snprintf(name, sizeof(name), "oom.survives.%s", *n);
		snprintf(sum, sizeof(sum), "%s: %u OOM report(s), counter %u, %u SIGKILL exit(s)",
			 *n, w.kernel[idx], w.counters[idx], w.exits[idx]);
		verdict_add(v, name, ok ? CHECK_PASS : CHECK_FAIL, sum, oom_witness_json(f, &w));
	}
	oom_witness_done(&w);
}

/* Each victim gone within [expect] oom_victim_exit (oomlife.c's figures). */
static void judge_victim_exit(const struct run_facts *f, const struct sc_expect *e,
			      struct verdict *v)
{
	const struct oom_life_facts *l = &f->life;
	char sum[768], lim[32], rb[64] = "none reaped (each exited first)";
	(void)e;

	if (!l->victims)
		return;
	snprintf(lim, sizeof(lim), "%.1fs", l->exit_limit_ms / 1000.0);
	if (l->found && l->stuck) {
		snprintf(sum, sizeof(sum),
			 "OOM victim %ld (%s) was not gone %s after the kill: state %s, "
			 "waiting in %s; reaper: %s%s%s",
			 l->pid, l->name, lim, l->state, l->wchan, l->reaper, l->holder ? "; " : "",
			 l->holder ?: "");
		verdict_add(v, "oom.victim_exit", CHECK_FAIL, sum, json_object_get(l->evidence));
		return;
	}
	if (l->found) {
		snprintf(sum, sizeof(sum),
			 "OOM victim %ld was killed and its exit was never seen (the run "
			 "ended first)",
			 l->pid);
		verdict_add(v, "oom.victim_exit", CHECK_PASS, sum, json_object_get(l->evidence));
		return;
	}
	if (l->kill_to_reap_max_ms >= 0)
		snprintf(rb, sizeof(rb), "longest kill to reap %.0f ms", l->kill_to_reap_max_ms);
	snprintf(sum, sizeof(sum),
		 "%zu OOM victim(s), each gone within %s: longest kill to exit %.0f ms, %s",
		 l->victims, lim, l->kill_to_exit_max_ms, rb);
	verdict_add(v, "oom.victim_exit", CHECK_PASS, sum, NULL);
}

/* clang-format off */
static const struct check_def defs[] = {
	{ "oom.victim", "oom_victim", "the OOM killer picked another workload",
	  .requires = "kmsg", .judge = judge_victim },
	{ "oom.kills", "oom_kills", "the number of OOM kills is outside the range",
	  .requires = "kmsg", .judge = judge_kills },
	{ "oom.group", "oom_group", "a task of the victim's cgroup survived",
	  .requires = "cgroup-v2", .judge = judge_group },
	{ "oom.survives.", "survives", "a workload that must survive was OOM-killed",
	  .requires = "kmsg", .judge = judge_survives },
	{ "oom.victim_exit", "oom_victim_exit", "an OOM victim was not gone in time after its kill",
	  .requires = "kmsg", .judge = judge_victim_exit },
};
/* clang-format on */

const struct check_family checks_oom = { "the OOM killer", defs, ARRAY_SIZE(defs) };

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the checks of several families share (judge.c): an [expect] key's
 * verdict and note, a range's check, the kernel's events as evidence, the
 * cgroup keys the run applied, and the three witnesses of OOM kills.
 */
#ifndef MEMSTRESS_RUNNER_CHECKS_JUDGE_H
#define MEMSTRESS_RUNNER_CHECKS_JUDGE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/parse.h"
#include "core/scope.h"
#include "runner/facts.h"
#include "runner/verdict.h"
#include "scenario/checkdefs.h"
#include "scenario/scenario.h"

/* The verdict of an [expect] key (no, allowed, expected) on whether its thing happened. */
enum check_status expect_status(enum expectation want, bool happened);

/* What a summary adds when [expect] key decided it: the thing happened and
 * was allowed or expected, or was expected and did not happen. Into buf. */
const char *expect_note(const struct sc_expect *e, const char *key, enum expectation want,
			bool happened, char *buf, size_t len);

/* "what: got (expected range)", passing when the range holds got. */
void judge_range(struct verdict *v, const char *name, const struct range *want, double got,
		 const char *what, json_object *ev);

/* The kernel's failure events of one kind as evidence ({title, run_time, lines}). */
json_object *events_of(const struct run_facts *f, enum ev_kind k);

/* The kernel's failure events of some kinds, judged by [expect] key (no,
 * allowed or expected): "N what: the first's title". */
void judge_events(const struct run_facts *f, const struct sc_expect *e, struct verdict *v,
		  const char *name, const enum ev_kind *kinds, size_t nk, const char *key,
		  enum expectation want, const char *what);

/* Did the run write a cgroup file for this scenario key; if not, why. */
bool cg_key_applied(const struct run_facts *f, const char *key);
const char *cg_key_skip_reason(const struct run_facts *f, const char *key);

/* The three witnesses of OOM kills, per workload of the scenario:
 *	kernel    the OOM reports the console oracle parsed (victim pid/memcg)
 *	counters  each workload leaf's memcg oom_kill counter
 *	exits     workload processes that died by SIGKILL before memstress sent
 *	          any (process-events connector, or waitpid for direct children) */
#define OOM_WORKLOADS_MAX 256
struct oom_witness {
	unsigned kernel[OOM_WORKLOADS_MAX], counters[OOM_WORKLOADS_MAX], exits[OOM_WORKLOADS_MAX];
	unsigned kernel_total, kernel_unknown, counters_total;
	json_object *victims; /* owned */
	/* a victim whose oom_score_adj (the kernel prints it) is not the one the
	 * scenario gave its workload: the program changed it (issue 28) */
	unsigned adj_mismatch;
	char adj_why[256];
};
void oom_witness_gather(const struct run_facts *f, struct oom_witness *w);
void oom_witness_done(struct oom_witness *w);
json_object *oom_witness_json(const struct run_facts *f, const struct oom_witness *w);
/* The index of a workload of the scenario, or -1. */
int scenario_workload_index(const struct scenario *s, const char *name);

#endif

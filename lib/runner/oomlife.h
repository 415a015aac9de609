/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OOM victims' lives: kill, reap, exit, and what a victim that cannot exit
 * waits for (oomlife.c).
 */
#ifndef MEMSTRESS_RUNNER_OOMLIFE_H
#define MEMSTRESS_RUNNER_OOMLIFE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "oracle/oracle.h"

struct run;

/* From the console oracle, as the lines are read. */
void oomlife_notice(struct run *r, enum oracle_notice what, long pid, double ts);
/* A process of the run exited (at_ms: CLOCK_MONOTONIC, 0: now). */
void oomlife_exit(struct run *r, pid_t pid, uint64_t at_ms);
/* Each sample interval: victims past the limit are stuck; gather why. */
void oomlife_tick(struct run *r);
/* Was pid an OOM victim by kernel time ts (killed at or before it)? A
 * victim's allocations may fail by design: the page allocator gives up
 * on a victim that already used the reserves, memcg fails its charges. */
bool oomlife_was_victim(const struct run *r, long pid, double ts);
/* "oom_victims" in result.json, and oom.victim_exit's facts. */
void oomlife_record(struct run *r);
void oomlife_free(struct run *r);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OOM victims' lives: kill, reap, exit, and what a victim that cannot exit
 * waits for (oomlife.c).
 */
#ifndef MEMSTRESS_RUNNER_OOMLIFE_H
#define MEMSTRESS_RUNNER_OOMLIFE_H

#include <stdint.h>
#include <sys/types.h>

#include "oracle/oracle.h"

struct run;

/* From the console oracle, as the lines are read. */
void oomlife_notice(struct run *r, enum oracle_notice what, long pid, double ts);
/* A process of the run exited (mono_ms: CLOCK_MONOTONIC, 0: now). */
void oomlife_exit(struct run *r, pid_t pid, uint64_t mono_ms);
/* Each sample interval: victims past the limit are stuck; gather why. */
void oomlife_tick(struct run *r);
/* "oom_victims" in result.json; the oom.victim_exit check. */
void oomlife_record(struct run *r);
void oomlife_check(struct run *r);
void oomlife_free(struct run *r);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reclaim and pressure sampled with memory: vmstat.tsv and result.json
 * memory.reclaim (see reclaim.c).
 */
#ifndef MEMSTRESS_RUNNER_RECLAIM_H
#define MEMSTRESS_RUNNER_RECLAIM_H

struct run;

int reclaim_open(struct run *r);
/* One row: called with every memory sample. */
void reclaim_sample(struct run *r);
/* memory.reclaim: totals and rates from the first sample to the last. */
void reclaim_record(struct run *r);
void reclaim_close(struct run *r);

#endif

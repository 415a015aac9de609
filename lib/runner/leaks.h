/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel memory leaks after a run: kmemleak where the kernel has it, the
 * slab counters of the scenario filesystem's caches otherwise (leaks.c).
 */
#ifndef MEMSTRESS_RUNNER_LEAKS_H
#define MEMSTRESS_RUNNER_LEAKS_H

#include <stdint.h>

struct run;

/* Before the filesystem is made: what leaked before, or the slab counts. */
int leaks_setup(struct run *r);
/* After the filesystem is unmounted: "leaks" in result.json. */
void leaks_check(struct run *r);
void leaks_free_state(struct run *r);
/* Sleep ms milliseconds (the leak witnesses' waits between looks). */
void sleep_ms(uint64_t ms);

#endif

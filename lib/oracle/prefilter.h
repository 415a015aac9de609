/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scan's prefilter: while no report is open, the lines that cannot start
 * one are skipped without being parsed. A line can start a report only if it
 * holds one of the start rules' literals (rules_literals()); Vectorscan
 * (Hyperscan's portable fork) finds the next such line in a block at many
 * GB/s. Built without libhs, prefilter_get() returns NULL and every line is
 * parsed, with the same result.
 */
#ifndef MEMSTRESS_ORACLE_PREFILTER_H
#define MEMSTRESS_ORACLE_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>

struct prefilter;
struct prefilter_scratch;

/* The compiled literal set, made once per process; NULL when unavailable
 * (no libhs, or MEMSTRESS_NO_PREFILTER set: the benchmark's baseline). */
const struct prefilter *prefilter_get(void);
/* Per thread. */
struct prefilter_scratch *prefilter_scratch_new(const struct prefilter *pf);
void prefilter_scratch_free(struct prefilter_scratch *s);
/* The offset in [0, len] of the first line of buf (which starts at a line
 * start and ends after a newline) that holds a literal; len if none. */
size_t prefilter_next_line(const struct prefilter *pf, struct prefilter_scratch *s, const char *buf,
			   size_t len);
/* The Vectorscan version in use, or why there is none (memstress version). */
const char *prefilter_engine(void);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whole pages a run left allocated, by page_owner's stacks (pageleaks.c):
 * kernel.no_page_leaks.
 */
#ifndef MEMSTRESS_RUNNER_PAGELEAKS_H
#define MEMSTRESS_RUNNER_PAGELEAKS_H

struct run;

/* Before the filesystem is made: the pages each allocation stack holds. */
int pageleaks_setup(struct run *r);
/* After the filesystem is unmounted: "page_leaks" in result.json. */
void pageleaks_check(struct run *r);
void pageleaks_free_state(struct run *r);

#endif

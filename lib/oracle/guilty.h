/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guilty frame of a report: the function a title names, as syzbot names
 * it. The faulting instruction's function or the first frame of the stack is
 * rarely the culprit: locking, refcounting, sanitizer, printk, dump and
 * allocator helpers are skipped (a table, kept here with the rules); a stall
 * is named by the frame before the dispatcher that runs the looping code
 * (the syscall entry, the workqueue); a hung task by the first frame outside
 * the scheduler, the locks and the waits it sleeps in. Pure functions on
 * function names; called once per finished event, never per line.
 */
#ifndef MEMSTRESS_ORACLE_GUILTY_H
#define MEMSTRESS_ORACLE_GUILTY_H

#include <stdbool.h>

/* fn is a helper a title must not name (the skip table). */
bool guilty_skip(const char *fn);
/* The first of ip (may be NULL) and frames[0..n) that is no helper; NULL
 * when all are. The result points into the arguments. */
const char *guilty_frame(const char *ip, char *const *frames, unsigned n);
/* guilty_frame() skipping also the frames that hold one of the substrings
 * in also (NULL-terminated): a report's own machinery (kmemleak's
 * allocators, debugobjects' users, the scheduler for "scheduling while
 * atomic"). */
const char *guilty_frame_also(const char *ip, char *const *frames, unsigned n,
			      const char *const *also);
/* A stall or lockup: ip (the looping task's, may be NULL) then frames: the
 * frame before the first dispatcher, else guilty_frame(). */
const char *guilty_stall(const char *ip, char *const *frames, unsigned n);
/* A hung task's stack: rtnl_lock, or synchronize_rcu for the RCU waits,
 * else the first frame outside the scheduler, locks and waits. */
const char *guilty_hung(char *const *frames, unsigned n);

/* fn as a title names it: without the syscall wrappers' prefixes
 * ("__x64_sys_futex" -> "sys_futex", "__se_sys_mremap" -> "mremap", the
 * longest that fits, as syzkaller strips them) and the compiler's suffixes
 * (".isra.12", ".constprop.0", ".cold"). *len: the bytes to print. */
const char *guilty_name(const char *fn, int *len);

#endif

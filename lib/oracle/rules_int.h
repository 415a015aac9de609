/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the oracle's rule files share (rules.c and rules_<family>.c): the
 * helpers of rules.c, and each family's start rules, continuations and
 * finishers, which rules.c's tables dispatch to. Nothing outside
 * lib/oracle/rules*.c includes it.
 */
#ifndef MEMSTRESS_ORACLE_RULES_INT_H
#define MEMSTRESS_ORACLE_RULES_INT_H

#include "oracle_int.h"

/* Titles of the commonest events (OOM kills, injected faults) are put
 * together without printf: a scan makes hundreds of thousands of them. */
struct title {
	char *p;
	size_t n, cap;
};

/* Frames of the allocation and fault-injection machinery, skipped to find the caller. */
extern const char *const alloc_frames[];
/* The scheduler's frames, skipped to find where a task waits. */
extern const char *const sched_frames[];

/* p (up to end) starts with the words of one of lockdep's report headers
 * ("possible circular locking dependency detected", ...) (rules_lockdep.c) */
bool is_lockdep_type(const char *p, const char *end);

/* helpers (rules.c) */
void set_title(struct oracle_event *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void set_title_in(struct oracle_event *e, const char *head, int headlen, const char *fn);
void title_str(struct title *t, const char *s);
void title_int(struct title *t, long long v);
bool has_prefix(const char *s, const char *const *prefixes);
const char *frame_fs(const char *fn);
const char *first_frame_not(const struct oracle_event *e, const char *const *skip);
void add_sites(struct oracle_event *e);
void add_gfp(struct fieldset *f, const char *s, size_t len, const char *key);
void gfp_from_number(struct fieldset *f);
void add_leading_task(struct fieldset *f, const struct kline *k, const char *sep, const char *key);

/* rules_oom.c */
bool start_oom_invoked(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool oom_kill_summary(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_oom_kill(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_oom_none(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool oom_reaper_line(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool oom_group_line(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool oom_continue_report(struct oracle *o, struct report *r, const struct kline *k);
void finish_oom_event(struct oracle_event *e);

/* rules_alloc.c */
bool start_alloc_failure(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_vmalloc(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_slub_fail(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool alloc_continue(struct oracle *o, struct report *r, const struct kline *k);
bool start_fault(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool fault_continue(struct oracle *o, struct report *r, const struct kline *k);
void finish_alloc_failure(struct oracle_event *e);
void finish_fault_injected(struct oracle_event *e);

/* rules_hang.c */
bool start_hung_task(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool hang_continue(struct oracle *o, struct report *r, const struct kline *k);
bool start_soft_lockup(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_rcu_stall(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_wq_lockup(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_hard_lockup(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_blocked(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool blocked_continue(struct oracle *o, struct report *r, const struct kline *k);
void finish_hang(struct oracle_event *e);
void finish_blocked_tasks(struct oracle_event *e);

/* rules_lockdep.c */
bool start_lockdep(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen,
		   const char *type);
bool start_lockdep_line(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_info_lockdep(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool lockdep_continue_report(struct oracle *o, struct report *r, const struct kline *k);
void finish_lockdep(struct oracle_event *e);

/* rules_crash.c */
bool start_warning(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_bug(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_oops(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_sanitizer(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_slub_bug(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_vfs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_arm_fault(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_panic(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool bug_continue(struct oracle *o, struct report *r, const struct kline *k);
bool oops_continue(struct oracle *o, struct report *r, const struct kline *k);
void finish_warning(struct oracle_event *e);
void finish_bug(struct oracle_event *e);
void finish_oops(struct oracle_event *e);
void finish_panic(struct oracle_event *e);

/* rules_fs.c */
bool start_xfs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_ext4(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_jbd2(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_btrfs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
bool start_other_fs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
void finish_fs_error(struct oracle_event *e);

#endif

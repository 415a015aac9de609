/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The undo journal: every change memstress makes to kernel state (a knob it
 * writes, a cgroup it creates, a mount, a loop device, a process it starts) is
 * recorded here *before* it is made, with what is needed to revert it. The
 * journal is a file under the state directory (/run/memstress, or
 * $MEMSTRESS_STATE_DIR), appended and synced entry by entry, so that a run
 * killed by SIGKILL leaves a record `memstress cleanup` can replay.
 *
 * Unwinding replays entries in reverse order and marks each one done in the
 * file as it goes, so an interrupted unwind resumes where it stopped.
 *
 * The journal knows nothing about what an operation means: the executor is a
 * table of {name, fn} supplied by the caller (lib/kernel/undo_ops.c), which
 * keeps this file free of kernel knowledge.
 */
#ifndef MEMSTRESS_CORE_UNDO_H
#define MEMSTRESS_CORE_UNDO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define UNDO_MAX_ARGS 3

struct undo_entry {
	unsigned seq;
	char *op;
	char *arg[UNDO_MAX_ARGS]; /* unused ones are NULL */
	bool done;
};

/*
 * An executor returns 0 when the state is reverted (or already was), or a
 * negative errno; on error it may fill msg with a one-line explanation.
 */
struct undo_op {
	const char *name;
	int (*revert)(const struct undo_entry *e, char *msg, size_t msglen);
	const char *help;
};

struct undo {
	char *path;
	int fd;
	struct undo_entry *entries;
	size_t n, cap;
	pid_t owner_pid;
	unsigned long long owner_start;
	char *owner_boot;
	char *run_id;
};

/* Where journals live: $MEMSTRESS_STATE_DIR or /run/memstress. Static string. */
const char *undo_state_dir(void);

/* Create a new journal for run_id, owned by this process. */
int undo_open(const char *run_id, struct undo **ret);
/* Load an existing journal (for cleanup); does not take ownership of it. */
int undo_load(const char *path, struct undo **ret);
void undo_free(struct undo *u);

/* Record an operation before performing it. Arguments may be NULL (absent). */
int undo_record(struct undo *u, const char *op, const char *a, const char *b, const char *c);

/* The change just recorded was not made after all (it failed, or what it
 * would have created existed already): mark the last entry done, so that
 * nothing is reverted for it. */
int undo_cancel_last(struct undo *u);
/* The same for entry i (0: the first recorded): a change journaled ahead
 * of being made, then not made. */
int undo_cancel(struct undo *u, size_t i);

/*
 * Revert every entry not yet done, newest first, using the ops table.
 * Failures are reported through report() (may be NULL) and the unwind
 * continues; returns the number of entries that could not be reverted
 * (0 = all done), and removes the journal file when everything is done.
 */
int undo_unwind(struct undo *u, const struct undo_op *ops,
		void (*report)(const struct undo_entry *e, int r, const char *msg, void *ud),
		void *userdata);

/* The same, for the entries recorded after the first `mark` ones only
 * (a mark is u->n at some earlier point); the journal file stays. */
int undo_unwind_after(struct undo *u, size_t mark, const struct undo_op *ops,
		      void (*report)(const struct undo_entry *e, int r, const char *msg, void *ud),
		      void *userdata);

/* Is the process that wrote this journal still running (same pid, same start)? */
bool undo_owner_alive(const struct undo *u);

/* Start time of a process in clock ticks since boot (field 22 of /proc/PID/stat). */
int proc_start_time(pid_t pid, unsigned long long *ret);
/* Is this the same process still: same pid, start time and boot (boot_id may be NULL)? */
bool proc_alive(pid_t pid, unsigned long long start_ticks, const char *boot_id);
/* This boot's id (/proc/sys/kernel/random/boot_id), malloc'd; NULL if unknown. */
char *boot_id(void);

/* Escape for one space-separated field, and back. Caller frees. */
char *undo_escape(const char *s);
char *undo_unescape(const char *s);

#endif

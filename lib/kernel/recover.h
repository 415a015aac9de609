/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Repairing after runs that died: every undo journal under the state
 * directory whose owner process is gone (SIGKILL, a crash, a CI timeout)
 * is replayed, newest change first. `memstress cleanup` does this on
 * request; every run and VM run does it before it changes anything, so a
 * machine a killed run left behind is put right by the next run.
 */
#ifndef MEMSTRESS_KERNEL_RECOVER_H
#define MEMSTRESS_KERNEL_RECOVER_H

#include <stdbool.h>

#include "core/undo.h"

struct recover_opts {
	bool dry;   /* report what would be undone, change nothing */
	bool force; /* replay journals of owners that still seem alive */
	/* called once per journal, before its entries; alive runs are skipped */
	void (*run)(const struct undo *u, bool alive, void *ud);
	/* called once per entry replayed (r < 0: it could not be undone) */
	void (*entry)(const struct undo_entry *e, int r, const char *msg, void *ud);
	/* called for a journal file that cannot be read */
	void (*unreadable)(const char *path, void *ud);
	void *userdata;
	char ***journaled; /* if set: gets every cgroup any journal names */
};

/*
 * Replay the journals of dead runs. Returns the number of runs replayed,
 * or a negative errno if the journal directory cannot be read (a missing
 * one is not an error: nothing to do).
 */
int recover_dead_runs(const struct recover_opts *o);

/*
 * Before a run changes anything: undo what dead runs left, telling the user
 * on stderr. Failures are warnings; the new run goes on.
 */
void recover_before_run(void);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Locks on what memstress runs share on one machine: a run's own identity
 * (who owns the cgroup memstress-<run-id>), and the system-wide resources a
 * run changes (the fault-injection knobs, the hung-task sysctls, a trace
 * instance). Each lock is a file under /run/lock/memstress — one place,
 * whatever MEMSTRESS_STATE_DIR says, so that runs with different state
 * directories still see each other — held with flock(2) for the life of the
 * process: a holder that dies releases it, so a lock never outlives a run.
 * The file says who holds it ("run <id>, pid <n>"), so a refusal names the
 * run in the way.
 */
#ifndef MEMSTRESS_CORE_LOCK_H
#define MEMSTRESS_CORE_LOCK_H

#include <stdbool.h>
#include <stddef.h>

/* Directory of the lock files: $MEMSTRESS_LOCK_DIR or /run/lock/memstress. */
const char *lock_dir(void);

/*
 * Take the lock `name` (an identifier: core/ident.h) for this process,
 * recording `holder`. With wait, block until it is free; without, -EBUSY
 * when someone holds it, with *who (if given) saying who. Returns the
 * lock's descriptor (>= 0; closing it, or exiting, releases the lock) or a
 * negative errno.
 */
int lock_take(const char *name, const char *holder, bool wait, char *who, size_t wholen);
/* Release a lock taken with lock_take (removes its file). fd < 0: nothing. */
void lock_release(int fd, const char *name);
/* Is `name` held by a live process (this one included)? *who as above. */
bool lock_held(const char *name, char *who, size_t wholen);
/*
 * Remove the lock files nobody holds: what a run killed outright (SIGKILL)
 * left. Returns how many (with dry: how many would be), or -errno.
 */
int lock_prune(bool dry);

#endif

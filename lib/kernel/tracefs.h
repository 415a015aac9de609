/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tracefs for a run: its own trace instance (instances/memstress-<run-id>,
 * never the top-level buffer other tools use), the events it enables there
 * with their filters and stack-trace triggers, and the kretprobe events it
 * defines (on the fault-injection decision functions, where the kernel has
 * kprobes). Every change is recorded in the undo journal before it is
 * made: the instance is removed (which disables everything in it), the
 * probe events are deleted, and tracefs, when the run had to mount it, is
 * unmounted from the run's own mount point, so two runs never undo each
 * other's tracing.
 */
#ifndef MEMSTRESS_KERNEL_TRACEFS_H
#define MEMSTRESS_KERNEL_TRACEFS_H

#include <stdbool.h>
#include <stddef.h>

struct undo;

struct tracefs {
	char root[512];	    /* where tracefs is mounted */
	char instance[640]; /* root/instances/<name> */
	bool mounted;	    /* by this run */
};

/*
 * Find tracefs (/sys/kernel/tracing, /sys/kernel/debug/tracing) or mount it
 * at private_mnt (a directory the run owns). -ENOENT: the kernel has no
 * tracefs (CONFIG_TRACING off).
 */
int tracefs_open(struct tracefs *t, const char *private_mnt, struct undo *u);
/*
 * Make the instance `name` (after any tracefs_probe: the journal then
 * removes the instance, and with it every use of the probes, before it
 * deletes them). An instance of that name that exists is not ours: -EEXIST.
 */
int tracefs_instance(struct tracefs *t, const char *name, struct undo *u);
/* The same in two halves, for an instance made on another thread: the
 * journal's record (t->instance set), then the directory. A failed make
 * must have its record cancelled (undo_cancel): the name may be another's. */
int tracefs_instance_journal(struct tracefs *t, const char *name, struct undo *u);
int tracefs_instance_make(const struct tracefs *t);
/* Does the kernel have this event ("kmem/kmalloc")? */
bool tracefs_has_event(const struct tracefs *t, const char *event);
/*
 * In the instance: set the event's filter (NULL: none) and trigger (NULL:
 * none), then enable it.
 */
int tracefs_event(const struct tracefs *t, const char *event, const char *filter,
		  const char *trigger);
/*
 * Define a probe event ("r:GROUP/NAME FUNC ARGS", kprobe_events syntax),
 * journaled for deletion. -ENOENT when the kernel has no probe events.
 */
int tracefs_probe(const struct tracefs *t, const char *group, const char *name,
		  const char *definition, struct undo *u);
/*
 * Define a dynamic event ("s:NAME FIELDS", a synthetic event, in
 * dynamic_events syntax) named group_name ("synthetic/NAME"), journaled for
 * deletion. -ENOENT when the kernel has no dynamic events.
 */
int tracefs_dynamic_event(const struct tracefs *t, const char *group_name, const char *definition,
			  struct undo *u);
/*
 * Add a trigger ("hist:...") to an event of the instance without enabling
 * it: the kernel runs the trigger and records nothing. Journaled for
 * removal: a histogram with variables holds the instance (rmdir is EBUSY
 * until it is gone), so triggers go first, the last added first.
 */
int tracefs_trigger(const struct tracefs *t, const char *event, const char *trigger,
		    struct undo *u);
/*
 * The same in two halves, for a trigger set later or on another thread:
 * the journal's record first (its undo of a trigger never set does
 * nothing: the kernel refuses "!SPEC" with ENOENT or EINVAL, or takes it
 * as done), then the trigger itself, which touches no journal.
 */
int tracefs_trigger_journal(const struct tracefs *t, const char *event, const char *trigger,
			    struct undo *u);
int tracefs_trigger_set(const struct tracefs *t, const char *event, const char *trigger);
/* The undo journal's operation for a trigger: write "!SPEC" to its file. */
int tracefs_revert_trigger(const char *file, const char *spec, char *msg, size_t len);
/* The last line of the instance's error_log (why the kernel refused a
 * command), or "". */
void tracefs_last_error(const struct tracefs *t, char *buf, size_t len);
/* Read a file of the instance ("events/synthetic/X/hist"), whole. */
int tracefs_read(const struct tracefs *t, const char *file, char **ret);
/* A file of the instance ("trace_pipe", "buffer_size_kb"), opened. */
int tracefs_open_file(const struct tracefs *t, const char *file, int flags);
/* Write a value into a file of the instance. */
int tracefs_write(const struct tracefs *t, const char *file, const char *value);
/* Read a tracepoint's format file from the top-level events ("kmem/mm_page_alloc"). */
int tracefs_format(const struct tracefs *t, const char *event, char **ret);

/* The undo journal's operation for a probe event: write "-:GROUP/NAME". */
/* The kernel has probe events (kprobe_events). */
bool tracefs_has_probes(const struct tracefs *t);
int tracefs_revert_probe(const char *kprobe_events, const char *group_name, char *msg, size_t len);

#endif

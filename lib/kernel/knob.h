/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel knobs (sysctls, debugfs, procfs, sysfs files) changed for a run:
 * the old value is read and recorded in the undo journal before the new one
 * is written, so the knob is put back on every exit path and after a crash.
 */
#ifndef MEMSTRESS_KERNEL_KNOB_H
#define MEMSTRESS_KERNEL_KNOB_H

struct undo;

/* Set path to value, journaling the current value first. */
int knob_set(struct undo *u, const char *path, const char *value);
int knob_setf(struct undo *u, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each undo-journal operation means and how it is reverted. Used by
 * every run's teardown and by `memstress cleanup` after a crash.
 */
#ifndef MEMSTRESS_KERNEL_UNDO_OPS_H
#define MEMSTRESS_KERNEL_UNDO_OPS_H

#include "core/undo.h"

extern const struct undo_op undo_ops[]; /* NULL-name terminated */

#endif

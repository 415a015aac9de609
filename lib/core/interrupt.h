/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SIGINT, SIGTERM and SIGHUP as events, not as deaths: they are blocked and
 * read from a signalfd, so memstress notices them where it decides to (its
 * event loop, the waits of the stopping and checking phases, a program it
 * runs to completion) and always gets to undo what it changed. The first one
 * is latched; interrupt_signal() says which it was for the exit code
 * (128 + N) and the result.
 *
 * While the undo journal is unwound, interrupt_during_undo() lets a further
 * Ctrl-C print that memstress is undoing, instead of being ignored in
 * silence: the unwind is never abandoned.
 */
#ifndef MEMSTRESS_CORE_INTERRUPT_H
#define MEMSTRESS_CORE_INTERRUPT_H

#include <stdbool.h>

/* Block the three signals and open the signalfd (idempotent). */
int interrupt_setup(void);
/* The signalfd, to poll with other descriptors; -1 before interrupt_setup. */
int interrupt_fd(void);
/* Read what arrived (never blocks); the first signal received, or 0. */
int interrupt_check(void);
/* The latched signal, without reading (0: none). */
int interrupt_signal(void);
/* Pretend one arrived (a guest told to stop by its host). */
void interrupt_raise(int sig);
/* From now on a signal prints "still undoing ..." on stderr and is latched;
 * interrupt_undo_end() goes back to the signalfd. */
void interrupt_during_undo(void);
void interrupt_undo_end(void);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Interruptions (see interrupt.h).
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "interrupt.h"

static int sfd = -1;
static volatile sig_atomic_t latched;

static void mask(sigset_t *m)
{
	sigemptyset(m);
	sigaddset(m, SIGINT);
	sigaddset(m, SIGTERM);
	sigaddset(m, SIGHUP);
}

int interrupt_setup(void)
{
	sigset_t m;

	if (sfd >= 0)
		return 0;
	mask(&m);
	if (sigprocmask(SIG_BLOCK, &m, NULL) < 0)
		return -errno;
	sfd = signalfd(-1, &m, SFD_NONBLOCK | SFD_CLOEXEC);
	return sfd < 0 ? -errno : 0;
}

int interrupt_fd(void)
{
	return sfd;
}

int interrupt_check(void)
{
	struct signalfd_siginfo si;

	while (sfd >= 0 && read(sfd, &si, sizeof(si)) == (ssize_t)sizeof(si))
		if (!latched)
			latched = (sig_atomic_t)si.ssi_signo;
	return latched;
}

int interrupt_signal(void)
{
	return latched;
}

void interrupt_raise(int sig)
{
	if (!latched)
		latched = sig;
}

static void undo_handler(int sig)
{
	static const char msg[] =
		"\nmemstress: undoing the run's changes (cgroups, mounts, knobs); this "
		"finishes by itself, please wait\n";

	if (!latched)
		latched = sig;
	(void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
}

void interrupt_during_undo(void)
{
	struct sigaction sa = { .sa_handler = undo_handler, .sa_flags = SA_RESTART };
	sigset_t m;

	(void)interrupt_check(); /* what came before is the interruption itself */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	mask(&m);
	sigprocmask(SIG_UNBLOCK, &m, NULL);
}

void interrupt_undo_end(void)
{
	struct sigaction sa = { .sa_handler = SIG_DFL };
	sigset_t m;

	mask(&m);
	sigprocmask(SIG_BLOCK, &m, NULL);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

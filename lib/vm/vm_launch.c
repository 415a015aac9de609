// SPDX-License-Identifier: GPL-2.0
/*
 * Launching QEMU and waiting on it: its two serial ports read line by line
 * (the console into the oracle, the status port's HELLO, heartbeats and
 * DONE), the live status line, and every wait bounded by a deadline.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "core/undo.h"
#include "core/version.h"
#include "engine/engine.h"
#include "kernel/blockdev.h"
#include "kernel/recover.h"
#include "kernel/undo_ops.h"
#include "oracle/oracle.h"
#include "report/live.h"
#include "report/result.h"
#include "report/writers.h"
#include "scenario/schema.h"
#include "vm_int.h"

/* --- reading the serial ports ------------------------------------------------ */

static void tail_lines(struct tail *t, void (*fn)(struct vm *, const char *, size_t), struct vm *v)
{
	for (;;) {
		ssize_t k = read(t->fd, t->buf + t->len, sizeof(t->buf) - t->len);
		if (k <= 0)
			break;
		t->len += (size_t)k;
		size_t start = 0;
		for (size_t i = 0; i < t->len; i++)
			if (t->buf[i] == '\n') {
				fn(v, t->buf + start, i - start);
				start = i + 1;
			}
		if (start == 0 && t->len == sizeof(t->buf)) { /* a line longer than the buffer */
			fn(v, t->buf, t->len);
			start = t->len;
		}
		memmove(t->buf, t->buf + start, t->len - start);
		t->len -= start;
	}
}

static void console_line(struct vm *v, const char *l, size_t n)
{
	oracle_feed(v->oracle, l, n);
	if (memmem(l, n, "Kernel panic - not syncing", 26))
		v->panic = true;
}

void vm_status_clear(struct vm *v)
{
	if (v->live_ready)
		live_clear(&v->live);
}

static void status_line(struct vm *v, const char *l, size_t n)
{
	char line[512];

	snprintf(line, sizeof(line), "%.*s", (int)(n < 500 ? n : 500), l);
	v->last_line = mono_ms();
	if (!strncmp(line, "HELLO ", 6)) {
		v->hello = true;
		v->booted = v->last_line;
		snprintf(v->guest_release, sizeof(v->guest_release), "%s", line + 6);
		vm_status_clear(v);
		if (!v->o->quiet)
			fprintf(log_stderr(), "memstress: guest %s up after %.1fs (%s)\n",
				v->guest_release, (double)(v->booted - v->t0) / 1000.0, v->accel);
	} else if (!strncmp(line, "HB ", 3)) {
		(void)live_snap_parse(line + 3, &v->hb);
		v->hb_elapsed = v->hb.elapsed_ms;
	} else if (!strncmp(line, "DONE ", 5)) {
		v->done = true;
		v->guest_code = atoi(line + 5);
	} else if (!strncmp(line, "LOG ", 4)) {
		vm_status_clear(v);
		if (!v->o->quiet)
			fprintf(log_stderr(), "memstress: guest: %s\n", line + 4);
	}
}

static void draw(struct vm *v)
{
	char title[256];

	if (v->o->quiet)
		return;
	if (!v->live_ready) {
		live_init(&v->live, log_stderr(), v->o->live, log_use_color());
		v->live_ready = true;
	}
	snprintf(title, sizeof(title), "%s [vm %s]", v->s->name, v->accel);
	if (!v->hello) {
		struct live_snap boot = { .duration_ms = v->s->sc.duration_ms };
		snprintf(boot.phase, sizeof(boot.phase), "booting %.0fs",
			 (double)(mono_ms() - v->t0) / 1000.0);
		live_draw(&v->live, title, &boot, mono_ms(), false);
		return;
	}
	live_draw(&v->live, title, &v->hb, mono_ms(), false);
}

int vm_start_qemu(struct vm *v)
{
	char p[4200];
	_cleanup_close_ int log = -1;
	unsigned long long start;
	int k;

	snprintf(p, sizeof(p), "%s/qemu.log", v->vmdir);
	log = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	struct spawn_opts so = { .argv = v->argv,
				 .stdin_fd = -1,
				 .stdout_fd = log,
				 .stderr_fd = log,
				 .pdeathsig = SIGKILL };
	/* the console and status files exist before QEMU so we can open them now */
	snprintf(p, sizeof(p), "%s/console.log", v->dir);
	close(open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	v->console.fd = open(p, O_RDONLY | O_CLOEXEC);
	snprintf(p, sizeof(p), "%s/status.log", v->vmdir);
	close(open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	v->status.fd = open(p, O_RDONLY | O_CLOEXEC);
	k = spawn(&so, &v->qemu, NULL);
	if (k < 0)
		return log_error_errno(k, "cannot start qemu-system-x86_64: %m");
	if (proc_start_time(v->qemu, &start) == 0) {
		char a[32], b[32];
		snprintf(a, sizeof(a), "%d", (int)v->qemu);
		snprintf(b, sizeof(b), "%llu", start);
		(void)undo_record(v->undo, "kill", a, b, NULL);
	}
	v->t0 = mono_ms();
	return 0;
}

void vm_stop_qemu(struct vm *v, const char *outcome, const char *why)
{
	if (!v->outcome) {
		v->outcome = outcome;
		snprintf(v->outcome_why, sizeof(v->outcome_why), "%s", why);
	}
	if (v->exited)
		return;
	kill(v->qemu, SIGTERM);
	for (int i = 0; i < 50; i++) {
		struct timespec ts = { 0, 100 * 1000000 };
		if (waitpid(v->qemu, &v->qemu_status, WNOHANG) == v->qemu) {
			v->exited = true;
			return;
		}
		nanosleep(&ts, NULL);
	}
	kill(v->qemu, SIGKILL);
	waitpid(v->qemu, &v->qemu_status, 0);
	v->exited = true;
}

void vm_watch(struct vm *v)
{
	const struct sc_vm *c = &v->s->vm;
	uint64_t hard = c->boot_timeout_ms + v->s->sc.duration_ms + v->s->sc.grace_ms + 600000;
	char why[512];

	for (;;) {
		struct pollfd p = { .fd = interrupt_fd(), .events = POLLIN };
		int sig;

		if (poll(&p, 1, 100) >= 0 && (sig = interrupt_check())) {
			v->interrupted = true;
			vm_status_clear(v);
			log_warning("%s: stopping the guest", strsignal(sig));
			vm_stop_qemu(v, "interrupted", "interrupted by a signal");
			return;
		}
		tail_lines(&v->console, console_line, v);
		tail_lines(&v->status, status_line, v);
		draw(v);
		if (waitpid(v->qemu, &v->qemu_status, WNOHANG) == v->qemu) {
			v->exited = true;
			tail_lines(&v->console, console_line, v);
			tail_lines(&v->status, status_line, v);
			return;
		}
		uint64_t now = mono_ms();
		if (!v->hello && now - v->t0 > c->boot_timeout_ms) {
			snprintf(why, sizeof(why),
				 "memstress did not start in the guest within %.0fs",
				 (double)c->boot_timeout_ms / 1000.0);
			vm_stop_qemu(v, "boot_failure", why);
			return;
		}
		if (v->hello && !v->done && now - v->last_line > c->silence_ms) {
			snprintf(
				why, sizeof(why),
				"the guest went silent: no heartbeat for %.0fs (last run time %.1fs)",
				(double)(now - v->last_line) / 1000.0,
				(double)v->hb_elapsed / 1000.0);
			vm_stop_qemu(v, "hang", why);
			return;
		}
		if (now - v->t0 > hard) {
			snprintf(why, sizeof(why), "the guest did not finish within %.0fs",
				 (double)hard / 1000.0);
			vm_stop_qemu(v, "harness_timeout", why);
			return;
		}
		if (v->done && now - v->last_line > 30000) {
			vm_stop_qemu(v, "completed", "the guest finished but did not power off");
			return;
		}
	}
}

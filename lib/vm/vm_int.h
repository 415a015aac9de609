/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host side of a VM run, shared by its parts:
 *	vm.c          the entry points: run a scenario in a guest, check a kernel
 *	vm_qemu.c     the guest's disks, job file and QEMU's command line
 *	vm_launch.c   starting QEMU, reading its serial ports, waiting with deadlines
 *	vm_results.c  the outcome judged from outside, and the guest's result
 *
 * QEMU gets two serial ports: ttyS0 is the
 * guest's console (written to console.log and read live by the console
 * oracle), ttyS1 is memstress's status port (HELLO when the guest's
 * memstress starts, HB heartbeats with the run's counters, KA keepalives
 * from a separate thread, DONE with the exit code). The run directory is
 * shared into the guest over 9p, so the guest's runner writes result.json,
 * kmsg.log and the rest directly where a host run would.
 *
 * Outcomes judged from outside, each within a deadline:
 *	boot_failure   no HELLO within [vm] boot_timeout (or QEMU died first)
 *	panic          the console shows a panic and the guest is gone
 *	hang           HELLO seen, then no status line for [vm] silence
 *	crashed        QEMU exited without DONE and without a panic
 *	emulator_failure QEMU died by a signal or exited with an error (a
 *	               harness error: nothing said of the kernel)
 *	completed      DONE: the guest's own checks decide
 * QEMU is recorded in the undo journal and always killed.
 */
#ifndef MEMSTRESS_VM_VM_INT_H
#define MEMSTRESS_VM_VM_INT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

#include "core/clock.h"
#include "core/undo.h"
#include "oracle/oracle.h"
#include "report/live.h"
#include "report/result.h"
#include "vm.h"

struct tail {
	int fd;
	char buf[16384];
	size_t len;
};

struct vm {
	const struct scenario *s;
	const struct run_opts *o;
	char *id, *dir, *vmdir;
	char kernel[4096];
	const char *accel;
	char accel_why[256];
	pid_t qemu;
	struct undo *undo;
	struct tail console, status;
	struct oracle *oracle;
	json_object *console_events;
	char panic_title[256];	 /* the last panic the console showed */
	char failure_title[256]; /* the first failure it showed */
	bool hello, done, panic, exited, interrupted;
	int guest_code;
	int qemu_status;
	char guest_release[128];
	uint64_t t0, booted, last_line;
	const char *outcome;
	char outcome_why[512];
	/* last heartbeat, for the status line */
	struct live_snap hb; /* the guest's last heartbeat */
	uint64_t hb_elapsed;
	struct live live;
	bool live_ready;
	char **argv;
};

/* vm_qemu.c */
int vm_build_argv(struct vm *v);
int vm_make_disks(struct vm *v);
void vm_needed(const struct scenario *s, char ***programs, char ***files);
int vm_write_job(struct vm *v, const char *mode, char **files);
/* vm_launch.c */
int vm_start_qemu(struct vm *v);
void vm_status_clear(struct vm *v);
void vm_stop_qemu(struct vm *v, const char *outcome, const char *why);
void vm_watch(struct vm *v);
/* vm_results.c */
void vm_on_console_event(struct oracle_event *e, void *ud);
json_object *vm_console_tail(const struct vm *v, unsigned lines);
int vm_finish(struct vm *v);
/* A guest that stopped on its own (a hang, a panic, a crash: its outcome
 * check failed) without its result: the checks its heartbeats already
 * failed (vm_partial.c). */
void vm_partial_checks(const struct vm *v, struct result *res);
void vm_record_setup_failure(struct vm *v, int code, const char *why);

#endif

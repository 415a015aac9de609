// SPDX-License-Identifier: GPL-2.0
/*
 * The table of checks (see checkdefs.h), in the order results/README.md
 * lists them: the harness's own, the workloads', then the kernel's by
 * family, then the VM's.
 */
#include <string.h>

#include "checkdefs.h"

static const struct check_def defs[] = {
	/* the harness's own: a skip or an error, never the kernel's failure */
	{ "requirements", NULL, "(skip) a requirement of the scenario is missing" },
	{ "run.excluded", NULL, "(skip) run --exclude named the scenario" },
	{ "harness.setup", NULL, "(error) memstress could not set the run up" },
	{ "harness.cleanup", NULL, "(error) memstress could not undo a change" },
	{ "run.completed", NULL, "(error) the run was interrupted" },
	{ "kernel.setup", NULL, "the set-up failed and the kernel's witnesses saw why" },
	/* the workloads */
	{ "workloads.started", NULL, "a workload could not start" },
	{ "workloads.errors", "workload_errors", "workloads exited with an error" },
	{ "workloads.worked", NULL, "(error) a workload showed no sign of its work" },
	/* the OOM killer */
	{ "oom.kills", "oom_kills", "the number of OOM kills is outside the range" },
	{ "oom.victim", "oom_victim", "the OOM killer picked another workload" },
	{ "oom.group", "oom_group", "a task of the victim's cgroup survived" },
	{ "oom.survives.", "survives", "a workload that must survive was OOM-killed" },
	{ "oom.victim_exit", "oom_victim_exit",
	  "an OOM victim was not gone in time after its kill" },
	/* memory cgroups */
	{ "memcg.high_throttles", "memory_high_throttles high_throttled",
	  "memory.high did not throttle its cgroup's tasks" },
	{ "memcg.max_held", NULL, "a cgroup's peak went over its memory.max" },
	{ "memcg.peak", "memory_peak", "the top cgroup's peak is outside the range" },
	{ "memcg.swap_max_held", NULL, "a cgroup's swap went over its memory.swap.max" },
	{ "memcg.swap_peak", "swap_peak", "the top cgroup's swap peak is outside the range" },
	{ "memcg.protected.", "protected", "a protected workload lost its memory" },
	/* the kernel's log */
	{ "hang.none", "hang", "a hung task, lockup, RCU or watchdog stall" },
	{ "hang.detected", "hang", "no hang, where one was expected" },
	{ "kernel.no_oops", "oops", "a BUG, Oops or panic (or none, if expected)" },
	{ "kernel.no_warnings", "warnings", "a WARNING (or none, if expected)" },
	{ "kernel.no_lockdep", "lockdep", "a lockdep report (or none, if expected)" },
	{ "kernel.no_new_taint", "taint", "a taint flag appeared during the run" },
	{ "kernel.log", NULL, "kernel log records were lost" },
	/* filesystems */
	{ "fs.no_errors", "fs_errors", "an XFS shutdown or corruption, or an ext4 error" },
	{ "fs.fsck", "fsck", "fsck found damage after the run", .needs = NEEDS_FS,
	  .span = SPAN_FS },
	{ "fs.no_lost_data", "lost_data", "data fsync acknowledged is gone after a remount",
	  .needs = NEEDS_FS, .span = SPAN_FS },
	/* fault injection */
	{ "fault.injected", "faults_injected", "the faults fired are outside the range",
	  .needs = NEEDS_FAULTS },
	{ "fault.fs_frames", "fault_fs_frames", "too few faults hit a filesystem frame",
	  .needs = NEEDS_FAULTS },
	{ "fault.sweep", NULL, "a fail-nth step broke an invariant" },
	{ "fault.witnessed", NULL, "the tracepoints saw other failures than fired" },
	/* allocations */
	{ "alloc.nofs_failures", "nofs_failures", "GFP_NOFS failures outside the range" },
	{ "alloc.failures", "alloc_failures", "allocation failures outside the range" },
	{ "alloc.real_failures", NULL, "an allocation failed that may not fail" },
	{ "alloc.nofail_stall_max", "nofail_stall_max",
	  "a __GFP_NOFAIL allocation waited too long" },
	{ "alloc.stall_max", "alloc_stall_max", "an allocation took too long" },
	{ "alloc.nofs_stall_max", "nofs_stall_max", "a GFP_NOFS or NOIO allocation took too long" },
	/* the kernel's accounting */
	{ "kernel.no_page_leaks", "page_leaks", "pages still held after the unmount (page_owner)",
	  .span = SPAN_LEAKS },
	{ "kernel.no_leaks", "leaks", "kmemleak, or the fs's slab caches, saw a leak",
	  .span = SPAN_LEAKS },
	{ "kernel.trace", NULL, "(error) the trace buffer dropped counted events" },
	{ "tasks.unkillable", "unkillable", "a task survived SIGKILL" },
	/* a VM's guest, judged from the host */
	{ "vm.boot", NULL, "the guest did not start memstress" },
	{ "vm.panic", NULL, "the guest's kernel panicked" },
	{ "vm.responsive", NULL, "the guest went silent" },
	{ "vm.completed", NULL, "the guest's run did not finish" },
	{ "vm.emulator", NULL, "(error) QEMU died or failed" },
};

const struct check_def *check_def_find(const char *name)
{
	for (size_t i = 0; i < sizeof(defs) / sizeof(defs[0]); i++) {
		const char *d = defs[i].name;
		size_t n = strlen(d);
		if (d[n - 1] == '.' ? !strncmp(name, d, n) && name[n] : !strcmp(name, d))
			return &defs[i];
	}
	return NULL;
}

const struct check_def *check_def_at(size_t i)
{
	return i < sizeof(defs) / sizeof(defs[0]) ? &defs[i] : NULL;
}

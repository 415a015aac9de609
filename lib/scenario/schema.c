// SPDX-License-Identifier: GPL-2.0
/*
 * The scenario format as tables (see schema.h). Defaults are chosen for this
 * tool, not copied from the kernel: the fault sections default to
 * ignore-gfp-wait = no and min-order = 0 because the kernel's own defaults
 * exempt every allocation that may sleep (GFP_KERNEL and GFP_NOFS) and every
 * order-0 page, which is exactly what memstress exists to fail.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "fs/fstype.h"
#include "schema.h"

#define SC(f) offsetof(struct sc_scenario, f)
#define CG(f) offsetof(struct sc_cgroup, f)
#define WL(f) offsetof(struct sc_workload, f)
#define FS(f) offsetof(struct sc_fs, f)
#define FI(f) offsetof(struct sc_fault, f)
#define WD(f) offsetof(struct sc_watchdog, f)
#define EX(f) offsetof(struct sc_expect, f)
#define VM(f) offsetof(struct sc_vm, f)

static const struct opt_val targets[] = { { "any", TARGET_ANY },
					  { "host", TARGET_HOST },
					  { "vm", TARGET_VM },
					  { 0 } };
static const struct opt_val scan_modes[] = { { "scenario", SCAN_SCENARIO },
					     { "all", SCAN_ALL },
					     { 0 } };
static const struct opt_val vm_roots[] = { { "9p", VM_ROOT_9P },
					   { "initramfs", VM_ROOT_INITRAMFS },
					   { 0 } };
static const struct opt_val accels[] = { { "auto", ACCEL_AUTO },
					 { "kvm", ACCEL_KVM },
					 { "tcg", ACCEL_TCG },
					 { 0 } };

/* clang-format off */
/*
 * [expect] keys that name something going wrong. warnings, oops, lockdep,
 * fs_errors, leaks and unkillable were booleans whose yes meant allowed, and
 * still take it; the newer keys take no yes, which would not say whether
 * allowed or expected.
 */
static const struct opt_val switch_vals[] = {
	{ "auto", SW_AUTO },
	{ "yes", SW_YES },
	{ "no", SW_NO },
	{ 0 }
};

static const struct opt_val expect_vals[] = {
	{ "no", EXPECT_NO },
	{ "allowed", EXPECT_ALLOWED },
	{ "expected", EXPECT_EXPECTED },
	{ 0 }
};
static const struct opt_val expect_vals_yes[] = {
	{ "no", EXPECT_NO },
	{ "allowed", EXPECT_ALLOWED },
	{ "expected", EXPECT_EXPECTED },
	{ "yes", EXPECT_ALLOWED },
	{ 0 }
};
/* hang = yes said a stall must happen: refused rather than read either way */
static const struct opt_val hang_vals[] = {
	{ "no", EXPECT_NO },
	{ "allowed", EXPECT_ALLOWED },
	{ "expected", EXPECT_EXPECTED },
	{ "yes", 0, "hang = yes meant 'a stall must happen': write hang = expected, or hang = allowed to let one happen" },
	{ 0 }
};
/* whether fsck finds damage */
static const struct opt_val fsck_vals[] = {
	{ "clean", EXPECT_NO },
	{ "any", EXPECT_ALLOWED },
	{ "damaged", EXPECT_EXPECTED },
	{ "repairable", EXPECT_REPAIRABLE },
	{ 0 }
};
/* clang-format on */
_Static_assert(sizeof(enum expectation) == sizeof(int), "OPT_CHOICE stores an int");
_Static_assert(sizeof(enum sc_switch) == sizeof(int), "OPT_CHOICE stores an int");

/* clang-format off */
static const struct opt_def scenario_opts[] = {
	{ "description", OPT_STR, SC(description), NULL, "one line: what the scenario checks", OPT_REQUIRED },
	{ "duration", OPT_DURATION, SC(duration_ms), "30s", "how long the workloads run" },
	{ "seed", OPT_INT, SC(seed), "1", "seed for every random choice (fstx mix, file names)", 0, NULL, 0, INT32_MAX },
	{ "requires", OPT_STRV, SC(requires), NULL, "what the machine must offer (see `memstress list --requirements`)" },
	{ "sample_interval", OPT_DURATION, SC(sample_ms), "250ms", "how often memory counters are sampled" },
	{ "grace", OPT_DURATION, SC(grace_ms), "5s", "how long workloads get between SIGTERM and SIGKILL at the end" },
	{ "target", OPT_CHOICE, SC(target), "any", "where the scenario may run: any, host (never in a VM), vm (only under --kernel)", .vals = targets },
	{ "trace", OPT_CHOICE, SC(trace), "auto", "the kernel's tracepoints as witnesses of failed allocations and reclaim stalls: auto (where tracefs is), yes (required), no", .vals = switch_vals },
	{ "leaks", OPT_CHOICE, SC(leaks), "auto", "look for leaks after the run: kmemleak, or the slab counters without it: auto, yes (kmemleak required), no", .vals = switch_vals },
	{ 0 }
};

static const struct opt_def cgroup_opts[] = {
	{ "parent", OPT_STR, CG(parent), NULL, "name of the enclosing [cgroup.NAME]; default: the scenario's top cgroup" },
	{ "memory.max", OPT_SIZE, CG(max), NULL, "hard limit (v1: memory.limit_in_bytes)" },
	{ "memory.high", OPT_SIZE, CG(high), NULL, "throttling limit (v2 only)" },
	{ "memory.low", OPT_SIZE, CG(low), NULL, "best-effort protection (v2 only)" },
	{ "memory.min", OPT_SIZE, CG(min), NULL, "hard protection (v2 only)" },
	{ "memory.swap.max", OPT_SIZE, CG(swap_max), NULL, "swap limit (v1: memory.memsw.limit_in_bytes = max + this)" },
	{ "memory.oom.group", OPT_BOOL, CG(oom_group), "no", "the OOM killer kills the whole cgroup (v2 only)" },
	{ "memory.reclaim", OPT_SIZE, CG(reclaim), NULL, "proactive reclaim: bytes to reclaim every reclaim_interval (v2 only)", OPT_NO_MAX },
	{ "reclaim_interval", OPT_DURATION, CG(reclaim_interval_ms), "1s", "how often memory.reclaim is written" },
	{ "memory.limit_in_bytes", OPT_SIZE, CG(limit), NULL, "v1 hard limit (v2: memory.max)" },
	{ "memory.soft_limit_in_bytes", OPT_SIZE, CG(soft_limit), NULL, "v1 soft limit (no v2 equivalent)" },
	{ "memory.memsw.limit_in_bytes", OPT_SIZE, CG(memsw_limit), NULL, "v1 memory+swap limit (v2: memory.swap.max = this - max)" },
	{ "memory.oom_control", OPT_BOOL, CG(oom_kill_disable), "no", "v1: disable the OOM killer for this cgroup (tasks wait instead)" },
	{ "memory.swappiness", OPT_INT, CG(swappiness), "-1", "v1 per-cgroup swappiness (-1: leave)", 0, NULL, -1, 200 },
	{ 0 }
};

static const struct opt_def workload_opts[] = {
	{ "engine", OPT_STR, WL(engine), NULL, "what runs: see `memstress list --engines`", OPT_REQUIRED },
	{ "args", OPT_STR, WL(args), NULL, "arguments for the engine's program, split like a shell would (no shell runs)" },
	{ "instances", OPT_INT, WL(instances), "1", "how many copies to start", 0, NULL, 1, 1024 },
	{ "oom_score_adj", OPT_INT, WL(oom_score_adj), "0", "set on every process of the workload", 0, NULL, -1000, 1000 },
	{ "cgroup", OPT_STR, WL(cgroup), NULL, "name of the [cgroup.NAME] to run in; default: the top cgroup" },
	{ "start", OPT_DURATION, WL(start_ms), "0", "delay after the scenario starts" },
	{ "stop", OPT_DURATION, WL(stop_ms), "0", "stop it this long after the scenario starts (0: at the end)" },
	{ "fault", OPT_BOOL, WL(fault), "yes", "subject to the scenario's fault injection (make-it-fail)" },
	{ "restart", OPT_BOOL, WL(restart), "no", "start it again when it exits (e.g. after an OOM kill)" },
	{ "load", OPT_BOOL, WL(load), "yes", "it is load and must show that it did its work (workloads.worked: the engine's own evidence); no: a helper (a script, a sleep) that need not" },
	{ 0 }
};

static const struct opt_def fs_opts[] = {
	{ "type", OPT_ENUM, FS(type), NULL, "filesystem to make on a loop image memstress owns", OPT_REQUIRED, fs_type_names },
	{ "size", OPT_SIZE, FS(size), "512M", "image size (sparse file in the run directory)", OPT_NO_MAX | OPT_NO_PERCENT },
	{ "mkfs_options", OPT_STR, FS(mkfs_options), NULL, "extra mkfs.xfs / mkfs.ext4 arguments" },
	{ "mount_options", OPT_STR, FS(mount_options), NULL, "mount -o options" },
	{ "shutdown", OPT_BOOL, FS(shutdown), "no", "force a filesystem shutdown before the durability check" },
	{ "fsck", OPT_BOOL, FS(fsck), "yes", "run xfs_repair -n / e2fsck -fn after unmounting (fsck = repairable: then repair, look again)" },
	{ "keep_image", OPT_BOOL, FS(keep_image), "no", "keep the image in the run directory (repaired, if fsck = repairable repaired it)" },
	{ "freeze_at", OPT_DURATION, FS(freeze_at_ms), "0", "fsfreeze the filesystem this long into the run (0: never)" },
	{ "freeze_for", OPT_DURATION, FS(freeze_for_ms), "0", "thaw after this long (0: only when the watchdog recovers)" },
	{ 0 }
};

static const struct opt_def fault_opts[] = {
	{ "probability", OPT_INT, FI(probability), "10", "percent of eligible calls that fail (fail-nth: ignored)", 0, NULL, 0, 100 },
	{ "interval", OPT_INT, FI(interval), "1", "only every Nth eligible call may fail", 0, NULL, 1, INT32_MAX },
	{ "times", OPT_INT, FI(times), "-1", "stop after this many failures (-1: no limit)", 0, NULL, -1, INT32_MAX },
	{ "space", OPT_SIZE, FI(space), "0", "bytes of allocations let through before failing", OPT_NO_MAX | OPT_NO_PERCENT },
	{ "verbose", OPT_INT, FI(verbose), "2", "0 quiet, 1 one line, 2 with a stack (needed to see where)", 0, NULL, 0, 2 },
	{ "task-filter", OPT_BOOL, FI(task_filter), "yes", "only fail in tasks with make-it-fail (the workloads)" },
	{ "ignore-gfp-wait", OPT_BOOL, FI(ignore_gfp_wait), "no", "kernel default yes would exempt GFP_KERNEL and GFP_NOFS" },
	{ "ignore-gfp-highmem", OPT_BOOL, FI(ignore_gfp_highmem), "no", "fail_page_alloc: exempt __GFP_HIGHMEM" },
	{ "min-order", OPT_INT, FI(min_order), "0", "fail_page_alloc: smallest order failed (kernel default 1 exempts single pages)", 0, NULL, 0, 10 },
	{ "cache-filter", OPT_STRV, FI(caches), NULL, "failslab: only these slab caches (boot the guest with slab_nomerge)" },
	{ "stacktrace-depth", OPT_INT, FI(stacktrace_depth), "32", "frames searched by the stack filter", 0, NULL, 1, 64 },
	{ "target", OPT_STRV, FI(target), NULL, "aim at code: xfs, ext4, jbd2 (resolved to a require-start/end text range)" },
	{ "require-start", OPT_STR, FI(require_start), NULL, "explicit address or symbol: only fail when a frame is in [start, end)" },
	{ "require-end", OPT_STR, FI(require_end), NULL, "end of that range" },
	{ "reject-start", OPT_STR, FI(reject_start), NULL, "never fail when a frame is in [start, end)" },
	{ "reject-end", OPT_STR, FI(reject_end), NULL, "end of that range" },
	{ "verbose_ratelimit_interval_ms", OPT_INT, FI(ratelimit_interval_ms), "0", "kernel rate limit of the messages (0: none)", 0, NULL, 0, INT32_MAX },
	{ "verbose_ratelimit_burst", OPT_INT, FI(ratelimit_burst), "0", "messages per interval", 0, NULL, 0, INT32_MAX },
	{ "system_wide", OPT_BOOL, FI(system_wide), "no", "with task-filter = no: fail anywhere in the kernel (explicit opt-in)" },
	{ "workloads", OPT_STRV, FI(workloads), NULL, "which workloads get make-it-fail (default: those with fault = yes)" },
	{ "ops", OPT_STRV, FI(ops), "create,rename,setxattr", "fail-nth: fstx operations to sweep" },
	{ "max_n", OPT_INT, FI(max_n), "400", "fail-nth: give up on an operation after this many steps", 0, NULL, 1, 100000 },
	{ "repeat", OPT_INT, FI(repeat), "1", "fail-nth: runs of the sweep (to check it is deterministic)", 0, NULL, 1, 100 },
	{ "only_n", OPT_INT, FI(only_n), "0", "fail-nth: only step N of each operation, a reproducer's one fault (0: sweep N = 1, 2, ...)", 0, NULL, 0, 100000 },
	{ "inject", OPT_BOOL, FI(inject), "yes", "fail-nth: no runs the steps with fail-nth unarmed (a reproducer's control)" },
	{ 0 }
};

static const struct opt_def watchdog_opts[] = {
	{ "enabled", OPT_BOOL, WD(enabled), "yes", "watch for stalls" },
	{ "stall", OPT_DURATION, WD(stall_ms), "10s", "no progress for this long is a hang" },
	{ "scan", OPT_CHOICE, WD(scan), "scenario", "which tasks are scanned for D state", .vals = scan_modes },
	{ "hung_task_timeout", OPT_INT, WD(hung_task_timeout), "0", "set the kernel's hung_task_timeout_secs for the run (0: leave)", 0, NULL, 0, 3600 },
	{ "sysrq", OPT_BOOL, WD(sysrq), "yes", "on a stall, sysrq-w (show blocked tasks) into the log" },
	{ "recover", OPT_BOOL, WD(recover), "yes", "on a stall, kill the workloads and thaw frozen filesystems" },
	{ 0 }
};

static const struct opt_def expect_opts[] = {
	{ "oom_victim", OPT_STR, EX(oom_victim), NULL, "the workload the OOM killer must pick: NAME, none or any" },
	{ "oom_kills", OPT_RANGE, EX(oom_kills), NULL, "how many OOM kills (3, 1-5, >=1)" },
	{ "oom_group", OPT_BOOL, EX(oom_group), "no", "yes: check that the kernel kills every task of the victim's cgroup together (memory.oom.group); no: not checked" },
	{ "survives", OPT_STRV, EX(survives), NULL, "workloads that must never be OOM-killed" },
	{ "memory_high_throttles", OPT_BOOL, EX(memory_high_throttles), "no", "yes: check that memory.high throttles: its events happen, the cgroup's tasks stall (high_throttled, 1s unless given) and no OOM kill (cgroup v2); no: not checked" },
	{ "high_throttled", OPT_DUR_BOUND, EX(high_throttled), NULL, "how long the tasks of the cgroups with memory.high stalled on memory (their memory.pressure), e.g. >=1s; implies memory_high_throttles" },
	{ "memory_peak", OPT_SIZE_BOUND, EX(memory_peak), NULL, "the scenario's top cgroup's peak usage (memory.peak, v1 max_usage_in_bytes), e.g. <=64M" },
	{ "swap_peak", OPT_SIZE_BOUND, EX(swap_peak), NULL, "the scenario's top cgroup's peak swap usage (memory.swap.peak, v2), e.g. >=16M: swap was used; memory.swap.max itself is checked on every run that sets it (memcg.swap_max_held)" },
	{ "protected", OPT_STRV, EX(protected), NULL, "workloads whose memory memory.min/memory.low keeps while others press: each keeps at least 90% of what it held (cgroup v2)" },
	{ "hang", OPT_CHOICE, EX(hang), "no", "a hung task, lockup, RCU stall or watchdog stall (expected: one must happen; yes is refused, it once meant that)", .vals = hang_vals },
	{ "warnings", OPT_CHOICE, EX(warnings), "no", "kernel WARNINGs (yes: allowed)", .vals = expect_vals_yes },
	{ "oops", OPT_CHOICE, EX(oops), "no", "BUG/Oops/panic reports (yes: allowed; expected: a scenario that provokes one)", .vals = expect_vals_yes },
	{ "lockdep", OPT_CHOICE, EX(lockdep), "no", "lockdep reports (yes: allowed)", .vals = expect_vals_yes },
	{ "taint", OPT_STR, EX(taint), "", "taint flags that may appear during the run, as the kernel's letters (e.g. O: an out-of-tree module was loaded); W may appear unless warnings = no, D unless oops = no" },
	{ "fs_errors", OPT_CHOICE, EX(fs_errors), "no", "filesystem errors or shutdowns (yes: allowed)", .vals = expect_vals_yes },
	{ "fsck", OPT_CHOICE, EX(fsck), "clean", "what fsck finds after the run: clean, any (damage allowed), damaged (damage expected) or repairable (after the filesystem's own errors, damage its repair mode fixes); needs [fs]", .vals = fsck_vals },
	{ "lost_data", OPT_CHOICE, EX(lost_data), "no", "fstx operations acknowledged durable that do not survive (needs [fs] and fstx)", .vals = expect_vals },
	{ "nofs_failures", OPT_RANGE, EX(nofs_failures), NULL, "real (not injected) failed allocations of GFP_NOFS requests: from the tracepoints, or the log without tracefs" },
	{ "alloc_failures", OPT_RANGE, EX(alloc_failures), NULL, "real (not injected) failed allocations of any kind (page and slab), as nofs_failures" },
	{ "alloc_stall_max", OPT_DUR_BOUND, EX(alloc_stall_max), NULL, "longest allocation of any class (its time in the allocators' slow paths, where the kernel has probe events and histogram triggers; else its longest reclaim round), e.g. <2s" },
	{ "nofs_stall_max", OPT_DUR_BOUND, EX(nofs_stall_max), NULL, "the same for GFP_NOFS (and NOIO) allocations, e.g. <1s" },
	{ "nofail_stall_max", OPT_DUR_BOUND, EX(nofail_stall_max), NULL, "the longest __GFP_NOFAIL allocation, one still waiting in the allocator included (allocation probes needed: a skip elsewhere), e.g. <5s" },
	{ "oom_victim_exit", OPT_DUR_BOUND, EX(oom_victim_exit), NULL, "every OOM victim is gone (exited) within this of its kill, e.g. <10s (the default, when there are kills)" },
	{ "leaks", OPT_CHOICE, EX(leaks), "no", "kernel memory leaks (kmemleak reports, or a filesystem's slab caches that keep objects after unmount; yes: allowed)", .vals = expect_vals_yes },
	{ "page_leaks", OPT_CHOICE, EX(page_leaks), "no", "whole pages still held after the unmount by a stack through the filesystem's code, or 1 MiB more by any other (page_owner; yes: allowed)", .vals = expect_vals_yes },
	{ "faults_injected", OPT_RANGE, EX(faults_injected), NULL, "faults fired, counted from the knobs' times counters" },
	{ "fault_fs_frames", OPT_RANGE, EX(fault_fs_frames), NULL, "share of injected faults with a filesystem frame (e.g. >=80%)" },
	{ "unkillable", OPT_CHOICE, EX(unkillable), "no", "tasks that survive SIGKILL (yes: allowed)", .vals = expect_vals_yes },
	{ "workload_errors", OPT_RANGE, EX(workload_errors), NULL, "workloads that exit with an error (not by a signal)" },
	{ 0 }
};

static const struct opt_def vm_opts[] = {
	{ "memory", OPT_SIZE, VM(memory), "512M", "guest RAM", OPT_NO_MAX | OPT_NO_PERCENT },
	{ "swap", OPT_SIZE, VM(swap), NULL, "a swap disk of this size in the guest (for memory.swap.max); none by default", OPT_NO_MAX | OPT_NO_PERCENT },
	{ "cpus", OPT_INT, VM(cpus), "2", "guest CPUs", 0, NULL, 1, 64 },
	{ "cmdline", OPT_STR, VM(cmdline), NULL, "extra kernel command line" },
	{ "root", OPT_CHOICE, VM(root), "9p", "guest userspace: the host root over 9p, or an initramfs (for global OOM)", .vals = vm_roots },
	{ "boot_timeout", OPT_DURATION, VM(boot_timeout_ms), "180s", "no sign of memstress in the guest by then: boot failure" },
	{ "silence", OPT_DURATION, VM(silence_ms), "90s", "no heartbeat from the guest for this long: the guest hangs" },
	{ "accel", OPT_CHOICE, VM(accel), "auto", "auto probes KVM and falls back to TCG", .vals = accels },
	{ 0 }
};

const struct section_def section_defs[] = {
	{ "scenario", SEC_SINGLE, scenario_opts, "what the scenario is and how long it runs" },
	{ "cgroup", SEC_OPTIONAL_NAME, cgroup_opts, "memory cgroups; [cgroup] is the top one, [cgroup.NAME] nest under it" },
	{ "workload", SEC_NAMED, workload_opts, "a program to run, plus its engine's own keys" },
	{ "fs", SEC_SINGLE, fs_opts, "a filesystem on a loop image" },
	{ "fault", SEC_NAMED, fault_opts, "[fault.failslab], [fault.fail_page_alloc], [fault.fail-nth]" },
	{ "watchdog", SEC_SINGLE, watchdog_opts, "stall and hang detection" },
	{ "expect", SEC_SINGLE, expect_opts, "what the kernel must or must not do; a key that names something going wrong takes no (the default), allowed or expected" },
	{ "vm", SEC_SINGLE, vm_opts, "the guest, when run with --kernel" },
	{ 0 }
};
/* clang-format on */

/* clang-format off */
const struct retired_key retired_keys[] = {
	{ "expect", "fsck_clean", "fsck",
	  "write fsck = clean",
	  "fsck_clean = no meant 'must be damaged': write fsck = damaged, or fsck = any to allow damage" },
	{ "expect", "no_lost_data", "lost_data",
	  "write lost_data = no",
	  "no_lost_data = no meant 'must lose data': write lost_data = expected, or lost_data = allowed to allow a loss" },
	{ 0 }
};
/* clang-format on */

const struct retired_key *retired_key_find(const char *section, const char *key)
{
	for (const struct retired_key *k = retired_keys; k->key; k++)
		if (!strcmp(k->section, section) && !strcmp(k->key, key))
			return k;
	return NULL;
}

const char *sc_word(const char *section, const char *key, const void *obj)
{
	char buf[64];
	const struct section_def *d = section_def_find(section);
	const struct opt_def *o = d ? opt_find(d->opts, key) : NULL;

	/* a choice's word is the table's own string, not buf */
	return o && (o->type == OPT_CHOICE || o->type == OPT_ENUM) ?
		       opt_format(o, obj, buf, sizeof(buf)) :
		       NULL;
}

const struct section_def *section_def_find(const char *name)
{
	for (const struct section_def *d = section_defs; d->name; d++)
		if (!strcmp(d->name, name))
			return d;
	return NULL;
}

/* clang-format off */
const struct requirement_def requirement_defs[] = {
	{ "root", "running as root" },
	{ "memcg", "a memory cgroup controller (v1 or v2)" },
	{ "cgroup-v2", "the cgroup v2 memory controller" },
	{ "cgroup-v1", "the cgroup v1 memory controller" },
	{ "psi", "pressure stall information (/proc/pressure/memory)" },
	{ "kmsg", "/dev/kmsg readable" },
	{ "hung-task", "the kernel's hung-task detector" },
	{ "sysrq", "/proc/sysrq-trigger" },
	{ "loop", "loop devices" },
	{ "debugfs", "debugfs mounted or mountable" },
	{ "fault-injection", "the fault-injection framework with debugfs knobs" },
	{ "stacktrace-filter", "the fault-injection stack-trace filter (require-start/end)" },
	{ "kallsyms", "/proc/kallsyms with real addresses" },
	{ "lockdep", "lockdep (CONFIG_PROVE_LOCKING)" },
	{ "negative-oom-score-adj", "CAP_SYS_RESOURCE, to set oom_score_adj below 0" },
	{ "proc-connector", "the process events connector (exit statuses of every task)" },
	{ "qemu", "qemu-system-x86_64" },
	{ "tracefs", "tracefs, for the tracepoint witnesses (CONFIG_TRACING)" },
	{ "kmemleak", "kmemleak, on for this boot (CONFIG_DEBUG_KMEMLEAK)" },
	{ "page-owner", "page_owner, on for this boot (CONFIG_PAGE_OWNER, page_owner=on)" },
	{ "swap", "a swap area that is on ([vm] swap makes one in a guest)" },
	{ 0 }
};
/* clang-format on */

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scenario model: what a scenario file (INI, in the spirit of fio job
 * files) asks memstress to do. Sections:
 *
 *	[scenario]          description, duration, seed, requires, ...
 *	[cgroup] [cgroup.N] memory limits (cgroup v2 names, v1 names accepted)
 *	[workload.N]        engine, args, instances, oom_score_adj, cgroup, ...
 *	[fs]                a filesystem on a loop image memstress owns
 *	[fault.failslab] [fault.fail_page_alloc] [fault.fail-nth]
 *	[watchdog]          stall detection
 *	[expect]            what the kernel must (not) do
 *	[vm]                guest sizing when run under --kernel
 *
 * Every section struct starts with struct sc_base, whose `set` bitmask says
 * which options of the section's table were given (bit i = option i), so
 * defaults, required keys and the effective configuration all come from the
 * tables in schema.c.
 */
#ifndef MEMSTRESS_SCENARIO_SCENARIO_H
#define MEMSTRESS_SCENARIO_SCENARIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/parse.h"
#include "fs/fstype.h"

struct opt_def;

struct sc_base {
	const char *file;
	int line;	  /* line of the section header (0: implicit) */
	int key_line[64]; /* line of each option given */
	uint64_t set;
};

/* A witness a scenario turns on: where the kernel can (auto), always (yes:
 * required) or never (no). Stored as an int (OPT_CHOICE). */
enum sc_switch {
	SW_AUTO,
	SW_YES,
	SW_NO,
};

/* The words of OPT_CHOICE keys, stored as ints (schema.c has the words;
 * sc_word() gives one back). */
enum sc_target { TARGET_ANY, TARGET_HOST, TARGET_VM };
enum sc_scan { SCAN_SCENARIO, SCAN_ALL };
enum sc_vm_root { VM_ROOT_9P, VM_ROOT_INITRAMFS };
enum sc_accel { ACCEL_AUTO, ACCEL_KVM, ACCEL_TCG };

struct sc_scenario {
	struct sc_base base;
	char *description;
	uint64_t duration_ms;
	int64_t seed;
	char **requires;
	uint64_t sample_ms;
	uint64_t grace_ms;
	enum sc_target target;
	enum sc_switch trace; /* the kernel's tracepoints as witnesses */
	enum sc_switch leaks; /* kmemleak, or the slab counters, after the run */
};

struct sc_cgroup {
	struct sc_base base;
	char *name;   /* "" for the scenario's top cgroup [cgroup] */
	char *parent; /* NULL: the top cgroup (or the root for the top itself) */
	/* cgroup v2 names */
	struct size_spec max, high, low, min, swap_max, reclaim;
	uint64_t reclaim_interval_ms;
	bool oom_group;
	/* cgroup v1 names */
	struct size_spec limit, soft_limit, memsw_limit;
	bool oom_kill_disable;
	int64_t swappiness;
};

struct sc_workload {
	struct sc_base base;
	char *name;
	char *engine;
	char *args;
	int64_t instances;
	int64_t oom_score_adj;
	char *cgroup; /* NULL: the top cgroup */
	uint64_t start_ms;
	uint64_t stop_ms; /* 0: run until the scenario ends */
	bool fault;	  /* subject to fault injection (make-it-fail) */
	bool restart;	  /* restart when it exits before the end */
	bool load;	  /* it is load: it must show its work (workloads.worked) */
	void *engine_cfg; /* the engine's own options (its struct engine's opts fill it) */
	const struct opt_def *engine_opts; /* the table that filled it, to release it */
	struct sc_base engine_base;
};

struct sc_fs {
	struct sc_base base;
	int type; /* the filesystem's index in lib/fs's registry (fs_type_at) */
	struct size_spec size;
	char *mkfs_options;
	char *mount_options;
	bool shutdown;
	bool fsck;
	bool keep_image;
	uint64_t freeze_at_ms; /* 0: never */
	uint64_t freeze_for_ms;
};

struct sc_fault {
	struct sc_base base;
	char *kind; /* failslab | fail_page_alloc | fail-nth */
	int64_t probability, interval, times, verbose;
	struct size_spec space;
	bool task_filter, ignore_gfp_wait, ignore_gfp_highmem;
	int64_t min_order;
	char **caches;
	int64_t stacktrace_depth;
	char **target;
	char *require_start, *require_end, *reject_start, *reject_end;
	int64_t ratelimit_interval_ms, ratelimit_burst;
	bool system_wide;
	char **workloads; /* NULL: every workload with fault = yes */
	/* fail-nth sweep */
	char **ops;
	int64_t max_n;
	int64_t repeat;
	int64_t only_n; /* only step N of each operation (a reproducer's one fault); 0: all */
	bool inject;	/* no: the steps without fail-nth (a reproducer's control) */
};

struct sc_watchdog {
	struct sc_base base;
	uint64_t stall_ms;
	enum sc_scan scan;
	int64_t hung_task_timeout; /* 0: leave the kernel's */
	bool sysrq;
	bool recover;
	bool enabled;
};

/*
 * What an [expect] key that names something going wrong (a hang, a WARNING,
 * lost data, ...) says of it: no, allowed or expected. fsck's clean, any and
 * damaged say the same of fsck finding damage. Stored as an int
 * (OPT_CHOICE).
 */
enum expectation {
	EXPECT_NO,	   /* must not happen (the default) */
	EXPECT_ALLOWED,	   /* may happen or not */
	EXPECT_EXPECTED,   /* must happen */
	EXPECT_REPAIRABLE, /* fsck only: may happen, if the repair makes it clean */
};

/* Whether what happened meets the expectation. */
static inline bool expectation_met(enum expectation e, bool happened)
{
	return happened ? e != EXPECT_NO : e != EXPECT_EXPECTED;
}

struct sc_expect {
	struct sc_base base;
	char *oom_victim; /* workload name, "none", "any" */
	struct range oom_kills;
	bool oom_group; /* check that the kernel kills the whole group */
	char **survives;
	bool memory_high_throttles; /* check that memory.high throttles */
	enum expectation hang;
	enum expectation warnings;
	enum expectation oops;
	enum expectation lockdep;
	char *taint; /* taint flags allowed to appear */
	enum expectation fs_errors;
	enum expectation fsck; /* fsck finds damage: clean, any, damaged, repairable */
	enum expectation lost_data;
	struct range nofs_failures;
	struct range alloc_failures;
	struct bound alloc_stall_max;  /* longest direct/memcg reclaim of any class (ms) */
	struct bound nofs_stall_max;   /* ... of a GFP_NOFS allocation */
	struct bound nofail_stall_max; /* ... of a __GFP_NOFAIL one, still waiting or done */
	enum expectation leaks;	       /* kernel memory leaks */
	enum expectation page_leaks;   /* pages still held after the unmount (page_owner) */
	struct bound oom_victim_exit;  /* every OOM victim gone within (default <=10s) */
	struct bound high_throttled;   /* time the memory.high cgroups' tasks stalled (PSI) */
	struct bound memory_peak;      /* the top cgroup's peak usage (bytes) */
	struct bound swap_peak;	       /* the top cgroup's peak swap usage (bytes) */
	char **protected;	       /* workloads whose memory memory.min/low keeps */
	struct range faults_injected;
	struct range fault_fs_frames;
	enum expectation unkillable; /* tasks that survive SIGKILL */
	struct range workload_errors;
};

struct sc_vm {
	struct sc_base base;
	struct size_spec memory;
	struct size_spec swap; /* a swap disk of this size (unset: none) */
	int64_t cpus;
	char *cmdline;
	enum sc_vm_root root;
	uint64_t boot_timeout_ms;
	uint64_t silence_ms;
	enum sc_accel accel;
};

struct scenario {
	char *path; /* file it came from, or "<built-in>" */
	char *name;
	struct sc_scenario sc;
	struct sc_cgroup *cgroups;
	size_t n_cgroups;
	struct sc_workload *workloads;
	size_t n_workloads;
	bool has_fs;
	struct sc_fs fs;
	struct sc_fault *faults;
	size_t n_faults;
	struct sc_watchdog watchdog;
	struct sc_expect expect;
	bool has_vm;
	struct sc_vm vm;
};

/* An override from the command line: --set section.key=value. */
struct sc_override {
	char *section;
	char *key;
	char *value;
};

/*
 * Load a scenario file, apply overrides, validate. On error returns -EINVAL
 * (or the I/O errno) and sets *err to a malloc'd "FILE:LINE: message".
 */
int scenario_load(const char *path, const struct sc_override *ov, size_t n_ov,
		  struct scenario **ret, char **err);
/* The same from a string (built-in scenario, tests, fuzzing). */
int scenario_load_string(const char *text, const char *name, const char *origin,
			 const struct sc_override *ov, size_t n_ov, struct scenario **ret,
			 char **err);
void scenario_free(struct scenario *s);
static inline void scenario_freep(struct scenario **s)
{
	scenario_free(*s);
}

/* Parse "section.key=value" (the key may itself contain dots). */
int sc_override_parse(const char *arg, struct sc_override *ret);
void sc_override_release(struct sc_override *o);

/* The effective configuration, as INI text that loads back to the same scenario. */
char *scenario_effective(const struct scenario *s);

/* Lookups. */
const struct sc_cgroup *scenario_cgroup(const struct scenario *s, const char *name);
const struct sc_workload *scenario_workload(const struct scenario *s, const char *name);
const struct sc_fault *scenario_fault(const struct scenario *s, const char *kind);
/* The scenario's filesystem (lib/fs's descriptor), or NULL without [fs]. */
static inline const struct fs_type *scenario_fs_type(const struct scenario *s)
{
	return s->has_fs && s->fs.type >= 0 ? fs_type_at((size_t)s->fs.type) : NULL;
}
/* The first workload with engine exec (it runs a command of the file's choosing), or NULL. */
const struct sc_workload *scenario_exec_workload(const struct scenario *s);
bool sc_is_set(const struct sc_base *b, const void *tables_entry_owner, const char *key);

/* The built-in default scenario (workloads/default.ini, embedded at build). */
extern const char scenario_builtin_default[];

#endif

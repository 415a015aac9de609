/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What this machine (or guest) offers memstress: root and capabilities, the
 * cgroup layout and where the memory controller lives, /dev/kmsg, debugfs and
 * the fault-injection knobs, the hung-task detector, loop devices, PSI, and
 * the programs scenarios run. Probing only reads; it changes nothing.
 */
#ifndef MEMSTRESS_KERNEL_PROBE_H
#define MEMSTRESS_KERNEL_PROBE_H

#include <stdbool.h>

#include <stddef.h>
#include <stdint.h>

#include "fault/injector.h"
#include "fs/fstype.h"

enum cgroup_layout { CGL_NONE, CGL_V1, CGL_V2, CGL_HYBRID };

struct machine {
	char release[128];
	char hostname[128];
	char machine[32];
	uint64_t mem_total;
	unsigned cpus;
	bool root;
	bool cap_sys_resource;
	bool in_guest; /* running as memstress's own VM guest */

	enum cgroup_layout cgroup_layout;
	int memcg_version; /* 0: no memory controller */
	char memcg_mount[256];
	bool memcg_memsw; /* v1 memory.memsw.* exists (swap accounting) */
	bool swap;	  /* a swap area is on (/proc/swaps) */

	bool kmsg;
	bool psi;
	bool sysrq;
	bool hung_task;
	int64_t hung_task_timeout;
	bool hung_task_detect_count;
	bool lockdep;
	bool kallsyms;

	char debugfs[256]; /* mount point, "" if not mounted */
	bool debugfs_mountable;
	/* each fault injector of lib/fault, by its registry index */
	bool injector[INJECTORS_MAX];
	bool stacktrace_filter;

	bool loop;
	/* each filesystem of lib/fs, by its registry index */
	struct machine_fs {
		bool kernel;	   /* in /proc/filesystems (or a module that loads) */
		char *mkfs, *fsck; /* where its programs are, or NULL */
	} fs[FS_TYPES_MAX];
	char *qemu;
	/* The workload engines' programs (engines_probe): requirements by name. */
	struct machine_program {
		const char *name;
		bool found;
		char about[160]; /* for `memstress check` */
	} programs[8];
	unsigned n_programs;
	bool proc_connector;
	bool tracefs;	 /* the kernel has tracefs (CONFIG_TRACING) */
	bool kmemleak;	 /* kmemleak is built in and not off (CONFIG_DEBUG_KMEMLEAK, kmemleak=) */
	bool page_owner; /* page_owner is on (CONFIG_PAGE_OWNER, page_owner=on) */
};

/* Fill m by looking at the running system. Never fails; absent things are false. */
void machine_probe(struct machine *m);
/* Record a program a workload engine runs: found or not, and one line about it. */
void machine_add_program(struct machine *m, const char *name, bool found, const char *about);
void machine_release(struct machine *m);

/*
 * Is the named requirement (see requirement_defs, or a program of
 * machine_add_program) met? If not, why is set to a one-line reason. Unknown
 * names are not met.
 */
bool machine_meets(const struct machine *m, const char *req, char *why, size_t len);

const char *cgroup_layout_name(enum cgroup_layout l);

#endif

#include <json-c/json.h>
#include <stdio.h>
/* The probe as a table for people, and as JSON. */
void machine_print(const struct machine *m, FILE *f);
json_object *machine_json(const struct machine *m);

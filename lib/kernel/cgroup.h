/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory cgroups, v1 or v2, through libcgroup: create a node, set a knob,
 * move a process in, and take a node down (kill what is inside, bounded wait,
 * remove). Counters for the sampler are read from the cgroup files directly
 * with pread, because libcgroup's cgroup_get_cgroup reads every file of the
 * controller and the sampler runs several times a second.
 */
#ifndef MEMSTRESS_KERNEL_CGROUP_H
#define MEMSTRESS_KERNEL_CGROUP_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct undo;

struct cg {
	char *rel;  /* below the controller mount, e.g. "memstress-ID/wl.hog" */
	char *path; /* absolute */
	int version;
	int fd_current, fd_events, fd_oom_control, fd_failcnt, fd_pressure, fd_stat, fd_peak;
	int fd_swap_current, fd_swap_peak; /* v2, with swap accounting */
};

/* Initialise libcgroup once; returns 0 or -errno. */
int cg_lib_init(void);
/*
 * Create rel below the memory controller (recorded in the undo journal first).
 * mount is the controller's mount point and version its cgroup version.
 */
int cg_create(const char *mount, int version, const char *rel, struct undo *u, struct cg **ret);
void cg_free(struct cg *c);
/* Write a knob through libcgroup. Errors are the kernel's (e.g. -EINVAL). */
int cg_set(struct cg *c, const char *file, const char *value);
/* v2: enable the memory controller for the node's children. */
int cg_enable_memory_subtree(struct cg *c, struct undo *u);
/* Move pid in (through libcgroup). Safe to call in a forked child. */
int cg_attach(struct cg *c, pid_t pid);

struct cg_sample {
	uint64_t current, peak;
	bool has_swap; /* v2 memory.swap.current */
	uint64_t swap_current, swap_peak;
	/* v2 memory.events, or the v1 equivalents where they exist */
	uint64_t ev_low, ev_high, ev_max, ev_oom, ev_oom_kill, ev_oom_group_kill;
	uint64_t failcnt; /* v1 */
	bool under_oom;	  /* v1 */
	uint64_t anon, file, kernel, slab, file_dirty, file_writeback, pgmajfault;
	uint64_t refault_anon, refault_file; /* memory.stat workingset_refault_* */
	bool has_scan;			     /* v2: reclaim's own counters */
	uint64_t pgscan, pgsteal;
	bool has_psi;
	double psi_some10, psi_full10;
	uint64_t psi_some_total, psi_full_total; /* microseconds */
};

/* Read the counters (keeps the files open between calls). */
int cg_sample(struct cg *c, struct cg_sample *s);
/* A PSI file's "some" and "full" lines (a cgroup's memory.pressure, /proc/pressure/memory). */
void cg_parse_psi(const char *buf, struct cg_sample *s);
/* Pids in the node (not below it); returns count, fills up to max. */
int cg_pids(const char *path, pid_t *pids, int max);

/*
 * Kill everything in the node and below (cgroup.kill where the kernel has
 * it), wait up to timeout_ms for it to empty, and remove the directories.
 * Returns 0, or -EBUSY with msg naming the tasks that would not die.
 */
int cg_destroy_path(const char *path, unsigned timeout_ms, char *msg, size_t msglen);

#endif

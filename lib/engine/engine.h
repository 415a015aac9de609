/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Workload engines: what program a [workload.NAME] runs and with which argv.
 * One file per engine and one line in the registry (registry.c). Built-in
 * engines (memhog, fstx) are memstress itself re-executed with a hidden
 * command, so they run as ordinary processes that can be placed in a cgroup,
 * given an oom_score_adj, made to fail, and OOM-killed.
 */
#ifndef MEMSTRESS_ENGINE_ENGINE_H
#define MEMSTRESS_ENGINE_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/probe.h"
#include "scenario/scenario.h"

struct engine_ctx {
	const struct scenario *s;
	const struct sc_workload *w;
	unsigned instance;
	const char *fs_mount; /* NULL without [fs] */
	const char *run_dir;
	const char *work_dir;	   /* writable scratch directory (the cwd of workloads) */
	const char *self_exe;	   /* this memstress binary */
	const char *scenario_dir;  /* for relative job files */
	const char *progress_path; /* where built-in engines publish progress */
	const char *journal_path;  /* fstx: durable-operations journal */
	uint64_t run_ms;	   /* how long the workload is meant to run */
	const struct machine *m;
	uint64_t mem_total;	      /* for percentage sizes */
	bool make_it_fail;	      /* subject to the scenario's fault injection */
	int shared_fd;		      /* the shared file the engine asked for (shared_file), -1 */
	const struct sc_fault *sweep; /* fstx: the [fault.fail-nth] sweep, or NULL */
};

struct engine {
	const char *name;
	/* Build the argv (NULL-terminated, caller frees with strv_free). */
	int (*argv)(const struct engine_ctx *c, char ***ret, char *err, size_t errlen);
	/* The program overrides oom_score_adj in its children (stress-ng without
	 * --no-oom-adjust): the runner preloads lib/preload/keep_oom_adj.c, so
	 * that the program's own writes change nothing. */
	bool (*overrides_oom_adj)(const struct machine *m);
	bool publishes_progress;
	const char *progress_unit; /* what one of its progress "ops" is, e.g. "transactions" */
	const char *requires;	   /* requirement name (probe.c), or NULL */
	/* The name of an in-memory file this workload shares with others of the
	 * run (the runner makes it, a memfd, and hands it over as shared_fd), or NULL. */
	const char *(*shared_file)(const struct sc_workload *w);
};

const struct engine *engine_find(const char *name);

/* Built-in engines' entry points (hidden commands). */
int memhog_main(int argc, char **argv);
int fstx_main(int argc, char **argv);

/* Progress files: "key value" lines, rewritten in place by the engine. */
struct progress {
	int fd;
};
int progress_open(struct progress *p, const char *path);
int progress_publish(struct progress *p, const char *text);
void progress_close(struct progress *p);
/* Read one counter from a progress file (for the watchdog). */
int progress_read(const char *path, const char *key, uint64_t *ret);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runner: one scenario's life on the kernel it runs on (the host, or a
 * guest when memstress runs inside a VM). Sets up the cgroups, filesystem and
 * fault knobs through the undo journal, starts the workloads, watches the
 * kernel log, the memcg counters and the workloads' progress, stops
 * everything, evaluates [expect], tears down and writes the results.
 */
#ifndef MEMSTRESS_RUNNER_RUN_H
#define MEMSTRESS_RUNNER_RUN_H

#include <stdbool.h>

#include "scenario/scenario.h"

struct run_opts {
	const char *results_root; /* where run directories are made (default "results") */
	const char *run_dir;	  /* use exactly this directory (guest runs) */
	const char *run_id;	  /* default: made from the time and the scenario */
	const char *self_exe;	  /* this binary, for built-in engines */
	bool quiet;
	bool live;		  /* redraw a status line in place (stderr is a TTY) */
	bool allow_system_wide;	  /* permit fault injection outside the workloads */
	bool wait_locks;	  /* wait for system-wide resources another run holds */
	int status_fd;		  /* guest: heartbeat/status lines to the host, -1 none */
	const char *target_kind;  /* "host" or "vm" */
	const char *kernel_image; /* VM runs: the image, for the result */
	const char *origin;	  /* KCIDB origin (NULL: memstress) */
	const char *excluded;	  /* --exclude's reason: record the run as skipped */
};

/*
 * Run one scenario; returns its exit code (core/exitcode.h). *run_dir gets
 * the run directory (malloc'd) when one was made.
 */
int run_scenario(const struct scenario *s, const struct run_opts *o, char **run_dir);

struct machine;
/* Everything the scenario needs: its `requires` and what its content implies (strv). */
int scenario_requirements(const struct scenario *s, char ***ret);
/* Why the scenario cannot run on this machine (strv, caller frees); NULL: it can. */
char **scenario_unmet(const struct scenario *s, const struct machine *m, bool allow_system_wide);
/* `memstress check --json`'s entry for a scenario: name, path (when given),
 * can_run and why_not (the strv scenario_unmet returned). Caller puts it. */
struct json_object *scenario_unmet_json(const struct scenario *s, const char *path, char **why);

/* A fresh run id: YYYYmmdd-HHMMSS-<scenario>-<4 hex> (the scenario's name
 * made an identifier: core/ident.h). */
char *run_id_new(const char *scenario);

/*
 * The run's id (o->run_id, checked against the identifier whitelist, or a
 * fresh one) and its directory <results>/<id>, made anew: an existing
 * directory is refused (-EEXIST), so a run never writes into what it did not
 * make. On error *why says what is wrong. Both results are malloc'd; *dir is
 * absolute.
 */
int run_dir_make(const struct run_opts *o, const char *scenario, char **id, char **dir, char *why,
		 size_t whylen);

#endif

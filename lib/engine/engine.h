/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Workload engines: what a [workload.NAME] runs. One descriptor per engine,
 * in the engine's own file, holds everything memstress knows about it: its
 * keys (an option table and the struct they fill, as fio's engines carry
 * theirs), what it needs, how its arguments are checked, how it is started,
 * and what it reports. Adding an engine is one file and one line in the
 * registry (registry.c); nothing else names an engine.
 *
 * Built-in engines (memhog, fstx) are memstress itself re-executed with a
 * hidden command, so they run as ordinary processes that can be placed in a
 * cgroup, given an oom_score_adj, made to fail, and OOM-killed.
 *
 * An engine sees its workload through struct engine_wl only, never the
 * scenario: its name, its args and its own options.
 */
#ifndef MEMSTRESS_ENGINE_ENGINE_H
#define MEMSTRESS_ENGINE_ENGINE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kernel/probe.h"
#include "core/options.h"

/* What an engine sees of its [workload.NAME]. */
struct engine_wl {
	const char *name;
	const char *args; /* NULL: none */
	const void *cfg;  /* the engine's options (its .opts fill a .cfg_size struct), or NULL */
};

struct engine_ctx {
	struct engine_wl w;
	unsigned instance;
	int64_t seed;	      /* the scenario's seed */
	const char *fs_mount; /* NULL without [fs] */
	const char *run_dir;
	const char *work_dir;	   /* writable scratch directory (the cwd of workloads) */
	const char *self_exe;	   /* this memstress binary */
	const char *scenario_dir;  /* for relative job files */
	const char *progress_path; /* where built-in engines publish progress */
	const char *journal_path;  /* where an ENGINE_JOURNALS engine keeps its journal */
	const char *log_path;	   /* the workload's output */
	uint64_t run_ms;	   /* how long the workload is meant to run */
	uint64_t mem_total;	   /* for percentage sizes */
	bool make_it_fail;	   /* subject to the scenario's fault injection */
	int shared_fd;		   /* the shared file the engine asked for (shared_file), -1 */
	char *const *sweep_ops;	   /* the [fault.fail-nth] sweep's operations, or NULL */
	int64_t sweep_max_n;
	int64_t sweep_only_n; /* only this step of each operation (0: all) */
	bool sweep_no_inject; /* run the steps without arming fail-nth */
};

enum engine_flag {
	ENGINE_NEEDS_FS = 1 << 0,	  /* refuses to run without an [fs] section */
	ENGINE_OWN_MAKE_IT_FAIL = 1 << 1, /* marks its own threads after setting up */
	ENGINE_FAIL_NTH = 1 << 2,	  /* what the [fault.fail-nth] sweep drives */
	ENGINE_OPS_RATE = 1 << 3,	  /* its progress "ops" are operations: show their rate */
	ENGINE_ANY_COMMAND = 1 << 4,	  /* runs a command line of the scenario's choosing */
	ENGINE_NEEDS_ARGS = 1 << 5,	  /* args are its command line: required */
};

/*
 * How an instance ended, for the judgement of its work (engine_worked): a
 * pass must rest on evidence that the load happened, not on silence.
 */
struct engine_end {
	int status;	      /* wait status of its last start */
	bool stopped;	      /* memstress stopped it (the scenario's end, or stop =) */
	uint64_t progress;    /* the most "ops" its progress file showed, over its starts */
	json_object *results; /* what .results made of its output, or NULL */
};

/* An engine's complaint about its workload's keys: the key (for the line), and the text. */
struct engine_err {
	const char *key; /* "args", one of its own keys, or NULL: the section */
	char msg[512];	 /* after "[workload.NAME] " */
};

struct engine {
	const char *name;
	const char *help;
	const struct opt_def *opts; /* its own keys in [workload.NAME] (empty table: none) */
	size_t cfg_size;	    /* the struct opts fill */
	unsigned flags;		    /* enum engine_flag */
	const char *program;	    /* the program it runs, looked up on PATH, or NULL */
	const char *progress_unit;  /* it publishes progress; one "op" is this */

	/* Check the workload's keys when the scenario is loaded (scenario_path: its file). */
	int (*validate)(const struct engine_wl *w, const char *scenario_path, struct engine_err *e);
	/* Learn what the installed program can do (cached; called before a run). */
	void (*probe)(void);
	/* One line about the installed program for `memstress check`. */
	void (*describe)(char *buf, size_t len);
	/* What a guest whose root is an initramfs needs besides .program: programs
	 * (e.g. the one args names) and data files, copied to the same path. */
	int (*guest_needs)(const struct engine_wl *w, char ***programs, char ***files);
	/* Build the argv (NULL-terminated, caller frees with strv_free). */
	int (*argv)(const struct engine_ctx *c, char ***ret, char *err, size_t errlen);
	/* The program overrides oom_score_adj in its children (stress-ng without
	 * --no-oom-adjust): the runner preloads lib/preload/keep_oom_adj.c, so
	 * that the program's own writes change nothing. */
	bool (*overrides_oom_adj)(void);
	/* The name of an in-memory file this workload shares with others of the
	 * run (the runner makes it, a memfd, and hands it over as shared_fd), or NULL. */
	const char *(*shared_file)(const struct engine_wl *w);
	/* It journals what it made durable: check that against the filesystem
	 * after the run (*ret: {checked, missing, corrupt, ...}). NULL: it does not. */
	bool (*journals)(const struct engine_wl *w);
	int (*verify)(const struct engine_ctx *c, json_object **ret);
	/* What it reported about its own work, for the result (under its name):
	 * per-operation counts ("ops": {op: {"errors": {errno: n}}}), throughput
	 * ("ops_per_s"), or a program's summary. NULL: nothing. */
	json_object *(*results)(const struct engine_ctx *c);
	/* Did it do its work? true or false, with the evidence in why (one
	 * line). NULL: its progress (engines with a progress_unit), or else
	 * an exit 0 of its own, is the evidence (engine_worked). */
	bool (*worked)(const struct engine_end *end, char *why, size_t len);
	/* The signal that stops it with its summary written (0: SIGTERM). */
	int stop_signal;
};

/* Whether an instance did its work, by the engine's own evidence (its
 * .worked, or the default above); why gets the evidence either way. */
bool engine_worked(const struct engine *e, const struct engine_end *end, char *why, size_t len);
/* The signal that stops e's workloads. */
int engine_stop_signal(const struct engine *e);

/* Checks engines share for their keys: 0, or -errno with e filled in for `key`. */
/* dir: a relative path below the [fs] mount (NULL: not given). */
int engine_key_below(struct engine_err *e, const char *key, const char *dir);
/* file: readable, found beside the scenario file; *text gets its contents. */
int engine_key_read(struct engine_err *e, const char *key, const char *scenario_path,
		    const char *file, size_t max, char **text);

const struct engine *engine_find(const char *name);
/* The engine that runs this program (.program), or NULL. */
const struct engine *engine_by_program(const char *program);
/* Every engine, in registry order: for (i = 0; (e = engine_at(i)); i++). */
const struct engine *engine_at(size_t i);
/* Record the engines' programs in m (found or not; with describe, what they are). */
void engines_probe(struct machine *m, bool describe);

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

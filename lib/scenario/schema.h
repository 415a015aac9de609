/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scenario format, as data: the option table of every section and of
 * every workload engine. Adding a key is one line here; parsing, validation,
 * `memstress list --keys` and the effective configuration follow.
 */
#ifndef MEMSTRESS_SCENARIO_SCHEMA_H
#define MEMSTRESS_SCENARIO_SCHEMA_H

#include "options.h"
#include "scenario.h"

extern const struct section_def section_defs[]; /* NULL-name terminated */
const struct section_def *section_def_find(const char *name);

/* Engine-specific workload options. */
struct fstx_cfg {
	int64_t threads;
	char *mix;
	int64_t files;
	int64_t dirs;
	struct size_spec max_file_size;
	char *dir;
	bool durable;
	int64_t ops;
	uint64_t heartbeat_ms;
};

struct memhog_cfg {
	struct size_spec size;
	struct size_spec step;
	struct size_spec rate; /* bytes per second; 0: as fast as possible */
	bool hold;
	char *file; /* a shared in-memory file (memfd) the run makes, by name */
	struct size_spec
		file_write; /* then write() this much into it, in one call, again and again */
	bool file_rewrite;  /* empty it before each write (each write allocates anew) */
};

struct fio_cfg {
	char *job;
	char *directory;
};

struct engine_schema {
	const char *name;
	const char *help;
	const struct opt_def *opts; /* may be empty */
	size_t cfg_size;
	bool needs_fs; /* refuses to run without an [fs] section */
};

extern const struct engine_schema engine_schemas[]; /* NULL-name terminated */
const struct engine_schema *engine_schema_find(const char *name);

/* Requirement names accepted in [scenario] requires, with their meaning. */
struct requirement_def {
	const char *name;
	const char *help;
};
extern const struct requirement_def requirement_defs[];

#endif

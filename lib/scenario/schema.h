/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scenario format, as data: the option table of every section (each
 * workload engine carries its own, lib/engine). Adding a key is one line here; parsing, validation,
 * `memstress list --keys` and the effective configuration follow.
 */
#ifndef MEMSTRESS_SCENARIO_SCHEMA_H
#define MEMSTRESS_SCENARIO_SCHEMA_H

#include "options.h"
#include "scenario.h"

extern const struct section_def section_defs[]; /* NULL-name terminated */
const struct section_def *section_def_find(const char *name);

/* Requirement names accepted in [scenario] requires, with their meaning. */
struct requirement_def {
	const char *name;
	const char *help;
};
extern const struct requirement_def requirement_defs[];

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scenario format, as data: the option table of every section (each
 * workload engine carries its own, lib/engine). Adding a key is one line here; parsing, validation,
 * `memstress list --keys` and the effective configuration follow.
 */
#ifndef MEMSTRESS_SCENARIO_SCHEMA_H
#define MEMSTRESS_SCENARIO_SCHEMA_H

#include "core/options.h"
#include "scenario.h"

extern const struct section_def section_defs[]; /* NULL-name terminated */
const struct section_def *section_def_find(const char *name);
/* The word an OPT_CHOICE or OPT_ENUM key of a section holds in obj (the
 * section's struct): static storage, or NULL. */
const char *sc_word(const char *section, const char *key, const void *obj);

/*
 * Keys the format no longer has, refused at load with what to write instead:
 * "[section] key: replaced by now: advice", the advice for what the old
 * boolean said (any other value: now's words).
 */
struct retired_key {
	const char *section, *key;
	const char *now;	    /* the key that replaced it */
	const char *if_yes, *if_no; /* what to write for key = yes, key = no */
};
extern const struct retired_key retired_keys[]; /* NULL-key terminated */
const struct retired_key *retired_key_find(const char *section, const char *key);

/* Requirement names accepted in [scenario] requires, with their meaning. */
struct requirement_def {
	const char *name;
	const char *help;
};
extern const struct requirement_def requirement_defs[];

#endif

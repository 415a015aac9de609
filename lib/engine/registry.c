// SPDX-License-Identifier: GPL-2.0
/*
 * The engine registry: adding an engine is one file and one line here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/spawn.h"
#include "engine.h"

extern const struct engine engine_stress_ng, engine_memhog, engine_fstx, engine_fio, engine_exec,
	engine_dbench;

static const struct engine *const engines[] = {
	&engine_stress_ng, &engine_memhog, &engine_fstx, &engine_fio, &engine_exec, &engine_dbench,
};

const struct engine *engine_at(size_t i)
{
	return i < sizeof(engines) / sizeof(engines[0]) ? engines[i] : NULL;
}

const struct engine *engine_find(const char *name)
{
	const struct engine *e;

	for (size_t i = 0; (e = engine_at(i)); i++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

const struct engine *engine_by_program(const char *program)
{
	const struct engine *e;

	for (size_t i = 0; (e = engine_at(i)); i++)
		if (e->program && !strcmp(e->program, program))
			return e;
	return NULL;
}

void engines_probe(struct machine *m, bool describe)
{
	const struct engine *e;

	for (size_t i = 0; (e = engine_at(i)); i++) {
		if (!e->program)
			continue;
		char *path = find_executable(e->program), about[160];
		snprintf(about, sizeof(about), "%s", path ? "yes" : "not installed");
		if (path && describe && e->describe)
			e->describe(about, sizeof(about));
		machine_add_program(m, e->program, path != NULL, about);
		free(path);
	}
}

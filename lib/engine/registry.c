// SPDX-License-Identifier: GPL-2.0
/*
 * The engine registry: adding an engine is one file and one line here. And
 * the checks engines share for their keys (directories below the [fs] mount,
 * files beside the scenario).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/parse.h"
#include "core/scope.h"
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

int engine_key_below(struct engine_err *e, const char *key, const char *dir)
{
	if (!dir || path_relative_below(dir))
		return 0;
	e->key = key;
	snprintf(e->msg, sizeof(e->msg),
		 "%s: '%.300s' must be a relative path below the [fs] mount", key, dir);
	return -EINVAL;
}

int engine_key_read(struct engine_err *e, const char *key, const char *scenario_path,
		    const char *file, size_t max, char **text)
{
	_cleanup_free_ char *path = path_beside(scenario_path, file);
	unsigned mode = 0;
	int r = path ? read_regular_file(path, max, text, NULL, &mode) : -ENOMEM;

	if (r >= 0)
		return 0;
	e->key = key;
	snprintf(e->msg, sizeof(e->msg), "%s: cannot read '%.300s': %s", key, path ? path : file,
		 r == -EBADFD ? file_type_name(mode) : strerror(-r));
	return r;
}

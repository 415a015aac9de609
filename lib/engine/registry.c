// SPDX-License-Identifier: GPL-2.0
/*
 * The engine registry: adding an engine is one file and one line here.
 */
#include <string.h>

#include "engine.h"

extern const struct engine engine_stress_ng, engine_memhog, engine_fstx, engine_fio, engine_exec;

static const struct engine *const engines[] = {
	&engine_stress_ng, &engine_memhog, &engine_fstx, &engine_fio, &engine_exec,
};

const struct engine *engine_find(const char *name)
{
	for (size_t i = 0; i < sizeof(engines) / sizeof(engines[0]); i++)
		if (!strcmp(engines[i]->name, name))
			return engines[i];
	return NULL;
}

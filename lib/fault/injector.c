// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of fault injectors (see injector.h): a new one is its own
 * file and a line here.
 */
#include <string.h>

#include "injector.h"

static const struct injector *const injectors[] = { &inj_failslab, &inj_fail_page_alloc,
						    &inj_fail_nth };

_Static_assert(sizeof(injectors) / sizeof(injectors[0]) <= INJECTORS_MAX,
	       "INJECTORS_MAX is too small");

const struct injector *injector_at(size_t i)
{
	return i < sizeof(injectors) / sizeof(injectors[0]) ? injectors[i] : NULL;
}

const struct injector *injector_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof(injectors) / sizeof(injectors[0]); i++)
		if (!strcmp(injectors[i]->name, name))
			return injectors[i];
	return NULL;
}

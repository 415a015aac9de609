// SPDX-License-Identifier: GPL-2.0
/*
 * The checks' verdicts until they are written (verdict.h).
 */
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/log.h"
#include "verdict.h"

void verdict_add(struct verdict *v, const char *name, enum check_status st, const char *summary,
		 json_object *evidence)
{
	if (ARRAY_GROW(v->c, v->n + 1, v->cap, 32) < 0) {
		log_error("out of memory: check %s not recorded", name);
		json_object_put(evidence);
		return;
	}
	v->c[v->n++] = (struct verdict_check){
		.name = strdup(name),
		.status = st,
		.summary = strdup(summary ? summary : ""),
		.evidence = evidence,
	};
}

bool verdict_failed(const struct verdict *v)
{
	for (size_t i = 0; i < v->n; i++)
		if (v->c[i].status == CHECK_FAIL)
			return true;
	return false;
}

const struct verdict_check *verdict_find(const struct verdict *v, const char *name)
{
	for (size_t i = 0; i < v->n; i++)
		if (!strcmp(v->c[i].name, name))
			return &v->c[i];
	return NULL;
}

void verdict_free(struct verdict *v)
{
	for (size_t i = 0; i < v->n; i++) {
		free(v->c[i].name);
		free(v->c[i].summary);
		json_object_put(v->c[i].evidence);
	}
	free(v->c);
	*v = (struct verdict){ 0 };
}

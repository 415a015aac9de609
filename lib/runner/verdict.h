/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The checks' verdicts, in the order they were judged, until the runner
 * writes them into result.json (runner/checks.c): each a name, a status, a
 * one-line summary and its evidence.
 */
#ifndef MEMSTRESS_RUNNER_VERDICT_H
#define MEMSTRESS_RUNNER_VERDICT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>

#include "report/result.h"

struct verdict_check {
	char *name;
	enum check_status status;
	char *summary;
	json_object *evidence; /* owned, or NULL */
};

struct verdict {
	struct verdict_check *c;
	size_t n, cap;
};

/* Add a check; takes ownership of evidence (may be NULL). */
void verdict_add(struct verdict *v, const char *name, enum check_status st, const char *summary,
		 json_object *evidence);
/* Did any check so far fail? */
bool verdict_failed(const struct verdict *v);
/* The check of that name, or NULL. */
const struct verdict_check *verdict_find(const struct verdict *v, const char *name);
void verdict_free(struct verdict *v);

#endif

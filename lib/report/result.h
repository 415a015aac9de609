/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The result of one run: a JSON document (result.json) that is the canonical
 * record — schema version, target kernel and host, the effective scenario,
 * every check with its evidence, the kernel events, the workloads' fates.
 * Every other format (KTAP, JUnit, KCIDB, text, HTML) is a view rendered from
 * it by a writer (writers.c), so `memstress report` can regenerate them.
 *
 * result.json is rewritten atomically while the run goes on ("status":
 * "running"), so a run killed midway still leaves a readable record.
 */
#ifndef MEMSTRESS_REPORT_RESULT_H
#define MEMSTRESS_REPORT_RESULT_H

#include <json-c/json.h>
#include <stdbool.h>

#define RESULT_SCHEMA "memstress-result"
#define RESULT_SCHEMA_VERSION 1

enum check_status { CHECK_PASS, CHECK_FAIL, CHECK_SKIP, CHECK_ERROR };

struct result {
	json_object *root;
	char *dir;
};

int result_new(const char *dir, const char *run_id, struct result **ret);
int result_load(const char *dir, struct result **ret, char **err);
void result_free(struct result *r);

/* Get-or-create a member object/array of the root (or of parent). */
json_object *result_obj(json_object *parent, const char *key);
json_object *result_arr(json_object *parent, const char *key);

/* Append a check; takes ownership of evidence (may be NULL). */
void result_add_check(struct result *r, const char *name, enum check_status st, const char *summary,
		      json_object *evidence);
const char *check_status_name(enum check_status s);
int check_status_from_name(const char *s);

/* Exit code implied by the checks (and status): see core/exitcode.h. */
int result_exit_code(const struct result *r);
/* Set "status", "verdict" and "exit_code" from the checks. */
void result_finalize(struct result *r, const char *status);

/* Write result.json atomically. */
int result_save(struct result *r);
/* Write every view (result.ktap, junit.xml, kcidb.json, ...). */
int result_write_views(struct result *r);

#endif

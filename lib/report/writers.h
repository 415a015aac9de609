/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Views of a result: one writer per format behind one small ops struct, all
 * rendering from result.json's tree, in the manner of fio's output formats.
 */
#ifndef MEMSTRESS_REPORT_WRITERS_H
#define MEMSTRESS_REPORT_WRITERS_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

struct result_writer {
	const char *name; /* --format name */
	const char *file; /* file in the run directory, NULL: stdout only */
	int (*write)(json_object *root, FILE *f);
	/* several runs as one document (NULL: one after another) */
	int (*write_many)(json_object *const *roots, size_t n, FILE *f);
};

extern const struct result_writer result_writers[]; /* NULL-name terminated */
const struct result_writer *result_writer_find(const char *name);

int write_ktap(json_object *root, FILE *f);
/* Several runs as one KTAP document, a subtest per run. */
int write_ktap_many(json_object *const *roots, size_t n, FILE *f);
int write_text(json_object *root, FILE *f);
/* The same, with the statuses coloured (for a terminal). */
int write_text_color(json_object *root, FILE *f, bool color);
/* What `run -q` prints: the checks that did not pass, and the verdict. */
int write_text_brief(json_object *root, FILE *f, bool color);
/* The end of a run on the terminal, host or VM: the table of checks (brief:
 * what `-q` prints), then "results: DIR" and `where` (a note on what else is
 * there, or NULL). */
void write_verdict(json_object *root, FILE *f, bool brief, const char *dir, const char *where);
int write_junit(json_object *root, FILE *f);
/* Several runs as one JUnit document, a testsuite per run. */
int write_junit_many(json_object *const *roots, size_t n, FILE *f);
int write_kcidb(json_object *root, FILE *f);
/* A failed run as a report for the kernel's lists (syzbot's shape);
 * -ENOMSG for a run that did not fail. */
int write_upstream(json_object *root, FILE *f);
/* A line per check for LAVA: name, result, measurement and units, reason. */
int write_lava(json_object *root, FILE *f);

/* Shared accessors (return "" / def when absent). */
const char *jstr(json_object *o, const char *key);
long long jint(json_object *o, const char *key, long long def);
double jdouble(json_object *o, const char *key, double def);
json_object *jget(json_object *o, const char *key);
/* The length of an array; 0 for NULL or anything else. */
size_t jarr_len(json_object *a);
/* "a.b.c" path lookup. */
json_object *jpath(json_object *o, const char *path);
/* A result's event: its kind (enum ev_kind, -1 unknown) and whether it is a failure. */
int jevent_kind(json_object *event);
bool jevent_failure(json_object *event);

#endif

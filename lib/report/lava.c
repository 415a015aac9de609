// SPDX-License-Identifier: GPL-2.0
/*
 * LAVA's view of a run: a line per check, "NAME RESULT MEASUREMENT UNITS
 * REASON", for ci/lava/run-memstress to send as `lava-test-case NAME
 * --result RESULT --measurement MEASUREMENT --units UNITS`, so that a test
 * case's page in LAVA shows the figure its check judged (the OOM kills
 * counted, the longest allocation in ms, the reports found), and its log
 * the one-line reason. MEASUREMENT and UNITS are "-" for a check without a
 * figure; RESULT is LAVA's pass, fail, skip or unknown (a check's error).
 * The figures come from one table: a check (or a prefix of check names)
 * and where its figure is, a metric of `memstress compare` or a path in
 * result.json; else the number of reports a check's evidence lists.
 */
#include <string.h>

#include "metrics.h"
#include "writers.h"

struct figure {
	const char *check;    /* a check's name, or a prefix ending in '.' */
	const char *metric;   /* metrics.c's name, or NULL */
	const char *paths[2]; /* or the first of these numbers in result.json */
	const char *units;
};

/* clang-format off */
static const struct figure figures[] = {
	{ "oom.kills",              "oom_kills",       { 0 },                                      "kills" },
	{ "oom.victim_exit",        "oom_exit_max_ms", { 0 },                                      "ms" },
	{ "hang.",                  "stalls",          { 0 },                                      "reports" },
	{ "memcg.peak",             "peak_mib",        { 0 },                                      "MiB" },
	{ "alloc.stall_max",        NULL, { "alloc_latency.max_ms", "alloc_stalls.max_ms" },       "ms" },
	{ "alloc.nofs_stall_max",   NULL, { "alloc_latency.nofs_max_ms" },                         "ms" },
	{ "alloc.nofail_stall_max", NULL, { "alloc_latency.nofail_max_ms" },                       "ms" },
	{ "alloc.real_failures",    NULL, { "alloc_failures.real" },                               "failures" },
	{ "alloc.nofs_failures",    NULL, { "alloc_failures.real_nofs" },                          "failures" },
	{ "kernel.no_leaks",        NULL, { "leaks.count" },                                       "objects" },
	{ "kernel.no_page_leaks",   NULL, { "page_leaks.count" },                                  "stacks" },
	{ "fs.no_lost_data",        NULL, { "fs.durability.missing" },                             "files" },
	{ "fault.injected",         "faults_fired",    { 0 },                                      "faults" },
	{ "workloads.worked",       "ops_s",           { 0 },                                      "ops/s" },
};
/* clang-format on */

static const struct figure *figure_of(const char *check)
{
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++) {
		const char *c = figures[i].check;
		size_t n = strlen(c);
		if (c[n - 1] == '.' ? !strncmp(check, c, n) : !strcmp(check, c))
			return &figures[i];
	}
	return NULL;
}

/* The check's figure; false when the run has none. */
static bool check_figure(json_object *root, json_object *c, double *v, const char **units)
{
	const struct figure *f = figure_of(jstr(c, "name"));
	json_object *ev = jget(c, "evidence");
	const char *src = json_object_is_type(ev, json_type_object) ? jstr(ev, "source") : NULL;
	json_object *n = src && !strcmp(src, "heartbeat") ? jget(ev, "count") : NULL;

	if (n &&
	    (json_object_is_type(n, json_type_int) || json_object_is_type(n, json_type_double))) {
		/* a guest that stopped without its result, judged by the count
		 * in its last heartbeat (vm_partial.c): the run has no other */
		*v = json_object_get_double(n);
		*units = f ? f->units : "count";
		return true;
	}
	if (!f) {
		/* the kernel's reports a check judged (kernel.no_oops, fs.no_errors) */
		if (!json_object_is_type(ev, json_type_array))
			return false;
		*v = (double)jarr_len(ev);
		*units = "reports";
		return true;
	}
	*units = f->units;
	if (f->metric) {
		const struct metric_def *m = metric_find(f->metric);
		return m && m->get(root, v);
	}
	for (size_t i = 0; i < 2 && f->paths[i]; i++) {
		json_object *o = jpath(root, f->paths[i]);
		if (o && (json_object_is_type(o, json_type_int) ||
			  json_object_is_type(o, json_type_double))) {
			*v = json_object_get_double(o);
			return true;
		}
	}
	return false;
}

/* A word of the line: no white space, never empty. */
static void put_word(FILE *f, const char *s)
{
	if (!*s)
		fputc('-', f);
	for (; *s; s++)
		fputc(strchr(" \t\n\r", *s) ? '_' : *s, f);
}

int write_lava(json_object *root, FILE *f)
{
	json_object *checks = jget(root, "checks");

	for (size_t i = 0; i < jarr_len(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		const char *st = jstr(c, "status"), *units = NULL;
		double v;

		put_word(f, jstr(c, "name"));
		fprintf(f, " %s ", !strcmp(st, "error") ? "unknown" : st);
		if (strcmp(st, "skip") && check_figure(root, c, &v, &units)) {
			fprintf(f, "%.10g ", v);
			put_word(f, units);
		} else {
			fputs("- -", f);
		}
		fputc(' ', f);
		for (const char *s = jstr(c, "summary"); *s; s++)
			fputc(*s == '\n' ? ' ' : *s, f);
		fputc('\n', f);
	}
	return 0;
}

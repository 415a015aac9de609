// SPDX-License-Identifier: GPL-2.0
/*
 * KTAP v1 view of a result (Documentation/dev-tools/ktap.rst): one test per
 * check, "# SKIP reason" for skipped checks, diagnostics as "# " lines before
 * the result line they explain.
 */
#include <string.h>

#include "result.h"
#include "writers.h"

/* KTAP test names and directives must stay on one line and not contain '#'. */
static void put_clean(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '#' ? ' ' : *s, f);
}

int write_ktap(json_object *root, FILE *f)
{
	json_object *checks = jget(root, "checks");
	size_t n = checks ? json_object_array_length(checks) : 0;

	fprintf(f, "KTAP version 1\n");
	fprintf(f, "# memstress run %s: scenario %s on %s\n", jstr(root, "run_id"),
		jstr(jget(root, "scenario"), "name"), jstr(jget(root, "target"), "kernel_release"));
	fprintf(f, "1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		const char *st = jstr(c, "status");
		const char *sum = jstr(c, "summary");

		if (strcmp(st, "skip") && *sum) {
			fputs("# ", f);
			put_clean(f, sum);
			fputc('\n', f);
		}
		fprintf(f, "%s %zu ", !strcmp(st, "pass") || !strcmp(st, "skip") ? "ok" : "not ok",
			i + 1);
		put_clean(f, jstr(c, "name"));
		if (!strcmp(st, "skip")) {
			fputs(" # SKIP ", f);
			put_clean(f, sum);
		} else if (!strcmp(st, "error")) {
			fputs(" # ERROR ", f);
			put_clean(f, sum);
		}
		fputc('\n', f);
	}
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * KTAP v1 view of results (Documentation/dev-tools/ktap.rst). One run: one
 * test per check, "# SKIP reason" for skipped checks, diagnostics as "# "
 * lines before the result line they explain. Several runs (report RUN...):
 * one document with a subtest per run, named after its scenario, indented
 * by four spaces as the kernel's own nested KTAP is, so that kunit.py and
 * any KTAP reader see every run's failures and count them.
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

/* A test name: no spaces either (kunit.py's names are words). */
static void put_name(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc(*s == '\n' || *s == '#' || *s == ' ' ? '_' : *s, f);
}

static void put_title(json_object *root, FILE *f, const char *ind)
{
	fprintf(f, "%s# memstress run %s: scenario %s on %s\n", ind, jstr(root, "run_id"),
		jstr(jget(root, "scenario"), "name"), jstr(jget(root, "target"), "kernel_release"));
}

/* A run's test name: its scenario, and its run id if the scenario came before. */
static void put_run_name(FILE *f, json_object *root, bool twice)
{
	put_name(f, jstr(jget(root, "scenario"), "name"));
	if (twice) {
		fputc('.', f);
		put_name(f, jstr(root, "run_id"));
	}
}

static void put_checks(json_object *root, FILE *f, const char *ind)
{
	json_object *checks = jget(root, "checks");
	size_t n = checks ? json_object_array_length(checks) : 0;

	fprintf(f, "%s1..%zu\n", ind, n);
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		const char *st = jstr(c, "status");
		const char *sum = jstr(c, "summary");

		if (strcmp(st, "skip") && *sum) {
			fprintf(f, "%s# ", ind);
			put_clean(f, sum);
			fputc('\n', f);
		}
		fprintf(f, "%s%s %zu ", ind,
			!strcmp(st, "pass") || !strcmp(st, "skip") ? "ok" : "not ok", i + 1);
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
}

int write_ktap(json_object *root, FILE *f)
{
	fprintf(f, "KTAP version 1\n");
	put_title(root, f, "");
	put_checks(root, f, "");
	return 0;
}

/* Why a skipped run was skipped: its first skipped check's reason. */
static const char *skip_reason(json_object *root)
{
	json_object *checks = jget(root, "checks");

	for (size_t i = 0; checks && i < json_object_array_length(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		if (!strcmp(jstr(c, "status"), "skip"))
			return jstr(c, "summary");
	}
	return "skipped";
}

int write_ktap_many(json_object *const *roots, size_t n, FILE *f)
{
	fprintf(f, "KTAP version 1\n1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		json_object *root = roots[i];
		const char *scenario = jstr(jget(root, "scenario"), "name");
		const char *verdict = jstr(root, "verdict");
		/* the same scenario twice: the later ones by their run id too */
		bool twice = false;
		for (size_t j = 0; j < i; j++)
			twice |= !strcmp(jstr(jget(roots[j], "scenario"), "name"), scenario);

		fprintf(f, "    KTAP version 1\n    # Subtest: ");
		put_run_name(f, root, twice);
		fputc('\n', f);
		put_title(root, f, "    ");
		put_checks(root, f, "    ");
		fprintf(f, "%s %zu ",
			!strcmp(verdict, "pass") || !strcmp(verdict, "skip") ? "ok" : "not ok",
			i + 1);
		put_run_name(f, root, twice);
		if (!strcmp(verdict, "skip")) {
			fputs(" # SKIP ", f);
			put_clean(f, skip_reason(root));
		} else if (strcmp(verdict, "pass") && strcmp(verdict, "fail")) {
			fputs(" # ERROR ", f);
			put_clean(f, *verdict ? verdict : "no verdict");
		}
		fputc('\n', f);
	}
	return 0;
}

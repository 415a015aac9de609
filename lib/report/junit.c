// SPDX-License-Identifier: GPL-2.0
/*
 * JUnit XML view of results, in the form Ant's XMLJUnitResultFormatter
 * writes and the Ant-style schemas check (ci/schemas/junit.xsd): a bare
 * <testsuites> root, one <testsuite> per run (named after its scenario, with
 * package, id, a UTC timestamp without zone or fraction, the hostname, the
 * counts and the run's wall time), one <testcase> per check with the time of
 * what the check measured, <failure>/<error>/<skipped> with the summary and
 * the evidence, the kernel events as <system-out>.
 */
#include <stdbool.h>
#include <string.h>

#include "result.h"
#include "writers.h"

static void xml_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		switch (c) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&apos;", f); break;
		default:
			/* XML 1.0 forbids most control characters, even escaped */
			if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
				fputc('?', f);
			else
				fputc(c, f);
		}
	}
}

static void attr(FILE *f, const char *name, const char *value)
{
	fprintf(f, " %s=\"", name);
	xml_escaped(f, value);
	fputc('"', f);
}

static void attr_num(FILE *f, const char *name, double v, bool integer)
{
	char num[32];

	if (integer)
		snprintf(num, sizeof(num), "%.0f", v);
	else
		snprintf(num, sizeof(num), "%.3f", v);
	attr(f, name, num);
}

static const char *problem_tag(const char *status)
{
	static const char *const map[][2] = {
		{ "fail", "failure" },
		{ "skip", "skipped" },
		{ "error", "error" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], status))
			return map[i][1];
	return "error"; /* a status this writer does not know */
}

static void put_property(FILE *f, const char *name, const char *value)
{
	fputs("      <property", f);
	attr(f, "name", name);
	attr(f, "value", value);
	fputs("/>\n", f);
}

static void put_testcase(FILE *f, json_object *c, const char *suite)
{
	const char *st = jstr(c, "status");

	fputs("    <testcase", f);
	attr(f, "name", jstr(c, "name"));
	attr(f, "classname", suite);
	attr_num(f, "time", jdouble(c, "duration_s", 0), false);
	if (!strcmp(st, "pass")) {
		fputs("/>\n", f);
		return;
	}
	const char *tag = problem_tag(st);
	json_object *ev = jget(c, "evidence");

	fprintf(f, ">\n      <%s", tag);
	attr(f, "message", jstr(c, "summary"));
	if (strcmp(st, "skip"))
		attr(f, "type", jstr(c, "name"));
	if (ev && strcmp(st, "skip")) {
		fputs(">", f);
		xml_escaped(f, json_object_to_json_string_ext(ev, JSON_C_TO_STRING_PRETTY));
		fprintf(f, "</%s>\n", tag);
	} else
		fputs("/>\n", f);
	fputs("    </testcase>\n", f);
}

static void put_suite(FILE *f, json_object *root, size_t id, bool twice)
{
	json_object *checks = jget(root, "checks"), *events = jget(root, "events");
	json_object *tg = jget(root, "target");
	size_t n = checks ? json_object_array_length(checks) : 0;
	size_t fails = 0, skips = 0, errors = 0;
	char suite[384], stamp[20] = "1970-01-01T00:00:00";

	for (size_t i = 0; i < n; i++) {
		const char *st = jstr(json_object_array_get_idx(checks, i), "status");
		fails += !strcmp(st, "fail");
		skips += !strcmp(st, "skip");
		errors += strcmp(st, "fail") && strcmp(st, "skip") && strcmp(st, "pass");
	}
	/* one suite per scenario; the same scenario again: by its run id too */
	snprintf(suite, sizeof(suite), "memstress.%s%s%s", jstr(jget(root, "scenario"), "name"),
		 twice ? "." : "", twice ? jstr(root, "run_id") : "");
	/* "started" is UTC with milliseconds and +00:00; Ant's form has neither */
	if (strlen(jstr(root, "started")) >= 19)
		memcpy(stamp, jstr(root, "started"), 19);
	fputs("  <testsuite", f);
	attr(f, "name", suite);
	attr(f, "package", "memstress");
	attr_num(f, "id", (double)id, true);
	attr(f, "timestamp", stamp);
	attr(f, "hostname", *jstr(tg, "hostname") ? jstr(tg, "hostname") : "localhost");
	attr_num(f, "tests", (double)n, true);
	attr_num(f, "failures", (double)fails, true);
	attr_num(f, "errors", (double)errors, true);
	attr_num(f, "skipped", (double)skips, true);
	attr_num(f, "time", jdouble(root, "duration_s", 0), false);
	fputs(">\n    <properties>\n", f);
	static const char *const props[][2] = {
		{ "kernel", "kernel_release" },
		{ "target", "kind" },
		{ "kernel_image", "kernel_image" },
	};
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++)
		put_property(f, props[i][0], jstr(tg, props[i][1]));
	put_property(f, "run_id", jstr(root, "run_id"));
	put_property(f, "started", jstr(root, "started"));
	put_property(f, "verdict", jstr(root, "verdict"));
	fputs("    </properties>\n", f);
	for (size_t i = 0; i < n; i++)
		put_testcase(f, json_object_array_get_idx(checks, i), suite);
	fputs("    <system-out>", f);
	for (size_t i = 0; events && i < json_object_array_length(events); i++) {
		json_object *e = json_object_array_get_idx(events, i);
		char line[512];
		snprintf(line, sizeof(line), "%+.2fs %s %s\n", jdouble(e, "run_time", 0),
			 jstr(e, "kind"), jstr(e, "title"));
		xml_escaped(f, line);
	}
	fputs("</system-out>\n    <system-err/>\n  </testsuite>\n", f);
}

int write_junit_many(json_object *const *roots, size_t n, FILE *f)
{
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n", f);
	for (size_t i = 0; i < n; i++) {
		const char *scenario = jstr(jget(roots[i], "scenario"), "name");
		bool twice = false;
		for (size_t j = 0; j < i; j++)
			twice |= !strcmp(jstr(jget(roots[j], "scenario"), "name"), scenario);
		put_suite(f, roots[i], i, twice);
	}
	fputs("</testsuites>\n", f);
	return 0;
}

int write_junit(json_object *root, FILE *f)
{
	return write_junit_many(&root, 1, f);
}

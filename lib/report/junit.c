// SPDX-License-Identifier: GPL-2.0
/*
 * JUnit XML view of a result: one <testsuite> per run, one <testcase> per
 * check, <failure>/<skipped>/<error> with the check's summary, the evidence
 * as the element text, and the kernel events as <system-out>.
 */
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

/* tests, failures, errors and skipped: the same on <testsuites> and <testsuite> */
static void attr_counts(FILE *f, size_t tests, size_t fails, size_t errors, size_t skips)
{
	const struct {
		const char *name;
		size_t v;
	} c[] = { { "tests", tests },
		  { "failures", fails },
		  { "errors", errors },
		  { "skipped", skips } };
	char num[32];

	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		snprintf(num, sizeof(num), "%zu", c[i].v);
		attr(f, c[i].name, num);
	}
}

int write_junit(json_object *root, FILE *f)
{
	json_object *checks = jget(root, "checks"), *events = jget(root, "events");
	json_object *sc = jget(root, "scenario"), *tg = jget(root, "target");
	size_t n = checks ? json_object_array_length(checks) : 0;
	size_t fails = 0, skips = 0, errors = 0;
	char suite[256], num[32];

	for (size_t i = 0; i < n; i++) {
		const char *st = jstr(json_object_array_get_idx(checks, i), "status");
		fails += !strcmp(st, "fail");
		skips += !strcmp(st, "skip");
		errors += !strcmp(st, "error");
	}
	snprintf(suite, sizeof(suite), "memstress.%s", jstr(sc, "name"));
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", f);
	attr(f, "name", "memstress");
	attr_counts(f, n, fails, errors, skips);
	fputs(">\n  <testsuite", f);
	attr(f, "name", suite);
	attr_counts(f, n, fails, errors, skips);
	snprintf(num, sizeof(num), "%.3f", jdouble(root, "duration_s", 0));
	attr(f, "time", num);
	if (*jstr(root, "started")) /* an ISO 8601 time or nothing */
		attr(f, "timestamp", jstr(root, "started"));
	if (*jstr(tg, "hostname"))
		attr(f, "hostname", jstr(tg, "hostname"));
	fputs(">\n    <properties>\n", f);
	static const char *const props[][2] = {
		{ "kernel", "kernel_release" },
		{ "target", "kind" },
		{ "kernel_image", "kernel_image" },
	};
	for (size_t i = 0; i < sizeof(props) / sizeof(props[0]); i++) {
		fputs("      <property", f);
		attr(f, "name", props[i][0]);
		attr(f, "value", jstr(tg, props[i][1]));
		fputs("/>\n", f);
	}
	fputs("      <property", f);
	attr(f, "name", "run_id");
	attr(f, "value", jstr(root, "run_id"));
	fputs("/>\n    </properties>\n", f);
	for (size_t i = 0; i < n; i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		const char *st = jstr(c, "status");

		fputs("    <testcase", f);
		attr(f, "classname", suite);
		attr(f, "name", jstr(c, "name"));
		attr(f, "time", "0");
		if (!strcmp(st, "pass")) {
			fputs("/>\n", f);
			continue;
		}
		fputs(">\n      <", f);
		const char *tag = !strcmp(st, "fail") ? "failure" :
				  !strcmp(st, "skip") ? "skipped" :
							"error";
		fputs(tag, f);
		attr(f, "message", jstr(c, "summary"));
		json_object *ev = jget(c, "evidence");
		if (ev && strcmp(st, "skip")) {
			fputs(">", f);
			xml_escaped(f, json_object_to_json_string_ext(ev, JSON_C_TO_STRING_PRETTY));
			fprintf(f, "</%s>\n", tag);
		} else
			fputs("/>\n", f);
		fputs("    </testcase>\n", f);
	}
	fputs("    <system-out>", f);
	for (size_t i = 0; events && i < json_object_array_length(events); i++) {
		json_object *e = json_object_array_get_idx(events, i);
		char line[512];
		snprintf(line, sizeof(line), "%+.2fs %s %s\n", jdouble(e, "run_time", 0),
			 jstr(e, "kind"), jstr(e, "title"));
		xml_escaped(f, line);
	}
	fputs("</system-out>\n  </testsuite>\n</testsuites>\n", f);
	return 0;
}

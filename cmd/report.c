// SPDX-License-Identifier: GPL-2.0
/*
 * memstress report: show a run from its result.json, and regenerate the
 * views (KTAP, JUnit, KCIDB) from it — result.json is the canonical record.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/scope.h"
#include "core/exitcode.h"
#include "core/undo.h"
#include "core/log.h"
#include "report/html.h"
#include "report/result.h"
#include "report/writers.h"

static const char usage[] =
	"usage: memstress report [options] RUN...\n"
	"\n"
	"Show runs (run directories holding a result.json) and write their KTAP,\n"
	"JUnit and KCIDB files again from result.json.\n"
	"\n"
	"  -f, --format NAME   print this view: text (default), ktap, junit, kcidb, json,\n"
	"                      upstream (a failed run as a report for the kernel's\n"
	"                      lists, in syzbot's shape), lava (a line per check:\n"
	"                      name, result, figure, units, reason; what\n"
	"                      ci/lava/run-memstress sends); several runs in KTAP are\n"
	"                      one document, a subtest each, and in JUnit one\n"
	"                      document, a testsuite each\n"
	"      --html          also write report.html in the run directory: plots of\n"
	"                      memory, PSI, events and throughput over time (gnuplot),\n"
	"                      the checks, the kernel events with their stacks\n"
	"      --no-write      do not rewrite the files in the run directory\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: the run's own (0 pass, 1 fail, 3 error, 4 skipped); for several\n"
	"runs the worst; 2 when a run cannot be read.\n";

int cmd_report(int argc, char **argv)
{
	static const struct option opts[] = { { "format", required_argument, NULL, 'f' },
					      { "no-write", no_argument, NULL, 'N' },
					      { "html", no_argument, NULL, 'H' },
					      { "help", no_argument, NULL, 'h' },
					      { 0 } };
	const char *format = "text";
	bool write = true, html = false;
	int c, code = EXIT_PASS;

	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) >= 0) {
		switch (c) {
		case 'f': format = optarg; break;
		case 'N': write = false; break;
		case 'H': html = true; break;
		case 'h': return usage_print(usage);
		default: return usage_error("report", "unknown option");
		}
	}
	const struct result_writer *w = strcmp(format, "json") ? result_writer_find(format) : NULL;
	if (!w && strcmp(format, "json"))
		return usage_error(
			"report",
			"unknown format '%s' (text, ktap, junit, kcidb, json, upstream, lava)",
			format);
	if (optind >= argc)
		return usage_error("report", "which run? give a run directory");
	/* several runs in a format that has one document for them all */
	bool together = w && w->write_many && argc - optind > 1;
	_cleanup_free_ json_object **roots =
		together ? calloc((size_t)(argc - optind), sizeof(*roots)) : NULL;
	size_t n_roots = 0;
	if (together && !roots) {
		log_error("out of memory");
		return EXIT_HARNESS;
	}
	for (int i = optind; i < argc; i++) {
		struct result *r = NULL;
		_cleanup_free_ char *err = NULL;
		if (result_load(argv[i], &r, &err) < 0) {
			log_error("%s", err ? err : "cannot load the run");
			code = EXIT_USAGE;
			continue;
		}
		if (!strcmp(jstr(r->root, "status"), "running")) {
			/* a run still going, or one killed before it finished */
			json_object *h = jget(r->root, "harness");
			if (proc_alive((pid_t)jint(h, "pid", -1),
				       (unsigned long long)jint(h, "start_ticks", -1),
				       jget(h, "boot_id") ? jstr(h, "boot_id") : NULL))
				json_object_object_add(r->root, "still_running",
						       json_object_new_boolean(true));
			write = false; /* the run's own views are its business */
		}
		if (together)
			roots[n_roots++] = json_object_get(r->root);
		else if (!w)
			puts(json_object_to_json_string_ext(
				r->root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
		else if (w->write(r->root, stdout) == -ENOMSG) {
			/* a view of failed runs only (upstream): nothing written */
			log_error("%s: the run's verdict is %s; the %s view is of a failed run",
				  argv[i],
				  jstr(r->root, "verdict")[0] ? jstr(r->root, "verdict") :
								jstr(r->root, "status"),
				  w->name);
			code = EXIT_USAGE;
			result_free(r);
			continue;
		}
		if (write) {
			int k = result_write_views(r);
			if (k < 0)
				log_warning("cannot rewrite the views in '%s': %s", argv[i],
					    strerror(-k));
		}
		int rc = result_exit_code(r);
		if (html) {
			char out[4300];
			int k = report_html(argv[i], r->root, out, sizeof(out));
			if (k < 0) {
				log_error("cannot write %s/report.html: %s", argv[i], strerror(-k));
				rc = EXIT_HARNESS;
			} else
				fprintf(stderr, "memstress: wrote %s\n", out);
		}
		code = i == optind ? rc : exit_code_worst(code, rc);
		result_free(r);
	}
	if (together) {
		w->write_many(roots, n_roots, stdout);
		for (size_t i = 0; i < n_roots; i++)
			json_object_put(roots[i]);
	}
	return code;
}

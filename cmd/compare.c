// SPDX-License-Identifier: GPL-2.0
/*
 * memstress compare: two runs, or two directories of repeated runs, side by
 * side per scenario and metric; exit 1 when a metric got worse beyond its
 * threshold. Named baselines live under RESULTS/baselines/NAME.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/scope.h"
#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/log.h"
#include "report/compare.h"
#include "report/writers.h"

static const char usage[] =
	"usage: memstress compare [options] BASE NEW\n"
	"       memstress compare [options] --baseline NAME NEW\n"
	"       memstress compare --save-baseline NAME RUN...\n"
	"\n"
	"Compare two runs, or two directories of repeated runs (run directories are\n"
	"found up to three levels down), scenario by scenario: for each metric the\n"
	"median and the spread (min..max) of each side, the change, and a verdict\n"
	"against the metric's threshold in the direction that is worse. Exit 1 when\n"
	"any metric regressed.\n"
	"\n"
	"  -b, --baseline NAME       compare against the baseline saved as NAME\n"
	"  -s, --save-baseline NAME  save the runs given as baseline NAME (replaces it)\n"
	"  -r, --results DIR         where baselines are kept: DIR/baselines (default: results)\n"
	"  -t, --threshold M=P%[,A]  a metric is worse beyond P percent of the base median\n"
	"                            and at least A in absolute terms (repeatable)\n"
	"  -j, --json                print the comparison as JSON\n"
	"      --metrics             list the metrics and their default thresholds\n"
	"  -h, --help                show this help\n"
	"\n"
	"Exit status: 0 no regression, 1 a regression, 2 bad arguments or no runs.\n";

static int list_metrics(void)
{
	printf("%-16s %-6s %-7s %-10s %s\n", "metric", "unit", "worse", "threshold", "what");
	for (unsigned i = 0; i < n_metric_defs; i++) {
		const struct metric_def *m = &metric_defs[i];
		char th[40];
		if (m->worse == WORSE_NONE)
			snprintf(th, sizeof(th), "-");
		else
			snprintf(th, sizeof(th), "%g%%,%g", m->rel * 100, m->abs);
		printf("%-16s %-6s %-7s %-10s %s\n", m->name, m->unit,
		       m->worse == WORSE_UP   ? "up" :
		       m->worse == WORSE_DOWN ? "down" :
						"never",
		       th, m->what);
	}
	return EXIT_PASS;
}

static bool name_ok(const char *n)
{
	if (!*n || *n == '.' || strlen(n) > 128)
		return false;
	for (const char *p = n; *p; p++)
		if (!(strchr("-_.+", *p) || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* Copy each run's result.json into DIR/baselines/NAME/<run-id>/, replacing the old baseline. */
static int save_baseline(const char *root, const char *name, char **paths, int n)
{
	_cleanup_free_ char *dir = NULL, *tmp = NULL;
	size_t saved = 0;
	int k;

	if (asprintf(&dir, "%s/baselines/%s", root, name) < 0 ||
	    asprintf(&tmp, "%s/baselines/.%s.new", root, name) < 0)
		return EXIT_HARNESS;
	(void)rm_rf(tmp);
	for (int i = 0; i < n; i++) {
		struct run_set set;
		_cleanup_free_ char *err = NULL;
		if (run_set_load(paths[i], &set, &err) < 0) {
			log_error("%s", err);
			(void)rm_rf(tmp);
			return EXIT_USAGE;
		}
		for (size_t j = 0; j < set.n; j++) {
			char src[4200], dst[4400];
			snprintf(dst, sizeof(dst), "%s/%s", tmp, jstr(set.runs[j], "run_id"));
			snprintf(src, sizeof(src), "%s/result.json", set.dirs[j]);
			if ((k = mkdir_p(dst, 0755)) < 0 ||
			    (snprintf(dst + strlen(dst), sizeof(dst) - strlen(dst), "/result.json"),
			     k = copy_file(src, dst)) < 0) {
				log_error("cannot save %s into %s: %s", src, tmp, strerror(-k));
				run_set_release(&set);
				(void)rm_rf(tmp);
				return EXIT_HARNESS;
			}
			saved++;
		}
		run_set_release(&set);
	}
	(void)rm_rf(dir);
	if (rename(tmp, dir) < 0) {
		log_error("cannot rename %s to %s: %m", tmp, dir);
		(void)rm_rf(tmp);
		return EXIT_HARNESS;
	}
	printf("baseline %s: %zu run(s) saved in %s\n", name, saved, dir);
	return EXIT_PASS;
}

int cmd_compare(int argc, char **argv)
{
	static const struct option opts[] = { { "baseline", required_argument, NULL, 'b' },
					      { "save-baseline", required_argument, NULL, 's' },
					      { "results", required_argument, NULL, 'r' },
					      { "threshold", required_argument, NULL, 't' },
					      { "json", no_argument, NULL, 'j' },
					      { "metrics", no_argument, NULL, 'M' },
					      { "help", no_argument, NULL, 'h' },
					      { 0 } };
	struct metric_def table[64];
	const char *baseline = NULL, *save = NULL, *root = "results";
	_cleanup_free_ char *base_path = NULL;
	bool json = false;
	char err[256];
	int c;

	memcpy(table, metric_defs, n_metric_defs * sizeof(table[0]));
	while ((c = getopt_long(argc, argv, "b:s:r:t:jh", opts, NULL)) >= 0) {
		switch (c) {
		case 'b': baseline = optarg; break;
		case 's': save = optarg; break;
		case 'r': root = optarg; break;
		case 't':
			if (metric_threshold_parse(optarg, table, n_metric_defs, err, sizeof(err)) <
			    0)
				return usage_error("compare", "%s", err);
			break;
		case 'j': json = true; break;
		case 'M': return list_metrics();
		case 'h': return usage_print(usage);
		default: return usage_error("compare", "unknown option");
		}
	}
	int npos = argc - optind;
	if (save) {
		if (!name_ok(save))
			return usage_error("compare",
					   "baseline name '%s': use letters, digits and -_.+",
					   save);
		if (npos < 1)
			return usage_error("compare",
					   "--save-baseline %s: which runs? give run directories",
					   save);
		return save_baseline(root, save, argv + optind, npos);
	}
	if (baseline) {
		if (!name_ok(baseline))
			return usage_error("compare",
					   "baseline name '%s': use letters, digits and -_.+",
					   baseline);
		if (npos != 1)
			return usage_error("compare",
					   "with --baseline, give one NEW run or directory");
		if (asprintf(&base_path, "%s/baselines/%s", root, baseline) < 0)
			return EXIT_HARNESS;
		if (!path_exists(base_path)) {
			log_error(
				"no baseline '%s' in %s/baselines (save one with --save-baseline %s RUN...)",
				baseline, root, baseline);
			return EXIT_USAGE;
		}
	} else if (npos != 2)
		return usage_error("compare", "give BASE and NEW (runs or directories of runs)");

	struct run_set b, n;
	_cleanup_free_ char *e1 = NULL, *e2 = NULL;
	if (run_set_load(base_path ? base_path : argv[optind], &b, &e1) < 0) {
		log_error("%s", e1);
		return EXIT_USAGE;
	}
	if (run_set_load(argv[argc - 1], &n, &e2) < 0) {
		log_error("%s", e2);
		run_set_release(&b);
		return EXIT_USAGE;
	}
	struct compare_opts o = { .metrics = table, .n_metrics = n_metric_defs };
	unsigned regressions;
	json_object *doc = compare_sets(&b, &n, &o, &regressions);
	int code = regressions ? EXIT_FAIL : EXIT_PASS;
	bool common = false;
	json_object *scs = jget(doc, "scenarios");
	for (size_t i = 0; i < json_object_array_length(scs); i++) {
		json_object *sc = json_object_array_get_idx(scs, i);
		common |= jint(sc, "base_runs", 0) && jint(sc, "new_runs", 0);
	}
	if (json)
		puts(json_object_to_json_string_ext(doc, JSON_C_TO_STRING_PRETTY |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
	else
		compare_print(doc, stdout, fd_use_color(STDOUT_FILENO));
	if (!common) {
		log_error("no scenario ran on both sides: nothing to compare");
		code = EXIT_USAGE;
	}
	json_object_put(doc);
	run_set_release(&b);
	run_set_release(&n);
	return code;
}

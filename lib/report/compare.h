/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Comparing two sets of runs (one run each, or directories of repeated runs):
 * per scenario and metric the median and spread of each side, the change,
 * and whether it crosses the metric's threshold in its worse direction.
 */
#ifndef MEMSTRESS_REPORT_COMPARE_H
#define MEMSTRESS_REPORT_COMPARE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "metrics.h"

struct run_set {
	const char *path;
	json_object **runs; /* result.json roots */
	char **dirs;	    /* their run directories */
	size_t n;
	size_t skipped; /* unreadable or still-running results */
};

/* Load a run directory, or every run below a directory (3 levels deep at most). */
int run_set_load(const char *path, struct run_set *set, char **err);
void run_set_release(struct run_set *set);

struct stat_summary {
	size_t n;
	double median, min, max;
};

enum cmp_status { CMP_SAME, CMP_BETTER, CMP_WORSE, CMP_CHANGED, CMP_ONE_SIDED };

struct compare_opts {
	const struct metric_def *metrics; /* table, possibly with overridden thresholds */
	unsigned n_metrics;
};

/*
 * Compare base with new; returns a JSON document (see results/README.md) and
 * sets *regressions to the number of metrics that got worse beyond their
 * threshold.
 */
json_object *compare_sets(const struct run_set *base, const struct run_set *new,
			  const struct compare_opts *o, unsigned *regressions);
void compare_print(json_object *cmp, FILE *f, bool color);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The numbers `memstress compare` (and the nightly summary) put side by side:
 * one table of metrics, each with how to read it out of result.json, which
 * direction is worse, and the default threshold beyond which a change is a
 * regression.
 */
#ifndef MEMSTRESS_REPORT_METRICS_H
#define MEMSTRESS_REPORT_METRICS_H

#include <json-c/json.h>
#include <stdbool.h>

enum metric_worse {
	WORSE_UP,   /* more is worse: OOM kills, stalls, failures */
	WORSE_DOWN, /* less is worse: pass rate, throughput */
	WORSE_NONE, /* reported, never a regression by itself */
};

struct metric_def {
	const char *name;
	const char *unit;
	const char *what;
	enum metric_worse worse;
	double rel; /* relative threshold (0.25: 25% worse) */
	double abs; /* and at least this much worse in absolute terms */
	bool mean;  /* summarise by the mean (a rate over runs), not the median */
	/* false when the run has no such number (the scenario does not measure it) */
	bool (*get)(json_object *root, double *v);
};

extern const struct metric_def metric_defs[];
extern const unsigned n_metric_defs;
const struct metric_def *metric_find(const char *name);

/* Parse "--threshold NAME=REL%[,ABS]" into a copy of the table entry. */
int metric_threshold_parse(const char *arg, struct metric_def *table, unsigned n, char *err,
			   size_t errlen);

#endif

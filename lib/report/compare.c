// SPDX-License-Identifier: GPL-2.0
/*
 * memstress compare's model: load two sets of runs, group them by scenario,
 * summarise every metric (median, min, max) and judge the change against the
 * metric's threshold in the direction that is worse. The text table is a
 * view of the same JSON document --json prints.
 */
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "compare.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/strv.h"
#include "result.h"
#include "writers.h"

static int add_run(struct run_set *s, const char *dir)
{
	struct result *r = NULL;
	_cleanup_free_ char *err = NULL;

	if (result_load(dir, &r, &err) < 0 || !strcmp(jstr(r->root, "status"), "running")) {
		s->skipped++;
		result_free(r);
		return 0;
	}
	json_object **runs = realloc(s->runs, (s->n + 1) * sizeof(*runs));
	char **dirs = realloc(s->dirs, (s->n + 1) * sizeof(*dirs));
	if (runs)
		s->runs = runs;
	if (dirs)
		s->dirs = dirs;
	if (!runs || !dirs) {
		result_free(r);
		return -ENOMEM;
	}
	s->runs[s->n] = json_object_get(r->root);
	s->dirs[s->n] = strdup(dir);
	s->n++;
	result_free(r);
	return 0;
}

static int walk(struct run_set *s, const char *dir, int depth)
{
	char p[4200];
	struct dirent **names;
	int n, k = 0;

	snprintf(p, sizeof(p), "%s/result.json", dir);
	if (path_exists(p))
		return add_run(s, dir);
	if (depth == 0)
		return 0;
	n = scandir(dir, &names, NULL, alphasort);
	if (n < 0)
		return -errno;
	for (int i = 0; i < n; i++) {
		struct stat st;
		snprintf(p, sizeof(p), "%s/%s", dir, names[i]->d_name);
		if (names[i]->d_name[0] != '.' && k >= 0 && stat(p, &st) == 0 &&
		    S_ISDIR(st.st_mode))
			k = walk(s, p, depth - 1);
		free(names[i]);
	}
	free(names);
	return k;
}

int run_set_load(const char *path, struct run_set *set, char **err)
{
	struct stat st;
	int k;

	*set = (struct run_set){ .path = path };
	if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode)) {
		(void)!asprintf(err, "%s: %s", path,
				stat(path, &st) < 0 ? strerror(errno) : "not a directory");
		return -ENOENT;
	}
	k = walk(set, path, 3);
	if (k < 0) {
		(void)!asprintf(err, "%s: %s", path, strerror(-k));
		return k;
	}
	if (set->n == 0) {
		(void)!asprintf(err, "%s: no finished run (a directory with a result.json) in it%s",
				path, set->skipped ? " (only unreadable or unfinished ones)" : "");
		return -ENOENT;
	}
	return 0;
}

void run_set_release(struct run_set *set)
{
	for (size_t i = 0; i < set->n; i++) {
		json_object_put(set->runs[i]);
		free(set->dirs[i]);
	}
	free(set->runs);
	free(set->dirs);
}

/* --- statistics ----------------------------------------------------------------- */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static struct stat_summary summarise(double *v, size_t n, bool mean)
{
	struct stat_summary s = { .n = n };
	double sum = 0;

	if (!n)
		return s;
	qsort(v, n, sizeof(*v), cmp_double);
	s.min = v[0];
	s.max = v[n - 1];
	s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
	if (mean) {
		for (size_t i = 0; i < n; i++)
			sum += v[i];
		s.median = sum / (double)n;
	}
	return s;
}

static json_object *summary_json(const struct stat_summary *s, const double *v)
{
	json_object *o = json_object_new_object(), *vals = json_object_new_array();

	json_object_object_add(o, "n", json_object_new_int((int)s->n));
	if (s->n) {
		json_object_object_add(o, "median", json_object_new_double(s->median));
		json_object_object_add(o, "min", json_object_new_double(s->min));
		json_object_object_add(o, "max", json_object_new_double(s->max));
	}
	for (size_t i = 0; i < s->n; i++)
		json_object_array_add(vals, json_object_new_double(v[i]));
	json_object_object_add(o, "values", vals);
	return o;
}

static const char *const status_names[] = {
	[CMP_SAME] = "same",	   [CMP_BETTER] = "better",	  [CMP_WORSE] = "regression",
	[CMP_CHANGED] = "changed", [CMP_ONE_SIDED] = "one-sided",
};

static enum cmp_status judge(const struct metric_def *m, const struct stat_summary *b,
			     const struct stat_summary *n, double *threshold)
{
	*threshold = fmax(m->rel * fabs(b->median), m->abs);
	if (!b->n || !n->n)
		return CMP_ONE_SIDED;
	double delta = n->median - b->median;
	if (m->worse == WORSE_NONE)
		return delta == 0 ? CMP_SAME : CMP_CHANGED;
	double worse = m->worse == WORSE_UP ? delta : -delta;
	if (worse > 0 && worse >= *threshold)
		return CMP_WORSE;
	if (worse < 0 && -worse >= *threshold)
		return CMP_BETTER;
	return CMP_SAME;
}

static size_t values(const struct run_set *s, const char *scenario, const struct metric_def *m,
		     double *out)
{
	size_t k = 0;

	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(jstr(jget(s->runs[i], "scenario"), "name"), scenario) &&
		    m->get(s->runs[i], &out[k]))
			k++;
	return k;
}

static size_t count_runs(const struct run_set *s, const char *scenario)
{
	size_t k = 0;

	for (size_t i = 0; i < s->n; i++)
		k += !strcmp(jstr(jget(s->runs[i], "scenario"), "name"), scenario);
	return k;
}

static void add_names(char ***names, const struct run_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const char *n = jstr(jget(s->runs[i], "scenario"), "name");
		if (!strv_contains(*names, n))
			(void)strv_extend(names, n);
	}
}

static json_object *set_json(const struct run_set *s)
{
	json_object *o = json_object_new_object(), *k = json_object_new_array();

	json_object_object_add(o, "path", json_object_new_string(s->path));
	json_object_object_add(o, "runs", json_object_new_int((int)s->n));
	for (size_t i = 0; i < s->n; i++) {
		const char *rel = jstr(jget(s->runs[i], "target"), "kernel_release");
		bool seen = false;
		for (size_t j = 0; j < json_object_array_length(k); j++)
			seen |= !strcmp(json_object_get_string(json_object_array_get_idx(k, j)),
					rel);
		if (!seen)
			json_object_array_add(k, json_object_new_string(rel));
	}
	json_object_object_add(o, "kernels", k);
	if (s->skipped)
		json_object_object_add(o, "unfinished_skipped",
				       json_object_new_int((int)s->skipped));
	return o;
}

json_object *compare_sets(const struct run_set *base, const struct run_set *new,
			  const struct compare_opts *o, unsigned *regressions)
{
	json_object *doc = json_object_new_object(), *scs = json_object_new_array();
	_cleanup_strv_free_ char **names = NULL;
	size_t cap = base->n > new->n ? base->n : new->n;
	double *bv = calloc(cap + 1, sizeof(double)), *nv = calloc(cap + 1, sizeof(double));

	*regressions = 0;
	json_object_object_add(doc, "base", set_json(base));
	json_object_object_add(doc, "new", set_json(new));
	add_names(&names, base);
	add_names(&names, new);
	STRV_FOREACH(name, names) {
		json_object *sc = json_object_new_object(), *ms = json_object_new_array();
		unsigned worse = 0;

		json_object_object_add(sc, "scenario", json_object_new_string(*name));
		json_object_object_add(sc, "base_runs",
				       json_object_new_int((int)count_runs(base, *name)));
		json_object_object_add(sc, "new_runs",
				       json_object_new_int((int)count_runs(new, *name)));
		for (unsigned i = 0; bv && nv && i < o->n_metrics; i++) {
			const struct metric_def *m = &o->metrics[i];
			size_t nb = values(base, *name, m, bv), nn = values(new, *name, m, nv);
			if (!nb && !nn)
				continue;
			struct stat_summary sb = summarise(bv, nb, m->mean),
					    sn = summarise(nv, nn, m->mean);
			double threshold;
			enum cmp_status st = judge(m, &sb, &sn, &threshold);
			json_object *mj = json_object_new_object();
			json_object_object_add(mj, "metric", json_object_new_string(m->name));
			json_object_object_add(mj, "unit", json_object_new_string(m->unit));
			json_object_object_add(mj, "what", json_object_new_string(m->what));
			json_object_object_add(mj, "summary",
					       json_object_new_string(m->mean ? "mean" : "median"));
			json_object_object_add(mj, "base", summary_json(&sb, bv));
			json_object_object_add(mj, "new", summary_json(&sn, nv));
			if (sb.n && sn.n)
				json_object_object_add(
					mj, "change",
					json_object_new_double(sn.median - sb.median));
			json_object_object_add(
				mj, "worse_when",
				json_object_new_string(m->worse == WORSE_UP   ? "up" :
						       m->worse == WORSE_DOWN ? "down" :
										"never"));
			json_object_object_add(mj, "threshold", json_object_new_double(threshold));
			json_object_object_add(mj, "status",
					       json_object_new_string(status_names[st]));
			json_object_array_add(ms, mj);
			worse += st == CMP_WORSE;
		}
		json_object_object_add(sc, "metrics", ms);
		json_object_object_add(sc, "regressions", json_object_new_int((int)worse));
		json_object_array_add(scs, sc);
		*regressions += worse;
	}
	json_object_object_add(doc, "scenarios", scs);
	json_object_object_add(doc, "regressions", json_object_new_int((int)*regressions));
	free(bv);
	free(nv);
	return doc;
}

/* --- the text view ------------------------------------------------------------------ */

static void fmt_num(char *buf, size_t len, double v)
{
	if (v == floor(v) && fabs(v) < 1e9)
		snprintf(buf, len, "%.0f", v);
	else if (fabs(v) >= 100)
		snprintf(buf, len, "%.0f", v);
	else
		snprintf(buf, len, "%.2f", v);
}

static void fmt_side(char *buf, size_t len, json_object *m, json_object *s)
{
	char med[32], lo[32], hi[32];

	if (!jint(s, "n", 0)) {
		snprintf(buf, len, "-");
		return;
	}
	fmt_num(med, sizeof(med), jdouble(s, "median", 0));
	fmt_num(lo, sizeof(lo), jdouble(s, "min", 0));
	fmt_num(hi, sizeof(hi), jdouble(s, "max", 0));
	if (!strcmp(jstr(m, "summary"), "mean"))
		snprintf(buf, len, "%.0f%% (%.0f/%lld runs)", jdouble(s, "median", 0),
			 jdouble(s, "median", 0) * (double)jint(s, "n", 0) / 100.0,
			 jint(s, "n", 0));
	else if (jint(s, "n", 0) == 1 || !strcmp(lo, hi))
		snprintf(buf, len, "%s (n=%lld)", med, jint(s, "n", 0));
	else
		snprintf(buf, len, "%s [%s..%s] (n=%lld)", med, lo, hi, jint(s, "n", 0));
}

void compare_print(json_object *cmp, FILE *f, bool color)
{
	json_object *scs = jget(cmp, "scenarios");
	const char *red = color ? "\033[1;31m" : "", *green = color ? "\033[32m" : "",
		   *off = color ? "\033[0m" : "";

	fprintf(f, "base: %s (%lld runs)\nnew:  %s (%lld runs)\n", jstr(jget(cmp, "base"), "path"),
		jint(jget(cmp, "base"), "runs", 0), jstr(jget(cmp, "new"), "path"),
		jint(jget(cmp, "new"), "runs", 0));
	for (size_t i = 0; i < json_object_array_length(scs); i++) {
		json_object *sc = json_object_array_get_idx(scs, i), *ms = jget(sc, "metrics");
		fprintf(f, "\nscenario %s (base %lld runs, new %lld runs)\n", jstr(sc, "scenario"),
			jint(sc, "base_runs", 0), jint(sc, "new_runs", 0));
		if (!jint(sc, "base_runs", 0) || !jint(sc, "new_runs", 0)) {
			fprintf(f, "  only in %s: not compared\n",
				jint(sc, "base_runs", 0) ? "base" : "new");
			continue;
		}
		fprintf(f, "  %-16s %-28s %-28s %10s  %s\n", "metric", "base: median [min..max]",
			"new: median [min..max]", "change", "verdict");
		for (size_t j = 0; j < json_object_array_length(ms); j++) {
			json_object *m = json_object_array_get_idx(ms, j);
			char b[64], n[64], ch[32] = "", th[32];
			const char *st = jstr(m, "status");
			fmt_side(b, sizeof(b), m, jget(m, "base"));
			fmt_side(n, sizeof(n), m, jget(m, "new"));
			if (jget(m, "change")) {
				fmt_num(ch, sizeof(ch) - 1, jdouble(m, "change", 0));
				if (jdouble(m, "change", 0) > 0)
					memmove(ch + 1, ch, strlen(ch) + 1), ch[0] = '+';
			}
			fmt_num(th, sizeof(th), jdouble(m, "threshold", 0));
			bool bad = !strcmp(st, "regression");
			fprintf(f, "  %-16s %-28s %-28s %10s  %s%s%s", jstr(m, "metric"), b, n, ch,
				bad		      ? red :
				!strcmp(st, "better") ? green :
							"",
				bad ? "REGRESSION" : st, off);
			if (bad || !strcmp(st, "better"))
				fprintf(f, " (threshold %s%s)", th, jstr(m, "unit"));
			fputc('\n', f);
		}
	}
	long long reg = jint(cmp, "regressions", 0);
	fprintf(f, "\n%s%lld regression(s)%s\n", reg ? red : "", reg, off);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * report.html's plots: SVG drawn by gnuplot from the run's series and
 * events, inlined. Memory against the limit (per cgroup, named as the run
 * named them), reclaim (/proc/vmstat and the cgroup's memory.stat, as
 * rates), memory pressure (the system's PSI and, on cgroup v2, the
 * scenario's cgroup's), the kernel events on a timeline, and the built-in
 * engines' throughput, one plot per engine in its own unit.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "html.h"
#include "oracle/oracle.h"
#include "writers.h"

/* A string safe inside a gnuplot double-quoted string. */
static void gp_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', f);
		fputc(*s == '\n' ? ' ' : *s, f);
	}
	fputc('"', f);
}

static size_t arr_len(json_object *a)
{
	return a && json_object_is_type(a, json_type_array) ? json_object_array_length(a) : 0;
}

/* --- series ------------------------------------------------------------------ */

struct row {
	double t;
	char name[128];
	double v[10];
};

struct series {
	struct row *rows;
	size_t n;
	char **names; /* distinct names, in order of appearance */
};

/* Read a TSV written by the runner: t_ms, a name, then numbers. */
static int series_load(const char *path, unsigned extra_key_cols, struct series *s)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	char line[1024];

	*s = (struct series){ 0 };
	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f))
		/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
		return 0;
	while (fgets(line, sizeof(line), f)) {
		struct row r = { 0 };
		char *save = NULL, *tok = strtok_r(line, "\t\n", &save);
		if (!tok)
			continue;
		r.t = strtod(tok, NULL) / 1000.0;
		tok = strtok_r(NULL, "\t\n", &save);
		if (!tok)
			continue;
		snprintf(r.name, sizeof(r.name), "%s", tok);
		for (unsigned k = 0; k < extra_key_cols && (tok = strtok_r(NULL, "\t\n", &save));
		     k++)
			snprintf(r.name + strlen(r.name), sizeof(r.name) - strlen(r.name), ".%s",
				 tok);
		for (unsigned k = 0; k < 10 && (tok = strtok_r(NULL, "\t\n", &save)); k++)
			r.v[k] = strtod(tok, NULL);
		struct row *n = realloc(s->rows, (s->n + 1) * sizeof(*n));
		if (!n)
			return -ENOMEM;
		s->rows = n;
		s->rows[s->n++] = r;
		if (!strv_contains(s->names, r.name))
			strv_extend(&s->names, r.name);
	}
	return 0;
}

static void series_free(struct series *s)
{
	free(s->rows);
	strv_free(s->names);
}

/* memory.tsv columns after t_ms and cgroup */
/* clang-format off */
enum { M_CURRENT, M_LIMIT, M_HIGH, M_MAX, M_OOM, M_OOM_KILL, M_PSI_SOME, M_PSI_FULL, M_ANON,
       M_FILE };
/* clang-format on */

/* --- gnuplot ----------------------------------------------------------------- */

struct plot {
	FILE *f; /* the script being written */
	char script[64], svg[64];
};

static double plot_xmax = 0; /* every plot spans the whole run */

static int plot_begin(struct plot *p, const char *title, const char *ylabel)
{
	int fd;

	snprintf(p->script, sizeof(p->script), "/tmp/memstress-plot.XXXXXX");
	snprintf(p->svg, sizeof(p->svg), "/tmp/memstress-svg.XXXXXX");
	if ((fd = mkstemp(p->svg)) < 0)
		return -errno;
	close(fd);
	if ((fd = mkstemp(p->script)) < 0 || !(p->f = fdopen(fd, "w"))) {
		unlink(p->svg);
		return -errno;
	}
	fprintf(p->f,
		"set terminal svg size 960,300 dynamic font 'sans,11' background rgb 'white'\n");
	fprintf(p->f, "set output ");
	gp_str(p->f, p->svg);
	fprintf(p->f, "\nset title ");
	gp_str(p->f, title);
	fprintf(p->f, "\nset xlabel 'seconds since the run started'\nset ylabel ");
	gp_str(p->f, ylabel);
	fprintf(p->f, "\nset grid\nset key outside right top\nset border 3\nset tics nomirror\n");
	if (plot_xmax > 0)
		fprintf(p->f, "set xrange [0:%.1f]\n", plot_xmax);
	return 0;
}

/* Run gnuplot on the script; append the SVG (without its XML prolog) to out. */
static int plot_end(struct plot *p, FILE *out, const char *id)
{
	_cleanup_free_ char *msg = NULL, *svg = NULL;
	int status, k;

	fclose(p->f);
	char *argv[] = { "gnuplot", p->script, NULL };
	k = run_capture(argv, &msg, &status);
	if (k == 0 && (!WIFEXITED(status) || WEXITSTATUS(status)))
		k = -EIO;
	if (k == 0)
		k = read_full_file(p->svg, 16 << 20, &svg, NULL);
	unlink(p->script);
	unlink(p->svg);
	if (k < 0) {
		fprintf(out, "<p class=\"note\">plot %s: gnuplot failed: ", id);
		html_esc(out, msg && *msg ? msg : strerror(-k));
		fputs("</p>\n", out);
		return k;
	}
	const char *start = strstr(svg, "<svg");
	fprintf(out, "<figure id=\"plot-%s\" class=\"plot\">%s</figure>\n", id, start ? start : "");
	return 0;
}

/* Which events a row of markers shows: kinds (1 << enum ev_kind), and the
 * filesystem shutdowns memstress ordered (ORDERED) apart from other fs errors. */
#define K(k) (1u << (k))
#define ORDERED (1u << 31)

/* Markers: the run times of events of some kinds. */
static size_t event_times(json_object *root, unsigned kinds, double *t, size_t max)
{
	json_object *ev = jget(root, "events");
	size_t k = 0;

	for (size_t i = 0; i < arr_len(ev) && k < max; i++) {
		json_object *e = json_object_array_get_idx(ev, i);
		int kind = jevent_kind(e);
		if (!jget(e, "run_time") || kind < 0)
			continue;
		bool ordered = jget(e, "ordered_by") != NULL;
		bool want = (kinds & ORDERED) ? ordered && kind == EV_FS_ERROR :
						(kinds & K(kind)) && !ordered;
		if (want && kind == EV_OOM && !jget(jget(e, "fields"), "victim_pid"))
			want = false; /* an OOM report without a kill */
		if (want)
			t[k++] = jdouble(e, "run_time", 0);
	}
	return k;
}

/*
 * What a cgroup of memory.tsv is called in a legend: the top one by its own
 * name (memstress-RUN, not a bare "/"), the others by the path below it.
 */
static void cgroup_label(json_object *root, const char *name, char *buf, size_t len)
{
	json_object *cgs = jpath(root, "memory.cgroups");

	for (size_t i = 0; i < arr_len(cgs); i++) {
		json_object *c = json_object_array_get_idx(cgs, i);
		if (strcmp(jstr(c, "cgroup"), name))
			continue;
		const char *path = jstr(c, "path"), *base = strrchr(path, '/');
		if (!strcmp(name, "/") && base && base[1]) {
			snprintf(buf, len, "%s (the scenario's)", base + 1);
			return;
		}
	}
	snprintf(buf, len, "%s", !strcmp(name, "/") ? "the scenario's cgroup" : name);
}

static void plot_memory(FILE *out, json_object *root, const struct series *m)
{
	struct plot p = { 0 };
	double t[512];
	size_t nk = event_times(root, K(EV_OOM), t, 512);

	if (plot_begin(&p, "Memory use against the limit (per cgroup); red lines: OOM kills",
		       "MiB") < 0)
		return;
	for (size_t i = 0; i < nk; i++)
		fprintf(p.f,
			"set arrow from %.3f, graph 0 to %.3f, graph 1 nohead lc rgb '#d62728' dt 2 lw 1\n",
			t[i], t[i]);
	fprintf(p.f, "plot ");
	bool first = true;
	STRV_FOREACH(name, m->names) {
		bool limited = false;
		for (size_t i = 0; i < m->n; i++)
			limited |= !strcmp(m->rows[i].name, *name) && m->rows[i].v[M_LIMIT] > 0;
		char label[300];
		cgroup_label(root, *name, label, sizeof(label));
		fprintf(p.f, "%s'-' using 1:2 with lines lw 2 title ", first ? "" : ", ");
		gp_str(p.f, label);
		if (limited) {
			fprintf(p.f, ", '-' using 1:2 with lines dt 2 lw 1 title ");
			char lt[320];
			snprintf(lt, sizeof(lt), "%s limit", label);
			gp_str(p.f, lt);
		}
		first = false;
	}
	if (first)
		fprintf(p.f, "NaN notitle");
	fputc('\n', p.f);
	STRV_FOREACH(name, m->names) {
		bool limited = false;
		for (size_t i = 0; i < m->n; i++)
			if (!strcmp(m->rows[i].name, *name)) {
				fprintf(p.f, "%.3f %.3f\n", m->rows[i].t,
					m->rows[i].v[M_CURRENT] / 1048576.0);
				limited |= m->rows[i].v[M_LIMIT] > 0;
			}
		fputs("e\n", p.f);
		if (limited) {
			for (size_t i = 0; i < m->n; i++)
				if (!strcmp(m->rows[i].name, *name) && m->rows[i].v[M_LIMIT] > 0)
					fprintf(p.f, "%.3f %.3f\n", m->rows[i].t,
						m->rows[i].v[M_LIMIT] / 1048576.0);
			fputs("e\n", p.f);
		}
	}
	plot_end(&p, out, "memory");
}

static const struct {
	const char *label;
	unsigned kinds;
	const char *color;
	int pt;
	bool stalls; /* also the watchdog's stalls */
} marker_rows[] = {
	{ "OOM kill", K(EV_OOM), "#d62728", 9 },
	{ "fault injected", K(EV_FAULT_INJECTED), "#9467bd", 7 },
	{ "allocation failure", K(EV_ALLOC_FAILURE), "#ff7f0e", 5 },
	{ "stall / hang", K(EV_HANG) | K(EV_BLOCKED_TASKS), "#1f77b4", 11, true },
	{ "warning / BUG / oops",
	  K(EV_WARNING) | K(EV_BUG) | K(EV_OOPS) | K(EV_PANIC) | K(EV_LOCKDEP), "#8c564b", 13 },
	{ "filesystem error / shutdown", K(EV_FS_ERROR), "#2ca02c", 15 },
	{ "shutdown forced by memstress", ORDERED, "#7f7f7f", 4 },
};
#define N_MARKER_ROWS (sizeof(marker_rows) / sizeof(marker_rows[0]))

static void plot_timeline(FILE *out, json_object *root, double duration)
{
	struct plot p = { 0 };
	static double t[4096];
	json_object *stalls = jpath(root, "watchdog.stalls");

	if (plot_begin(&p, "Kernel events on the timeline", "") < 0)
		return;
	(void)duration;
	fprintf(p.f, "set yrange [0.3:%zu.7]\nunset key\nset ytics (", N_MARKER_ROWS);
	for (size_t r = 0; r < N_MARKER_ROWS; r++)
		fprintf(p.f, "%s'%s' %zu", r ? ", " : "", marker_rows[r].label, N_MARKER_ROWS - r);
	fprintf(p.f, ")\nset ylabel ''\nset grid xtics\nplot ");
	for (size_t r = 0; r < N_MARKER_ROWS; r++)
		fprintf(p.f, "%s'-' using 1:2 with points pt %d ps 1.2 lc rgb '%s'", r ? ", " : "",
			marker_rows[r].pt, marker_rows[r].color);
	fputc('\n', p.f);
	for (size_t r = 0; r < N_MARKER_ROWS; r++) {
		size_t n = event_times(root, marker_rows[r].kinds, t, sizeof(t) / sizeof(t[0]));
		for (size_t i = 0; i < n; i++)
			fprintf(p.f, "%.3f %zu\n", t[i], N_MARKER_ROWS - r);
		if (marker_rows[r].stalls)
			for (size_t i = 0; i < arr_len(stalls); i++)
				fprintf(p.f, "%.3f %zu\n",
					jdouble(json_object_array_get_idx(stalls, i),
						"detected_at_s", 0),
					N_MARKER_ROWS - r);
		fprintf(p.f, "NaN NaN\ne\n");
	}
	plot_end(&p, out, "timeline");
}

/* --- vmstat.tsv: a header, then numbers ------------------------------------------ */

struct table {
	char **cols;
	double *v; /* nrows x ncols */
	size_t ncols, nrows;
};

static int table_load(const char *path, struct table *t)
{
	_cleanup_fclose_ FILE *f = fopen(path, "re");
	char line[4096];

	*t = (struct table){ 0 };
	if (!f)
		return -errno;
	if (!fgets(line, sizeof(line), f))
		/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
		return 0;
	for (char *save = NULL, *tok = strtok_r(line, "\t\n", &save); tok;
	     tok = strtok_r(NULL, "\t\n", &save))
		strv_extend(&t->cols, tok);
	t->ncols = strv_length(t->cols);
	while (t->ncols && fgets(line, sizeof(line), f)) {
		double *nv = realloc(t->v, (t->nrows + 1) * t->ncols * sizeof(double));
		if (!nv)
			return -ENOMEM;
		t->v = nv;
		char *save = NULL, *tok = strtok_r(line, "\t\n", &save);
		for (size_t c = 0; c < t->ncols;
		     c++, tok = tok ? strtok_r(NULL, "\t\n", &save) : NULL)
			t->v[t->nrows * t->ncols + c] = tok ? strtod(tok, NULL) : 0;
		t->nrows++;
	}
	return 0;
}

static void table_free(struct table *t)
{
	strv_free(t->cols);
	free(t->v);
}

static int table_col(const struct table *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (!strcmp(t->cols[c], name))
			return (int)c;
	return -1;
}

/* The sum of some columns in row i ("a+b"); false when one is missing. */
static bool table_sum(const struct table *t, size_t i, const char *expr, double *v)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s", expr);
	*v = 0;
	for (char *save = NULL, *tok = strtok_r(buf, "+", &save); tok;
	     tok = strtok_r(NULL, "+", &save)) {
		int c = table_col(t, tok);
		if (c < 0)
			return false;
		*v += t->v[i * t->ncols + (size_t)c];
	}
	return true;
}

/* What the reclaim plot draws, as rates between samples: pages on the left
 * axis, events on the right. */
static const struct {
	const char *expr, *title;
	bool y2;
} reclaim_lines[] = {
	{ "pgscan_kswapd+pgscan_direct", "pages scanned (pgscan)", false },
	{ "pgsteal_kswapd+pgsteal_direct", "pages reclaimed (pgsteal)", false },
	{ "refault_anon+refault_file", "refaults (workingset_refault)", false },
	{ "cg_pgscan", "cgroup: pages scanned", false },
	{ "cg_refault_anon+cg_refault_file", "cgroup: refaults", false },
	{ "allocstall", "direct reclaim entries (allocstall)", true },
	{ "compact_stall", "compaction stalls", true },
	{ "oom_kill", "OOM kills", true },
};

static void plot_reclaim(FILE *out, const struct table *t)
{
	struct plot p = { 0 };
	bool y2 = false;
	double v;

	if (plot_begin(&p,
		       "Reclaim (/proc/vmstat, and the scenario's cgroup's memory.stat), per second",
		       "pages per second") < 0)
		return;
	for (size_t l = 0; l < sizeof(reclaim_lines) / sizeof(reclaim_lines[0]); l++)
		y2 |= reclaim_lines[l].y2 && t->nrows && table_sum(t, 0, reclaim_lines[l].expr, &v);
	if (y2)
		fputs("set y2label 'events per second'\nset y2tics\nset y2range [0:*]\n", p.f);
	fputs("set yrange [0:*]\nplot ", p.f);
	bool first = true;
	for (size_t l = 0; l < sizeof(reclaim_lines) / sizeof(reclaim_lines[0]); l++) {
		if (!t->nrows || !table_sum(t, 0, reclaim_lines[l].expr, &v))
			continue;
		fprintf(p.f, "%s'-' using 1:2 axes %s with lines lw %d title ", first ? "" : ", ",
			reclaim_lines[l].y2 ? "x1y2" : "x1y1", reclaim_lines[l].y2 ? 1 : 2);
		gp_str(p.f, reclaim_lines[l].title);
		first = false;
	}
	if (first)
		fputs("NaN notitle", p.f);
	fputc('\n', p.f);
	int tc = table_col(t, "t_ms");
	for (size_t l = 0; l < sizeof(reclaim_lines) / sizeof(reclaim_lines[0]); l++) {
		double prev = 0, pt = 0;
		if (!t->nrows || !table_sum(t, 0, reclaim_lines[l].expr, &v))
			continue;
		for (size_t i = 0; i < t->nrows; i++) {
			double now = t->v[i * t->ncols + (size_t)tc] / 1000.0;
			table_sum(t, i, reclaim_lines[l].expr, &v);
			if (i && now > pt && v >= prev)
				fprintf(p.f, "%.3f %.2f\n", now, (v - prev) / (now - pt));
			prev = v;
			pt = now;
		}
		fputs("e\n", p.f);
	}
	plot_end(&p, out, "reclaim");
}

/* The system's PSI (vmstat.tsv) and, on cgroup v2, the scenario's cgroup's (memory.tsv). */
static void plot_pressure(FILE *out, const struct table *t, const struct series *m)
{
	struct plot p = { 0 };
	int tc = table_col(t, "t_ms"),
	    sys[2] = { table_col(t, "psi_some_avg10"), table_col(t, "psi_full_avg10") };
	bool cg = false;

	for (size_t i = 0; m && i < m->n && !cg; i++)
		cg = !strcmp(m->rows[i].name, "/");
	if (sys[0] < 0 && !cg)
		return;
	if (plot_begin(&p, "Memory pressure (PSI avg10): the system, and the scenario's cgroup",
		       "% of time stalled") < 0)
		return;
	fputs("set yrange [0:*]\nplot ", p.f);
	const char *titles[] = { "system: some", "system: full", "cgroup: some", "cgroup: full" };
	bool any = false;
	for (int k = 0; k < 4; k++) {
		if ((k < 2 && (sys[k] < 0 || tc < 0)) || (k >= 2 && !cg))
			continue;
		fprintf(p.f, "%s'-' using 1:2 with lines lw 2 %s title ", any ? ", " : "",
			k >= 2 ? "dt 2" : "");
		gp_str(p.f, titles[k]);
		any = true;
	}
	fputc('\n', p.f);
	for (int k = 0; k < 4; k++) {
		if (k < 2 && sys[k] >= 0 && tc >= 0) {
			for (size_t i = 0; i < t->nrows; i++)
				fprintf(p.f, "%.3f %.2f\n",
					t->v[i * t->ncols + (size_t)tc] / 1000.0,
					t->v[i * t->ncols + (size_t)sys[k]]);
			fputs("e\n", p.f);
		} else if (k >= 2 && cg) {
			for (size_t i = 0; i < m->n; i++)
				if (!strcmp(m->rows[i].name, "/"))
					fprintf(p.f, "%.3f %.2f\n", m->rows[i].t,
						m->rows[i].v[k == 2 ? M_PSI_SOME : M_PSI_FULL]);
			fputs("e\n", p.f);
		}
	}
	plot_end(&p, out, "psi");
}

/* --- throughput: one plot per engine, in the unit its descriptor gives --------------- */

/* The engine of a progress.tsv row ("workload.instance"), and its unit. */
static json_object *workload_of(json_object *root, const char *instance)
{
	json_object *w = jget(root, "workloads");
	size_t nl = strcspn(instance, ".");

	for (size_t i = 0; i < arr_len(w); i++) {
		json_object *o = json_object_array_get_idx(w, i);
		if (strlen(jstr(o, "name")) == nl && !strncmp(jstr(o, "name"), instance, nl))
			return o;
	}
	return NULL;
}

static void plot_progress(FILE *out, json_object *root, const struct series *pr)
{
	_cleanup_strv_free_ char **engines = NULL;

	STRV_FOREACH(name, pr->names) {
		const char *e = jstr(workload_of(root, *name), "engine");
		if (*e && !strv_contains(engines, e))
			strv_extend(&engines, e);
	}
	STRV_FOREACH(eng, engines) {
		struct plot p = { 0 };
		char title[160], unit[96], id[64];
		const char *u = "operations";

		STRV_FOREACH(name, pr->names) {
			json_object *w = workload_of(root, *name);
			if (!strcmp(jstr(w, "engine"), *eng) && *jstr(w, "progress_unit"))
				u = jstr(w, "progress_unit");
		}
		snprintf(title, sizeof(title), "Throughput of %s: %s", *eng, u);
		snprintf(unit, sizeof(unit), "%s per second", u);
		if (plot_begin(&p, title, unit) < 0)
			return;
		fprintf(p.f, "set yrange [0:*]\nplot ");
		bool first = true;
		STRV_FOREACH(name, pr->names) {
			if (strcmp(jstr(workload_of(root, *name), "engine"), *eng))
				continue;
			fprintf(p.f, "%s'-' using 1:2 with lines lw 2 title ", first ? "" : ", ");
			gp_str(p.f, *name);
			first = false;
		}
		fputc('\n', p.f);
		STRV_FOREACH(name, pr->names) {
			const struct row *prev = NULL;
			if (strcmp(jstr(workload_of(root, *name), "engine"), *eng))
				continue;
			for (size_t i = 0; i < pr->n; i++) {
				const struct row *r = &pr->rows[i];
				if (strcmp(r->name, *name))
					continue;
				if (prev && r->t > prev->t && r->v[0] >= prev->v[0])
					fprintf(p.f, "%.3f %.1f\n", r->t,
						(r->v[0] - prev->v[0]) / (r->t - prev->t));
				prev = r;
			}
			fputs("e\n", p.f);
		}
		snprintf(id, sizeof(id), "throughput-%s", *eng);
		plot_end(&p, out, id);
	}
}

void html_plots(FILE *out, const char *dir, json_object *root)
{
	_cleanup_free_ char *gnuplot = find_executable("gnuplot");
	struct series mem = { 0 }, prog = { 0 };
	struct table vm = { 0 };
	char p[4200];

	if (!gnuplot) {
		fputs("<p class=\"note\">gnuplot is not installed: no plots (apt-get install gnuplot-nox).</p>\n",
		      out);
		return;
	}
	snprintf(p, sizeof(p), "%s/memory.tsv", dir);
	bool have_mem = series_load(p, 0, &mem) == 0 && mem.n;
	snprintf(p, sizeof(p), "%s/progress.tsv", dir);
	bool have_prog = series_load(p, 1, &prog) == 0 && prog.n;
	snprintf(p, sizeof(p), "%s/vmstat.tsv", dir);
	bool have_vm = table_load(p, &vm) == 0 && vm.nrows > 1;
	int version = (int)jint(jget(root, "memory"), "cgroup_version", 0);

	plot_xmax = jdouble(root, "duration_s", 0);
	if (have_mem)
		plot_memory(out, root, &mem);
	else
		fputs("<p class=\"note\">no memory series (memory.tsv) in this run.</p>\n", out);
	if (have_vm)
		plot_reclaim(out, &vm);
	if (have_vm || (have_mem && version == 2))
		plot_pressure(out, &vm, version == 2 && have_mem ? &mem : NULL);
	plot_timeline(out, root, jdouble(root, "duration_s", 0));
	if (have_prog)
		plot_progress(out, root, &prog);
	series_free(&mem);
	series_free(&prog);
	table_free(&vm);
}

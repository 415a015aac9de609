// SPDX-License-Identifier: GPL-2.0
/*
 * report.html: one self-contained page per run (no scripts, no external
 * files). The plots are SVG drawn by gnuplot from the run's series
 * (memory.tsv, progress.tsv) and events, inlined; kernel events keep their
 * stacks in collapsed <details>. Without gnuplot the page says so and keeps
 * the tables.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/cleanup.h"
#include "core/fileio.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "html.h"
#include "writers.h"

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++)
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
}

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
		esc(out, msg && *msg ? msg : strerror(-k));
		fputs("</p>\n", out);
		return k;
	}
	const char *start = strstr(svg, "<svg");
	fprintf(out, "<figure id=\"plot-%s\" class=\"plot\">%s</figure>\n", id, start ? start : "");
	return 0;
}

/* Markers: the run times of events of some kinds. */
static size_t event_times(json_object *root, const char *const *kinds, double *t, size_t max)
{
	json_object *ev = jget(root, "events");
	size_t k = 0;

	for (size_t i = 0; i < arr_len(ev) && k < max; i++) {
		json_object *e = json_object_array_get_idx(ev, i);
		if (!jget(e, "run_time"))
			continue;
		for (const char *const *kd = kinds; *kd; kd++)
			if (!strcmp(jstr(e, "kind"), *kd) &&
			    (strcmp(*kd, "oom") || jget(jget(e, "fields"), "victim_pid"))) {
				t[k++] = jdouble(e, "run_time", 0);
				break;
			}
	}
	return k;
}

static void plot_memory(FILE *out, json_object *root, const struct series *m)
{
	static const char *const oom[] = { "oom", NULL };
	struct plot p = { 0 };
	double t[512];
	size_t nk = event_times(root, oom, t, 512);

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
		fprintf(p.f, "%s'-' using 1:2 with lines lw 2 title ", first ? "" : ", ");
		gp_str(p.f, *name);
		if (limited) {
			fprintf(p.f, ", '-' using 1:2 with lines dt 2 lw 1 title ");
			char lt[160];
			snprintf(lt, sizeof(lt), "%s limit", *name);
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

static void plot_psi(FILE *out, const struct series *m, int version)
{
	struct plot p = { 0 };

	if (version == 1) {
		fputs("<p class=\"note\" id=\"no-psi\">No pressure plot: cgroup v1 has no per-cgroup PSI.</p>\n",
		      out);
		return;
	}
	if (plot_begin(&p, "Memory pressure (PSI avg10) of the scenario's cgroup",
		       "% of time stalled") < 0)
		return;
	fprintf(p.f,
		"set yrange [0:*]\nplot '-' using 1:2 with lines lw 2 title 'some', '-' using 1:2 with lines lw 2 title 'full'\n");
	for (int col = M_PSI_SOME; col <= M_PSI_FULL; col++) {
		for (size_t i = 0; i < m->n; i++)
			if (!strcmp(m->rows[i].name, "/"))
				fprintf(p.f, "%.3f %.2f\n", m->rows[i].t, m->rows[i].v[col]);
		fputs("e\n", p.f);
	}
	plot_end(&p, out, "psi");
}

static const struct {
	const char *label;
	const char *kinds[5];
	const char *color;
	int pt;
} marker_rows[] = {
	{ "OOM kill", { "oom" }, "#d62728", 9 },
	{ "fault injected", { "fault_injected" }, "#9467bd", 7 },
	{ "allocation failure", { "alloc_failure" }, "#ff7f0e", 5 },
	{ "stall / hang", { "hang", "blocked_tasks" }, "#1f77b4", 11 },
	{ "warning / BUG / oops", { "warning", "bug", "oops", "panic", "lockdep" }, "#8c564b", 13 },
	{ "filesystem error / shutdown", { "fs_error" }, "#2ca02c", 15 },
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
		const char *kinds[6] = { 0 };
		memcpy(kinds, marker_rows[r].kinds, sizeof(marker_rows[r].kinds));
		size_t n = event_times(root, kinds, t, sizeof(t) / sizeof(t[0]));
		for (size_t i = 0; i < n; i++)
			fprintf(p.f, "%.3f %zu\n", t[i], N_MARKER_ROWS - r);
		if (!strcmp(marker_rows[r].label, "stall / hang"))
			for (size_t i = 0; i < arr_len(stalls); i++)
				fprintf(p.f, "%.3f %zu\n",
					jdouble(json_object_array_get_idx(stalls, i),
						"detected_at_s", 0),
					N_MARKER_ROWS - r);
		fprintf(p.f, "NaN NaN\ne\n");
	}
	plot_end(&p, out, "timeline");
}

static void plot_progress(FILE *out, const struct series *pr)
{
	struct plot p = { 0 };

	if (plot_begin(
		    &p,
		    "Throughput of the built-in engines (fstx: transactions, memhog: pages touched)",
		    "operations per second") < 0)
		return;
	fprintf(p.f, "set yrange [0:*]\nplot ");
	STRV_FOREACH(name, pr->names) {
		fprintf(p.f, "%s'-' using 1:2 with lines lw 2 title ",
			name == pr->names ? "" : ", ");
		gp_str(p.f, *name);
	}
	fputc('\n', p.f);
	STRV_FOREACH(name, pr->names) {
		const struct row *prev = NULL;
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
	plot_end(&p, out, "throughput");
}

/* --- the page --------------------------------------------------------------------- */

static const char css[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 12px}"
	"h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}"
	".meta{color:#555}.verdict{font-weight:bold;padding:2px 8px;border-radius:4px;color:#fff}"
	".pass{background:#2e7d32}.fail{background:#c62828}.skip{background:#757575}.error{background:#6a1b9a}"
	"table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;"
	"vertical-align:top}th{background:#fafafa}td.st{width:50px}pre{background:#f6f6f6;padding:8px;overflow-x:auto;"
	"font-size:12px}details{margin:4px 0}summary{cursor:pointer}.note{color:#8a6d3b}"
	"figure.plot{margin:8px 0}figure.plot svg{max-width:100%;height:auto}td code{overflow-wrap:anywhere}";

static void checks_table(FILE *f, json_object *root)
{
	json_object *checks = jget(root, "checks");

	fputs("<h2>Checks</h2>\n<table id=\"checks\"><tr><th>status</th><th>check</th><th>evidence</th></tr>\n",
	      f);
	for (size_t i = 0; i < arr_len(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i), *ev = jget(c, "evidence");
		const char *st = jstr(c, "status");
		fprintf(f, "<tr><td class=\"st\"><span class=\"verdict %s\">%s</span></td><td>", st,
			st);
		esc(f, jstr(c, "name"));
		fputs("</td><td>", f);
		esc(f, jstr(c, "summary"));
		if (ev) {
			fputs("<details><summary>evidence</summary><pre>", f);
			esc(f,
			    json_object_to_json_string_ext(
				    ev, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
			fputs("</pre></details>", f);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void events_list(FILE *f, json_object *root)
{
	json_object *ev = jget(root, "events");
	size_t n = arr_len(ev), shown = 0, faults = 0;

	fprintf(f, "<h2>Kernel events (%zu)</h2>\n<div id=\"events\">\n", n);
	if (!n)
		fputs("<p>The kernel reported nothing memstress looks for.</p>\n", f);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(ev, i), *stack = jget(e, "stack"),
			    *ex = jget(e, "excerpt");
		if (!strcmp(jstr(e, "kind"), "fault_injected") && ++faults > 20)
			continue; /* the timeline shows them all */
		if (++shown > 300)
			break;
		fprintf(f, "<details class=\"event %s\"><summary><code>%+9.3fs</code> <b>",
			jstr(e, "severity"), jdouble(e, "run_time", 0));
		esc(f, jstr(e, "kind"));
		fputs("</b> ", f);
		esc(f, jstr(e, "title"));
		fputs("</summary>\n", f);
		if (arr_len(stack)) {
			fputs("<p>call trace:</p><pre>", f);
			for (size_t k = 0; k < arr_len(stack); k++) {
				esc(f, json_object_get_string(json_object_array_get_idx(stack, k)));
				fputc('\n', f);
			}
			fputs("</pre>", f);
		}
		fputs("<p>fields:</p><pre>", f);
		esc(f, json_object_to_json_string_ext(jget(e, "fields"),
						      JSON_C_TO_STRING_PRETTY |
							      JSON_C_TO_STRING_NOSLASHESCAPE));
		fputs("</pre>", f);
		if (arr_len(ex)) {
			fprintf(f, "<p>kernel log, lines %lld-%lld:</p><pre>",
				jint(json_object_array_get_idx(jget(e, "lines"), 0), NULL, 0),
				jint(json_object_array_get_idx(jget(e, "lines"), 1), NULL, 0));
			for (size_t k = 0; k < arr_len(ex); k++) {
				esc(f, json_object_get_string(json_object_array_get_idx(ex, k)));
				fputc('\n', f);
			}
			fputs("</pre>", f);
		}
		fputs("</details>\n", f);
	}
	if (faults > 20)
		fprintf(f, "<p class=\"note\">%zu more injected faults are in result.json.</p>\n",
			faults - 20);
	fputs("</div>\n", f);
}

static void workloads_table(FILE *f, json_object *root)
{
	json_object *w = jget(root, "workloads");

	fputs("<h2>Workloads</h2>\n<table id=\"workloads\"><tr><th>workload</th><th>engine</th><th>exit</th>"
	      "<th>OOM kills</th><th>restarts</th><th>command</th></tr>\n",
	      f);
	for (size_t i = 0; i < arr_len(w); i++) {
		json_object *x = json_object_array_get_idx(w, i), *argv = jget(x, "argv");
		fputs("<tr><td>", f);
		esc(f, jstr(x, "name"));
		fprintf(f, ".%lld</td><td>", jint(x, "instance", 0));
		esc(f, jstr(x, "engine"));
		fputs("</td><td>", f);
		esc(f, jstr(x, "exit"));
		fprintf(f, "</td><td>%lld</td><td>%lld</td><td><code>",
			jint(x, "oom_kills_counted", 0), jint(x, "restarts", 0));
		for (size_t k = 0; k < arr_len(argv); k++) {
			esc(f, json_object_get_string(json_object_array_get_idx(argv, k)));
			fputc(' ', f);
		}
		fputs("</code></td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

int report_html(const char *dir, json_object *root, char *out_path, size_t len)
{
	char p[4200], tmp[4300];
	json_object *sc = jget(root, "scenario"), *tg = jget(root, "target");
	_cleanup_free_ char *gnuplot = find_executable("gnuplot");
	struct series mem = { 0 }, prog = { 0 };
	int k;

	snprintf(out_path, len, "%s/report.html", dir);
	snprintf(tmp, sizeof(tmp), "%s/.report.html.tmp", dir);
	FILE *f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>memstress ",
	      f);
	esc(f, jstr(root, "run_id"));
	fprintf(f, "</title><style>%s</style></head><body>\n<h1>memstress: ", css);
	esc(f, jstr(sc, "name"));
	fprintf(f, " <span class=\"verdict %s\" id=\"verdict\">%s</span></h1>\n<p class=\"meta\">",
		jstr(root, "verdict"),
		*jstr(root, "verdict") ? jstr(root, "verdict") : jstr(root, "status"));
	esc(f, jstr(sc, "description"));
	fputs("<br>run ", f);
	esc(f, jstr(root, "run_id"));
	fputs(" on ", f);
	esc(f, jstr(tg, "kernel_release"));
	fprintf(f, " (%s", jstr(tg, "kind"));
	if (*jstr(tg, "cgroup_layout"))
		fprintf(f, ", cgroup %s", jstr(tg, "cgroup_layout"));
	fprintf(f, "), %.1fs, started ", jdouble(root, "duration_s", 0));
	esc(f, jstr(root, "started"));
	fputs(", memstress ", f);
	esc(f, jstr(root, "memstress_version"));
	fputs("</p>\n", f);

	checks_table(f, root);
	fputs("<h2>Timeline</h2>\n", f);
	snprintf(p, sizeof(p), "%s/memory.tsv", dir);
	bool have_mem = series_load(p, 0, &mem) == 0 && mem.n;
	snprintf(p, sizeof(p), "%s/progress.tsv", dir);
	bool have_prog = series_load(p, 1, &prog) == 0 && prog.n;
	if (!gnuplot)
		fputs("<p class=\"note\">gnuplot is not installed: no plots (apt-get install gnuplot-nox).</p>\n",
		      f);
	else {
		plot_xmax = jdouble(root, "duration_s", 0);
		if (have_mem) {
			plot_memory(f, root, &mem);
			plot_psi(f, &mem, (int)jint(jget(root, "memory"), "cgroup_version", 0));
		} else
			fputs("<p class=\"note\">no memory series (memory.tsv) in this run.</p>\n",
			      f);
		plot_timeline(f, root, jdouble(root, "duration_s", 0));
		if (have_prog)
			plot_progress(f, &prog);
	}
	series_free(&mem);
	series_free(&prog);
	events_list(f, root);
	workloads_table(f, root);
	fputs("<h2>Effective scenario</h2>\n<details><summary>scenario.ini</summary><pre>", f);
	esc(f, jstr(sc, "effective"));
	fputs("</pre></details>\n</body></html>\n", f);
	k = fflush(f) || ferror(f) ? -EIO : 0;
	if (fsync(fileno(f)) < 0 && !k)
		k = -errno;
	fclose(f);
	if (k == 0 && rename(tmp, out_path) < 0)
		k = -errno;
	if (k < 0)
		unlink(tmp);
	return k;
}

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

#include "core/scope.h"
#include "core/fileio.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "html.h"
#include "oracle/oracle.h"
#include "writers.h"

void html_esc(FILE *f, const char *s)
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

/* --- the page --------------------------------------------------------------------- */

static const char css[] =
	"body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 12px}"
	"h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}"
	".meta{color:#555}.verdict{font-weight:bold;padding:2px 8px;border-radius:4px;color:#fff}"
	".pass{background:#2e7d32}.fail{background:#c62828}.skip{background:#757575}.error{background:#6a1b9a}"
	"table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;"
	"vertical-align:top}th{background:#fafafa}td.st{width:50px}pre{background:#f6f6f6;padding:8px;overflow-x:auto;"
	"font-size:12px}details{margin:4px 0}summary{cursor:pointer}.note{color:#8a6d3b}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}h3{margin:18px 0 6px}"
	"table.kernel{margin:4px 0 12px}table.kernel th{text-align:left;padding-right:12px;font-weight:600}code.off{opacity:.5}"
	"figure.plot{margin:8px 0}figure.plot svg{max-width:100%;height:auto}td code{overflow-wrap:anywhere}";

static void checks_table(FILE *f, json_object *root)
{
	json_object *checks = jget(root, "checks");

	fputs("<h2>Checks</h2>\n<table id=\"checks\"><tr><th>status</th><th>check</th><th>evidence</th></tr>\n",
	      f);
	for (size_t i = 0; i < jarr_len(checks); i++) {
		json_object *c = json_object_array_get_idx(checks, i), *ev = jget(c, "evidence");
		const char *st = jstr(c, "status");
		fprintf(f, "<tr><td class=\"st\"><span class=\"verdict %s\">%s</span></td><td>", st,
			st);
		html_esc(f, jstr(c, "name"));
		fputs("</td><td>", f);
		html_esc(f, jstr(c, "summary"));
		if (ev) {
			fputs("<details><summary>evidence</summary><pre>", f);
			html_esc(f, json_object_to_json_string_ext(
					    ev, JSON_C_TO_STRING_PRETTY |
							JSON_C_TO_STRING_NOSLASHESCAPE));
			fputs("</pre></details>", f);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void events_list(FILE *f, json_object *root)
{
	json_object *ev = jget(root, "events");
	size_t n = jarr_len(ev), shown = 0, faults = 0;

	fprintf(f, "<h2>Kernel events (%zu)</h2>\n<div id=\"events\">\n", n);
	if (!n)
		fputs("<p>The kernel reported nothing memstress looks for.</p>\n", f);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(ev, i), *stack = jget(e, "stack"),
			    *ex = jget(e, "excerpt");
		if (jevent_kind(e) == EV_FAULT_INJECTED && ++faults > 20)
			continue; /* the timeline shows them all */
		if (++shown > 300)
			break;
		fprintf(f, "<details class=\"event %s\"><summary><code>%+9.3fs</code> <b>",
			jstr(e, "severity"), jdouble(e, "run_time", 0));
		html_esc(f, jstr(e, "kind"));
		fputs("</b> ", f);
		html_esc(f, jstr(e, "title"));
		if (jget(e, "ordered_by"))
			fputs(" <i>(memstress ordered it: not an error)</i>", f);
		fputs("</summary>\n", f);
		if (jarr_len(stack)) {
			fputs("<p>call trace:</p><pre>", f);
			for (size_t k = 0; k < jarr_len(stack); k++) {
				html_esc(f, json_object_get_string(
						    json_object_array_get_idx(stack, k)));
				fputc('\n', f);
			}
			fputs("</pre>", f);
		}
		fputs("<p>fields:</p><pre>", f);
		html_esc(f, json_object_to_json_string_ext(jget(e, "fields"),
							   JSON_C_TO_STRING_PRETTY |
								   JSON_C_TO_STRING_NOSLASHESCAPE));
		fputs("</pre>", f);
		if (jarr_len(ex)) {
			fprintf(f, "<p>kernel log, lines %lld-%lld:</p><pre>",
				jint(json_object_array_get_idx(jget(e, "lines"), 0), NULL, 0),
				jint(json_object_array_get_idx(jget(e, "lines"), 1), NULL, 0));
			for (size_t k = 0; k < jarr_len(ex); k++) {
				html_esc(f,
					 json_object_get_string(json_object_array_get_idx(ex, k)));
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
	for (size_t i = 0; i < jarr_len(w); i++) {
		json_object *x = json_object_array_get_idx(w, i), *argv = jget(x, "argv");
		fputs("<tr><td>", f);
		html_esc(f, jstr(x, "name"));
		fprintf(f, ".%lld</td><td>", jint(x, "instance", 0));
		html_esc(f, jstr(x, "engine"));
		fputs("</td><td>", f);
		html_esc(f, jstr(x, "exit"));
		fprintf(f, "</td><td>%lld</td><td>%lld</td><td><code>",
			jint(x, "oom_kills_counted", 0), jint(x, "restarts", 0));
		for (size_t k = 0; k < jarr_len(argv); k++) {
			html_esc(f, json_object_get_string(json_object_array_get_idx(argv, k)));
			fputc(' ', f);
		}
		fputs("</code></td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* Which kernel was judged: build, command line, config, taint before and after. */
static void kernel_identity(FILE *f, json_object *root)
{
	json_object *k = jget(root, "kernel"), *cfg = jget(k, "config");
	json_object *tb = jget(k, "taint_before"), *ta = jget(k, "taint_after");

	if (!k)
		return;
	fputs("<table class=\"kernel\" id=\"kernel\"><tr><th>kernel</th><td>", f);
	html_esc(f, jstr(k, "release"));
	fputs(" ", f);
	html_esc(f, jstr(k, "version"));
	fputs("</td></tr>\n<tr><th>command line</th><td><code>", f);
	html_esc(f, jstr(k, "cmdline"));
	fputs("</code></td></tr>\n<tr><th>config</th><td>", f);
	if (*jstr(cfg, "sha256")) {
		fputs("sha256 <code>", f);
		html_esc(f, jstr(cfg, "sha256"));
		fputs("</code>", f);
		json_object_object_foreach(jget(cfg, "options"), key, val)
		{
			fputs(strcmp(json_object_get_string(val), "n") ? " <code>" :
									 " <code class=\"off\">",
			      f);
			html_esc(f, key + (strncmp(key, "CONFIG_", 7) ? 0 : 7));
			fputc('=', f);
			html_esc(f, json_object_get_string(val));
			fputs("</code>", f);
		}
	} else
		fputs("not readable (no /proc/config.gz or /boot/config-RELEASE)", f);
	fputs("</td></tr>\n<tr><th>taint</th><td>", f);
	fprintf(f, "before: %s (%lld)", *jstr(tb, "flags") ? jstr(tb, "flags") : "none",
		jint(tb, "value", -1));
	if (ta)
		fprintf(f, ", after: <b>%s</b> (%lld)",
			*jstr(ta, "flags") ? jstr(ta, "flags") : "none", jint(ta, "value", -1));
	fputs("</td></tr></table>\n", f);
}

int report_html(const char *dir, json_object *root, char *out_path, size_t len)
{
	char tmp[4300];
	json_object *sc = jget(root, "scenario"), *tg = jget(root, "target");
	int k;

	snprintf(out_path, len, "%s/report.html", dir);
	snprintf(tmp, sizeof(tmp), "%s/.report.html.tmp", dir);
	FILE *f = fopen(tmp, "we");
	if (!f)
		return -errno;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>memstress ",
	      f);
	html_esc(f, jstr(root, "run_id"));
	fprintf(f, "</title><style>%s</style></head><body>\n<h1>memstress: ", css);
	html_esc(f, jstr(sc, "name"));
	fprintf(f, " <span class=\"verdict %s\" id=\"verdict\">%s</span></h1>\n<p class=\"meta\">",
		jstr(root, "verdict"),
		*jstr(root, "verdict") ? jstr(root, "verdict") : jstr(root, "status"));
	html_esc(f, jstr(sc, "description"));
	fputs("<br>run ", f);
	html_esc(f, jstr(root, "run_id"));
	fputs(" on ", f);
	html_esc(f, jstr(tg, "kernel_release"));
	fprintf(f, " (%s", jstr(tg, "kind"));
	if (*jstr(tg, "cgroup_layout"))
		fprintf(f, ", cgroup %s", jstr(tg, "cgroup_layout"));
	fprintf(f, "), %.1fs, started ", jdouble(root, "duration_s", 0));
	html_esc(f, jstr(root, "started"));
	fputs(", memstress ", f);
	html_esc(f, jstr(root, "memstress_version"));
	fputs("</p>\n", f);
	kernel_identity(f, root);

	checks_table(f, root);
	fputs("<h2>Timeline</h2>\n", f);
	html_plots(f, dir, root);
	html_witnesses(f, root);
	events_list(f, root);
	workloads_table(f, root);
	fputs("<h2>Effective scenario</h2>\n<details><summary>scenario.ini</summary><pre>", f);
	html_esc(f, jstr(sc, "effective"));
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

// SPDX-License-Identifier: GPL-2.0
/*
 * report.html's tables of what the kernel's own accounting witnessed:
 * allocation latency by path and GFP class with the slowest and the
 * __GFP_NOFAIL waits and their stacks, reclaim stalls by GFP class and the longest of them with their stacks,
 * failed allocations by class (real, opportunistic, injected), the OOM
 * victims' lives (kill to reap, kill to exit, the stuck ones), the memory
 * cgroups' figures, leaks, and page leaks with their stacks. Each section
 * is there when the run has it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "writers.h"

/* A number cell: "-" for the -1 that means "not seen". */
static void num(FILE *f, double v, const char *fmt)
{
	fputs("<td class=\"num\">", f);
	if (v < 0)
		fputs("-", f);
	else
		fprintf(f, fmt, v);
	fputs("</td>", f);
}

static void text(FILE *f, const char *s)
{
	fputs("<td>", f);
	html_esc(f, s);
	fputs("</td>", f);
}

/* The task, its workload and when (s into the run): the cells every
 * list of the kernel's witnesses has. */
static void task_cells(FILE *f, json_object *s)
{
	char task[96];

	snprintf(task, sizeof(task), "%s(%lld)", jstr(s, "comm"), jint(s, "pid", -1));
	text(f, task);
	text(f, jstr(s, "workload"));
	num(f, jdouble(s, "run_time", -1), "%+.2f");
}

/* A distribution's cells: how many, p50, p99, max. */
static void dist_cells(FILE *f, json_object *o, const char *fmt)
{
	num(f, (double)jint(o, "count", 0), "%.0f");
	num(f, jdouble(o, "p50_ms", -1), fmt);
	num(f, jdouble(o, "p99_ms", -1), fmt);
	num(f, jdouble(o, "max_ms", -1), fmt);
}

static void stack_cell(FILE *f, json_object *st)
{
	fputs("<td><details><summary>stack</summary><pre>", f);
	if (json_object_is_type(st, json_type_array))
		for (size_t k = 0; k < jarr_len(st); k++) {
			html_esc(f, json_object_get_string(json_object_array_get_idx(st, k)));
			fputc('\n', f);
		}
	else
		html_esc(f, st ? json_object_get_string(st) : "");
	fputs("</pre></details></td></tr>\n", f);
}

/* One table of slow allocations or NOFAIL waits (alloc_latency's lists). */
static void alloc_rows(FILE *f, json_object *list, const char *what)
{
	if (!jarr_len(list))
		return;
	fprintf(f,
		"<table><tr><th>ms</th><th>%s</th><th>path</th><th>GFP flags</th><th>task</th>"
		"<th>workload</th><th>at s</th><th>stack</th></tr>\n",
		what);
	for (size_t i = 0; i < jarr_len(list); i++) {
		json_object *s = json_object_array_get_idx(list, i);
		fputs("<tr>", f);
		num(f, jdouble(s, "ms", -1), "%.1f");
		json_object *u = jget(s, "unfinished");
		text(f, u ? (json_object_get_boolean(u) ? "still waiting" : "ended") :
			    jstr(s, "gfp_class"));
		text(f, jstr(s, "path"));
		text(f, jstr(s, "gfp"));
		task_cells(f, s);
		stack_cell(f, jget(s, "stack"));
	}
	fputs("</table>\n", f);
}

static void latency(FILE *f, json_object *root)
{
	json_object *al = jget(root, "alloc_latency");

	if (!al)
		return;
	fputs("<h3 id=\"alloc-latency\">Allocation latency</h3>\n", f);
	if (strcmp(jstr(al, "source"), "kprobes")) {
		fputs("<p>Not timed here: ", f);
		html_esc(f, jstr(al, "why_not"));
		fputs(". The stall bounds judged reclaim rounds.</p>\n", f);
		return;
	}
	fprintf(f,
		"<p>%lld allocations went through the allocators' slow paths, timed in the kernel "
		"from entry to return; the longest %.1f ms, of GFP_NOFS or NOIO %.1f ms, of "
		"__GFP_NOFAIL %.1f ms. p50 and p99 are exact above %lld ms, the log2 bucket's "
		"bound below.</p>\n",
		jint(al, "count", 0), jdouble(al, "max_ms", 0), jdouble(al, "nofs_max_ms", 0),
		jdouble(al, "nofail_max_ms", 0), jint(al, "slow_ms", 0));
	fputs("<table><tr><th>path</th><th>GFP class</th><th>allocations</th><th>p50 ms</th>"
	      "<th>p99 ms</th><th>max ms</th></tr>\n",
	      f);
	json_object_object_foreach(jget(al, "paths"), path, p)
	{
		json_object_object_foreach(jget(p, "by_class"), cls, o)
		{
			fputs("<tr>", f);
			text(f, path);
			text(f, cls);
			dist_cells(f, o, "%.3f");
			fputs("</tr>\n", f);
		}
	}
	fputs("</table>\n", f);
	alloc_rows(f, jget(al, "slowest"), "class");
	if (jarr_len(jget(al, "nofail_waits")))
		fputs("<p>__GFP_NOFAIL allocations seen while they waited:</p>\n", f);
	alloc_rows(f, jget(al, "nofail_waits"), "state");
}

static void stalls(FILE *f, json_object *root)
{
	json_object *st = jget(root, "alloc_stalls"), *lg = jget(st, "longest");

	if (!st)
		return;
	fprintf(f,
		"<h3 id=\"stalls\">Reclaim stalls</h3>\n<p>%lld allocations waited in direct or "
		"memcg reclaim (the vmscan tracepoints); the longest %.1f ms.</p>\n",
		jint(st, "count", 0), jdouble(st, "max_ms", 0));
	fputs("<table><tr><th>GFP class</th><th>stalls</th><th>p50 ms</th><th>p99 ms</th>"
	      "<th>max ms</th></tr>\n",
	      f);
	json_object_object_foreach(jget(st, "by_class"), cls, o)
	{
		fputs("<tr>", f);
		text(f, cls);
		dist_cells(f, o, "%.2f");
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	if (!jarr_len(lg))
		return;
	fputs("<table><tr><th>ms</th><th>class</th><th>reclaim</th><th>task</th><th>workload</th>"
	      "<th>at s</th><th>stack while it lasted</th></tr>\n",
	      f);
	for (size_t i = 0; i < jarr_len(lg); i++) {
		json_object *s = json_object_array_get_idx(lg, i);
		fputs("<tr>", f);
		num(f, jdouble(s, "ms", -1), "%.1f");
		text(f, jstr(s, "gfp_class"));
		text(f, jstr(s, "reclaim"));
		task_cells(f, s);
		stack_cell(f, jget(s, "stack"));
	}
	fputs("</table>\n", f);
}

static void failures(FILE *f, json_object *root)
{
	json_object *af = jget(root, "alloc_failures");
	static const char *const cols[] = { "real", "opportunistic", "injected" };

	if (!af)
		return;
	fprintf(f,
		"<h3 id=\"alloc-failures\">Failed allocations</h3>\n<p>Seen by %s: %lld that may "
		"not fail (%lld of them GFP_NOFS), %lld allowed to fail, %lld injected.</p>\n",
		!strcmp(jstr(af, "source"), "trace") ? "the kmem tracepoints" : "the kernel log",
		jint(af, "real", 0), jint(af, "real_nofs", 0), jint(af, "opportunistic", 0),
		jint(af, "injected", 0));
	if (!jget(af, "by_class"))
		return;
	fputs("<table><tr><th>GFP class</th><th>real</th><th>opportunistic</th><th>injected</th>"
	      "</tr>\n",
	      f);
	json_object_object_foreach(jget(af, "by_class"), cls, o)
	{
		fputs("<tr>", f);
		text(f, cls);
		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++)
			num(f,
			    json_object_is_type(o, json_type_object) ?
				    (double)jint(o, cols[i], 0) :
				    (double)json_object_get_int64(o),
			    "%.0f");
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void victims(FILE *f, json_object *root)
{
	json_object *ov = jget(root, "oom_victims"), *list = jget(ov, "victims");

	if (!ov || !jarr_len(list))
		return;
	fprintf(f,
		"<h3 id=\"oom-victims\">OOM victims</h3>\n<p>%lld killed, %lld exited, %lld stuck; "
		"the slowest reaped %.0f ms and gone %.0f ms after the kill (limit %lld ms).</p>\n",
		jint(ov, "kills", 0), jint(ov, "exited", 0), jint(ov, "stuck", 0),
		jdouble(ov, "kill_to_reap_max_ms", -1), jdouble(ov, "kill_to_exit_max_ms", -1),
		jint(ov, "exit_limit_ms", 0));
	fputs("<table><tr><th>pid</th><th>workload</th><th>killed at s</th><th>reaped</th>"
	      "<th>kill to reap ms</th><th>kill to exit ms</th><th>stuck</th></tr>\n",
	      f);
	for (size_t i = 0; i < jarr_len(list); i++) {
		json_object *v = json_object_array_get_idx(list, i), *stuck = jget(v, "stuck");
		fputs("<tr>", f);
		num(f, (double)jint(v, "pid", -1), "%.0f");
		text(f, jstr(v, "workload"));
		num(f, jdouble(v, "kill_run_time", -1), "%+.2f");
		text(f, jstr(v, "reaped"));
		num(f, jdouble(v, "kill_to_reap_ms", -1), "%.0f");
		num(f, jdouble(v, "kill_to_exit_ms", -1), "%.0f");
		fputs("<td>", f);
		if (stuck) {
			fputs("<details><summary>yes</summary><pre>", f);
			html_esc(f, json_object_to_json_string_ext(
					    stuck, JSON_C_TO_STRING_PRETTY |
							   JSON_C_TO_STRING_NOSLASHESCAPE));
			fputs("</pre></details>", f);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void cgroups(FILE *f, json_object *root)
{
	json_object *cgs = jget(jget(root, "memory"), "cgroups");

	if (!jarr_len(cgs))
		return;
	fputs("<h3 id=\"cgroups\">Memory cgroups</h3>\n<table><tr><th>cgroup</th><th>peak MiB</th>"
	      "<th>limit MiB</th><th>swap peak MiB</th><th>swap limit MiB</th>"
	      "<th>at the limit s</th><th>largest drop MiB</th><th>high</th>"
	      "<th>max</th><th>oom</th><th>oom_kill</th><th>PSI some s</th><th>PSI full s</th>"
	      "</tr>\n",
	      f);
	for (size_t i = 0; i < jarr_len(cgs); i++) {
		json_object *c = json_object_array_get_idx(cgs, i), *ev = jget(c, "events");
		const char *path = jstr(c, "path"), *base = strrchr(path, '/');
		fputs("<tr>", f);
		text(f, !strcmp(jstr(c, "cgroup"), "/") && base ? base + 1 : jstr(c, "cgroup"));
		num(f, (double)jint(c, "peak", 0) / 1048576.0, "%.1f");
		num(f, jget(c, "limit") ? (double)jint(c, "limit", 0) / 1048576.0 : -1, "%.1f");
		num(f, jget(c, "swap_peak") ? (double)jint(c, "swap_peak", 0) / 1048576.0 : -1,
		    "%.1f");
		num(f, jget(c, "swap_limit") ? (double)jint(c, "swap_limit", 0) / 1048576.0 : -1,
		    "%.1f");
		num(f, jdouble(c, "time_at_limit_s", 0), "%.1f");
		num(f, (double)jint(c, "max_drop", 0) / 1048576.0, "%.1f");
		num(f, (double)jint(ev, "high", 0), "%.0f");
		num(f, (double)jint(ev, "max", 0), "%.0f");
		num(f, (double)jint(ev, "oom", 0), "%.0f");
		num(f, (double)jint(ev, "oom_kill", 0), "%.0f");
		num(f,
		    jget(c, "psi_some_total_us") ? (double)jint(c, "psi_some_total_us", 0) / 1e6 :
						   -1,
		    "%.2f");
		num(f,
		    jget(c, "psi_full_total_us") ? (double)jint(c, "psi_full_total_us", 0) / 1e6 :
						   -1,
		    "%.2f");
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* A leak witness's heading, and why it did not look when it did not:
 * false then, and nothing more to write. */
static bool leak_heading(FILE *f, json_object *l, const char *id, const char *title)
{
	fprintf(f, "<h3 id=\"%s\">%s</h3>\n<p>", id, title);
	if (strcmp(jstr(l, "source"), "none"))
		return true;
	fputs("Not looked for: ", f);
	html_esc(f, jstr(l, "why_not"));
	fputs("</p>\n", f);
	return false;
}

static void leaks(FILE *f, json_object *root)
{
	json_object *l = jget(root, "leaks"), *nw = jget(l, "new");

	if (!l)
		return;
	if (!leak_heading(f, l, "leaks", "Leaks"))
		return;
	fprintf(f, "%lld found by %s.</p>\n", jint(l, "count", 0), jstr(l, "source"));
	for (size_t i = 0; i < jarr_len(nw) && i < 20; i++) {
		json_object *o = json_object_array_get_idx(nw, i);
		fprintf(f, "<details><summary>%lld bytes, %s(%lld), at ", jint(o, "size", 0),
			jstr(o, "comm"), jint(o, "pid", -1));
		html_esc(f, jstr(o, "site"));
		fputs("</summary><pre>", f);
		html_esc(f, json_object_to_json_string_ext(jget(o, "backtrace"),
							   JSON_C_TO_STRING_PRETTY |
								   JSON_C_TO_STRING_NOSLASHESCAPE));
		fputs("</pre></details>\n", f);
	}
}

static void page_leaks(FILE *f, json_object *root)
{
	json_object *l = jget(root, "page_leaks"), *sus = jget(l, "suspects");

	if (!l)
		return;
	if (!leak_heading(f, l, "page-leaks", "Page leaks"))
		return;
	fprintf(f,
		"%lld allocation stack(s) hold pages after the unmount (page_owner: %lld stacks "
		"and %lld pages before the mount, %lld and %lld after).</p>\n",
		jint(l, "count", 0), jint(l, "stacks_before", 0), jint(l, "pages_before", 0),
		jint(l, "stacks_after", 0), jint(l, "pages_after", 0));
	for (size_t i = 0; i < jarr_len(sus) && i < 20; i++) {
		json_object *o = json_object_array_get_idx(sus, i), *fr = jget(o, "frames");
		fprintf(f, "<details><summary>%lld page(s) (%lld before), at ", jint(o, "pages", 0),
			jint(o, "before", 0));
		html_esc(f, jstr(o, "site"));
		fputs("</summary><pre>", f);
		for (size_t k = 0; k < jarr_len(fr); k++) {
			html_esc(f, json_object_get_string(json_object_array_get_idx(fr, k)));
			fputc('\n', f);
		}
		fputs("</pre></details>\n", f);
	}
}

void html_witnesses(FILE *f, json_object *root)
{
	static void (*const sections[])(FILE *, json_object *) = {
		latency, stalls, failures, victims, cgroups, leaks, page_leaks,
	};

	fputs("<h2>What the kernel's accounting witnessed</h2>\n", f);
	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]); i++)
		sections[i](f, root);
}

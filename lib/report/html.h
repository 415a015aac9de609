/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.html: a self-contained page for one run, plots by gnuplot (SVG).
 */
#ifndef MEMSTRESS_REPORT_HTML_H
#define MEMSTRESS_REPORT_HTML_H

#include <json-c/json.h>
#include <stddef.h>

/* Write DIR/report.html from the run's result.json tree and series; out_path gets its path. */
int report_html(const char *dir, json_object *root, char *out_path, size_t len);

/* Inside the page (html.c, plots.c): */
#include <stdio.h>
/* Text escaped for HTML. */
void html_esc(FILE *f, const char *s);
/* The plots of the run in DIR, or a note saying why there are none. */
void html_plots(FILE *out, const char *dir, json_object *root);
/* The witnesses' tables: stalls, failed allocations, OOM victims, cgroups, leaks. */
void html_witnesses(FILE *f, json_object *root);

#endif

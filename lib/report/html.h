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

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals shared by the scenario loader (load.c) and its cross-section
 * checks (validate.c). Not for use outside lib/scenario.
 */
#ifndef MEMSTRESS_SCENARIO_LOAD_H
#define MEMSTRESS_SCENARIO_LOAD_H

#include "core/options.h"
#include "scenario.h"

struct sc_ctx {
	const char *origin;	      /* file name for messages */
	char **err;		      /* first error, "FILE:LINE: msg" */
	const char *override_arg;     /* set while applying a --set entry */
	const struct sc_override *ov; /* the --set overrides, for messages */
	size_t n_ov;
};

/*
 * Where a key or section came from, as a "line": > 0 a line of the file,
 * SC_LINE_OVERRIDE(i) the i-th --set argument, -1 nowhere in particular.
 */
#define SC_LINE_OVERRIDE(i) (-2 - (int)(i))

/* Record the first error; line > 0: FILE:LINE, SC_LINE_OVERRIDE(i): that
 * --set argument, 0: c->override_arg, -1: FILE only. */
int sc_errorf(struct sc_ctx *c, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int sc_apply_entry(struct sc_ctx *c, const struct opt_def *table, struct sc_base *b, void *obj,
		   const char *section, const char *key, const char *value, int line);
int sc_validate(struct scenario *s, struct sc_ctx *c);
/* Line where key was given in the section (or the section's line). */
int sc_key_line(const struct sc_base *b, const struct opt_def *table, const char *key);

#endif

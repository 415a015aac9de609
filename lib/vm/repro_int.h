/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memstress repro's insides, shared by its stages: narrowing to a site
 * (repro.c), to one fault (repro_one.c), and the standalone reproducer
 * written for that fault (repro_prog.c).
 */
#ifndef MEMSTRESS_VM_REPRO_INT_H
#define MEMSTRESS_VM_REPRO_INT_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdio.h>

#include "core/clock.h"
#include "repro.h"
#include "scenario/scenario.h"

struct repro_ctx {
	const struct repro_opts *o;
	json_object *root;   /* the failed run's result */
	char want[1024];     /* its failed checks, sorted: what a reproduction fails */
	char image[4096];    /* VM runs: the run's kernel image ("" on the host) */
	char scenario[4200]; /* RUN/scenario.ini */
	char dir[4200];	     /* RUN/repro */
	struct run_opts ro;  /* the runs go to RUN/repro/runs */
	char results[4300];
	FILE *log; /* RUN/repro/repro.log */
	double t0;
	unsigned runs;
};

/* One fault: an fstx operation alone, with fail-nth n aimed at a site. */
struct repro_fault {
	char site[256];
	char op[32];
	unsigned n;
	char fs[16];	      /* the run's filesystem: xfs, ext4 */
	char mount_opts[256]; /* its [fs] mount_options ("" none) */
	char ini[4400];	      /* its scenario: RUN/repro/one-fault.ini */
};

void repro_say(struct repro_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* One run of s (no_faults: without any); its exit code, *fails its failed checks. */
int repro_run(struct repro_ctx *c, struct scenario *s, bool no_faults, char *fails, size_t len,
	      char **dir);
void repro_logline(struct repro_ctx *c, const char *site, const char *what, int code,
		   const char *fails, const char *dir);
bool repro_over_budget(struct repro_ctx *c);
/* RUN/repro/NAME opened to write (mode "we", "ae"); NULL, errno kept, after
 * saying why. */
FILE *repro_open(const struct repro_ctx *c, const char *name, const char *mode);
/* A run's exit that ends the search: the harness, a skip, a signal. */
bool repro_fatal(int code);
int repro_rounds(struct repro_ctx *c, const char *site, struct scenario *s, bool with, bool strip,
		 unsigned n, unsigned *hits);

/*
 * From a confirmed site to one fault (repro_one.c): the fstx operations
 * whose system calls the run's faults at the site came from, each alone
 * with fail-nth 1 (then 2) aimed at the site; the first that fails as the
 * run did is confirmed against the same step with fail-nth unarmed.
 * 1 found and confirmed (*f, *report_dir), 0 not, a fatal exit code negated.
 */
int repro_one_fault(struct repro_ctx *c, const char *site, struct repro_fault *f,
		    char **report_dir);

/* The standalone reproducer of one fault (repro_prog.c): RUN/repro/repro.c
 * and repro.sh. 0, or a negative errno. */
int repro_write_program(struct repro_ctx *c, const struct repro_fault *f);

#endif

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Scanning a whole log with the oracle, as `memstress scan` does: a stream
 * (a pipe) line by line, or a regular file in parallel — one oracle per chunk
 * of the file, each chunk handed over to the next at the first line after
 * which both oracles are quiescent, so the events, their order and their line
 * numbers are exactly those of a single oracle reading the file from the
 * start. Memory does not grow with the input: there are at most 8 chunks per
 * thread, each read in blocks, its rendered events kept in a temporary file
 * until the merge.
 */
#ifndef MEMSTRESS_ORACLE_SCANFILE_H
#define MEMSTRESS_ORACLE_SCANFILE_H

#include <stdio.h>

#include "oracle.h"

/* Lines longer than this are fed cut to this length (the rest is skipped). */
#define SCAN_MAX_LINE (1 << 20)

enum { RENDER_EVENT = 1, RENDER_FAILURE = 2 };

/*
 * Write one event to f (or nothing, when it is filtered out) and say whether
 * it counts as an event and as a failure (RENDER_* bits). Takes ownership of
 * e. May run in several threads at once, each with its own f. f is NULL when
 * the scan is silent (scan_opts.silent): the render then only counts.
 */
typedef unsigned (*scan_render_fn)(struct oracle_event *e, FILE *f, void *ud);

struct scan_opts {
	struct oracle_opts oracle;
	scan_render_fn render;
	void *ud;
	FILE *out;
	const char *sep_first, *sep; /* written before the first event / each later one */
	unsigned threads;	     /* 0: one per CPU (at most 8); 1: sequential */
	size_t chunk_min; /* parallel: the smallest chunk (0: 1 MB; tests make it small) */
	/* the render writes no line number (scan -q): a chunk's events need not
	 * wait for the number of its first line, nor the lines before it be
	 * counted while they are still being scanned */
	bool unnumbered;
	/* nothing is written at all (scan -q): the render is given no stream,
	 * no separator is written, and a chunk keeps only each event's line
	 * and flags, for the counts */
	bool silent;
};

struct scan_result {
	unsigned long lines, events, failures;
	unsigned threads;	 /* used */
	unsigned handovers_lost; /* chunks whose oracle's work was redone sequentially */
};

/* Scan fd to its end. A regular file of at least 16 MB is scanned in parallel. */
int scan_file(int fd, const struct scan_opts *o, struct scan_result *res);

#endif

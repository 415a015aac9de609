/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The text of a tracefs trace_pipe, as the kernel prints it:
 *
 *	 stress-ng-vm-1234    [001] d..1.  1234.567890: kmalloc: call_site=... ptr=...
 *	 stress-ng-vm-1234    [001] d..1.  1234.567891: <stack trace>
 *	 => __kmalloc_noprof+0x1c/0x30
 *	CPU:1 [LOST 12 EVENTS]
 *
 * A pure parser (no I/O), fed a line at a time, like the console oracle:
 * each line is one record (an event with its task, CPU, time, name and
 * fields; the start of a stack; one frame; a loss), and a field of an event
 * is found by its key. The task's comm may hold spaces and dashes: the pid
 * is the last "-N" before the CPU column. Also the GFP flag table of a
 * tracepoint's `format` file, to turn a numeric mask into names with the
 * running kernel's own values.
 */
#ifndef MEMSTRESS_ORACLE_TRACE_H
#define MEMSTRESS_ORACLE_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum trace_line {
	TL_OTHER, /* blank, a comment, anything not understood */
	TL_EVENT, /* an event: name and body set */
	TL_STACK, /* "<stack trace>": the frames of the event before it follow */
	TL_FRAME, /* " => func+0x1c/0x30": frame set */
	TL_LOST,  /* "CPU:N [LOST M EVENTS]": lost set */
};

struct trace_rec {
	char comm[20];
	int pid; /* thread id */
	int cpu;
	double ts; /* seconds, the trace clock ("local": as printk's) */
	char system[32], event[64];
	const char *body; /* "key=value key=value", into the line */
	size_t body_len;
	char frame[128]; /* TL_FRAME: the function, without +off/len */
	unsigned long long lost;
};

/* Parse one line (without its newline); fills r as far as the kind goes. */
enum trace_line trace_line_parse(const char *line, size_t len, struct trace_rec *r);

/* The value of key in an event's body ("ptr=0000000000000000" -> "0000..."):
 * up to the next space; false if absent. */
bool trace_field(const struct trace_rec *r, const char *key, const char **v, size_t *vlen);
/* The same as a number (decimal or 0x hex); def if absent or not a number. */
long long trace_field_int(const struct trace_rec *r, const char *key, long long def);

/* A GFP flag table from a tracepoint's format file ("print fmt"): names and
 * their values as the running kernel defines them. */
struct gfp_table {
	size_t n;
	struct {
		char name[32];
		unsigned long long value;
	} e[64];
};
int gfp_table_parse(const char *format, struct gfp_table *t);
/* Names of mask, composites first, as the kernel's %pGg would print them:
 * "GFP_NOFS|__GFP_NOWARN". Returns the length written. */
size_t gfp_table_names(const struct gfp_table *t, unsigned long long mask, char *buf, size_t len);

#endif

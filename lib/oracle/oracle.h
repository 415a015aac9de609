/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The console oracle: reads kernel console lines (from /dev/kmsg, a serial
 * console, dmesg or syslog) and turns them into structured events: OOM
 * kills, allocation failures, injected faults, hangs, lockdep reports,
 * warnings, BUGs, oopses, panics and filesystem errors, each with its fields,
 * its call trace and the range of lines it came from.
 *
 * It is a pure parser: no I/O, fed one line at a time, emitting each event
 * through a callback when the report is complete. Memory is bounded whatever
 * the input (a fixed number of open reports, frames and kept lines), so it
 * can scan a log of any size. The patterns are data (rules.c); the fixtures
 * under ci/fixtures are real captures it is tested against.
 */
#ifndef MEMSTRESS_ORACLE_ORACLE_H
#define MEMSTRESS_ORACLE_ORACLE_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "fields.h"

enum ev_kind {
	EV_OOM,
	EV_ALLOC_FAILURE,
	EV_FAULT_INJECTED,
	EV_HANG,
	EV_LOCKDEP,
	EV_WARNING,
	EV_BUG,
	EV_OOPS,
	EV_PANIC,
	EV_FS_ERROR,
	EV_BLOCKED_TASKS, /* sysrq-w output: evidence, not a failure */
	EV_KIND_MAX,
};

enum ev_severity {
	SEV_INFO,    /* happened; the scenario's expectations judge it */
	SEV_NOTICE,  /* worth attention, not a failure by itself */
	SEV_FAILURE, /* the kernel misbehaved */
};

#define ORACLE_MAX_FRAMES 64

struct oracle_event {
	enum ev_kind kind;
	enum ev_severity severity;
	char subkind[32];
	char title[256];
	double ts;		  /* kernel time of the first line, seconds; < 0 unknown */
	unsigned long first_line; /* 1-based line numbers in the input */
	unsigned long last_line;
	char caller[12];
	struct fieldset fields;		/* kind-specific (fields_json for JSON) */
	char *stack[ORACLE_MAX_FRAMES]; /* function names, reliable frames only (into stack_buf) */
	unsigned n_stack;
	unsigned rip_at; /* 1 + n_stack when the RIP line came (its frames follow); 0 none */
	size_t stack_used;
	char stack_buf[2048];
	char **lines; /* raw lines when keep_lines > 0 */
	unsigned n_lines;
};

/* Moments the oracle tells at once, before the report they belong to is
 * complete (an OOM kill waits for its oom_reaper line): a run follows each
 * OOM victim's life from them. */
enum oracle_notice {
	ORACLE_OOM_KILL,     /* "Killed process PID" */
	ORACLE_OOM_REAPED,   /* "oom_reaper: reaped process PID" */
	ORACLE_OOM_UNREAPED, /* "oom_reaper: unable to reap pid:PID" */
};

struct oracle_opts {
	unsigned keep_lines;	  /* raw lines kept per event (0: none) */
	unsigned long first_line; /* lines before the first one fed (a scan of part of a file) */
	/* called with the victim's pid and the line's kernel time (< 0 unknown) */
	void (*notice)(enum oracle_notice what, long pid, double ts, void *userdata);
};

struct oracle;

/* The callback takes ownership of ev (free it with oracle_event_free). */
typedef void (*oracle_emit_fn)(struct oracle_event *ev, void *userdata);

struct oracle *oracle_new(const struct oracle_opts *opts, oracle_emit_fn emit, void *userdata);
/* One line, without its newline. */
void oracle_feed(struct oracle *o, const char *line, size_t len);
/* oracle_feed for a reader that has looked for '#' in the line already
 * (rsyslog's escapes begin with one): false, and the line is not searched
 * again. */
void oracle_feed_hinted(struct oracle *o, const char *line, size_t len, bool has_hash);
/* End of input: complete and emit whatever is open. */
void oracle_flush(struct oracle *o);
void oracle_free(struct oracle *o);
unsigned long oracle_line_count(const struct oracle *o);
/* n lines that start nothing went by while the oracle was quiescent (the
 * scan's prefilter skipped them): only the count moves. */
void oracle_skip_lines(struct oracle *o, unsigned long n);
/* Nothing open, pending or remembered: from here on, what the oracle emits
 * depends only on the lines to come (scanfile.c hands over on this). */
bool oracle_quiescent(const struct oracle *o);

void oracle_event_free(struct oracle_event *e);

/* What the oracle makes of one line, for people writing rules (scan --explain). */
struct oracle_explanation {
	const char *prefix; /* the recogniser that stripped the line's prefix */
	const char *msg;    /* the message after it */
	size_t msg_len;
	double ts;	   /* < 0: none */
	char caller[12];   /* "" none */
	int level;	   /* -1 none */
	const char *rule;  /* the start rule that takes it; NULL: none */
	const char *frame; /* a call-trace frame's function; NULL: not a frame */
	size_t frame_len;
};
void oracle_explain(const char *line, size_t len, struct oracle_explanation *x);
/* A new JSON object for the event (caller owns the reference). */
json_object *oracle_event_json(const struct oracle_event *e);
/* One line of text: "[  12.345] oom     title". */
void oracle_event_print(const struct oracle_event *e, FILE *f, bool color);

/* The first frame that is not allocation, fault-injection or tracing
 * machinery: the caller that asked for memory (frames[0] if all are). */
const char *oracle_alloc_site(char *const *frames, unsigned n);
/* "xfs", "ext4" or "jbd2" for a function of that filesystem, else NULL. */
const char *oracle_frame_fs(const char *fn);

const char *ev_kind_name(enum ev_kind k);
int ev_kind_from_name(const char *s); /* -1 if unknown */
const char *ev_severity_name(enum ev_severity s);
int ev_severity_from_name(const char *s); /* -1 if unknown */

#endif

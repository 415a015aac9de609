// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's lockdep rules: every report type since the old "[ INFO: ...]"
 * headers, the dependency chain, the locks and their usage bits; the title
 * (rules.c dispatches).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "gfp.h"
#include "guilty.h"
#include "rules_int.h"

/* --- lockdep, warnings, BUGs, oopses, panics ------------------------------------ */

/* The words after "WARNING: " or "BUG: " that open one of lockdep's reports,
 * with their lengths: every WARNING and BUG line is checked against each. */
#define T(s) s, sizeof(s) - 1
static const struct {
	const char *s;
	size_t n;
} lockdep_types[] = {
	{ T("possible circular locking dependency detected") },
	{ T("possible recursive locking detected") },
	{ T("inconsistent lock state") },
	{ T("possible irq lock inversion dependency detected") },
	{ T("bad unlock balance detected") },
	{ T("held lock freed") },
	{ T("lock held when returning to user space") },
	{ T("suspicious RCU usage") },
	{ T("Nested lock was not taken") },
	{ T("bad contention detected") },
	{ T("lock held at task exit time") },
	{ T("possible circular locking") },
	{ T("HARDIRQ-safe -> HARDIRQ-unsafe lock order detected") },
	{ T("SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected") },
	{ T("Invalid wait context") },
	{ T("MAX_STACK_TRACE_ENTRIES too low") },
	{ T("MAX_LOCKDEP") },
	{ T("looking up invalid subclass") },
};
#undef T

bool is_lockdep_type(const char *p, const char *end)
{
	for (size_t i = 0; i < ARRAY_SIZE(lockdep_types); i++)
		if (has_prefix_n(p, end, lockdep_types[i].s, lockdep_types[i].n))
			return true;
	return false;
}

bool start_lockdep(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen,
		   const char *type)
{
	struct report *r = report_open(o, k, raw, rawlen, EV_LOCKDEP, SEV_FAILURE, NULL, END_TASK);

	if (!r)
		return true;
	r->idle_limit = 60;
	size_t tl = (size_t)(k->msg + k->len - type); /* type: the rest of the line */
	while (tl && (type[tl - 1] == '!' || type[tl - 1] == ' ' || type[tl - 1] == ']'))
		tl--;
	fset_str(&r->ev->fields, "report", type, tl);
	fjson_array(&r->ev->fields, "locks");
	return true;
}

static bool lockdep_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	struct fieldset *f = &r->ev->fields;
	json_object *locks;
	const char *p = k->msg, *end = k->msg + k->len;

	(void)o;
	locks = fjson_array(f, "locks");
	/* lock names appear as "(name){+.+.}" */
	while ((p = memchr(p, '(', (size_t)(end - p)))) {
		const char *q = find_in(p, (size_t)(end - p), "){", 2);
		if (!q)
			break;
		if (q - p > 1 && q - p < 96 && !memchr(p + 1, '(', (size_t)(q - p - 1))) {
			bool dup = false;
			size_t nl = json_object_array_length(locks);
			for (size_t i = 0; i < nl; i++) {
				const char *s =
					json_object_get_string(json_object_array_get_idx(locks, i));
				dup |= strlen(s) == (size_t)(q - p - 1) &&
				       !memcmp(s, p + 1, (size_t)(q - p - 1));
			}
			if (!dup && nl < 16)
				json_object_array_add(
					locks, json_object_new_string_len(p + 1, (int)(q - p - 1)));
		}
		p = q + 2;
	}
	/* "kswapd0/55 is trying to acquire lock:", "fs_mark/3179 [HC0[0]:SC0[0]:HE1:SE1] takes:" */
	const char *t = find_in(k->msg, k->len, " is trying to acquire lock:", 27);
	if (!t)
		t = find_in(k->msg, k->len, " is trying to release lock", 26);
	if (!t && find_in(k->msg, k->len, "] takes:", 8))
		t = find_in(k->msg, k->len, " [HC", 4);
	if (t && !fget_str(f, "task")) {
		const char *slash = memrchr(k->msg, '/', (size_t)(t - k->msg));
		if (slash) {
			fset_str(f, "task", k->msg, (size_t)(slash - k->msg));
			fset_int(f, "pid", parse_ll(slash + 1, k->msg + k->len, 10, NULL));
		}
	}
	/* "(&xt[i].mutex){+.+.}, at: [<0000000046bbd7df>] do_ip_setsockopt.isra.12+0x1d9/0x3210":
	 * the first is where the task acquires the lock, the second where it took
	 * the one it holds */
	const char *at = find_in(k->msg, k->len, "}, at: ", 7);
	if (at && !fget_str(f, "held_at")) {
		const char *fn = at + 7;
		if (at_prefix(fn, end, "[<")) {
			const char *rb = memchr(fn, ']', (size_t)(end - fn));
			fn = rb ? rb + 1 : end;
			while (fn < end && *fn == ' ')
				fn++;
		}
		size_t l = ident_len(fn, (size_t)(end - fn));
		if (l)
			fset_str(f, fget_str(f, "acquire_at") ? "held_at" : "acquire_at", fn, l);
	}
	/* before 4.14: "inconsistent {IN-RECLAIM_FS-W} -> {RECLAIM_FS-ON-W} usage." */
	const char *u = find_in(k->msg, k->len, "RECLAIM_FS", 10);
	if (u && !fget_str(f, "reclaim_fs_usage")) {
		const char *b = u, *e = u;
		while (b > k->msg && b[-1] != ' ')
			b--;
		while (e < end && *e != ' ' && *e != '\n')
			e++;
		fset_str(f, "reclaim_fs_usage", b, (size_t)(e - b));
	}
	/* "-> #1 (fs_reclaim){+.+.}-{0:0}:": a link of the dependency chain, its
	 * stack below it; the event's own stack is the one after "stack backtrace:" */
	if (starts(k, "-> #")) {
		const char *lp = memchr(k->msg, '(', k->len), *q;
		if (lp && (q = find_in(lp, (size_t)(end - lp), "){", 2))) {
			json_object *link = json_object_new_object();
			json_object_object_add(link, "lock",
					       json_object_new_string_len(lp + 1,
									  (int)(q - lp - 1)));
			json_object_object_add(link, "frames", json_object_new_array());
			json_object_array_add(fjson_array(f, "chain"), link);
			r->in_chain = true;
		}
	} else if (starts(k, "other info that might help") || starts(k, "stack backtrace:")) {
		r->in_chain = false;
		if (starts(k, "stack backtrace:")) {
			r->ev->n_stack = 0;
			r->ev->stack_used = 0;
			/* from here the trace, then the end: "</TASK>", or a line that is not
			 * part of a trace (kernels before <TASK> markers) */
			r->in_backtrace = true;
			r->idle_limit = 1;
		}
	}
	/* The report is long and free-form until its stack backtrace; take it all. */
	return true;
}

/* A frame of the chain link being read: to that link (16 at most), not the event's stack. */
static bool lockdep_chain_frame(struct report *r, const struct kline *k)
{
	const char *fn;
	bool unreliable;
	size_t n = frame_parse(k->msg, k->len, &fn, &unreliable);
	json_object *chain = fjson_array(&r->ev->fields, "chain"), *link, *frames;

	if (!n)
		return false;
	size_t nl = json_object_array_length(chain);
	if (!nl || unreliable)
		return true;
	link = json_object_array_get_idx(chain, nl - 1);
	if (json_object_object_get_ex(link, "frames", &frames) &&
	    json_object_array_length(frames) < 16)
		json_object_array_add(frames, json_object_new_string_len(fn, (int)n));
	return true;
}

/* Before 4.10 lockdep's headers were "[ INFO: possible circular locking
 * dependency detected ]" and "[ BUG: bad unlock balance detected! ]";
 * "[ BUG: comm/pid still has locks held! ]" names the task first. */
bool start_info_lockdep(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	const char *p = memchr(k->msg, ':', k->len) + 2, *end = k->msg + k->len;

	if (is_lockdep_type(p, end))
		return start_lockdep(o, k, raw, rawlen, p);
	const char *held = find_in(p, (size_t)(end - p), " still has locks held!", 22);
	if (held)
		return start_lockdep(o, k, raw, rawlen, held + 1);
	return false;
}

/* lockdep's reports that are one line and a stack: "INFO: trying to
 * register non-static key." */
bool start_lockdep_line(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	return start_lockdep(o, k, raw, rawlen, k->msg + 6);
}

/* A line of an open lockdep report (rules_continue). */
bool lockdep_continue_report(struct oracle *o, struct report *r, const struct kline *k)
{
	if (r->in_chain && lockdep_chain_frame(r, k))
		return true;
	struct kline t = *k; /* " </TASK>": dump_stack indents */
	while (t.len && t.msg[0] == ' ') {
		t.msg++;
		t.len--;
	}
	if (r->in_backtrace || starts(&t, "</TASK>") || starts(&t, "<TASK>") ||
	    frame_parse(k->msg, k->len, &(const char *){ NULL }, &(bool){ 0 }) ||
	    starts(k, "CPU: ") || starts(k, "Call Trace:"))
		return false; /* the generic handler takes these */
	return lockdep_continue(o, r, k);
}

void finish_lockdep(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;

	json_object *locks;
	/* the fs_reclaim pseudo-lock (4.14 on), or before it the RECLAIM_FS usage bits */
	bool fsr = fget_str(f, "reclaim_fs_usage") != NULL;
	char names[160] = "";
	if ((locks = fget_json(f, "locks")))
		for (size_t i = 0; i < json_object_array_length(locks); i++) {
			const char *l = json_object_get_string(json_object_array_get_idx(locks, i));
			fsr |= !strcmp(l, "fs_reclaim");
			if (i < 3)
				snprintf(names + strlen(names), sizeof(names) - strlen(names),
					 "%s%s", i ? ", " : "", l);
		}
	fset_bool(f, "fs_reclaim", fsr);
	/* the guilty frame: where the lock is taken for the deadlock reports (the
	 * acquire site, then the holder's), else the stack backtrace */
	const char *rep = fget_str(f, "report") ?: "lockdep report", *g;
	char head[160];
	bool deadlock = !strncmp(rep, "possible", 8) || strstr(rep, "lock order") != NULL;
	const char *at[] = { fget_str(f, "acquire_at"), fget_str(f, "held_at") };
	g = NULL;
	for (size_t i = 0; deadlock && !g && i < 2; i++)
		if (at[i] && !guilty_skip(at[i]))
			g = at[i];
	g = g ?: guilty_frame(NULL, e->stack, e->n_stack);
	if (g) {
		snprintf(head, sizeof(head), "%s", rep);
		set_title_in(e, head, -1, g);
		size_t n = strlen(e->title);
		snprintf(e->title + n, sizeof(e->title) - n, "%s%s%s", *names ? " (" : "", names,
			 *names ? ")" : "");
	} else
		set_title(e, "%s%s%s%s", rep, *names ? " (" : "", names, *names ? ")" : "");
}

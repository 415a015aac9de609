// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's hang rules: hung tasks, soft and hard lockups, RCU stalls,
 * workqueue lockups, sysrq-w's blocked tasks; their titles (rules.c dispatches).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "gfp.h"
#include "guilty.h"
#include "rules_int.h"

/* --- hangs ------------------------------------------------------------------ */

bool start_hung_task(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	const char *p = k->msg + 11, *end = k->msg + k->len;
	const char *b = find_in(p, (size_t)(end - p), " blocked ", 9) ?:
				find_in(p, (size_t)(end - p), " can't die ", 11);
	const char *mtx = find_in(p, (size_t)(end - p), " is blocked on a ", 17);
	struct report *r;

	if (mtx) { /* 6.15+: "INFO: task X:1 is blocked on a mutex likely owned by task Y:2." */
		r = report_find(o, k, EV_HANG);
		if (r) {
			const char *own = find_in(mtx, (size_t)(end - mtx), "owned by task ", 14);
			const char *what = mtx + 17;
			if (own) {
				const char *dot = end[-1] == '.' ? end - 1 : end;
				fset_str(&r->ev->fields, "blocker", own + 14,
					 (size_t)(dot - own - 14));
				fset_str(&r->ev->fields, "blocker_lock", what,
					 (size_t)(memchr(what, ' ', (size_t)(end - what)) ?
							  (const char *)memchr(
								  what, ' ', (size_t)(end - what)) -
								  what :
							  0));
			}
			r->in_table = true; /* what follows is the owner's dump */
			r->soft_complete = false;
			r->idle_limit = 40;
			report_attach(o, r, raw, rawlen);
		}
		return true;
	}
	if (!b)
		return false;
	r = report_open(o, k, raw, rawlen, EV_HANG, SEV_FAILURE, "hung_task", END_TASK);
	if (!r)
		return true;
	const char *colon = memrchr(p, ':', (size_t)(b - p));
	if (colon) {
		fset_str(&r->ev->fields, "task", p, (size_t)(colon - p));
		fset_int(&r->ev->fields, "pid", parse_ll(colon + 1, end, 10, NULL));
	}
	fset_int(&r->ev->fields, "seconds", num_after(k->msg, k->len, "more than ", -1));
	fset_bool(&r->ev->fields, "io_wait", find_in(b, (size_t)(end - b), "I/O wait", 8) != NULL);
	return true;
}

static bool task_state_line(struct report *r, const struct kline *k, struct fieldset *f)
{
	char v[32];

	if (!starts(k, "task:"))
		return false;
	if (field_after(k->msg, k->len, "state:", " ", v, sizeof(v)))
		fset_str(f, "state", v, strlen(v));
	if (!fhas(f, "pid"))
		fset_int(f, "pid", num_after(k->msg, k->len, " pid:", -1));
	(void)r;
	return true;
}

bool hang_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	struct fieldset *f = &r->ev->fields;

	(void)o;
	if (subkind_is(r->ev, "hung_task")) {
		if (r->in_table) {
			/* after "is blocked on a mutex likely owned by": the owner's dump */
			const char *fn;
			bool unreliable;
			size_t n = frame_parse(k->msg, k->len, &fn, &unreliable);
			json_object *st;
			char v[32];
			if (n) {
				st = fjson_array(f, "blocker_stack");
				if (!unreliable && !frame_is_pfx(fn, n) &&
				    json_object_array_length(st) < 32)
					json_object_array_add(
						st, json_object_new_string_len(fn, (int)n));
				return true;
			}
			if (starts(k, "task:") &&
			    field_after(k->msg, k->len, "state:", " ", v, sizeof(v))) {
				fset_str(f, "blocker_state", v, strlen(v));
				return true;
			}
			if (starts(k, "</TASK>") || starts(k, " </TASK>"))
				r->done = true;
			return starts(k, "Call Trace:") || starts(k, "<TASK>") ||
			       starts(k, " <TASK>") || starts(k, "</TASK>") ||
			       starts(k, " </TASK>") ||
			       (k->len > 4 && k->msg[0] == 'R' && memchr(k->msg, ':', 5));
		}
		if (task_state_line(r, k, f))
			return true;
		/* before 5.x: "comm  D    0   123      2 0x80000000" */
		const char *task = fget_str(f, "task");
		size_t tl = task ? strlen(task) : 0;
		if (tl && k->len > tl + 3 && !memcmp(k->msg, task, tl) && k->msg[tl] == ' ') {
			const char *st = k->msg + tl;
			while (st < k->msg + k->len && *st == ' ')
				st++;
			if (st + 1 < k->msg + k->len && st[1] == ' ' && st[0] >= 'A' &&
			    st[0] <= 'Z') {
				fset_str(f, "state", st, 1);
				return true;
			}
		}
		const char *t = k->msg;
		while (t < k->msg + k->len && *t == ' ')
			t++;
		if (at_prefix(t, k->msg + k->len, "Not tainted") ||
		    at_prefix(t, k->msg + k->len, "Tainted: "))
			return true;
		return starts(k, "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\"");
	}
	if (subkind_is(r->ev, "rcu_stall"))
		return starts(k, "rcu:") || starts(k, "\t") || starts(k, "(detected by") ||
		       starts(k, "Sending NMI") || starts(k, "NMI backtrace") ||
		       starts(k, "Task dump for CPU") || starts(k, "(t=");
	if (subkind_is(r->ev, "workqueue_lockup"))
		return starts(k, "Showing busy workqueues") || starts(k, "workqueue ") ||
		       starts(k, "  pwq ") || starts(k, "    ") ||
		       starts(k, "Showing backtraces of running workers");
	return false;
}

bool start_soft_lockup(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r =
		report_open(o, k, raw, rawlen, EV_HANG, SEV_FAILURE, "soft_lockup", END_TASK);
	char v[64];

	if (!r)
		return true;
	fset_int(&r->ev->fields, "cpu", num_after(k->msg, k->len, "CPU#", -1));
	fset_int(&r->ev->fields, "seconds", num_after(k->msg, k->len, "stuck for ", -1));
	const char *lb = memrchr(k->msg, '[', k->len);
	if (lb && field_after(lb, k->len - (size_t)(lb - k->msg), "[", "]", v, sizeof(v))) {
		char *c = strrchr(v, ':');
		if (c) {
			fset_str(&r->ev->fields, "task", v, (size_t)(c - v));
			fset_int(&r->ev->fields, "pid", atol(c + 1));
		}
	}
	return true;
}

bool start_rcu_stall(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r;

	if (!find_in(k->msg, k->len, "stall", 5))
		return false;
	r = report_open(o, k, raw, rawlen, EV_HANG, SEV_FAILURE, "rcu_stall", END_IDLE);
	if (r)
		r->idle_limit = 12;
	return true;
}

bool start_wq_lockup(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r =
		report_open(o, k, raw, rawlen, EV_HANG, SEV_FAILURE, "workqueue_lockup", END_IDLE);

	if (r)
		fset_int(&r->ev->fields, "seconds", num_after(k->msg, k->len, "stuck for ", -1));
	return true;
}

/* "NMI watchdog: Watchdog detected hard LOCKUP on cpu 3" (kernel/watchdog_perf.c) */
bool start_hard_lockup(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	const char *p = find_in(k->msg, k->len, "hard LOCKUP", 11);
	struct report *r;

	if (!p)
		return false;
	r = report_open(o, k, raw, rawlen, EV_HANG, SEV_FAILURE, "hard_lockup", END_IDLE);
	if (r) {
		r->idle_limit = 30;
		fset_int(&r->ev->fields, "cpu", num_after(k->msg, k->len, " on cpu ", -1));
	}
	return true;
}

bool start_blocked(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r =
		report_open(o, k, raw, rawlen, EV_BLOCKED_TASKS, SEV_INFO, "sysrq-w", END_IDLE);

	if (r) {
		r->idle_limit = 20;
		fjson_array(&r->ev->fields, "tasks");
	}
	return true;
}

bool blocked_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	json_object *tasks, *t;
	const char *fn;
	bool unreliable;
	size_t n;
	char v[32];

	(void)o;
	tasks = fjson_array(&r->ev->fields, "tasks");
	if (starts(k, "task:")) {
		if (json_object_array_length(tasks) >= 64)
			return true;
		t = json_object_new_object();
		const char *sp = find_in(k->msg, k->len, " state:", 7);
		if (sp) {
			const char *e = sp;
			while (e > k->msg + 5 && e[-1] == ' ')
				e--;
			json_object_object_add(t, "task",
					       json_object_new_string_len(k->msg + 5,
									  (int)(e - k->msg - 5)));
		}
		if (field_after(k->msg, k->len, "state:", " ", v, sizeof(v)))
			json_object_object_add(t, "state", json_object_new_string(v));
		json_object_object_add(
			t, "pid", json_object_new_int64(num_after(k->msg, k->len, " pid:", -1)));
		json_object_object_add(t, "stack", json_object_new_array());
		json_object_array_add(tasks, t);
		return true;
	}
	n = frame_parse(k->msg, k->len, &fn, &unreliable);
	size_t nt = json_object_array_length(tasks);
	if (n && nt) {
		json_object *st;
		t = json_object_array_get_idx(tasks, nt - 1);
		json_object_object_get_ex(t, "stack", &st);
		if (!unreliable && !frame_is_pfx(fn, n) && json_object_array_length(st) < 32)
			json_object_array_add(st, json_object_new_string_len(fn, (int)n));
		return true;
	}
	return false;
}

void finish_hang(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;

	const char *in = first_frame_not(e, sched_frames);
	json_object *bs;
	if (in)
		fset_str(f, "blocked_in", in, strlen(in));
	if ((bs = fget_json(f, "blocker_stack")))
		for (size_t i = 0; i < json_object_array_length(bs); i++) {
			const char *fn = json_object_get_string(json_object_array_get_idx(bs, i));
			if (!has_prefix(fn, sched_frames)) {
				fset_str(f, "blocker_in", fn, strlen(fn));
				break;
			}
		}
	/* a stall: the looping task's RIP, then the frames under it */
	const char *rip = fget_str(f, "rip") ?: fget_str(f, "pc");
	unsigned from = rip && e->rip_at ? e->rip_at - 1 : 0;
	const char *stall = !strcmp(e->subkind, "soft_lockup") || !strcmp(e->subkind, "rcu_stall") ?
				    guilty_stall(rip, e->stack + from, e->n_stack - from) :
				    NULL;
	if (!strcmp(e->subkind, "hung_task"))
		set_title_in(e, "task hung", -1, guilty_hung(e->stack, e->n_stack) ?: in ?: "?");
	else if (!strcmp(e->subkind, "soft_lockup"))
		set_title_in(e, "soft lockup", -1, stall ?: rip ?: in ?: "?");
	else if (!strcmp(e->subkind, "hard_lockup"))
		set_title(e, "hard lockup on CPU %lld", fget_int(f, "cpu", -1));
	else if (!strcmp(e->subkind, "rcu_stall"))
		if (stall || in)
			set_title_in(e, "RCU stall", -1, stall ?: in);
		else
			set_title(e, "RCU stall");
	else
		set_title(e, "workqueue lockup");
}

void finish_blocked_tasks(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;

	json_object *t;
	t = fget_json(f, "tasks");
	set_title(e, "sysrq-w: %zu blocked task(s)", t ? json_object_array_length(t) : 0);
}

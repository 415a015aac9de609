// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's OOM rules: the invocation, the dump (Mem-Info, memcg stats,
 * the task table), the kill in each release's words, the reaper, memory.oom.group;
 * and the title of an OOM event (rules.c dispatches).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "gfp.h"
#include "rules_int.h"

/* --- OOM ---------------------------------------------------------------- */

/* The kernel prints an OOM report in one go: a line seconds after the last
 * one, or one with a timestamp where the report's lines had none (or the
 * other way round: two logs put together), is not part of it. A report whose
 * kill never came (cut, or "no killable processes" in another form) must not
 * take the next OOM's kill minutes later. */
#define OOM_REPORT_GAP 10.0

static bool oom_same_report(struct report *r, const struct kline *k)
{
	const char *t = k->ts_text;
	size_t n = 0, digits;
	long sec = 0;

	if ((t != NULL) != (r->ev->ts >= 0))
		return false;
	if (!t)
		return true;
	/* Every line of a report comes here: its time is kept as text and read
	 * (kline_ts) only when the whole seconds cannot tell whether the gap
	 * exceeds OOM_REPORT_GAP. */
	while (t[n] == ' ')
		n++;
	for (digits = 0; t[n] >= '0' && t[n] <= '9'; n++, digits++)
		if (digits < 12)
			sec = sec * 10 + (t[n] - '0');
	while (t[n] == '.' || (t[n] >= '0' && t[n] <= '9'))
		n++;
	bool text = digits <= 12 && n < sizeof(r->last_ts_text);
	double last = r->last_ts;
	if (r->last_ts_text[0]) {
		long d = sec - r->last_sec;
		/* both within a second of their whole seconds */
		if (text && d >= 2 - (long)OOM_REPORT_GAP && d <= (long)OOM_REPORT_GAP - 2)
			goto same;
		last = kline_ts(&(struct kline){ .ts_text = r->last_ts_text });
	}
	if (last >= 0) {
		double ts = kline_ts(k);
		if (ts - last > OOM_REPORT_GAP || last - ts > OOM_REPORT_GAP)
			return false;
	}
same:
	if (text) {
		memcpy(r->last_ts_text, t, n);
		r->last_ts_text[n] = 0;
		r->last_sec = sec;
	} else { /* no console prints a time this long: read it now */
		r->last_ts_text[0] = 0;
		r->last_ts = kline_ts(k);
	}
	return true;
}

static struct report *oom_ctx(struct oracle *o, const struct kline *k)
{
	for (size_t i = o->n_open; i-- > 0;) {
		struct report *r = &o->open[i];
		if (r->ev->kind != EV_OOM || r->end != END_KILL)
			continue;
		if (k->caller_id && r->caller_id && k->caller_id != r->caller_id)
			continue;
		if (!oom_same_report(r, k)) {
			report_close(o, r); /* its kill never came */
			return NULL;
		}
		return r;
	}
	return NULL;
}

/* The open OOM report this line belongs to, the line attached to it; or a
 * new one it opens, waiting for its kill (a report whose invocation was cut
 * or rate-limited). NULL when none can be opened. */
static struct report *oom_context(struct oracle *o, const struct kline *k, const char *raw,
				  size_t rawlen)
{
	struct report *r = oom_ctx(o, k);

	if (r) {
		report_attach(o, r, raw, rawlen);
		return r;
	}
	r = report_open(o, k, raw, rawlen, EV_OOM, SEV_INFO, NULL, END_KILL);
	if (r)
		r->idle_limit = 5000;
	return r;
}

bool start_oom_invoked(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r = oom_ctx(o, k);

	if (r)
		report_close(o, r); /* a context that never saw its kill */
	if (o->group_ctx)
		fields_release(o->group_ctx);
	free(o->group_ctx);
	o->group_ctx = NULL;
	r = report_open(o, k, raw, rawlen, EV_OOM, SEV_INFO, NULL, END_KILL);
	if (!r)
		return true;
	r->idle_limit = 5000;
	add_leading_task(&r->ev->fields, k, " invoked oom-killer:", "invoker");
	add_gfp(&r->ev->fields, k->msg, k->len, "gfp_mask=");
	fset_int(&r->ev->fields, "order", num_after(k->msg, k->len, "order=", -1));
	fset_int(&r->ev->fields, "invoker_oom_score_adj",
		 num_after(k->msg, k->len, "oom_score_adj=", 0));
	return true;
}

static void oom_scope(struct fieldset *f, const char *constraint, bool memcg_prefix)
{
	static const struct {
		const char *constraint, *scope;
	} map[] = {
		{ "CONSTRAINT_MEMCG", "memcg" },
		{ "CONSTRAINT_NONE", "global" },
		{ "CONSTRAINT_CPUSET", "cpuset" },
		{ "CONSTRAINT_MEMORY_POLICY", "mempolicy" },
	};
	const char *scope = memcg_prefix ? "memcg" : "global";

	for (size_t i = 0; constraint && i < ARRAY_SIZE(map); i++)
		if (!strcmp(constraint, map[i].constraint))
			scope = map[i].scope;
	fset_str(f, "scope", scope, strlen(scope));
}

bool oom_kill_summary(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r = oom_context(o, k, raw, rawlen);
	char v[256];

	if (!r)
		return true;
	/* oom-kill:constraint=..,nodemask=..,cpuset=..,mems_allowed=..,oom_memcg=..,task_memcg=..,task=..,pid=..,uid=.. */
	static const char *const keys[] = { "constraint=", "oom_memcg=", "task_memcg=", "cpuset=" };
	static const char *const names[] = { "constraint", "oom_memcg", "task_memcg", "cpuset" };
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (field_after(k->msg, k->len, keys[i], ",", v, sizeof(v)))
			fset_str(&r->ev->fields, names[i], v, strlen(v));
	if (find_in(k->msg, k->len, ",global_oom", 11))
		fset_str(&r->ev->fields, "scope", "global", 6);
	return true;
}

/* "Killed process 123 (comm) total-vm:1kB, anon-rss:2kB, ..." at p. */
static void oom_victim(struct fieldset *f, const char *p, size_t len)
{
	const char *lp = memchr(p, '(', len), *rp = NULL;

	fset_int(f, "victim_pid", parse_ll(p, p + len, 10, NULL));
	if (lp) {
		/* comm may hold ')': the last one before the first ", " field */
		const char *lim = find_in(lp, len - (size_t)(lp - p), "-vm:", 4);
		rp = memrchr(lp, ')', (size_t)((lim ? lim : p + len) - lp));
		if (rp)
			fset_str(f, "victim", lp + 1, (size_t)(rp - lp - 1));
	}
	/* "total-vm:1kB, anon-rss:2kB, file-rss:3kB, shmem-rss:4kB, UID:0 pgtables:5kB
	 * oom_score_adj:6" in one pass: each value follows a ':' (or "score ") */
	static const struct {
		const char *key, *field;
		size_t len;
	} kb[] = {
		{ "total-vm", "total_vm_kb", 8 },
		{ "anon-rss", "anon_rss_kb", 8 },
		{ "file-rss", "file_rss_kb", 8 },
		{ "shmem-rss", "shmem_rss_kb", 9 },
		{ "pgtables", "pgtables_kb", 8 },
		{ "UID", "victim_uid", 3 },
		{ "oom_score_adj", "victim_oom_score_adj", 13 },
		{ "score", "victim_score", 5 },
	};
	const char *end = p + len;
	for (const char *q = rp ? rp + 1 : p; q < end;) {
		while (q < end && (*q == ' ' || *q == ','))
			q++;
		const char *ks = q;
		while (q < end && *q != ':' && *q != ' ' && *q != ',')
			q++;
		size_t kl = (size_t)(q - ks);
		if (q < end && (*q == ':' || (*q == ' ' && kl == 5 && !memcmp(ks, "score", 5)))) {
			const char *ve;
			long long n = parse_ll(q + 1, end, 10, &ve);
			for (size_t i = 0; i < ARRAY_SIZE(kb); i++)
				if (kb[i].len == kl && same_bytes(ks, kb[i].key, kl)) {
					fset_int(f, kb[i].field, n);
					break;
				}
			q = ve > q + 1 ? ve : q + 1;
		}
		while (q < end && *q != ' ' && *q != ',')
			q++;
	}
}

bool start_oom_kill(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	bool memcg = starts(k, "Memory cgroup out of memory");
	const char *p = find_in(k->msg, k->len, "Killed process ", 15);
	struct report *r;

	if (p)
		p += 15;
	else if ((p = find_in(k->msg, k->len, "Kill process ", 13))) /* before 4.19 */
		p += 13;
	else
		return false;
	bool sacrifice = find_in(k->msg, k->len, "or sacrifice child", 18) != NULL;
	if (sacrifice) { /* old kernels: the choice; "Killed process" follows */
		if (!(r = oom_context(o, k, raw, rawlen)))
			return true;
		fset_int(&r->ev->fields, "victim_score", num_after(k->msg, k->len, "score ", -1));
		if (memcg)
			fset_str(&r->ev->fields, "scope", "memcg", 5);
		return true;
	}
	r = oom_ctx(o, k);
	if (!r) {
		r = report_open(o, k, raw, rawlen, EV_OOM, SEV_INFO, NULL, END_KILL);
		if (!r)
			return true;
		if (o->group_ctx) {
			fields_copy(&r->ev->fields, o->group_ctx);
			fset_bool(&r->ev->fields, "group_member", true);
		} else
			fset_bool(&r->ev->fields, "ratelimited", true);
	} else
		report_attach(o, r, raw, rawlen);
	const char *constraint = fget_str(&r->ev->fields, "constraint");
	if (!fget_str(&r->ev->fields, "scope") || memcg)
		oom_scope(&r->ev->fields, constraint, memcg);
	oom_victim(&r->ev->fields, p, k->len - (size_t)(p - k->msg));
	if (o->opts.notice)
		o->opts.notice(ORACLE_OOM_KILL, (long)fget_int(&r->ev->fields, "victim_pid", -1),
			       kline_ts(k), o->ud);
	report_close(o, r);
	return true;
}

bool start_oom_none(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r = oom_ctx(o, k);

	if (!r) {
		r = report_open(o, k, raw, rawlen, EV_OOM, SEV_FAILURE, NULL, END_KILL);
		if (!r)
			return true;
	} else
		report_attach(o, r, raw, rawlen);
	r->ev->severity = SEV_FAILURE;
	fset_bool(&r->ev->fields, "no_killable", true);
	report_close(o, r);
	return true;
}

bool oom_reaper_line(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	bool reaped = starts(k, "oom_reaper: reaped process ");
	long pid = reaped ? (long)num_after(k->msg, k->len, "reaped process ", -1) :
			    (long)num_after(k->msg, k->len, "pid:", -1);
	struct oracle_event *e = oom_pending_find(o, pid);
	json_object *rp;

	(void)raw;
	(void)rawlen;
	if (o->opts.notice)
		o->opts.notice(reaped ? ORACLE_OOM_REAPED : ORACLE_OOM_UNREAPED, pid, kline_ts(k),
			       o->ud);
	if (!e)
		return true;
	rp = json_object_new_object();
	json_object_object_add(rp, "reaped", json_object_new_boolean(reaped));
	if (kline_ts(k) >= 0)
		json_object_object_add(rp, "kernel_time", json_object_new_double(kline_ts(k)));
	if (reaped) {
		json_object_object_add(
			rp, "anon_rss_kb",
			json_object_new_int64(num_after(k->msg, k->len, "anon-rss:", -1)));
		json_object_object_add(
			rp, "file_rss_kb",
			json_object_new_int64(num_after(k->msg, k->len, "file-rss:", -1)));
		json_object_object_add(
			rp, "shmem_rss_kb",
			json_object_new_int64(num_after(k->msg, k->len, "shmem-rss:", -1)));
	}
	fset_json(&e->fields, "reaper", rp);
	e->last_line = o->lineno;
	for (size_t i = 0; i < o->n_pending; i++)
		if (o->pending[i] == e)
			oom_pending_emit(o, i);
	return true;
}

bool oom_group_line(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	const char *p =
		find_in(k->msg, k->len, " are going to be killed due to memory.oom.group set", 51);
	struct oracle_event *last = o->n_pending ? o->pending[o->n_pending - 1] : NULL;

	(void)raw;
	(void)rawlen;
	if (!p || !starts(k, "Tasks in "))
		return false;
	if (o->group_ctx)
		fields_release(o->group_ctx);
	else
		o->group_ctx = malloc(sizeof(*o->group_ctx));
	if (!o->group_ctx)
		return true;
	fields_init(o->group_ctx);
	fset_str(o->group_ctx, "oom_group", k->msg + 9, (size_t)(p - k->msg - 9));
	if (last) {
		fset_str(&last->fields, "oom_group", k->msg + 9, (size_t)(p - k->msg - 9));
		static const char *const copy[] = { "scope",   "constraint", "oom_memcg",
						    "invoker", "gfp_flags",  "gfp_class" };
		for (size_t i = 0; i < ARRAY_SIZE(copy); i++) {
			const char *v = fget_str(&last->fields, copy[i]);
			if (v)
				fset_str(o->group_ctx, copy[i], v, strlen(v));
		}
	}
	return true;
}

static bool oom_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	struct fieldset *f = &r->ev->fields;
	char v[256];

	(void)o;
	if (!oom_same_report(r, k)) {
		r->idle_limit = 0; /* over: closed at the next line that ages it */
		return false;
	}
	if (k->msg[0] == ' ' || k->msg[0] == '<')
		return false; /* frames and <TASK>: the generic handler's */
	if (starts(k, "memory: usage ")) {
		fset_int(f, "memcg_usage_kb", num_after(k->msg, k->len, "usage ", -1));
		fset_int(f, "memcg_limit_kb", num_after(k->msg, k->len, "limit ", -1));
		fset_int(f, "memcg_failcnt", num_after(k->msg, k->len, "failcnt ", -1));
		return true;
	}
	if (starts(k, "Memory cgroup stats for ") &&
	    field_after(k->msg, k->len, "stats for ", ":", v, sizeof(v))) {
		if (!fget_str(f, "oom_memcg"))
			fset_str(f, "oom_memcg", v, strlen(v));
		return true;
	}
	if (starts(k, "Tasks state (memory values in pages):")) {
		r->in_table = true;
		return true;
	}
	if (r->in_table && k->len > 9 && k->msg[0] == '[' &&
	    find_in(k->msg, k->len < 16 ? k->len : 16, "pid", 3) &&
	    find_in(k->msg, k->len, " name", 5)) {
		/* Columns differ between releases; find the ones we need by name. */
		char hdr[512];
		size_t n = k->len < sizeof(hdr) - 1 ? k->len : sizeof(hdr) - 1;
		int col = 0;
		const char *rb = memchr(k->msg, ']', n); /* "[  pid  ]" (6.x) or "[ pid ]" (4.x) */
		size_t skip = rb ? (size_t)(rb - k->msg) + 1 : 0;
		memcpy(hdr, k->msg + skip, n - skip);
		hdr[n - skip] = 0;
		r->col_pid = 0;
		r->col_rss = r->col_adj = r->col_name = -1;
		for (char *s = NULL, *t = strtok_r(hdr, " ", &s); t; t = strtok_r(NULL, " ", &s)) {
			col++;
			if (!strcmp(t, "rss"))
				r->col_rss = col;
			else if (!strcmp(t, "oom_score_adj"))
				r->col_adj = col;
			else if (!strcmp(t, "name"))
				r->col_name = col;
		}
		r->n_cols = col + 1;
		return true;
	}
	if (r->in_table && k->len > 2 && k->msg[0] == '[' && r->n_cols) {
		/* a row: "[  pid  ]   uid  tgid ... name", the first 511 bytes
		 * of it, its columns split at spaces where they lie (a row a
		 * task, hundreds in a report: no copy, no strtok) */
		const char *row = k->msg, *cols[24];
		size_t lens[24];
		int nc = 0;
		size_t n = strnlen(row, k->len < 511 ? k->len : 511);
		const char *rb = memchr(row, ']', n), *end = row + n;
		if (!rb)
			return true;
		json_object *cand = fjson_array(f, "candidates");
		if (json_object_array_length(cand) >= 64)
			return true;
		cols[nc] = row + 1;
		lens[nc++] = (size_t)(rb - row - 1);
		for (const char *p = rb + 1; nc < 24;) {
			while (p < end && *p == ' ')
				p++;
			if (p == end)
				break;
			const char *t = p;
			while (p < end && *p != ' ')
				p++;
			cols[nc] = t;
			lens[nc++] = (size_t)(p - t);
		}
		json_object *c = json_object_new_object();
		json_object_object_add(
			c, "pid",
			json_object_new_int64(parse_ll(cols[0], cols[0] + lens[0], 10, NULL)));
		if (r->col_rss > 0 && r->col_rss < nc)
			json_object_object_add(
				c, "rss_pages",
				json_object_new_int64(parse_ll(cols[r->col_rss],
							       cols[r->col_rss] + lens[r->col_rss],
							       10, NULL)));
		if (r->col_adj > 0 && r->col_adj < nc)
			json_object_object_add(
				c, "oom_score_adj",
				json_object_new_int64(parse_ll(cols[r->col_adj],
							       cols[r->col_adj] + lens[r->col_adj],
							       10, NULL)));
		if (r->col_name > 0 && r->col_name < nc)
			json_object_object_add(c, "name",
					       json_object_new_string_len(cols[r->col_name],
									  (int)lens[r->col_name]));
		json_object_array_add(cand, c);
		return true;
	}
	/* Traces and the CPU line are the generic handler's. Everything else
	 * between "invoked oom-killer" and the kill is the dump: Mem-Info,
	 * memory.stat, node and zone lines. */
	const char *fn;
	bool unreliable;
	if (starts(k, "CPU: ") || starts(k, "Call Trace:") || starts(k, "<TASK>") ||
	    starts(k, " <TASK>") || starts(k, "</TASK>") || starts(k, " </TASK>") ||
	    starts(k, "RIP: ") || frame_parse(k->msg, k->len, &fn, &unreliable))
		return false;
	return true;
}

/* A line of an open OOM report: only one that still waits for its kill. */
bool oom_continue_report(struct oracle *o, struct report *r, const struct kline *k)
{
	return r->end == END_KILL && oom_continue(o, r, k);
}

static void finish_oom(struct oracle_event *e)
{
	const char *scope = fget_str(&e->fields, "scope");
	const char *victim = fget_str(&e->fields, "victim");

	if (fget_int(&e->fields, "no_killable", 0)) {
		set_title(e, "out of memory and no killable processes");
		return;
	}
	if (victim) { /* "%s OOM: killed %s (pid %lld, anon-rss %lldkB, oom_score_adj %lld)" */
		struct title t = { e->title, 0, sizeof(e->title) };
		title_str(&t, scope ? scope : "global");
		title_str(&t, " OOM: killed ");
		title_str(&t, victim);
		title_str(&t, " (pid ");
		title_int(&t, fget_int(&e->fields, "victim_pid", -1));
		title_str(&t, ", anon-rss ");
		title_int(&t, fget_int(&e->fields, "anon_rss_kb", -1));
		title_str(&t, "kB, oom_score_adj ");
		title_int(&t, fget_int(&e->fields, "victim_oom_score_adj", 0));
		title_str(&t, ")");
	} else
		set_title(e, "%s OOM invoked by %s (no kill seen)", scope ? scope : "?",
			  fget_str(&e->fields, "invoker") ?: "?");
}

void finish_oom_event(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;

	gfp_from_number(f);
	finish_oom(e);
}

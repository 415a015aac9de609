// SPDX-License-Identifier: GPL-2.0
/*
 * The console oracle's assembler: feeds lines to the start rules, attaches
 * continuation lines (CPU/Comm lines, call traces, register dumps) to the
 * report they belong to — by caller id when the kernel prints one, else to
 * the most recent report that accepts them, so interleaved output of several
 * CPUs still groups — and closes reports at their end markers or when they
 * go idle. See oracle.h for the contract.
 */
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/cleanup.h"
#include "oracle_int.h"

static const char *const kind_names[EV_KIND_MAX] = {
	[EV_OOM] = "oom",
	[EV_ALLOC_FAILURE] = "alloc_failure",
	[EV_FAULT_INJECTED] = "fault_injected",
	[EV_HANG] = "hang",
	[EV_LOCKDEP] = "lockdep",
	[EV_WARNING] = "warning",
	[EV_BUG] = "bug",
	[EV_OOPS] = "oops",
	[EV_PANIC] = "panic",
	[EV_FS_ERROR] = "fs_error",
	[EV_BLOCKED_TASKS] = "blocked_tasks",
};

const char *ev_kind_name(enum ev_kind k)
{
	return k < EV_KIND_MAX ? kind_names[k] : "?";
}

int ev_kind_from_name(const char *s)
{
	for (int i = 0; i < EV_KIND_MAX; i++)
		if (!strcmp(kind_names[i], s))
			return i;
	return -1;
}

const char *ev_severity_name(enum ev_severity s)
{
	static const char *const n[] = { "info", "notice", "failure" };
	return n[s];
}

/* --- small text helpers ------------------------------------------------ */

/* Characters of a C identifier, and '.' (".isra.0", ".cold"): a table,
 * since frame_parse runs over every byte of every function name. */
static const bool ident_char[256] = {
	['a' ... 'z'] = true, ['A' ... 'Z'] = true, ['0' ... '9'] = true,
	['_'] = true,	      ['.'] = true,
};

static bool is_ident(char c)
{
	return ident_char[(unsigned char)c];
}

/* Index of the first byte at or after i that is not an identifier byte. */
static size_t ident_end(const char *s, size_t i, size_t len)
{
#ifdef __SSE2__
	/* 16 bytes at a time: every frame line has a function name to skip */
	const __m128i a1 = _mm_set1_epi8('a' - 1), z1 = _mm_set1_epi8('z' + 1);
	const __m128i A1 = _mm_set1_epi8('A' - 1), Z1 = _mm_set1_epi8('Z' + 1);
	const __m128i d1 = _mm_set1_epi8('0' - 1), n1 = _mm_set1_epi8('9' + 1);
	const __m128i us = _mm_set1_epi8('_'), dot = _mm_set1_epi8('.');
	for (; i + 16 <= len; i += 16) {
		__m128i c = _mm_loadu_si128((const __m128i *)(s + i));
		/* signed compares: bytes >= 0x80 are negative, so never in a range */
		__m128i ok = _mm_and_si128(_mm_cmpgt_epi8(c, a1), _mm_cmplt_epi8(c, z1));
		ok = _mm_or_si128(ok, _mm_and_si128(_mm_cmpgt_epi8(c, A1), _mm_cmplt_epi8(c, Z1)));
		ok = _mm_or_si128(ok, _mm_and_si128(_mm_cmpgt_epi8(c, d1), _mm_cmplt_epi8(c, n1)));
		ok = _mm_or_si128(ok, _mm_or_si128(_mm_cmpeq_epi8(c, us), _mm_cmpeq_epi8(c, dot)));
		unsigned bad = ~(unsigned)_mm_movemask_epi8(ok) & 0xffff;
		if (bad)
			return i + (size_t)__builtin_ctz(bad);
	}
#endif
	while (i < len && is_ident(s[i]))
		i++;
	return i;
}

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

size_t frame_parse(const char *s, size_t len, const char **fn, bool *unreliable)
{
	size_t i = 0, start, j;

	*unreliable = false;
	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	/* frames are indented */
	if (i == 0 && !(len > 2 && s[0] == '[' && s[1] == '<'))
		return 0;
	/* old "[<ffffffff81...>]" */
	if (i + 1 < len && s[i] == '[' && s[i + 1] == '<') {
		const char *e = memchr(s + i, ']', len - i);
		if (!e)
			return 0;
		i = (size_t)(e - s) + 1;
		while (i < len && s[i] == ' ')
			i++;
	}
	if (i + 1 < len && s[i] == '?' && s[i + 1] == ' ') {
		*unreliable = true;
		i += 2;
	}
	start = i;
	i = ident_end(s, i, len);
	if (i == start || i + 3 > len || s[i] != '+' || s[i + 1] != '0' || s[i + 2] != 'x')
		return 0;
	/* "+0x1c/0x40": the '/' right after the offset, else anywhere after */
	for (j = i + 3; j < len && is_hex(s[j]); j++)
		;
	if ((j == len || s[j] != '/') && !memchr(s + i, '/', len - i))
		return 0;
	*fn = s + start;
	return i - start;
}

bool field_after(const char *s, size_t len, const char *key, const char *stops, char *buf,
		 size_t buflen)
{
	size_t kl = strlen(key), n = 0;
	const char *p = find_in(s, len, key, kl);
	uint64_t stop[4] = { 0 }; /* a bit per byte value */

	if (!p)
		return false;
	for (; *stops; stops++)
		stop[(unsigned char)*stops >> 6] |= 1ULL << (*stops & 63);
	p += kl;
	while (p < s + len && !(stop[(unsigned char)*p >> 6] >> (*p & 63) & 1) && n + 1 < buflen)
		buf[n++] = *p++;
	buf[n] = 0;
	return true;
}

long long parse_ll(const char *p, const char *end, int base, const char **stop)
{
	unsigned long long v = 0, lim;
	bool neg = false, any = false;

	while (p < end && (*p == ' ' || (*p >= '\t' && *p <= '\r')))
		p++;
	if (p < end && (*p == '-' || *p == '+'))
		neg = *p++ == '-';
	if (base == 0) {
		if (end - p > 2 && p[0] == '0' && (p[1] | 0x20) == 'x' &&
		    isxdigit((unsigned char)p[2])) {
			base = 16;
			p += 2;
		} else
			base = p < end && *p == '0' ? 8 : 10;
	}
	lim = neg ? (unsigned long long)LLONG_MAX + 1 : LLONG_MAX;
	/* past `cut` (or at it with a digit over `cutd`) the value would pass lim */
	unsigned long long cut = lim / (unsigned)base;
	unsigned cutd = (unsigned)(lim % (unsigned)base);
	for (; p < end; p++) {
		int d = *p >= '0' && *p <= '9'			 ? *p - '0' :
			(*p | 0x20) >= 'a' && (*p | 0x20) <= 'z' ? (*p | 0x20) - 'a' + 10 :
								   99;
		if (d >= base)
			break;
		any = true;
		if (v > cut || (v == cut && (unsigned)d > cutd))
			v = lim;
		else
			v = v * (unsigned)base + (unsigned)d;
	}
	if (stop)
		*stop = p;
	if (!any)
		return 0;
	return neg ? (v == lim ? LLONG_MIN : -(long long)v) : (long long)v;
}

long long num_after(const char *s, size_t len, const char *key, long long def)
{
	static const char stops[] = " ,)(\t:!kKB";
	size_t kl = strlen(key);
	const char *p = find_in(s, len, key, kl), *e;

	if (!p)
		return def;
	p += kl;
	/* the value: up to a stop character, 31 bytes at most */
	for (e = p; e < s + len && e - p < 31 && !memchr(stops, *e, sizeof(stops) - 1); e++)
		;
	return e == p ? def : parse_ll(p, e, 0, NULL);
}

/* --- events -------------------------------------------------------------- */

/*
 * Events are a few kB each and a scan makes them by the hundred thousand,
 * each freed right after it is printed: every thread keeps the last one
 * freed for the next (given back by a key destructor when the thread ends;
 * the main thread's stays reachable until exit).
 */
static __thread struct oracle_event *spare;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_drop(void *unused)
{
	(void)unused;
	free(spare);
	spare = NULL;
}

static void spare_init(void)
{
	(void)pthread_key_create(&spare_key, spare_drop);
}

static struct oracle_event *event_alloc(void)
{
	struct oracle_event *e = spare;

	if (e) {
		spare = NULL;
		return e;
	}
	return malloc(sizeof(*e));
}

void oracle_event_free(struct oracle_event *e)
{
	if (!e)
		return;
	fields_release(&e->fields);
	for (unsigned i = 0; i < e->n_lines; i++)
		free(e->lines[i]);
	free(e->lines);
	if (spare) {
		free(e);
		return;
	}
	pthread_once(&spare_once, spare_init);
	(void)pthread_setspecific(spare_key, &spare); /* non-NULL: the destructor runs */
	spare = e;
}

void event_add_frame(struct oracle_event *e, const char *fn, size_t len)
{
	/* frames live in the event's own buffer: no allocation per frame */
	if (e->n_stack >= ORACLE_MAX_FRAMES || e->stack_used + len + 1 > sizeof(e->stack_buf))
		return;
	char *dst = e->stack_buf + e->stack_used;
	memcpy(dst, fn, len);
	dst[len] = 0;
	e->stack[e->n_stack++] = dst;
	e->stack_used += len + 1;
}

json_object *oracle_event_json(const struct oracle_event *e)
{
	json_object *j = json_object_new_object();
	json_object *st = json_object_new_array();

	json_object_object_add(j, "kind", json_object_new_string(ev_kind_name(e->kind)));
	if (e->subkind[0])
		json_object_object_add(j, "subkind", json_object_new_string(e->subkind));
	json_object_object_add(j, "severity",
			       json_object_new_string(ev_severity_name(e->severity)));
	json_object_object_add(j, "title", json_object_new_string(e->title));
	if (e->ts >= 0)
		json_object_object_add(j, "kernel_time", json_object_new_double(e->ts));
	json_object *ln = json_object_new_array();
	json_object_array_add(ln, json_object_new_int64((long long)e->first_line));
	json_object_array_add(ln, json_object_new_int64((long long)e->last_line));
	json_object_object_add(j, "lines", ln);
	if (e->caller[0])
		json_object_object_add(j, "caller", json_object_new_string(e->caller));
	json_object_object_add(j, "fields", fields_json(&e->fields));
	for (unsigned i = 0; i < e->n_stack; i++)
		json_object_array_add(st, json_object_new_string(e->stack[i]));
	json_object_object_add(j, "stack", st);
	if (e->n_lines) {
		json_object *raw = json_object_new_array();
		for (unsigned i = 0; i < e->n_lines; i++)
			json_object_array_add(raw, json_object_new_string(e->lines[i]));
		json_object_object_add(j, "excerpt", raw);
	}
	return j;
}

/* "%.6f" of a kernel timestamp, or "-" if it has none. By hand: printf's
 * floating point was an eighth of a scan's time. The kernel prints six
 * decimals, so rounding at the microsecond gives what printf would. */
static void ts_format(double ts, char *buf, size_t len)
{
	if (!(ts >= 0)) {
		snprintf(buf, len, "-");
		return;
	}
	if (ts > 9e9) { /* past 2^53 microseconds a double no longer holds each one */
		snprintf(buf, len, "%.6f", ts);
		return;
	}
	unsigned long long us = (unsigned long long)llround(ts * 1e6);
	char t[32];
	size_t n = fmt_ull(t, us / 1000000);
	t[n++] = '.';
	for (int i = 5; i >= 0; i--, us /= 10)
		t[n + (size_t)i] = (char)('0' + us % 10);
	n += 6;
	if (n > len - 1)
		n = len - 1;
	memcpy(buf, t, n);
	buf[n] = 0;
}

void oracle_event_print(const struct oracle_event *e, FILE *f, bool color)
{
	static const char *const sev_color[] = { "\033[36m", "\033[33m", "\033[1;31m" };

	char ts[32];

	ts_format(e->ts, ts, sizeof(ts));
	fprintf(f, "[%12s] %s%-14s%s %s  (lines %lu-%lu)\n", ts,
		color ? sev_color[e->severity] : "", ev_kind_name(e->kind), color ? "\033[0m" : "",
		e->title, e->first_line, e->last_line);
}

/* --- reports -------------------------------------------------------------- */

static void keep_line(struct oracle *o, struct oracle_event *e, const char *raw, size_t len)
{
	if (!o->opts.keep_lines || e->n_lines >= o->opts.keep_lines)
		return;
	if (!e->lines) {
		e->lines = calloc(o->opts.keep_lines, sizeof(char *));
		if (!e->lines)
			return;
	}
	e->lines[e->n_lines++] = strndup(raw, len);
}

struct report *report_open(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen,
			   enum ev_kind kind, enum ev_severity sev, const char *subkind,
			   enum end_mode end)
{
	struct oracle_event *e;
	struct report *r;

	if (o->n_open == MAX_OPEN)
		report_close(o, &o->open[0]); /* the oldest */
	/* not zeroed: the buffers inside need no clearing */
	e = event_alloc();
	if (!e)
		return NULL;
	e->n_stack = 0;
	e->stack_used = 0;
	e->lines = NULL;
	e->n_lines = 0;
	e->title[0] = 0;
	e->subkind[0] = 0;
	fields_init(&e->fields);
	e->kind = kind;
	e->severity = sev;
	e->ts = kline_ts(k);
	e->first_line = e->last_line = o->lineno;
	caller_format(k->caller_id, e->caller, sizeof(e->caller));
	if (subkind)
		snprintf(e->subkind, sizeof(e->subkind), "%s", subkind);
	keep_line(o, e, raw, rawlen);
	r = &o->open[o->n_open++];
	memset(r, 0, sizeof(*r));
	r->ev = e;
	r->caller_id = k->caller_id;
	r->end = end;
	r->last_attach = o->lineno;
	r->idle_limit = end == END_IDLE ? 6 : 40;
	return r;
}

void report_attach(struct oracle *o, struct report *r, const char *raw, size_t rawlen)
{
	r->ev->last_line = o->lineno;
	r->last_attach = o->lineno;
	r->idle = 0;
	keep_line(o, r->ev, raw, rawlen);
}

void report_close(struct oracle *o, struct report *r)
{
	struct oracle_event *e = r->ev;
	size_t idx = (size_t)(r - o->open);

	memmove(&o->open[idx], &o->open[idx + 1], (o->n_open - idx - 1) * sizeof(*r));
	o->n_open--;
	if (!e)
		return;
	rules_finish(e);
	if (e->kind == EV_OOM && fget_int(&e->fields, "victim_pid", -1) >= 0 &&
	    !fhas(&e->fields, "reaper")) {
		oom_pending_push(o, e);
		return;
	}
	o->emit(e, o->ud);
}

struct report *report_find(struct oracle *o, const struct kline *k, int kind)
{
	for (size_t i = o->n_open; i-- > 0;) {
		struct report *r = &o->open[i];
		if (kind >= 0 && r->ev->kind != (enum ev_kind)kind)
			continue;
		if (k->caller_id && r->caller_id && k->caller_id != r->caller_id)
			continue;
		return r;
	}
	return NULL;
}

void oom_pending_emit(struct oracle *o, size_t idx)
{
	struct oracle_event *e = o->pending[idx];

	memmove(&o->pending[idx], &o->pending[idx + 1], (o->n_pending - idx - 1) * sizeof(e));
	o->n_pending--;
	o->emit(e, o->ud);
}

void oom_pending_push(struct oracle *o, struct oracle_event *e)
{
	if (o->n_pending == MAX_PENDING)
		oom_pending_emit(o, 0);
	o->pending[o->n_pending++] = e;
}

struct oracle_event *oom_pending_find(struct oracle *o, long pid)
{
	for (size_t i = 0; i < o->n_pending; i++)
		if (fget_int(&o->pending[i]->fields, "victim_pid", -2) == pid)
			return o->pending[i];
	return NULL;
}

static void expire_pending(struct oracle *o)
{
	while (o->n_pending && o->pending[0]->last_line + OOM_REAPER_WINDOW < o->lineno)
		oom_pending_emit(o, 0);
}

/* --- continuation lines shared by every kind ------------------------------ */

static bool is_register_line(const struct kline *k)
{
	/* "RSP: 002b:...", "R10: ...", "FS:  ...", "CS:  ...", "CR2: ...", "DR0: ..." */
	const char *c = memchr(k->msg, ':', k->len < 6 ? k->len : 6);
	if (!c || c == k->msg)
		return false;
	for (const char *p = k->msg; p < c; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

static bool cpu_line(struct report *r, const struct kline *k)
{
	struct fieldset *f = &r->ev->fields;
	char comm[32];

	if (!find_in(k->msg, k->len, "PID: ", 5))
		return false;
	if (!fhas(f, "pid"))
		fset_int(f, "pid", num_after(k->msg, k->len, "PID: ", -1));
	if (!fhas(f, "task") && field_after(k->msg, k->len, "Comm: ", " ", comm, sizeof(comm)))
		fset_str(f, "task", comm, strlen(comm));
	const char *t = find_in(k->msg, k->len, "Tainted: ", 9);
	if (t && !find_in(k->msg, k->len, "Not tainted", 11)) {
		char taint[32];
		field_after(t, k->len - (size_t)(t - k->msg), "Tainted: ", "0123456789", taint,
			    sizeof(taint));
		size_t tl = strlen(taint);
		while (tl && taint[tl - 1] == ' ')
			taint[--tl] = 0;
		fset_str(f, "taint", taint, tl);
	}
	return true;
}

static bool rip_line(struct report *r, const struct kline *k)
{
	const char *c = memchr(k->msg, ':', k->len);
	c = c ? memchr(c + 1, ':', k->len - (size_t)(c + 1 - k->msg)) : NULL;
	if (c && !fhas(&r->ev->fields, "rip")) {
		const char *s = c + 1, *end = k->msg + k->len;
		size_t l = 0;
		while (s + l < end && is_ident(s[l]))
			l++;
		if (l && s + l < end && s[l] == '+')
			fset_str(&r->ev->fields, "rip", s, l);
	}
	return true;
}

static bool task_end(struct report *r)
{
	r->in_trace = false;
	if (r->end == END_TASK && r->ev->kind == EV_HANG && !strcmp(r->ev->subkind, "hung_task")) {
		/* 6.15+ may follow with "is blocked on a mutex likely owned by": wait a line */
		r->soft_complete = true;
		r->idle_limit = 2;
	} else if (r->end == END_TASK)
		r->done = true;
	return true;
}

/* Lines every kind of report may hold: the CPU/Comm line, call traces,
 * register dumps, end markers. Dispatched on the first byte. */
static bool generic_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	const char *fn;
	bool unreliable;
	size_t n;

	(void)o;
	switch (k->msg[0]) {
	case ' ':
	case '\t':
	case '[':
		if (starts(k, " <TASK>") || starts(k, " <IRQ>") || starts(k, " </IRQ>") ||
		    starts(k, " <NMI>") || starts(k, " </NMI>")) {
			r->in_trace = true;
			return true;
		}
		if (starts(k, " </TASK>"))
			return task_end(r);
		n = frame_parse(k->msg, k->len, &fn, &unreliable);
		if (n) {
			if (!unreliable && !frame_is_pfx(fn, n))
				event_add_frame(r->ev, fn, n);
			return true;
		}
		return false;
	case '<':
		if (starts(k, "</TASK>"))
			return task_end(r);
		if (starts(k, "<TASK>") || starts(k, "<IRQ>") || starts(k, "</IRQ>") ||
		    starts(k, "<NMI>") || starts(k, "</NMI>")) {
			r->in_trace = true;
			return true;
		}
		return false;
	case 'C':
		if (starts(k, "CPU: "))
			return cpu_line(r, k);
		if (starts(k, "Call Trace:") || starts(k, "Call trace:")) {
			r->in_trace = true;
			return true;
		}
		return starts(k, "Code: ") || is_register_line(k);
	case 'R':
		if (starts(k, "RIP: "))
			return rip_line(r, k);
		return is_register_line(k);
	case '-':
		if (starts(k, "---[ end trace") || starts(k, "---[ end Kernel panic")) {
			r->done = true;
			return true;
		}
		return false;
	case 'H': return starts(k, "Hardware name: ");
	case 'M': return starts(k, "Modules linked in:");
	case 'W': return starts(k, "Workqueue: ");
	case 'S': return starts(k, "Sched_ext: ");
	case 'D': return starts(k, "Dumping ftrace buffer") || is_register_line(k);
	case 'K': return starts(k, "Kernel Offset:");
	default: return is_register_line(k);
	}
}

/* --- the feed loop -------------------------------------------------------- */

struct oracle *oracle_new(const struct oracle_opts *opts, oracle_emit_fn emit, void *ud)
{
	struct oracle *o = calloc(1, sizeof(*o));

	if (!o)
		return NULL;
	if (opts)
		o->opts = *opts;
	o->emit = emit;
	o->ud = ud;
	o->lineno = o->opts.first_line;
	return o;
}

bool oracle_quiescent(const struct oracle *o)
{
	return !o->n_open && !o->n_pending && !o->group_ctx;
}

unsigned long oracle_line_count(const struct oracle *o)
{
	return o->lineno;
}

static void age_reports(struct oracle *o, struct report *except)
{
	for (size_t i = o->n_open; i-- > 0;) {
		struct report *r = &o->open[i];
		if (r == except)
			continue;
		if (++r->idle > r->idle_limit || (r->soft_complete && r->idle > 2))
			report_close(o, r);
	}
}

void oracle_feed(struct oracle *o, const char *line, size_t len)
{
	struct kline k;

	o->lineno++;
	kline_parse(line, len, &k);
	if (o->n_pending)
		expire_pending(o);
	if (!k.len) {
		if (o->n_open)
			age_reports(o, NULL);
		return;
	}
	if (rules_start(o, &k, line, len))
		return;
	/* A continuation: the newest open report that takes it. */
	for (size_t i = o->n_open; i-- > 0;) {
		struct report *r = &o->open[i];
		if (k.caller_id && r->caller_id && k.caller_id != r->caller_id)
			continue;
		if (!rules_continue(o, r, &k) && !generic_continue(o, r, &k))
			continue;
		report_attach(o, r, line, len);
		if (r->done)
			report_close(o, r);
		else
			age_reports(o, r);
		return;
	}
	if (o->n_open)
		age_reports(o, NULL);
}

void oracle_flush(struct oracle *o)
{
	while (o->n_open)
		report_close(o, &o->open[0]);
	while (o->n_pending)
		oom_pending_emit(o, 0);
	if (o->group_ctx)
		fields_release(o->group_ctx);
	free(o->group_ctx);
	o->group_ctx = NULL;
}

void oracle_free(struct oracle *o)
{
	if (!o)
		return;
	for (size_t i = 0; i < o->n_open; i++)
		oracle_event_free(o->open[i].ev);
	for (size_t i = 0; i < o->n_pending; i++)
		oracle_event_free(o->pending[i]);
	if (o->group_ctx)
		fields_release(o->group_ctx);
	free(o->group_ctx);
	free(o);
}

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

#include "core/scope.h"
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

static const char *const severity_names[] = { "info", "notice", "failure" };

const char *ev_severity_name(enum ev_severity s)
{
	return severity_names[s];
}

int ev_severity_from_name(const char *s)
{
	for (int i = 0; i < (int)(sizeof(severity_names) / sizeof(severity_names[0])); i++)
		if (!strcmp(severity_names[i], s))
			return i;
	return -1;
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

size_t ident_len(const char *s, size_t len)
{
	return ident_end(s, 0, len);
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
	/* frames are indented, but for the bracketed addresses of old x86
	 * "[<ffffffff81...>]", powerpc "[c0000000...] [c0000000...]" (the stack
	 * pointer, then the return address) and s390's unreliable "([<...>] fn)" */
	if (i == 0 && !(len > 2 && ((s[0] == '[' && (s[1] == '<' || is_hex(s[1]))) ||
				    (s[0] == '(' && s[1] == '['))))
		return 0;
	if (i + 1 < len && s[i] == '(' && s[i + 1] == '[') {
		*unreliable = true; /* s390 */
		i++;
	}
	for (int b = 0;
	     b < 2 && i + 1 < len && s[i] == '[' && (s[i + 1] == '<' || is_hex(s[i + 1])); b++) {
		const char *e = memchr(s + i, ']', len - i);
		if (!e)
			return 0;
		i = (size_t)(e - s) + 1;
		while (i < len && s[i] == ' ')
			i++;
	}
	/* powerpc: "[...] [...] fn+0x1c/0x40 (unreliable)", the first frame
	 * read from the link register */
	if (len > 13 && s[len - 1] == ')' && !memcmp(s + len - 13, " (unreliable)", 13))
		*unreliable = true;
	if (i + 1 < len && s[i] == '?' && s[i + 1] == ' ') {
		*unreliable = true;
		i += 2;
	}
	/* 32-bit ARM: "[<c020fe6c>] (unwind_backtrace) from [<c020b338>] (show_stack+0x10/0x14)" */
	if (i < len && s[i] == '(' && i > 0 && s[i - 1] == ' ') {
		start = i + 1;
		i = ident_end(s, start, len);
		if (i == start || i + 7 > len || memcmp(s + i, ") from ", 7))
			return 0;
		*fn = s + start;
		return i - start;
	}
	start = i;
	i = ident_end(s, i, len);
	if (i == start || i + 3 > len)
		return 0;
	/* decoded by scripts/decode_stacktrace.sh: "fn (fs/xfs/xfs_buf.c:523)";
	 * syzbot's inlined frames: "__dump_stack lib/dump_stack.c:88 [inline]" */
	if (s[i] == ' ' && start > 0) {
		const char *c = memchr(s + i, ':', len - i);
		if (c && c > s + i + 3 && c[-2] == '.' && (c[-1] == 'c' || c[-1] == 'h') &&
		    c + 1 < s + len && c[1] >= '0' && c[1] <= '9' &&
		    (s[i + 1] == '(' ||
		     (s[len - 1] == ']' && memmem(s + i, len - i, "[inline]", 8)))) {
			*fn = s + start;
			return i - start;
		}
		return 0;
	}
	if (s[i] != '+' || s[i + 1] != '0' || s[i + 2] != 'x')
		return 0;
	/* "+0x1c/0x40": the '/' right after the offset, else anywhere after */
	for (j = i + 3; j < len && is_hex(s[j]); j++)
		;
	if ((j == len || s[j] != '/') && !memchr(s + i, '/', len - i))
		return 0;
	*fn = s + start;
	return i - start;
}

bool field_after_n(const char *s, size_t len, const char *key, size_t kl, const char *stops,
		   char *buf, size_t buflen)
{
	size_t n = 0;
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

long long num_after_n(const char *s, size_t len, const char *key, size_t kl, long long def)
{
	/* the bytes that end a value: " ,)(\t:!kKB" */
	static const bool stop[256] = { [' '] = 1, [','] = 1, [')'] = 1, ['('] = 1, ['\t'] = 1,
					[':'] = 1, ['!'] = 1, ['k'] = 1, ['K'] = 1, ['B'] = 1 };
	const char *p = find_in(s, len, key, kl), *e;

	if (!p)
		return def;
	p += kl;
	/* the value: up to a stop character, 31 bytes at most */
	for (e = p; e < s + len && e - p < 31 && !stop[(unsigned char)*e]; e++)
		;
	return e == p ? def : parse_ll(p, e, 0, NULL);
}

/* --- events -------------------------------------------------------------- */

/*
 * Events are a few kB each and a scan makes them by the hundred thousand,
 * each freed right after it is printed: every thread keeps the last few
 * freed for the next (several are alive at once while a finished one waits
 * for a report begun before it; given back by a key destructor when the
 * thread ends; the main thread's stay reachable until exit).
 */
#define SPARES 64
static __thread struct oracle_event *spare[SPARES];
static __thread unsigned n_spare;
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_drop(void *unused)
{
	(void)unused;
	while (n_spare)
		free(spare[--n_spare]);
}

static void spare_init(void)
{
	(void)pthread_key_create(&spare_key, spare_drop);
}

static struct oracle_event *event_alloc(void)
{
	if (n_spare)
		return spare[--n_spare];
	return malloc(sizeof(struct oracle_event));
}

void oracle_event_free(struct oracle_event *e)
{
	if (!e)
		return;
	fields_release(&e->fields);
	for (unsigned i = 0; i < e->n_lines; i++)
		free(e->lines[i]);
	free(e->lines);
	if (n_spare == SPARES) {
		free(e);
		return;
	}
	pthread_once(&spare_once, spare_init);
	(void)pthread_setspecific(spare_key, spare); /* non-NULL: the destructor runs */
	spare[n_spare++] = e;
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
	e->rip_at = 0;
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
		copy_str(e->subkind, sizeof(e->subkind), subkind, SIZE_MAX);
	keep_line(o, e, raw, rawlen);
	r = &o->open[o->n_open++];
	memset(r, 0, sizeof(*r));
	r->ev = e;
	r->caller_id = k->caller_id;
	r->end = end;
	r->last_attach = o->lineno;
	r->last_ts = e->ts;
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

/* --- events in log order ------------------------------------------------ */

/* The first line of the earliest report still open or pending. */
static unsigned long unfinished_low(const struct oracle *o)
{
	unsigned long low = ULONG_MAX;

	for (size_t i = 0; i < o->n_open; i++)
		if (o->open[i].ev && o->open[i].ev->first_line < low)
			low = o->open[i].ev->first_line;
	for (size_t i = 0; i < o->n_pending; i++)
		if (o->pending[i]->first_line < low)
			low = o->pending[i]->first_line;
	return low;
}

/* Emit the held events that no unfinished report precedes. */
static void release_ready(struct oracle *o)
{
	size_t i = 0;

	if (!o->n_ready)
		return;
	unsigned long low = unfinished_low(o);
	while (i < o->n_ready && o->ready[i]->first_line <= low)
		o->emit(o->ready[i++], o->ud);
	memmove(o->ready, o->ready + i, (o->n_ready - i) * sizeof(*o->ready));
	o->n_ready -= i;
}

/* A finished event: out now, or held in order of first line (ties: in the
 * order they finished) until the reports begun before it finish. */
static void deliver(struct oracle *o, struct oracle_event *e)
{
	size_t i;

	if (!o->n_ready && e->first_line <= unfinished_low(o)) {
		o->emit(e, o->ud);
		return;
	}
	if (o->n_ready == MAX_READY) { /* a pathological log: out of order rather than lost */
		o->emit(o->ready[0], o->ud);
		memmove(o->ready, o->ready + 1, --o->n_ready * sizeof(*o->ready));
	}
	for (i = o->n_ready; i > 0 && o->ready[i - 1]->first_line > e->first_line; i--)
		;
	memmove(o->ready + i + 1, o->ready + i, (o->n_ready - i) * sizeof(*o->ready));
	o->ready[i] = e;
	o->n_ready++;
	release_ready(o);
}

void report_close(struct oracle *o, struct report *r)
{
	struct oracle_event *e = r->ev;
	size_t idx = (size_t)(r - o->open);

	memmove(&o->open[idx], &o->open[idx + 1], (o->n_open - idx - 1) * sizeof(*r));
	o->n_open--;
	if (!e)
		return release_ready(o);
	if ((e->kind == EV_ALLOC_FAILURE || e->kind == EV_OOM) && o->release[0] &&
	    !fhas(&e->fields, "release"))
		fset_str(&e->fields, "release", o->release, strlen(o->release));
	rules_finish(e);
	if (e->kind == EV_OOM && fget_int(&e->fields, "victim_pid", -1) >= 0 &&
	    !fhas(&e->fields, "reaper")) {
		oom_pending_push(o, e);
		return release_ready(o);
	}
	deliver(o, e);
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
	deliver(o, e);
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
	const char *c = NULL; /* not memchr: the colon is a few bytes in, if at all */
	for (size_t i = 1; i < k->len && i < 6; i++)
		if (k->msg[i] == ':') {
			c = k->msg + i;
			break;
		}
	if (!c)
		return false;
	for (const char *p = k->msg; p < c; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			return false;
	return true;
}

/* "Linux version 3.10.0-957.el7.x86_64 (...)" or the release in "CPU: 1 PID:
 * 2 Comm: x Not tainted 3.10.0-957.el7.x86_64 #1": the kernel's version, for
 * decoding what it printed only as numbers. */
static void release_from(struct fieldset *f, const struct kline *k)
{
	const char *end = k->msg + k->len, *p = k->msg;

	if (fhas(f, "release"))
		return;
	/* the last word before " #N" that starts with a digit and has a dot */
	for (const char *h = k->msg; (h = memchr(h, '#', (size_t)(end - h))); h++) {
		const char *w = h - 1;
		while (w > p && *w == ' ')
			w--;
		const char *we = w + 1;
		while (w > p && w[-1] != ' ')
			w--;
		if (we > w && *w >= '2' && *w <= '9' && memchr(w, '.', (size_t)(we - w))) {
			fset_str(f, "release", w, (size_t)(we - w));
			return;
		}
	}
}

static bool cpu_line(struct report *r, const struct kline *k)
{
	struct fieldset *f = &r->ev->fields;
	char comm[32];

	const char *pid = find_in(k->msg, k->len, "PID: ", 5);
	if (!pid)
		return false;
	if (!fhas(f, "pid")) /* from where it was found: not searched for twice */
		fset_int(f, "pid", num_after(pid, k->len - (size_t)(pid - k->msg), "PID: ", -1));
	if (!fhas(f, "task") && field_after(k->msg, k->len, "Comm: ", " ", comm, sizeof(comm)))
		fset_str(f, "task", comm, strlen(comm));
	release_from(f, k);
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

/* The function an instruction pointer line names, into key:
 *   "RIP: 0010:xfs_buf_rele+0x4a/0x3d0"
 *   "RIP: 0010:[<ffffffff8112>]  [<ffffffff8112>] func+0x12/0x30"   (before 4.x)
 *   "RIP: 0010:func (fs/xfs/xfs_buf.c:523)"                     (decode_stacktrace.sh)
 *   "IP: [<ffffffff813a9e68>] func+0x1c/0x27", "EIP: [<c01...>] func+0x..."
 *   "PC is at func+0x18/0x64" (32-bit ARM), "pc : func+0x18/0x138" (arm64)
 *   "NIP [c0000000080a6540] func+0x400/0x7d0" (powerpc)
 *   "Krnl PSW : 0704e00180000000 000003ff7ff1b2ca (func+0x62/0x68 [xfs])" (s390)
 * after: where the function may start (past "RIP: 0010:" and the like). */
static bool ip_line(struct report *r, const struct kline *k, size_t after, const char *key)
{
	const char *s = k->msg + after, *end = k->msg + k->len;

	if (fhas(&r->ev->fields, key))
		return true;
	for (;;) {
		while (s < end && *s == ' ')
			s++;
		if (s + 1 < end && s[0] == '[' && (s[1] == '<' || is_hex(s[1]))) {
			const char *e = memchr(s, ']', (size_t)(end - s));
			if (!e)
				return true;
			s = e + 1;
			continue;
		}
		break;
	}
	size_t l = ident_len(s, (size_t)(end - s));
	if (l && s + l + 1 < end && (s[l] == '+' || (s[l] == ' ' && s[l + 1] == '('))) {
		fset_str(&r->ev->fields, key, s, l);
		r->ev->rip_at = r->ev->n_stack + 1;
	}
	return true;
}

static bool rip_line(struct report *r, const struct kline *k)
{
	/* after the segment: "RIP: 0010:" (but "RIP  [<...>]" of 2.6 has none) */
	const char *c = memchr(k->msg + 4, ':', k->len - 4);
	return ip_line(r, k, c && c - k->msg < 12 ? (size_t)(c + 1 - k->msg) : 4, "rip");
}

static bool task_end(struct report *r)
{
	r->in_trace = false;
	if (r->end == END_TASK && r->ev->kind == EV_HANG && subkind_is(r->ev, "hung_task")) {
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
			if (!unreliable && !frame_is_pfx(fn, n) && !r->last_break)
				event_add_frame(r->ev, fn, n);
			r->last_break = false;
			return true;
		}
		return false;
	case '(': /* s390's unreliable frame "([<...>] fn+0x40/0x68)" */
		return frame_parse(k->msg, k->len, &fn, &unreliable) != 0;
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
		if (starts(k, "RIP: ") || starts(k, "RIP  [<"))
			return rip_line(r, k);
		return is_register_line(k);
	case 'I':
		if (starts(k, "IP: "))
			return ip_line(r, k, 4, "rip");
		return is_register_line(k);
	case 'E':
		if (starts(k, "EIP: "))
			return ip_line(r, k, 5, "rip");
		if (starts(k, "EIP is at "))
			return ip_line(r, k, 10, "rip");
		return is_register_line(k);
	case 'P':
		if (starts(k, "PC is at "))
			return ip_line(r, k, 9, "pc");
		if (starts(k, "Pid: ")) /* 2.6's "Pid: 0, comm: swapper Not tainted 2.6.32 #1" */
			return release_from(&r->ev->fields, k), true;
		return is_register_line(k);
	case 'p':
		if (starts(k, "pc : "))
			return ip_line(r, k, 5, "pc");
		return starts(k, "pstate: ");
	case 'L':
		/* s390: the frame that follows is where the last branch came
		 * from, not a caller */
		if (starts(k, "Last Breaking-Event-Address:"))
			return r->last_break = true;
		/* powerpc's link register: "LR [c000000000159748] fn+0x4a8/0x5f0" */
		return starts(k, "LR is at ") || starts(k, "LR [");
	case 'N':
		if (starts(k, "NIP [")) /* powerpc */
			return ip_line(r, k, 4, "rip");
		return is_register_line(k);
	case 'l': return starts(k, "lr : ");
	case 's': return starts(k, "sp : ");
	case 'x':
	case 'r': /* arm64 "x29: ffff...", arm32 "r10: c5cf5dc0  r9 : 00000000" */
		return k->len > 5 && k->msg[1] >= '0' && k->msg[1] <= '9' &&
		       (k->msg[2] == ':' || k->msg[3] == ':' || k->msg[3] == ' ');
	case '-':
		if (starts(k, "---[ end trace") || starts(k, "---[ end Kernel panic")) {
			r->done = true;
			return true;
		}
		return starts(k, "--- interrupt: "); /* powerpc, inside a trace */
	case 'H': return starts(k, "Hardware name: ");
	case 'M': return starts(k, "Modules linked in:");
	case 'W': return starts(k, "Workqueue: ");
	case 'S': return starts(k, "Sched_ext: ");
	case 'D': return starts(k, "Dumping ftrace buffer") || is_register_line(k);
	case 'K':
		if (starts(k, "Krnl PSW : ")) { /* s390: "... 000003ff7ff1b2ca (fn+0x62/0x68)" */
			const char *c = memchr(k->msg, '(', k->len);
			return c ? ip_line(r, k, (size_t)(c + 1 - k->msg), "rip") : true;
		}
		return starts(k, "Kernel Offset:") || starts(k, "Krnl GPRS:") ||
		       starts(k, "Krnl Code:");
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

void oracle_skip_lines(struct oracle *o, unsigned long n)
{
	o->lineno += n;
}

bool oracle_quiescent(const struct oracle *o)
{
	return !o->n_open && !o->n_pending && !o->n_ready && !o->group_ctx;
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

static void feed_line(struct oracle *o, const char *line, size_t len)
{
	struct kline k;

	kline_parse(line, len, &k);
	if (k.len > 14 && k.msg[0] == 'L' && !memcmp(k.msg, "Linux version ", 14)) {
		/* the boot banner: the release that prints what follows */
		size_t n = strcspn(k.msg + 14, " ");
		snprintf(o->release, sizeof(o->release), "%.*s",
			 (int)(n < k.len - 14 ? n : k.len - 14), k.msg + 14);
	}
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

/* rsyslog with its default escaping writes a record that held newlines as
 * one line, "#012" where each newline was and "#011" for a tab. Each piece is
 * fed as a console line of its own; they keep the physical line's number. */
static void feed_escaped(struct oracle *o, const char *line, size_t len)
{
	char stackbuf[1024];
	_cleanup_free_ char *heap = len > sizeof(stackbuf) ? malloc(len) : NULL;
	char *buf = len > sizeof(stackbuf) ? heap : stackbuf;
	size_t n = 0;

	if (!buf)
		return feed_line(o, line, len);
	for (size_t i = 0; i < len; i++) {
		if (line[i] == '#' && i + 3 < len && line[i + 1] == '0' && line[i + 2] == '1') {
			if (line[i + 3] == '2') {
				feed_line(o, buf, n);
				n = 0;
				i += 3;
				continue;
			}
			if (line[i + 3] == '1') {
				buf[n++] = '\t';
				i += 3;
				continue;
			}
		}
		buf[n++] = line[i];
	}
	feed_line(o, buf, n);
}

void oracle_feed_hinted(struct oracle *o, const char *line, size_t len, bool has_hash)
{
	const char *h = line, *end = line + len;

	o->lineno++;
	/* rsyslog's "#012"/"#011": '#' is rare, so memchr, not memmem */
	for (; has_hash && (h = memchr(h, '#', (size_t)(end - h))); h++)
		if (end - h >= 3 && h[1] == '0' && h[2] == '1') {
			feed_escaped(o, line, len);
			return;
		}
	feed_line(o, line, len);
}

void oracle_feed(struct oracle *o, const char *line, size_t len)
{
	oracle_feed_hinted(o, line, len, true);
}

void oracle_explain(const char *line, size_t len, struct oracle_explanation *x)
{
	struct kline k;
	bool unreliable;

	memset(x, 0, sizeof(*x));
	kline_parse(line, len, &k);
	x->prefix = kline_prefix_name(line, len);
	x->msg = k.msg;
	x->msg_len = k.len;
	x->ts = kline_ts(&k);
	x->level = k.level;
	if (k.caller_id)
		caller_format(k.caller_id, x->caller, sizeof(x->caller));
	x->rule = k.len ? rules_which(&k) : NULL;
	x->frame_len = frame_parse(k.msg, k.len, &x->frame, &unreliable);
	if (!x->frame_len)
		x->frame = NULL;
}

void oracle_flush(struct oracle *o)
{
	while (o->n_open)
		report_close(o, &o->open[0]);
	while (o->n_pending)
		oom_pending_emit(o, 0);
	release_ready(o);
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
	for (size_t i = 0; i < o->n_ready; i++)
		oracle_event_free(o->ready[i]);
	if (o->group_ctx)
		fields_release(o->group_ctx);
	free(o->group_ctx);
	free(o);
}

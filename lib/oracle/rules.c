// SPDX-License-Identifier: GPL-2.0
/*
 * The console oracle's patterns: which lines start a report, which lines
 * continue one of a given kind, and how a finished report is titled. The
 * start patterns are a table of anchored prefixes (dispatched on the first
 * byte, so an ordinary line costs one table lookup) plus two unanchored
 * needles for lines that begin with a task name ("<comm> invoked
 * oom-killer:", "<comm>: page allocation failure:").
 *
 * Formats were taken from captures on this project's machines (ci/fixtures)
 * and from the kernel sources of 3.x to 6.18 where they differ: "Kill
 * process" (old) and "Killed process", "blocked for more than" and "blocked
 * in I/O wait for more than", "WARNING: CPU: n PID: p at file:line" and the
 * 6.17+ "WARNING: file:line at func, CPU#n: comm/pid".
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/cleanup.h"
#include "gfp.h"
#include "oracle_int.h"

typedef bool (*start_fn)(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);

/* --- helpers ------------------------------------------------------------ */

static void set_title(struct oracle_event *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_title(struct oracle_event *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->title, sizeof(e->title), fmt, ap);
	va_end(ap);
}

/* s begins with prefix p: the first two bytes inline (most frames differ there). */
static bool begins(const char *s, const char *p, size_t plen)
{
	return s[0] == p[0] && (!s[0] || s[1] == p[1]) && !strncmp(s, p, plen);
}

/* Titles of the commonest events (OOM kills, injected faults) are put
 * together without printf: a scan makes hundreds of thousands of them. */
struct title {
	char *p;
	size_t n, cap;
};

static void title_str(struct title *t, const char *s)
{
	while (*s && t->n + 1 < t->cap)
		t->p[t->n++] = *s++;
	t->p[t->n] = 0;
}

static void title_int(struct title *t, long long v)
{
	char d[24];
	size_t n = 0;

	if (v < 0)
		d[n++] = '-';
	n += fmt_ull(d + n, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v);
	d[n] = 0;
	title_str(t, d);
}

static bool has_prefix(const char *s, const char *const *prefixes)
{
	for (; *prefixes; prefixes++)
		if (s[0] == (*prefixes)[0] && begins(s, *prefixes, strlen(*prefixes)))
			return true;
	return false;
}

/* Frames of the allocation and fault-injection machinery, skipped to find the caller. */
/* clang-format off */
static const char *const alloc_frames[] = {
	"dump_stack", "show_stack", "should_fail", "should_failslab", "__should_fail", "fail_dump",
	"should_fail_alloc_page", "kmem_cache_alloc", "kmem_cache_zalloc", "__kmem_cache_alloc",
	"kmalloc", "__kmalloc", "kzalloc", "krealloc", "__krealloc", "kvmalloc", "__kvmalloc",
	"kvzalloc", "slab_pre_alloc_hook", "slab_alloc", "___slab_alloc", "__slab_alloc",
	"alloc_slab_page", "allocate_slab", "new_slab", "kmem_alloc", "kmem_zalloc", "alloc_pages",
	"__alloc_pages", "alloc_frozen_pages", "__alloc_frozen_pages", "folio_alloc", "__folio_alloc",
	"filemap_alloc_folio", "__filemap_alloc_folio", "prepare_alloc_pages", "warn_alloc",
	"get_page_from_freelist", "__vmalloc", "vmalloc", "mempool_alloc", "__do_kmalloc",
	"__get_free_pages", "get_zeroed_page", "alloc_page", "__alloc_page", "vma_alloc_folio",
	"alloc_pages_mpol", "__pfx_", "unwind_backtrace", "dump_backtrace", "kmem_getpages",
	"cache_grow", "fallback_alloc", "____cache_alloc", "cache_alloc_refill", "__do_cache_alloc",
	"slab_alloc_node", "kmem_cache_alloc_node", "__kmalloc_node", "page_frag_alloc",
	"__page_frag_alloc", "vmalloc_node", "__vmalloc_area_node", "__get_vm_area",
	/* the tracing machinery, when the stack is a trace trigger's */
	"trace_event_raw_event", "__traceiter", "__trace_", "trace_", "perf_trace", "kretprobe",
	"__kretprobe", "arch_rethook", "rethook", "__rethook", "slab_post_alloc_hook",
	"__slab_post_alloc_hook", "__kmalloc", "kmalloc_", "__kvmalloc", NULL,
};
/* clang-format on */

static const char *const sched_frames[] = {
	"__schedule", "schedule", "io_schedule", "preempt_schedule", "__pfx_", NULL,
};

#define PREFIX(s) s, sizeof(s) - 1
static const struct {
	const char *prefix;
	size_t len;
	const char *fs;
} fs_frames[] = {
	{ PREFIX("xfs"), "xfs" },     { PREFIX("__xfs"), "xfs" },
	{ PREFIX("xlog"), "xfs" },    { PREFIX("ext4"), "ext4" },
	{ PREFIX("__ext4"), "ext4" }, { PREFIX("jbd2"), "jbd2" },
	{ PREFIX("__jbd2"), "jbd2" }, { PREFIX("start_this_handle"), "jbd2" },
};

static const char *frame_fs(const char *fn)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_frames); i++)
		if (begins(fn, fs_frames[i].prefix, fs_frames[i].len))
			return fs_frames[i].fs;
	return NULL;
}

static const char *first_frame_not(const struct oracle_event *e, const char *const *skip)
{
	for (unsigned i = 0; i < e->n_stack; i++)
		if (!has_prefix(e->stack[i], skip))
			return e->stack[i];
	return e->n_stack ? e->stack[0] : NULL;
}

/* The first frame outside the allocator; NULL when every frame is its own
 * (a stack cut short), never dump_stack. */
const char *oracle_alloc_site(char *const *frames, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (!has_prefix(frames[i], alloc_frames))
			return frames[i];
	return NULL;
}

const char *oracle_frame_fs(const char *fn)
{
	return frame_fs(fn);
}

/* Record the first filesystem frame and the allocation site of an event. */
static void add_sites(struct oracle_event *e)
{
	const char *site = oracle_alloc_site(e->stack, e->n_stack);

	if (site)
		fset_str(&e->fields, "site", site, strlen(site));
	for (unsigned i = 0; i < e->n_stack; i++) {
		const char *fs = frame_fs(e->stack[i]);
		if (fs) {
			fset_str(&e->fields, "fs_frame", e->stack[i], strlen(e->stack[i]));
			fset_str(&e->fields, "fs", fs, strlen(fs));
			return;
		}
	}
}

/* "mode:0x40c40(GFP_NOFS|__GFP_COMP)" or "gfp_mask=0x..(...)" at p. */
static void add_gfp(struct fieldset *f, const char *s, size_t len, const char *key)
{
	const char *p = find_in(s, len, key, strlen(key));
	struct gfp_info g;

	if (!p)
		return;
	p += strlen(key);
	const char *end = s + len;
	const char *open = p;
	while (open < end && *open != '(' && *open != ',' && *open != ' ')
		open++;
	fset_str(f, "gfp_mask", p, (size_t)(open - p));
	if (open < end && *open == '(') {
		const char *close = memchr(open, ')', (size_t)(end - open));
		if (close) {
			fset_str(f, "gfp_flags", open + 1, (size_t)(close - open - 1));
			gfp_decode(open + 1, (size_t)(close - open - 1), &g);
		} else
			gfp_decode("", 0, &g);
	} else
		gfp_decode("", 0, &g);
	const char *cls = gfp_class_name(g.cls);
	fset_str(f, "gfp_class", cls, strlen(cls));
	fset_bool(f, "nowarn", g.nowarn);
	fset_bool(f, "nofail", g.nofail);
}

/* A kernel that printed only the number (before 4.10): decode it with the
 * bit table of the release the report names. */
static void gfp_from_number(struct fieldset *f)
{
	const char *cls = fget_str(f, "gfp_class"), *mask = fget_str(f, "gfp_mask");
	struct gfp_info g;

	if (!cls || strcmp(cls, "unknown") || !mask || mask[0] != '0' || mask[1] != 'x' ||
	    !gfp_decode_number(strtoull(mask, NULL, 16), fget_str(f, "release"), &g))
		return;
	cls = gfp_class_name(g.cls);
	fset_str(f, "gfp_class", cls, strlen(cls));
	fset_bool(f, "nowarn", g.nowarn);
	fset_bool(f, "nofail", g.nofail);
	fset_str(f, "gfp_decoded_by", "release", 7);
}

/* The task name before `sep` at the start of the message. */
static void add_leading_task(struct fieldset *f, const struct kline *k, const char *sep,
			     const char *key)
{
	const char *p = find_in(k->msg, k->len, sep, strlen(sep));

	if (p)
		fset_str(f, key, k->msg, (size_t)(p - k->msg));
}

/* --- OOM ---------------------------------------------------------------- */

/* The kernel prints an OOM report in one go: a line seconds after the last
 * one, or one with a timestamp where the report's lines had none (or the
 * other way round: two logs put together), is not part of it. A report whose
 * kill never came (cut, or "no killable processes" in another form) must not
 * take the next OOM's kill minutes later. */
#define OOM_REPORT_GAP 10.0

static bool oom_same_report(struct report *r, const struct kline *k)
{
	double ts = kline_ts(k);

	if ((ts >= 0) != (r->ev->ts >= 0))
		return false;
	if (ts >= 0 && r->last_ts >= 0 &&
	    (ts - r->last_ts > OOM_REPORT_GAP || r->last_ts - ts > OOM_REPORT_GAP))
		return false;
	if (ts >= 0)
		r->last_ts = ts;
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

static bool start_oom_invoked(struct oracle *o, const struct kline *k, const char *raw,
			      size_t rawlen)
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
	r->last_ts = kline_ts(k);
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

static bool oom_kill_summary(struct oracle *o, const struct kline *k, const char *raw,
			     size_t rawlen)
{
	struct report *r = oom_ctx(o, k);
	char v[256];

	if (!r) {
		r = report_open(o, k, raw, rawlen, EV_OOM, SEV_INFO, NULL, END_KILL);
		if (!r)
			return true;
		r->idle_limit = 5000;
	} else
		report_attach(o, r, raw, rawlen);
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
				if (kb[i].len == kl && !memcmp(ks, kb[i].key, kl)) {
					fset_int(f, kb[i].field, n);
					break;
				}
			q = ve > q + 1 ? ve : q + 1;
		}
		while (q < end && *q != ' ' && *q != ',')
			q++;
	}
}

static bool start_oom_kill(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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
	r = oom_ctx(o, k);
	if (sacrifice) { /* old kernels: the choice; "Killed process" follows */
		if (!r) {
			r = report_open(o, k, raw, rawlen, EV_OOM, SEV_INFO, NULL, END_KILL);
			if (!r)
				return true;
			r->idle_limit = 5000;
		} else
			report_attach(o, r, raw, rawlen);
		fset_int(&r->ev->fields, "victim_score", num_after(k->msg, k->len, "score ", -1));
		if (memcg)
			fset_str(&r->ev->fields, "scope", "memcg", 5);
		return true;
	}
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

static bool start_oom_none(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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

static bool oom_reaper_line(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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

static bool oom_group_line(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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
		char row[512];
		char *cols[24] = { 0 };
		int nc = 0;
		size_t n = k->len < sizeof(row) - 1 ? k->len : sizeof(row) - 1;
		memcpy(row, k->msg, n);
		row[n] = 0;
		char *rb = strchr(row, ']');
		if (!rb)
			return true;
		*rb = 0;
		cols[nc++] = row + 1;
		for (char *s = NULL, *t = strtok_r(rb + 1, " ", &s); t && nc < 24;
		     t = strtok_r(NULL, " ", &s))
			cols[nc++] = t;
		json_object *cand = fjson_array(f, "candidates");
		if (json_object_array_length(cand) >= 64)
			return true;
		json_object *c = json_object_new_object();
		json_object_object_add(c, "pid", json_object_new_int64(atoll(cols[0])));
		if (r->col_rss > 0 && r->col_rss < nc)
			json_object_object_add(c, "rss_pages",
					       json_object_new_int64(atoll(cols[r->col_rss])));
		if (r->col_adj > 0 && r->col_adj < nc)
			json_object_object_add(c, "oom_score_adj",
					       json_object_new_int64(atoll(cols[r->col_adj])));
		if (r->col_name > 0 && r->col_name < nc)
			json_object_object_add(c, "name",
					       json_object_new_string(cols[r->col_name]));
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

/* --- allocation failures --------------------------------------------------- */

/* "comm: page allocation failure: order:N, mode:0x..." (before 2.6.3x:
 * "failure. order:N"). Before 3.x a vmalloc failure printed a bare
 * "vmalloc: allocation failure: N bytes" and then this line: one report. */
static bool start_alloc_failure(struct oracle *o, const struct kline *k, const char *raw,
				size_t rawlen)
{
	struct report *r = NULL;

	for (size_t i = o->n_open; i-- > 0;)
		if (o->open[i].ev->kind == EV_ALLOC_FAILURE &&
		    !strcmp(o->open[i].ev->subkind, "vmalloc") &&
		    !fhas(&o->open[i].ev->fields, "task") &&
		    o->open[i].last_attach + 2 >= o->lineno) {
			r = &o->open[i];
			report_attach(o, r, raw, rawlen);
			break;
		}
	if (!r)
		r = report_open(o, k, raw, rawlen, EV_ALLOC_FAILURE, SEV_NOTICE, "page", END_TASK);
	if (!r)
		return true;
	add_leading_task(&r->ev->fields, k, ": page allocation failure", "task");
	fset_int(&r->ev->fields, "order", num_after(k->msg, k->len, "order:", -1));
	add_gfp(&r->ev->fields, k->msg, k->len, "mode:");
	return true;
}

/* warn_alloc from vmalloc, in each kernel's words:
 *   "vmalloc: allocation failure: 37798136 bytes"                   (3.x, bare)
 *   "comm: vmalloc: allocation failure: 425984 bytes, mode:0x..."   (4.x)
 *   "comm: vmalloc: allocation failure, allocated 12288 of 16384 bytes, mode:..." (4.12+)
 *   "comm: vmalloc error: size 8192, vm_struct allocation failed, mode:..." (5.13+) */
static bool start_vmalloc(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r =
		report_open(o, k, raw, rawlen, EV_ALLOC_FAILURE, SEV_NOTICE, "vmalloc", END_TASK);
	struct fieldset *f;
	long long v;

	if (!r)
		return true;
	f = &r->ev->fields;
	if (!starts(k, "vmalloc"))
		add_leading_task(f, k, ": vmalloc", "task");
	if ((v = num_after(k->msg, k->len, " of ", -1)) >= 0) {
		fset_int(f, "size", v);
		fset_int(f, "allocated", num_after(k->msg, k->len, "allocated ", -1));
	} else if ((v = num_after(k->msg, k->len, "error: size ", -1)) >= 0 ||
		   (v = num_after(k->msg, k->len, "failure: ", -1)) >= 0)
		fset_int(f, "size", v);
	add_gfp(f, k->msg, k->len, "mode:");
	return true;
}

static bool start_slub_fail(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r =
		report_open(o, k, raw, rawlen, EV_ALLOC_FAILURE, SEV_NOTICE, "slab", END_IDLE);

	if (!r)
		return true;
	add_gfp(&r->ev->fields, k->msg, k->len, "gfp=");
	return true;
}

static bool alloc_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	char v[64];

	(void)o;
	if (!strcmp(r->ev->subkind, "slab")) {
		if (field_after(k->msg, k->len, "cache: ", ",", v, sizeof(v))) {
			fset_str(&r->ev->fields, "cache", v, strlen(v));
			return true;
		}
		return find_in(k->msg, k->len < 16 ? k->len : 16, "node ", 5) != NULL;
	}
	return false;
}

/* --- fault injection --------------------------------------------------------- */

static bool start_fault(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r =
		report_open(o, k, raw, rawlen, EV_FAULT_INJECTED, SEV_INFO, NULL, END_TASK);

	if (r)
		r->idle_limit = 20;
	return true;
}

static bool fault_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	struct fieldset *f = &r->ev->fields;
	char v[64];

	(void)o;
	if (!starts(k, "name "))
		return false;
	/* "name failslab, interval 1, probability 100, space 0, times 3" */
	if (field_after(k->msg, k->len, "name ", ",", v, sizeof(v))) {
		fset_str(f, "injector", v, strlen(v));
		snprintf(r->ev->subkind, sizeof(r->ev->subkind), "%s", v);
	}
	fset_int(f, "interval", num_after(k->msg, k->len, "interval ", -1));
	fset_int(f, "probability", num_after(k->msg, k->len, "probability ", -1));
	fset_int(f, "space", num_after(k->msg, k->len, "space ", -1));
	fset_int(f, "times", num_after(k->msg, k->len, "times ", -1));
	r->soft_complete = true; /* verbose=1 prints nothing more */
	return true;
}

/* --- hangs ------------------------------------------------------------------ */

static bool start_hung_task(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	const char *p = k->msg + 11, *end = k->msg + k->len;
	const char *b = find_in(p, (size_t)(end - p), " blocked ", 9);
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

static bool hang_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	struct fieldset *f = &r->ev->fields;

	(void)o;
	if (!strcmp(r->ev->subkind, "hung_task")) {
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
	if (!strcmp(r->ev->subkind, "rcu_stall"))
		return starts(k, "rcu:") || starts(k, "\t") || starts(k, "(detected by") ||
		       starts(k, "Sending NMI") || starts(k, "NMI backtrace") ||
		       starts(k, "Task dump for CPU") || starts(k, "(t=");
	if (!strcmp(r->ev->subkind, "workqueue_lockup"))
		return starts(k, "Showing busy workqueues") || starts(k, "workqueue ") ||
		       starts(k, "  pwq ") || starts(k, "    ") ||
		       starts(k, "Showing backtraces of running workers");
	return false;
}

static bool start_soft_lockup(struct oracle *o, const struct kline *k, const char *raw,
			      size_t rawlen)
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

static bool start_rcu_stall(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r;

	if (!find_in(k->msg, k->len, "stall", 5))
		return false;
	r = report_open(o, k, raw, rawlen, EV_HANG, SEV_FAILURE, "rcu_stall", END_IDLE);
	if (r)
		r->idle_limit = 12;
	return true;
}

static bool start_wq_lockup(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r =
		report_open(o, k, raw, rawlen, EV_HANG, SEV_FAILURE, "workqueue_lockup", END_IDLE);

	if (r)
		fset_int(&r->ev->fields, "seconds", num_after(k->msg, k->len, "stuck for ", -1));
	return true;
}

/* "NMI watchdog: Watchdog detected hard LOCKUP on cpu 3" (kernel/watchdog_perf.c) */
static bool start_hard_lockup(struct oracle *o, const struct kline *k, const char *raw,
			      size_t rawlen)
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

static bool start_blocked(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r =
		report_open(o, k, raw, rawlen, EV_BLOCKED_TASKS, SEV_INFO, "sysrq-w", END_IDLE);

	if (r) {
		r->idle_limit = 20;
		fjson_array(&r->ev->fields, "tasks");
	}
	return true;
}

static bool blocked_continue(struct oracle *o, struct report *r, const struct kline *k)
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

/* --- lockdep, warnings, BUGs, oopses, panics ------------------------------------ */

static const char *const lockdep_types[] = {
	"possible circular locking dependency detected",
	"possible recursive locking detected",
	"inconsistent lock state",
	"possible irq lock inversion dependency detected",
	"bad unlock balance detected",
	"held lock freed",
	"lock held when returning to user space",
	"suspicious RCU usage",
	"Nested lock was not taken",
	"bad contention detected",
	"lock held at task exit time",
	"possible circular locking",
	"HARDIRQ-safe -> HARDIRQ-unsafe lock order detected",
	"SOFTIRQ-safe -> SOFTIRQ-unsafe lock order detected",
	NULL,
};

static bool start_lockdep(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen,
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

/* Before 4.10 lockdep's headers were "[ INFO: possible circular locking dependency detected ]". */
static bool start_info_lockdep(struct oracle *o, const struct kline *k, const char *raw,
			       size_t rawlen)
{
	const char *p = k->msg + 8, *end = k->msg + k->len;

	for (const char *const *t = lockdep_types; *t; t++)
		if (has_prefix_n(p, end, *t, strlen(*t)))
			return start_lockdep(o, k, raw, rawlen, p);
	return false;
}

static bool start_warning(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	const char *p = k->msg + 9, *end = k->msg + k->len;
	struct report *r;
	char v[256];

	for (const char *const *t = lockdep_types; *t; t++)
		if (has_prefix_n(p, end, *t, strlen(*t)))
			return start_lockdep(o, k, raw, rawlen, p);
	r = report_open(o, k, raw, rawlen, EV_WARNING, SEV_FAILURE, NULL, END_MARKER);
	if (!r)
		return true;
	r->idle_limit = 60;
	struct fieldset *f = &r->ev->fields;
	const char *at = find_in(p, (size_t)(end - p), " at ", 4);
	if (starts(k, "WARNING: CPU: ") && at) {
		/* "WARNING: CPU: 0 PID: 1 at fs/xfs/x.c:12 func+0x1/0x2 [mod]" */
		fset_int(f, "pid", num_after(k->msg, k->len, "PID: ", -1));
		if (field_after(at, (size_t)(end - at), " at ", " ", v, sizeof(v))) {
			char *c = strrchr(v, ':');
			if (c) {
				fset_str(f, "file", v, (size_t)(c - v));
				fset_int(f, "line", atol(c + 1));
			}
			const char *fn = at + 4 + strlen(v) + 1;
			size_t l = 0;
			while (fn + l < end && fn[l] != '+' && fn[l] != ' ' && fn[l] != '(')
				l++;
			if (fn < end && l)
				fset_str(f, "function", fn, l);
		}
	} else if (at_prefix(p, end, "at ") && find_in(p, (size_t)(end - p), ", CPU#", 6)) {
		/* 6.19+ without a file: "WARNING: at func+0x1/0x2, CPU#0: comm/123" */
		const char *fn = p + 3;
		size_t l = 0;
		while (fn + l < end && fn[l] != '+' && fn[l] != ',' && fn[l] != ' ')
			l++;
		fset_str(f, "function", fn, l);
		const char *colon = memchr(fn, ':', (size_t)(end - fn));
		const char *slash = colon ? memrchr(colon, '/', (size_t)(end - colon)) : NULL;
		if (colon && slash && slash > colon + 2) {
			fset_str(f, "task", colon + 2, (size_t)(slash - colon - 2));
			fset_int(f, "pid", parse_ll(slash + 1, end, 10, NULL));
		}
	} else if (at && memchr(p, ':', (size_t)(at - p))) {
		/* 6.17+: "WARNING: fs/xfs/x.c:12 at func+0x1/0x2, CPU#0: comm/123" */
		const char *c = memrchr(p, ':', (size_t)(at - p));
		fset_str(f, "file", p, (size_t)(c - p));
		fset_int(f, "line", parse_ll(c + 1, end, 10, NULL));
		const char *fn = at + 4;
		size_t l = 0;
		while (fn + l < end && fn[l] != '+' && fn[l] != ',' && fn[l] != ' ')
			l++;
		fset_str(f, "function", fn, l);
		const char *cpu = find_in(fn, (size_t)(end - fn), "CPU#", 4);
		const char *colon = cpu ? memchr(cpu, ':', (size_t)(end - cpu)) : NULL;
		const char *slash = colon ? memrchr(colon, '/', (size_t)(end - colon)) : NULL;
		if (colon && slash && slash > colon + 2) {
			fset_str(f, "task", colon + 2, (size_t)(slash - colon - 2));
			fset_int(f, "pid", parse_ll(slash + 1, end, 10, NULL));
		}
	} else
		fset_str(f, "message", p, (size_t)(end - p));
	return true;
}

static bool start_bug(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r;
	const char *p;

	if (starts(k, "kernel BUG at ")) {
		r = report_open(o, k, raw, rawlen, EV_BUG, SEV_FAILURE, "bug_on", END_MARKER);
		if (!r)
			return true;
		p = k->msg + 14;
		const char *c = memrchr(p, ':', k->len - 14);
		if (c) {
			fset_str(&r->ev->fields, "file", p, (size_t)(c - p));
			fset_int(&r->ev->fields, "line",
				 parse_ll(c + 1, k->msg + k->len, 10, NULL));
		}
		r->idle_limit = 60;
		return true;
	}
	p = k->msg + 5; /* after "BUG: " */
	size_t rest = k->len - 5;
	if (at_prefix(p, p + rest, "MAX_LOCKDEP") ||
	    at_prefix(p, p + rest, "looking up invalid subclass"))
		return start_lockdep(o, k, raw, rawlen, p);
	static const struct {
		const char *prefix;
		enum ev_kind kind;
		const char *subkind;
	} bugs[] = {
		{ "unable to handle page fault", EV_OOPS, "page_fault" },
		{ "unable to handle kernel paging request", EV_OOPS, "page_fault" },
		{ "kernel NULL pointer dereference", EV_OOPS, "null_deref" },
		{ "unable to handle kernel NULL pointer dereference", EV_OOPS, "null_deref" },
		{ "KASAN: ", EV_BUG, "kasan" },
		{ "KFENCE: ", EV_BUG, "kfence" },
		{ "Bad page state", EV_BUG, "bad_page" },
		{ "Bad page map", EV_BUG, "bad_page" },
		{ "Bad rss-counter", EV_BUG, "bad_rss" },
		{ "scheduling while atomic", EV_BUG, "atomic_sleep" },
		{ "sleeping function called from invalid context", EV_BUG, "atomic_sleep" },
		{ "spinlock", EV_BUG, "spinlock" },
		{ "using smp_processor_id() in preemptible", EV_BUG, "preempt" },
		{ "stack guard page was hit", EV_OOPS, "stack_overflow" },
	};
	enum ev_kind kind = EV_BUG;
	const char *sub = "other";
	for (size_t i = 0; i < ARRAY_SIZE(bugs); i++)
		if (has_prefix_n(p, p + rest, bugs[i].prefix, strlen(bugs[i].prefix))) {
			kind = bugs[i].kind;
			sub = bugs[i].subkind;
			break;
		}
	r = report_open(o, k, raw, rawlen, kind, SEV_FAILURE, sub, END_MARKER);
	if (!r)
		return true;
	r->idle_limit = 60;
	fset_str(&r->ev->fields, "message", p, rest);
	if (!strcmp(sub, "kasan") || !strcmp(sub, "kfence")) {
		r->end = END_IDLE;
		r->idle_limit = 12;
	}
	return true;
}

static bool start_oops(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	/* "Oops:" right after "BUG: unable to handle..." or "kernel BUG at" is the same report. */
	for (size_t i = o->n_open; i-- > 0;) {
		struct report *r = &o->open[i];
		if ((r->ev->kind == EV_BUG || r->ev->kind == EV_OOPS) &&
		    r->last_attach + 8 >= o->lineno &&
		    !(k->caller_id && r->caller_id && k->caller_id != r->caller_id)) {
			fset_str(&r->ev->fields, "oops", k->msg, k->len);
			report_attach(o, r, raw, rawlen);
			return true;
		}
	}
	bool gpf = find_in(k->msg, k->len < 48 ? k->len : 48, "general protection fault", 24) !=
		   NULL;
	struct report *r = report_open(o, k, raw, rawlen, EV_OOPS, SEV_FAILURE,
				       gpf ? "gpf" : "oops", END_MARKER);
	if (r) {
		r->idle_limit = 60;
		fset_str(&r->ev->fields, "message", k->msg, k->len);
	}
	return true;
}

/* 32-bit ARM and arm64 (arch/arm/mm/fault.c, arch/arm64/mm/fault.c): "Unable to handle kernel NULL
 * pointer dereference at virtual address 0000000c", or "... paging request at
 * virtual address ..."; then the abort's description and "Internal error:
 * Oops: 96000005 [#1] SMP", which joins it (start_oops). */
static bool start_arm_fault(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	const char *p = k->msg + 24; /* after "Unable to handle kernel " */
	size_t rest = k->len - 24;
	const char *sub = at_prefix(p, p + rest, "NULL pointer dereference") ? "null_deref" :
			  at_prefix(p, p + rest, "paging request")	     ? "page_fault" :
									       "oops";
	struct report *r = report_open(o, k, raw, rawlen, EV_OOPS, SEV_FAILURE, sub, END_MARKER);

	if (r) {
		r->idle_limit = 60;
		fset_str(&r->ev->fields, "message", k->msg, k->len);
		long long a = num_after(k->msg, k->len, "virtual address ", -1);
		char v[24];
		if (a >= 0 && field_after(k->msg, k->len, "virtual address ", " ", v, sizeof(v)))
			fset_str(&r->ev->fields, "address", v, strlen(v));
	}
	return true;
}

/* The lines of an ARM fault report between its first line and the register
 * dump: the abort's decoding, the page table walk. */
static bool arm_fault_line(const struct kline *k)
{
	static const char *const pfx[] = {
		"Mem abort info:", "Data abort info:", "SError",
		"user pgtable:",   "swapper pgtable:", "pgd = ",
		"Internal error",  "Process ",	       "Stack: ",
		"Backtrace:",	   "Exception stack",  "Function entered at",
		"Flags: ",	   "Control: ",	       NULL,
	};
	const char *m = k->msg, *e = k->msg + k->len;

	for (size_t i = 0; pfx[i]; i++)
		if (has_prefix_n(m, e, pfx[i], strlen(pfx[i])))
			return true;
	/* "  ESR = 0x96000004", "  EC = 0x25: DABT ..." */
	if (k->len > 4 && m[0] == ' ' && m[1] == ' ' && memmem(m, k->len, " = ", 3))
		return true;
	/* "[0000000c] *pgd=...", "[00000000000000a0] pgd=..." */
	if (m[0] == '[' && memmem(m, k->len, "pgd=", 4))
		return true;
	/* arm32's stack dump: "9d40: 00000000 c5cf5dc0 ..." */
	size_t i = 0;
	while (m + i < e && i < 8 && isxdigit((unsigned char)m[i]))
		i++;
	return i >= 4 && m + i + 1 < e && m[i] == ':' && m[i + 1] == ' ';
}

static bool start_panic(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r = report_open(o, k, raw, rawlen, EV_PANIC, SEV_FAILURE, NULL, END_IDLE);
	const char *reason = k->msg + 28; /* after "Kernel panic - not syncing: " */
	size_t rl = k->len - 28;

	if (!r)
		return true;
	r->idle_limit = 30;
	fset_str(&r->ev->fields, "reason", reason, rl);
	static const struct {
		const char *needle, *cause;
	} causes[] = {
		{ "Out of memory", "oom" },
		{ "deadlocked on memory", "oom" },
		{ "sysrq triggered crash", "sysrq" },
		{ "hung_task", "hung_task" },
		{ "softlockup", "soft_lockup" },
		{ "Fatal exception", "oops" },
		{ "Attempted to kill init", "init_exit" },
		{ "VFS: Unable to mount root", "no_root" },
		{ "No working init found", "no_init" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(causes); i++)
		if (find_in(reason, rl, causes[i].needle, strlen(causes[i].needle))) {
			fset_str(&r->ev->fields, "cause", causes[i].cause, strlen(causes[i].cause));
			snprintf(r->ev->subkind, sizeof(r->ev->subkind), "%s", causes[i].cause);
			break;
		}
	return true;
}

/* --- filesystems ------------------------------------------------------------- */

static const struct fs_pattern {
	const char *fs;
	const char *needle;
	const char *subkind; /* NULL: belongs to the report before it, never starts one */
	enum ev_severity sev;
} fs_patterns[] = {
	{ "xfs", "User initiated shutdown", "shutdown_requested", SEV_INFO },
	{ "xfs", "Filesystem has been shut down", "shutdown", SEV_FAILURE },
	{ "xfs", "Shutting down filesystem", "shutdown", SEV_FAILURE },
	{ "xfs", "force_shutdown", "shutdown", SEV_FAILURE },
	{ "xfs", "Corruption", "corruption", SEV_FAILURE },
	{ "xfs", "corruption detected", "corruption", SEV_FAILURE },
	{ "xfs", "CRC error", "corruption", SEV_FAILURE },
	{ "xfs", "metadata I/O error", "io_error", SEV_FAILURE },
	{ "xfs", "I/O Error", "io_error", SEV_FAILURE },
	{ "xfs", "I/O error", "io_error", SEV_FAILURE },
	{ "xfs", "writeback error", "io_error", SEV_FAILURE },
	{ "xfs", "Internal error", "internal_error", SEV_FAILURE },
	{ "xfs", "Assertion failed", "assertion", SEV_FAILURE },
	{ "xfs", "possible memory allocation deadlock", "alloc_deadlock", SEV_NOTICE },
	{ "xfs", "log mount failed", "mount_failed", SEV_FAILURE },
	{ "xfs", "Failed to recover", "recovery_failed", SEV_FAILURE },
	{ "xfs", "Please unmount the filesystem", NULL, SEV_INFO },
	{ "xfs", "First ", NULL, SEV_INFO }, /* "First 128 bytes of corrupted metadata buffer:" */
	{ "ext4", "shut down requested", "shutdown_requested", SEV_INFO },
	{ "ext4", "EXT4-fs error", "error", SEV_FAILURE },
	{ "ext4", "Remounting filesystem read-only", "remount_ro", SEV_FAILURE },
	{ "ext4", "failed to convert unwritten extents", "data_loss", SEV_FAILURE },
	{ "ext4", "Data will be lost", "data_loss", SEV_FAILURE },
	{ "ext4", "elayed block allocation failed", "alloc_failed", SEV_FAILURE },
	{ "ext4", "I/O error", "io_error", SEV_FAILURE },
	{ "ext4", "EXT4-fs warning", "warning", SEV_NOTICE },
	{ "ext4", "error count since last fsck", NULL, SEV_INFO },
	{ "ext4", "initial error at", NULL, SEV_INFO },
	{ "ext4", "last error at", NULL, SEV_INFO },
	{ "jbd2", "Aborting journal", "journal_abort", SEV_FAILURE },
	{ "jbd2", "JBD2: Error", "journal_error", SEV_FAILURE },
	{ "jbd2", "JBD2: Detected IO errors", "journal_error", SEV_FAILURE },
	{ "jbd2", "failed", "journal_error", SEV_FAILURE },
	/* btrfs: "BTRFS error (device sda3): ...", "BTRFS: error (device X) in
	 * func:line: errno=-5 IO failure", "BTRFS info (device X): forced readonly" */
	{ "btrfs", "Transaction aborted", "transaction_abort", SEV_FAILURE },
	{ "btrfs", "forced readonly", "remount_ro", SEV_FAILURE },
	{ "btrfs", "errno=", "error", SEV_FAILURE },
	{ "btrfs", "parent transid verify failed", "corruption", SEV_FAILURE },
	{ "btrfs", " errs: ", "io_error", SEV_FAILURE }, /* "errs: wr 0, ... corrupt 1" */
	{ "btrfs", "corrupt", "corruption", SEV_FAILURE },
	{ "btrfs", "csum failed", "checksum", SEV_FAILURE },
	{ "btrfs", "checksum verify failed", "checksum", SEV_FAILURE },
	{ "btrfs", "BTRFS critical", "error", SEV_FAILURE },
	{ "btrfs", "BTRFS error", "error", SEV_FAILURE },
	{ "btrfs", "BTRFS warning", "warning", SEV_NOTICE },
	{ "btrfs", "Skipping commit of aborted transaction", NULL, SEV_INFO },
	/* ext2 and ext3 (before ext4 took them over in 4.3) */
	{ "ext3", "Remounting filesystem read-only", "remount_ro", SEV_FAILURE },
	{ "ext3", "error", "error", SEV_FAILURE },
	{ "ext3", "warning", "warning", SEV_NOTICE },
	{ "ext2", "error", "error", SEV_FAILURE },
	/* f2fs: "F2FS-fs (sda1): ..." at error level */
	{ "f2fs", "nconsistent", "corruption", SEV_FAILURE },
	{ "f2fs", "orrupted", "corruption", SEV_FAILURE },
	{ "f2fs", "Stopped filesystem", "shutdown", SEV_FAILURE },
	{ "f2fs", "error", "error", SEV_FAILURE },
	/* FAT: "FAT-fs (sdb1): error, ...", then "Filesystem has been set read-only" */
	{ "fat", "set read-only", "remount_ro", SEV_FAILURE },
	{ "fat", "error", "error", SEV_FAILURE },
	{ "squashfs", "SQUASHFS error", "error", SEV_FAILURE },
};

/* XFS before 6.9, kmem_alloc and xfs_buf retrying an allocation:
 * "fstx(4233) possible memory allocation deadlock size 65552 in kmem_alloc (mode:0x2400240)" */
static void alloc_deadlock_fields(struct fieldset *f, const char *m, const char *end)
{
	const char *lp = memchr(m, '(', (size_t)(end - m)), *stop;
	char v[96];

	if (lp && lp > m && lp - m < 32 && lp + 1 < end && *(lp + 1) >= '0' && *(lp + 1) <= '9') {
		fset_str(f, "task", m, (size_t)(lp - m));
		fset_int(f, "pid", parse_ll(lp + 1, end, 10, &stop));
	}
	long long size = num_after(m, (size_t)(end - m), " size ", -1);
	if (size >= 0)
		fset_int(f, "size", size);
	if (field_after(m, (size_t)(end - m), " in ", " (", v, sizeof(v)) && v[0])
		fset_str(f, "function", v, strlen(v));
	if (field_after(m, (size_t)(end - m), "(mode:", ")", v, sizeof(v)) && v[0])
		fset_str(f, "mode", v, strlen(v));
}

/* Where an fs line names its device, and where its message starts:
 *   "XFS (loop0): msg", "F2FS-fs (sda1): msg", "XFS: msg"
 *   "EXT4-fs error (device loop0): func:12: msg", "... (device sda1) in func:12: msg"
 *   "BTRFS error (device sda3: state E): msg", "BTRFS: error (device X) in func:12: ..."
 *   "Aborting journal on device loop0-8." */
static const char *fs_prefix(const struct kline *k, char *dev, size_t devlen)
{
	const char *m = k->msg, *end = k->msg + k->len, *q;
	size_t head = k->len < 64 ? k->len : 64;
	const char *colon = memchr(m, ':', head);
	const char *open = find_in(m, head, "(device ", 8);

	dev[0] = 0;
	if (open)
		open += 8;
	else if ((q = memchr(m, '(', head)) && (!colon || q < colon) && q > m && q[-1] == ' ')
		open = q + 1; /* "XFS (loop0):"; not "XFS: fstx(4233) ..." */
	if (open) {
		for (q = open; q < end && *q != ')' && *q != ':' && *q != ' '; q++)
			;
		snprintf(dev, devlen, "%.*s", (int)(q - open), open);
		const char *rp = memchr(q, ')', (size_t)(end - q));
		if (rp)
			m = rp + 1;
		else if (colon)
			m = colon + 1;
	} else {
		field_after(m, k->len, "on device ", ".- ", dev, devlen);
		if (colon)
			m = colon + 1;
	}
	while (m < end && (*m == ':' || *m == ' '))
		m++;
	return m;
}

/* The message and the function that reported it, from the line that says
 * what the incident is (its first line, or a worse one that joined it). */
static void fs_describe(struct report *r, const struct kline *k, const char *m,
			const struct fs_pattern *pat)
{
	struct fieldset *f = &r->ev->fields;
	const char *end = k->msg + k->len;
	char fn[96];

	fset_str(f, "message", m, (size_t)(end - m));
	if (!strcmp(pat->subkind, "alloc_deadlock"))
		alloc_deadlock_fields(f, m, end);
	/* "func:123: ..." (ext2/3/4), "in func:123: ..." (ext4's std error, btrfs) */
	const char *fm = at_prefix(m, end, "in ") ? m + 3 : m;
	const char *p = fm + ident_len(fm, (size_t)(end - fm));
	if (p > fm && p + 1 < end && *p == ':' && p[1] >= '0' && p[1] <= '9') {
		fset_str(f, "function", fm, (size_t)(p - fm));
		return;
	}
	if (field_after(k->msg, k->len, "Internal error ", " ", fn, sizeof(fn)) && fn[0]) {
		/* "Internal error xfs_trans_cancel at line 978 of file ...  Caller xfs_create+0x213/0x380" */
		fset_str(f, "function", fn, strlen(fn));
		if (field_after(k->msg, k->len, "Caller ", "+ ", fn, sizeof(fn)))
			fset_str(f, "caller", fn, strlen(fn));
	} else if ((field_after(k->msg, k->len, " at ", "+ ", fn, sizeof(fn)) ||
		    field_after(k->msg, k->len, " in ", " (+", fn, sizeof(fn))) &&
		   !strncmp(fn, "xfs", 3))
		fset_str(f, "function", fn, strlen(fn));
}

/* Lines of one incident come together; a line minutes after the last one
 * is another incident even when nothing came between. */
#define FS_INCIDENT_LINES 8
#define FS_INCIDENT_SECONDS 10.0

static bool start_fs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen,
		     const char *fs)
{
	const struct fs_pattern *pat = NULL;
	char dev[32];
	struct report *r;

	for (size_t i = 0; i < ARRAY_SIZE(fs_patterns); i++)
		if (!strcmp(fs_patterns[i].fs, fs) &&
		    find_in(k->msg, k->len, fs_patterns[i].needle, strlen(fs_patterns[i].needle))) {
			pat = &fs_patterns[i];
			break;
		}
	if (!pat)
		return true; /* mount/unmount chatter */
	const char *m = fs_prefix(k, dev, sizeof(dev));
	char *dash = strchr(dev, '-');
	if (dash && !strcmp(fs, "jbd2"))
		*dash = 0; /* "loop0-8": journal of loop0 */
	double ts = kline_ts(k);
	for (size_t i = o->n_open; i-- > 0;) {
		r = &o->open[i];
		if (r->ev->kind != EV_FS_ERROR || strcmp(r->dev, dev) ||
		    r->last_attach + FS_INCIDENT_LINES < o->lineno ||
		    (ts >= 0 && r->last_ts >= 0 &&
		     (ts - r->last_ts > FS_INCIDENT_SECONDS ||
		      r->last_ts - ts > FS_INCIDENT_SECONDS)))
			continue;
		/* a worse line, or an error after the warning that opened the
		 * incident, says what it is and where: its function, not the warning's */
		bool error_line = find_in(k->msg, k->len < 24 ? k->len : 24, " error", 6) ||
				  find_in(k->msg, k->len < 24 ? k->len : 24, ": error", 7);
		if (pat->subkind && strcmp(r->ev->subkind, "shutdown_requested") &&
		    (pat->sev > r->ev->severity ||
		     (r->fs_from_warning && error_line && pat->sev == r->ev->severity))) {
			r->fs_from_warning = false;
			r->ev->severity = pat->sev;
			snprintf(r->ev->subkind, sizeof(r->ev->subkind), "%s", pat->subkind);
			fset_str(&r->ev->fields, "fs", fs, strlen(fs));
			fs_describe(r, k, m, pat);
		}
		if (pat->subkind) /* what else happened in this incident */
			fset_bool(&r->ev->fields, pat->subkind, true);
		r->last_ts = ts;
		report_attach(o, r, raw, rawlen);
		return true;
	}
	if (!pat->subkind)
		return true;
	r = report_open(o, k, raw, rawlen, EV_FS_ERROR, pat->sev, pat->subkind, END_IDLE);
	if (!r)
		return true;
	r->idle_limit = 4;
	r->last_ts = ts;
	/* printed inside a WARNING (btrfs's "Transaction aborted" after 3.x's
	 * WARNING line): the trace that follows is the warning's */
	size_t n = o->n_open;
	if (n >= 2 &&
	    (o->open[n - 2].ev->kind == EV_WARNING || o->open[n - 2].ev->kind == EV_BUG) &&
	    o->open[n - 2].last_attach + 1 >= o->lineno) {
		struct report t = o->open[n - 2];
		o->open[n - 2] = o->open[n - 1];
		o->open[n - 1] = t;
		r = &o->open[n - 2];
	}
	snprintf(r->dev, sizeof(r->dev), "%s", dev);
	fset_str(&r->ev->fields, "fs", fs, strlen(fs));
	fset_str(&r->ev->fields, "device", dev, strlen(dev));
	fs_describe(r, k, m, pat);
	r->fs_from_warning = find_in(k->msg, k->len < 24 ? k->len : 24, " warning", 8) != NULL;
	return true;
}

static bool start_xfs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	if (k->len < 5 || (k->msg[3] != ' ' && k->msg[3] != ':'))
		return false;
	return start_fs(o, k, raw, rawlen, "xfs");
}

static bool start_ext4(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	return start_fs(o, k, raw, rawlen, "ext4");
}

static bool start_jbd2(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	return start_fs(o, k, raw, rawlen, "jbd2");
}

/* "BTRFS error (device ...)", "BTRFS: error ...", 3.x "btrfs: ..." */
static bool start_btrfs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	if (k->len < 7 || (k->msg[5] != ' ' && k->msg[5] != ':'))
		return false;
	return start_fs(o, k, raw, rawlen, "btrfs");
}

/* The others by their prefix: "EXT3-fs ", "EXT2-fs ", "F2FS-fs ", "FAT-fs ", "SQUASHFS " */
static bool start_other_fs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	static const struct {
		const char *prefix, *fs;
	} t[] = {
		{ "EXT3-fs ", "ext3" }, { "EXT2-fs ", "ext2" },		  { "F2FS-fs ", "f2fs" },
		{ "FAT-fs ", "fat" },	{ "SQUASHFS error", "squashfs" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		if (starts(k, t[i].prefix))
			return start_fs(o, k, raw, rawlen, t[i].fs);
	return false;
}

/* --- dispatch ------------------------------------------------------------------ */

static struct start_rule {
	const char *prefix;
	start_fn fn;
	size_t len; /* filled at first use */
} start_rules[] = {
	{ "INFO: task ", start_hung_task },
	{ "INFO: rcu_", start_rcu_stall },
	{ "rcu: INFO: ", start_rcu_stall },
	{ "watchdog: BUG: soft lockup", start_soft_lockup },
	{ "BUG: soft lockup", start_soft_lockup },
	{ "BUG: workqueue lockup", start_wq_lockup },
	{ "BUG: ", start_bug },
	{ "kernel BUG at ", start_bug },
	{ "WARNING: ", start_warning },
	{ "[ INFO: ", start_info_lockdep },
	{ "Oops: ", start_oops },
	{ "Oops ", start_oops },
	{ "general protection fault", start_oops },
	{ "Kernel panic - not syncing: ", start_panic },
	{ "Out of memory and no killable processes", start_oom_none },
	{ "Out of memory", start_oom_kill },
	{ "Memory cgroup out of memory: ", start_oom_kill },
	{ "Killed process ", start_oom_kill },
	{ "oom-kill:", oom_kill_summary },
	{ "oom_reaper: ", oom_reaper_line },
	{ "Tasks in ", oom_group_line },
	{ "FAULT_INJECTION: forcing a failure", start_fault },
	{ "XFS", start_xfs },
	{ "EXT4-fs ", start_ext4 },
	{ "Aborting journal on device", start_jbd2 },
	{ "JBD2: ", start_jbd2 },
	{ "BTRFS", start_btrfs },
	{ "btrfs: ", start_btrfs },
	{ "EXT3-fs ", start_other_fs },
	{ "EXT2-fs ", start_other_fs },
	{ "F2FS-fs ", start_other_fs },
	{ "FAT-fs ", start_other_fs },
	{ "SQUASHFS error", start_other_fs },
	{ "Unable to handle kernel ", start_arm_fault },
	{ "NMI watchdog: Watchdog detected hard LOCKUP", start_hard_lockup },
	{ "Watchdog detected hard LOCKUP", start_hard_lockup },
	{ "Internal error: ", start_oops },
	{ "vmalloc: allocation failure", start_vmalloc },
	{ "sysrq: Show Blocked State", start_blocked },
	{ "SLUB: Unable to allocate memory", start_slub_fail },
};

/* Rules by first byte of the prefix: 0 = none, else index + 1 of the first. */
static unsigned char first_rule[256];

/* At program start: oracles run in several threads at once (scanfile.c). */
__attribute__((constructor)) static void build_dispatch(void)
{
	for (size_t i = ARRAY_SIZE(start_rules); i-- > 0;) {
		first_rule[(unsigned char)start_rules[i].prefix[0]] = (unsigned char)(i + 1);
		start_rules[i].len = strlen(start_rules[i].prefix);
	}
}

/* A bit for each ':' in the first n (<= 64) bytes of s. Half of all lines
 * come here, so 16 bytes at a time. */
static uint64_t colons(const char *s, size_t n)
{
	uint64_t m = 0;
	size_t i = 0;

#ifdef __SSE2__
	const __m128i c = _mm_set1_epi8(':');
	for (; i + 16 <= n; i += 16)
		m |= (uint64_t)(unsigned)_mm_movemask_epi8(
			     _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(s + i)), c))
		     << i;
#endif
	for (; i < n; i++)
		m |= (uint64_t)(s[i] == ':') << i;
	return m;
}

bool rules_start(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	unsigned char c = (unsigned char)k->msg[0];

	if (first_rule[c]) {
		for (size_t i = first_rule[c] - 1; i < ARRAY_SIZE(start_rules); i++) {
			const struct start_rule *sr = &start_rules[i];
			size_t pl = sr->len;
			if ((unsigned char)sr->prefix[0] != c || k->len < pl ||
			    memcmp(k->msg, sr->prefix, pl))
				continue;
			if (sr->fn(o, k, raw, rawlen))
				return true;
		}
	}
	/* Lines that begin with a task name (at most 15 characters, which may hold
	 * anything): look at each colon near the start. */
	if (c == ' ' || c == '\t')
		return false;
	for (uint64_t m = colons(k->msg, k->len < 48 ? k->len : 48); m; m &= m - 1) {
		size_t at = (size_t)__builtin_ctzll(m);
		const char *col = k->msg + at;
		if (at >= 19 && !memcmp(col - 19, " invoked oom-killer", 19) && k->len > at + 1)
			return start_oom_invoked(o, k, raw, rawlen);
		if (k->len >= at + 27 && !memcmp(col, ": page allocation failure", 25) &&
		    (col[25] == ':' || col[25] == '.') && col[26] == ' ')
			return start_alloc_failure(o, k, raw, rawlen);
		if ((k->len >= at + 29 && !memcmp(col, ": vmalloc: allocation failure", 29)) ||
		    (k->len >= at + 17 && !memcmp(col, ": vmalloc error: ", 17)))
			return start_vmalloc(o, k, raw, rawlen);
	}
	return false;
}

/* The words a task-name rule looks for after the line's colons (rules_start). */
static const char *const at_colon[] = {
	" invoked oom-killer",
	": page allocation failure",
	": vmalloc: allocation failure",
	": vmalloc error: ",
};

/* Every literal some line must hold for rules_start or oracle_feed to do
 * anything with it while no report is open: the start rules' prefixes, the
 * task-name rules' words, the boot banner, rsyslog's escapes. */
static const char *literals[ARRAY_SIZE(start_rules) + ARRAY_SIZE(at_colon) + 2];

size_t rules_literals(const char *const **out)
{
	size_t n = 0;

	for (size_t i = 0; i < ARRAY_SIZE(start_rules); i++)
		literals[n++] = start_rules[i].prefix;
	for (size_t i = 0; i < ARRAY_SIZE(at_colon); i++)
		literals[n++] = at_colon[i];
	literals[n++] = "Linux version ";
	literals[n++] = "#01";
	*out = literals;
	return n;
}

const char *rules_which(const struct kline *k)
{
	unsigned char c = (unsigned char)k->msg[0];

	if (first_rule[c])
		for (size_t i = first_rule[c] - 1; i < ARRAY_SIZE(start_rules); i++)
			if ((unsigned char)start_rules[i].prefix[0] == c &&
			    k->len >= start_rules[i].len &&
			    !memcmp(k->msg, start_rules[i].prefix, start_rules[i].len))
				return start_rules[i].prefix;
	if (c == ' ' || c == '\t')
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(at_colon); i++)
		if (find_in(k->msg, k->len, at_colon[i], strlen(at_colon[i])))
			return at_colon[i];
	return NULL;
}

bool rules_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	switch (r->ev->kind) {
	case EV_OOM: return r->end == END_KILL && oom_continue(o, r, k);
	case EV_ALLOC_FAILURE: return alloc_continue(o, r, k);
	case EV_FAULT_INJECTED: return fault_continue(o, r, k);
	case EV_HANG: return hang_continue(o, r, k);
	case EV_LOCKDEP: {
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
	case EV_BLOCKED_TASKS: return blocked_continue(o, r, k);
	case EV_BUG:
		if (!strcmp(r->ev->subkind, "kasan") || !strcmp(r->ev->subkind, "kfence")) {
			if (starts(k, "=========="))
				r->done = true;
			return starts(k, "Read of size") || starts(k, "Write of size") ||
			       starts(k, "==========") || starts(k, "Allocated by task") ||
			       starts(k, "Freed by task") || starts(k, "The buggy address") ||
			       starts(k, "Memory state around");
		}
		return arm_fault_line(k); /* ARM's BUG(): "Internal error: Oops - BUG" */
	case EV_OOPS: return starts(k, "#PF: ") || starts(k, "PGD ") || arm_fault_line(k);
	default: return false;
	}
}

/* --- titles ---------------------------------------------------------------------- */

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

void rules_finish(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;
	const char *s;

	switch (e->kind) {
	case EV_OOM:
		gfp_from_number(f);
		finish_oom(e);
		break;
	case EV_ALLOC_FAILURE:
		gfp_from_number(f);
		add_sites(e);
		if (!strcmp(e->subkind, "vmalloc")) {
			set_title(e, "vmalloc allocation failure (%s, %lld bytes) in %s",
				  fget_str(f, "gfp_class") ?: "?", fget_int(f, "size", 0),
				  fget_str(f, "fs_frame")     ?:
					  fget_str(f, "site") ?:
								"?");
			break;
		}
		set_title(e, "%s allocation failure (%s, order %lld) in %s", e->subkind,
			  fget_str(f, "gfp_class") ?: "?", fget_int(f, "order", 0),
			  fget_str(f, "fs_frame")      ?:
				  fget_str(f, "site")  ?:
				  fget_str(f, "cache") ?:
							 "?");
		break;
	case EV_FAULT_INJECTED: { /* "%s fault in %s" */
		struct title t = { e->title, 0, sizeof(e->title) };
		add_sites(e);
		title_str(&t, fget_str(f, "injector") ?: "injected");
		title_str(&t, " fault in ");
		title_str(&t, fget_str(f, "fs_frame") ?: fget_str(f, "site") ?: "?");
		break;
	}
	case EV_HANG: {
		const char *in = first_frame_not(e, sched_frames);
		json_object *bs;
		if (in)
			fset_str(f, "blocked_in", in, strlen(in));
		if ((bs = fget_json(f, "blocker_stack")))
			for (size_t i = 0; i < json_object_array_length(bs); i++) {
				const char *fn =
					json_object_get_string(json_object_array_get_idx(bs, i));
				if (!has_prefix(fn, sched_frames)) {
					fset_str(f, "blocker_in", fn, strlen(fn));
					break;
				}
			}
		if (!strcmp(e->subkind, "hung_task"))
			set_title(e, "task hung in %s", in ?: "?");
		else if (!strcmp(e->subkind, "soft_lockup"))
			set_title(e, "soft lockup in %s", fget_str(f, "rip") ?: in ?: "?");
		else if (!strcmp(e->subkind, "hard_lockup"))
			set_title(e, "hard lockup on CPU %lld", fget_int(f, "cpu", -1));
		else if (!strcmp(e->subkind, "rcu_stall"))
			set_title(e, "RCU stall%s%s", in ? " in " : "", in ?: "");
		else
			set_title(e, "workqueue lockup");
		break;
	}
	case EV_LOCKDEP: {
		json_object *locks;
		/* the fs_reclaim pseudo-lock (4.14 on), or before it the RECLAIM_FS usage bits */
		bool fsr = fget_str(f, "reclaim_fs_usage") != NULL;
		char names[160] = "";
		if ((locks = fget_json(f, "locks")))
			for (size_t i = 0; i < json_object_array_length(locks); i++) {
				const char *l =
					json_object_get_string(json_object_array_get_idx(locks, i));
				fsr |= !strcmp(l, "fs_reclaim");
				if (i < 3)
					snprintf(names + strlen(names),
						 sizeof(names) - strlen(names), "%s%s",
						 i ? ", " : "", l);
			}
		fset_bool(f, "fs_reclaim", fsr);
		set_title(e, "%s%s%s%s", fget_str(f, "report") ?: "lockdep report",
			  *names ? " (" : "", names, *names ? ")" : "");
		break;
	}
	case EV_WARNING:
		s = fget_str(f, "function") ?: fget_str(f, "rip") ?: fget_str(f, "pc");
		if (s)
			set_title(e, "WARNING in %s", s);
		else
			set_title(e, "WARNING: %.200s", fget_str(f, "message") ?: "?");
		break;
	case EV_BUG:
		s = fget_str(f, "rip")	      ?:
			    fget_str(f, "pc") ?:
						first_frame_not(e,
								(const char *const[]){ "dump_stack", "__pfx_", NULL });
		if (!strcmp(e->subkind, "bug_on"))
			set_title(e, "kernel BUG in %s", s ?: fget_str(f, "file") ?: "?");
		else
			set_title(e, "BUG: %.200s", fget_str(f, "message") ?: "?");
		break;
	case EV_OOPS:
		s = fget_str(f, "rip") ?: fget_str(f, "pc");
		set_title(
			e, "%s in %s",
			!strcmp(e->subkind, "page_fault") ? "BUG: unable to handle page fault" :
			!strcmp(e->subkind, "null_deref") ? "BUG: kernel NULL pointer dereference" :
			!strcmp(e->subkind, "gpf")	  ? "general protection fault" :
							    "Oops",
			s ?: "?");
		break;
	case EV_PANIC: set_title(e, "Kernel panic: %.200s", fget_str(f, "reason") ?: "?"); break;
	case EV_FS_ERROR: {
		char fs[16];
		size_t n = 0;
		for (const char *c = fget_str(f, "fs") ?: "?"; *c && n + 1 < sizeof(fs); c++)
			fs[n++] = (char)toupper((unsigned char)*c);
		fs[n] = 0;
		s = fget_str(f, "function");
		set_title(e, "%s %s%s%s", fs, e->subkind, s ? " in " : "", s ?: "");
		break;
	}
	case EV_BLOCKED_TASKS: {
		json_object *t;
		t = fget_json(f, "tasks");
		set_title(e, "sysrq-w: %zu blocked task(s)", t ? json_object_array_length(t) : 0);
		break;
	}
	default: break;
	}
}

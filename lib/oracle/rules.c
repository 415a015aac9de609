// SPDX-License-Identifier: GPL-2.0
/*
 * The console oracle's patterns: which lines start a report, which lines
 * continue one of a given kind, and how a finished report is titled. This
 * file holds the helpers and the tables that dispatch to the rules of each
 * report family (rules_oom.c, rules_alloc.c, rules_hang.c, rules_lockdep.c,
 * rules_crash.c, rules_fs.c; what they share is rules_int.h). The
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

#include "core/scope.h"
#include "gfp.h"
#include "guilty.h"
#include "rules_int.h"

typedef bool (*start_fn)(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);

/* --- helpers ------------------------------------------------------------ */

void set_title(struct oracle_event *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->title, sizeof(e->title), fmt, ap);
	va_end(ap);
}

/* At most n bytes of s (fewer at a NUL), as "%.*s" prints them. Here and in
 * title_str the length is kept in a local: through t, every byte stored
 * would be taken to change it (char aliases all), and it would be reloaded. */
static void title_strn(struct title *t, const char *s, size_t n)
{
	size_t at = t->n;

	for (size_t i = 0; i < n && s[i] && at + 1 < t->cap; i++)
		t->p[at++] = s[i];
	t->p[at] = 0;
	t->n = at;
}

/* "<head> in <fn>", fn as a title names it (guilty_name); headlen < 0: the
 * first 200 bytes of head. By hand, not snprintf: every event has a title. */
void set_title_in(struct oracle_event *e, const char *head, int headlen, const char *fn)
{
	struct title t = { e->title, 0, sizeof(e->title) };
	int n;
	const char *name = guilty_name(fn, &n);

	title_strn(&t, head, headlen < 0 ? 200 : (size_t)headlen);
	title_strn(&t, " in ", 4);
	title_strn(&t, name, n < 0 ? 0 : (size_t)n);
}

void title_str(struct title *t, const char *s)
{
	size_t at = t->n;

	while (*s && at + 1 < t->cap)
		t->p[at++] = *s++;
	t->p[at] = 0;
	t->n = at;
}

void title_int(struct title *t, long long v)
{
	char d[24];
	size_t n = 0;

	if (v < 0)
		d[n++] = '-';
	n += fmt_ull(d + n, v < 0 ? 0 - (unsigned long long)v : (unsigned long long)v);
	d[n] = 0;
	title_str(t, d);
}

/* s begins with the NUL-terminated prefix p: compared inline to the first
 * byte that differs (most frames differ at the first; no call to strncmp
 * for every frame of every stack against every prefix) */
static bool begins_with(const char *s, const char *p)
{
	while (*p && *s == *p)
		s++, p++;
	return !*p;
}

bool has_prefix(const char *s, const char *const *prefixes)
{
	/* the first byte, then the rest in one pass (no strlen per prefix):
	 * every frame of every event is checked against these lists */
	for (; *prefixes; prefixes++)
		if (**prefixes == *s && begins_with(s, *prefixes))
			return true;
	return false;
}

/* Frames of the allocation and fault-injection machinery, skipped to find the caller. */
/* clang-format off */
const char *const alloc_frames[] = {
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

const char *const sched_frames[] = {
	"__schedule", "schedule", "io_schedule", "preempt_schedule", "__pfx_", NULL,
};

static const struct {
	const char *prefix;
	const char *fs;
} fs_frames[] = {
	{ "xfs", "xfs" },     { "__xfs", "xfs" },
	{ "xlog", "xfs" },    { "ext4", "ext4" },
	{ "__ext4", "ext4" }, { "jbd2", "jbd2" },
	{ "__jbd2", "jbd2" }, { "start_this_handle", "jbd2" },
};

const char *frame_fs(const char *fn)
{
	for (size_t i = 0; i < ARRAY_SIZE(fs_frames); i++)
		if (begins_with(fn, fs_frames[i].prefix))
			return fs_frames[i].fs;
	return NULL;
}

const char *first_frame_not(const struct oracle_event *e, const char *const *skip)
{
	for (unsigned i = 0; i < e->n_stack; i++)
		if (!has_prefix(e->stack[i], skip))
			return e->stack[i];
	return e->n_stack ? e->stack[0] : NULL;
}

/* alloc_frames by first byte: alloc_index[c] is the index + 1 of the first
 * that starts with c, alloc_next[i] of the next after i (0: none). Every
 * frame of every allocation report is held against the ninety of them. */
static unsigned char alloc_index[256], alloc_next[ARRAY_SIZE(alloc_frames)];
_Static_assert(ARRAY_SIZE(alloc_frames) < 256, "alloc_index holds a byte");

__attribute__((constructor)) static void alloc_index_init(void)
{
	for (size_t i = ARRAY_SIZE(alloc_frames) - 1; i-- > 0;) { /* the last is NULL */
		unsigned char c = (unsigned char)alloc_frames[i][0];
		alloc_next[i] = alloc_index[c];
		alloc_index[c] = (unsigned char)(i + 1);
	}
}

static bool is_alloc_frame(const char *fn)
{
	for (unsigned i = alloc_index[(unsigned char)fn[0]]; i; i = alloc_next[i - 1])
		if (begins_with(fn, alloc_frames[i - 1]))
			return true;
	return false;
}

/* The first frame outside the allocator; NULL when every frame is its own
 * (a stack cut short), never dump_stack. */
const char *oracle_alloc_site(char *const *frames, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (!is_alloc_frame(frames[i]))
			return frames[i];
	return NULL;
}

const char *oracle_frame_fs(const char *fn)
{
	return frame_fs(fn);
}

/* Record the first filesystem frame and the allocation site of an event. */
void add_sites(struct oracle_event *e)
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
void add_gfp(struct fieldset *f, const char *s, size_t len, const char *key)
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
void gfp_from_number(struct fieldset *f)
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
void add_leading_task(struct fieldset *f, const struct kline *k, const char *sep, const char *key)
{
	const char *p = find_in(k->msg, k->len, sep, strlen(sep));

	if (p)
		fset_str(f, key, k->msg, (size_t)(p - k->msg));
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
	{ "NMI watchdog: BUG: soft lockup", start_soft_lockup },
	{ "BUG: soft lockup", start_soft_lockup },
	{ "BUG: workqueue lockup", start_wq_lockup },
	{ "BUG: ", start_bug },
	{ "kernel BUG at ", start_bug },
	{ "WARNING: ", start_warning },
	{ "[ INFO: ", start_info_lockdep },
	{ "[ BUG: ", start_info_lockdep },
	{ "INFO: trying to register non-static key", start_lockdep_line },
	{ "UBSAN: ", start_sanitizer },
	{ "divide error: ", start_oops },
	{ "divide_error: ", start_oops }, /* 5.9+ */
	{ "segment-related general protection fault", start_oops },
	{ "PANIC: double fault", start_oops },
	{ "stack segment: ", start_oops },
	{ "int3: ", start_oops },
	{ "BUG ", start_slub_bug },
	{ "Oops: ", start_oops },
	{ "Oops ", start_oops },
	{ "general protection fault", start_oops },
	{ "kasan: GPF could be caused", start_oops },
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
	{ "ENOMEM in journal_alloc_journal_head", start_jbd2 },
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
	{ "VFS: Busy inodes after unmount", start_vfs },
	{ "VFS: Close: file count is 0", start_vfs },
};

/* Rules by first byte of the prefix: 0 = none, else index + 1 of the first;
 * next_rule[i]: index + 1 of the next rule with rule i's first byte (0: none),
 * so a line is compared only with the rules that begin as it does, in order. */
static unsigned char first_rule[256];
static unsigned char next_rule[ARRAY_SIZE(start_rules)];

/* At program start: oracles run in several threads at once (scanfile.c). */
__attribute__((constructor)) static void build_dispatch(void)
{
	for (size_t i = ARRAY_SIZE(start_rules); i-- > 0;) {
		unsigned char c = (unsigned char)start_rules[i].prefix[0];
		next_rule[i] = first_rule[c];
		first_rule[c] = (unsigned char)(i + 1);
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
	if (i < n && n >= 16) /* the last 16 bytes, overlapping what was seen */
		return m | (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
				   _mm_loadu_si128((const __m128i *)(s + n - 16)), c))
				   << (n - 16);
#endif
	for (; i < n; i++)
		m |= (uint64_t)(s[i] == ':') << i;
	return m;
}

bool rules_start(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	unsigned char c = (unsigned char)k->msg[0];

	for (unsigned i = first_rule[c]; i; i = next_rule[i - 1]) {
		const struct start_rule *sr = &start_rules[i - 1];
		/* the first byte chose the rule; the second turns most away */
		if (k->len >= sr->len && (sr->len < 2 || k->msg[1] == sr->prefix[1]) &&
		    same_bytes(k->msg, sr->prefix, sr->len) && sr->fn(o, k, raw, rawlen))
			return true;
	}
	/* Lines that begin with a task name (at most 15 characters, which may hold
	 * anything): look at each colon near the start. */
	if (c == ' ' || c == '\t')
		return false;
	for (uint64_t m = colons(k->msg, k->len < 48 ? k->len : 48); m; m &= m - 1) {
		size_t at = (size_t)__builtin_ctzll(m);
		const char *col = k->msg + at;
		if (at >= 19 && col[-1] == 'r' && !memcmp(col - 19, " invoked oom-killer", 19) &&
		    k->len > at + 1)
			return start_oom_invoked(o, k, raw, rawlen);
		/* most colons are a register's or a field's: one byte tells */
		if (at + 2 >= k->len || col[1] != ' ' || (col[2] != 'p' && col[2] != 'v'))
			continue;
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

	for (unsigned i = first_rule[c]; i; i = next_rule[i - 1])
		if (k->len >= start_rules[i - 1].len &&
		    !memcmp(k->msg, start_rules[i - 1].prefix, start_rules[i - 1].len))
			return start_rules[i - 1].prefix;
	if (c == ' ' || c == '\t')
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(at_colon); i++)
		if (find_in(k->msg, k->len, at_colon[i], strlen(at_colon[i])))
			return at_colon[i];
	return NULL;
}

/* The kind-specific continuation of each kind of report (rules_*.c). */
static bool (*const continuers[EV_KIND_MAX])(struct oracle *o, struct report *r,
					     const struct kline *k) = {
	[EV_OOM] = oom_continue_report,
	[EV_ALLOC_FAILURE] = alloc_continue,
	[EV_FAULT_INJECTED] = fault_continue,
	[EV_HANG] = hang_continue,
	[EV_LOCKDEP] = lockdep_continue_report,
	[EV_BLOCKED_TASKS] = blocked_continue,
	[EV_BUG] = bug_continue,
	[EV_OOPS] = oops_continue,
};

bool rules_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	return continuers[r->ev->kind] && continuers[r->ev->kind](o, r, k);
}

/* --- titles ---------------------------------------------------------------------- */

/* How each kind of report is completed and titled (rules_*.c). */
static void (*const finishers[EV_KIND_MAX])(struct oracle_event *e) = {
	[EV_OOM] = finish_oom_event,
	[EV_ALLOC_FAILURE] = finish_alloc_failure,
	[EV_FAULT_INJECTED] = finish_fault_injected,
	[EV_HANG] = finish_hang,
	[EV_LOCKDEP] = finish_lockdep,
	[EV_WARNING] = finish_warning,
	[EV_BUG] = finish_bug,
	[EV_OOPS] = finish_oops,
	[EV_PANIC] = finish_panic,
	[EV_FS_ERROR] = finish_fs_error,
	[EV_BLOCKED_TASKS] = finish_blocked_tasks,
};

void rules_finish(struct oracle_event *e)
{
	if (finishers[e->kind])
		finishers[e->kind](e);
}

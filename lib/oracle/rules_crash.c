// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's crash rules: WARNINGs, BUGs (KASAN, KFENCE, BUG_ON), oopses
 * of x86, 32-bit ARM and arm64, panics; their titles (rules.c dispatches).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "gfp.h"
#include "guilty.h"
#include "rules_int.h"

/* [s, e) is "file:line" (a path without spaces, a colon, digits). */
static bool file_line(const char *s, const char *e)
{
	const char *c = e > s ? memrchr(s, ':', (size_t)(e - s)) : NULL;

	if (!c || c == s || c + 1 == e || memchr(s, ' ', (size_t)(e - s)))
		return false;
	for (const char *d = c + 1; d < e; d++)
		if (!isdigit((unsigned char)*d))
			return false;
	return true;
}

/* The function of a WARNING line at fn, up to '+', ',', ' ' or '(';
 * nothing for an address ("at 0x0": a 6.17+ warning without symbols, whose
 * title then comes from its RIP or stack). */
static void warning_function(struct fieldset *f, const char *fn, const char *end)
{
	size_t l = 0;

	while (fn + l < end && fn[l] != '+' && fn[l] != ',' && fn[l] != ' ' && fn[l] != '(')
		l++;
	if (l)
		fset_str(f, l > 2 && fn[0] == '0' && fn[1] == 'x' ? "address" : "function", fn, l);
}

/* "CPU#0: comm/123" after fn: the task and its pid. */
static void warning_task(struct fieldset *f, const char *fn, const char *end)
{
	const char *cpu = find_in(fn, (size_t)(end - fn), "CPU#", 4);
	const char *colon = cpu ? memchr(cpu, ':', (size_t)(end - cpu)) : NULL;
	const char *slash = colon ? memrchr(colon, '/', (size_t)(end - colon)) : NULL;

	if (colon && slash && slash > colon + 2) {
		fset_str(f, "task", colon + 2, (size_t)(slash - colon - 2));
		fset_int(f, "pid", parse_ll(slash + 1, end, 10, NULL));
	}
}

/* Kernel banners after "WARNING: " that open a report with a stack and are
 * no lockdep report: the frame-pointer unwinder's complaints, titled without
 * their addresses and task (which differ each time). */
static const struct {
	const char *prefix, *title;
} warning_banners[] = {
	{ "kernel stack regs at ", "kernel stack regs has bad value" },
	{ "kernel stack frame pointer at ", "kernel stack frame pointer has bad value" },
	{ "stack going in the wrong direction", "stack going in the wrong direction" },
	{ "stack recursion on stack type", "stack recursion" },
};

static const char *warning_banner(const char *p, const char *end)
{
	for (size_t i = 0; i < ARRAY_SIZE(warning_banners); i++)
		if (has_prefix_n(p, end, warning_banners[i].prefix,
				 strlen(warning_banners[i].prefix)))
			return warning_banners[i].title;
	return NULL;
}

/* "WARNING: " opens a kernel warning only in the shapes the kernel prints
 * (__warn(), lockdep, the unwinder); sshd's, ld.so's, fbcon's notices and
 * pr_warn("WARNING: ...") deprecation notes are not reports. */
bool start_warning(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	const char *p = k->msg + 9, *end = k->msg + k->len;
	const char *at = find_in(p, (size_t)(end - p), " at ", 4), *sp, *fl = p, *banner;
	struct report *r;
	enum { W_CPU, W_OLD, W_AT, W_FILE, W_BANNER } shape;

	if (is_lockdep_type(p, end))
		return start_lockdep(o, k, raw, rawlen, p);
	/* lockdep at task exit: "WARNING: syz-executor/6054 still has locks held!" */
	const char *held = find_in(p, (size_t)(end - p), " still has locks held!", 22);
	if (held)
		return start_lockdep(o, k, raw, rawlen, held + 1);
	/* 6.17+ puts the condition first when it has one: "[cond] file:line at" */
	if (at && p[0] == '[') {
		const char *rb = find_in(p, (size_t)(at - p), "] ", 2);
		fl = rb ? rb + 2 : at;
	}
	if (at_prefix(p, end, "CPU: ") && at)
		shape = W_CPU; /* "WARNING: CPU: 0 PID: 1 at fs/xfs/x.c:12 func+0x1/0x2 [mod]" */
	else if (at_prefix(p, end, "at ") && (sp = memchr(p + 3, ' ', (size_t)(end - p - 3))) &&
		 file_line(p + 3, sp))
		shape = W_OLD; /* before 3.11: "WARNING: at fs/x.c:12 func+0x1/0x2()" */
	else if (at_prefix(p, end, "at ") && find_in(p, (size_t)(end - p), ", CPU#", 6))
		shape = W_AT; /* 6.19+ without a file: "WARNING: at func+0x1/0x2, CPU#0: comm/123" */
	else if (at && find_in(at, (size_t)(end - at), ", CPU#", 6) && file_line(fl, at))
		shape = W_FILE; /* 6.17+: "WARNING: [cond] fs/x.c:12 at fn+0x1/0x2, CPU#0: comm/1" */
	else if ((banner = warning_banner(p, end)))
		shape = W_BANNER;
	else
		return false;
	r = report_open(o, k, raw, rawlen, EV_WARNING, SEV_FAILURE, NULL, END_MARKER);
	if (!r)
		return true;
	r->idle_limit = 60;
	struct fieldset *f = &r->ev->fields;
	const char *c;
	switch (shape) {
	case W_CPU:
		fset_int(f, "pid", num_after(k->msg, k->len, "PID: ", -1));
		sp = memchr(at + 4, ' ', (size_t)(end - at - 4)) ?: end;
		c = memrchr(at + 4, ':', (size_t)(sp - at - 4));
		if (c) {
			fset_str(f, "file", at + 4, (size_t)(c - at - 4));
			fset_int(f, "line", parse_ll(c + 1, sp, 10, NULL));
		}
		if (sp < end)
			warning_function(f, sp + 1, end);
		break;
	case W_OLD:
		c = memrchr(p + 3, ':', (size_t)(sp - p - 3));
		fset_str(f, "file", p + 3, (size_t)(c - p - 3));
		fset_int(f, "line", parse_ll(c + 1, sp, 10, NULL));
		warning_function(f, sp + 1, end);
		break;
	case W_AT:
		warning_function(f, p + 3, end);
		warning_task(f, p + 3, end);
		break;
	case W_FILE:
		c = memrchr(fl, ':', (size_t)(at - fl));
		fset_str(f, "file", fl, (size_t)(c - fl));
		fset_int(f, "line", parse_ll(c + 1, at, 10, NULL));
		warning_function(f, at + 4, end);
		warning_task(f, at + 4, end);
		break;
	case W_BANNER:
		fset_str(f, "message", p, (size_t)(end - p));
		fset_str(f, "report", banner, strlen(banner));
		break;
	}
	return true;
}

bool start_bug(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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
	if (is_lockdep_type(p, p + rest))
		return start_lockdep(o, k, raw, rawlen, p);
	if (find_in(p, rest, " still has locks held!", 22))
		return start_lockdep(o, k, raw, rawlen, find_in(p, rest, "still has", 9));
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
		{ "KMSAN: ", EV_BUG, "kmsan" },
		{ "KCSAN: ", EV_BUG, "kcsan" },
		{ "memory leak", EV_BUG, "memory_leak" },
		{ "TASK stack guard page was hit", EV_OOPS, "stack_overflow" },
		{ "Bad page state", EV_BUG, "bad_page" },
		{ "Bad page map", EV_BUG, "bad_page" },
		{ "Bad rss-counter", EV_BUG, "bad_rss" },
		{ "scheduling while atomic", EV_BUG, "atomic_sleep" },
		{ "sleeping function called from invalid context", EV_BUG, "atomic_sleep" },
		{ "spinlock", EV_BUG, "spinlock" },
		{ "rwlock", EV_BUG, "spinlock" },
		{ "using smp_processor_id() in preemptible", EV_BUG, "preempt" },
		{ "using __this_cpu_", EV_BUG, "preempt" },
		{ "stack guard page was hit", EV_OOPS, "stack_overflow" },
		/* cut short, or powerpc's "Unable to handle kernel data access" */
		{ "unable to handle kernel", EV_OOPS, "oops" },
		{ "Unable to handle kernel", EV_OOPS, "page_fault" },
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

/* "UBSAN: array-index-out-of-bounds in file:line", and before 5.x "UBSAN:
 * Undefined behaviour in file:line": a report between two "=====" rules. */
bool start_sanitizer(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r = report_open(o, k, raw, rawlen, EV_BUG, SEV_FAILURE, "ubsan", END_IDLE);

	if (r) {
		r->idle_limit = 12;
		fset_str(&r->ev->fields, "message", k->msg, k->len);
	}
	return true;
}

/* The VFS's own bug lines, a report of one line: fs/super.c's "VFS: Busy
 * inodes after unmount of sda1. Self-destruct in 5 seconds.  Have a nice
 * day..." (an inode still referenced when its superblock goes), and fs/open.c's
 * "VFS: Close: file count is 0" (a file closed once too often, before 4.x). */
bool start_vfs(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r = report_open(o, k, raw, rawlen, EV_BUG, SEV_FAILURE, "vfs", END_IDLE);

	if (r) {
		fset_str(&r->ev->fields, "message", k->msg, k->len);
		report_close(o, r);
	}
	return true;
}

/* SLUB's debug checks (mm/slub.c slab_bug()): "BUG kmalloc-8 (Tainted: G B
 * ): Object already free", "BUG skbuff_head_cache (Not tainted): Poison
 * overwritten". */
bool start_slub_bug(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	const char *end = k->msg + k->len, *sp = memchr(k->msg + 4, ' ', k->len - 4);
	const char *close = sp && sp + 1 < end && sp[1] == '(' ?
				    find_in(sp, (size_t)(end - sp), "): ", 3) :
				    NULL;
	struct report *r;

	static const char *const what[] = {
		"Object already free",
		"Poison overwritten",
		"Redzone overwritten",
		"Left Redzone overwritten",
		"Object padding overwritten",
		"Padding overwritten",
		"Freepointer corrupt",
		"Freechain corrupt",
		"Wrong object count",
		"Wrong number of objects",
		"Objects remaining",
		"Invalid object pointer",
		"Not a valid slab page",
		"Object at ",
		NULL,
	};
	bool known = false;

	for (const char *const *w = what; close && *w && !known; w++)
		known = has_prefix_n(close + 3, end, *w, strlen(*w));
	if (!known)
		return false;
	r = report_open(o, k, raw, rawlen, EV_BUG, SEV_FAILURE, "slab", END_IDLE);
	if (r) {
		r->idle_limit = 30;
		fset_str(&r->ev->fields, "cache", k->msg + 4, (size_t)(sp - k->msg - 4));
		fset_str(&r->ev->fields, "message", close + 3, (size_t)(end - close - 3));
	}
	return true;
}

bool start_oops(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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
	bool gpf = starts(k, "kasan: GPF") ||
		   find_in(k->msg, k->len < 48 ? k->len : 48, "general protection fault", 24);
	const char *sub = gpf							 ? "gpf" :
			  starts(k, "divide error") || starts(k, "divide_error") ? "divide_error" :
			  starts(k, "PANIC: double fault")			 ? "double_fault" :
			  starts(k, "stack segment")				 ? "stack_segment" :
			  starts(k, "int3")					 ? "int3" :
										   "oops";
	struct report *r = report_open(o, k, raw, rawlen, EV_OOPS, SEV_FAILURE, sub, END_MARKER);
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
bool start_arm_fault(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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
	/* every line of an oops or a BUG comes here: lengths at hand */
#define P(s) s, sizeof(s) - 1
	static const struct {
		const char *s;
		size_t n;
	} pfx[] = {
		{ P("Mem abort info:") }, { P("Data abort info:") }, { P("SError") },
		{ P("user pgtable:") },	  { P("swapper pgtable:") }, { P("pgd = ") },
		{ P("Internal error") },  { P("Process ") },	     { P("Stack: ") },
		{ P("Backtrace:") },	  { P("Exception stack") },  { P("Function entered at") },
		{ P("Flags: ") },	  { P("Control: ") },
	};
#undef P
	const char *m = k->msg, *e = k->msg + k->len;

	for (size_t i = 0; i < ARRAY_SIZE(pfx); i++)
		if (m[0] == pfx[i].s[0] && has_prefix_n(m, e, pfx[i].s, pfx[i].n))
			return true;
	/* "  ESR = 0x96000004", "  EC = 0x25: DABT ..." */
	if (k->len > 4 && m[0] == ' ' && m[1] == ' ' && find_in(m, k->len, " = ", 3))
		return true;
	/* "[0000000c] *pgd=...", "[00000000000000a0] pgd=..." */
	if (m[0] == '[' && find_in(m, k->len, "pgd=", 4))
		return true;
	/* arm32's stack dump: "9d40: 00000000 c5cf5dc0 ..." */
	size_t i = 0;
	while (m + i < e && i < 8 && isxdigit((unsigned char)m[i]))
		i++;
	return i >= 4 && m + i + 1 < e && m[i] == ':' && m[i + 1] == ' ';
}

/* "Kernel panic - not syncing: panic_on_warn set ...": the stack that
 * follows is the warning's (or the BUG's), whose own report printed none.
 * The panic is an event of its own line; what follows joins that report. */
static bool panic_on_warn(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *p =
		report_open(o, k, raw, rawlen, EV_PANIC, SEV_FAILURE, "warning", END_IDLE);

	if (p) {
		fset_str(&p->ev->fields, "reason", k->msg + 28, k->len - 28);
		fset_str(&p->ev->fields, "cause", "warning", 7);
		report_close(o, p);
	}
	for (size_t i = o->n_open; i-- > 0;) {
		struct report *r = &o->open[i];
		if ((r->ev->kind == EV_WARNING || r->ev->kind == EV_BUG) && !r->ev->n_stack &&
		    !(k->caller_id && r->caller_id && k->caller_id != r->caller_id)) {
			fset_bool(&r->ev->fields, "panic_on_warn", true);
			r->idle = 0;
			report_attach(o, r, raw, rawlen);
			return true;
		}
	}
	return true;
}

bool start_panic(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	if (k->len > 28 && has_prefix_n(k->msg + 28, k->msg + k->len, "panic_on_warn set", 17))
		for (size_t i = o->n_open; i-- > 0;)
			if ((o->open[i].ev->kind == EV_WARNING || o->open[i].ev->kind == EV_BUG) &&
			    !o->open[i].ev->n_stack)
				return panic_on_warn(o, k, raw, rawlen);

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

/* A line of an open BUG report: KASAN's and KFENCE's sections, ARM's fault lines. */
bool bug_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	(void)o;
	if (subkind_is(r->ev, "kasan") || subkind_is(r->ev, "kfence")) {
		if (starts(k, "=========="))
			r->done = true;
		return starts(k, "Read of size") || starts(k, "Write of size") ||
		       starts(k, "==========") || starts(k, "Allocated by task") ||
		       starts(k, "Freed by task") || starts(k, "The buggy address") ||
		       starts(k, "Memory state around");
	}
	return arm_fault_line(k); /* ARM's BUG(): "Internal error: Oops - BUG" */
}

/* A line of an open oops: x86's "#PF:" and "PGD", ARM's fault lines. */
bool oops_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	(void)o;
	(void)r;
	return starts(k, "#PF: ") || starts(k, "PGD ") || arm_fault_line(k);
}

void finish_warning(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;
	const char *s;

	/* debugobjects' warning: the object's user, not the timer or work code */
	static const char *const odebug[] = {
		"debug_", "rcu",   "hrtimer_", "timer_",      "work_",	  "percpu_",
		"vunmap", "vfree", "__free_",  "debug_check", "kobject_", NULL,
	};
	/* lockdep's own DEBUG_LOCKS_WARN_ON(): the socket's lock wrappers too */
	static const char *const locking[] = { "lock_sock", "release_sock", NULL };
	const char *file = fget_str(f, "file");
	const char *const *also = !file					   ? NULL :
				  strstr(file, "lib/debugobjects.c")	   ? odebug :
				  strstr(file, "kernel/locking/lockdep.c") ? locking :
									     NULL;

	s = fget_str(f, "function") ?: fget_str(f, "rip") ?: fget_str(f, "pc");
	const char *g = guilty_frame_also(s, e->stack, e->n_stack, also);
	s = g ? g : s ? s : fget_str(f, "address");
	if (fget_str(f, "report"))
		set_title(e, "WARNING: %s", fget_str(f, "report"));
	else if (s)
		set_title_in(e, "WARNING", -1, s);
	else
		set_title(e, "WARNING: %.200s", fget_str(f, "message") ?: "?");
}

/* Sanitizers' reports name a function after " in " ("KASAN: use-after-free
 * in __list_del_entry+0x196/0x1d0"), or a file (UBSAN), or nothing (a leak):
 * the title keeps the words before it and names the guilty frame. */
static bool names_a_frame(const char *sub)
{
	static const char *const subs[] = {
		"kasan", "kfence",	 "kmsan",   "kcsan",	"memory_leak",
		"ubsan", "atomic_sleep", "preempt", "spinlock",
	};

	for (size_t i = 0; i < ARRAY_SIZE(subs); i++)
		if (!strcmp(sub, subs[i]))
			return true;
	return false;
}

static void title_sanitizer(struct oracle_event *e, const char *msg)
{
	const char *in = NULL, *fn = NULL, *g, *cut;
	char ip[128] = "";

	for (const char *p = msg; (p = strstr(p, " in ")); p += 4)
		in = p;
	/* "in preemptible [00000000] code": no function; "Bad page state in
	 * process comm pfn:7deea": none, the words before it are the title's */
	const char *proc = in && !strncmp(in + 4, "process", 7) ? in : NULL;
	if (in && (proc || !strncmp(in + 4, "preemptible", 11)))
		in = NULL;
	if (in) { /* "func+0x1/0x2" or "func": a function; "drivers/x.c:12:3": a file */
		size_t tl = strcspn(in + 4, " "), l = ident_len(in + 4, tl);
		if (l && l < sizeof(ip) && (l == tl || in[4 + l] == '+')) {
			memcpy(ip, in + 4, l);
			ip[l] = 0;
			fn = ip;
		}
	}
	static const char *const leak[] = {
		"kmemleak",	 "mmap",    "kmem",	     "slab",	  "alloc",
		"create_object", "idr_get", "list_lru_init", "kasprintf", "kvasprintf",
		"pcpu_create",	 "strdup",  "strndup",	     "memdup",	  NULL,
	};
	static const char *const sched[] = { "schedule", NULL };
	/* the page allocator's checks and the frees that run them */
	static const char *const page[] = {
		"bad_page",	 "free_page", "free_pages",	      "free_unref",
		"folio_put",	 "put_page",  "check_new_page",	      "free_pcp",
		"release_pages", "page_ref",  "prep_new_page",	      "get_page_from_freelist",
		"folio_batch",	 "page_frag", "__page_cache_release", NULL,
	};
	const char *const *also = !strcmp(e->subkind, "memory_leak")  ? leak :
				  !strcmp(e->subkind, "atomic_sleep") ? sched :
				  !strcmp(e->subkind, "bad_page")     ? page :
									NULL;
	g = guilty_frame_also(fn, e->stack, e->n_stack, also) ?: fn;
	/* the words before the place: "... invalid context at file:line",
	 * "scheduling while atomic: comm/pid/0x2" */
	cut = in ?: proc ?: strstr(msg, " at ") ?: strstr(msg, " on CPU#");
	/* "using __this_cpu_read() in preemptible [00000000] code: comm/pid" */
	const char *code = strstr(msg, " [00000000] code");
	if (!cut && code && !strcmp(e->subkind, "preempt"))
		cut = code;
	if (!cut && !strcmp(e->subkind, "atomic_sleep"))
		cut = strstr(msg, ": ");
	const char *bug = strcmp(e->subkind, "ubsan") ? "BUG: " : "";
	int head = cut ? (int)(cut - msg) : (int)strlen(msg);
	char h[200];
	snprintf(h, sizeof(h), "%s%.*s%s", bug, head > 160 ? 160 : head, msg,
		 cut && cut == code ? " code" : "");
	if (g)
		set_title_in(e, h, -1, g);
	else
		set_title(e, "%s%.200s", bug, msg);
}

void finish_bug(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;
	const char *s, *msg = fget_str(f, "message") ?: "?";

	s = fget_str(f, "rip") ?: fget_str(f, "pc");
	const char *g = guilty_frame(s, e->stack, e->n_stack);
	if (!strcmp(e->subkind, "bug_on") && (g || s))
		set_title_in(e, "kernel BUG", -1, g ? g : s);
	else if (!strcmp(e->subkind, "bug_on"))
		set_title(e, "kernel BUG at %.200s", fget_str(f, "file") ?: "?");
	else if (!strcmp(e->subkind, "slab"))
		set_title(e, "BUG: %.200s", msg);
	else if (!strcmp(e->subkind, "vfs")) /* "VFS: Busy inodes after unmount of sda1" */
		set_title(e, "%.*s", (int)(strcspn(msg, ".") < 200 ? strcspn(msg, ".") : 200), msg);
	else if (names_a_frame(e->subkind))
		title_sanitizer(e, msg);
	else
		set_title(e, "BUG: %.200s", msg);
}

void finish_oops(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;
	const char *s;

	static const char *const names[][2] = {
		{ "page_fault", "BUG: unable to handle page fault" },
		{ "null_deref", "BUG: kernel NULL pointer dereference" },
		{ "gpf", "general protection fault" },
		{ "divide_error", "divide error" },
		{ "double_fault", "PANIC: double fault" },
		{ "stack_segment", "stack segment fault" },
		{ "int3", "int3" },
		{ "stack_overflow", "BUG: stack guard page was hit" },
	};
	const char *name = "Oops";

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (!strcmp(e->subkind, names[i][0]))
			name = names[i][1];
	s = fget_str(f, "rip") ?: fget_str(f, "pc");
	set_title_in(e, name, -1, guilty_frame(s, e->stack, e->n_stack) ?: s ?: "?");
}

void finish_panic(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;

	const char *reason = fget_str(f, "reason") ?: "?", *g = NULL;
	char fn[128];

	/* "stack-protector: Kernel stack is corrupted in: udp4_lib_lookup2+0x7ea/0x7f0" */
	const char *in = strstr(reason, "Kernel stack is corrupted in: ");
	if (in) {
		in += 30;
		size_t l = ident_len(in, strlen(in));
		if (l && l < sizeof(fn) && in[l] == '+') {
			memcpy(fn, in, l);
			fn[l] = 0;
			g = fn;
		}
		if ((g = g ?: guilty_frame(NULL, e->stack, e->n_stack))) {
			set_title_in(e, "Kernel panic: stack is corrupted", -1, g);
			return;
		}
	}
	/* schedule()'s check: the task that overran it, named as a stall is */
	if (!strncmp(reason, "corrupted stack end", 19) &&
	    (g = guilty_stall(NULL, e->stack, e->n_stack)))
		set_title_in(e, "Kernel panic: corrupted stack end", -1, g);
	else
		set_title(e, "Kernel panic: %.200s", reason);
}

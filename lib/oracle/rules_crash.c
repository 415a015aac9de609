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
#include "rules_int.h"

bool start_warning(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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

bool start_panic(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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

/* A line of an open BUG report: KASAN's and KFENCE's sections, ARM's fault lines. */
bool bug_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	(void)o;
	if (!strcmp(r->ev->subkind, "kasan") || !strcmp(r->ev->subkind, "kfence")) {
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

	s = fget_str(f, "function") ?: fget_str(f, "rip") ?: fget_str(f, "pc");
	if (s)
		set_title(e, "WARNING in %s", s);
	else
		set_title(e, "WARNING: %.200s", fget_str(f, "message") ?: "?");
}

void finish_bug(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;
	const char *s;

	s = fget_str(f, "rip")	      ?:
		    fget_str(f, "pc") ?:
		    first_frame_not(e, (const char *const[]){ "dump_stack", "__pfx_", NULL });
	if (!strcmp(e->subkind, "bug_on"))
		set_title(e, "kernel BUG in %s", s ?: fget_str(f, "file") ?: "?");
	else
		set_title(e, "BUG: %.200s", fget_str(f, "message") ?: "?");
}

void finish_oops(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;
	const char *s;

	s = fget_str(f, "rip") ?: fget_str(f, "pc");
	set_title(e, "%s in %s",
		  !strcmp(e->subkind, "page_fault") ? "BUG: unable to handle page fault" :
		  !strcmp(e->subkind, "null_deref") ? "BUG: kernel NULL pointer dereference" :
		  !strcmp(e->subkind, "gpf")	    ? "general protection fault" :
						      "Oops",
		  s ?: "?");
}

void finish_panic(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;

	set_title(e, "Kernel panic: %.200s", fget_str(f, "reason") ?: "?");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The oracle's allocation rules: warn_alloc's page and vmalloc failures in
 * every wording since 2.6, SLUB's, and fault injection's "forcing a failure"
 * report; their titles (rules.c dispatches).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "gfp.h"
#include "rules_int.h"

/* --- allocation failures --------------------------------------------------- */

/* "comm: page allocation failure: order:N, mode:0x..." (before 2.6.3x:
 * "failure. order:N"). Before 3.x a vmalloc failure printed a bare
 * "vmalloc: allocation failure: N bytes" and then this line: one report. */
bool start_alloc_failure(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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
bool start_vmalloc(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
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

bool start_slub_fail(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r =
		report_open(o, k, raw, rawlen, EV_ALLOC_FAILURE, SEV_NOTICE, "slab", END_IDLE);

	if (!r)
		return true;
	add_gfp(&r->ev->fields, k->msg, k->len, "gfp=");
	return true;
}

bool alloc_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	char v[64];

	(void)o;
	if (subkind_is(r->ev, "slab")) {
		if (field_after(k->msg, k->len, "cache: ", ",", v, sizeof(v))) {
			fset_str(&r->ev->fields, "cache", v, strlen(v));
			return true;
		}
		return find_in(k->msg, k->len < 16 ? k->len : 16, "node ", 5) != NULL;
	}
	return false;
}

/* --- fault injection --------------------------------------------------------- */

bool start_fault(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen)
{
	struct report *r =
		report_open(o, k, raw, rawlen, EV_FAULT_INJECTED, SEV_INFO, NULL, END_TASK);

	if (r)
		r->idle_limit = 20;
	return true;
}

bool fault_continue(struct oracle *o, struct report *r, const struct kline *k)
{
	struct fieldset *f = &r->ev->fields;
	char v[64];

	(void)o;
	if (!starts(k, "name "))
		return false;
	/* "name failslab, interval 1, probability 100, space 0, times 3" */
	if (field_after(k->msg, k->len, "name ", ",", v, sizeof(v))) {
		fset_str(f, "injector", v, strlen(v));
		copy_str(r->ev->subkind, sizeof(r->ev->subkind), v, SIZE_MAX);
	}
	fset_int(f, "interval", num_after(k->msg, k->len, "interval ", -1));
	fset_int(f, "probability", num_after(k->msg, k->len, "probability ", -1));
	fset_int(f, "space", num_after(k->msg, k->len, "space ", -1));
	fset_int(f, "times", num_after(k->msg, k->len, "times ", -1));
	r->soft_complete = true; /* verbose=1 prints nothing more */
	return true;
}

void finish_alloc_failure(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;

	gfp_from_number(f);
	add_sites(e);
	if (!strcmp(e->subkind, "vmalloc")) {
		set_title(e, "vmalloc allocation failure (%s, %lld bytes) in %s",
			  fget_str(f, "gfp_class") ?: "?", fget_int(f, "size", 0),
			  fget_str(f, "fs_frame")     ?:
				  fget_str(f, "site") ?:
							"?");
		return;
	}
	set_title(e, "%s allocation failure (%s, order %lld) in %s", e->subkind,
		  fget_str(f, "gfp_class") ?: "?", fget_int(f, "order", 0),
		  fget_str(f, "fs_frame")      ?:
			  fget_str(f, "site")  ?:
			  fget_str(f, "cache") ?:
						 "?");
}

void finish_fault_injected(struct oracle_event *e)
{
	struct fieldset *f = &e->fields;

	/* "%s fault in %s" */
	struct title t = { e->title, 0, sizeof(e->title) };
	add_sites(e);
	title_str(&t, fget_str(f, "injector") ?: "injected");
	title_str(&t, " fault in ");
	title_str(&t, fget_str(f, "fs_frame") ?: fget_str(f, "site") ?: "?");
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's accounting after the unmount: kmemleak's unreferenced
 * objects (or the filesystem's slab caches without it), and whole pages
 * page_owner's stacks still hold.
 */
#include <stdio.h>

#include "judge.h"

/* A witness that could not look, or could not be read: a skip or an error. */
static bool unread(const struct leak_facts *l, struct verdict *v, const char *name,
		   const char *what)
{
	char sum[512];

	if (l->source == LEAKS_NONE) {
		verdict_add(v, name, CHECK_SKIP, l->why_not, NULL);
		return true;
	}
	if (l->error) {
		snprintf(sum, sizeof(sum), "%s could not be read: %s", what, l->error);
		verdict_add(v, name, CHECK_ERROR, sum, NULL);
		return true;
	}
	return false;
}

static void judge_leaks(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	const struct leak_facts *l = &f->leaks;
	bool kmemleak = l->source == LEAKS_KMEMLEAK;
	char sum[512], note[128];

	if (l->source == LEAKS_UNLOOKED ||
	    unread(l, v, "kernel.no_leaks", kmemleak ? "the kmemleak witness" : "the slab witness"))
		return;
	expect_note(e, "leaks", e->leaks, l->n > 0, note, sizeof(note));
	if (!l->n)
		snprintf(sum, sizeof(sum), "%s%s",
			 kmemleak ?
				 "kmemleak found no new unreferenced object after two scans" :
				 "no slab cache of the filesystem kept objects after the unmount",
			 note);
	else if (kmemleak)
		snprintf(sum, sizeof(sum),
			 "%lld new unreferenced object(s): %lld bytes from %s, "
			 "allocated at %s%s%s",
			 l->n, l->size, l->comm, l->site, l->n > 1 ? ", ..." : "", note);
	else
		snprintf(sum, sizeof(sum),
			 "%lld suspected leak(s): slab cache %s has %lld objects "
			 "after the unmount, %lld before the mount%s",
			 l->n, l->cache, l->after, l->before, note);
	verdict_add(v, "kernel.no_leaks", expect_status(e->leaks, l->n > 0), sum,
		    json_object_get(l->list));
}

static void judge_page_leaks(const struct run_facts *f, const struct sc_expect *e,
			     struct verdict *v)
{
	const struct leak_facts *l = &f->page_leaks;
	char sum[512], note[128];

	if (l->source == LEAKS_UNLOOKED ||
	    unread(l, v, "kernel.no_page_leaks", "page_owner's stacks"))
		return;
	expect_note(e, "page_leaks", e->page_leaks, l->n > 0, note, sizeof(note));
	if (!l->n)
		snprintf(sum, sizeof(sum),
			 "no allocation stack holds more pages after the unmount than before the "
			 "mount (page_owner, %lld stacks, caches dropped, two looks)%s",
			 l->stacks_after, note);
	else
		snprintf(sum, sizeof(sum),
			 "%lld allocation stack(s) hold pages after the unmount: %lld page(s) "
			 "allocated at %s%s, %lld before the mount%s%s",
			 l->n, l->pages, l->site, l->fs_code ? " (the filesystem's code)" : "",
			 l->before, l->n > 1 ? "; ..." : "", note);
	verdict_add(v, "kernel.no_page_leaks", expect_status(e->page_leaks, l->n > 0), sum,
		    json_object_get(l->list));
}

/* clang-format off */
static const struct check_def defs[] = {
	{ "kernel.no_leaks", "leaks", "kmemleak, or the fs's slab caches, saw a leak",
	  .span = SPAN_LEAKS, .judge = judge_leaks },
	{ "kernel.no_page_leaks", "page_leaks", "pages still held after the unmount (page_owner)",
	  .span = SPAN_LEAKS, .requires = "page-owner", .judge = judge_page_leaks },
};
/* clang-format on */

const struct check_family checks_leaks = { "the kernel's accounting", defs, ARRAY_SIZE(defs) };

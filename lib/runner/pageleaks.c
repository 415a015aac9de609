// SPDX-License-Identifier: GPL-2.0
/*
 * Whole pages the run left allocated (kernel.no_page_leaks), by page_owner:
 * kmemleak sees slab and vmalloc objects, not pages taken straight from the
 * page allocator (alloc_pages, folio_alloc, __get_free_pages) that an error
 * path forgets to give back.
 *
 * Before the filesystem is made, the pages each allocation stack holds
 * (page_owner_stacks/show_stacks; its key, a hash of its frames, and its
 * count: 16 bytes a stack). After the workloads stopped and the filesystem
 * was unmounted: the page cache and the slab caches dropped
 * (vm.drop_caches = 3), a first look, PAGE_GRACE_MS, a second drop and a
 * second look. A stack is a suspect when it holds more pages at both looks
 * than before, it is not of a class the kernel gives back by itself or that
 * belongs to a live process (page_stack_class: page cache, slab pages, page
 * tables, kernel stacks, per-CPU memory...), and either
 *   - it passes through the scenario filesystem's code: every page that
 *     code took must be back once the filesystem is unmounted, so one page
 *     is enough; or
 *   - it grew by PAGE_LARGE pages or more, wherever it is.
 * The figures that chose this rule are in README ("Page leaks").
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/array.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/scope.h"
#include "fs/fstype.h"
#include "kernel/page_owner.h"
#include "pageleaks.h"
#include "report/writers.h"
#include "run_int.h"

#define PAGE_GRACE_MS 1000 /* between the two looks */
#define PAGE_LARGE 256	   /* pages (1 MiB) outside the filesystem's code */
#define MAX_SUSPECTS 32	   /* kept with their frames; more are counted */

struct stack_count {
	uint64_t key;
	long pages;
};

struct suspect {
	struct page_stack s;
	long before, after;
	bool fs;
};

struct pageleaks {
	const char *why_not;
	char file[300];
	struct stack_count *before; /* sorted by key */
	size_t n_before;
	long pages_before;
	const char *const *fs_prefixes;
};

static int cmp_key(const void *a, const void *b)
{
	uint64_t x = ((const struct stack_count *)a)->key, y = ((const struct stack_count *)b)->key;

	return x < y ? -1 : x > y;
}

struct look {
	struct stack_count *v;
	size_t n, cap;
	long pages;
};

static int add_count(const struct page_stack *s, void *ud)
{
	struct look *l = ud;

	if (ARRAY_GROW(l->v, l->n + 1, l->cap, 256) < 0)
		return -ENOMEM;
	l->v[l->n++] = (struct stack_count){ s->key, s->pages };
	l->pages += s->pages;
	return 0;
}

static int read_stacks(const char *file, int (*fn)(const struct page_stack *, void *), void *ud)
{
	_cleanup_fclose_ FILE *f = fopen(file, "re");

	if (!f)
		return -errno;
	return page_stacks_read(f, fn, ud);
}

/* Sorted counts of every stack. */
static int snapshot(const char *file, struct look *l)
{
	int k = read_stacks(file, add_count, l);

	if (k < 0) {
		free(l->v);
		l->v = NULL;
		return k;
	}
	qsort(l->v, l->n, sizeof(*l->v), cmp_key);
	return 0;
}

static long count_of(const struct stack_count *v, size_t n, uint64_t key)
{
	struct stack_count want = { .key = key };
	const struct stack_count *c = bsearch(&want, v, n, sizeof(*v), cmp_key);

	return c ? c->pages : 0;
}

int pageleaks_setup(struct run *r)
{
	struct pageleaks *p = calloc(1, sizeof(*p));
	const char *dbg;
	int k;

	if (!p)
		return -ENOMEM;
	r->pageleaks = p;
	if (r->s->sc.leaks == SW_NO) {
		p->why_not = "[scenario] leaks = no";
		return 0;
	}
	/* page_owner makes its debugfs files only when it is on (pageowner_init) */
	if (!(dbg = r->m.page_owner ? run_debugfs(r) : NULL)) {
		p->why_not =
			"page_owner is off here (CONFIG_PAGE_OWNER, page_owner=on); "
			"memstress's kernel boots with it for [fault.*] scenarios";
		return 0;
	}
	snprintf(p->file, sizeof(p->file), "%s/page_owner_stacks/show_stacks", dbg);
	const struct fs_type *ft = scenario_fs_type(r->s);
	if (ft)
		p->fs_prefixes = ft->own_code;
	struct look l = { 0 };
	if ((k = snapshot(p->file, &l)) < 0) {
		p->why_not = "page_owner's show_stacks cannot be read";
		log_warning("cannot read %s: %s", p->file, strerror(-k));
		p->file[0] = 0;
		return 0;
	}
	p->before = l.v;
	p->n_before = l.n;
	p->pages_before = l.pages;
	return 0;
}

/* The page cache and the reclaimable slab caches back to the kernel. */
static void drop_caches(void)
{
	sync();
	(void)write_string("/proc/sys/vm/drop_caches", "3");
}

struct first_look {
	const struct pageleaks *p;
	struct suspect *v;
	size_t n, more;
	long pages;
	struct suspect nearest; /* the most grown stack that is no suspect */
};

static int consider(const struct page_stack *s, void *ud)
{
	struct first_look *f = ud;
	long before = count_of(f->p->before, f->p->n_before, s->key);
	bool fs = f->p->fs_prefixes && page_stack_through(s, f->p->fs_prefixes);

	f->pages += s->pages;
	if (s->pages <= before || page_stack_class(s))
		return 0;
	if (!fs && s->pages - before < PAGE_LARGE) {
		/* how close the rest came: the evidence that PAGE_LARGE holds */
		if (s->pages - before > f->nearest.after - f->nearest.before)
			f->nearest =
				(struct suspect){ .s = *s, .before = before, .after = s->pages };
		return 0;
	}
	if (f->n == MAX_SUSPECTS) {
		f->more++;
		return 0;
	}
	f->v[f->n++] = (struct suspect){ .s = *s, .before = before, .after = s->pages, .fs = fs };
	return 0;
}

static json_object *suspect_json(const struct suspect *x)
{
	json_object *o = json_object_new_object(), *fr = json_object_new_array();

	json_object_object_add(o, "site", json_object_new_string(page_stack_site(&x->s)));
	json_object_object_add(o, "pages", json_object_new_int64(x->after - x->before));
	json_object_object_add(o, "before", json_object_new_int64(x->before));
	json_object_object_add(o, "after", json_object_new_int64(x->after));
	json_object_object_add(o, "filesystem_code", json_object_new_boolean(x->fs));
	for (unsigned i = 0; i < x->s.n_frames; i++)
		json_object_array_add(fr, json_object_new_string(x->s.frames[i]));
	json_object_object_add(o, "frames", fr);
	return o;
}

static int by_pages(const void *a, const void *b)
{
	const struct suspect *x = a, *y = b;
	long dx = x->after - x->before, dy = y->after - y->before;

	return dx < dy ? 1 : dx > dy ? -1 : 0;
}

void pageleaks_check(struct run *r)
{
	struct pageleaks *p = r->pageleaks;
	struct leak_facts *lf = &r->facts.page_leaks;
	json_object *out;

	if (!p)
		return;
	out = result_obj(r->res->root, "page_leaks");
	json_object_object_add(out, "source",
			       json_object_new_string(p->why_not ? "none" : "page_owner"));
	lf->source = p->why_not ? LEAKS_NONE : LEAKS_PAGE_OWNER;
	if (p->why_not) {
		lf->why_not = p->why_not;
		json_object_object_add(out, "why_not", json_object_new_string(p->why_not));
		return;
	}
	_cleanup_free_ struct suspect *v = calloc(MAX_SUSPECTS, sizeof(*v));
	struct first_look f = { .p = p, .v = v };
	struct look second = { 0 };
	int k = -ENOMEM;

	drop_caches();
	if (v && (k = read_stacks(p->file, consider, &f)) == 0) {
		sleep_ms(PAGE_GRACE_MS);
		drop_caches();
		k = snapshot(p->file, &second);
	}
	if (k < 0) {
		lf->error = strerror(-k);
		json_object_object_add(out, "error", json_object_new_string(lf->error));
		return;
	}
	json_object *list = json_object_new_array();
	size_t n = 0;
	for (size_t i = 0; i < f.n; i++) {
		long later = count_of(second.v, second.n, v[i].s.key);
		if (later <= v[i].before)
			continue; /* given back by the second look */
		if (later < v[i].after)
			v[i].after = later;
		v[n++] = v[i];
	}
	qsort(v, n, sizeof(*v), by_pages);
	if (n) {
		lf->pages = v[0].after - v[0].before;
		lf->before = v[0].before;
		lf->after = v[0].after;
		lf->fs_code = v[0].fs;
		snprintf(lf->site, sizeof(lf->site), "%s", page_stack_site(&v[0].s));
	}
	for (size_t i = 0; i < n; i++) {
		json_object_array_add(list, suspect_json(&v[i]));
		log_warning(
			"page_owner: %ld page(s) allocated at %s are still held after the "
			"unmount (%ld before the mount)",
			v[i].after - v[i].before, page_stack_site(&v[i].s), v[i].before);
	}
	json_object_object_add(out, "stacks_before", json_object_new_int64((int64_t)p->n_before));
	json_object_object_add(out, "pages_before", json_object_new_int64(p->pages_before));
	json_object_object_add(out, "stacks_after", json_object_new_int64((int64_t)second.n));
	json_object_object_add(out, "pages_after", json_object_new_int64(second.pages));
	json_object_object_add(out, "count", json_object_new_int64((int64_t)n));
	if (f.nearest.after > f.nearest.before) {
		json_object *o = json_object_new_object();
		json_object_object_add(o, "site",
				       json_object_new_string(page_stack_site(&f.nearest.s)));
		json_object_object_add(o, "pages",
				       json_object_new_int64(f.nearest.after - f.nearest.before));
		json_object_object_add(out, "largest_other", o);
	}
	if (f.more) /* past MAX_SUSPECTS at the first look: not looked at again */
		json_object_object_add(out, "more_unchecked",
				       json_object_new_int64((int64_t)f.more));
	json_object_object_add(out, "suspects", list);
	lf->n = (long long)n;
	lf->list = list;
	lf->stacks_after = (long long)second.n;
	free(second.v);
}

void pageleaks_free_state(struct run *r)
{
	if (!r->pageleaks)
		return;
	free(r->pageleaks->before);
	free(r->pageleaks);
	r->pageleaks = NULL;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Reading page_owner's show_stacks (see page_owner.h). Its shape, from
 * mm/page_owner.c stack_print() (6.10 and later):
 *
 *	 get_page_from_freelist+0x3a5/0x1530
 *	 __alloc_pages_noprof+0x1a4/0x3a0
 *	 ...
 *	nr_base_pages: 12
 *	<empty line>
 *
 * Only the stack being read is held: a guest's few thousand stacks, each a
 * few kilobytes of text, never are at once.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "page_owner.h"

static uint64_t fnv1a(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int page_stacks_read(FILE *f, int (*fn)(const struct page_stack *s, void *ud), void *ud)
{
	_cleanup_free_ char *line = NULL;
	_cleanup_free_ struct page_stack *s = calloc(1, sizeof(*s));
	size_t cap = 0;
	ssize_t n;
	bool open = false;
	int k;

	if (!s)
		return -ENOMEM;
	s->key = 0xcbf29ce484222325ULL;
	while ((n = getline(&line, &cap, f)) > 0) {
		while (n && (line[n - 1] == '\n' || line[n - 1] == ' '))
			line[--n] = 0;
		if (!n)
			continue;
		if (line[0] == ' ') {
			const char *t = line + strspn(line, " ");
			size_t len = strlen(t);
			s->key = fnv1a(s->key, t, len + 1);
			if (s->n_frames < PAGE_STACK_FRAMES)
				snprintf(s->frames[s->n_frames++], PAGE_FRAME_LEN, "%s", t);
			open = true;
			continue;
		}
		char *end;
		if (strncmp(line, "nr_base_pages: ", 15) || !open)
			return -EBADMSG;
		s->pages = strtol(line + 15, &end, 10);
		if (*end)
			return -EBADMSG;
		if ((k = fn(s, ud)) < 0)
			return k;
		memset(s, 0, sizeof(*s));
		s->key = 0xcbf29ce484222325ULL;
		open = false;
	}
	if (ferror(f))
		return -EIO;
	return open ? -EBADMSG : 0;
}

/* The function of a frame ("xfs_buf_alloc+0x1c/0x40 [xfs]"): its length. */
static size_t fn_len(const char *frame)
{
	return strcspn(frame, "+ ");
}

static bool fn_starts(const char *frame, const char *prefix)
{
	size_t p = strlen(prefix);

	return fn_len(frame) >= p && !strncmp(frame, prefix, p);
}

static bool fn_is(const char *frame, const char *name)
{
	return fn_len(frame) == strlen(name) && !strncmp(frame, name, strlen(name));
}

/*
 * Stacks whose pages the kernel gives back by itself, or that belong to a
 * live process: a frame of one of these functions puts the stack in the
 * class. Chosen from what a vanilla 6.12 guest holds after xfs-failslab and
 * ext4-failslab runs (README, "Page leaks").
 */
static const struct {
	const char *what;
	const char *const fns[12]; /* NULL-terminated */
} classes[] = {
	{ "slab pages (the slab witness and kmemleak see their objects)",
	  { "allocate_slab", "new_slab", "___slab_alloc" } },
	{ "page cache",
	  { "filemap_alloc_folio_noprof", "filemap_alloc_folio", "__filemap_get_folio",
	    "page_cache_ra_unbounded", "page_cache_ra_order", "grow_dev_folio" } },
	{ "tmpfs and shared memory", { "shmem_alloc_folio", "shmem_alloc_and_add_folio" } },
	{ "a live process's memory",
	  { "handle_mm_fault", "__handle_mm_fault", "do_anonymous_page", "get_arg_page",
	    "__get_user_pages", "do_wp_page", "wp_page_copy", "khugepaged" } },
	{ "page tables",
	  { "__pte_alloc", "pte_alloc_one", "__pmd_alloc", "__pud_alloc", "__p4d_alloc",
	    "pgd_alloc", "__pte_alloc_kernel" } },
	/* register_dummy_stack: page_owner's stand-in for a page whose own
	 * stack it could not save (allocated inside its own stack saving, or
	 * when the depot could not grow): the depot's pools, mostly; 102 to 118
	 * more pages after a 12 s fault run on vanilla */
	{ "the stack depot (its pools are never freed), and pages page_owner has no stack for",
	  { "stack_depot_save_flags", "stack_depot_save", "__stack_depot_save",
	    "register_dummy_stack" } },
	{ "kernel stacks (exited tasks' are cached per CPU)",
	  { "alloc_thread_stack_node", "dup_task_struct", "copy_process" } },
	{ "per-CPU memory", { "pcpu_populate_chunk", "pcpu_alloc_pages", "pcpu_create_chunk" } },
	{ "the tracing ring buffer", { "__rb_allocate_pages", "rb_allocate_cpu_buffer" } },
};

const char *page_stack_class(const struct page_stack *s)
{
	for (unsigned i = 0; i < s->n_frames; i++)
		for (size_t c = 0; c < sizeof(classes) / sizeof(classes[0]); c++)
			for (const char *const *f = classes[c].fns; *f; f++)
				if (fn_is(s->frames[i], *f))
					return classes[c].what;
	return NULL;
}

/* The page allocator, its wrappers, and page_owner's own frames: no site. */
static const char *const allocator[] = {
	"get_page_from_freelist", "__alloc_pages",	 "alloc_pages",	  "__alloc_frozen_pages",
	"alloc_frozen_pages",	  "post_alloc_hook",	 "prep_new_page", "__set_page_owner",
	"set_page_owner",	  "folio_alloc",	 "__folio_alloc", "__get_free_pages",
	"get_zeroed_page",	  "__vmalloc",		 "vmalloc",	  "vzalloc",
	"__vmalloc_node",	  "vm_area_alloc_pages", "__kmalloc",	  "kmalloc",
	"___kmalloc_large",	  "__kvmalloc",		 "kvmalloc",	  NULL,
};

const char *page_stack_site(const struct page_stack *s)
{
	for (unsigned i = 0; i < s->n_frames; i++) {
		const char *const *a = allocator;
		while (*a && !fn_starts(s->frames[i], *a))
			a++;
		if (!*a)
			return s->frames[i];
	}
	return "?";
}

int page_stack_through(const struct page_stack *s, const char *const *prefixes)
{
	for (unsigned i = 0; i < s->n_frames; i++)
		for (const char *const *p = prefixes; *p; p++)
			if (fn_starts(s->frames[i], *p))
				return 1;
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * page_owner's stacks (CONFIG_PAGE_OWNER, booted with page_owner=on;
 * Documentation/mm/page_owner.rst): <debugfs>/page_owner_stacks/show_stacks
 * lists every allocation stack that holds pages now, its frames (" %pS"
 * lines) and "nr_base_pages: N". Read streaming, a stack at a time, in
 * bounded memory; and what a stack's frames say it is (page cache, slab,
 * a process's own memory...), for the page-leak witness (runner/pageleaks.c).
 */
#ifndef MEMSTRESS_KERNEL_PAGE_OWNER_H
#define MEMSTRESS_KERNEL_PAGE_OWNER_H

#include <stdint.h>
#include <stdio.h>

#define PAGE_STACK_FRAMES 24 /* kept per stack; the key covers all of them */
#define PAGE_FRAME_LEN 96

struct page_stack {
	uint64_t key; /* FNV-1a of every frame, offsets included */
	long pages;   /* nr_base_pages */
	unsigned n_frames;
	char frames[PAGE_STACK_FRAMES][PAGE_FRAME_LEN];
};

/* fn(stack) for each stack of f; a negative return stops the read and is
 * returned. 0, or -EBADMSG when f is not in show_stacks' shape. */
int page_stacks_read(FILE *f, int (*fn)(const struct page_stack *s, void *ud), void *ud);

/* What holds pages that are not leaks by themselves: what the kernel gives
 * back under pressure or at a process's exit. NULL: none of these. */
const char *page_stack_class(const struct page_stack *s);

/* The allocation site: the first frame outside the page allocator and its
 * wrappers (a pointer into s), or "?". */
const char *page_stack_site(const struct page_stack *s);

/* The stack passes through a function whose name starts with one of
 * prefixes (NULL-terminated). */
int page_stack_through(const struct page_stack *s, const char *const *prefixes);

#endif

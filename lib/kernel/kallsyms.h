/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel text ranges from /proc/kallsyms, to aim fault injection's stack
 * filter (require-start/require-end) at a filesystem: the range runs from
 * the lowest to just past the highest text symbol with one of the prefixes.
 * Built-in filesystems are linked contiguously (fs/Makefile order), so the
 * range holds the filesystem's static functions too. Only the main text
 * (_stext.._etext) counts: __init functions are linked with the init text.
 */
#ifndef MEMSTRESS_KERNEL_KALLSYMS_H
#define MEMSTRESS_KERNEL_KALLSYMS_H

#include <stddef.h>
#include <stdint.h>

struct ksym_range {
	uint64_t start, end; /* [start, end) */
	unsigned matched;    /* symbols with a prefix */
	unsigned others;     /* other text symbols inside the range */
	char first[96], last[96];
};

/* prefixes: NULL-terminated. exact: match whole names instead of prefixes. */
int kallsyms_range(const char *path, const char *const *prefixes, int exact,
		   struct ksym_range *ret);

/*
 * The text symbols the kernel calls names[0..n): each the name itself, or
 * the clone the compiler made of it ("__alloc_pages_slowpath.constprop.0",
 * ".isra.0", ".part.0"; never a ".cold" part), into out[i] ("" when there
 * is none). One pass over the file.
 */
int kallsyms_resolve(const char *path, const char *const *names, size_t n, char (*out)[96]);

#endif

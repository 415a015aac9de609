/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmemleak's report (/sys/kernel/debug/kmemleak, or the console with
 * kmemleak.verbose), parsed: one record per "unreferenced object", with its
 * address, size, the task that allocated it, the backtrace's checksum and
 * frames, and the allocation site (the first frame that is not allocator
 * machinery). A pure parser: the caller reads the file.
 */
#ifndef MEMSTRESS_ORACLE_KMEMLEAK_H
#define MEMSTRESS_ORACLE_KMEMLEAK_H

#include <stddef.h>

#define LEAK_FRAMES 24

struct leak {
	unsigned long long addr;
	unsigned long long size;
	char comm[20];
	int pid;
	unsigned crc;
	char *frames[LEAK_FRAMES]; /* "func+0x1c/0x30" */
	unsigned n_frames;
	const char *site; /* into frames */
};

/* Parse a whole report; *ret is a malloc'd array (free with leaks_free). */
int kmemleak_parse(const char *text, struct leak **ret, size_t *n);
void leaks_free(struct leak *l, size_t n);

#endif

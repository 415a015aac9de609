// SPDX-License-Identifier: GPL-2.0
/*
 * kmemleak's report, parsed (see kmemleak.h). The format is mm/kmemleak.c's
 * print_unreferenced():
 *
 *	unreferenced object 0xffff888100e5c000 (size 64):
 *	  comm "kworker/0:1", pid 123, jiffies 4294937296
 *	  hex dump (first 32 bytes):
 *	    00 00 00 00 ...
 *	  backtrace (crc 9ab1c0d3):
 *	    kmemleak_alloc+0x4e/0x90
 *	    [<ffffffff8123>] xfs_foo+0x45/0x100     (older kernels print the address)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "kmemleak.h"
#include "oracle.h"

static const char *skip(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

/* the frames' function names, without +off/len, for the site */
static void find_site(struct leak *l)
{
	char *names[LEAK_FRAMES];
	char buf[LEAK_FRAMES][128];
	unsigned n = 0;

	for (unsigned i = 0; i < l->n_frames; i++) {
		snprintf(buf[n], sizeof(buf[n]), "%.*s", (int)strcspn(l->frames[i], "+ "),
			 l->frames[i]);
		if (strncmp(buf[n], "kmemleak", 8))
			names[n] = buf[n], n++;
	}
	const char *s = oracle_alloc_site(names, n);
	for (unsigned i = 0; s && i < l->n_frames; i++)
		if (!strncmp(l->frames[i], s, strlen(s)) && l->frames[i][strlen(s)] == '+') {
			l->site = l->frames[i];
			return;
		}
	l->site = l->n_frames ? l->frames[0] : NULL;
}

int kmemleak_parse(const char *text, struct leak **ret, size_t *n)
{
	struct leak *v = NULL, *cur = NULL;
	size_t nv = 0, cap = 0;
	int in_bt = 0;

	for (const char *p = text; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		char line[512];
		snprintf(line, sizeof(line), "%.*s",
			 (int)(len < sizeof(line) ? len : sizeof(line) - 1), p);
		p = nl ? nl + 1 : NULL;
		const char *l = skip(line);
		unsigned long long a, sz;
		if (sscanf(l, "unreferenced object 0x%llx (size %llu)", &a, &sz) == 2) {
			if (ARRAY_GROW(v, nv + 1, cap, 16) < 0) {
				leaks_free(v, nv);
				return -ENOMEM;
			}
			cur = &v[nv++];
			memset(cur, 0, sizeof(*cur));
			cur->addr = a;
			cur->size = sz;
			in_bt = 0;
			continue;
		}
		if (!cur)
			continue;
		if (!strncmp(l, "comm \"", 6)) {
			const char *q = strchr(l + 6, '"');
			if (q) {
				snprintf(cur->comm, sizeof(cur->comm), "%.*s", (int)(q - l - 6),
					 l + 6);
				sscanf(q, "\", pid %d", &cur->pid);
			}
		} else if (sscanf(l, "backtrace (crc %x)", &cur->crc) == 1 ||
			   !strncmp(l, "backtrace", 9)) {
			in_bt = 1;
		} else if (!strncmp(l, "hex dump", 8)) {
			in_bt = 0;
		} else if (in_bt && *l && cur->n_frames < LEAK_FRAMES) {
			if (l[0] == '[' && strchr(l, ']')) /* "[<ffffffff8123>] f+0x1/0x2" */
				l = skip(strchr(l, ']') + 1);
			if (*l)
				cur->frames[cur->n_frames++] = strdup(l);
		}
	}
	for (size_t i = 0; i < nv; i++)
		find_site(&v[i]);
	*ret = v;
	*n = nv;
	return 0;
}

void leaks_free(struct leak *l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (unsigned k = 0; k < l[i].n_frames; k++)
			free(l[i].frames[k]);
	free(l);
}

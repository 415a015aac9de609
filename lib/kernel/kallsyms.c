// SPDX-License-Identifier: GPL-2.0
/*
 * Text symbol ranges from /proc/kallsyms (see kallsyms.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/scope.h"
#include "kallsyms.h"

struct sym {
	uint64_t addr;
	char *name;
	unsigned char match;
};

static int by_addr(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int matches(const char *name, const char *const *prefixes, int exact)
{
	for (; *prefixes; prefixes++)
		if (exact ? !strcmp(name, *prefixes) : !strncmp(name, *prefixes, strlen(*prefixes)))
			return 1;
	return 0;
}

int kallsyms_range(const char *path, const char *const *prefixes, int exact, struct ksym_range *ret)
{
	_cleanup_fclose_ FILE *f = fopen(path ? path : "/proc/kallsyms", "re");
	struct sym *v = NULL;
	size_t n = 0, cap = 0;
	char line[512];
	uint64_t stext = 0, etext = UINT64_MAX;
	int r = 0;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256];
		if (sscanf(line, "%llx %c %255s", &addr, &type, name) != 3)
			continue;
		/* __init code (e.g. xfs_init_caches) is linked far away, with all the
		 * other init text: only the main text section counts */
		if (!strcmp(name, "_stext"))
			stext = addr;
		else if (!strcmp(name, "_etext"))
			etext = addr;
		if (type != 't' && type != 'T' && type != 'W' && type != 'w')
			continue;
		if (strchr(line, '[')) /* module symbols: not in the kernel image */
			continue;
		if ((r = ARRAY_GROW(v, n + 1, cap, 65536)) < 0)
			goto out;
		v[n].addr = addr;
		v[n].match = (unsigned char)matches(name, prefixes, exact);
		v[n].name = v[n].match ? strdup(name) : NULL;
		n++;
	}
	qsort(v, n, sizeof(*v), by_addr);
	for (size_t i = 0; i < n; i++)
		if (v[i].match &&
		    (v[i].addr < stext || v[i].addr >= etext || strstr(v[i].name, ".cold")))
			v[i].match = 0; /* .cold parts live in .text.unlikely, away from the rest */
	memset(ret, 0, sizeof(*ret));
	size_t lo = n, hi = 0;
	for (size_t i = 0; i < n; i++)
		if (v[i].match && v[i].addr) {
			if (lo == n)
				lo = i;
			hi = i;
		}
	if (lo == n) {
		r = -ENOENT;
		goto out;
	}
	size_t next = hi + 1;
	while (next < n && v[next].addr == v[hi].addr)
		next++;
	ret->start = v[lo].addr;
	ret->end = next < n ? v[next].addr : v[hi].addr + 4096;
	for (size_t i = lo; i <= hi; i++) {
		if (v[i].match)
			ret->matched++;
		else
			ret->others++;
	}
	snprintf(ret->first, sizeof(ret->first), "%s", v[lo].name);
	snprintf(ret->last, sizeof(ret->last), "%s", v[hi].name);
out:
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
	return r;
}

int kallsyms_resolve(const char *path, const char *const *names, size_t n, char (*out)[96])
{
	_cleanup_fclose_ FILE *f = fopen(path ? path : "/proc/kallsyms", "re");
	char line[512];

	for (size_t i = 0; i < n; i++)
		out[i][0] = '\0';
	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, sym[256];
		if (sscanf(line, "%llx %c %255s", &addr, &type, sym) != 3 ||
		    (type != 't' && type != 'T') || strchr(line, '['))
			continue;
		for (size_t i = 0; i < n; i++) {
			size_t k = strlen(names[i]);
			if (strncmp(sym, names[i], k) || (sym[k] && sym[k] != '.') ||
			    strstr(sym + k, ".cold"))
				continue;
			/* the function itself wins over a clone */
			if (!out[i][0] || !sym[k])
				snprintf(out[i], sizeof(out[i]), "%s", sym);
		}
	}
	return 0;
}

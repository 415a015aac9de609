// SPDX-License-Identifier: GPL-2.0
/*
 * Text symbol ranges from /proc/kallsyms (see kallsyms.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

/* One symbol line's name, if it is a text symbol of the kernel image:
 * "ffffffff811b6e60 t __alloc_pages_slowpath.constprop.0" */
static bool text_sym(const char *line, const char *end, const char **name, size_t *len)
{
	const char *sp = memchr(line, ' ', (size_t)(end - line));

	if (!sp || end - sp < 4 || (sp[1] != 't' && sp[1] != 'T') || sp[2] != ' ')
		return false;
	*name = sp + 3;
	const char *e = *name;
	while (e < end && *e != ' ' && *e != '\t')
		e++;
	*len = (size_t)(e - *name);
	return e == end; /* a module's symbol has "\t[module]" after it */
}

int kallsyms_resolve(const char *path, const char *const *names, size_t n, char (*out)[96])
{
	_cleanup_close_ int fd = open(path ? path : "/proc/kallsyms", O_RDONLY | O_CLOEXEC);
	char buf[1 << 16];
	size_t have = 0;

	for (size_t i = 0; i < n; i++)
		out[i][0] = '\0';
	if (fd < 0)
		return -errno;
	/* the file is read in big blocks and only the lines that hold a wanted
	 * name are parsed: sscanf on its 120,000 lines costs a TCG guest's
	 * boot a tenth of a second */
	for (;;) {
		ssize_t k = read(fd, buf + have, sizeof(buf) - have);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		have += (size_t)k;
		char *last = memrchr(buf, '\n', have);
		if (!last)
			break; /* a line of 64 KiB: not kallsyms */
		char *stop = last + 1;
		for (size_t i = 0; i < n; i++) {
			size_t nl = strlen(names[i]);
			for (char *p = buf; (p = memmem(p, (size_t)(stop - p), names[i], nl));
			     p += nl) {
				char *ls = p, *le = memchr(p, '\n', (size_t)(stop - p));
				while (ls > buf && ls[-1] != '\n')
					ls--;
				const char *name;
				size_t len;
				if (!text_sym(ls, le, &name, &len) || name != p ||
				    len >= sizeof(out[i]) || (len > nl && p[nl] != '.') ||
				    memmem(p, len, ".cold", 5))
					continue;
				/* the function itself wins over a clone */
				if (!out[i][0] || len == nl)
					snprintf(out[i], sizeof(out[i]), "%.*s", (int)len, p);
			}
		}
		have = (size_t)(buf + have - stop);
		memmove(buf, stop, have);
	}
	return 0;
}

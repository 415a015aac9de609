// SPDX-License-Identifier: GPL-2.0
/*
 * Scenario selection for CI (select.h): globs, shards and the skip list.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/strv.h"
#include "select.h"

int shard_parse(const char *s, struct shard *ret)
{
	unsigned i, n;
	int end = 0;

	if (sscanf(s, "%u/%u%n", &i, &n, &end) != 2 || s[end] || n == 0 || i == 0 || i > n ||
	    n > 10000)
		return -EINVAL;
	ret->index = i;
	ret->count = n;
	return 0;
}

void scenario_arg_name(const char *arg, char *name, size_t len)
{
	const char *b = strrchr(arg, '/') ? strrchr(arg, '/') + 1 : arg;
	size_t l = strlen(b);

	if (l > 4 && !strcmp(b + l - 4, ".ini"))
		l -= 4;
	snprintf(name, len, "%.*s", (int)l, b);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The shipped scenario names, sorted, the built-in default among them. */
static char **shipped_names(void)
{
	_cleanup_strv_free_ char **files = scenario_files();
	char **names = NULL;

	STRV_FOREACH(f, files) {
		char n[256];
		scenario_arg_name(*f, n, sizeof(n));
		strv_extend(&names, n);
	}
	if (!strv_contains(names, "default"))
		strv_extend(&names, "default");
	if (names)
		qsort(names, strv_length(names), sizeof(*names), cmp_str);
	return names;
}

static bool is_pattern(const char *s)
{
	return strpbrk(s, "*?[") != NULL;
}

static int cmp_name(const void *a, const void *b)
{
	char x[256], y[256];

	scenario_arg_name(*(char *const *)a, x, sizeof(x));
	scenario_arg_name(*(char *const *)b, y, sizeof(y));
	return strcmp(x, y);
}

int select_scenarios(char *const *args, size_t n, const struct shard *sh, char ***ret)
{
	_cleanup_strv_free_ char **shipped = shipped_names(), **all = NULL;
	bool sharded = sh && sh->count;

	if (n == 0 && sharded)
		STRV_FOREACH(s, shipped)
			strv_extend(&all, *s);
	for (size_t i = 0; i < n; i++) {
		if (!is_pattern(args[i])) {
			if (!strv_contains(all, args[i]))
				strv_extend(&all, args[i]);
			continue;
		}
		bool any = false;
		STRV_FOREACH(s, shipped)
			if (fnmatch(args[i], *s, 0) == 0) {
				any = true;
				if (!strv_contains(all, *s))
					strv_extend(&all, *s);
			}
		if (!any) {
			fprintf(stderr,
				"memstress: no scenario matches '%s' (memstress list --names)\n",
				args[i]);
			return -ENOENT;
		}
	}
	if (sharded) {
		/* the shard by each name's place among all of them, sorted */
		size_t m = strv_length(all);
		_cleanup_free_ char **sorted = calloc(m + 1, sizeof(*sorted));
		char **mine = NULL;
		if (!sorted)
			return -ENOMEM;
		memcpy(sorted, all, m * sizeof(*sorted));
		qsort(sorted, m, sizeof(*sorted), cmp_name);
		for (size_t k = 0; k < m; k++)
			if (k % sh->count == sh->index - 1)
				strv_extend(&mine, sorted[k]);
		/* keep the order the arguments gave */
		char **kept = NULL;
		STRV_FOREACH(a, all)
			if (strv_contains(mine, *a))
				strv_extend(&kept, *a);
		strv_free(mine);
		strv_free(all);
		all = kept;
	}
	*ret = all;
	all = NULL;
	return 0;
}

struct exclude_list {
	char **patterns, **reasons;
};

void exclude_free(struct exclude_list *l)
{
	if (!l)
		return;
	strv_free(l->patterns);
	strv_free(l->reasons);
	free(l);
}

int exclude_load(const char *path, struct exclude_list **ret)
{
	_cleanup_free_ char *text = NULL;
	size_t len = 0;
	int k = read_full_file(path, 1 << 20, &text, &len);

	if (k < 0) {
		fprintf(stderr, "memstress: --exclude %s: %s\n", path, strerror(-k));
		return k;
	}
	struct exclude_list *l = calloc(1, sizeof(*l));
	if (!l)
		return -ENOMEM;
	unsigned line = 0;
	for (char *s = text, *ln; (ln = strsep(&s, "\n")); line++) {
		ln += strspn(ln, " \t");
		if (!*ln || *ln == '#')
			continue;
		size_t pl = strcspn(ln, " \t");
		char *reason = ln + pl;
		reason += strspn(reason, " \t");
		size_t rl = strlen(reason);
		while (rl &&
		       (reason[rl - 1] == ' ' || reason[rl - 1] == '\t' || reason[rl - 1] == '\r'))
			reason[--rl] = 0;
		ln[pl] = 0;
		if (!*reason) {
			fprintf(stderr,
				"memstress: %s:%u: '%s' has no reason (a line is: SCENARIO REASON...)\n",
				path, line + 1, ln);
			exclude_free(l);
			return -EINVAL;
		}
		if (strv_extend(&l->patterns, ln) < 0 || strv_extend(&l->reasons, reason) < 0) {
			exclude_free(l);
			return -ENOMEM;
		}
	}
	*ret = l;
	return 0;
}

const char *exclude_reason(const struct exclude_list *l, const char *name)
{
	for (size_t i = 0; l && l->patterns && l->patterns[i]; i++)
		if (fnmatch(l->patterns[i], name, 0) == 0)
			return l->reasons[i];
	return NULL;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which scenarios a command takes, for CI that splits work across machines:
 * glob patterns over the shipped scenario names ('memcg-*'), a deterministic
 * shard (--shard I/N: the names sorted, the k-th to shard k mod N + 1, so
 * that each lands in exactly one shard), and a skip list (--exclude FILE:
 * "PATTERN REASON" per line) whose scenarios are recorded as skips.
 */
#ifndef MEMSTRESS_CMD_SELECT_H
#define MEMSTRESS_CMD_SELECT_H

#include <stddef.h>

struct shard {
	unsigned index, count; /* 1-based index of count; count 0: no sharding */
};

/* "I/N" with 1 <= I <= N; -EINVAL otherwise. */
int shard_parse(const char *s, struct shard *ret);

/*
 * The scenario arguments a command runs (strv, caller frees): every
 * argument, a pattern with * ? or [ replaced by the shipped names it
 * matches (sorted; -ENOENT, said on stderr, when it matches none); with no
 * argument, none, unless a shard is asked for: then all shipped names.
 * Then only those of the shard. An empty list is not an error.
 */
int select_scenarios(char *const *args, size_t n, const struct shard *sh, char ***ret);

/* The name of a scenario argument: a path's file name without .ini. */
void scenario_arg_name(const char *arg, char *name, size_t len);

struct exclude_list;
/* Load a skip list; errors are said on stderr with FILE:LINE. */
int exclude_load(const char *path, struct exclude_list **ret);
/* The reason a scenario is excluded, or NULL. */
const char *exclude_reason(const struct exclude_list *l, const char *name);
void exclude_free(struct exclude_list *l);
static inline void exclude_freep(struct exclude_list **l)
{
	exclude_free(*l);
}

#endif

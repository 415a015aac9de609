/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Identifiers memstress builds paths and cgroup names from: run ids,
 * scenario names, workload and cgroup names. One whitelist for all of them,
 * checked before any path is made: letters, digits, '.', '_' and '-', not
 * starting with '.' or '-' (no "..", no hidden files, nothing an option
 * parser could take), at most a given length. A run id such as
 * "../../x" can then never leave the directories memstress owns.
 */
#ifndef MEMSTRESS_CORE_IDENT_H
#define MEMSTRESS_CORE_IDENT_H

#include <stdbool.h>
#include <stddef.h>

#define RUN_ID_MAX 128	/* a run id (results/<id>, memstress-<id>, <id>.undo) */
#define NAME_MAX_LEN 32 /* a workload's or a cgroup's name in a scenario */

/*
 * NULL if s is a valid identifier of at most max characters; otherwise a
 * static sentence saying what is wrong ("contains '/'", ...), written into
 * buf when it needs the offending character.
 */
const char *ident_problem(const char *s, size_t max, char *buf, size_t len);
static inline bool ident_valid(const char *s, size_t max)
{
	char b[64];

	return !ident_problem(s, max, b, sizeof(b));
}
/* A valid identifier made from s: other bytes become '_', cut at max
 * (at least "x"). Caller frees. */
char *ident_sanitize(const char *s, size_t max);

#endif

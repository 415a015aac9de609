/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which kernel is being judged: its release and build string, its command
 * line, its configuration (/proc/config.gz, else /boot/config-RELEASE) with
 * a hash and the options memstress cares about, and its taint, decoded into
 * the kernel's own flag letters. Reads only.
 */
#ifndef MEMSTRESS_KERNEL_IDENTITY_H
#define MEMSTRESS_KERNEL_IDENTITY_H

#include <json-c/json.h>
#include <stdbool.h>

/* The running kernel's .config text (malloc'd); -ENOENT when it has none to show. */
int kernel_config(char **ret);
/* /proc/sys/kernel/tainted, or -1. */
long kernel_tainted(void);
/* {"value": N, "flags": "GW", "names": ["..."]} for a taint value. */
json_object *kernel_taint_json(long value);
/* The letters of `flags` that name no taint, as a string ("" all do). */
void kernel_taint_unknown(const char *flags, char *bad, size_t len);
/* What a taint letter means ("?" unknown). */
const char *kernel_taint_name(char letter);
/* The taint value with the bits of these letters. */
long kernel_taint_mask(const char *flags);
/* The flags of `after` that `before` did not have, as letters ("" none). */
void kernel_taint_new(long before, long after, char *letters, size_t len);
/* release, version (build string), cmdline, config {source, sha256, options}. */
json_object *kernel_identity_json(void);

#endif

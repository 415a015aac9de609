// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's identity and taint (see identity.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <zlib.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "core/hash.h"
#include "identity.h"

int kernel_config(char **ret)
{
	gzFile g = gzopen("/proc/config.gz", "rb");
	size_t len = 0, cap = 1 << 17;
	char *buf;

	if (!g) {
		struct utsname u;
		char p[300];
		if (uname(&u) < 0)
			return -errno;
		snprintf(p, sizeof(p), "/boot/config-%s", u.release);
		return read_full_file(p, 8 << 20, ret, NULL) < 0 ? -ENOENT : 0;
	}
	buf = malloc(cap + 1);
	for (int k; buf && (k = gzread(g, buf + len, (unsigned)(cap - len))) > 0;) {
		len += (size_t)k;
		if (len == cap) {
			char *nb = cap < (16 << 20) ? realloc(buf, cap * 2 + 1) : NULL;
			if (!nb)
				break;
			buf = nb;
			cap *= 2;
		}
	}
	gzclose(g);
	if (!buf)
		return -ENOMEM;
	buf[len] = 0;
	*ret = buf;
	return len ? 0 : -ENOENT;
}

long kernel_tainted(void)
{
	int64_t v;

	return read_int64("/proc/sys/kernel/tainted", &v) < 0 ? -1 : (long)v;
}

/* Documentation/admin-guide/tainted-kernels.rst, bit by bit */
static const struct {
	char letter;
	const char *name;
} taints[] = {
	{ 'P', "proprietary module" },
	{ 'F', "module force loaded" },
	{ 'S', "kernel running on an out of specification system" },
	{ 'R', "module force unloaded" },
	{ 'M', "processor reported a Machine Check Exception" },
	{ 'B', "bad page referenced or unexpected page flags" },
	{ 'U', "taint requested by userspace" },
	{ 'D', "kernel died recently (OOPS or BUG)" },
	{ 'A', "ACPI table overridden by user" },
	{ 'W', "kernel issued a warning" },
	{ 'C', "staging driver loaded" },
	{ 'I', "workaround for a platform firmware bug applied" },
	{ 'O', "externally-built (out-of-tree) module loaded" },
	{ 'E', "unsigned module loaded" },
	{ 'L', "soft lockup occurred" },
	{ 'K', "kernel live patched" },
	{ 'X', "auxiliary taint (distributions)" },
	{ 'T', "kernel built with the struct randomization plugin" },
	{ 'N', "an in-kernel test has been run" },
	{ 'J', "userspace used a mutating debug operation in fwctl" },
};

json_object *kernel_taint_json(long value)
{
	json_object *o = json_object_new_object(), *names = json_object_new_array();
	char letters[40];
	size_t n = 0;

	for (size_t i = 0; i < sizeof(taints) / sizeof(taints[0]); i++)
		if (value >= 0 && (value & (1L << i))) {
			letters[n++] = taints[i].letter;
			json_object_array_add(names, json_object_new_string(taints[i].name));
		}
	letters[n] = 0;
	json_object_object_add(o, "value", json_object_new_int64(value));
	json_object_object_add(o, "flags", json_object_new_string(letters));
	json_object_object_add(o, "names", names);
	return o;
}

void kernel_taint_new(long before, long after, char *letters, size_t len)
{
	size_t n = 0;

	for (size_t i = 0; i < sizeof(taints) / sizeof(taints[0]) && n + 1 < len; i++)
		if (after >= 0 && (after & (1L << i)) && !(before >= 0 && (before & (1L << i))))
			letters[n++] = taints[i].letter;
	letters[n] = 0;
}

void kernel_taint_unknown(const char *flags, char *bad, size_t len)
{
	size_t n = 0;

	for (const char *f = flags; *f && n + 1 < len; f++)
		if (!kernel_taint_mask((char[]){ *f, 0 }))
			bad[n++] = *f;
	bad[n] = 0;
}

const char *kernel_taint_name(char letter)
{
	for (size_t i = 0; i < sizeof(taints) / sizeof(taints[0]); i++)
		if (taints[i].letter == letter)
			return taints[i].name;
	return "?";
}

long kernel_taint_mask(const char *flags)
{
	long m = 0;

	for (size_t i = 0; i < sizeof(taints) / sizeof(taints[0]); i++)
		if (strchr(flags, taints[i].letter))
			m |= 1L << i;
	return m;
}

/* What memstress's checks depend on, as the config has them. */
static const char *const cared[] = {
	"CONFIG_MEMCG",
	"CONFIG_PSI",
	"CONFIG_FAULT_INJECTION",
	"CONFIG_FAILSLAB",
	"CONFIG_FAIL_PAGE_ALLOC",
	"CONFIG_FAULT_INJECTION_STACKTRACE_FILTER",
	"CONFIG_TRACING",
	"CONFIG_KPROBE_EVENTS",
	"CONFIG_DEBUG_KMEMLEAK",
	"CONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF",
	"CONFIG_PROVE_LOCKING",
	"CONFIG_DETECT_HUNG_TASK",
	"CONFIG_SLUB_DEBUG",
	"CONFIG_SWAP",
	"CONFIG_TRANSPARENT_HUGEPAGE",
	"CONFIG_XFS_FS",
	"CONFIG_EXT4_FS",
	"CONFIG_KASAN",
	NULL,
};

json_object *kernel_identity_json(void)
{
	json_object *o = json_object_new_object();
	_cleanup_free_ char *cmd = NULL, *ver = NULL, *cfg = NULL;
	struct utsname u;

	if (uname(&u) == 0) {
		json_object_object_add(o, "release", json_object_new_string(u.release));
		json_object_object_add(o, "version", json_object_new_string(u.version));
	}
	if (read_one_line("/proc/version", &ver) == 0)
		json_object_object_add(o, "proc_version", json_object_new_string(ver));
	if (read_one_line("/proc/cmdline", &cmd) == 0)
		json_object_object_add(o, "cmdline", json_object_new_string(cmd));
	json_object *c = json_object_new_object();
	if (kernel_config(&cfg) == 0) {
		char hex[65];
		sha256_hex(cfg, strlen(cfg), hex);
		json_object_object_add(c, "sha256", json_object_new_string(hex));
		json_object *opts = json_object_new_object();
		for (const char *const *k = cared; *k; k++) {
			char pat[96];
			snprintf(pat, sizeof(pat), "\n%s=", *k);
			const char *p = strstr(cfg, pat);
			const char *v = p ? p + strlen(pat) : "n";
			json_object_object_add(
				opts, *k, json_object_new_string_len(v, (int)strcspn(v, "\n")));
		}
		json_object_object_add(c, "options", opts);
	} else
		json_object_object_add(c, "sha256", NULL);
	json_object_object_add(o, "config", c);
	return o;
}

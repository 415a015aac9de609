// SPDX-License-Identifier: GPL-2.0
/*
 * mkfs and mount options, checked (see passthrough.h) against each
 * filesystem's tables (lib/fs: what its mkfs and the kernel's mount option
 * parser take, less what names a file or device) and the mount options
 * every filesystem has. Anything not in them is refused. (stress-ng's and
 * fio's rules are their engines', in lib/engine.)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "core/refuse.h"
#include "core/scope.h"
#include "core/strv.h"
#include "fs/fstype.h"
#include "passthrough.h"

/* --- mkfs ----------------------------------------------------------------- */

static const struct mkfs_flag *mkfs_flag(const struct mkfs_flag *t, char c)
{
	for (; t->letter; t++)
		if (t->letter == c)
			return t;
	return NULL;
}

static int check_subopts(const char *prog, char letter, const char *v, const char *const *allowed,
			 char *err, size_t len)
{
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, ",");
		size_t kn = strcspn(p, "=,");
		if (!word_listed(allowed, p, kn))
			return refuse(err, len,
				      "%s -%c %.*s: not allowed (a scenario may not name other "
				      "files or devices; allowed: see `memstress list --keys`)",
				      prog, letter, (int)kn, p);
		if (memchr(p, '/', n))
			return refuse(err, len, "%s -%c %.*s: a path is not allowed here", prog,
				      letter, (int)n, p);
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

int passthrough_mkfs(const char *fs, const char *options, bool vm_only, char *err, size_t len)
{
	const struct fs_type *t = fs_type_find(fs);
	_cleanup_strv_free_ char **a = NULL;
	int k = split_or_refuse(options, &a, err, len);

	if (k < 0 || !t)
		return k < 0 ? k : refuse(err, len, "no filesystem type '%s'", fs);
	const struct mkfs_flag *table = t->mkfs_flags;
	const char *prog = t->mkfs;
	for (size_t i = 0; a && a[i]; i++) {
		const char *o = a[i];
		if (o[0] != '-' || !o[1])
			return refuse(err, len,
				      "%s argument '%s': only options are allowed (memstress gives "
				      "the device, its own image)",
				      prog, o);
		if (o[1] == '-')
			return refuse(err, len, "%s option '%s': not allowed", prog, o);
		for (const char *c = o + 1; *c; c++) {
			const struct mkfs_flag *f = mkfs_flag(table, *c);
			if (!f)
				return refuse(err, len, "%s -%c: not allowed", prog, *c);
			if (f->kind == MKFS_NOARG)
				continue;
			const char *v = c[1] ? c + 1 : a[i + 1];
			if (!v)
				return refuse(err, len, "%s -%c: needs a value", prog, *c);
			if (!c[1])
				i++;
			if (f->kind == MKFS_SUBOPTS)
				k = check_subopts(prog, f->letter, v, f->subopts, err, len);
			else if (!f->path_ok && strchr(v, '/'))
				k = refuse(err, len, "%s -%c %s: a path is not allowed here", prog,
					   f->letter, v);
			else if (f->panics && !strcmp(v, f->panics) && !vm_only)
				k = refuse(
					err, len,
					"%s -%c %s: panics this machine's kernel on a filesystem "
					"error; only in a scenario with target = vm",
					prog, f->letter, v);
			if (k < 0)
				return k;
			break;
		}
	}
	return 0;
}

/* --- mount ---------------------------------------------------------------- */

/* clang-format off */
static const char *const mount_generic[] = {
	"ro", "rw", "sync", "async", "dirsync", "atime", "noatime", "relatime", "norelatime",
	"strictatime", "lazytime", "nolazytime", "diratime", "nodiratime", "dev", "nodev", "suid",
	"nosuid", "exec", "noexec", "iversion", "noiversion", "defaults", NULL
};
/* clang-format on */

int passthrough_mount(const char *fs, const char *options, bool vm_only, char *err, size_t len)
{
	const struct fs_type *t = fs_type_find(fs);
	const char *const *own = t ? t->mount_options : NULL;

	if (!options)
		return 0;
	for (const char *p = options; *p;) {
		size_t n = strcspn(p, ",");
		size_t kn = strcspn(p, "=,");
		if (!n)
			return refuse(err, len, "mount option list '%s': an empty option", options);
		if (!word_listed(mount_generic, p, kn) && !word_listed(own, p, kn))
			return refuse(err, len,
				      "mount option '%.*s': not allowed for %s (a scenario may not "
				      "name other files or devices)",
				      (int)n, p, fs);
		if (memchr(p, '/', n))
			return refuse(err, len, "mount option '%.*s': a path is not allowed here",
				      (int)n, p);
		if (n == strlen("errors=panic") && !strncmp(p, "errors=panic", n) && !vm_only)
			return refuse(
				err, len,
				"mount option 'errors=panic': panics this machine's kernel on a "
				"filesystem error; only in a scenario with target = vm");
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

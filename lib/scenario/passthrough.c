// SPDX-License-Identifier: GPL-2.0
/*
 * mkfs and mount options, checked (see passthrough.h). The tables are the
 * options of xfsprogs 6.1's mkfs.xfs and e2fsprogs 1.47's mke2fs, and of the
 * kernel's XFS and ext4 mount option parsers, less the ones that name a
 * file or device. Anything not in them is refused: a newer option is added
 * here once someone has read what it does. (stress-ng's and fio's rules are
 * their engines', in lib/engine.)
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "core/refuse.h"
#include "core/scope.h"
#include "core/strv.h"
#include "passthrough.h"

/* --- mkfs ----------------------------------------------------------------- */

enum flag_kind { F_NOARG, F_ARG, F_SUBOPTS };

struct mkfs_flag {
	char letter;
	enum flag_kind kind;
	const char *const *subopts; /* F_SUBOPTS: allowed names */
	bool path_ok;		    /* F_ARG: the value is only a string stored (ext4 -M) */
};

/* clang-format off */
static const char *const xfs_b[] = { "size", "log", NULL };
static const char *const xfs_m[] = { "bigtime", "crc", "finobt", "inobtcount", "reflink", "rmapbt",
				     "uuid", NULL };
/* not: file, name (another file as the data section) */
static const char *const xfs_d[] = { "agcount", "agsize", "cowextsize", "daxinherit",
				     "extszinherit", "noalign", "projinherit", "rtinherit", "size",
				     "su", "sunit", "sw", "swidth", NULL };
static const char *const xfs_i[] = { "align", "attr", "maxpct", "nrext64", "perblock",
				     "projid32bit", "size", "sparse", NULL };
/* not: logdev, file, name (an external log on another device or file) */
static const char *const xfs_l[] = { "agnum", "internal", "lazy-count", "size", "su", "sunit",
				     "version", NULL };
static const char *const xfs_n[] = { "ftype", "size", "log", "version", NULL };
/* not: rtdev, file, name */
static const char *const xfs_r[] = { "extsize", "noalign", "size", NULL };
static const char *const xfs_s[] = { "size", "log", NULL };

static const struct mkfs_flag xfs_flags[] = {
	{ 'b', F_SUBOPTS, xfs_b, false }, { 'm', F_SUBOPTS, xfs_m, false },
	{ 'd', F_SUBOPTS, xfs_d, false }, { 'i', F_SUBOPTS, xfs_i, false },
	{ 'l', F_SUBOPTS, xfs_l, false }, { 'n', F_SUBOPTS, xfs_n, false },
	{ 'r', F_SUBOPTS, xfs_r, false }, { 's', F_SUBOPTS, xfs_s, false },
	{ 'L', F_ARG, NULL, false },      { 'f', F_NOARG, NULL, false },
	{ 'q', F_NOARG, NULL, false },    { 'K', F_NOARG, NULL, false },
	{ 'N', F_NOARG, NULL, false },
	/* not: -p protofile (reads a file), -c options=FILE (a config file) */
	{ 0 }
};

/* not: offset (writes elsewhere in the image), android_sparse */
static const char *const ext4_E[] = { "assume_storage_prezeroed", "discard", "encoding",
				      "encoding_flags", "hash_seed", "lazy_itable_init",
				      "lazy_journal_init", "mmp_update_interval", "no_copy_xattrs",
				      "nodiscard", "num_backup_sb", "orphan_file_size",
				      "packed_meta_blocks", "quotatype", "resize", "root_owner",
				      "stride", "stripe-width", "stripe_width", "test_fs", NULL };
/* not: device= (an external journal) */
static const char *const ext4_J[] = { "size", "fast_commit_size", "location", NULL };

static const struct mkfs_flag ext4_flags[] = {
	{ 'b', F_ARG, NULL, false },      { 'C', F_ARG, NULL, false },
	{ 'c', F_NOARG, NULL, false },    { 'D', F_NOARG, NULL, false },
	{ 'e', F_ARG, NULL, false },      { 'E', F_SUBOPTS, ext4_E, false },
	{ 'F', F_NOARG, NULL, false },    { 'g', F_ARG, NULL, false },
	{ 'G', F_ARG, NULL, false },      { 'i', F_ARG, NULL, false },
	{ 'I', F_ARG, NULL, false },      { 'j', F_NOARG, NULL, false },
	{ 'J', F_SUBOPTS, ext4_J, false }, { 'L', F_ARG, NULL, false },
	{ 'm', F_ARG, NULL, false },      { 'M', F_ARG, NULL, true },
	{ 'n', F_NOARG, NULL, false },    { 'N', F_ARG, NULL, false },
	{ 'o', F_ARG, NULL, false },      { 'O', F_ARG, NULL, false },
	{ 'q', F_NOARG, NULL, false },    { 'r', F_ARG, NULL, false },
	{ 'S', F_NOARG, NULL, false },    { 't', F_ARG, NULL, false },
	{ 'T', F_ARG, NULL, false },      { 'U', F_ARG, NULL, false },
	{ 'v', F_NOARG, NULL, false },
	/* not: -d DIR (copies a host directory in), -l FILE (a bad-blocks
	 * list), -z FILE (writes an undo file) */
	{ 0 }
};
/* clang-format on */

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
	const bool xfs = !strcmp(fs, "xfs");
	const struct mkfs_flag *table = xfs ? xfs_flags : ext4_flags;
	const char *prog = xfs ? "mkfs.xfs" : "mkfs.ext4";
	_cleanup_strv_free_ char **a = NULL;
	int k = split_or_refuse(options, &a, err, len);

	if (k < 0)
		return k;
	for (size_t i = 0; a && a[i]; i++) {
		const char *t = a[i];
		if (t[0] != '-' || !t[1])
			return refuse(err, len,
				      "%s argument '%s': only options are allowed (memstress gives "
				      "the device, its own image)",
				      prog, t);
		if (t[1] == '-')
			return refuse(err, len, "%s option '%s': not allowed", prog, t);
		for (const char *c = t + 1; *c; c++) {
			const struct mkfs_flag *f = mkfs_flag(table, *c);
			if (!f)
				return refuse(err, len, "%s -%c: not allowed", prog, *c);
			if (f->kind == F_NOARG)
				continue;
			const char *v = c[1] ? c + 1 : a[i + 1];
			if (!v)
				return refuse(err, len, "%s -%c: needs a value", prog, *c);
			if (!c[1])
				i++;
			if (f->kind == F_SUBOPTS)
				k = check_subopts(prog, f->letter, v, f->subopts, err, len);
			else if (!f->path_ok && strchr(v, '/'))
				k = refuse(err, len, "%s -%c %s: a path is not allowed here", prog,
					   f->letter, v);
			else if (!xfs && f->letter == 'e' && !strcmp(v, "panic") && !vm_only)
				k = refuse(
					err, len,
					"%s -e panic: panics this machine's kernel on a filesystem "
					"error; only in a scenario with target = vm",
					prog);
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
/* not: logdev, rtdev (other devices) */
static const char *const mount_xfs[] = {
	"allocsize", "attr2", "noattr2", "dax", "discard", "nodiscard", "filestreams", "grpid",
	"bsdgroups", "nogrpid", "sysvgroups", "ikeep", "noikeep", "inode32", "inode64", "largeio",
	"nolargeio", "logbufs", "logbsize", "norecovery", "nouuid", "noquota", "uquota", "usrquota",
	"quota", "uqnoenforce", "qnoenforce", "gquota", "grpquota", "gqnoenforce", "pquota",
	"prjquota", "pqnoenforce", "sunit", "swidth", "swalloc", "wsync", NULL
};
/* not: journal_path, journal_dev (an external journal) */
static const char *const mount_ext4[] = {
	"abort", "acl", "noacl", "auto_da_alloc", "noauto_da_alloc", "barrier", "nobarrier",
	"block_validity", "noblock_validity", "bsddf", "minixdf", "commit", "data", "data_err",
	"dax", "debug", "delalloc", "nodelalloc", "dioread_lock", "dioread_nolock", "discard",
	"nodiscard", "errors", "grpid", "bsdgroups", "nogrpid", "sysvgroups", "grpjquota",
	"usrjquota", "jqfmt", "grpquota", "usrquota", "prjquota", "quota", "noquota",
	"i_version", "init_itable", "noinit_itable", "inlinecrypt", "journal_async_commit",
	"journal_checksum", "nojournal_checksum", "journal_ioprio", "max_batch_time",
	"min_batch_time", "mb_optimize_scan", "noload", "norecovery", "nombcache", "nouid32",
	"oldalloc", "orlov", "resgid", "resuid", "sb", "stripe", "user_xattr", "nouser_xattr",
	"prefetch_block_bitmaps", "no_prefetch_block_bitmaps", NULL
};
/* clang-format on */

int passthrough_mount(const char *fs, const char *options, bool vm_only, char *err, size_t len)
{
	const char *const *own = !strcmp(fs, "xfs") ? mount_xfs : mount_ext4;

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

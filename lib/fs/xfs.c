// SPDX-License-Identifier: GPL-2.0
/*
 * XFS (see fstype.h). What a scenario may pass to mkfs.xfs is xfsprogs
 * 6.1's options, and to mount the kernel's XFS mount options, less those
 * that name another file or device; a newer option is added here once
 * someone has read what it does.
 */
#include "fstype.h"

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

static const struct mkfs_flag mkfs_flags[] = {
	{ 'b', MKFS_SUBOPTS, xfs_b, false }, { 'm', MKFS_SUBOPTS, xfs_m, false },
	{ 'd', MKFS_SUBOPTS, xfs_d, false }, { 'i', MKFS_SUBOPTS, xfs_i, false },
	{ 'l', MKFS_SUBOPTS, xfs_l, false }, { 'n', MKFS_SUBOPTS, xfs_n, false },
	{ 'r', MKFS_SUBOPTS, xfs_r, false }, { 's', MKFS_SUBOPTS, xfs_s, false },
	{ 'L', MKFS_ARG, NULL, false },      { 'f', MKFS_NOARG, NULL, false },
	{ 'q', MKFS_NOARG, NULL, false },    { 'K', MKFS_NOARG, NULL, false },
	{ 'N', MKFS_NOARG, NULL, false },
	/* not: -p protofile (reads a file), -c options=FILE (a config file) */
	{ 0 }
};

/* not: logdev, rtdev (other devices) */
static const char *const mount_options[] = {
	"allocsize", "attr2", "noattr2", "dax", "discard", "nodiscard", "filestreams", "grpid",
	"bsdgroups", "nogrpid", "sysvgroups", "ikeep", "noikeep", "inode32", "inode64", "largeio",
	"nolargeio", "logbufs", "logbsize", "norecovery", "nouuid", "noquota", "uquota", "usrquota",
	"quota", "uqnoenforce", "qnoenforce", "gquota", "grpquota", "gqnoenforce", "pquota",
	"prjquota", "pqnoenforce", "sunit", "swidth", "swalloc", "wsync", NULL
};
/* clang-format on */

const struct fs_type fs_xfs = {
	.name = "xfs",
	.label = "XFS",
	.package = "xfsprogs",
	.mkfs = "mkfs.xfs",
	.mkfs_args = { "-q", "-f", NULL },
	.fsck = "xfs_repair",
	.fsck_args = { "-n", NULL },
	.repair_args = { NULL },
	.fsck_image_arg = "-f",
	.guest_tools = { "xfs_io", NULL },
	.fault_code = { "xfs", "__xfs", "xlog", NULL },
	.own_code = { "xfs", "xlog", "__xfs", "__xlog" },
	.slab_caches = { "xfs_", "xfs-" },
	.mkfs_flags = mkfs_flags,
	.mount_options = mount_options,
};

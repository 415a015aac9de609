// SPDX-License-Identifier: GPL-2.0
/*
 * ext4 (see fstype.h). What a scenario may pass to mkfs.ext4 is e2fsprogs
 * 1.47's mke2fs options, and to mount the kernel's ext4 mount options, less
 * those that name another file or device; a newer option is added here once
 * someone has read what it does. Its journal is jbd2's code, which counts
 * as its own for page leaks; a fault target aims at jbd2 by that name.
 */
#include "fstype.h"

/* clang-format off */
/* not: offset (writes elsewhere in the image), android_sparse */
static const char *const ext4_E[] = { "assume_storage_prezeroed", "discard", "encoding",
				      "encoding_flags", "hash_seed", "lazy_itable_init",
				      "lazy_journal_init", "mmp_update_interval", "no_copy_xattrs",
				      "nodiscard", "num_backup_sb", "orphan_file_size",
				      "packed_meta_blocks", "quotatype", "resize", "root_owner",
				      "stride", "stripe-width", "stripe_width", "test_fs", NULL };
/* not: device= (an external journal) */
static const char *const ext4_J[] = { "size", "fast_commit_size", "location", NULL };

static const struct mkfs_flag mkfs_flags[] = {
	{ 'b', MKFS_ARG, NULL, false },      { 'C', MKFS_ARG, NULL, false },
	{ 'c', MKFS_NOARG, NULL, false },    { 'D', MKFS_NOARG, NULL, false },
	{ 'e', MKFS_ARG, NULL, false, "panic" },      { 'E', MKFS_SUBOPTS, ext4_E, false },
	{ 'F', MKFS_NOARG, NULL, false },    { 'g', MKFS_ARG, NULL, false },
	{ 'G', MKFS_ARG, NULL, false },      { 'i', MKFS_ARG, NULL, false },
	{ 'I', MKFS_ARG, NULL, false },      { 'j', MKFS_NOARG, NULL, false },
	{ 'J', MKFS_SUBOPTS, ext4_J, false }, { 'L', MKFS_ARG, NULL, false },
	{ 'm', MKFS_ARG, NULL, false },      { 'M', MKFS_ARG, NULL, true },
	{ 'n', MKFS_NOARG, NULL, false },    { 'N', MKFS_ARG, NULL, false },
	{ 'o', MKFS_ARG, NULL, false },      { 'O', MKFS_ARG, NULL, false },
	{ 'q', MKFS_NOARG, NULL, false },    { 'r', MKFS_ARG, NULL, false },
	{ 'S', MKFS_NOARG, NULL, false },    { 't', MKFS_ARG, NULL, false },
	{ 'T', MKFS_ARG, NULL, false },      { 'U', MKFS_ARG, NULL, false },
	{ 'v', MKFS_NOARG, NULL, false },
	/* not: -d DIR (copies a host directory in), -l FILE (a bad-blocks
	 * list), -z FILE (writes an undo file) */
	{ 0 }
};
/* not: journal_path, journal_dev (an external journal) */
static const char *const mount_options[] = {
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

const struct fs_type fs_ext4 = {
	.name = "ext4",
	.label = "ext4",
	.package = "e2fsprogs",
	.mkfs = "mkfs.ext4",
	.mkfs_args = { "-q", "-F", NULL },
	.fsck = "e2fsck",
	.fsck_args = { "-f", "-n", NULL },
	.repair_args = { "-f", "-y", NULL },
	.guest_tools = { "debugfs", NULL },
	.fault_code = { "ext4", "__ext4", NULL },
	.own_code = { "ext4", "__ext4", "jbd2", "__jbd2" },
	.slab_caches = { "ext4_", "jbd2_" },
	.mkfs_flags = mkfs_flags,
	.mount_options = mount_options,
};

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The filesystems memstress makes on its loop images: one descriptor each
 * (xfs.c, ext4.c) and a line in the registry (fstype.c). A descriptor says
 * which programs make and check it (fsck that looks and never repairs, and
 * the same fsck repairing, for `fsck = repairable`),
 * what a scenario may hand on to mkfs and mount, what else a guest needs,
 * and which kernel functions are its own code (fault targets, page leaks).
 * The kernel side and the programs are probed by kernel/probe.c, one
 * requirement per filesystem, named as its [fs] type.
 */
#ifndef MEMSTRESS_FS_FSTYPE_H
#define MEMSTRESS_FS_FSTYPE_H

#include <stdbool.h>
#include <stddef.h>

enum mkfs_arg {
	MKFS_NOARG,
	MKFS_ARG,
	MKFS_SUBOPTS,
};

/* One mkfs option letter a scenario may give. */
struct mkfs_flag {
	char letter;
	enum mkfs_arg kind;
	const char *const *subopts; /* MKFS_SUBOPTS: the allowed names */
	bool path_ok;		    /* MKFS_ARG: the value is only a string stored (ext4 -M) */
	const char *panics; /* MKFS_ARG: the value that panics the kernel on an error: VM only */
};

#define FS_TYPES_MAX 4

struct fs_type {
	const char *name;    /* [fs] type, and the kernel's (/proc/filesystems) */
	const char *label;   /* as `memstress check` shows it */
	const char *package; /* Debian's, with its mkfs and fsck */
	const char *mkfs;
	const char *const mkfs_args[4]; /* before the scenario's options: quiet, force */
	const char *fsck;
	const char *const fsck_args[4];	  /* look, never repair */
	const char *const repair_args[4]; /* the same program repairing, asking nothing */
	const char *fsck_image_arg;	  /* only when checking an image file */
	const char *const guest_tools[4]; /* what a guest needs besides mkfs and fsck */
	const char *const fault_code[4]; /* prefixes of the functions a fault target NAME aims at */
	const char *const own_code[6];	 /* prefixes of its code and its journal's (page leaks) */
	const char *const slab_caches[4];   /* prefixes of its slab caches (the leak witness) */
	const struct mkfs_flag *mkfs_flags; /* 0-terminated */
	const char *const *mount_options;   /* its own, beside the generic ones; NULL-terminated */
};

extern const struct fs_type fs_xfs, fs_ext4;

/* The names, in the registry's order, NULL-terminated ([fs] type's choices). */
extern const char *const fs_type_names[];

/* Registry entry i, or NULL past the last. */
const struct fs_type *fs_type_at(size_t i);
const struct fs_type *fs_type_find(const char *name);

#endif

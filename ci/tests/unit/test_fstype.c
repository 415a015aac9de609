// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the filesystem registry (lib/fs) and of the mkfs and mount
 * rules that read it (scenario/passthrough.c): the names [fs] type accepts
 * are the registry's, in its order; every filesystem says how to make it,
 * look at it without repairing, and aim faults at its code; and each one's
 * tables allow and refuse what they say.
 */
#include <errno.h>
#include <string.h>

#include "fs/fstype.h"
#include "scenario/passthrough.h"
#include "unit.h"

static void registry(void **state)
{
	const struct fs_type *t;
	size_t i;

	(void)state;
	for (i = 0; (t = fs_type_at(i)); i++) {
		assert_non_null(fs_type_names[i]);
		assert_string_equal(fs_type_names[i], t->name);
		assert_ptr_equal(fs_type_find(t->name), t);
		assert_non_null(t->mkfs);
		assert_non_null(t->fsck);
		assert_non_null(t->mkfs_args[0]);
		assert_non_null(t->fsck_args[0]);
		assert_non_null(t->fault_code[0]);
		assert_non_null(t->own_code[0]);
		assert_non_null(t->slab_caches[0]);
		assert_non_null(t->mkfs_flags);
		assert_non_null(t->mount_options);
	}
	assert_null(fs_type_names[i]);
	assert_true(i >= 2 && i <= FS_TYPES_MAX);
	assert_null(fs_type_find("btrfs"));
	assert_null(fs_type_find(NULL));
}

static void rules(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(passthrough_mkfs("xfs", "-m reflink=1 -i size=512", false, err, 256), 0);
	assert_int_equal(passthrough_mkfs("xfs", "-l logdev=/dev/sdb", false, err, 256), -EINVAL);
	assert_string_equal(err,
			    "mkfs.xfs -l logdev: not allowed (a scenario may not name other "
			    "files or devices; allowed: see `memstress list --keys`)");
	assert_int_equal(passthrough_mkfs("ext4", "-e panic", true, err, 256), 0);
	assert_int_equal(passthrough_mkfs("ext4", "-e panic", false, err, 256), -EINVAL);
	assert_string_equal(err,
			    "mkfs.ext4 -e panic: panics this machine's kernel on a "
			    "filesystem error; only in a scenario with target = vm");
	assert_int_equal(passthrough_mkfs("ext4", "-e remount-ro -O ^has_journal", false, err, 256),
			 0);
	assert_int_equal(passthrough_mount("xfs", "noatime,logbufs=8", false, err, 256), 0);
	assert_int_equal(passthrough_mount("ext4", "logbufs=8", false, err, 256), -EINVAL);
	assert_int_equal(passthrough_mount("ext4", "data=journal,errors=panic", true, err, 256), 0);
	assert_int_equal(passthrough_mount("ext4", "journal_path=/x", true, err, 256), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registry),
		cmocka_unit_test(rules),
	};
	return RUN(tests);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The registry of filesystems (see fstype.h): a new one is its own file and
 * a line here, its name in fs_type_names too (test_fstype checks the two
 * lists agree).
 */
#include <string.h>

#include "fstype.h"

static const struct fs_type *const types[] = { &fs_xfs, &fs_ext4 };
const char *const fs_type_names[] = { "xfs", "ext4", NULL };

_Static_assert(sizeof(types) / sizeof(types[0]) <= FS_TYPES_MAX, "FS_TYPES_MAX is too small");

const struct fs_type *fs_type_at(size_t i)
{
	return i < sizeof(types) / sizeof(types[0]) ? types[i] : NULL;
}

const struct fs_type *fs_type_find(const char *name)
{
	for (size_t i = 0; name && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(types[i]->name, name))
			return types[i];
	return NULL;
}

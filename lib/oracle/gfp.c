// SPDX-License-Identifier: GPL-2.0
/*
 * GFP flag names to meaning (see gfp.h). The composite definitions follow
 * include/linux/gfp_types.h; older spellings (__GFP_WAIT, __GFP_ATOMIC,
 * GFP_TEMPORARY) are accepted too, since captures from old kernels use them.
 */
#include <string.h>

#include "gfp.h"

enum {
	F_DIRECT = 1 << 0, /* __GFP_DIRECT_RECLAIM (old: __GFP_WAIT) */
	F_KSWAPD = 1 << 1, /* __GFP_KSWAPD_RECLAIM */
	F_IO = 1 << 2,
	F_FS = 1 << 3,
	F_HIGH = 1 << 4, /* access to reserves */
	F_NOWARN = 1 << 5,
	F_NOFAIL = 1 << 6,
	F_NORETRY = 1 << 7,
	F_RETRY_MAYFAIL = 1 << 8,
	F_ACCOUNT = 1 << 9,
	F_OTHER = 1 << 10, /* known, irrelevant to the class (zone, COMP, ZERO, ...) */
};

#define RECLAIM (F_DIRECT | F_KSWAPD)
#define KERNEL (RECLAIM | F_IO | F_FS)

static const struct {
	const char *name;
	unsigned flags;
} names[] = {
	/* composites, as %pGg prints them first */
	{ "GFP_TRANSHUGE", KERNEL | F_NOWARN | F_OTHER },
	{ "GFP_TRANSHUGE_LIGHT", F_IO | F_FS | F_NOWARN | F_OTHER },
	{ "GFP_HIGHUSER_MOVABLE", KERNEL | F_OTHER },
	{ "GFP_HIGHUSER", KERNEL | F_OTHER },
	{ "GFP_USER", KERNEL | F_OTHER },
	{ "GFP_KERNEL_ACCOUNT", KERNEL | F_ACCOUNT },
	{ "GFP_KERNEL", KERNEL },
	{ "GFP_TEMPORARY", KERNEL },
	{ "GFP_NOFS", RECLAIM | F_IO },
	{ "GFP_NOIO", RECLAIM },
	{ "GFP_ATOMIC", F_HIGH | F_KSWAPD },
	{ "GFP_NOWAIT", F_KSWAPD },
	{ "GFP_DMA", F_OTHER },
	{ "GFP_DMA32", F_OTHER },
	/* primitives */
	{ "__GFP_RECLAIM", RECLAIM },
	{ "__GFP_DIRECT_RECLAIM", F_DIRECT },
	{ "__GFP_WAIT", F_DIRECT },
	{ "__GFP_KSWAPD_RECLAIM", F_KSWAPD },
	{ "__GFP_IO", F_IO },
	{ "__GFP_FS", F_FS },
	{ "__GFP_HIGH", F_HIGH },
	{ "__GFP_ATOMIC", F_HIGH },
	{ "__GFP_MEMALLOC", F_HIGH },
	{ "__GFP_NOWARN", F_NOWARN },
	{ "__GFP_NOFAIL", F_NOFAIL },
	{ "__GFP_NORETRY", F_NORETRY },
	{ "__GFP_RETRY_MAYFAIL", F_RETRY_MAYFAIL },
	{ "__GFP_REPEAT", F_RETRY_MAYFAIL },
	{ "__GFP_ACCOUNT", F_ACCOUNT },
};

static unsigned lookup(const char *s, size_t len, bool *known)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i].name) == len && !memcmp(names[i].name, s, len)) {
			*known = true;
			return names[i].flags;
		}
	/* Any other __GFP_ / GFP_ name (zones, COMP, ZERO, HARDWALL, ...) is known
	 * to be a flag and does not change the class. */
	if ((len > 6 && !memcmp(s, "__GFP_", 6)) || (len > 4 && !memcmp(s, "GFP_", 4)))
		*known = true;
	return 0;
}

void gfp_decode(const char *s, size_t len, struct gfp_info *ret)
{
	unsigned f = 0;
	bool known = false;
	size_t i = 0;

	memset(ret, 0, sizeof(*ret));
	while (i < len) {
		size_t j = i;
		while (j < len && s[j] != '|')
			j++;
		f |= lookup(s + i, j - i, &known);
		i = j + 1;
	}
	ret->known = known;
	ret->nowarn = f & F_NOWARN;
	ret->nofail = f & F_NOFAIL;
	ret->noretry = f & F_NORETRY;
	ret->retry_mayfail = f & F_RETRY_MAYFAIL;
	ret->account = f & F_ACCOUNT;
	if (!known)
		ret->cls = GFP_CLASS_UNKNOWN;
	else if (!(f & F_DIRECT))
		ret->cls = (f & F_HIGH) ? GFP_CLASS_ATOMIC : GFP_CLASS_NOWAIT;
	else if (!(f & F_IO))
		ret->cls = GFP_CLASS_NOIO;
	else if (!(f & F_FS))
		ret->cls = GFP_CLASS_NOFS;
	else
		ret->cls = GFP_CLASS_KERNEL;
}

const char *gfp_class_name(enum gfp_class c)
{
	static const char *const n[] = {
		[GFP_CLASS_UNKNOWN] = "unknown", [GFP_CLASS_KERNEL] = "KERNEL",
		[GFP_CLASS_NOFS] = "NOFS",	 [GFP_CLASS_NOIO] = "NOIO",
		[GFP_CLASS_ATOMIC] = "ATOMIC",	 [GFP_CLASS_NOWAIT] = "NOWAIT",
	};
	return n[c];
}

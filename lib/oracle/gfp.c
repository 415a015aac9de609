// SPDX-License-Identifier: GPL-2.0
/*
 * GFP flag names to meaning (see gfp.h). The composite definitions follow
 * include/linux/gfp_types.h; older spellings (__GFP_WAIT, __GFP_ATOMIC,
 * GFP_TEMPORARY) are accepted too, since captures from old kernels use them.
 */
#include <string.h>

#include <stdio.h>

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

static void classify(unsigned f, bool known, struct gfp_info *ret)
{
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
	classify(f, known, ret);
}

/* Where each release put the bits that decide the class (include/linux/gfp.h,
 * gfp_types.h from 6.0). __GFP_HIGH 0x20, __GFP_IO 0x40 and __GFP_FS 0x80
 * never moved; the reclaim bits and the modifiers did. */
static const struct gfp_layout {
	int from; /* major * 1000 + minor: the first release with this layout */
	unsigned direct, nowarn, nofail, noretry, retry_mayfail, account;
} layouts[] = {
	/* 2.6 to 4.3: __GFP_WAIT is the direct-reclaim bit; __GFP_REPEAT */
	{ 2000, 0x10, 0x200, 0x800, 0x1000, 0x400, 0 },
	/* 4.4: __GFP_DIRECT_RECLAIM and __GFP_KSWAPD_RECLAIM (0x2000000) */
	{ 4004, 0x400000, 0x200, 0x800, 0x1000, 0x400, 0x100000 },
	/* 4.10: __GFP_OTHER_NODE gone, kswapd at 0x1000000 */
	{ 4010, 0x400000, 0x200, 0x800, 0x1000, 0x400, 0x100000 },
	/* 4.15: __GFP_COLD and __GFP_NOTRACK gone, __GFP_WRITE at 0x100 */
	{ 4015, 0x200000, 0x200, 0x800, 0x1000, 0x400, 0x100000 },
	/* the reordering of 5.x, kept by 6.x's bit enum: GFP_KERNEL = 0xcc0 */
	{ 5000, 0x400, 0x2000, 0x8000, 0x10000, 0x4000, 0x400000 },
};

bool gfp_decode_number(unsigned long long mask, const char *release, struct gfp_info *ret)
{
	int major = 0, minor = 0;
	const struct gfp_layout *l = NULL;

	memset(ret, 0, sizeof(*ret));
	if (!release || sscanf(release, "%d.%d", &major, &minor) != 2 || major < 2)
		return false;
	int v = major * 1000 + minor;
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (v >= layouts[i].from)
			l = &layouts[i];
	/* 4.15 to 5.3 kept 4.15's order or already had 5.x's: a mask with
	 * 5.x's reclaim bits and none of 4.15's is the newer one */
	if (v >= 5000 && v < 5004 && (mask & 0xc00) && !(mask & 0x600000))
		l = &layouts[4];
	else if (v >= 5000 && v < 5004)
		l = &layouts[3];
	unsigned f = 0;
	f |= mask & 0x20 ? F_HIGH : 0;
	f |= mask & 0x40 ? F_IO : 0;
	f |= mask & 0x80 ? F_FS : 0;
	f |= mask & l->direct ? F_DIRECT : 0;
	f |= mask & l->nowarn ? F_NOWARN : 0;
	f |= mask & l->nofail ? F_NOFAIL : 0;
	f |= mask & l->noretry ? F_NORETRY : 0;
	f |= mask & l->retry_mayfail ? F_RETRY_MAYFAIL : 0;
	f |= l->account && (mask & l->account) ? F_ACCOUNT : 0;
	classify(f, true, ret);
	return true;
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

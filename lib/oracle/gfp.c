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
	unsigned direct, kswapd, nowarn, nofail, noretry, retry_mayfail, account;
} layouts[] = {
	/* 2.6 to 4.3: __GFP_WAIT is the direct-reclaim bit; __GFP_REPEAT */
	[0] = { 0x10, 0, 0x200, 0x800, 0x1000, 0x400, 0 },
	/* 4.4 to 4.9: __GFP_DIRECT_RECLAIM and __GFP_KSWAPD_RECLAIM (GFP_KERNEL 0x24000c0) */
	[1] = { 0x400000, 0x2000000, 0x200, 0x800, 0x1000, 0x400, 0x100000 },
	/* 4.10 on, __GFP_OTHER_NODE gone (GFP_KERNEL 0x14000c0; seen up to 4.15) */
	[2] = { 0x400000, 0x1000000, 0x200, 0x800, 0x1000, 0x400, 0x100000 },
	/* then __GFP_WRITE moved to 0x100 (GFP_KERNEL 0x6000c0) */
	[3] = { 0x200000, 0x400000, 0x200, 0x800, 0x1000, 0x400, 0x100000 },
	/* the reordering that 5.4 and every later release (6.x's bit enum) has:
	 * GFP_KERNEL 0xcc0 */
	[4] = { 0x400, 0x800, 0x2000, 0x8000, 0x10000, 0x4000, 0x400000 },
};

/* Between 4.15 and 5.4 the bits moved twice, in releases the logs rarely
 * name: the reclaim bits the mask has tell the layout (nearly every request
 * may wake kswapd, and GFP_NOWAIT is nothing else). */
static const struct gfp_layout *layout_of(int v, unsigned long long mask)
{
	if (v < 4004)
		return &layouts[0];
	if (v < 4010)
		return &layouts[1];
	if (v >= 5004)
		return &layouts[4];
	if (v < 4015 || (mask & 0x1000000))
		return &layouts[2];
	if (mask & 0x600000)
		return &layouts[3];
	return (mask & 0xc00) ? &layouts[4] : &layouts[2];
}

bool gfp_decode_number(unsigned long long mask, const char *release, struct gfp_info *ret)
{
	int major = 0, minor = 0;

	memset(ret, 0, sizeof(*ret));
	if (!release || sscanf(release, "%d.%d", &major, &minor) != 2 || major < 2)
		return false;
	const struct gfp_layout *l = layout_of(major * 1000 + minor, mask);
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
	f |= l->kswapd && (mask & l->kswapd) ? F_KSWAPD : 0;
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

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * GFP flags as the kernel prints them ("%pGg": GFP_NOFS|__GFP_NOWARN|...),
 * decoded by name where the kernel printed names: bit values change between
 * releases, names do not. A bare number is decoded with the table of the
 * release that printed it. Composite names (GFP_KERNEL, GFP_NOFS, ...) expand
 * to the primitive flags they stand for, and the request is classified by
 * what it allows: may it sleep in reclaim, start I/O, enter the filesystem?
 */
#ifndef MEMSTRESS_ORACLE_GFP_H
#define MEMSTRESS_ORACLE_GFP_H

#include <stdbool.h>
#include <stddef.h>

enum gfp_class {
	GFP_CLASS_UNKNOWN, /* no names printed (old kernels print only a number) */
	GFP_CLASS_KERNEL,  /* may reclaim, do I/O and enter the fs */
	GFP_CLASS_NOFS,	   /* may reclaim and do I/O, not enter the fs */
	GFP_CLASS_NOIO,	   /* may reclaim, no I/O */
	GFP_CLASS_ATOMIC,  /* no sleeping, may use reserves */
	GFP_CLASS_NOWAIT,  /* no sleeping, no reserves */
};

struct gfp_info {
	enum gfp_class cls;
	bool nowarn, nofail, noretry, retry_mayfail, account;
	bool known; /* at least one name was recognised */
};

/* Decode "GFP_NOFS|__GFP_NOWARN" (the text between the parentheses). */
void gfp_decode(const char *names, size_t len, struct gfp_info *ret);
/* Decode a number the way the kernel of that release ("3.10.0-957.el7")
 * defined its bits, for kernels that print no names (before 4.10's %pGg).
 * False when the release says nothing usable. */
bool gfp_decode_number(unsigned long long mask, const char *release, struct gfp_info *ret);
const char *gfp_class_name(enum gfp_class c);

#endif

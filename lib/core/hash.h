/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SHA-256 as lower-case hex: the identity of a kernel source, a build, a
 * config. One helper so that every identity memstress writes is made alike.
 */
#ifndef MEMSTRESS_CORE_HASH_H
#define MEMSTRESS_CORE_HASH_H

#include <stddef.h>

/* out gets 64 hex digits and a NUL. */
void sha256_hex(const void *data, size_t len, char out[65]);

#endif

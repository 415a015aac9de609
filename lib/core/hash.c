// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 as hex (hash.h), through libcrypto.
 */
#include <openssl/evp.h>
#include <stdio.h>

#include "hash.h"

void sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int n = 0;

	EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

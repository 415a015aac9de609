// SPDX-License-Identifier: GPL-2.0
/*
 * SHA-256 as hex (hash.h), through libcrypto, opened on first use (dlib.h).
 */
#include <openssl/evp.h>
#include <stdio.h>

#include "dlib.h"
#include "hash.h"

static struct {
	__typeof__(EVP_Digest) *digest;
	__typeof__(EVP_sha256) *sha256;
} crypto;

static const struct dlib_fn crypto_fns[] = {
	{ "EVP_Digest", (void **)&crypto.digest },
	{ "EVP_sha256", (void **)&crypto.sha256 },
};

static struct dlib libcrypto = { CRYPTO_SONAME, crypto_fns,
				 sizeof(crypto_fns) / sizeof(crypto_fns[0]) };

void sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[32];
	unsigned int n = 0;

	dlib_need(&libcrypto);
	crypto.digest(data, len, md, &n, crypto.sha256(), NULL);
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

int sha256_library(char *path, size_t len)
{
	return dlib_path(&libcrypto, path, len);
}

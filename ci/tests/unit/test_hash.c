// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the in-tree SHA-256 behind every identity memstress writes
 * (a kernel's config, a build's key, KCIDB ids): FIPS 180-4's examples, and
 * each length where the padding changes shape (55, 56, 63, 64, 65, 119, 120
 * bytes), against sha256sum's digests.
 */
#include <string.h>

#include "core/hash.h"
#include "unit.h"

static void fips_examples(void **state)
{
	char hex[65];

	(void)state;
	sha256_hex("abc", 3, hex);
	assert_string_equal(hex,
			    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	sha256_hex(two, strlen(two), hex);
	assert_string_equal(hex,
			    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	sha256_hex(NULL, 0, hex);
	assert_string_equal(hex,
			    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void padding_boundaries(void **state)
{
	/* "abc...zabc..." of each length, digests by sha256sum */
	static const struct {
		size_t len;
		const char *hex;
	} want[] = {
		{ 55, "595615dbe4f0f407ae397d08b4c2cb870cb9b0e11937416f950c5160acf9c005" },
		{ 56, "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51" },
		{ 63, "5ca3e1ef5207490eac01a795e5cc94d59582a5118bf9534665c8668d87aa647c" },
		{ 64, "2fcd5a0d60e4c941381fcc4e00a4bf8be422c3ddfafb93c809e8d1e2bfffae8e" },
		{ 65, "1b3cd1877ab2f2f19f7be001722554f336cb799df0329de0bb4c118dc6abc06d" },
		{ 119, "faef67da856d6fd9c8d12f9ed0a4fefd3cf0ce085ab43e2907418d457e3c354b" },
		{ 120, "c9512b08619c19fbb503c7da6b46ef20301e5f7a7a5f43989182398536f5c5c8" },
		{ 1000, "915e53a44c18b19bb06ba5b3f5fcaf1dc4651e8404c63425cfc6174e74659d87" },
	};
	char buf[1000], hex[65];

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (char)('a' + i % 26);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		sha256_hex(buf, want[i].len, hex);
		assert_string_equal(hex, want[i].hex);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fips_examples),
		cmocka_unit_test(padding_boundaries),
	};
	return RUN(tests);
}

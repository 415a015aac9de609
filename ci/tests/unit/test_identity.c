// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the taint decoding behind result.json's kernel.taint_* and
 * the kernel.no_new_taint check: values as /proc/sys/kernel/tainted gives
 * them, decoded into the letters of Documentation/admin-guide/
 * tainted-kernels.rst, the flags that appeared, and [expect] taint's
 * letters back into bits.
 */
#include <string.h>

#include "kernel/identity.h"
#include "unit.h"

static void decodes_in_bit_order(void **state)
{
	static const struct {
		long value;
		const char *flags;
	} known[] = {
		{ 0, "" },
		{ 1, "P" },	       /* bit 0: proprietary module */
		{ 512, "W" },	       /* bit 9: a warning */
		{ 4096, "O" },	       /* bit 12: out-of-tree module */
		{ 4096 + 512, "WO" },  /* bit order, as the kernel prints "G W O" */
		{ 128 + 16384, "DL" }, /* an oops, a soft lockup */
		{ 1L << 19, "J" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		json_object *o = kernel_taint_json(known[i].value);
		assert_string_equal(json_object_get_string(json_object_object_get(o, "flags")),
				    known[i].flags);
		assert_int_equal(json_object_array_length(json_object_object_get(o, "names")),
				 strlen(known[i].flags));
		assert_int_equal(json_object_get_int64(json_object_object_get(o, "value")),
				 known[i].value);
		json_object_put(o);
	}
	json_object *o = kernel_taint_json(4096);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(
				    json_object_object_get(o, "names"), 0)),
			    "externally-built (out-of-tree) module loaded");
	json_object_put(o);
}

static void new_flags_only(void **state)
{
	char l[40];

	(void)state;
	kernel_taint_new(512, 512 + 4096, l, sizeof(l));
	assert_string_equal(l, "O"); /* W was there before */
	kernel_taint_new(0, 0, l, sizeof(l));
	assert_string_equal(l, "");
	kernel_taint_new(4096, 0, l,
			 sizeof(l)); /* a flag never goes away; if it did, nothing new */
	assert_string_equal(l, "");
	kernel_taint_new(-1, 512, l, sizeof(l)); /* unknown before: all of after is new */
	assert_string_equal(l, "W");
}

static void letters_to_bits(void **state)
{
	char bad[40];

	(void)state;
	assert_int_equal(kernel_taint_mask("WO"), 512 + 4096);
	assert_int_equal(kernel_taint_mask(""), 0);
	assert_int_equal(kernel_taint_mask("Z"), 0);
	kernel_taint_unknown("OZW?", bad, sizeof(bad));
	assert_string_equal(bad, "Z?");
	kernel_taint_unknown("PFSRMBUDAWCIOELKXTNJ", bad, sizeof(bad));
	assert_string_equal(bad, "");
	assert_string_equal(kernel_taint_name('D'), "kernel died recently (OOPS or BUG)");
	assert_string_equal(kernel_taint_name('Z'), "?");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_in_bit_order),
		cmocka_unit_test(new_flags_only),
		cmocka_unit_test(letters_to_bits),
	};
	return RUN(tests);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the kernel-witness parsers on untrusted text. The input is
 * read three ways: as trace_pipe lines (each line copied into a block of
 * its own length, so a read past its end is caught), as a tracepoint format
 * file whose GFP table is parsed and used, and as a kmemleak report.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "oracle/kmemleak.h"
#include "oracle/trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *p = (const char *)data, *end = p + size;
	char *text = malloc(size + 1);
	struct gfp_table t;
	struct leak *v;
	size_t n;

	if (!text)
		return 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char *line = malloc(len ? len : 1);
		struct trace_rec r;
		const char *val;
		size_t vl;
		if (line) {
			memcpy(line, p, len);
			if (trace_line_parse(line, len, &r) == TL_EVENT) {
				(void)trace_field(&r, "gfp_flags", &val, &vl);
				(void)trace_field_int(&r, "order", -1);
			}
			free(line);
		}
		p += len + 1;
	}
	memcpy(text, data, size);
	text[size] = 0;
	if (gfp_table_parse(text, &t) == 0) {
		char names[512];
		(void)gfp_table_names(&t, ~0ULL, names, sizeof(names));
		(void)gfp_table_names(&t, 0xc40, names, sizeof(names));
	}
	if (kmemleak_parse(text, &v, &n) == 0)
		leaks_free(v, n);
	free(text);
	return 0;
}

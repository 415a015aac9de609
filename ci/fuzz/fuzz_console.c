// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: the console oracle as `memstress scan` drives it — the input
 * is a console capture, split into lines (any bytes, any length, CR, NUL);
 * every event found is rendered as JSON and as text, which walks all fields.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "oracle/oracle.h"

static FILE *sink(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	return f;
}

static void emit(struct oracle_event *e, void *ud)
{
	json_object *j = oracle_event_json(e);

	(void)ud;
	fputs(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN), sink());
	json_object_put(j);
	oracle_event_print(e, sink(), true);
	oracle_event_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oracle_opts oo = { 0 };
	struct oracle *o = oracle_new(&oo, emit, NULL);
	const char *p = (const char *)data, *end = p + size;

	if (!o)
		return 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		/* each line in a block of its own size: reading past a line's
		 * end (a kmsg record, the end of a mapped log) is caught */
		char *line = malloc(len ? len : 1);
		if (!line)
			break;
		memcpy(line, p, len);
		oracle_feed(o, line, len);
		free(line);
		p += len + 1;
	}
	oracle_flush(o);
	oracle_free(o);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target: /dev/kmsg records as the live monitor reads them. The input
 * is a sequence of raw records separated by NUL bytes (one read() each);
 * every record is parsed, formatted as console lines and fed to the oracle,
 * exactly as monitor_feed_record does during a run.
 */
#include <string.h>

#include "fuzz.h"
#include "kernel/kmsg.h"
#include "oracle/oracle.h"

static void emit(struct oracle_event *e, void *ud)
{
	json_object_put(oracle_event_json(e));
	(void)ud;
	oracle_event_free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct oracle_opts oo = { 0 };
	struct oracle *o = oracle_new(&oo, emit, NULL);
	const char *p = (const char *)data, *end = p + size;
	static struct kmsg_record rec;
	static char text[16384];

	if (!o)
		return 0;
	while (p < end) {
		const char *z = memchr(p, '\0', (size_t)(end - p));
		size_t len = z ? (size_t)(z - p) : (size_t)(end - p);

		if (kmsg_parse_record(p, len, &rec) == 0) {
			size_t n = kmsg_format_line(&rec, text, sizeof(text));
			if (n >= sizeof(text))
				__builtin_trap();
			for (char *l = text, *e = text + n; l < e;) {
				char *nl = memchr(l, '\n', (size_t)(e - l));
				size_t ll = nl ? (size_t)(nl - l) : (size_t)(e - l);
				oracle_feed(o, l, ll);
				l += ll + 1;
			}
		}
		p += len + 1;
	}
	oracle_flush(o);
	oracle_free(o);
	return 0;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One console line, normalised: whatever dmesg, a serial console, syslog or
 * journalctl put around the kernel's message is peeled off (timestamp
 * "[  12.345678]", caller id "[T123]"/"[C1]", "<4>" level, "Nov 22 03:36:01
 * host kernel: " prefix, trailing CR), leaving the message as printk wrote it.
 * No allocation: msg points into the caller's buffer.
 */
#ifndef MEMSTRESS_ORACLE_LINE_H
#define MEMSTRESS_ORACLE_LINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct kline {
	const char *msg;
	size_t len;
	const char *ts_text; /* "  123.456789]" or NULL: parsed on demand (kline_ts) */
	uint32_t caller_id;  /* ('T' or 'C') << 24 | number; 0: none */
	int level;	     /* 0-7 from "<N>", -1 if absent */
};

/* Split a raw line (without '\n'); always succeeds. */
void kline_parse(const char *line, size_t len, struct kline *k);
/* Which recogniser strips the line's prefix, in words (scan --explain). */
const char *kline_prefix_name(const char *line, size_t len);
/* The timestamp in seconds, < 0 when the line has none. */
double kline_ts(const struct kline *k);
/* The decimal digits of v at buf (at least 21 bytes), not terminated;
 * returns how many. For the hot paths that printf would slow down. */
static inline size_t fmt_ull(char *buf, unsigned long long v)
{
	char rev[20];
	size_t n = 0, i = 0;

	do
		rev[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		buf[i++] = rev[--n];
	return i;
}

/* "T123" / "C1" / "" for a caller id. */
void caller_format(uint32_t id, char *buf, size_t len);

#endif

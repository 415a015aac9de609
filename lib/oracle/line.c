// SPDX-License-Identifier: GPL-2.0
/*
 * Console line normalisation (see line.h). This runs for every line of every
 * log, so it is written as straight-line byte tests without allocation.
 */
#include <string.h>

#include "line.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "[  123.456789]" at s; returns bytes consumed or 0. */
static size_t parse_ts(const char *s, size_t len, double *ts)
{
	size_t i = 1;
	double v = 0, frac = 0, scale = 1;

	if (len < 4 || s[0] != '[')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	if (i >= len || !is_digit(s[i]))
		return 0;
	while (i < len && is_digit(s[i]))
		v = v * 10 + (s[i++] - '0');
	if (i < len && s[i] == '.') {
		i++;
		while (i < len && is_digit(s[i])) {
			scale /= 10;
			frac += (s[i++] - '0') * scale;
		}
	}
	if (i >= len || s[i] != ']')
		return 0;
	*ts = v + frac;
	return i + 1;
}

/* "[  T123]" / "[C1]" caller id at s; returns bytes consumed or 0. */
static size_t parse_caller(const char *s, size_t len, char *out, size_t outlen)
{
	size_t i = 1, start;

	if (len < 4 || s[0] != '[')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	if (i >= len || (s[i] != 'T' && s[i] != 'C'))
		return 0;
	start = i++;
	if (i >= len || !is_digit(s[i]))
		return 0;
	while (i < len && is_digit(s[i]))
		i++;
	if (i >= len || s[i] != ']' || i - start >= outlen)
		return 0;
	memcpy(out, s + start, i - start);
	out[i - start] = 0;
	return i + 1;
}

void kline_parse(const char *s, size_t len, struct kline *k)
{
	size_t n;

	k->ts = -1;
	k->caller[0] = 0;
	k->level = -1;
	while (len && (s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;

	/* syslog / journal: "Nov 22 03:36:01 host kernel: ..." */
	if (len > 16 && s[0] != '[' && s[0] != '<' && s[0] != ' ') {
		const char *kp = memmem(s, len < 64 ? len : 64, " kernel: ", 9);
		if (kp) {
			len -= (size_t)(kp + 9 - s);
			s = kp + 9;
		}
	}
	/* "<4>" console level */
	if (len >= 3 && s[0] == '<' && is_digit(s[1]) && s[2] == '>') {
		k->level = s[1] - '0';
		s += 3;
		len -= 3;
	}
	n = parse_ts(s, len, &k->ts);
	if (n) {
		s += n;
		len -= n;
		n = parse_caller(s, len, k->caller, sizeof(k->caller));
		s += n;
		len -= n;
		/* printk puts one space after the prefix; the message keeps the rest */
		if (len && s[0] == ' ') {
			s++;
			len--;
		}
	} else {
		n = parse_caller(s, len, k->caller, sizeof(k->caller));
		if (n) {
			s += n;
			len -= n;
			if (len && s[0] == ' ') {
				s++;
				len--;
			}
		}
	}
	k->msg = s;
	k->len = len;
}

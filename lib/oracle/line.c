// SPDX-License-Identifier: GPL-2.0
/*
 * Console line normalisation (see line.h). This runs for every line of every
 * log, so it is written as straight-line byte tests without allocation.
 */
#include <stdio.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "line.h"

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* "[  123.456789]" at s: only checked here (digits, a dot, digits); the
 * value is parsed by kline_ts when an event needs it. Returns bytes consumed. */
static size_t skip_ts(const char *s, size_t len)
{
	size_t i = 1;

	if (len < 4 || s[0] != '[')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	if (i >= len || !is_digit(s[i]))
		return 0;
	while (i < len && (is_digit(s[i]) || s[i] == '.'))
		i++;
	if (i >= len || s[i] != ']')
		return 0;
	return i + 1;
}

double kline_ts(const struct kline *k)
{
	const char *s = k->ts_text;
	double v = 0, frac = 0, scale = 1;

	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	while (is_digit(*s))
		v = v * 10 + (*s++ - '0');
	if (*s == '.')
		for (s++; is_digit(*s); s++) {
			scale /= 10;
			frac += (*s - '0') * scale;
		}
	return v + frac;
}

/* "Jan".."Dec" at s (a syslog or journal date) */
static bool is_month(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";

	if (s[0] < 'A' || s[0] > 'S')
		return false;
	for (size_t i = 0; i < sizeof(months) - 1; i += 3)
		if (s[0] == months[i] && s[1] == months[i + 1] && s[2] == months[i + 2])
			return true;
	return false;
}

/* "[  T123]" / "[C1]" caller id at s; returns bytes consumed or 0. */
static size_t parse_caller(const char *s, size_t len, uint32_t *id)
{
	size_t i = 1;
	uint32_t n = 0;
	char kind;

	if (len < 4 || s[0] != '[')
		return 0;
	while (i < len && s[i] == ' ')
		i++;
	if (i >= len || (s[i] != 'T' && s[i] != 'C'))
		return 0;
	kind = s[i++];
	if (i >= len || !is_digit(s[i]))
		return 0;
	while (i < len && is_digit(s[i]))
		n = n * 10 + (uint32_t)(s[i++] - '0');
	if (i >= len || s[i] != ']')
		return 0;
	*id = (uint32_t)kind << 24 | (n & 0xffffff);
	return i + 1;
}

void caller_format(uint32_t id, char *buf, size_t len)
{
	/* by hand: this runs for every event, and snprintf is slow */
	char t[24] = "";
	size_t n = 0;

	if (!len)
		return;
	if (id) {
		t[n++] = (char)(id >> 24);
		n += fmt_ull(t + n, id & 0xffffff);
	}
	if (n > len - 1)
		n = len - 1;
	memcpy(buf, t, n);
	buf[n] = 0;
}

void kline_parse(const char *s, size_t len, struct kline *k)
{
	size_t n;

	k->ts_text = NULL;
	k->caller_id = 0;
	k->level = -1;
	while (len && (s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;

	/* the common case, kmsg and most consoles: "[  123.456789] msg" */
	if (len > 3 && s[0] == '[') {
		/* not memchr: the bracket is a few bytes away */
		const char *rb = NULL;
		size_t i = 1, lim = len - 1 < 20 ? len : 21;
#ifdef __SSE2__
		if (lim == 21) { /* bytes 1-16 at once, then 17-20 */
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(
				_mm_loadu_si128((const __m128i *)(s + 1)), _mm_set1_epi8(']')));
			if (m) {
				rb = s + 1 + __builtin_ctz(m);
				lim = 0;
			} else
				i = 17;
		}
#endif
		for (; i < lim; i++)
			if (s[i] == ']') {
				rb = s + i;
				break;
			}
		if (rb && rb[-1] >= '0' && rb[-1] <= '9') {
			n = (size_t)(rb + 1 - s);
			if (n < len && s[n] == '[') /* "[ts][  T123]" */
				n += parse_caller(s + n, len - n, &k->caller_id);
			if (n == len || s[n] == ' ') {
				k->ts_text = s + 1;
				if (n < len)
					n++; /* the space printk puts after the prefix */
				k->msg = s + n;
				k->len = len - n;
				return;
			}
			k->caller_id = 0;
		}
	}
	/* syslog / journal: "Nov 22 03:36:01 host kernel: ..." (a month name) */
	if (len > 16 && s[3] == ' ' && is_month(s)) {
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
	n = skip_ts(s, len);
	if (n) {
		k->ts_text = s + 1;
		s += n;
		len -= n;
	}
	n = parse_caller(s, len, &k->caller_id);
	s += n;
	len -= n;
	/* printk puts one space after the prefix; the message keeps the rest */
	if ((k->ts_text || k->caller_id) && len && s[0] == ' ') {
		s++;
		len--;
	}
	k->msg = s;
	k->len = len;
}

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
	bool dot = false;
	while (i < len && (is_digit(s[i]) || s[i] == '.'))
		dot |= s[i++] == '.';
	/* printk's time always has its dot: "[  22323]" is an OOM task table's pid */
	if (i >= len || s[i] != ']' || !dot)
		return 0;
	return i + 1;
}

/* 10^-i as repeated division by ten makes it (1/10, then that /10, ...):
 * a table, so that kline_ts gives the very same doubles without a chain of
 * divisions for every timestamp it reads. */
#define TS_DIGITS 24
static double ts_scale[TS_DIGITS + 1];

__attribute__((constructor)) static void ts_scale_init(void)
{
	double scale = 1;

	for (size_t i = 0; i <= TS_DIGITS; i++) {
		ts_scale[i] = scale;
		scale /= 10;
	}
}

double kline_ts(const struct kline *k)
{
	const char *s = k->ts_text;
	double v = 0, frac = 0, scale = 1;
	size_t i = 1;

	if (!s)
		return -1;
	while (*s == ' ')
		s++;
	while (is_digit(*s))
		v = v * 10 + (*s++ - '0');
	if (*s == '.')
		for (s++; is_digit(*s); s++, i++) {
			if (i <= TS_DIGITS)
				scale = ts_scale[i];
			else
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
	if (i + 2 >= len || (s[i] != 'T' && s[i] != 'C') || !is_digit(s[i + 1]))
		return 0;
	kind = s[i++];
	for (unsigned d; i < len && (d = (unsigned)(unsigned char)s[i] - '0') <= 9; i++)
		n = n * 10 + d;
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

/* "Mon".."Sun" at s */
static bool is_weekday(const char *s, size_t len)
{
	static const char days[] = "MonTueWedThuFriSatSun";

	if (len < 4 || s[3] != ' ')
		return false;
	for (size_t i = 0; i < sizeof(days) - 1; i += 3)
		if (s[0] == days[i] && s[1] == days[i + 1] && s[2] == days[i + 2])
			return true;
	return false;
}

/* After "... kernel:" (syslog, journal, logread, syslogd's wall), within the
 * first 96 bytes: the offset of the message, or 0. */
static size_t after_kernel_tag(const char *s, size_t len)
{
	const char *kp = memmem(s, len < 96 ? len : 96, " kernel:", 8);

	if (!kp)
		return 0;
	size_t n = (size_t)(kp + 8 - s);
	return n < len && s[n] == ' ' ? n + 1 : n;
}

/*
 * Prefixes that tools put before a kernel line, one recogniser each; each
 * returns how many bytes to skip, or 0 when the line is not its kind. Tried
 * in order after the kmsg/console fast path; what they leave is parsed as a
 * console line ("<N>", "[ts]", caller id).
 */
static size_t pfx_syslog(const char *s, size_t len) /* "Nov 22 03:36:01 host kernel: " */
{
	return len > 16 && s[3] == ' ' && is_month(s) ? after_kernel_tag(s, len) : 0;
}

static size_t pfx_logread(const char *s,
			  size_t len) /* OpenWrt: "Tue Feb  1 19:02:25 2022 kern.warn kernel: " */
{
	return len > 24 && is_weekday(s, len) && is_month(s + 4) ? after_kernel_tag(s, len) : 0;
}

static size_t pfx_iso(const char *s,
		      size_t len) /* "2016-03-26T20:52:22.526357+00:00 host kernel: " */
{
	return len > 20 && is_digit(s[0]) && is_digit(s[3]) && s[4] == '-' && s[7] == '-' &&
			       (s[10] == 'T' || s[10] == ' ') ?
		       after_kernel_tag(s, len) :
		       0;
}

static size_t pfx_dmesg_t(const char *s, size_t len) /* dmesg -T: "[Thu Dec  7 00:05:15 2017] " */
{
	if (len < 27 || s[0] != '[' || !is_weekday(s + 1, len - 1) || !is_month(s + 5))
		return 0;
	const char *rb = memchr(s, ']', len < 40 ? len : 40);
	if (!rb)
		return 0;
	size_t n = (size_t)(rb + 1 - s);
	return n < len && s[n] == ' ' ? n + 1 : n;
}

static size_t pfx_wall(const char *s, size_t len) /* syslogd's wall: " kernel:[405108.698255] " */
{
	size_t i = 0;

	while (i < len && s[i] == ' ')
		i++;
	if (len - i < 8 || memcmp(s + i, "kernel:", 7))
		return 0;
	i += 7;
	return i < len && s[i] == ' ' ? i + 1 : i;
}

/* Text glued before the timestamp: a shell prompt ("/ # [90216.14] "), a
 * getty's ("syzkaller login: [ 35.18] "), printk's "** 5311 printk
 * messages dropped ** [ 60.13] " */
static size_t pfx_prompt(const char *s, size_t len)
{
	size_t lim = len < 48 ? len : 48;

	for (size_t i = 2; i + 1 < lim; i++)
		if (s[i] == '[' && s[i - 1] == ' ' &&
		    (s[i - 2] == '#' || s[i - 2] == '$' ||
		     (i >= 3 && s[i - 2] == '*' && s[i - 3] == '*') ||
		     (i >= 7 && !memcmp(s + i - 7, "login: ", 7))) &&
		    skip_ts(s + i, len - i))
			return i;
	return 0;
}

/* syzkaller's own log: "2018/01/09 14:28:48 BUG: memory leak" */
static size_t pfx_syzkaller(const char *s, size_t len)
{
	return len > 20 && is_digit(s[0]) && is_digit(s[3]) && s[4] == '/' && s[7] == '/' &&
			       s[10] == ' ' && s[13] == ':' && s[16] == ':' && s[19] == ' ' ?
		       20 :
		       0;
}

static size_t (*const prefixes[])(const char *s, size_t len) = {
	pfx_syslog, pfx_logread, pfx_iso, pfx_dmesg_t, pfx_wall, pfx_prompt, pfx_syzkaller,
};

/* journalctl -k -o short-monotonic: "[  123.456789] host kernel: msg", or
 * without the host ("[  123.456789] kernel: msg"). The host is the first
 * word (a space in the first 65 bytes), before any ':'. Every line with a
 * timestamp whose message does not start with a space comes here: the
 * word's end is found 16 bytes at a time, not by a call to memchr, and
 * most stop in the first 16. */
static size_t journal_host_tag(const char *s, size_t len)
{
	size_t w = 0, lim = len < 65 ? len : 65;

	if (len > 8 && s[0] == 'k' && !memcmp(s, "kernel: ", 8))
		return 8;
#ifdef __SSE2__
	for (; w + 16 <= lim; w += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(s + w));
		unsigned m = (unsigned)_mm_movemask_epi8(
			_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
				     _mm_cmpeq_epi8(v, _mm_set1_epi8(':'))));
		if (m) {
			w += (size_t)__builtin_ctz(m);
			goto found;
		}
	}
#endif
	while (w < lim && s[w] != ' ' && s[w] != ':')
		w++;
	if (w == lim)
		return 0; /* no space in the first 65 bytes */
found:
	if (!w || w + 9 > len || s[w] != ' ' || s[w + 1] != 'k' || memcmp(s + w, " kernel: ", 9))
		return 0;
	return w + 9;
}

static const char *const prefix_names[] = {
	"syslog (RFC 3164: \"Mon DD hh:mm:ss host kernel: \")",
	"OpenWrt logread (\"Tue Feb  1 19:02:25 2022 kern.warn kernel: \")",
	"ISO 8601 syslog or journalctl short-iso (\"2016-03-26T20:52:22+00:00 host kernel: \")",
	"dmesg -T (\"[Thu Dec  7 00:05:15 2017] \")",
	"syslogd's wall message (\" kernel:[ts] \")",
	/* one name, two literals (parenthesised: clang takes a missing comma) */
	("a shell prompt, a login prompt or printk's dropped count before the timestamp "
	 "(\"/ # [ts] \", \"login: [ts] \", \"** N printk messages dropped ** [ts] \")"),
	"syzkaller's log time (\"2018/01/09 14:28:48 \")",
};

const char *kline_prefix_name(const char *s, size_t len)
{
	struct kline k;

	kline_parse(s, len, &k);
	if (k.ts_text == s + 1)
		return k.msg > s + 1 && memmem(s, (size_t)(k.msg - s), " kernel: ", 9) ?
			       "journalctl short-monotonic (\"[ts] host kernel: \")" :
			       "printk's timestamp (\"[  123.456789] \")";
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (prefixes[i](s, len))
			return prefix_names[i];
	return k.msg != s ? "a console level or timestamp (\"<4>\", \"[ts]\")" : "none";
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
				if (!k->caller_id && n < len && s[n] != ' ')
					n += journal_host_tag(s + n, len - n);
				k->msg = s + n;
				k->len = len - n;
				return;
			}
			k->caller_id = 0;
		}
	}
	for (size_t i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		n = prefixes[i](s, len);
		if (n) {
			s += n;
			len -= n;
			break;
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

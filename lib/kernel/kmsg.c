// SPDX-License-Identifier: GPL-2.0
/*
 * /dev/kmsg reader (see kmsg.h). Record format, per
 * Documentation/ABI/testing/dev-kmsg:
 *	"<prefix>,<seq>,<ts_usec>,<flags>[,caller=T123][,...];<text>\n"
 *	followed by " KEY=VALUE\n" dictionary lines.
 * Non-printable bytes in text arrive as \xNN escapes.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kmsg.h"

int kmsg_open(struct kmsg *k, bool from_end)
{
	memset(k, 0, sizeof(*k));
	k->fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (k->fd < 0)
		return -errno;
	if (from_end && lseek(k->fd, 0, SEEK_END) < 0) {
		int r = -errno;
		close(k->fd);
		k->fd = -1;
		return r;
	}
	return 0;
}

void kmsg_close(struct kmsg *k)
{
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

static void unescape(const char *s, size_t n, char *out, size_t outlen)
{
	size_t o = 0;

	for (size_t i = 0; i < n && o + 1 < outlen; i++) {
		if (s[i] == '\\' && i + 3 < n && s[i + 1] == 'x' &&
		    isxdigit((unsigned char)s[i + 2]) && isxdigit((unsigned char)s[i + 3])) {
			char hex[3] = { s[i + 2], s[i + 3], 0 };
			out[o++] = (char)strtol(hex, NULL, 16); /* \n too: a multi-line record */
			i += 3;
		} else
			out[o++] = s[i];
	}
	out[o] = 0;
}

int kmsg_parse_record(const char *buf, size_t len, struct kmsg_record *r)
{
	const char *semi = memchr(buf, ';', len);
	char hdr[256];
	char *save = NULL, *tok;
	int field = 0;

	if (!semi || (size_t)(semi - buf) >= sizeof(hdr))
		return -EINVAL;
	memcpy(hdr, buf, (size_t)(semi - buf));
	hdr[semi - buf] = 0;
	memset(r, 0, offsetof(struct kmsg_record, text));
	for (tok = strtok_r(hdr, ",", &save); tok; tok = strtok_r(NULL, ",", &save), field++) {
		switch (field) {
		case 0: {
			int prefix = atoi(tok);
			r->level = prefix & 7;
			r->facility = prefix >> 3;
			break;
		}
		case 1: r->seq = strtoull(tok, NULL, 10); break;
		case 2: r->ts_usec = strtoull(tok, NULL, 10); break;
		default:
			if (!strncmp(tok, "caller=", 7))
				snprintf(r->caller, sizeof(r->caller), "%s", tok + 7);
		}
	}
	if (field < 4)
		return -EINVAL;
	const char *text = semi + 1;
	const char *end = memchr(text, '\n', len - (size_t)(text - buf));
	unescape(text, end ? (size_t)(end - text) : len - (size_t)(text - buf), r->text,
		 sizeof(r->text));
	return 0;
}

int kmsg_read(struct kmsg *k, struct kmsg_record *r)
{
	char buf[8192 + 512];

	for (;;) {
		ssize_t n = read(k->fd, buf, sizeof(buf) - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				return 0;
			if (errno == EPIPE)
				continue; /* overwritten: the next read resumes; the gap counts */
			return -errno;
		}
		if (n == 0)
			return 0;
		buf[n] = 0;
		if (kmsg_parse_record(buf, (size_t)n, r) < 0)
			continue;
		if (k->have_seq && r->seq > k->next_seq)
			k->lost += r->seq - k->next_seq;
		k->next_seq = r->seq + 1;
		k->have_seq = true;
		k->records++;
		return 1;
	}
}

size_t kmsg_format_line(const struct kmsg_record *r, char *buf, size_t len)
{
	char prefix[64];
	size_t o = 0;
	int n;

	/* a record with embedded newlines is several console lines, each with the prefix */
	if (r->caller[0])
		n = snprintf(prefix, sizeof(prefix), "[%5llu.%06llu][%6s] ",
			     (unsigned long long)(r->ts_usec / 1000000),
			     (unsigned long long)(r->ts_usec % 1000000), r->caller);
	else
		n = snprintf(prefix, sizeof(prefix), "[%5llu.%06llu] ",
			     (unsigned long long)(r->ts_usec / 1000000),
			     (unsigned long long)(r->ts_usec % 1000000));
	if (n < 0 || !len)
		return 0;
	for (const char *t = r->text;;) {
		const char *nl = strchr(t, '\n');
		size_t tl = nl ? (size_t)(nl - t) : strlen(t);
		if (!nl && !tl && t != r->text)
			break; /* the record ended with its newline */
		int k = snprintf(buf + o, len - o, "%s%s%.*s", o ? "\n" : "", prefix, (int)tl, t);
		if (k < 0 || (size_t)k >= len - o) {
			buf[len - 1] = 0;
			return len - 1;
		}
		o += (size_t)k;
		if (!nl)
			break;
		t = nl + 1;
	}
	return o;
}

int kmsg_write(const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int fd, r = 0;

	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof(msg) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	/* Without a newline printk keeps the record open for a continuation and
	 * readers do not see it until the next message comes. */
	if ((size_t)n >= sizeof(msg) - 1)
		n = (int)sizeof(msg) - 2;
	msg[n] = '\n';
	msg[n + 1] = 0;
	fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, msg, strlen(msg)) < 0)
		r = -errno;
	close(fd);
	return r;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * trace_pipe text and tracepoint format files, parsed (see trace.h).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trace.h"

static const char *skip_sp(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

static void copy(char *dst, size_t cap, const char *s, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, s, n);
	dst[n] = 0;
}

/* "CPU:1 [LOST 12 EVENTS]" */
static bool parse_lost(const char *p, const char *end, struct trace_rec *r)
{
	const char *l = p + 4;

	while (l < end && isdigit((unsigned char)*l))
		l++;
	if (end - l < 7 || memcmp(l, " [LOST ", 7))
		return false;
	r->cpu = atoi(p + 4);
	r->lost = strtoull(l + 7, NULL, 10);
	return true;
}

enum trace_line trace_line_parse(const char *line, size_t len, struct trace_rec *r)
{
	const char *end = line + len, *p = skip_sp(line, end), *cpu, *q;

	memset(r, 0, sizeof(*r));
	if (p == end || *p == '#')
		return TL_OTHER;
	if (end - p > 3 && !memcmp(p, "=> ", 3)) {
		p += 3;
		q = p;
		while (q < end && *q != '+' && *q != ' ')
			q++;
		copy(r->frame, sizeof(r->frame), p, (size_t)(q - p));
		return r->frame[0] ? TL_FRAME : TL_OTHER;
	}
	if (end - p > 4 && !memcmp(p, "CPU:", 4))
		return parse_lost(p, end, r) ? TL_LOST : TL_OTHER;
	/* the CPU column: " [001] " after the task (and an optional "(tgid)") */
	cpu = memmem(p, (size_t)(end - p), "] ", 2);
	for (q = cpu; q && q > p && q[-1] != '['; q--)
		;
	if (!cpu || !q || q == p || cpu - q > 6)
		return TL_OTHER;
	r->cpu = atoi(q);
	/* comm-pid before it */
	const char *t = q - 1;
	while (t > p && t[-1] == ' ')
		t--;
	if (t > p && t[-1] == ')') { /* record-tgid's "(  1200)" */
		while (t > p && t[-1] != '(')
			t--;
		if (t > p)
			t--;
		while (t > p && t[-1] == ' ')
			t--;
	}
	const char *digits = t;
	while (digits > p && isdigit((unsigned char)digits[-1]))
		digits--;
	if (digits == t || digits == p || digits[-1] != '-')
		return TL_OTHER;
	r->pid = atoi(digits);
	copy(r->comm, sizeof(r->comm), p, (size_t)(digits - 1 - p));
	/* flags, then "1234.567890: " */
	p = skip_sp(cpu + 2, end);
	for (int field = 0; field < 2 && p < end; field++) {
		q = p;
		while (q < end && *q != ' ')
			q++;
		if (q > p && q[-1] == ':') {
			r->ts = strtod(p, NULL);
			p = skip_sp(q, end);
			break;
		}
		p = skip_sp(q, end); /* the irq-info flags column */
	}
	/* "name: body" or "<stack trace>" */
	if (end - p >= 13 && !memcmp(p, "<stack trace>", 13))
		return TL_STACK;
	q = memchr(p, ':', (size_t)(end - p));
	if (!q || q == p)
		return TL_OTHER;
	copy(r->event, sizeof(r->event), p, (size_t)(q - p));
	r->body = skip_sp(q + 1, end);
	r->body_len = (size_t)(end - r->body);
	return TL_EVENT;
}

bool trace_field(const struct trace_rec *r, const char *key, const char **v, size_t *vlen)
{
	size_t kl = strlen(key);
	const char *p = r->body, *end = r->body + r->body_len;

	while (p && p < end) {
		if ((size_t)(end - p) > kl && !memcmp(p, key, kl) && p[kl] == '=' &&
		    (p == r->body || p[-1] == ' ')) {
			const char *s = p + kl + 1, *e = s;
			while (e < end && *e != ' ')
				e++;
			*v = s;
			*vlen = (size_t)(e - s);
			return true;
		}
		p = memchr(p, ' ', (size_t)(end - p));
		if (p)
			p++;
	}
	return false;
}

long long trace_field_int(const struct trace_rec *r, const char *key, long long def)
{
	const char *v;
	size_t n;
	char buf[32], *e;

	if (!trace_field(r, key, &v, &n) || !n || n >= sizeof(buf))
		return def;
	memcpy(buf, v, n);
	buf[n] = 0;
	long long x = strtoll(buf, &e, 0);
	return *e ? def : x;
}

/* --- the GFP table of a format file ---------------------------------------- */

struct expr {
	const char *p, *end;
	bool bad;
	unsigned depth; /* of parentheses: bounded, the text is not ours */
};

static void ws(struct expr *x)
{
	while (x->p < x->end && isspace((unsigned char)*x->p))
		x->p++;
}

static bool eat(struct expr *x, const char *tok)
{
	size_t n = strlen(tok);

	ws(x);
	if ((size_t)(x->end - x->p) >= n && !memcmp(x->p, tok, n)) {
		x->p += n;
		return true;
	}
	return false;
}

static unsigned long long expr_or(struct expr *x);
static unsigned long long number(struct expr *x);

/* "( gfp_t)" or "( unsigned long)": a cast, skipped */
static bool cast(struct expr *x)
{
	const char *save = x->p, *q;

	if (!eat(x, "("))
		return false;
	ws(x);
	for (q = x->p; q < x->end && (isalpha((unsigned char)*q) || *q == '_' || *q == ' '); q++)
		;
	if (q > x->p && q < x->end && *q == ')' && !isdigit((unsigned char)*x->p)) {
		x->p = q + 1;
		return true;
	}
	x->p = save;
	return false;
}

static unsigned long long primary(struct expr *x)
{
	unsigned long long v;

	ws(x);
	if (x->bad || ++x->depth > 64) {
		x->bad = true;
		return 0;
	}
	if (eat(x, "~"))
		v = ~primary(x);
	else if (cast(x))
		v = primary(x);
	else if (eat(x, "(")) {
		v = expr_or(x);
		if (!eat(x, ")"))
			x->bad = true;
	} else
		v = number(x);
	x->depth--;
	return v;
}

static unsigned long long number(struct expr *x)
{
	if (x->p < x->end && isdigit((unsigned char)*x->p)) {
		char *e;
		unsigned long long v = strtoull(x->p, &e, 0);
		x->p = e;
		while (x->p < x->end &&
		       (*x->p == 'U' || *x->p == 'L' || *x->p == 'u' || *x->p == 'l'))
			x->p++;
		return v;
	}
	x->bad = true;
	return 0;
}

static unsigned long long shift(struct expr *x)
{
	unsigned long long v = primary(x);

	for (;;) {
		if (eat(x, "<<"))
			v <<= primary(x) & 63;
		else if (eat(x, ">>"))
			v >>= primary(x) & 63;
		else
			return v;
	}
}

static unsigned long long expr_and(struct expr *x)
{
	unsigned long long v = shift(x);

	while (!x->bad && (ws(x), x->p < x->end && x->p[0] == '&' && x->p[1] != '&')) {
		x->p++;
		v &= shift(x);
	}
	return v;
}

static unsigned long long expr_or(struct expr *x)
{
	unsigned long long v = expr_and(x);

	while (!x->bad && (ws(x), x->p < x->end && x->p[0] == '|' && x->p[1] != '|')) {
		x->p++;
		v |= expr_and(x);
	}
	return v;
}

int gfp_table_parse(const char *format, struct gfp_table *t)
{
	const char *p = strstr(format, "__print_flags(REC->gfp_flags");

	memset(t, 0, sizeof(*t));
	if (!p)
		return -ENOENT;
	const char *end = p + strlen(p);
	while ((p = strchr(p, '{')) && t->n < sizeof(t->e) / sizeof(t->e[0])) {
		struct expr x = { .p = p + 1, .end = end };
		unsigned long long v = expr_or(&x);
		if (x.bad || !eat(&x, ",") || !eat(&x, "\""))
			break; /* "{ 0, ((void *)0) }": the end */
		const char *q = memchr(x.p, '"', (size_t)(end - x.p));
		if (!q)
			break;
		copy(t->e[t->n].name, sizeof(t->e[t->n].name), x.p, (size_t)(q - x.p));
		t->e[t->n++].value = v;
		p = q;
	}
	return t->n ? 0 : -EINVAL;
}

size_t gfp_table_names(const struct gfp_table *t, unsigned long long mask, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = 0;
	/* as the kernel's __print_flags: entries in order, each whole one taken out */
	for (size_t i = 0; i < t->n && mask; i++) {
		unsigned long long v = t->e[i].value;
		if (!v || (mask & v) != v)
			continue;
		mask &= ~v;
		o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s%s", o ? "|" : "",
				      t->e[i].name);
	}
	if (mask)
		o += (size_t)snprintf(buf + o, o < len ? len - o : 0, "%s0x%llx", o ? "|" : "",
				      mask);
	return o < len ? o : len - 1;
}

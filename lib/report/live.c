// SPDX-License-Identifier: GPL-2.0
/*
 * The live display (see live.h): the snapshot's wire format, and drawing it.
 * Keys of the wire format are a table, so the guest and the host agree by
 * construction.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "live.h"

enum kind { K_U64, K_UINT, K_DBL, K_STR };

#define OFF(f) offsetof(struct live_snap, f)
static const struct {
	const char *key;
	enum kind kind;
	size_t off;
	size_t has; /* offset of a bool that says the value is there, 0: always */
} keys[] = {
	{ "ph", K_STR, OFF(phase), 0 },
	{ "t", K_U64, OFF(elapsed_ms), 0 },
	{ "d", K_U64, OFF(duration_ms), 0 },
	{ "cur", K_U64, OFF(mem_current), 0 },
	{ "lim", K_U64, OFF(mem_limit), 0 },
	{ "psis", K_DBL, OFF(psi_some), OFF(has_psi) },
	{ "psif", K_DBL, OFF(psi_full), OFF(has_psi) },
	{ "oom", K_UINT, OFF(oom_kills), 0 },
	{ "flt", K_UINT, OFF(faults), 0 },
	{ "nofs", K_UINT, OFF(nofs_failures), 0 },
	{ "af", K_UINT, OFF(alloc_failures), 0 },
	{ "st", K_UINT, OFF(stalls), 0 },
	{ "fail", K_UINT, OFF(failures), 0 },
	{ "ops", K_DBL, OFF(ops_per_s), OFF(has_ops) },
	{ "rcl", K_DBL, OFF(reclaim_max_ms), OFF(has_reclaim) },
	{ "alm", K_DBL, OFF(alloc_max_ms), OFF(has_alloc) },
	{ "alw", K_DBL, OFF(alloc_wait_ms), OFF(has_alloc) },
};
#define N_KEYS (sizeof(keys) / sizeof(keys[0]))

int live_snap_format(const struct live_snap *s, char *buf, size_t len)
{
	const char *base = (const char *)s;
	size_t o = (size_t)snprintf(buf, len, "HB");

	for (size_t i = 0; i < N_KEYS && o < len; i++) {
		const void *p = base + keys[i].off;
		if (keys[i].has && !*(const bool *)(base + keys[i].has))
			continue;
		switch (keys[i].kind) {
		case K_U64:
			o += (size_t)snprintf(buf + o, len - o, " %s=%" PRIu64, keys[i].key,
					      *(const uint64_t *)p);
			break;
		case K_UINT:
			o += (size_t)snprintf(buf + o, len - o, " %s=%u", keys[i].key,
					      *(const unsigned *)p);
			break;
		case K_DBL:
			o += (size_t)snprintf(buf + o, len - o, " %s=%.2f", keys[i].key,
					      *(const double *)p);
			break;
		case K_STR:
			o += (size_t)snprintf(buf + o, len - o, " %s=%s", keys[i].key,
					      (const char *)p);
			break;
		}
	}
	return o < len ? 0 : -1;
}

int live_snap_parse(const char *kv, struct live_snap *s)
{
	char *base = (char *)s;
	char tok[64];
	int n = 0;

	while (*kv) {
		size_t l = strcspn(kv, " ");
		snprintf(tok, sizeof(tok), "%.*s", (int)(l < sizeof(tok) ? l : sizeof(tok) - 1),
			 kv);
		kv += l;
		kv += strspn(kv, " ");
		char *eq = strchr(tok, '=');
		if (!eq)
			continue;
		*eq++ = 0;
		for (size_t i = 0; i < N_KEYS; i++) {
			if (strcmp(tok, keys[i].key))
				continue;
			void *p = base + keys[i].off;
			switch (keys[i].kind) {
			case K_U64: *(uint64_t *)p = strtoull(eq, NULL, 10); break;
			case K_UINT: *(unsigned *)p = (unsigned)strtoul(eq, NULL, 10); break;
			case K_DBL: *(double *)p = strtod(eq, NULL); break;
			case K_STR: snprintf((char *)p, sizeof(s->phase), "%s", eq); break;
			}
			if (keys[i].has)
				*(bool *)(base + keys[i].has) = true;
			n++;
		}
	}
	return n ? 0 : -1;
}

/* --- drawing ----------------------------------------------------------------------- */

#define BOLD(l) ((l)->color ? "\033[1m" : "")
#define DIM(l) ((l)->color ? "\033[2m" : "")
#define OFF_(l) ((l)->color ? "\033[0m" : "")

void live_init(struct live *l, FILE *f, bool tty, bool color)
{
	*l = (struct live){ .f = f, .tty = tty, .color = color && tty };
}

void live_clear(struct live *l)
{
	if (!l->drawn)
		return;
	fprintf(l->f, "\033[%uA\r\033[J", l->drawn);
	fflush(l->f);
	l->drawn = 0;
}

static void bar(const struct live *l, char *buf, size_t len, double frac, int width)
{
	static const char *const full = "\u2588", *const empty = "\u2591";
	const char *col = !l->color    ? "" :
			  frac >= 0.95 ? "\033[31m" :
			  frac >= 0.75 ? "\033[33m" :
					 "\033[32m";
	size_t o = (size_t)snprintf(buf, len, "%s", col);
	int fill = (int)(frac * width + 0.5);

	fill = fill < 0 ? 0 : fill > width ? width : fill;
	for (int i = 0; i < width && o + 8 < len; i++)
		o += (size_t)snprintf(buf + o, len - o, "%s", i < fill ? full : empty);
	snprintf(buf + o, len - o, "%s", l->color ? "\033[0m" : "");
}

static void clock_fmt(char *buf, size_t len, uint64_t ms)
{
	uint64_t s = ms / 1000;
	snprintf(buf, len, "%" PRIu64 ":%02" PRIu64, s / 60, s % 60);
}

/*
 * The terminal display, laid out for the terminal's width (read at every
 * draw, so a resize takes effect at the next one): three lines that never
 * wrap. Each line is a list of pieces in order of importance, each with a
 * long and a short form; what does not fit is shortened, then dropped,
 * least important first. Widths are counted in columns (escape sequences and
 * UTF-8 continuation bytes take none).
 */
struct piece {
	char text[192]; /* long form, escapes included */
	char brief[96]; /* short form, "" for none: then it is dropped */
	int prio;	/* lower is more important */
	bool use_brief, dropped;
};

static size_t columns(const char *s)
{
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == 0x1b) { /* ESC [ ... letter */
			while (p[1] &&
			       !((p[1] >= 'A' && p[1] <= 'Z') || (p[1] >= 'a' && p[1] <= 'z')))
				p++;
			if (p[1])
				p++;
			continue;
		}
		if ((*p & 0xc0) != 0x80)
			n++;
	}
	return n;
}

static size_t line_width(const struct piece *v, size_t n, const char *sep)
{
	size_t w = 0, k = 0;

	for (size_t i = 0; i < n; i++) {
		if (v[i].dropped)
			continue;
		w += (k++ ? strlen(sep) : 0) + columns(v[i].use_brief ? v[i].brief : v[i].text);
	}
	return w;
}

/* Fit pieces into width: brief forms first, then drop, least important first. */
static void fit(struct piece *v, size_t n, const char *sep, size_t width)
{
	for (int pass = 0; pass < 2 && line_width(v, n, sep) > width; pass++)
		for (int prio = 9; prio >= 0 && line_width(v, n, sep) > width; prio--)
			for (size_t i = n; i-- > 0 && line_width(v, n, sep) > width;) {
				if (v[i].prio != prio || v[i].dropped)
					continue;
				if (pass == 0 && v[i].brief[0] && !v[i].use_brief)
					v[i].use_brief = true;
				else if (pass == 1 && prio > 0)
					v[i].dropped = true;
			}
}

static void emit(const struct live *l, struct piece *v, size_t n, const char *sep, size_t width)
{
	char line[2048];
	size_t o = 0, k = 0;

	fit(v, n, sep, width);
	for (size_t i = 0; i < n && o < sizeof(line) - 256; i++) {
		if (v[i].dropped)
			continue;
		o += (size_t)snprintf(line + o, sizeof(line) - o, "%s%s", k++ ? sep : "",
				      v[i].use_brief ? v[i].brief : v[i].text);
	}
	line[o] = 0;
	/* still too wide (the most important pieces alone): cut at the width */
	if (columns(line) > width) {
		size_t cols = 0, i = 0;
		for (; line[i] && cols < width; i++)
			if (line[i] != 0x1b && ((unsigned char)line[i] & 0xc0) != 0x80)
				cols++;
		line[i] = 0;
	}
	fprintf(l->f, "\r\033[K%s%s\n", line, l->color ? "\033[0m" : "");
}

static void add(struct piece *v, size_t *n, int prio, const char *brief, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
static void add(struct piece *v, size_t *n, int prio, const char *brief, const char *fmt, ...)
{
	va_list ap;
	struct piece *p = &v[(*n)++];

	memset(p, 0, sizeof(*p));
	va_start(ap, fmt);
	vsnprintf(p->text, sizeof(p->text), fmt, ap);
	va_end(ap);
	snprintf(p->brief, sizeof(p->brief), "%s", brief ? brief : "");
	p->prio = prio;
}

/* A counter: red (failures) or yellow when not zero; zeros matter least. */
static void counter(const struct live *l, struct piece *v, size_t *n, int prio, const char *name,
		    const char *shortname, unsigned val, bool bad)
{
	const char *c = !l->color || !val ? "" : bad ? "\033[1;31m" : "\033[33m";
	const char *e = *c ? "\033[0m" : "";
	char brief[64];

	snprintf(brief, sizeof(brief), "%s %s%u%s", shortname, c, val, e);
	add(v, n, val ? prio : prio + 3, brief, "%s %s%u%s", name, c, val, e);
}

static size_t term_width(const struct live *l)
{
	struct winsize ws;

	if (ioctl(fileno(l->f), TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col - 1; /* the last column would wrap on some terminals */
	return 79;
}

void live_draw(struct live *l, const char *title, const struct live_snap *s, uint64_t now_ms,
	       bool force)
{
	char el[16], du[16], left[16], cur[32], lim[32], b1[256], b2[256], line[1024];
	double frac = s->duration_ms ? (double)s->elapsed_ms / (double)s->duration_ms : 0;
	double mfrac = s->mem_limit ? (double)s->mem_current / (double)s->mem_limit : 0;

	clock_fmt(el, sizeof(el), s->elapsed_ms);
	clock_fmt(du, sizeof(du), s->duration_ms);
	clock_fmt(left, sizeof(left),
		  s->duration_ms > s->elapsed_ms ? s->duration_ms - s->elapsed_ms : 0);
	bytes_human(s->mem_current, cur, sizeof(cur));
	if (s->mem_limit)
		bytes_human(s->mem_limit, lim, sizeof(lim));
	else
		snprintf(lim, sizeof(lim), "no limit");
	if (!l->tty) {
		if (!force && now_ms - l->last_plain_ms < 5000)
			return;
		l->last_plain_ms = now_ms;
		int o = snprintf(line, sizeof(line), "memstress: %s %s %s/%s mem %s/%s", title,
				 s->phase, el, du, cur, lim);
		if (s->mem_limit)
			o += snprintf(line + o, sizeof(line) - (size_t)o, " (%.0f%%)", 100 * mfrac);
		if (s->has_psi)
			o += snprintf(line + o, sizeof(line) - (size_t)o, " psi %.1f/%.1f",
				      s->psi_some, s->psi_full);
		o += snprintf(line + o, sizeof(line) - (size_t)o,
			      " oom %u faults %u nofs %u alloc %u stalls %u", s->oom_kills,
			      s->faults, s->nofs_failures, s->alloc_failures, s->stalls);
		if (s->has_alloc)
			o += snprintf(line + o, sizeof(line) - (size_t)o, " alloc max %.0fms",
				      s->alloc_max_ms);
		if (s->has_alloc && s->alloc_wait_ms > 0)
			o += snprintf(line + o, sizeof(line) - (size_t)o, " NOFAIL waiting %.0fms",
				      s->alloc_wait_ms);
		if (s->has_reclaim)
			o += snprintf(line + o, sizeof(line) - (size_t)o, " reclaim max %.0fms",
				      s->reclaim_max_ms);
		if (s->has_ops)
			snprintf(line + o, sizeof(line) - (size_t)o, " ops %.0f/s", s->ops_per_s);
		fprintf(l->f, "%s\n", line);
		fflush(l->f);
		return;
	}
	size_t width = term_width(l), n;
	struct piece v[12];
	char t[64];

	if (l->drawn)
		fprintf(l->f, "\033[%uA", l->drawn);
	/* 1: what runs, where it is, how long it has left */
	bar(l, b1, sizeof(b1), frac, 20);
	n = 0;
	snprintf(t, sizeof(t), "%.20s", title);
	add(v, &n, 0, t, "%smemstress%s %s%s%s", DIM(l), OFF_(l), BOLD(l), title, OFF_(l));
	add(v, &n, 0, NULL, "%s%s%s", l->color ? "\033[36m" : "", s->phase, OFF_(l));
	add(v, &n, 0, NULL, "%s / %s", el, du);
	add(v, &n, 3, NULL, "%s", b1);
	add(v, &n, 2, NULL, "%s left", left);
	emit(l, v, n, "  ", width);
	/* 2: memory against the limit, pressure */
	n = 0;
	if (s->mem_limit) {
		bar(l, b2, sizeof(b2), mfrac, 20);
		add(v, &n, 0, NULL, "  memory %s / %s %3.0f%%", cur, lim, 100 * mfrac);
		add(v, &n, 3, NULL, "%s", b2);
	} else
		add(v, &n, 0, NULL, "  memory %s (no limit)", cur);
	if (s->has_psi) {
		char brief[64];
		snprintf(brief, sizeof(brief), "psi %.1f/%.1f%%", s->psi_some, s->psi_full);
		add(v, &n, 1, brief, "psi some %.1f%%  full %.1f%%", s->psi_some, s->psi_full);
	} else
		add(v, &n, 4, NULL, "%spsi n/a%s", DIM(l), OFF_(l));
	emit(l, v, n, "  ", width);
	/* 3: what the kernel did */
	n = 0;
	add(v, &n, 0, NULL, "%s", " ");
	counter(l, v, &n, 0, "oom kills", "oom", s->oom_kills, false);
	counter(l, v, &n, 0, "kernel failures", "fail", s->failures, true);
	counter(l, v, &n, 1, "stalls", "stall", s->stalls, true);
	counter(l, v, &n, 1, "GFP_NOFS fails", "nofs", s->nofs_failures, false);
	counter(l, v, &n, 2, "alloc fails", "alloc", s->alloc_failures, false);
	counter(l, v, &n, 2, "faults", "flt", s->faults, false);
	if (s->has_alloc) {
		char brief[48];
		snprintf(brief, sizeof(brief), "alc %.0fms", s->alloc_max_ms);
		add(v, &n, 3, brief, "longest alloc %.0fms", s->alloc_max_ms);
	}
	if (s->has_alloc && s->alloc_wait_ms > 0) {
		char brief[48];
		snprintf(brief, sizeof(brief), "nofail %.0fms", s->alloc_wait_ms);
		add(v, &n, 1, brief, "NOFAIL waiting %.0fms", s->alloc_wait_ms);
	}
	if (s->has_reclaim) {
		char brief[48];
		snprintf(brief, sizeof(brief), "rcl %.0fms", s->reclaim_max_ms);
		add(v, &n, 3, brief, "reclaim max %.0fms", s->reclaim_max_ms);
	}
	if (s->has_ops) {
		char brief[48];
		snprintf(brief, sizeof(brief), "%.0f ops/s", s->ops_per_s);
		add(v, &n, 2, brief, "workload ops %.0f/s", s->ops_per_s);
	}
	emit(l, v, n, "  ", width);
	fflush(l->f);
	l->drawn = 3;
}

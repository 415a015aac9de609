// SPDX-License-Identifier: GPL-2.0
/*
 * The live display (see live.h): the snapshot's wire format, and drawing it.
 * Keys of the wire format are a table, so the guest and the host agree by
 * construction.
 */
#include <inttypes.h>
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

/* A counter, red (failures) or yellow when not zero. */
static int counter(const struct live *l, char *buf, size_t len, const char *name, unsigned v,
		   bool bad)
{
	const char *c = !l->color || !v ? "" : bad ? "\033[1;31m" : "\033[33m";
	return snprintf(buf, len, "%s %s%u%s   ", name, c, v, *c ? "\033[0m" : "");
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
		if (s->has_reclaim)
			o += snprintf(line + o, sizeof(line) - (size_t)o, " reclaim max %.0fms",
				      s->reclaim_max_ms);
		if (s->has_ops)
			snprintf(line + o, sizeof(line) - (size_t)o, " fstx %.0f ops/s",
				 s->ops_per_s);
		fprintf(l->f, "%s\n", line);
		fflush(l->f);
		return;
	}
	if (l->drawn)
		fprintf(l->f, "\033[%uA", l->drawn);
	bar(l, b1, sizeof(b1), frac, 20);
	fprintf(l->f, "\r\033[K%smemstress%s %s%s%s  %s%s%s  %s / %s  %s  %s left\n", DIM(l),
		OFF_(l), BOLD(l), title, OFF_(l), l->color ? "\033[36m" : "", s->phase, OFF_(l), el,
		du, b1, left);
	int o = snprintf(line, sizeof(line), "  memory %s / %s", cur, lim);
	if (s->mem_limit) {
		bar(l, b2, sizeof(b2), mfrac, 20);
		o += snprintf(line + o, sizeof(line) - (size_t)o, "  %s %3.0f%%", b2, 100 * mfrac);
	}
	if (s->has_psi)
		snprintf(line + o, sizeof(line) - (size_t)o, "   psi some %.1f%%  full %.1f%%",
			 s->psi_some, s->psi_full);
	else
		snprintf(line + o, sizeof(line) - (size_t)o, "   %spsi n/a%s", DIM(l), OFF_(l));
	fprintf(l->f, "\r\033[K%s\n", line);
	o = snprintf(line, sizeof(line), "  ");
	o += counter(l, line + o, sizeof(line) - (size_t)o, "oom kills", s->oom_kills, false);
	o += counter(l, line + o, sizeof(line) - (size_t)o, "faults", s->faults, false);
	o += counter(l, line + o, sizeof(line) - (size_t)o, "GFP_NOFS fails", s->nofs_failures,
		     false);
	o += counter(l, line + o, sizeof(line) - (size_t)o, "alloc fails", s->alloc_failures,
		     false);
	o += counter(l, line + o, sizeof(line) - (size_t)o, "stalls", s->stalls, true);
	o += counter(l, line + o, sizeof(line) - (size_t)o, "kernel failures", s->failures, true);
	if (s->has_reclaim)
		o += snprintf(line + o, sizeof(line) - (size_t)o, "reclaim max %.0fms   ",
			      s->reclaim_max_ms);
	if (s->has_ops)
		snprintf(line + o, sizeof(line) - (size_t)o, "fstx %.0f ops/s", s->ops_per_s);
	fprintf(l->f, "\r\033[K%s\n", line);
	fflush(l->f);
	l->drawn = 3;
}

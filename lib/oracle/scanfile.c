// SPDX-License-Identifier: GPL-2.0
/*
 * Whole-log scanning (see scanfile.h). The parallel path, for a regular file:
 *
 *   1. the file is cut into chunks at line starts, several per worker, so a
 *      worker on a slow CPU (a busy host's vCPU) holds the others up by one
 *      small chunk at most: workers take the next chunk as they finish one;
 *   2. each chunk is scanned with its own oracle, numbering lines from the
 *      chunk's start, and notes the lines after which it is quiescent. The
 *      events it emits wait unrendered until the number of the chunk's first
 *      line is known: when the chunks before it are scanned (by the end of
 *      the chunk, usually), or counted by this worker when too many events
 *      wait (a dense log). Each is then rendered into the chunk's temporary
 *      file, tagged with the line at which it was emitted. The file is read
 *      once, not counted first and scanned after. When nothing rendered
 *      holds a line number (scan -q), events do not wait: each is tagged
 *      with the chunk's own line, and the base is added as it is copied out;
 *   3. the main thread lets the oracle of chunk b-1 read on into chunk b until
 *      the first line L after which both it and chunk b's oracle are
 *      quiescent: from there both emit the same events, so b-1's events up to
 *      L and b's after L are those of a sequential scan. If there is no such
 *      line in chunk b, b-1's oracle reads all of it and b's work is dropped;
 *   4. the temporary files are copied out in order, each from its handover on.
 *
 * Each worker keeps its buffers from chunk to chunk: a page newly mapped is a
 * fault, and in a guest a costly one.
 *
 * Input is read with pread() into a 256 kB buffer (it stays in the CPU's L2
 * cache), not mapped. In a guest whose page tables the hypervisor shadows, as
 * on this project's machines, every page mapped or dropped is work for the
 * host: with the file mapped, the scan ran 10% slower and the line count 3x
 * slower, and on a day the host was busy the scan ran at half speed while
 * grep, which read()s, did not slow down.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#endif

#include "core/scope.h"
#include "prefilter.h"
#include "scanfile.h"

#define BLOCK (256 << 10)
#define MAX_WORKERS 8
#define CHUNKS_PER_WORKER 8
#define MAX_CHUNKS (MAX_WORKERS * CHUNKS_PER_WORKER)
#define CHUNK_MIN (1 << 20)
#define PARALLEL_MIN (16 << 20)

/* --- reading lines ------------------------------------------------------------------ */

/* A window [pos, end) of a file read with pread(), or (pos < 0) a stream read to its end. */
struct lreader {
	int fd;
	off_t pos, end;
	char *buf;
	size_t have, off;
	bool eof, skipping;
	bool hash; /* the line lreader_next returned may hold a '#' (rsyslog's escapes) */
};

/* buf: BLOCK + SCAN_MAX_LINE bytes, the caller's */
static void lreader_init_buf(struct lreader *r, int fd, off_t start, off_t end, char *buf)
{
	*r = (struct lreader){ .fd = fd, .pos = start, .end = end, .buf = buf };
}

/* The next '\n' in [p, end), or NULL; *hash: whether a '#' comes before
 * it (or before end), found in the same pass. Inline: console lines are
 * short, and a call to memchr costs more than the search. */
static char *find_newline(char *p, const char *end, bool *hash)
{
	unsigned seen = 0;
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n'), h = _mm_set1_epi8('#');
	for (; end - p >= 16; p += 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)p);
		unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl));
		unsigned hm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, h));
		if (m) {
			*hash = seen || (hm & ((m & -m) - 1)); /* a '#' before the newline */
			return p + __builtin_ctz(m);
		}
		seen |= hm;
	}
#endif
	char *n = memchr(p, '\n', (size_t)(end - p));
	*hash = seen || memchr(p, '#', (size_t)((n ? n : end) - p));
	return n;
}

#ifdef HAVE_AVX2_PATH
/* find_newline 32 bytes at a time, on a CPU that has AVX2 (most x86-64 of
 * the last decade; Debian's baseline does not): a line of the dense logs
 * is 64 bytes, two steps instead of four. */
__attribute__((target("avx2"))) static char *find_newline_avx2(char *p, const char *end, bool *hash)
{
	unsigned seen = 0;
	const __m256i nl = _mm256_set1_epi8('\n'), h = _mm256_set1_epi8('#');

	for (; end - p >= 32; p += 32) {
		__m256i v = _mm256_loadu_si256((const __m256i *)p);
		unsigned m = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, nl));
		unsigned hm = (unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, h));
		if (m) {
			*hash = seen || (hm & ((m & -m) - 1));
			return p + __builtin_ctz(m);
		}
		seen |= hm;
	}
	char *n = find_newline(p, end, hash);
	*hash |= seen != 0;
	return n;
}

static bool have_avx2;

__attribute__((constructor)) static void detect_avx2(void)
{
	__builtin_cpu_init();
	have_avx2 = __builtin_cpu_supports("avx2");
}
#endif

/* Read up to `want` bytes at the window's position (or from the stream). */
static ssize_t read_at(int fd, off_t *pos, off_t end, char *buf, size_t want)
{
	ssize_t k;

	if (*pos >= 0) {
		if (*pos >= end)
			return 0;
		if ((off_t)want > end - *pos)
			want = (size_t)(end - *pos);
		do
			k = pread(fd, buf, want, *pos);
		while (k < 0 && errno == EINTR);
		if (k > 0)
			*pos += k;
	} else {
		do
			k = read(fd, buf, want);
		while (k < 0 && errno == EINTR);
	}
	return k < 0 ? -errno : k;
}

/*
 * 1: a line in *line and *len (valid until the next call); 0: the end; < 0: a
 * read error. A line longer than SCAN_MAX_LINE is given cut to that length
 * and the rest of it is skipped.
 */
static int lreader_next(struct lreader *r, const char **line, size_t *len)
{
	for (;;) {
		char *p = r->buf + r->off, *end = r->buf + r->have;
#ifdef HAVE_AVX2_PATH
		char *nl = have_avx2 ? find_newline_avx2(p, end, &r->hash) :
				       find_newline(p, end, &r->hash);
#else
		char *nl = find_newline(p, end, &r->hash);
#endif
		if (nl) {
			bool skip = r->skipping;
			r->skipping = false;
			r->off = (size_t)(nl + 1 - r->buf);
			if (skip)
				continue;
			*line = p;
			*len = (size_t)(nl - p);
			return 1;
		}
		size_t rest = (size_t)(end - p);
		if (rest >= SCAN_MAX_LINE) {
			bool skip = r->skipping;
			r->skipping = true;
			r->off = r->have; /* all of it consumed */
			if (!skip) {
				*line = p;
				*len = SCAN_MAX_LINE;
				return 1;
			}
			continue;
		}
		if (r->eof) {
			r->off = r->have;
			if (rest && !r->skipping) {
				*line = p;
				*len = rest;
				return 1;
			}
			return 0;
		}
		memmove(r->buf, p, rest);
		r->have = rest;
		r->off = 0;
		ssize_t k = read_at(r->fd, &r->pos, r->end, r->buf + r->have, BLOCK);
		if (k < 0)
			return (int)k;
		if (k == 0)
			r->eof = true;
		r->have += (size_t)k;
	}
}

static size_t count_newlines(const char *p, size_t n)
{
	size_t c = 0, i = 0;
#ifdef __SSE2__
	/* per-byte counters (a match is -1: subtract it), summed by psadbw
	 * before any of them can pass 255; no popcount instruction needed */
	const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
	while (i + 16 <= n) {
		__m128i acc = zero;
		for (unsigned k = 0; k < 255 && i + 16 <= n; k++, i += 16)
			acc = _mm_sub_epi8(
				acc, _mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + i)), nl));
		__m128i sum = _mm_sad_epu8(acc, zero);
		c += (size_t)_mm_cvtsi128_si32(sum) + (size_t)_mm_extract_epi16(sum, 4);
	}
#endif
	for (; i < n; i++)
		c += p[i] == '\n';
	return c;
}

/* While the oracle is quiescent: step over the buffered lines that hold none
 * of the literals a report starts with (prefilter.h). Returns how many. */
static size_t lreader_skip(struct lreader *r, const struct prefilter *pf,
			   struct prefilter_scratch *ps)
{
	char *p = r->buf + r->off, *end = r->buf + r->have, *last;

	if (!ps || r->skipping || p == end || !(last = memrchr(p, '\n', (size_t)(end - p))))
		return 0;
	size_t at = prefilter_next_line(pf, ps, p, (size_t)(last + 1 - p));
	if (!at)
		return 0;
	r->off += at;
	return count_newlines(p, at);
}

/* --- sequential ------------------------------------------------------------------------ */

struct seq {
	const struct scan_opts *o;
	struct scan_result *res;
	FILE *mem; /* the event being rendered: written out only if it counts */
	char *membuf;
	size_t memlen;
};

static void seq_emit(struct oracle_event *e, void *ud)
{
	struct seq *s = ud;

	unsigned f = s->o->render(e, s->o->silent ? NULL : s->mem, s->o->ud);
	long n = s->o->silent ? 0 : ftell(s->mem);
	if ((f & RENDER_EVENT) && !s->o->silent) {
		const char *sep = s->res->events ? s->o->sep : s->o->sep_first;
		if (sep)
			fputs(sep, s->o->out);
	}
	if (n > 0) {
		fflush(s->mem);
		fwrite(s->membuf, 1, (size_t)n, s->o->out);
		rewind(s->mem);
	}
	s->res->events += !!(f & RENDER_EVENT);
	s->res->failures += !!(f & RENDER_FAILURE);
}

static int scan_sequential(int fd, off_t size, const struct scan_opts *o, struct scan_result *res)
{
	struct seq s = { .o = o, .res = res };
	_cleanup_free_ char *buf = malloc(BLOCK + SCAN_MAX_LINE);
	struct lreader r;
	const char *line;
	size_t len;
	int k;

	if (!buf)
		return -ENOMEM;
	lreader_init_buf(&r, fd, size >= 0 ? 0 : -1, size, buf);
	s.mem = open_memstream(&s.membuf, &s.memlen);
	struct oracle *orc = s.mem ? oracle_new(&o->oracle, seq_emit, &s) : NULL;
	if (!orc) {
		if (s.mem)
			fclose(s.mem);
		free(s.membuf);
		return -ENOMEM;
	}
	const struct prefilter *pf = prefilter_get();
	struct prefilter_scratch *ps = pf ? prefilter_scratch_new(pf) : NULL;
	while ((k = lreader_next(&r, &line, &len)) > 0) {
		oracle_feed_hinted(orc, line, len, r.hash);
		if (ps && oracle_quiescent(orc))
			oracle_skip_lines(orc, lreader_skip(&r, pf, ps));
	}
	prefilter_scratch_free(ps);
	oracle_flush(orc);
	res->lines = oracle_line_count(orc);
	res->threads = 1;
	oracle_free(orc);
	fclose(s.mem);
	free(s.membuf);
	return k;
}

/* --- parallel -------------------------------------------------------------------------- */

#define HOLD_MAX 64 /* events a chunk keeps unrendered while its first line's number is unknown */
#define QUIESCENT_MAX 4096 /* handover points noted per chunk */

struct record {
	unsigned long line; /* the oracle's line number when it emitted the event */
	uint32_t len;
	uint32_t flags;
};

/* What a worker thread keeps from chunk to chunk: its buffers are touched
 * once (every page newly mapped is a fault, and a costly one in a guest). */
struct worker {
	struct pool *pool;
	char *buf;   /* the line reader's */
	char *count; /* counting another chunk's lines, while reading this one's */
};

struct held {
	struct oracle_event *e;
	unsigned long line;
};

struct chunk {
	const struct scan_opts *o;
	struct pool *pool;
	struct worker *w; /* the worker scanning it */
	off_t start, end;
	atomic_long lines;  /* in the chunk: -1 until it is scanned or counted */
	unsigned long base; /* lines before the chunk, once based */
	bool based;
	struct held held[HOLD_MAX]; /* emitted before it was based, in order */
	unsigned n_held;
	struct oracle *oracle; /* numbers lines from the chunk's start */
	FILE *tmp;	       /* records */
	FILE *mem;	       /* one event being rendered */
	char *membuf;
	size_t memlen;
	unsigned long *q; /* lines after which the oracle was quiescent, ascending */
	size_t nq;
	int err;
};

struct pool {
	int fd;
	struct chunk *c;
	unsigned n;
	atomic_uint next; /* the next chunk to take */
};

static int count_chunk(int fd, struct chunk *c, char *buf, unsigned long *lines)
{
	off_t pos = c->start;
	ssize_t k;

	*lines = 0;
	while ((k = read_at(fd, &pos, c->end, buf, BLOCK)) > 0)
		*lines += count_newlines(buf, (size_t)k);
	return k < 0 ? (int)k : pos == c->end ? 0 : -EIO;
}

/* The number of the line before chunk c: the lines of every chunk before it,
 * as their scans found them, or counted here for those still being scanned. */
static int chunk_find_base(struct chunk *c)
{
	struct pool *p = c->pool;
	unsigned long base = 0, n;
	int k;

	for (struct chunk *b = p->c; b < c; b++) {
		long l = atomic_load(&b->lines);
		if (l < 0) {
			if (!c->w->count && !(c->w->count = malloc(BLOCK)))
				return -ENOMEM;
			if ((k = count_chunk(p->fd, b, c->w->count, &n)) < 0)
				return k;
			atomic_store(&b->lines, (long)n); /* as its scan will find: the same */
			l = (long)n;
		}
		base += (unsigned long)l;
	}
	c->base = base;
	c->based = true;
	return 0;
}

/* Render one event with its line numbers counted from the file's start. */
static void chunk_write(struct chunk *c, struct oracle_event *e, unsigned long line)
{
	/* unnumbered: the chunk's own numbers, its base added as it is copied out */
	unsigned long base = c->o->unnumbered ? 0 : c->base;
	struct record rec = { .line = base + line };

	e->first_line += base;
	e->last_line += base;
	if (c->o->silent) /* scan -q: the event's line and flags are all there is */
		rec.flags = c->o->render(e, NULL, c->o->ud);
	else {
		rewind(c->mem);
		rec.flags = c->o->render(e, c->mem, c->o->ud);
		fflush(c->mem);
		rec.len = (uint32_t)ftell(c->mem);
	}
	if (!rec.len && !(rec.flags & RENDER_EVENT))
		return;
	/* (the text only when there is some: a silent chunk's memstream was
	 * never written, and its buffer may be NULL) */
	if (fwrite(&rec, sizeof(rec), 1, c->tmp) != 1 ||
	    (rec.len && fwrite(c->membuf, 1, rec.len, c->tmp) != rec.len))
		c->err = -EIO;
}

static int chunk_release_held(struct chunk *c)
{
	int k = c->based ? 0 : chunk_find_base(c);

	for (unsigned i = 0; i < c->n_held; i++) {
		if (k < 0)
			oracle_event_free(c->held[i].e);
		else
			chunk_write(c, c->held[i].e, c->held[i].line);
	}
	c->n_held = 0;
	return k;
}

/* Events wait, unrendered, until the chunk's first line number is known: by
 * the end of the chunk the chunks before it are usually scanned, and their
 * lines need not be counted. */
static void chunk_emit(struct oracle_event *e, void *ud)
{
	struct chunk *c = ud;
	unsigned long line = oracle_line_count(c->oracle);
	int k;

	if (!c->based && !c->o->unnumbered) {
		if (c->n_held < HOLD_MAX) {
			c->held[c->n_held++] = (struct held){ e, line };
			return;
		}
		if ((k = chunk_release_held(c)) < 0) {
			c->err = k;
			oracle_event_free(e);
			return;
		}
	}
	chunk_write(c, e, line);
}

static void chunk_note_quiescent(struct chunk *c)
{
	if (!c->q && !(c->q = malloc(QUIESCENT_MAX * sizeof(*c->q))))
		return; /* no handover into this chunk: correct, only slower */
	if (c->nq < QUIESCENT_MAX)
		c->q[c->nq++] = oracle_line_count(c->oracle);
}

static int scan_chunk(struct worker *w, struct chunk *c, const struct prefilter *pf,
		      struct prefilter_scratch *ps)
{
	struct oracle_opts oo = c->o->oracle;
	struct lreader r;
	const char *line;
	size_t len;
	int k;

	oo.first_line = 0;
	c->w = w;
	c->tmp = tmpfile();
	c->mem = open_memstream(&c->membuf, &c->memlen);
	c->oracle = c->tmp && c->mem ? oracle_new(&oo, chunk_emit, c) : NULL;
	if (!c->oracle)
		return -ENOMEM;
	lreader_init_buf(&r, c->pool->fd, c->start, c->end, w->buf);
	while ((k = lreader_next(&r, &line, &len)) > 0) {
		oracle_feed_hinted(c->oracle, line, len, r.hash);
		if (!oracle_quiescent(c->oracle))
			continue;
		chunk_note_quiescent(c);
		size_t n = lreader_skip(&r, pf, ps);
		if (n) { /* quiescent after the skipped lines too: a handover point */
			oracle_skip_lines(c->oracle, n);
			chunk_note_quiescent(c);
		}
	}
	if (k < 0)
		return k;
	atomic_store(&c->lines, (long)oracle_line_count(c->oracle));
	if (!c->o->unnumbered && (k = chunk_release_held(c)) < 0)
		return k;
	return c->err;
}

/* Each worker (the main thread is one): take the next chunk until none is left. */
static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	const struct prefilter *pf = prefilter_get();
	struct prefilter_scratch *ps = pf ? prefilter_scratch_new(pf) : NULL;
	unsigned i;

	while ((i = atomic_fetch_add(&p->next, 1)) < p->n) {
		int k = scan_chunk(w, &p->c[i], pf, ps);
		if (k < 0 && !p->c[i].err)
			p->c[i].err = k;
	}
	prefilter_scratch_free(ps);
	return NULL;
}

/* The first line start at or after `at` (the end when there is none). */
static off_t line_start_after(int fd, off_t at, off_t size)
{
	char buf[65536];

	if (at <= 0)
		return 0;
	at--; /* a chunk may start right after a newline at at-1 */
	while (at < size) {
		ssize_t k = pread(fd, buf, sizeof(buf), at);
		if (k <= 0)
			return size;
		const char *nl = memchr(buf, '\n', (size_t)k);
		if (nl)
			return at + (nl - buf) + 1;
		at += k;
	}
	return size;
}

/* Step 4: read chunk b with the oracle that reached its start, until a line
 * after which both are quiescent (its number from the file's start in *at);
 * 1 on a handover, 0 when the whole chunk was read without one. */
static int hand_over(int fd, struct chunk *cur, struct chunk *next, char *buf, unsigned long *at)
{
	struct lreader r;
	const char *line;
	size_t len, j = 0;
	int k;

	lreader_init_buf(&r, fd, next->start, next->end, buf);
	while ((k = lreader_next(&r, &line, &len)) > 0) {
		oracle_feed_hinted(cur->oracle, line, len, r.hash);
		unsigned long l = cur->base + oracle_line_count(cur->oracle);
		while (j < next->nq && next->base + next->q[j] < l)
			j++;
		if (j < next->nq && next->base + next->q[j] == l && oracle_quiescent(cur->oracle)) {
			*at = l;
			return 1;
		}
	}
	return k < 0 ? k : 0;
}

static int copy_out(struct chunk *c, unsigned long after, const struct scan_opts *o,
		    struct scan_result *res)
{
	struct record rec;
	_cleanup_free_ char *buf = NULL;
	size_t cap = 0;

	if (fflush(c->tmp) || fseek(c->tmp, 0, SEEK_SET))
		return -EIO;
	if (o->silent) { /* records only, no text: counted a block at a time */
		struct record recs[1024];
		size_t n;
		while ((n = fread(recs, sizeof(recs[0]), ARRAY_SIZE(recs), c->tmp)) > 0)
			for (size_t i = 0; i < n; i++) {
				if (recs[i].line + (o->unnumbered ? c->base : 0) <= after)
					continue;
				res->events += !!(recs[i].flags & RENDER_EVENT);
				res->failures += !!(recs[i].flags & RENDER_FAILURE);
			}
		return ferror(c->tmp) ? -EIO : 0;
	}
	while (fread(&rec, sizeof(rec), 1, c->tmp) == 1) {
		if (rec.len > cap) {
			char *n = realloc(buf, rec.len);
			if (!n)
				return -ENOMEM;
			buf = n;
			cap = rec.len;
		}
		if (fread(buf, 1, rec.len, c->tmp) != rec.len)
			return -EIO;
		if (rec.line + (o->unnumbered ? c->base : 0) <= after)
			continue;
		if (rec.flags & RENDER_EVENT) {
			const char *sep = res->events ? o->sep : o->sep_first;
			if (sep)
				fputs(sep, o->out);
		}
		fwrite(buf, 1, rec.len, o->out);
		res->events += !!(rec.flags & RENDER_EVENT);
		res->failures += !!(rec.flags & RENDER_FAILURE);
	}
	return 0;
}

/* Steps 4 and 5, after every chunk is scanned. */
static int merge(struct pool *p, char *buf, const struct scan_opts *o, struct scan_result *res)
{
	unsigned long after[MAX_CHUNKS] = { 0 };
	unsigned cur = 0;
	int k;

	for (unsigned i = 0; i < p->n; i++)
		if (p->c[i].err)
			return p->c[i].err;
	/* every chunk scanned: the bases are sums (unnumbered chunks have none yet) */
	for (unsigned i = 0; i < p->n; i++) {
		struct chunk *c = &p->c[i];
		if (!c->based) {
			c->base = i ? p->c[i - 1].base + (unsigned long)p->c[i - 1].lines : 0;
			c->based = true;
		}
	}
	for (unsigned b = 1; b < p->n; b++) {
		unsigned long at;
		if ((k = hand_over(p->fd, &p->c[cur], &p->c[b], buf, &at)) < 0)
			return k;
		if (k) {
			after[b] = at;
			cur = b;
		} else {
			/* its oracle's work is replaced by chunk cur's reading of it */
			after[b] = ~0UL;
			res->handovers_lost++;
		}
	}
	oracle_flush(p->c[cur].oracle);
	res->lines = p->c[cur].base + oracle_line_count(p->c[cur].oracle);
	for (unsigned i = 0; i < p->n; i++)
		if (p->c[i].err)
			return p->c[i].err; /* a write of the flush's events */
	for (unsigned i = 0; i < p->n; i++)
		if ((k = copy_out(&p->c[i], after[i], o, res)) < 0)
			return k;
	return 0;
}

static void chunk_release(struct chunk *c)
{
	for (unsigned i = 0; i < c->n_held; i++)
		oracle_event_free(c->held[i].e);
	oracle_free(c->oracle);
	if (c->tmp)
		fclose(c->tmp);
	if (c->mem)
		fclose(c->mem);
	free(c->membuf);
	free(c->q);
}

static int scan_parallel(int fd, off_t size, unsigned threads, const struct scan_opts *o,
			 struct scan_result *res)
{
	_cleanup_free_ struct chunk *c = calloc(MAX_CHUNKS, sizeof(*c));
	struct pool p = { .fd = fd, .c = c };
	struct worker w[MAX_WORKERS] = { 0 };
	pthread_t tid[MAX_WORKERS];
	size_t min = o->chunk_min ? o->chunk_min : CHUNK_MIN;
	off_t want = size / (off_t)min;
	unsigned started = 0;
	int k = -ENOMEM;

	if (!c)
		return -ENOMEM;
	p.n = want < threads			 ? threads :
	      want > threads * CHUNKS_PER_WORKER ? threads * CHUNKS_PER_WORKER :
						   (unsigned)want;
	for (unsigned i = 0; i < p.n; i++)
		c[i] = (struct chunk){ .o = o,
				       .pool = &p,
				       .lines = -1,
				       .start = line_start_after(
					       fd, (off_t)((double)size * i / p.n), size) };
	for (unsigned i = 0; i < p.n; i++)
		c[i].end = i + 1 < p.n ? c[i + 1].start : size;
	for (unsigned i = 0; i < threads; i++) {
		w[i].pool = &p;
		if (!(w[i].buf = malloc(BLOCK + SCAN_MAX_LINE)))
			goto out;
	}
	/* the main thread is a worker too: a thread that cannot be made is one fewer */
	while (started + 1 < threads &&
	       !pthread_create(&tid[started], NULL, worker_main, &w[started + 1]))
		started++;
	worker_main(&w[0]);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	k = merge(&p, w[0].buf, o, res);
out:
	for (unsigned i = 0; i < p.n; i++)
		chunk_release(&c[i]);
	for (unsigned i = 0; i < threads; i++) {
		free(w[i].buf);
		free(w[i].count);
	}
	res->threads = started + 1;
	return k;
}

int scan_file(int fd, const struct scan_opts *o, struct scan_result *res)
{
	struct stat st;
	unsigned n = o->threads;

	*res = (struct scan_result){ 0 };
	if (fstat(fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode))
		return scan_sequential(fd, -1, o, res);
	if (!n) {
		long cpus = sysconf(_SC_NPROCESSORS_ONLN);
		n = cpus < 1 ? 1 : cpus > MAX_WORKERS ? MAX_WORKERS : (unsigned)cpus;
		if (st.st_size < PARALLEL_MIN)
			n = 1;
	}
	if (n > MAX_WORKERS)
		n = MAX_WORKERS;
	off_t here = lseek(fd, 0, SEEK_CUR);
	if (n <= 1 || here != 0)
		return scan_sequential(fd, here > 0 ? -1 : st.st_size, o, res);
	return scan_parallel(fd, st.st_size, n, o, res);
}

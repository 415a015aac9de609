// SPDX-License-Identifier: GPL-2.0
/*
 * Whole-log scanning (see scanfile.h). The parallel path, for a regular file:
 *
 *   1. the file is cut into one chunk per worker, at line starts;
 *   2. each worker counts the lines of its chunk (so every oracle numbers
 *      lines as a single one reading from the start would);
 *   3. each worker scans its chunk with its own oracle, renders the events it
 *      emits into a temporary file (tagged with the line at which each was
 *      emitted), and notes the lines after which its oracle is quiescent;
 *   4. the main thread lets the oracle of chunk b-1 read on into chunk b until
 *      the first line L after which both it and chunk b's oracle are
 *      quiescent: from there both emit the same events, so b-1's events up to
 *      L and b's after L are those of a sequential scan. If there is no such
 *      line in chunk b, b-1's oracle reads all of it and b's work is dropped;
 *   5. the temporary files are copied out in order, each from its handover on.
 */
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "core/cleanup.h"
#include "scanfile.h"

#define BLOCK (1 << 20)
#define MAX_WORKERS 8
#define PARALLEL_MIN (16 << 20)
#define QUIESCENT_MAX 65536
#define MAP_KEEP (4 << 20)

/* --- reading lines ------------------------------------------------------------------ */

/*
 * A window [start, end) of a regular file is mapped (no copy into a buffer:
 * the read() copies were a sixth of the scan's time); a stream, or a file
 * that cannot be mapped, is read into a buffer. (A log truncated under a
 * running scan would end it with SIGBUS; logs grow, they are not cut.)
 */
struct lreader {
	int fd;
	off_t pos, end; /* pread window; pos < 0: read() a stream to its end */
	char *buf;
	size_t have, off;
	bool eof, skipping;
	void *map; /* the mapping, from the page holding `start` */
	size_t maplen;
	const char *mp, *mend; /* the unread part of the window */
	const char *kept;      /* pages before this are given back */
};

static bool map_window(int fd, off_t start, off_t end, void **map, size_t *maplen,
		       const char **from)
{
	off_t page = (off_t)sysconf(_SC_PAGESIZE), base = start - start % page;

	if (start < 0 || end <= start)
		return false;
	*maplen = (size_t)(end - base);
	*map = mmap(NULL, *maplen, PROT_READ, MAP_PRIVATE, fd, base);
	if (*map == MAP_FAILED)
		return false;
	(void)madvise(*map, *maplen, MADV_SEQUENTIAL);
	*from = (const char *)*map + (start - base);
	return true;
}

static int lreader_init(struct lreader *r, int fd, off_t start, off_t end)
{
	*r = (struct lreader){ .fd = fd, .pos = start, .end = end };
	if (start >= 0 && end == start)
		return 0; /* empty: mp == mend */
	if (map_window(fd, start, end, &r->map, &r->maplen, &r->mp)) {
		r->mend = r->mp + (end - start);
		r->kept = r->map;
		return 0;
	}
	r->map = NULL;
	r->buf = malloc(BLOCK + SCAN_MAX_LINE);
	return r->buf ? 0 : -ENOMEM;
}

static void lreader_release(struct lreader *r)
{
	if (r->map)
		munmap(r->map, r->maplen);
	r->map = NULL;
	free(r->buf);
	r->buf = NULL;
}

/* The next '\n' in [p, end), or NULL. Inline: console lines are short, and
 * a call to memchr costs more than the search. */
static const char *find_newline(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i nl = _mm_set1_epi8('\n');
	for (; end - p >= 16; p += 16) {
		unsigned m = (unsigned)_mm_movemask_epi8(
			_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), nl));
		if (m)
			return p + __builtin_ctz(m);
	}
#endif
	return memchr(p, '\n', (size_t)(end - p));
}

/* lreader_next() on a mapped window: lines cut to SCAN_MAX_LINE as there. */
static int map_next(struct lreader *r, const char **line, size_t *len)
{
	if (r->mp >= r->mend)
		return 0;
	/* Lines read are dropped from the mapping every few MB (the page cache
	 * keeps them): the scan's resident memory stays the same for any size. */
	if (r->mp - r->kept >= MAP_KEEP) {
		const char *cut = r->mp - ((uintptr_t)r->mp % (uintptr_t)sysconf(_SC_PAGESIZE));
		(void)madvise((void *)r->kept, (size_t)(cut - r->kept), MADV_DONTNEED);
		r->kept = cut;
	}
	const char *nl = find_newline(r->mp, r->mend);
	const char *stop = nl ? nl : r->mend;
	*line = r->mp;
	*len = (size_t)(stop - r->mp);
	if (*len > SCAN_MAX_LINE)
		*len = SCAN_MAX_LINE;
	r->mp = nl ? nl + 1 : r->mend;
	return 1;
}

static ssize_t fill(struct lreader *r)
{
	size_t want = BLOCK;
	ssize_t k;

	if (r->pos >= 0) {
		if (r->pos >= r->end)
			return 0;
		if ((off_t)want > r->end - r->pos)
			want = (size_t)(r->end - r->pos);
		do
			k = pread(r->fd, r->buf + r->have, want, r->pos);
		while (k < 0 && errno == EINTR);
		if (k > 0)
			r->pos += k;
	} else {
		do
			k = read(r->fd, r->buf + r->have, want);
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
	if (!r->buf)
		return map_next(r, line, len);
	for (;;) {
		char *p = r->buf + r->off, *end = r->buf + r->have;
		char *nl = memchr(p, '\n', (size_t)(end - p));
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
		ssize_t k = fill(r);
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

	rewind(s->mem);
	unsigned f = s->o->render(e, s->mem, s->o->ud);
	fflush(s->mem);
	size_t n = (size_t)ftell(s->mem);
	if (f & RENDER_EVENT) {
		const char *sep = s->res->events ? s->o->sep : s->o->sep_first;
		if (sep)
			fputs(sep, s->o->out);
	}
	fwrite(s->membuf, 1, n, s->o->out);
	s->res->events += !!(f & RENDER_EVENT);
	s->res->failures += !!(f & RENDER_FAILURE);
}

static int scan_sequential(int fd, off_t size, const struct scan_opts *o, struct scan_result *res)
{
	struct seq s = { .o = o, .res = res };
	struct lreader r;
	const char *line;
	size_t len;
	int k;

	if ((k = lreader_init(&r, fd, size >= 0 ? 0 : -1, size)) < 0)
		return k;
	s.mem = open_memstream(&s.membuf, &s.memlen);
	struct oracle *orc = s.mem ? oracle_new(&o->oracle, seq_emit, &s) : NULL;
	if (!orc) {
		if (s.mem)
			fclose(s.mem);
		free(s.membuf);
		lreader_release(&r);
		return -ENOMEM;
	}
	while ((k = lreader_next(&r, &line, &len)) > 0)
		oracle_feed(orc, line, len);
	oracle_flush(orc);
	res->lines = oracle_line_count(orc);
	res->threads = 1;
	oracle_free(orc);
	fclose(s.mem);
	free(s.membuf);
	lreader_release(&r);
	return k;
}

/* --- parallel -------------------------------------------------------------------------- */

struct record {
	unsigned long line; /* the oracle's line number when it emitted the event */
	uint32_t len;
	uint32_t flags;
};

struct worker {
	const struct scan_opts *o;
	int fd;
	off_t start, end;
	unsigned long lines; /* in the chunk */
	unsigned long first_line;
	struct oracle *oracle;
	FILE *tmp; /* records */
	FILE *mem; /* one event being rendered */
	char *membuf;
	size_t memlen;
	unsigned long *q; /* lines after which the oracle was quiescent, ascending */
	size_t nq;
	int err;
	pthread_barrier_t *counted;
	struct worker *all;
	unsigned index;
};

static void worker_emit(struct oracle_event *e, void *ud)
{
	struct worker *w = ud;
	struct record rec = { .line = oracle_line_count(w->oracle) };

	rewind(w->mem);
	rec.flags = w->o->render(e, w->mem, w->o->ud);
	fflush(w->mem);
	rec.len = (uint32_t)ftell(w->mem);
	if (!rec.len && !(rec.flags & RENDER_EVENT))
		return;
	if (fwrite(&rec, sizeof(rec), 1, w->tmp) != 1 ||
	    fwrite(w->membuf, 1, rec.len, w->tmp) != rec.len)
		w->err = -EIO;
}

static int count_chunk(struct worker *w)
{
	void *map;
	size_t maplen;
	const char *from;

	if (w->end <= w->start)
		return 0;
	if (map_window(w->fd, w->start, w->end, &map, &maplen, &from)) {
		const char *end = from + (w->end - w->start), *kept = map;
		for (const char *p = from; p < end; p += MAP_KEEP) {
			size_t n = (size_t)(end - p) < MAP_KEEP ? (size_t)(end - p) : MAP_KEEP;
			w->lines += count_newlines(p, n);
			/* as in map_next(): counted pages are given back */
			const char *cut =
				p + n - ((uintptr_t)(p + n) % (uintptr_t)sysconf(_SC_PAGESIZE));
			if (cut > kept)
				(void)madvise((void *)kept, (size_t)(cut - kept), MADV_DONTNEED);
			kept = cut;
		}
		munmap(map, maplen);
		return 0;
	}
	char *buf = malloc(BLOCK);
	off_t pos = w->start;

	if (!buf)
		return -ENOMEM;
	while (pos < w->end) {
		size_t want = (off_t)BLOCK < w->end - pos ? BLOCK : (size_t)(w->end - pos);
		ssize_t k = pread(w->fd, buf, want, pos);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			free(buf);
			return k < 0 ? -errno : -EIO;
		}
		w->lines += count_newlines(buf, (size_t)k);
		pos += k;
	}
	free(buf);
	return 0;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct lreader r;
	const char *line;
	size_t len;
	int k = count_chunk(w);

	if (k < 0)
		w->err = k;
	pthread_barrier_wait(w->counted);
	if (w->err)
		return NULL;
	for (unsigned i = 0; i < w->index; i++)
		w->first_line += w->all[i].lines;
	struct oracle_opts oo = w->o->oracle;
	oo.first_line = w->first_line;
	w->oracle = oracle_new(&oo, worker_emit, w);
	if (!w->oracle || (k = lreader_init(&r, w->fd, w->start, w->end)) < 0) {
		w->err = -ENOMEM;
		return NULL;
	}
	while ((k = lreader_next(&r, &line, &len)) > 0) {
		oracle_feed(w->oracle, line, len);
		if (w->nq < QUIESCENT_MAX && oracle_quiescent(w->oracle))
			w->q[w->nq++] = oracle_line_count(w->oracle);
	}
	if (k < 0)
		w->err = k;
	lreader_release(&r);
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

/* Step 4: read chunk b with the oracle that reached its start; true on a handover. */
static int hand_over(struct worker *cur, struct worker *next, unsigned long *at)
{
	struct lreader r;
	const char *line;
	size_t len, j = 0;
	int k;

	if ((k = lreader_init(&r, next->fd, next->start, next->end)) < 0)
		return k;
	while ((k = lreader_next(&r, &line, &len)) > 0) {
		oracle_feed(cur->oracle, line, len);
		unsigned long l = oracle_line_count(cur->oracle);
		while (j < next->nq && next->q[j] < l)
			j++;
		if (j < next->nq && next->q[j] == l && oracle_quiescent(cur->oracle)) {
			*at = l;
			lreader_release(&r);
			return 1;
		}
	}
	lreader_release(&r);
	return k < 0 ? k : 0;
}

static int copy_out(struct worker *w, unsigned long after, const struct scan_opts *o,
		    struct scan_result *res)
{
	struct record rec;
	char *buf = NULL;
	size_t cap = 0;

	if (fflush(w->tmp) || fseek(w->tmp, 0, SEEK_SET))
		return -EIO;
	while (fread(&rec, sizeof(rec), 1, w->tmp) == 1) {
		if (rec.len > cap) {
			char *n = realloc(buf, rec.len);
			if (!n) {
				free(buf);
				return -ENOMEM;
			}
			buf = n;
			cap = rec.len;
		}
		if (fread(buf, 1, rec.len, w->tmp) != rec.len) {
			free(buf);
			return -EIO;
		}
		if (rec.line <= after)
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
	free(buf);
	return 0;
}

static int scan_parallel(int fd, off_t size, unsigned n, const struct scan_opts *o,
			 struct scan_result *res)
{
	struct worker w[MAX_WORKERS] = { 0 };
	pthread_t tid[MAX_WORKERS];
	pthread_barrier_t counted;
	unsigned long after[MAX_WORKERS] = { 0 };
	int k = 0;

	pthread_barrier_init(&counted, NULL, n);
	for (unsigned i = 0; i < n; i++) {
		w[i] = (struct worker){
			.o = o, .fd = fd, .counted = &counted, .all = w, .index = i
		};
		w[i].start = line_start_after(fd, (off_t)((double)size * i / n), size);
		w[i].tmp = tmpfile();
		w[i].mem = open_memstream(&w[i].membuf, &w[i].memlen);
		w[i].q = malloc(QUIESCENT_MAX * sizeof(*w[i].q));
		if (!w[i].tmp || !w[i].mem || !w[i].q)
			k = -ENOMEM;
	}
	for (unsigned i = 0; i < n; i++)
		w[i].end = i + 1 < n ? w[i + 1].start : size;
	unsigned started = 0;
	for (; k == 0 && started < n; started++)
		if (pthread_create(&tid[started], NULL, worker_main, &w[started]))
			k = -EAGAIN;
	if (started < n) { /* the barrier waits for n: stand in for those that never started */
		for (unsigned i = started; i < n; i++)
			w[i].err = k ? k : -EAGAIN;
		for (unsigned i = started; i < n; i++)
			pthread_barrier_wait(&counted);
	}
	for (unsigned i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	for (unsigned i = 0; i < n && !k; i++)
		if (w[i].err)
			k = w[i].err;
	/* step 4: hand each chunk over, in order */
	unsigned cur = 0;
	for (unsigned b = 1; b < n && !k; b++) {
		unsigned long at;
		int h = hand_over(&w[cur], &w[b], &at);
		if (h < 0) {
			k = h;
			break;
		}
		if (h) {
			after[b] = at;
			cur = b;
		} else {
			/* its oracle's work is replaced by w[cur]'s reading of it */
			after[b] = ~0UL;
			res->handovers_lost++;
		}
	}
	if (!k) {
		oracle_flush(w[cur].oracle);
		res->lines = oracle_line_count(w[cur].oracle);
		for (unsigned i = 0; i < n && !k; i++)
			if (w[i].err)
				k = w[i].err;
		for (unsigned i = 0; i < n && !k; i++)
			k = copy_out(&w[i], after[i], o, res);
	}
	for (unsigned i = 0; i < n; i++) {
		oracle_free(w[i].oracle);
		if (w[i].tmp)
			fclose(w[i].tmp);
		if (w[i].mem)
			fclose(w[i].mem);
		free(w[i].membuf);
		free(w[i].q);
	}
	pthread_barrier_destroy(&counted);
	res->threads = n;
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

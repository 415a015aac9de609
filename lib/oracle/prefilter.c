// SPDX-License-Identifier: GPL-2.0
/*
 * The scan's prefilter over Vectorscan (see prefilter.h).
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "oracle_int.h"
#include "prefilter.h"

#ifdef MEMSTRESS_HAVE_HS
#include <hs/hs.h>

#include "core/dlib.h"

/* libhs is opened on the first scan (dlib.h): it and the libstdc++ it
 * needs are 11 MB that every other command, and a guest's runner reading
 * them over 9p, would map and relocate at start for nothing */
static struct {
	__typeof__(hs_compile_multi) *compile_multi;
	__typeof__(hs_free_compile_error) *free_compile_error;
	__typeof__(hs_alloc_scratch) *alloc_scratch;
	__typeof__(hs_free_scratch) *free_scratch;
	__typeof__(hs_scan) *scan;
	__typeof__(hs_version) *version;
} hs;

static const struct dlib_fn hs_fns[] = {
	{ "hs_compile_multi", (void **)&hs.compile_multi },
	{ "hs_free_compile_error", (void **)&hs.free_compile_error },
	{ "hs_alloc_scratch", (void **)&hs.alloc_scratch },
	{ "hs_free_scratch", (void **)&hs.free_scratch },
	{ "hs_scan", (void **)&hs.scan },
	{ "hs_version", (void **)&hs.version },
};

static struct dlib libhs = { HS_SONAME, hs_fns, sizeof(hs_fns) / sizeof(hs_fns[0]) };

struct prefilter {
	hs_database_t *db;
};

struct prefilter_scratch {
	hs_scratch_t *s;
};

static struct prefilter the_pf;
static const struct prefilter *the_ptr;
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* A literal as a Vectorscan expression: every byte escaped. */
static char *escape(const char *lit)
{
	size_t n = strlen(lit);
	char *e = malloc(n * 4 + 1), *p = e;

	if (!e)
		return NULL;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "\\x%02x", (unsigned char)lit[i]);
	*p = 0;
	return e;
}

static void compile(void)
{
	const char *const *lits;
	size_t n = rules_literals(&lits);
	char **expr = calloc(n, sizeof(*expr));
	unsigned *flags = calloc(n, sizeof(*flags)), *ids = calloc(n, sizeof(*ids));
	hs_compile_error_t *err = NULL;
	bool ok = expr && flags && ids && dlib_load(&libhs) == 0;

	for (size_t i = 0; ok && i < n; i++) {
		ok = (expr[i] = escape(lits[i])) != NULL;
		flags[i] = HS_FLAG_SINGLEMATCH;
		ids[i] = (unsigned)i;
	}
	if (ok && hs.compile_multi((const char *const *)expr, flags, ids, (unsigned)n,
				   HS_MODE_BLOCK, NULL, &the_pf.db, &err) == HS_SUCCESS)
		the_ptr = &the_pf;
	if (err)
		hs.free_compile_error(err);
	for (size_t i = 0; expr && i < n; i++)
		free(expr[i]);
	free(expr);
	free(flags);
	free(ids);
}

const struct prefilter *prefilter_get(void)
{
	const char *no = getenv("MEMSTRESS_NO_PREFILTER");

	if (no && *no && strcmp(no, "0"))
		return NULL;
	pthread_once(&once, compile);
	return the_ptr;
}

struct prefilter_scratch *prefilter_scratch_new(const struct prefilter *pf)
{
	struct prefilter_scratch *s = calloc(1, sizeof(*s));

	if (s && hs.alloc_scratch(pf->db, &s->s) != HS_SUCCESS) {
		free(s);
		return NULL;
	}
	return s;
}

void prefilter_scratch_free(struct prefilter_scratch *s)
{
	if (!s)
		return;
	hs.free_scratch(s->s);
	free(s);
}

static int first_match(unsigned id, unsigned long long from, unsigned long long to, unsigned flags,
		       void *ctx)
{
	(void)id;
	(void)from;
	(void)flags;
	*(unsigned long long *)ctx = to;
	return 1; /* stop: the first one is all we need */
}

size_t prefilter_next_line(const struct prefilter *pf, struct prefilter_scratch *s, const char *buf,
			   size_t len)
{
	unsigned long long end = len;

	/* a match's end is in the line that holds the whole of it (no literal
	 * holds a newline); Vectorscan reports matches in order of their end */
	if (hs.scan(pf->db, buf, (unsigned)len, 0, s->s, first_match, &end) == HS_SCAN_TERMINATED) {
		const char *nl = memrchr(buf, '\n', (size_t)end - 1);
		return nl ? (size_t)(nl + 1 - buf) : 0;
	}
	return len;
}

const char *prefilter_engine(void)
{
	return dlib_load(&libhs) == 0 ? hs.version() : libhs.error;
}

#else /* no libhs: every line is parsed */

const struct prefilter *prefilter_get(void)
{
	return NULL;
}

struct prefilter_scratch *prefilter_scratch_new(const struct prefilter *pf)
{
	(void)pf;
	return NULL;
}

void prefilter_scratch_free(struct prefilter_scratch *s)
{
	(void)s;
}

size_t prefilter_next_line(const struct prefilter *pf, struct prefilter_scratch *s, const char *buf,
			   size_t len)
{
	(void)pf;
	(void)s;
	(void)buf;
	return len;
}

const char *prefilter_engine(void)
{
	return "not built in (no libvectorscan-dev): scan parses every line";
}
#endif

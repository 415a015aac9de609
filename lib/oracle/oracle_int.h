/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the console oracle shared by the assembler (oracle.c) and the
 * pattern rules (rules.c). A report is an event being assembled from several
 * lines; it closes at its end marker, when it goes idle, or at flush.
 */
#ifndef MEMSTRESS_ORACLE_INT_H
#define MEMSTRESS_ORACLE_INT_H

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "line.h"
#include "oracle.h"

#define MAX_OPEN 16
#define MAX_PENDING 64
#define OOM_REAPER_WINDOW 512 /* lines an OOM kill waits for its oom_reaper line */
#define MAX_READY 256	      /* finished events waiting for an earlier report to finish */

enum end_mode {
	END_TASK,   /* closes at "</TASK>" (traces of hung tasks, faults, alloc failures) */
	END_MARKER, /* closes at "---[ end trace" (warnings, BUGs, oopses) */
	END_KILL,   /* OOM context: closes at the "Killed process" line */
	END_IDLE,   /* closes when lines stop attaching */
};

struct report {
	struct oracle_event *ev;
	uint32_t caller_id; /* the caller id of the line that opened it (0: none) */
	enum end_mode end;
	unsigned long last_attach; /* line number */
	unsigned idle;		   /* consecutive lines that did not attach */
	unsigned idle_limit;
	bool in_trace;
	bool in_table;	   /* OOM "Tasks state" table */
	bool in_chain;	   /* lockdep: the dependency chain ("-> #N" up to "other info") */
	bool in_backtrace; /* lockdep: after "stack backtrace:", only trace lines belong */
	bool last_break;   /* s390: the next frame is the last branch's, not a caller */
	int col_pid, col_rss, col_adj, col_name, n_cols;
	bool soft_complete; /* has what it needs; may close early */
	bool done;	    /* saw its end marker: close after this line */
	char dev[32];	    /* fs reports: the device */
	double last_ts;	    /* fs and OOM reports: kernel time of the last line (< 0 unknown) */
	/* OOM reports: the last line's time as text ("": in last_ts), read only
	 * when its seconds are not enough to tell a gap; and those seconds */
	char last_ts_text[24];
	long last_sec;
	bool fs_from_warning; /* fs reports: described by a "... warning" line */
};

struct oracle {
	struct oracle_opts opts;
	oracle_emit_fn emit;
	void *ud;
	unsigned long lineno;
	struct report open[MAX_OPEN];
	size_t n_open;
	struct oracle_event *pending[MAX_PENDING]; /* OOM kills waiting for oom_reaper */
	size_t n_pending;
	/* finished, held back while a report that began before them is still
	 * open or pending: events come out in the order of their first lines */
	struct oracle_event *ready[MAX_READY];
	size_t n_ready;
	struct fieldset *group_ctx; /* memory.oom.group: context copied onto each kill */
	unsigned long group_line;
	char release[64]; /* from the last "Linux version" banner ("" none) */
};

/* Assembler services for the rules. */
struct report *report_open(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen,
			   enum ev_kind kind, enum ev_severity sev, const char *subkind,
			   enum end_mode end);
void report_attach(struct oracle *o, struct report *r, const char *raw, size_t rawlen);
void report_close(struct oracle *o, struct report *r);
/* Most recent open report of this kind (and caller, when the line has one). */
struct report *report_find(struct oracle *o, const struct kline *k, int kind);
void event_add_frame(struct oracle_event *e, const char *fn, size_t len);
void oom_pending_push(struct oracle *o, struct oracle_event *e);
struct oracle_event *oom_pending_find(struct oracle *o, long pid);
void oom_pending_emit(struct oracle *o, size_t idx);

/* Rules (rules.c, and rules_<family>.c through its tables). */
/* Try the line as the start of a report; true when it was consumed. */
bool rules_start(struct oracle *o, const struct kline *k, const char *raw, size_t rawlen);
/* The start rule whose prefix the line's message has (its table entry, or
 * the words a task-name rule looks for after the colon); NULL: none. */
const char *rules_which(const struct kline *k);
/* The literals a line must hold to start anything (prefilter.c). */
size_t rules_literals(const char *const **out);
/* Kind-specific continuation; true when the line belongs to r. */
bool rules_continue(struct oracle *o, struct report *r, const struct kline *k);
/* Fill the title (and derived fields) of a finished event. */
void rules_finish(struct oracle_event *e);

/* Text helpers (oracle.c). starts() takes a string literal: its length is a
 * compile-time constant, and its first two bytes are compared inline before
 * memcmp (this runs for every line, against dozens of prefixes, and most
 * lines differ from a prefix there). */
#define starts(k, lit)                                             \
	((k)->len >= sizeof(lit) - 1 && (k)->msg[0] == (lit)[0] && \
	 (sizeof(lit) < 3 || (k)->msg[1] == (lit)[1]) &&           \
	 !memcmp((k)->msg, (lit), sizeof(lit) - 1))
/* [p, end) begins with the n bytes of pre: strncmp for text that is not
 * NUL-terminated (console lines are slices of a buffer). */
static inline bool has_prefix_n(const char *p, const char *end, const char *pre, size_t n)
{
	return end >= p && (size_t)(end - p) >= n && (!n || *p == *pre) && !memcmp(p, pre, n);
}
#define at_prefix(p, end, lit) has_prefix_n((p), (end), (lit), sizeof(lit) - 1)

/* snprintf(dst, size, "%.*s", n, src) without stdio, for the copies every
 * event makes (size > 0; n = SIZE_MAX: all of src, as "%s"). */
static inline void copy_str(char *dst, size_t size, const char *src, size_t n)
{
	n = strnlen(src, n < size - 1 ? n : size - 1);
	memcpy(dst, src, n);
	dst[n] = 0;
}

/* n bytes alike: what is compared is a few bytes, and a call costs more. */
static inline bool same_bytes(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/* memmem for console lines (glibc's prepares for long haystacks; these are
 * a line long), without a call: see below. */
static inline const char *find_in(const char *s, size_t len, const char *needle, size_t nlen)
{
	if (!nlen)
		return s;
	if (len < nlen)
		return NULL;
	const char *last = s + len - nlen, *p = s;
#ifdef __SSE2__
	/* Every line of a report is searched for a few words: the needle's
	 * first two bytes 16 places at a time (loads of p and p + 1, both
	 * inside the line), the rest compared only where both matched. */
	if (nlen >= 2) {
		const __m128i c0 = _mm_set1_epi8(needle[0]), c1 = _mm_set1_epi8(needle[1]);
		for (; (size_t)(s + len - p) >= 17 && p <= last; p += 16) {
			unsigned m = (unsigned)_mm_movemask_epi8(_mm_and_si128(
				_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)p), c0),
				_mm_cmpeq_epi8(_mm_loadu_si128((const __m128i *)(p + 1)), c1)));
			for (; m; m &= m - 1) {
				const char *c = p + __builtin_ctz(m);
				if (c > last)
					return NULL;
				if (same_bytes(c + 2, needle + 2, nlen - 2))
					return c;
			}
		}
	}
#endif
	for (; p <= last; p++)
		if (*p == needle[0] && same_bytes(p + 1, needle + 1, nlen - 1))
			return p;
	return NULL;
}

/* Parse "func+0x12/0x34" (optionally "? func..." or "[<addr>] func...") at s.
 * Returns the function name length, 0 if s is not a frame. */
size_t frame_parse(const char *s, size_t len, const char **fn, bool *unreliable);
/* "__pfx_func": the padding symbol before a function (CONFIG_CALL_PADDING),
 * not a frame of its own. */
static inline bool frame_is_pfx(const char *fn, size_t n)
{
	return n >= 6 && !memcmp(fn, "__pfx_", 6);
}
/* Copy the value after `key` up to one of the stop characters into buf. */
bool field_after_n(const char *s, size_t len, const char *key, size_t kl, const char *stops,
		   char *buf, size_t buflen);
long long num_after_n(const char *s, size_t len, const char *key, size_t kl, long long def);
/* The value after the first `key` in s: the key's length folded where it is a literal */
static inline bool field_after(const char *s, size_t len, const char *key, const char *stops,
			       char *buf, size_t buflen)
{
	return field_after_n(s, len, key, __builtin_strlen(key), stops, buf, buflen);
}
static inline long long num_after(const char *s, size_t len, const char *key, long long def)
{
	return num_after_n(s, len, key, __builtin_strlen(key), def);
}
/* e->subkind is lit (a literal): the first byte inline, the rest without a call */
#define subkind_is(e, lit) \
	((e)->subkind[0] == (lit)[0] && same_bytes((e)->subkind, (lit), sizeof(lit)))
/* Bytes of s that make a C identifier (and '.'), from its start. */
size_t ident_len(const char *s, size_t len);
/* strtoll on [p, end) (base 0 or 10), for text that is not NUL-terminated:
 * console lines are slices of a buffer. *stop (if not NULL): where it ended. */
long long parse_ll(const char *p, const char *end, int base, const char **stop);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * Reclaim and pressure, sampled with memory (at every sample of memory.tsv):
 * /proc/vmstat's reclaim, compaction, refault, swap and OOM counters, the
 * system's PSI (/proc/pressure/memory) and the reclaim counters of the
 * scenario's top cgroup (memory.stat, v2 and v1). One row per sample in
 * vmstat.tsv, counters as the kernel gives them (rates are the reader's);
 * the run's totals and rates go to result.json memory.reclaim, which
 * `memstress compare` and report.html read. A column is there when its
 * source was at the first sample (v1 has no pgscan in memory.stat).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "kernel/cgroup.h"
#include "reclaim.h"
#include "report/writers.h"
#include "run_int.h"

enum src {
	SRC_VMSTAT, /* a /proc/vmstat key, or the sum of a prefix's ("allocstall_") */
	SRC_SYS,    /* /proc/pressure/memory, as a struct cg_sample */
	SRC_CG,	    /* the top cgroup's struct cg_sample */
};
enum typ { T_U64, T_DBL };

#define CGS(f) offsetof(struct cg_sample, f)
/* clang-format off */
static const struct col {
	const char *name;
	enum src src;
	const char *key; /* SRC_VMSTAT */
	size_t off;	 /* SRC_SYS, SRC_CG */
	enum typ typ;
	bool counter;	 /* cumulative: the run gets its total and rate */
} cols[] = {
	{ "pgscan_kswapd",   SRC_VMSTAT, "pgscan_kswapd",           0, T_U64, true },
	{ "pgscan_direct",   SRC_VMSTAT, "pgscan_direct",           0, T_U64, true },
	{ "pgsteal_kswapd",  SRC_VMSTAT, "pgsteal_kswapd",          0, T_U64, true },
	{ "pgsteal_direct",  SRC_VMSTAT, "pgsteal_direct",          0, T_U64, true },
	{ "allocstall",      SRC_VMSTAT, "allocstall_",             0, T_U64, true },
	{ "compact_stall",   SRC_VMSTAT, "compact_stall",           0, T_U64, true },
	{ "compact_fail",    SRC_VMSTAT, "compact_fail",            0, T_U64, true },
	{ "refault_anon",    SRC_VMSTAT, "workingset_refault_anon", 0, T_U64, true },
	{ "refault_file",    SRC_VMSTAT, "workingset_refault_file", 0, T_U64, true },
	{ "pswpin",          SRC_VMSTAT, "pswpin",                  0, T_U64, true },
	{ "pswpout",         SRC_VMSTAT, "pswpout",                 0, T_U64, true },
	{ "oom_kill",        SRC_VMSTAT, "oom_kill",                0, T_U64, true },
	{ "psi_some_avg10",  SRC_SYS, NULL, CGS(psi_some10),     T_DBL, false },
	{ "psi_full_avg10",  SRC_SYS, NULL, CGS(psi_full10),     T_DBL, false },
	{ "psi_some_us",     SRC_SYS, NULL, CGS(psi_some_total), T_U64, true },
	{ "psi_full_us",     SRC_SYS, NULL, CGS(psi_full_total), T_U64, true },
	{ "cg_pgscan",       SRC_CG,  NULL, CGS(pgscan),         T_U64, true },
	{ "cg_pgsteal",      SRC_CG,  NULL, CGS(pgsteal),        T_U64, true },
	{ "cg_refault_anon", SRC_CG,  NULL, CGS(refault_anon),   T_U64, true },
	{ "cg_refault_file", SRC_CG,  NULL, CGS(refault_file),   T_U64, true },
	{ "cg_pgmajfault",   SRC_CG,  NULL, CGS(pgmajfault),     T_U64, true },
};
/* clang-format on */
#define N_COLS (sizeof(cols) / sizeof(cols[0]))

struct reclaim {
	FILE *tsv;
	int fd_vmstat, fd_psi;
	bool have[N_COLS];
	double first[N_COLS], last[N_COLS];
	uint64_t t_first, t_last;
	unsigned samples;
};

static uint64_t vmstat_get(const char *buf, const char *key)
{
	size_t kl = strlen(key);
	bool prefix = key[kl - 1] == '_';
	uint64_t v = 0;

	for (const char *p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, kl) && (prefix || p[kl] == ' ')) {
			const char *sp = strchr(p, ' ');
			if (sp)
				v += strtoull(sp + 1, NULL, 10);
			if (!prefix)
				break;
		}
	return v;
}

static bool vmstat_has(const char *buf, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, kl) && (key[kl - 1] == '_' || p[kl] == ' '))
			return true;
	return false;
}

/* The top cgroup: the one of the [cgroup] section. */
static struct run_cg *top_cg(struct run *r)
{
	for (size_t i = 0; i < r->cgroups.n; i++)
		if (r->cgroups.node[i].spec && !*r->cgroups.node[i].spec->name)
			return &r->cgroups.node[i];
	return NULL;
}

static double field(const struct cg_sample *s, const struct col *c)
{
	const char *p = (const char *)s + c->off;
	return c->typ == T_DBL ? *(const double *)p : (double)*(const uint64_t *)p;
}

/* memory.stat's pgscan and pgsteal: cgroup v2 only */
static bool scan_only(const struct col *c)
{
	return c->src == SRC_CG && (c->off == CGS(pgscan) || c->off == CGS(pgsteal));
}

int reclaim_open(struct run *r)
{
	struct reclaim *rc = calloc(1, sizeof(*rc));

	if (!rc)
		return -ENOMEM;
	rc->fd_vmstat = open("/proc/vmstat", O_RDONLY | O_CLOEXEC);
	rc->fd_psi = open("/proc/pressure/memory", O_RDONLY | O_CLOEXEC);
	r->reclaim = rc;
	return 0;
}

void reclaim_sample(struct run *r)
{
	struct reclaim *rc = r->reclaim;
	static char buf[16384];
	struct cg_sample sys = { 0 }, cg = { 0 };
	bool have_vm = false, have_cg = false;
	double v[N_COLS];

	if (!rc)
		return;
	if (rc->fd_vmstat >= 0 && pread_all(rc->fd_vmstat, buf, sizeof(buf)) > 0)
		have_vm = true;
	else
		buf[0] = 0;
	if (rc->fd_psi >= 0) {
		char pb[512];
		if (pread_all(rc->fd_psi, pb, sizeof(pb)) > 0)
			cg_parse_psi(pb, &sys);
	}
	struct run_cg *top = top_cg(r);
	if (top && cg_sample(top->cg, &cg) == 0)
		have_cg = true;
	for (size_t i = 0; i < N_COLS; i++) {
		const struct col *c = &cols[i];
		bool there = c->src == SRC_VMSTAT ? have_vm && vmstat_has(buf, c->key) :
			     c->src == SRC_SYS	  ? sys.has_psi :
						    have_cg && (cg.has_scan || !scan_only(c));
		if (!rc->samples)
			rc->have[i] = there;
		v[i] = !there		    ? 0 :
		       c->src == SRC_VMSTAT ? (double)vmstat_get(buf, c->key) :
		       c->src == SRC_SYS    ? field(&sys, c) :
					      field(&cg, c);
	}
	uint64_t t = run_elapsed(r);
	if (!rc->samples) {
		memcpy(rc->first, v, sizeof(v));
		rc->t_first = t;
		rc->tsv = run_open_file(r, "vmstat.tsv", "we");
		if (rc->tsv) {
			fputs("t_ms", rc->tsv);
			for (size_t i = 0; i < N_COLS; i++)
				if (rc->have[i])
					fprintf(rc->tsv, "\t%s", cols[i].name);
			fputc('\n', rc->tsv);
		}
	}
	memcpy(rc->last, v, sizeof(v));
	rc->t_last = t;
	rc->samples++;
	if (!rc->tsv)
		return;
	fprintf(rc->tsv, "%" PRIu64, t);
	for (size_t i = 0; i < N_COLS; i++)
		if (rc->have[i])
			fprintf(rc->tsv, cols[i].typ == T_DBL ? "\t%.2f" : "\t%.0f", v[i]);
	fputc('\n', rc->tsv);
	fflush(rc->tsv);
}

void reclaim_record(struct run *r)
{
	struct reclaim *rc = r->reclaim;

	if (!rc || rc->samples < 2)
		return;
	json_object *o = result_obj(result_obj(r->res->root, "memory"), "reclaim");
	json_object *tot = json_object_new_object(), *rate = json_object_new_object();
	double dur = (double)(rc->t_last - rc->t_first) / 1000.0;

	json_object_object_add(o, "series", json_object_new_string("vmstat.tsv"));
	json_object_object_add(o, "seconds", json_object_new_double(dur));
	for (size_t i = 0; i < N_COLS; i++) {
		if (!rc->have[i] || !cols[i].counter)
			continue;
		double d = rc->last[i] - rc->first[i];
		json_object_object_add(tot, cols[i].name, json_object_new_int64((int64_t)d));
		if (dur > 0)
			json_object_object_add(rate, cols[i].name, json_object_new_double(d / dur));
	}
	json_object_object_add(o, "totals", tot);
	json_object_object_add(o, "per_s", rate);
	/* the share of the sampled time some / all tasks stalled on memory, system-wide */
	for (size_t i = 0; i < N_COLS && dur > 0; i++)
		if (rc->have[i] && cols[i].src == SRC_SYS && cols[i].counter) {
			char name[32];
			snprintf(name, sizeof(name), "%.8s_pct", cols[i].name);
			json_object_object_add(o, name,
					       json_object_new_double(100.0 *
								      (rc->last[i] - rc->first[i]) /
								      (dur * 1e6)));
		}
}

void reclaim_close(struct run *r)
{
	struct reclaim *rc = r->reclaim;

	if (!rc)
		return;
	if (rc->tsv)
		fclose(rc->tsv);
	if (rc->fd_vmstat >= 0)
		close(rc->fd_vmstat);
	if (rc->fd_psi >= 0)
		close(rc->fd_psi);
	free(rc);
	r->reclaim = NULL;
}

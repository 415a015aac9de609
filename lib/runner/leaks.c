// SPDX-License-Identifier: GPL-2.0
/*
 * Leaks the run left in the kernel, after the workloads stopped and the
 * filesystem was unmounted (kernel.no_leaks):
 *
 *	kmemleak  where the kernel has it on: the report is read before the
 *	          run (what leaked before is not the run's), and after it the
 *	          kernel is asked to scan twice, past kmemleak's minimum object
 *	          age (Documentation/dev-tools/kmemleak.rst); every new
 *	          "unreferenced object" is a leak, with its size, task and
 *	          backtrace. kmemleak's own state is left as it was (no "clear").
 *	slab      without kmemleak: the live objects of the scenario
 *	          filesystem's slab caches (xfs_*, ext4_*, jbd2_*) before the
 *	          mount and after the unmount, which frees every inode and dentry
 *	          of it; a cache that keeps more than a margin, at two looks
 *	          SLAB_GRACE_MS apart, is a suspected leak, named. SLUB counts
 *	          the free objects of its per-CPU slabs as active (one page of
 *	          8-byte objects is 512 "objects" a vanilla kernel never
 *	          freed), so every look first shrinks the cache
 *	          (/sys/kernel/slab/NAME/shrink: the per-CPU slabs flushed,
 *	          empty slabs given back) and reads what is left: live objects.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/array.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/log.h"
#include "leaks.h"
#include "oracle/kmemleak.h"
#include "report/writers.h"
#include "run_int.h"

#define KMEMLEAK_MIN_AGE_MS 5500 /* mm/kmemleak.c MSECS_MIN_AGE, and a margin */
#define SLAB_GRACE_MS 2000	 /* between the two looks after the unmount */

struct slab_count {
	char name[64];
	long long active;
};

struct leaks {
	enum { L_NONE, L_KMEMLEAK, L_SLAB } how;
	const char *why_not;
	char file[300];
	unsigned long long *before; /* kmemleak: objects reported before the run */
	size_t n_before;
	struct slab_count *slab; /* slab: the counts before */
	size_t n_slab;
	const char *const *caches; /* slab: the prefixes of the scenario filesystem's caches */
};

static int kmemleak_read(struct leaks *l, bool scan, struct leak **v, size_t *n)
{
	_cleanup_free_ char *text = NULL;
	int k;

	if (scan && (k = write_string(l->file, "scan")) < 0)
		return k;
	if ((k = read_full_file(l->file, 64 << 20, &text, NULL)) < 0)
		return k;
	return kmemleak_parse(text, v, n);
}

/* A cache of the scenario's filesystem (its descriptor's slab_caches): no
 * other's, as the host's own filesystem may be busy meanwhile. */
static bool fs_cache(const struct leaks *l, const char *name)
{
	for (const char *const *p = l->caches; *p; p++)
		if (!strncmp(name, *p, strlen(*p)))
			return true;
	return false;
}

/* Flush the per-CPU slabs of the filesystem's caches and free their empty
 * slabs, so that what /proc/slabinfo calls active is what is live. */
static void slab_shrink(const struct leaks *lk, const char *slabinfo)
{
	_cleanup_free_ char *text = strdup(slabinfo);
	char *save = NULL;

	for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char name[64], p[128];
		if (sscanf(line, "%63s", name) != 1 || !fs_cache(lk, name))
			continue;
		snprintf(p, sizeof(p), "/sys/kernel/slab/%s/shrink", name);
		(void)write_string(p, "1"); /* without SLUB's sysfs: the counts as they are */
	}
}

static int slab_read(const struct leaks *lk, struct slab_count **ret, size_t *n)
{
	_cleanup_free_ char *text = NULL;
	struct slab_count *v = NULL;
	size_t nv = 0, cap = 0;
	int k = read_full_file("/proc/slabinfo", 4 << 20, &text, NULL);

	if (k < 0)
		return k;
	slab_shrink(lk, text);
	free(text);
	text = NULL;
	if ((k = read_full_file("/proc/slabinfo", 4 << 20, &text, NULL)) < 0)
		return k;
	for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
		char name[64];
		long long active;
		if (sscanf(l, "%63s %lld", name, &active) != 2 || !fs_cache(lk, name))
			continue;
		if (ARRAY_GROW(v, nv + 1, cap, 32) < 0) {
			free(v);
			return -ENOMEM;
		}
		snprintf(v[nv].name, sizeof(v[nv].name), "%s", name);
		v[nv++].active = active;
	}
	*ret = v;
	*n = nv;
	return 0;
}

int leaks_setup(struct run *r)
{
	struct leaks *l = calloc(1, sizeof(*l));
	const char *dbg;

	if (!l)
		return -ENOMEM;
	r->leaks = l;
	if (r->s->sc.leaks == SW_NO) {
		l->why_not = "[scenario] leaks = no";
		return 0;
	}
	if (r->m.kmemleak && (dbg = run_debugfs(r))) {
		struct leak *v = NULL;
		size_t n = 0;
		snprintf(l->file, sizeof(l->file), "%s/kmemleak", dbg);
		if (kmemleak_read(l, false, &v, &n) == 0) {
			l->before = calloc(n + 1, sizeof(*l->before));
			for (size_t i = 0; l->before && i < n; i++)
				l->before[l->n_before++] = v[i].addr;
			leaks_free(v, n);
			l->how = L_KMEMLEAK;
			return 0;
		}
	}
	if (r->s->sc.leaks == SW_YES)
		return log_error_errno(-ENOENT,
				       "[scenario] leaks = yes, and kmemleak cannot be "
				       "read here: %m");
	if (!r->s->has_fs) {
		l->why_not =
			"no kmemleak here, and the slab witness looks at the scenario "
			"filesystem's caches: there is no [fs]";
		return 0;
	}
	l->caches = scenario_fs_type(r->s)->slab_caches;
	if (slab_read(l, &l->slab, &l->n_slab) < 0) {
		l->why_not = "no kmemleak and no /proc/slabinfo (CONFIG_SLUB_DEBUG)";
		return 0;
	}
	l->how = L_SLAB;
	return 0;
}

static json_object *leak_json(const struct leak *x)
{
	json_object *o = json_object_new_object(), *bt = json_object_new_array();
	char a[32];

	snprintf(a, sizeof(a), "0x%llx", x->addr);
	json_object_object_add(o, "address", json_object_new_string(a));
	json_object_object_add(o, "size", json_object_new_int64((int64_t)x->size));
	json_object_object_add(o, "comm", json_object_new_string(x->comm));
	json_object_object_add(o, "pid", json_object_new_int(x->pid));
	json_object_object_add(o, "site", json_object_new_string(x->site ? x->site : "?"));
	for (unsigned i = 0; i < x->n_frames; i++)
		json_object_array_add(bt, json_object_new_string(x->frames[i]));
	json_object_object_add(o, "backtrace", bt);
	return o;
}

static bool seen_before(const struct leaks *l, unsigned long long a)
{
	for (size_t i = 0; i < l->n_before; i++)
		if (l->before[i] == a)
			return true;
	return false;
}

void sleep_ms(uint64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000 };

	nanosleep(&ts, NULL);
}

static void check_kmemleak(struct run *r, struct leaks *l, json_object *out)
{
	struct leak *v = NULL;
	size_t n = 0;
	uint64_t since = mono_ms() - r->clock.stopped_ms;

	/* younger objects are not reported yet */
	if (since < KMEMLEAK_MIN_AGE_MS && !run_interrupted(r))
		sleep_ms(KMEMLEAK_MIN_AGE_MS - since);
	int k = kmemleak_read(l, true, &v, &n);
	if (k == 0) {
		leaks_free(v, n);
		v = NULL;
		k = kmemleak_read(l, true, &v, &n); /* twice, as kmemleak.rst advises */
	}
	if (k < 0) {
		r->facts.leaks.error = k == -EPERM ? "kmemleak turned itself off during the run "
						     "(the kernel log says why)" :
						     strerror(-k);
		json_object_object_add(out, "error", json_object_new_string(r->facts.leaks.error));
		return;
	}
	json_object *list = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		if (!seen_before(l, v[i].addr)) {
			struct leak_facts *lf = &r->facts.leaks;
			if (!lf->n++) {
				lf->size = (long long)v[i].size;
				snprintf(lf->comm, sizeof(lf->comm), "%s", v[i].comm);
				snprintf(lf->site, sizeof(lf->site), "%s",
					 v[i].site ? v[i].site : "?");
			}
			json_object_array_add(list, leak_json(&v[i]));
			log_warning(
				"kmemleak: unreferenced object of %llu bytes from %s (pid %d), "
				"allocated at %s",
				v[i].size, v[i].comm, v[i].pid, v[i].site ? v[i].site : "?");
		}
	json_object_object_add(out, "before", json_object_new_int((int)l->n_before));
	json_object_object_add(out, "new", list);
	r->facts.leaks.list = list;
	leaks_free(v, n);
}

static void check_slab(struct leaks *l, struct leak_facts *lf, json_object *out)
{
	struct slab_count *a = NULL, *b = NULL;
	size_t na = 0, nb = 0;
	json_object *sus = json_object_new_array();

	/* two looks SLAB_GRACE_MS apart: a cache still shrinking (RCU-freed
	 * inodes) is not a leak */
	if (slab_read(l, &a, &na) < 0) {
		lf->error = "cannot read /proc/slabinfo";
		json_object_object_add(out, "error", json_object_new_string(lf->error));
		json_object_put(sus);
		return;
	}
	sleep_ms(SLAB_GRACE_MS);
	(void)slab_read(l, &b, &nb);
	for (size_t i = 0; i < l->n_slab; i++)
		for (size_t j = 0; j < na; j++) {
			if (strcmp(l->slab[i].name, a[j].name))
				continue;
			long long grew = a[j].active - l->slab[i].active;
			long long margin = l->slab[i].active / 10 > 256 ? l->slab[i].active / 10 :
									  256;
			long long later = a[j].active;
			for (size_t k = 0; k < nb; k++)
				if (!strcmp(b[k].name, a[j].name))
					later = b[k].active;
			if (grew > margin && later - l->slab[i].active > margin) {
				if (!lf->n++) {
					snprintf(lf->cache, sizeof(lf->cache), "%s", a[j].name);
					lf->before = l->slab[i].active;
					lf->after = later;
				}
				json_object *o = json_object_new_object();
				json_object_object_add(o, "cache",
						       json_object_new_string(a[j].name));
				json_object_object_add(o, "before",
						       json_object_new_int64(l->slab[i].active));
				json_object_object_add(o, "after", json_object_new_int64(later));
				json_object_array_add(sus, o);
			}
		}
	json_object_object_add(out, "caches", json_object_new_int((int)l->n_slab));
	json_object_object_add(out, "suspects", sus);
	lf->list = sus;
	free(a);
	free(b);
}

void leaks_check(struct run *r)
{
	struct leaks *l = r->leaks;
	json_object *out;

	if (!l)
		return;
	out = result_obj(r->res->root, "leaks");
	r->facts.leaks.source = l->how == L_KMEMLEAK ? LEAKS_KMEMLEAK :
				l->how == L_SLAB     ? LEAKS_SLAB :
						       LEAKS_NONE;
	r->facts.leaks.why_not = l->why_not ?: "?";
	json_object_object_add(out, "source",
			       json_object_new_string(l->how == L_KMEMLEAK ? "kmemleak" :
						      l->how == L_SLAB	   ? "slab" :
									     "none"));
	if (l->how == L_NONE)
		json_object_object_add(out, "why_not", json_object_new_string(l->why_not ?: "?"));
	else if (l->how == L_KMEMLEAK)
		check_kmemleak(r, l, out);
	else
		check_slab(l, &r->facts.leaks, out);
}

void leaks_free_state(struct run *r)
{
	if (!r->leaks)
		return;
	free(r->leaks->before);
	free(r->leaks->slab);
	free(r->leaks);
	r->leaks = NULL;
}

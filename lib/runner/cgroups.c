// SPDX-License-Identifier: GPL-2.0
/*
 * The scenario's cgroup tree:
 *
 *	memstress-<run-id>/            [cgroup]        (top: the scenario's limits)
 *	memstress-<run-id>/NAME/...    [cgroup.NAME]   (nested by `parent`)
 *	<cgroup>/wl.<workload>         one leaf per workload, no limits
 *
 * Every process lives in a leaf, which satisfies cgroup v2's no-internal-
 * processes rule and lets per-workload counters (oom_kill) and the OOM
 * report's task_memcg name the workload. Scenario keys use cgroup v2 names
 * (v1 names are accepted); keys_map says which file each one becomes on each
 * version, and why not where there is no equivalent. The mapping used is
 * recorded in the result.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/strv.h"
#include "core/undo.h"
#include "kernel/knob.h"
#include "run_int.h"
#include "scenario/schema.h"

enum key_kind { K_SIZE, K_BOOL, K_INT, K_SWAP_FROM_MEMSW, K_MEMSW_FROM_SWAP };

/* clang-format off */
static const struct key_map {
	const char *key;
	const char *v2, *v1;
	const char *no_v2, *no_v1;
	enum key_kind v2_kind, v1_kind;
	size_t offset;
} keys_map[] = {
	{ "memory.max", "memory.max", "memory.limit_in_bytes", NULL, NULL, K_SIZE, K_SIZE,
	  offsetof(struct sc_cgroup, max) },
	{ "memory.limit_in_bytes", "memory.max", "memory.limit_in_bytes", NULL, NULL, K_SIZE, K_SIZE,
	  offsetof(struct sc_cgroup, limit) },
	{ "memory.high", "memory.high", NULL, NULL, "cgroup v1 has no memory.high (no throttling limit)",
	  K_SIZE, K_SIZE, offsetof(struct sc_cgroup, high) },
	{ "memory.low", "memory.low", NULL, NULL,
	  "cgroup v1 has no memory.low (memory.soft_limit_in_bytes is not equivalent)", K_SIZE, K_SIZE,
	  offsetof(struct sc_cgroup, low) },
	{ "memory.min", "memory.min", NULL, NULL, "cgroup v1 has no memory.min", K_SIZE, K_SIZE,
	  offsetof(struct sc_cgroup, min) },
	{ "memory.swap.max", "memory.swap.max", "memory.memsw.limit_in_bytes", NULL, NULL, K_SIZE,
	  K_MEMSW_FROM_SWAP, offsetof(struct sc_cgroup, swap_max) },
	{ "memory.memsw.limit_in_bytes", "memory.swap.max", "memory.memsw.limit_in_bytes", NULL, NULL,
	  K_SWAP_FROM_MEMSW, K_SIZE, offsetof(struct sc_cgroup, memsw_limit) },
	{ "memory.oom.group", "memory.oom.group", NULL, NULL, "cgroup v1 has no memory.oom.group", K_BOOL,
	  K_BOOL, offsetof(struct sc_cgroup, oom_group) },
	{ "memory.soft_limit_in_bytes", NULL, "memory.soft_limit_in_bytes",
	  "cgroup v2 has no soft limit (memory.low is not equivalent)", NULL, K_SIZE, K_SIZE,
	  offsetof(struct sc_cgroup, soft_limit) },
	{ "memory.oom_control", NULL, "memory.oom_control", "cgroup v2 cannot disable the OOM killer", NULL,
	  K_BOOL, K_BOOL, offsetof(struct sc_cgroup, oom_kill_disable) },
	{ "memory.swappiness", NULL, "memory.swappiness", "cgroup v2 has no per-cgroup swappiness", NULL,
	  K_INT, K_INT, offsetof(struct sc_cgroup, swappiness) },
	{ "memory.reclaim", "memory.reclaim", NULL, NULL, "cgroup v1 has no memory.reclaim", K_SIZE, K_SIZE,
	  offsetof(struct sc_cgroup, reclaim) },
};
/* clang-format on */

const char *cgroups_map_key(int version, const char *key, const char **why)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys_map); i++) {
		if (strcmp(keys_map[i].key, key))
			continue;
		const char *f = version == 2 ? keys_map[i].v2 : keys_map[i].v1;
		if (!f && why)
			*why = version == 2 ? keys_map[i].no_v2 : keys_map[i].no_v1;
		return f;
	}
	if (why)
		*why = "not a memory cgroup key";
	return NULL;
}

static const struct opt_def *cgroup_opt(const char *key)
{
	return opt_find(section_def_find("cgroup")->opts, key);
}

/* The value to write for one mapped key, or NULL to skip with *why. */
static char *key_value(const struct run *r, const struct sc_cgroup *cg, const struct key_map *k,
		       int version, const char **why)
{
	enum key_kind kind = version == 2 ? k->v2_kind : k->v1_kind;
	const void *field = (const char *)cg + k->offset;
	char *out = NULL;
	int ok = -1;

	switch (kind) {
	case K_SIZE: {
		const struct size_spec *s = field;
		uint64_t b = size_resolve(s, r->m.mem_total);
		if (b == UINT64_MAX)
			ok = asprintf(&out, "%s", version == 2 ? "max" : "-1");
		else
			ok = asprintf(&out, "%" PRIu64, b);
		break;
	}
	case K_BOOL: ok = asprintf(&out, "%d", *(const bool *)field ? 1 : 0); break;
	case K_INT:
		if (*(const int64_t *)field < 0)
			return NULL; /* -1: leave */
		ok = asprintf(&out, "%lld", (long long)*(const int64_t *)field);
		break;
	case K_MEMSW_FROM_SWAP: {
		/* v1 limits memory+swap: memsw = max + swap.max */
		uint64_t swap = size_resolve(&cg->swap_max, r->m.mem_total);
		const struct size_spec *mx = cg->max.set ? &cg->max : &cg->limit;
		uint64_t max = mx->set ? size_resolve(mx, r->m.mem_total) : UINT64_MAX;
		if (!r->m.memcg_memsw) {
			*why = "no swap accounting here (memory.memsw.* missing)";
			return NULL;
		}
		if (swap == UINT64_MAX || max == UINT64_MAX)
			ok = asprintf(&out, "-1");
		else
			ok = asprintf(&out, "%" PRIu64, max + swap);
		break;
	}
	case K_SWAP_FROM_MEMSW: {
		uint64_t memsw = size_resolve(&cg->memsw_limit, r->m.mem_total);
		const struct size_spec *mx = cg->max.set ? &cg->max : &cg->limit;
		uint64_t max = mx->set ? size_resolve(mx, r->m.mem_total) : UINT64_MAX;
		if (memsw == UINT64_MAX || max == UINT64_MAX)
			ok = asprintf(&out, "max");
		else
			ok = asprintf(&out, "%" PRIu64, memsw > max ? memsw - max : 0);
		break;
	}
	}
	return ok < 0 ? NULL : out;
}

static void map_note(struct run *r, const char *label, const char *key, const char *file,
		     const char *value, const char *skipped)
{
	json_object *m = json_object_new_object();

	json_object_object_add(m, "cgroup", json_object_new_string(label));
	json_object_object_add(m, "key", json_object_new_string(key));
	if (file) {
		if (strv_extend(&r->facts.applied_keys, key) < 0)
			log_warning("out of memory: %s counts as not applied", key);
		json_object_object_add(m, "file", json_object_new_string(file));
		json_object_object_add(m, "value", json_object_new_string(value));
	} else
		json_object_object_add(m, "skipped", json_object_new_string(skipped));
	json_object_array_add(r->cgroups.mapping, m);
}

static int apply_limits(struct run *r, struct run_cg *n)
{
	const struct sc_cgroup *cg = n->spec;
	int version = r->m.memcg_version;

	for (size_t i = 0; i < ARRAY_SIZE(keys_map); i++) {
		const struct key_map *k = &keys_map[i];
		const struct opt_def *o = cgroup_opt(k->key);
		const char *why = NULL;

		if (!o || !(cg->base.set & (1ULL << (o - section_def_find("cgroup")->opts))))
			continue;
		if (!strcmp(k->key, "memory.reclaim") || !strcmp(k->key, "reclaim_interval"))
			continue; /* periodic, see cgroups_sample */
		const char *file = cgroups_map_key(version, k->key, &why);
		if (!file) {
			map_note(r, n->label, k->key, NULL, NULL, why);
			log_notice("[cgroup%s%s] %s: skipped: %s", *n->label ? "." : "", n->label,
				   k->key, why);
			continue;
		}
		_cleanup_free_ char *v = key_value(r, cg, k, version, &why);
		if (!v) {
			if (why)
				map_note(r, n->label, k->key, NULL, NULL, why);
			continue;
		}
		int e = cg_set(n->cg, file, v);
		if (e < 0)
			return log_error_errno(e, "cannot set %s = %s on cgroup '%s': %m", file, v,
					       n->cg->path);
		map_note(r, n->label, k->key, file, v, NULL);
		uint64_t bytes = strcmp(v, "max") && strcmp(v, "-1") ? strtoull(v, NULL, 10) :
								       UINT64_MAX;
		if (!strcmp(file, "memory.max") || !strcmp(file, "memory.limit_in_bytes"))
			n->limit = bytes;
		else if (!strcmp(file, "memory.swap.max"))
			n->swap_limit = bytes;
	}
	return 0;
}

static struct run_cg *add_node(struct run *r, const struct sc_cgroup *spec, const char *label,
			       const char *rel)
{
	struct run_cg *n;
	struct cg *c;
	int e = cg_create(r->m.memcg_mount, r->m.memcg_version, rel, r->undo, &c);

	if (e == -EEXIST) {
		log_error(
			"cgroup '%s/%s' exists already: it is not this run's (another run with "
			"the same --run-id?), so it is left alone",
			r->m.memcg_mount, rel);
		return NULL;
	}
	if (e < 0) {
		log_error_errno(e, "cannot create cgroup '%s/%s': %m", r->m.memcg_mount, rel);
		return NULL;
	}
	n = &r->cgroups.node[r->cgroups.n++];
	memset(n, 0, sizeof(*n));
	n->spec = spec;
	n->cg = c;
	n->label = strdup(label);
	n->limit = n->swap_limit = UINT64_MAX;
	if (r->m.memcg_version == 2 && spec) {
		e = cg_enable_memory_subtree(c, r->undo);
		if (e < 0) {
			log_error_errno(e, "cannot enable the memory controller below '%s': %m",
					c->path);
			return NULL;
		}
	}
	return n;
}

struct run_cg *cgroups_node(struct run *r, const char *name)
{
	for (size_t i = 0; i < r->cgroups.n; i++)
		if (r->cgroups.node[i].spec &&
		    !strcmp(r->cgroups.node[i].spec->name, name ? name : ""))
			return &r->cgroups.node[i];
	return NULL;
}

/* Path below the controller of a named cgroup (parents first). */
static char *node_rel(struct run *r, const struct sc_cgroup *cg)
{
	char *parent;
	char *out;

	if (!*cg->name) {
		if (asprintf(&out, "memstress-%s", r->id) < 0)
			return NULL;
		return out;
	}
	parent = node_rel(r, scenario_cgroup(r->s, cg->parent ? cg->parent : ""));
	if (!parent || asprintf(&out, "%s/%s", parent, cg->name) < 0)
		out = NULL;
	free(parent);
	return out;
}

static int enable_root_subtree(struct run *r)
{
	_cleanup_free_ char *path = NULL, *cur = NULL;
	int e;

	if (r->m.memcg_version != 2)
		return 0;
	if (asprintf(&path, "%s/cgroup.subtree_control", r->m.memcg_mount) < 0)
		return -ENOMEM;
	if (read_one_line(path, &cur) == 0 && strstr(cur, "memory"))
		return 0;
	e = undo_record(r->undo, "subtree", path, "memory", NULL);
	if (e < 0)
		return e;
	e = write_string(path, "+memory");
	if (e < 0)
		return log_error_errno(e, "cannot enable the memory controller in '%s': %m", path);
	return 0;
}

int cgroups_setup(struct run *r)
{
	size_t total = r->s->n_cgroups + r->s->n_workloads * 64 + 1;
	int e;

	r->cgroups.mapping = result_arr(r->res->root, "cgroup_mapping");
	r->cgroups.node = calloc(total, sizeof(*r->cgroups.node));
	if (!r->cgroups.node)
		return -ENOMEM;
	e = enable_root_subtree(r);
	if (e < 0)
		return e;
	/* Parents before children: repeat until every named cgroup exists. */
	for (size_t done = 0, pass = 0; done < r->s->n_cgroups && pass <= r->s->n_cgroups; pass++) {
		for (size_t i = 0; i < r->s->n_cgroups; i++) {
			const struct sc_cgroup *cg = &r->s->cgroups[i];
			if (cgroups_node(r, cg->name))
				continue;
			if (*cg->name && !cgroups_node(r, cg->parent ? cg->parent : ""))
				continue;
			_cleanup_free_ char *rel = node_rel(r, cg);
			if (!rel)
				return -ENOMEM;
			struct run_cg *n = add_node(r, cg, cg->name, rel);
			if (!n)
				return -EIO;
			e = apply_limits(r, n);
			if (e < 0)
				return e;
			done++;
		}
	}
	/* One leaf per workload instance. */
	for (size_t i = 0; i < r->work.n_wl; i++) {
		struct run_wl *w = &r->work.wl[i];
		const struct sc_cgroup *parent =
			scenario_cgroup(r->s, w->w->cgroup ? w->w->cgroup : "");
		_cleanup_free_ char *prel = node_rel(r, parent), *rel = NULL, *label = NULL;
		if (!prel)
			return -ENOMEM;
		if (w->w->instances > 1) {
			if (asprintf(&rel, "%s/wl.%s.%u", prel, w->w->name, w->instance) < 0 ||
			    asprintf(&label, "wl.%s.%u", w->w->name, w->instance) < 0)
				return -ENOMEM;
		} else if (asprintf(&rel, "%s/wl.%s", prel, w->w->name) < 0 ||
			   asprintf(&label, "wl.%s", w->w->name) < 0)
			return -ENOMEM;
		w->leaf = add_node(r, NULL, label, rel);
		if (!w->leaf)
			return -EIO;
		/* The leaf is memstress's, not the scenario's: protection the
		 * scenario gives its cgroup must reach the processes in the leaf,
		 * and a child without its own memory.min/low gets none (unless the
		 * cgroup2 mount has memory_recursiveprot). "max" claims all of the
		 * parent's share. */
		if (r->m.memcg_version == 2) {
			if ((parent->min.set &&
			     (e = cg_set(w->leaf->cg, "memory.min", "max")) < 0) ||
			    (parent->low.set && (e = cg_set(w->leaf->cg, "memory.low", "max")) < 0))
				return log_error_errno(e,
						       "cannot pass memory.min/low on to '%s': %m",
						       w->leaf->cg->path);
		}
	}
	return 0;
}

uint64_t cgroups_leaf_oom_kills(const struct run_cg *leaf)
{
	return leaf && leaf->sampled ? leaf->last.ev_oom_kill : 0;
}

static void proactive_reclaim(struct run *r, struct run_cg *n)
{
	const struct sc_cgroup *cg = n->spec;

	if (!cg || !cg->reclaim.set || r->m.memcg_version != 2)
		return;
	if (r->clock.now_ms - n->last_reclaim_ms < cg->reclaim_interval_ms)
		return;
	n->last_reclaim_ms = r->clock.now_ms;
	char v[32];
	snprintf(v, sizeof(v), "%" PRIu64, size_resolve(&cg->reclaim, r->m.mem_total));
	(void)cg_set(n->cg, "memory.reclaim", v); /* EAGAIN when it could not reclaim enough */
}

static uint64_t last_start(const struct run *r)
{
	uint64_t t = 0;

	for (size_t i = 0; i < r->s->n_workloads; i++)
		if (r->s->workloads[i].start_ms > t)
			t = r->s->workloads[i].start_ms;
	return t;
}

void cgroups_sample(struct run *r)
{
	uint64_t kills = 0, leaf_kills = 0;

	for (size_t i = 0; i < r->cgroups.n; i++) {
		struct run_cg *n = &r->cgroups.node[i];
		struct cg_sample s;

		if (cg_sample(n->cg, &s) < 0)
			continue;
		if (!n->sampled)
			n->first = s;
		if (n->sampled && n->limit != UINT64_MAX && s.current + n->limit / 100 >= n->limit)
			n->at_limit_ms += r->s->sc.sample_ms;
		n->last = s;
		n->sampled = true;
		if (s.current > n->peak)
			n->peak = s.current;
		/* what reclaim took while every workload ran (from the last one's
		 * start: not a warm-up, and not the unmount's freeing) */
		if (r->phase && !strcmp(r->phase, "running") && run_elapsed(r) >= last_start(r)) {
			if (s.current > n->peak_current)
				n->peak_current = s.current;
			if (n->peak_current - s.current > n->max_drop)
				n->max_drop = n->peak_current - s.current;
		}
		if (s.peak > n->peak)
			n->peak = s.peak;
		if (s.swap_current > n->swap_peak)
			n->swap_peak = s.swap_current;
		if (s.swap_peak > n->swap_peak)
			n->swap_peak = s.swap_peak;
		if (r->files.series)
			fprintf(r->files.series,
				"%" PRIu64 "\t%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
				"\t%" PRIu64 "\t%" PRIu64 "\t%.2f\t%.2f\t%" PRIu64 "\t%" PRIu64
				"\n",
				run_elapsed(r), *n->label ? n->label : "/", s.current,
				n->limit == UINT64_MAX ? 0 : n->limit, s.ev_high, s.ev_max,
				s.ev_oom, s.ev_oom_kill, s.psi_some10, s.psi_full10, s.anon,
				s.file);
		if (n->spec && !*n->spec->name)
			kills = s.ev_oom_kill;
		if (!n->spec)
			leaf_kills += s.ev_oom_kill;
		proactive_reclaim(r, n);
	}
	if (r->files.series)
		fflush(r->files.series);
	r->status.oom_kills_live = (unsigned)(kills > leaf_kills ? kills : leaf_kills);
}

void cgroups_summary(struct run *r)
{
	json_object *mem = result_obj(r->res->root, "memory");
	json_object *nodes = json_object_new_array();

	json_object_object_add(mem, "series", json_object_new_string("memory.tsv"));
	json_object_object_add(mem, "cgroup_version", json_object_new_int(r->m.memcg_version));
	for (size_t i = 0; i < r->cgroups.n; i++) {
		struct run_cg *n = &r->cgroups.node[i];
		json_object *o = json_object_new_object();

		json_object_object_add(o, "cgroup",
				       json_object_new_string(*n->label ? n->label : "/"));
		json_object_object_add(o, "path", json_object_new_string(n->cg->path));
		json_object_object_add(o, "peak", json_object_new_int64((int64_t)n->peak));
		json_object_object_add(o, "max_drop", json_object_new_int64((int64_t)n->max_drop));
		if (n->limit != UINT64_MAX)
			json_object_object_add(o, "limit",
					       json_object_new_int64((int64_t)n->limit));
		if (n->last.has_swap)
			json_object_object_add(o, "swap_peak",
					       json_object_new_int64((int64_t)n->swap_peak));
		if (n->swap_limit != UINT64_MAX)
			json_object_object_add(o, "swap_limit",
					       json_object_new_int64((int64_t)n->swap_limit));
		json_object_object_add(o, "time_at_limit_s",
				       json_object_new_double((double)n->at_limit_ms / 1000.0));
		json_object *ev = json_object_new_object();
		json_object_object_add(
			ev, "high",
			json_object_new_int64((int64_t)(n->last.ev_high - n->first.ev_high)));
		json_object_object_add(
			ev, "max",
			json_object_new_int64((int64_t)(n->last.ev_max - n->first.ev_max)));
		json_object_object_add(
			ev, "oom",
			json_object_new_int64((int64_t)(n->last.ev_oom - n->first.ev_oom)));
		json_object_object_add(ev, "oom_kill",
				       json_object_new_int64((int64_t)n->last.ev_oom_kill));
		json_object_object_add(ev, "oom_group_kill",
				       json_object_new_int64((int64_t)n->last.ev_oom_group_kill));
		json_object_object_add(o, "events", ev);
		if (n->last.has_psi) {
			json_object_object_add(
				o, "psi_full_total_us",
				json_object_new_int64((int64_t)(n->last.psi_full_total -
								n->first.psi_full_total)));
			json_object_object_add(
				o, "psi_some_total_us",
				json_object_new_int64((int64_t)(n->last.psi_some_total -
								n->first.psi_some_total)));
		}
		json_object_array_add(nodes, o);
	}
	json_object_object_add(mem, "cgroups", nodes);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Cross-section checks of a loaded scenario: names that refer to other
 * sections exist, cgroup parents form a tree, v1 and v2 spellings of the same
 * limit are not both given, engines that need a filesystem have one, and
 * expectations only ask for what the scenario can produce.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "checkdefs.h"
#include "core/fileio.h"
#include "core/scope.h"
#include "core/strv.h"
#include "engine/engine.h"
#include "fault/injector.h"
#include "fs/fstype.h"
#include "kernel/identity.h"
#include "load.h"
#include "passthrough.h"
#include "schema.h"

int sc_key_line(const struct sc_base *b, const struct opt_def *table, const char *key)
{
	const struct opt_def *o = opt_find(table, key);

	if (o && (b->set & (1ULL << (o - table))) && b->key_line[o - table])
		return b->key_line[o - table];
	return b->line ? b->line : -1;
}

static bool is_set(const struct sc_base *b, const char *section, const char *key)
{
	const struct section_def *d = section_def_find(section);
	const struct opt_def *o = opt_find(d->opts, key);

	return o && (b->set & (1ULL << (o - d->opts)));
}

static int line_of(const struct sc_base *b, const char *section, const char *key)
{
	return sc_key_line(b, section_def_find(section)->opts, key);
}

static int check_cgroups(struct scenario *s, struct sc_ctx *c)
{
	static const struct {
		const char *v2, *v1;
	} pairs[] = {
		{ "memory.max", "memory.limit_in_bytes" },
		{ "memory.swap.max", "memory.memsw.limit_in_bytes" },
	};
	bool have_top = false;

	for (size_t i = 0; i < s->n_cgroups; i++) {
		struct sc_cgroup *cg = &s->cgroups[i];
		const char *sec = *cg->name ? cg->name : NULL;
		_cleanup_free_ char *full = NULL;

		if (asprintf(&full, "cgroup%s%s", sec ? "." : "", sec ? sec : "") < 0)
			return -ENOMEM;
		if (!*cg->name)
			have_top = true;
		for (size_t k = 0; k < ARRAY_SIZE(pairs); k++)
			if (is_set(&cg->base, "cgroup", pairs[k].v2) &&
			    is_set(&cg->base, "cgroup", pairs[k].v1))
				return sc_errorf(
					c, line_of(&cg->base, "cgroup", pairs[k].v1),
					"[%s] %s: give either %s (v2) or %s (v1), not both", full,
					pairs[k].v1, pairs[k].v2, pairs[k].v1);
		if (!cg->parent)
			continue;
		if (!*cg->name)
			return sc_errorf(c, line_of(&cg->base, "cgroup", "parent"),
					 "[cgroup] parent: the top cgroup has no parent");
		/* Walk up: every parent must exist and the chain must end. */
		const struct sc_cgroup *p = cg;
		for (size_t depth = 0; p && p->parent; depth++) {
			const struct sc_cgroup *np = scenario_cgroup(s, p->parent);
			if (!np)
				return sc_errorf(c, line_of(&p->base, "cgroup", "parent"),
						 "[cgroup.%s] parent: no section [cgroup.%s]",
						 p->name, p->parent);
			if (depth > s->n_cgroups)
				return sc_errorf(c, line_of(&cg->base, "cgroup", "parent"),
						 "[%s] parent: the cgroups' parents form a loop",
						 full);
			p = np;
		}
	}
	if (!have_top) {
		/* Every scenario has a top cgroup, limits or not: it holds the workloads. */
		struct sc_cgroup *n = realloc(s->cgroups, (s->n_cgroups + 1) * sizeof(*n));
		if (!n)
			return -ENOMEM;
		s->cgroups = n;
		memmove(n + 1, n, s->n_cgroups * sizeof(*n));
		memset(n, 0, sizeof(*n));
		s->n_cgroups++;
		int k = opt_apply_defaults(section_def_find("cgroup")->opts, n);
		if (k < 0)
			return k;
		n->name = strdup("");
		n->base.file = c->origin;
		if (!n->name)
			return -ENOMEM;
	}
	return 0;
}

/* The engine's own check of its keys; its complaint names the key's line. */
static int check_engine(struct scenario *s, struct sc_ctx *c, struct sc_workload *w,
			const struct engine *e)
{
	struct engine_wl v = { .name = w->name, .args = w->args, .cfg = w->engine_cfg };
	struct engine_err err = { 0 };

	if ((e->flags & ENGINE_NEEDS_ARGS) && !w->args)
		return sc_errorf(c, w->base.line,
				 "[workload.%s] engine %s needs args (the command line)", w->name,
				 e->name);
	if (!e->validate || e->validate(&v, s->path, &err) >= 0)
		return 0;
	int line = !err.key		    ? w->base.line :
		   !strcmp(err.key, "args") ? line_of(&w->base, "workload", "args") :
					      sc_key_line(&w->engine_base, e->opts, err.key);
	return sc_errorf(c, line, "[workload.%s] %s", w->name, err.msg);
}

static int check_fs(struct scenario *s, struct sc_ctx *c)
{
	bool vm_only = s->sc.target == TARGET_VM;
	char err[512];

	if (!s->has_fs)
		return 0;
	if (passthrough_mkfs(scenario_fs_type(s)->name, s->fs.mkfs_options, vm_only, err,
			     sizeof(err)) < 0)
		return sc_errorf(c, line_of(&s->fs.base, "fs", "mkfs_options"),
				 "[fs] mkfs_options: %s", err);
	if (passthrough_mount(scenario_fs_type(s)->name, s->fs.mount_options, vm_only, err,
			      sizeof(err)) < 0)
		return sc_errorf(c, line_of(&s->fs.base, "fs", "mount_options"),
				 "[fs] mount_options: %s", err);
	return 0;
}

/* [vm] swap: a swap area needs its header page and some room. */
static int check_vm(struct scenario *s, struct sc_ctx *c)
{
	if (s->vm.swap.set && s->vm.swap.bytes < (1 << 20))
		return sc_errorf(c, line_of(&s->vm.base, "vm", "swap"),
				 "[vm] swap: %llu bytes is too small for a swap area (at least 1M)",
				 (unsigned long long)s->vm.swap.bytes);
	return 0;
}

static int check_workloads(struct scenario *s, struct sc_ctx *c)
{
	for (size_t i = 0; i < s->n_workloads; i++) {
		struct sc_workload *w = &s->workloads[i];
		const struct engine *es = engine_find(w->engine);

		if (w->cgroup && *w->cgroup && !scenario_cgroup(s, w->cgroup))
			return sc_errorf(c, line_of(&w->base, "workload", "cgroup"),
					 "[workload.%s] cgroup: no section [cgroup.%s]", w->name,
					 w->cgroup);
		if (es && (es->flags & ENGINE_NEEDS_FS) && !s->has_fs)
			return sc_errorf(c, line_of(&w->base, "workload", "engine"),
					 "[workload.%s] engine: %s needs an [fs] section", w->name,
					 w->engine);
		if (w->args) {
			char **argv = NULL;
			int k = split_args(w->args, &argv);
			strv_free(argv);
			if (k == -EINVAL)
				return sc_errorf(c, line_of(&w->base, "workload", "args"),
						 "[workload.%s] args: unterminated quote", w->name);
			if (k < 0)
				return k;
		}
		int k = es ? check_engine(s, c, w, es) : 0;
		if (k < 0)
			return k;
		if (w->stop_ms && w->stop_ms <= w->start_ms)
			return sc_errorf(c, line_of(&w->base, "workload", "stop"),
					 "[workload.%s] stop: must come after start", w->name);
	}
	return 0;
}

static int check_names(struct sc_ctx *c, const struct scenario *s, char **names,
		       const char *section, const struct sc_base *b, const char *key,
		       bool allow_none_any)
{
	STRV_FOREACH(n, names) {
		if (allow_none_any && (!strcmp(*n, "none") || !strcmp(*n, "any")))
			continue;
		if (!scenario_workload(s, *n))
			return sc_errorf(c, line_of(b, section, key), "[%s] %s: no workload '%s'",
					 section, key, *n);
	}
	return 0;
}

static bool has_fs(const struct scenario *s)
{
	return s->has_fs;
}

static bool has_faults(const struct scenario *s)
{
	return s->n_faults > 0;
}

/* An [expect] key whose checks need a section the scenario lacks
 * (the rows' needs, lib/runner/checks/): their evidence could not exist. */
static int check_needs(struct scenario *s, struct sc_ctx *c)
{
	static const struct {
		const char *section;
		bool (*has)(const struct scenario *s);
	} needs[] = {
		[NEEDS_FS] = { "an [fs] section", has_fs },
		[NEEDS_FAULTS] = { "a [fault.*] section", has_faults },
	};
	const struct sc_expect *e = &s->expect;
	const struct check_def *d;

	for (size_t i = 0; (d = check_def_at(i)); i++) {
		if (d->needs == NEEDS_NOTHING || !d->keys || needs[d->needs].has(s))
			continue;
		for (const char *k = d->keys; *k;) {
			size_t n = strcspn(k, " ");
			char key[64];
			snprintf(key, sizeof(key), "%.*s", (int)n, k);
			if (is_set(&e->base, "expect", key))
				return sc_errorf(c, line_of(&e->base, "expect", key),
						 "[expect] %s: needs %s", key,
						 needs[d->needs].section);
			k += n + (k[n] == ' ');
		}
	}
	return 0;
}

static int check_expect(struct scenario *s, struct sc_ctx *c)
{
	struct sc_expect *e = &s->expect;
	int k;

	if (e->oom_victim) {
		char *one[] = { e->oom_victim, NULL };
		k = check_names(c, s, one, "expect", &e->base, "oom_victim", true);
		if (k < 0)
			return k;
	}
	k = check_names(c, s, e->survives, "expect", &e->base, "survives", false);
	if (k < 0)
		return k;
	k = check_names(c, s, e->protected, "expect", &e->base, "protected", false);
	if (k < 0)
		return k;
	if ((k = check_needs(s, c)) < 0)
		return k;
	if (e->leaks == EXPECT_EXPECTED && s->sc.leaks == SW_NO)
		return sc_errorf(
			c, line_of(&e->base, "expect", "leaks"),
			"[expect] leaks: expected, and [scenario] leaks = no looks for none");
	char bad[40];
	kernel_taint_unknown(e->taint ? e->taint : "", bad, sizeof(bad));
	if (bad[0])
		return sc_errorf(
			c, line_of(&e->base, "expect", "taint"),
			"[expect] taint: '%s' is not a taint flag (see "
			"Documentation/admin-guide/tainted-kernels.rst: P F S R M B U D A W C I O E L K X T N J)",
			bad);
	if (e->fault_fs_frames.set && !e->fault_fs_frames.percent)
		return sc_errorf(c, line_of(&e->base, "expect", "fault_fs_frames"),
				 "[expect] fault_fs_frames: give a percentage, e.g. >=80%%");
	return 0;
}

static int check_faults(struct scenario *s, struct sc_ctx *c)
{
	for (size_t i = 0; i < s->n_faults; i++) {
		struct sc_fault *f = &s->faults[i];
		_cleanup_free_ char *sec = NULL;
		int k;

		if (asprintf(&sec, "fault.%s", f->kind) < 0)
			return -ENOMEM;
		k = check_names(c, s, f->workloads, sec, &f->base, "workloads", false);
		if (k < 0)
			return k;
		if (!f->task_filter && !f->system_wide)
			return sc_errorf(
				c, line_of(&f->base, "fault", "task-filter"),
				"[%s] task-filter: 'no' fails allocations anywhere in the kernel; add system_wide = yes to mean it",
				sec);
		if ((f->require_start != NULL) != (f->require_end != NULL))
			return sc_errorf(c, f->base.line,
					 "[%s] require-start and require-end go together", sec);
		if ((f->reject_start != NULL) != (f->reject_end != NULL))
			return sc_errorf(c, f->base.line,
					 "[%s] reject-start and reject-end go together", sec);
		if (f->target && f->require_start)
			return sc_errorf(c, line_of(&f->base, "fault", "target"),
					 "[%s] target: give either target or require-start/end",
					 sec);
		const struct injector *inj = injector_find(f->kind);
		if (inj->sweep) {
			bool driven = false;
			for (size_t w = 0; w < s->n_workloads; w++) {
				const struct engine *e = engine_find(s->workloads[w].engine);
				driven |= e && (e->flags & ENGINE_FAIL_NTH);
			}
			const struct engine *e = NULL;
			for (size_t n = 0; !driven && (e = engine_at(n)); n++)
				if (e->flags & ENGINE_FAIL_NTH)
					return sc_errorf(c, f->base.line,
							 "[%s] the fail-nth sweep drives an %s "
							 "workload; add one",
							 sec, e->name);
		}
		/* the keys another injector has for itself */
		const struct injector *o;
		for (size_t n = 0; (o = injector_at(n)); n++)
			for (const struct injector_key *ok = o->own_keys; o != inj && ok && ok->key;
			     ok++)
				if (is_set(&f->base, "fault", ok->key))
					return sc_errorf(c, line_of(&f->base, "fault", ok->key),
							 "[%s] %s: %s", sec, ok->key, ok->why);
	}
	return 0;
}

static int check_requires(struct scenario *s, struct sc_ctx *c)
{
	STRV_FOREACH(r, s->sc.requires) {
		bool ok = engine_by_program(*r) != NULL || fs_type_find(*r) != NULL ||
			  injector_find(*r) != NULL;
		for (const struct requirement_def *d = requirement_defs; d->name; d++)
			ok |= !strcmp(d->name, *r);
		if (!ok) {
			const char *best = NULL;
			size_t bd = 3;
			for (const struct requirement_def *d = requirement_defs; d->name; d++)
				if (levenshtein(d->name, *r) < bd) {
					bd = levenshtein(d->name, *r);
					best = d->name;
				}
			for (const char *const *n = fs_type_names; *n; n++)
				if (levenshtein(*n, *r) < bd) {
					bd = levenshtein(*n, *r);
					best = *n;
				}
			const struct injector *inj;
			for (size_t i = 0; (inj = injector_at(i)); i++)
				if (levenshtein(inj->name, *r) < bd) {
					bd = levenshtein(inj->name, *r);
					best = inj->name;
				}
			int line = line_of(&s->sc.base, "scenario", "requires");
			if (best)
				return sc_errorf(
					c, line,
					"[scenario] requires: unknown requirement '%s' (did you mean '%s'?)",
					*r, best);
			return sc_errorf(
				c, line,
				"[scenario] requires: unknown requirement '%s' (see `memstress list --requirements`)",
				*r);
		}
	}
	if (s->sc.duration_ms == 0)
		return sc_errorf(c, line_of(&s->sc.base, "scenario", "duration"),
				 "[scenario] duration: must be more than 0");
	if (s->sc.sample_ms < 10)
		return sc_errorf(c, line_of(&s->sc.base, "scenario", "sample_interval"),
				 "[scenario] sample_interval: at least 10ms");
	return 0;
}

int sc_validate(struct scenario *s, struct sc_ctx *c)
{
	int k;

	if ((k = check_requires(s, c)) < 0)
		return k;
	if ((k = check_cgroups(s, c)) < 0)
		return k;
	if ((k = check_fs(s, c)) < 0)
		return k;
	if ((k = check_vm(s, c)) < 0)
		return k;
	if ((k = check_workloads(s, c)) < 0)
		return k;
	if ((k = check_faults(s, c)) < 0)
		return k;
	if ((k = check_expect(s, c)) < 0)
		return k;
	if (!s->n_workloads)
		return sc_errorf(c, s->sc.base.line,
				 "no [workload.NAME] section: nothing would run");
	return 0;
}

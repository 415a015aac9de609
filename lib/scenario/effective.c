// SPDX-License-Identifier: GPL-2.0
/*
 * The effective configuration of a scenario: every section with every key,
 * given or defaulted (defaults as comments), as INI text that loads back to the
 * same scenario. It
 * goes into each run's scenario.ini and result.json, so a result says exactly
 * what ran. Also the name lookups other modules use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/engine.h"
#include "schema.h"

static void write_section(FILE *f, const char *header, const struct opt_def *opts, const void *obj,
			  const struct sc_base *b, const struct opt_def *eopts, const void *eobj,
			  const struct sc_base *eb)
{
	char buf[512];

	fprintf(f, "[%s]\n", header);
	for (int pass = 0; pass < 2; pass++) {
		const struct opt_def *t = pass ? eopts : opts;
		const void *o = pass ? eobj : obj;
		const struct sc_base *base = pass ? eb : b;

		for (const struct opt_def *d = t; d && d->key; d++) {
			const char *v = opt_format(d, o, buf, sizeof(buf));
			bool given = base && (base->set & (1ULL << (d - t)));

			if (!v)
				continue;
			/* defaults as comments: shown, and a reload leaves them defaults */
			fprintf(f, "%s%s = %s\n", given ? "" : "; ", d->key, v);
		}
	}
	fputc('\n', f);
}

char *scenario_effective(const struct scenario *s)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	char hdr[256];

	if (!f)
		return NULL;
	fprintf(f, "; effective configuration of scenario '%s' (from %s)\n", s->name, s->path);
	write_section(f, "scenario", section_def_find("scenario")->opts, &s->sc, &s->sc.base, NULL,
		      NULL, NULL);
	for (size_t i = 0; i < s->n_cgroups; i++) {
		const struct sc_cgroup *cg = &s->cgroups[i];
		snprintf(hdr, sizeof(hdr), "cgroup%s%s", *cg->name ? "." : "", cg->name);
		write_section(f, hdr, section_def_find("cgroup")->opts, cg, &cg->base, NULL, NULL,
			      NULL);
	}
	for (size_t i = 0; i < s->n_workloads; i++) {
		const struct sc_workload *w = &s->workloads[i];
		const struct engine *es = engine_find(w->engine);
		snprintf(hdr, sizeof(hdr), "workload.%s", w->name);
		write_section(f, hdr, section_def_find("workload")->opts, w, &w->base,
			      es && w->engine_cfg ? es->opts : NULL, w->engine_cfg,
			      &w->engine_base);
	}
	if (s->has_fs)
		write_section(f, "fs", section_def_find("fs")->opts, &s->fs, &s->fs.base, NULL,
			      NULL, NULL);
	for (size_t i = 0; i < s->n_faults; i++) {
		snprintf(hdr, sizeof(hdr), "fault.%s", s->faults[i].kind);
		write_section(f, hdr, section_def_find("fault")->opts, &s->faults[i],
			      &s->faults[i].base, NULL, NULL, NULL);
	}
	write_section(f, "watchdog", section_def_find("watchdog")->opts, &s->watchdog,
		      &s->watchdog.base, NULL, NULL, NULL);
	write_section(f, "expect", section_def_find("expect")->opts, &s->expect, &s->expect.base,
		      NULL, NULL, NULL);
	write_section(f, "vm", section_def_find("vm")->opts, &s->vm, &s->vm.base, NULL, NULL, NULL);
	if (fclose(f)) {
		free(out);
		return NULL;
	}
	return out;
}

const struct sc_cgroup *scenario_cgroup(const struct scenario *s, const char *name)
{
	for (size_t i = 0; i < s->n_cgroups; i++)
		if (!strcmp(s->cgroups[i].name, name ? name : ""))
			return &s->cgroups[i];
	return NULL;
}

const struct sc_workload *scenario_workload(const struct scenario *s, const char *name)
{
	for (size_t i = 0; i < s->n_workloads; i++)
		if (!strcmp(s->workloads[i].name, name))
			return &s->workloads[i];
	return NULL;
}

const struct sc_workload *scenario_exec_workload(const struct scenario *s)
{
	for (size_t i = 0; i < s->n_workloads; i++)
		if (engine_find(s->workloads[i].engine) &&
		    (engine_find(s->workloads[i].engine)->flags & ENGINE_ANY_COMMAND))
			return &s->workloads[i];
	return NULL;
}

const struct sc_fault *scenario_fault(const struct scenario *s, const char *kind)
{
	for (size_t i = 0; i < s->n_faults; i++)
		if (!strcmp(s->faults[i].kind, kind))
			return &s->faults[i];
	return NULL;
}

bool sc_is_set(const struct sc_base *b, const void *table, const char *key)
{
	const struct opt_def *t = table;
	const struct opt_def *o = opt_find(t, key);

	return o && (b->set & (1ULL << (o - t)));
}

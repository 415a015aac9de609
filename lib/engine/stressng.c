// SPDX-License-Identifier: GPL-2.0
/*
 * stress-ng engine. memstress adds what a scenario should not have to say:
 * a timeout (the scenario's duration and a grace period, should the harness
 * die before it stops the workload), a writable --temp-path (the [fs]
 * mount, or the run's workloads directory), and
 * --no-oom-adjust where stress-ng has it. Older stress-ng (< 0.17) has no
 * way to stop it writing oom_score_adj into its stressors (1000 for the
 * allocating child, -1000 for the rest when root), so the runner preloads
 * lib/preload/keep_oom_adj.c into it: those writes then change nothing, and
 * the workload's oom_score_adj holds from each process's birth.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/parse.h"
#include "core/strv.h"
#include "engine.h"

#define STRESSNG_GRACE_S 10

static bool has_opt(char **v, const char *a, const char *b)
{
	STRV_FOREACH(s, v)
		if (!strcmp(*s, a) || (b && !strcmp(*s, b)) ||
		    (!strncmp(*s, a, strlen(a)) && (*s)[strlen(a)] == '='))
			return true;
	return false;
}

static int stressng_argv(const struct engine_ctx *c, char ***ret, char *err, size_t len)
{
	_cleanup_strv_free_ char **args = NULL, **v = NULL;
	int r;

	r = split_args(c->w->args ? c->w->args : "", &args);
	if (r < 0) {
		snprintf(err, len, "cannot split args");
		return r;
	}
	if (!strv_length(args)) {
		snprintf(err, len,
			 "stress-ng needs args naming its stressors (e.g. --vm 1 --vm-bytes 64M)");
		return -EINVAL;
	}
	if ((r = strv_extend(&v, "stress-ng")) < 0 || (r = strv_extend_strv(&v, args)) < 0)
		return r;
	/*
	 * A backstop: the harness stops the workload at the scenario's end, so
	 * stress-ng's own timeout is STRESSNG_GRACE_S later (had it ended first,
	 * its exit code would race our stop). In whole seconds: stress-ng reads
	 * "20000ms" as 20000 seconds.
	 */
	if (!has_opt(args, "--timeout", "-t") &&
	    (r = strv_extendf(&v, "--timeout=%llus",
			      (unsigned long long)(c->run_ms + 999) / 1000 + STRESSNG_GRACE_S)) < 0)
		return r;
	if (!has_opt(args, "--temp-path", NULL) &&
	    (r = strv_extendf(&v, "--temp-path=%s", c->fs_mount ? c->fs_mount : c->work_dir)) < 0)
		return r;
	if (c->m->stress_ng_no_oom_adjust && !has_opt(args, "--no-oom-adjust", NULL) &&
	    (r = strv_extend(&v, "--no-oom-adjust")) < 0)
		return r;
	*ret = TAKE_PTR(v);
	return 0;
}

static bool stressng_overrides(const struct machine *m)
{
	return !m->stress_ng_no_oom_adjust;
}

const struct engine engine_stress_ng = {
	.name = "stress-ng",
	.argv = stressng_argv,
	.overrides_oom_adj = stressng_overrides,
	.requires = "stress-ng",
};

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
 *
 * Its work shows in its metrics: --metrics-brief and --yaml write each
 * stressor's bogo-ops next to the log when it is stopped. It is stopped with
 * SIGINT: on SIGTERM stress-ng 0.15 writes them too, but its stressors exit
 * "signalled" and it warns that they finished prematurely.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "core/fileio.h"
#include "core/parse.h"
#include "core/refuse.h"
#include "core/scope.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "engine.h"

#define STRESSNG_GRACE_S 10

/* What the installed stress-ng offers: learnt once per process (it runs it twice). */
static struct {
	bool probed;
	char version[32];
	bool no_oom_adjust; /* has --no-oom-adjust */
} sng;

static void stressng_probe(void)
{
	_cleanup_free_ char *path = find_executable("stress-ng"), *out = NULL;
	char *argv_v[] = { path, "--version", NULL };
	char *argv_h[] = { path, "--help", NULL };

	if (sng.probed || !path)
		return;
	sng.probed = true;
	if (run_capture(argv_v, &out, NULL) == 0 && out) {
		const char *v = strstr(out, "version ");
		if (v)
			sscanf(v + 8, "%31[0-9.]", sng.version);
	}
	free(out);
	out = NULL;
	if (run_capture(argv_h, &out, NULL) == 0 && out)
		sng.no_oom_adjust = strstr(out, "--no-oom-adjust") != NULL;
}

static void stressng_describe(char *buf, size_t len)
{
	stressng_probe();
	snprintf(
		buf, len, "%s%s", sng.version,
		!sng.no_oom_adjust ?
			" (no --no-oom-adjust: memstress preloads a library that keeps oom_score_adj)" :
			"");
}

/* clang-format off */
/* Options that name files, or run stressors that stress-ng picks. */
static const char *const stressng_options[] = {
	"temp-path", "job", "j", "log-file", "yaml", "Y", "pathological", "all", "a", "class",
	"random", "r", "sequential", "seq", "with", "stressors", NULL
};
/* Stressors that touch devices or change system-wide state: outside what a
 * memory-management scenario needs, and not undone by memstress. */
static const char *const stressng_stressors[] = {
	"binderfs", "cpu-online", "dev", "efivar", "ioport", "klog", "loop", "module", "msr",
	"physpage", "procfs", "ramfs", "reboot", "rtc", "smi", "swap", "sysfs", "sysinval", "tun",
	"umount", "watchdog", NULL
};
/* clang-format on */

/* What a scenario may hand stress-ng (args): no option that names a file
 * or picks the stressors, no stressor that touches devices or system-wide
 * state, no path. */
static int check_args(const char *args, char *err, size_t len)
{
	_cleanup_strv_free_ char **a = NULL;
	int k = split_or_refuse(args, &a, err, len);

	if (k < 0)
		return k;
	for (size_t i = 0; a && a[i]; i++) {
		const char *t = a[i];
		if (strchr(t, '/'))
			return refuse(err, len, "stress-ng argument '%s': a path is not allowed",
				      t);
		if (t[0] != '-')
			continue;
		const char *name = t + 1 + (t[1] == '-');
		size_t n = strcspn(name, "=");
		if (word_listed(stressng_options, name, n))
			return refuse(err, len,
				      "stress-ng option '%s': not allowed in a scenario (memstress "
				      "sets files and stressors itself)",
				      t);
		/* a stressor or one of its options: --swap, --swap-ops ... */
		for (const char *const *s = stressng_stressors; *s; s++) {
			size_t sl = strlen(*s);
			if (t[1] == '-' && n >= sl && !strncmp(name, *s, sl) &&
			    (n == sl || name[sl] == '-'))
				return refuse(
					err, len,
					"stress-ng stressor '%s': not allowed (it touches devices "
					"or system-wide state)",
					*s);
		}
	}
	return 0;
}

static int stressng_validate(const struct engine_wl *w, const char *scenario_path,
			     struct engine_err *e)
{
	(void)scenario_path;
	e->key = "args";
	int k = check_args(w->args, e->msg, sizeof(e->msg));
	if (k < 0) {
		char m[sizeof(e->msg)];
		snprintf(m, sizeof(m), "args: %s", e->msg);
		snprintf(e->msg, sizeof(e->msg), "%s", m);
	}
	return k;
}

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

	r = split_args(c->w.args ? c->w.args : "", &args);
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
	/* its bogo-ops, for workloads.worked (args may not name --yaml:
	 * check_args above); without --metrics the YAML has none */
	if ((!has_opt(args, "--metrics", NULL) && !has_opt(args, "--metrics-brief", "-M") &&
	     (r = strv_extend(&v, "--metrics-brief")) < 0) ||
	    (r = strv_extendf(&v, "--yaml=%s/workloads/%s.%u.stress-ng.yaml", c->run_dir, c->w.name,
			      c->instance)) < 0)
		return r;
	stressng_probe();
	if (sng.no_oom_adjust && !has_opt(args, "--no-oom-adjust", NULL) &&
	    (r = strv_extend(&v, "--no-oom-adjust")) < 0)
		return r;
	*ret = TAKE_PTR(v);
	return 0;
}

static bool stressng_overrides(void)
{
	stressng_probe();
	return !sng.no_oom_adjust;
}

/*
 * Its metrics, from the YAML it wrote:
 *
 *	metrics:
 *	    - stressor: vm
 *	      bogo-ops: 35572
 */
static json_object *stressng_results(const struct engine_ctx *c)
{
	_cleanup_free_ char *text = NULL;
	char p[4200], name[64] = "";
	json_object *o;

	snprintf(p, sizeof(p), "%s/workloads/%s.%u.stress-ng.yaml", c->run_dir, c->w.name,
		 c->instance);
	if (read_full_file(p, 16 << 20, &text, NULL) < 0)
		return NULL;
	o = json_object_new_object();
	for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
		long long ops;
		if (sscanf(l, " - stressor: %63s", name) == 1)
			continue;
		if (name[0] && sscanf(l, " bogo-ops: %lld", &ops) == 1) {
			json_object_object_add(o, name, json_object_new_int64(ops));
			name[0] = 0;
		}
	}
	return o;
}

/* Every stressor made bogo-ops. */
static bool stressng_worked(const struct engine_end *end, char *why, size_t len)
{
	size_t n = 0, idle = 0;
	long long sum = 0;

	if (end->results) {
		json_object_object_foreach(end->results, k, v)
		{
			(void)k;
			n++;
			sum += json_object_get_int64(v);
			idle += json_object_get_int64(v) <= 0;
		}
	}
	if (!n)
		snprintf(why, len, "stress-ng wrote no metrics (its .stress-ng.yaml has none)");
	else if (idle)
		snprintf(why, len, "%zu of %zu stressor(s) made no bogo-ops", idle, n);
	else
		snprintf(why, len, "%lld bogo-ops from %zu stressor(s)", sum, n);
	return n && !idle;
}

static const struct opt_def no_opts[] = { { 0 } };

const struct engine engine_stress_ng = {
	.name = "stress-ng",
	.help = "stress-ng stressors (args: e.g. --vm 2 --vm-bytes 128M)",
	.opts = no_opts,
	.program = "stress-ng",
	.validate = stressng_validate,
	.probe = stressng_probe,
	.describe = stressng_describe,
	.argv = stressng_argv,
	.overrides_oom_adj = stressng_overrides,
	.results = stressng_results,
	.worked = stressng_worked,
	.stop_signal = SIGINT,
};

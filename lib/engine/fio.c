// SPDX-License-Identifier: GPL-2.0
/*
 * fio engine: a job file (relative to the scenario file) or inline
 * arguments; the [fs] mount is the default --directory, and the scenario's
 * duration bounds the run. Results come out as JSON next to the log.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/scope.h"
#include "core/parse.h"
#include "core/refuse.h"
#include "core/strv.h"
#include "engine.h"
#include "core/fileio.h"
#include "report/writers.h"

struct fio_cfg {
	char *job;
	char *directory;
};

#define FO(f) offsetof(struct fio_cfg, f)
/* clang-format off */
static const struct opt_def fio_opts[] = {
	{ "job", OPT_STR, FO(job), NULL, "fio job file, relative to the scenario file" },
	{ "directory", OPT_STR, FO(directory), NULL, "fio --directory: a directory below the [fs] mount (default: the mount)" },
	{ 0 }
};
/* clang-format on */

/* clang-format off */
/* Options that name files or devices, run commands, or reach other hosts or
 * cgroups; memstress gives the directory and the output itself. */
static const char *const fio_options[] = {
	"filename", "filename_format", "directory", "opendir", "exec_prerun", "exec_postrun",
	"include", "ioscheduler", "cgroup", "cgroup_weight", "cgroup_nodelete", "write_iolog",
	"read_iolog", "write_bw_log", "write_lat_log", "write_iops_log", "write_hist_log",
	"replay_redirect", "trigger", "trigger-file", "trigger-timeout", "trigger-remote",
	"client", "server", "daemonize", "output", "output-format", "lockfile", "spdk_conf",
	"pingpong", "hostname", "port", "interface", NULL
};
/* I/O engines that reach devices, the network or other programs. */
static const char *const fio_engines[] = {
	"sg", "net", "netsplice", "rdma", "e4defrag", "rbd", "http", "nbd", "libiscsi", "spdk",
	"xnvme", "io_uring_cmd", "external", "exec", NULL
};
/* clang-format on */

static int fio_option(const char *key, size_t kn, const char *value, const char *where, char *err,
		      size_t len)
{
	if (word_listed(fio_options, key, kn))
		return refuse(err, len,
			      "fio option '%.*s'%s: not allowed in a scenario (memstress gives the "
			      "directory and the output; nothing else is touched)",
			      (int)kn, key, where);
	if (value && (strchr(value, '/') || strstr(value, "${")))
		return refuse(err, len, "fio option '%.*s=%s'%s: a path is not allowed here",
			      (int)kn, key, value, where);
	if (value && kn == 8 && !strncmp(key, "ioengine", 8)) {
		size_t vn = strcspn(value, ":");
		if (word_listed(fio_engines, value, vn))
			return refuse(err, len, "fio ioengine=%s%s: not allowed in a scenario",
				      value, where);
	}
	return 0;
}

/* fio command-line arguments (args): --option=value only, each allowed */
static int check_args(const char *args, char *err, size_t len)
{
	_cleanup_strv_free_ char **a = NULL;
	int k = split_or_refuse(args, &a, err, len);

	if (k < 0)
		return k;
	for (size_t i = 0; a && a[i]; i++) {
		const char *t = a[i];
		if (strncmp(t, "--", 2))
			return refuse(
				err, len,
				"fio argument '%s': only --option=value arguments (a job file "
				"is given with job = ...)",
				t);
		const char *eq = strchr(t, '=');
		k = fio_option(t + 2, eq ? (size_t)(eq - t - 2) : strlen(t + 2), eq ? eq + 1 : NULL,
			       "", err, len);
		if (k < 0)
			return k;
	}
	return 0;
}

/* a fio job file's text: each option allowed */
static int check_job(const char *text, char *err, size_t len)
{
	unsigned line = 0;
	char where[32];

	for (const char *p = text; *p; line++) {
		size_t n = strcspn(p, "\n");
		_cleanup_free_ char *l = strndup(p, n);
		char *s = l, *e;
		p += n + (p[n] == '\n');
		if (!l)
			return -ENOMEM;
		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = 0;
		if (!*s || *s == ';' || *s == '#' || *s == '[')
			continue;
		snprintf(where, sizeof(where), " (job file line %u)", line + 1);
		char *eq = strchr(s, '=');
		size_t kn = eq ? (size_t)(eq - s) : strcspn(s, " \t");
		while (kn && (s[kn - 1] == ' ' || s[kn - 1] == '\t'))
			kn--;
		const char *v = eq ? eq + 1 + strspn(eq + 1, " \t") : NULL;
		if (!eq && strchr(s, ' ')) /* "include FILE" */
			v = s + kn;
		int k = fio_option(s, kn, v, where, err, len);
		if (k < 0)
			return k;
	}
	return 0;
}

static int fio_validate(const struct engine_wl *w, const char *scenario_path, struct engine_err *e)
{
	const struct fio_cfg *fc = w->cfg;
	_cleanup_free_ char *text = NULL;
	char err[400];
	int r;

	if (!fc->job && !w->args) {
		e->key = NULL;
		snprintf(e->msg, sizeof(e->msg), "fio needs a job file (job = ...) or args");
		return -EINVAL;
	}
	if (check_args(w->args, err, sizeof(err)) < 0) {
		e->key = "args";
		snprintf(e->msg, sizeof(e->msg), "args: %s", err);
		return -EINVAL;
	}
	if ((r = engine_key_below(e, "directory", fc->directory)) < 0 || !fc->job ||
	    (r = engine_key_read(e, "job", scenario_path, fc->job, 1 << 20, &text)) < 0)
		return r;
	if (check_job(text, err, sizeof(err)) < 0) {
		e->key = "job";
		snprintf(e->msg, sizeof(e->msg), "job %.100s: %s", fc->job, err);
		return -EINVAL;
	}
	return 0;
}

static int fio_argv(const struct engine_ctx *c, char ***ret, char *err, size_t len)
{
	const struct fio_cfg *cfg = c->w.cfg;
	_cleanup_strv_free_ char **args = NULL, **v = NULL;
	_cleanup_free_ char *below = NULL;
	const char *dir = c->fs_mount;
	int r;

	/* directory: relative, below the [fs] mount (checked when loaded) */
	if (cfg && cfg->directory && c->fs_mount) {
		if (asprintf(&below, "%s/%s", c->fs_mount, cfg->directory) < 0)
			return -ENOMEM;
		dir = below;
	}
	r = split_args(c->w.args ? c->w.args : "", &args);
	if (r < 0)
		return r;
	if ((r = strv_extend(&v, "fio")) < 0)
		return r;
	if (cfg && cfg->job) {
		if (cfg->job[0] == '/')
			r = strv_extend(&v, cfg->job);
		else
			r = strv_extendf(&v, "%s/%s", c->scenario_dir, cfg->job);
		if (r < 0)
			return r;
		/* checked when the scenario was loaded; again now, as fio will read it */
		_cleanup_free_ char *text = NULL;
		r = read_regular_file(v[1], 1 << 20, &text, NULL, NULL);
		if (r < 0) {
			snprintf(err, len, "cannot read the job file '%s': %s", v[1], strerror(-r));
			return r;
		}
		if ((r = check_job(text, err, len)) < 0)
			return r;
	}
	if ((r = strv_extend_strv(&v, args)) < 0)
		return r;
	if (dir && (r = strv_extendf(&v, "--directory=%s", dir)) < 0)
		return r;
	if (!dir) {
		snprintf(err, len, "fio needs a directory: add an [fs] section or directory = ...");
		return -EINVAL;
	}
	/* end before the scenario, on fio's own terms, not on our SIGTERM: what
	 * --runtime does not count (loading ~70 libraries, laying out its files,
	 * the stats at the end) takes seconds in a TCG guest (6.3 s for
	 * fio-fstx-mixed's 128M of files, its guest sharing the machine with a
	 * kernel build), so a third of the run, at least 2 s, is left for it */
	uint64_t margin = c->run_ms / 3 > 2000 ? c->run_ms / 3 : 2000;
	unsigned long long secs = c->run_ms > margin + 1000 ? (c->run_ms - margin) / 1000 : 1;
	if ((r = strv_extendf(&v, "--runtime=%llus", secs)) < 0 ||
	    (r = strv_extend(&v, "--output-format=json")) < 0 ||
	    (r = strv_extendf(&v, "--output=%s/workloads/%s.%u.fio.json", c->run_dir, c->w.name,
			      c->instance)) < 0)
		return r;
	*ret = TAKE_PTR(v);
	return 0;
}

/*
 * fio's summary of each job, from its JSON output. Stopped by a signal, fio
 * still writes it, after lines of its own ("fio: terminating on signal 15":
 * --output takes its messages too): the JSON starts at the first '{'.
 */
static json_object *fio_results(const struct engine_ctx *c)
{
	_cleanup_free_ char *text = NULL;
	char p[4200];
	json_object *jobs, *fj = NULL, *sum = json_object_new_array();

	snprintf(p, sizeof(p), "%s/workloads/%s.%u.fio.json", c->run_dir, c->w.name, c->instance);
	if (read_full_file(p, 64 << 20, &text, NULL) == 0 && strchr(text, '{'))
		fj = json_tokener_parse(strchr(text, '{'));
	if (fj && json_object_object_get_ex(fj, "jobs", &jobs))
		for (size_t i = 0; i < json_object_array_length(jobs); i++) {
			json_object *j = json_object_array_get_idx(jobs, i),
				    *x = json_object_new_object();
			json_object_object_add(x, "job", json_object_get(jget(j, "jobname")));
			json_object_object_add(x, "error", json_object_get(jget(j, "error")));
			json_object_object_add(x, "read_iops",
					       json_object_get(jpath(j, "read.iops")));
			json_object_object_add(x, "write_iops",
					       json_object_get(jpath(j, "write.iops")));
			json_object_object_add(x, "write_bw_kib",
					       json_object_get(jpath(j, "write.bw")));
			json_object_object_add(x, "read_kib",
					       json_object_get(jpath(j, "read.io_kbytes")));
			json_object_object_add(x, "write_kib",
					       json_object_get(jpath(j, "write.io_kbytes")));
			json_object_array_add(sum, x);
		}
	json_object_put(fj);
	return sum;
}

/* Every job of its summary moved data. */
static bool fio_worked(const struct engine_end *end, char *why, size_t len)
{
	size_t n = end->results ? json_object_array_length(end->results) : 0, idle = 0;
	long long rd = 0, wr = 0;
	const char *first_idle = NULL;

	if (!n) {
		snprintf(why, len, "fio wrote no summary (its .fio.json has no job)");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		json_object *j = json_object_array_get_idx(end->results, i);
		long long r = jint(j, "read_kib", 0), w = jint(j, "write_kib", 0);
		rd += r;
		wr += w;
		if (!r && !w && !idle++)
			first_idle = jstr(j, "job");
	}
	if (idle)
		snprintf(why, len, "%zu of %zu fio job(s) moved no data (first: %s)", idle, n,
			 first_idle);
	else
		snprintf(why, len, "%zu fio job(s): %lld KiB read, %lld KiB written", n, rd, wr);
	return !idle;
}

const struct engine engine_fio = {
	.name = "fio",
	.help = "fio with a job file or inline arguments",
	.opts = fio_opts,
	.cfg_size = sizeof(struct fio_cfg),
	.program = "fio",
	.validate = fio_validate,
	.argv = fio_argv,
	.results = fio_results,
	.worked = fio_worked,
};

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
#include "core/strv.h"
#include "engine.h"
#include "core/fileio.h"
#include "scenario/passthrough.h"
#include "scenario/schema.h"

static int fio_argv(const struct engine_ctx *c, char ***ret, char *err, size_t len)
{
	const struct fio_cfg *cfg = c->w->engine_cfg;
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
	r = split_args(c->w->args ? c->w->args : "", &args);
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
		if ((r = passthrough_fio_job(text, err, len)) < 0)
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
	/* end a second before the scenario, on fio's own terms, not on our SIGTERM */
	unsigned long long secs = c->run_ms > 2000 ? (c->run_ms - 1000) / 1000 : 1;
	if ((r = strv_extendf(&v, "--runtime=%llus", secs)) < 0 ||
	    (r = strv_extend(&v, "--output-format=json")) < 0 ||
	    (r = strv_extendf(&v, "--output=%s/workloads/%s.%u.fio.json", c->run_dir, c->w->name,
			      c->instance)) < 0)
		return r;
	*ret = TAKE_PTR(v);
	return 0;
}

const struct engine engine_fio = {
	.name = "fio",
	.argv = fio_argv,
	.requires = "fio",
};

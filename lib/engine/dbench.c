// SPDX-License-Identifier: GPL-2.0
/*
 * dbench engine: Andrew Tridgell's dbench (Debian's dbench package), which
 * replays a file server's trace (its client.txt loadfile: create, write,
 * read, rename, unlink, lock, flush, mkdir, deltree, find) from N client
 * processes. Where fstx drives single metadata transactions and fio drives
 * data, dbench mixes both as a real server would, with many open files per
 * client: the filesystem allocates its inodes, dentries and log space under
 * GFP_NOFS while page cache and the clients' own memory press the cgroup.
 *
 * It works in the [fs] mount (or a directory below it), ends before the
 * scenario on its own time limit (warm-up included), and leaves its files for the
 * filesystem checks (no cleanup pass, which under memory pressure can take
 * longer than the run). Its results are read from its own summary: the
 * throughput, the worst latency, and each operation's count and latencies.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fileio.h"
#include "core/parse.h"
#include "core/scope.h"
#include "core/strv.h"
#include "engine.h"
#include "report/writers.h"

/* Debian's dbench reads this trace when no loadfile is given. */
#define DBENCH_LOADFILE "/usr/share/dbench/client.txt"

struct dbench_cfg {
	int64_t clients;
	char *loadfile;
	char *directory;
	bool fsync;
	bool sync_dir;
	bool xattr;
};

#define DB(f) offsetof(struct dbench_cfg, f)
/* clang-format off */
static const struct opt_def dbench_opts[] = {
	{ "clients", OPT_INT, DB(clients), "4", "client processes replaying the load", 0, NULL, 1, 1024 },
	{ "loadfile", OPT_STR, DB(loadfile), NULL, "the trace to replay, relative to the scenario file (default: dbench's client.txt)" },
	{ "directory", OPT_STR, DB(directory), NULL, "where to work: a directory below the [fs] mount (default: the mount)" },
	{ "fsync", OPT_BOOL, DB(fsync), "no", "fsync after every write (dbench -F)" },
	{ "sync_dir", OPT_BOOL, DB(sync_dir), "no", "make directory changes synchronous (dbench -S)" },
	{ "xattr", OPT_BOOL, DB(xattr), "no", "keep the clients' DOS attributes in xattrs (dbench -x)" },
	{ 0 }
};
/* clang-format on */

static char *loadfile_path(const struct dbench_cfg *d, const char *scenario_dir)
{
	char *p = NULL;

	if (!d->loadfile)
		return NULL;
	if (d->loadfile[0] == '/')
		return strdup(d->loadfile);
	return asprintf(&p, "%s/%s", scenario_dir, d->loadfile) < 0 ? NULL : p;
}

static int dbench_validate(const struct engine_wl *w, const char *scenario_path,
			   struct engine_err *e)
{
	const struct dbench_cfg *d = w->cfg;
	_cleanup_free_ char *text = NULL;
	int r;

	/* dbench's own options could point it anywhere (-D, -c): only the keys reach it */
	if (w->args) {
		e->key = "args";
		snprintf(e->msg, sizeof(e->msg),
			 "args: dbench takes no args; its keys are clients, loadfile, directory, "
			 "fsync, sync_dir and xattr");
		return -EINVAL;
	}
	if ((r = engine_key_below(e, "directory", d->directory)) < 0 || !d->loadfile)
		return r;
	return engine_key_read(e, "loadfile", scenario_path, d->loadfile, 64 << 20, &text);
}

/* In an initramfs, dbench's own trace is a file to copy (a scenario's is read over 9p). */
static int dbench_guest_needs(const struct engine_wl *w, char ***programs, char ***files)
{
	const struct dbench_cfg *d = w->cfg;

	(void)programs;
	return d->loadfile ? 0 : strv_extend(files, DBENCH_LOADFILE);
}

static int dbench_argv(const struct engine_ctx *c, char ***ret, char *err, size_t len)
{
	const struct dbench_cfg *d = c->w.cfg;
	_cleanup_strv_free_ char **v = NULL;
	_cleanup_free_ char *load = loadfile_path(d, c->scenario_dir);
	int r;

	if (!c->fs_mount) {
		snprintf(err, len, "dbench needs an [fs] section to work in");
		return -EINVAL;
	}
	/* end before the scenario, on dbench's own time limit: it warms up for a
	 * fifth of the limit first, and leaves a second or two for its summary */
	unsigned long long secs = c->run_ms > 3000 ? (c->run_ms - 2000) * 5 / 6 / 1000 : 1;
	if ((r = strv_extend(&v, "dbench")) < 0 ||
	    (r = strv_extendf(&v, "--timelimit=%llu", secs)) < 0 ||
	    (r = strv_extend(&v, "--skip-cleanup")) < 0)
		return r;
	if (d->directory)
		r = strv_extendf(&v, "--directory=%s/%s", c->fs_mount, d->directory);
	else
		r = strv_extendf(&v, "--directory=%s", c->fs_mount);
	if (r < 0 || (load && (r = strv_extendf(&v, "--loadfile=%s", load)) < 0) ||
	    (d->fsync && (r = strv_extend(&v, "--fsync")) < 0) ||
	    (d->sync_dir && (r = strv_extend(&v, "--sync-dir")) < 0) ||
	    (d->xattr && (r = strv_extend(&v, "--xattr")) < 0) ||
	    (r = strv_extendf(&v, "%lld", (long long)d->clients)) < 0)
		return r;
	*ret = TAKE_PTR(v);
	return 0;
}

/*
 * Its summary, at the end of its output:
 *
 *	 Operation      Count    AvgLat    MaxLat
 *	 ----------------------------------------
 *	 NTCreateX     102997     0.013    10.853
 *	 ...
 *	Throughput 839.11 MB/sec  2 clients  2 procs  max_latency=20.841 ms
 *
 * and before it, once a second, a progress line (the only output when it
 * is stopped: dbench writes no summary on SIGTERM):
 *
 *	   2     83679   180.74 MB/sec  execute   1 sec  latency 24.445 ms
 */
static json_object *dbench_results(const struct engine_ctx *c)
{
	_cleanup_free_ char *text = NULL;
	json_object *o, *ops = NULL;
	double mbs, lat;
	int clients;

	if (read_full_file(c->log_path, 64 << 20, &text, NULL) < 0)
		return NULL;
	o = json_object_new_object();
	for (char *l = strtok(text, "\n"); l; l = strtok(NULL, "\n")) {
		char op[32], phase[16];
		long long count, done;
		double avg, max;
		if (strstr(l, "Operation") && strstr(l, "MaxLat")) {
			json_object_put(ops); /* a second summary: the last one counts */
			ops = json_object_new_object();
		} else if (ops &&
			   sscanf(l, " %31[A-Za-z] %lld %lf %lf", op, &count, &avg, &max) == 4) {
			json_object *x = json_object_new_object();
			json_object_object_add(x, "count", json_object_new_int64(count));
			json_object_object_add(x, "avg_latency_ms", json_object_new_double(avg));
			json_object_object_add(x, "max_latency_ms", json_object_new_double(max));
			json_object_object_add(ops, op, x);
		} else if (sscanf(l, " %d %lld %lf MB/sec %15s", &clients, &done, &mbs, phase) ==
			   4) {
			json_object_object_add(o, "operations_seen", json_object_new_int64(done));
		} else if (sscanf(l, "Throughput %lf MB/sec %d clients %*d procs max_latency=%lf",
				  &mbs, &clients, &lat) == 3) {
			json_object_object_add(o, "throughput_mb_s", json_object_new_double(mbs));
			json_object_object_add(o, "clients", json_object_new_int(clients));
			json_object_object_add(o, "max_latency_ms", json_object_new_double(lat));
		}
	}
	json_object_object_add(
		o, "completed",
		json_object_new_boolean(json_object_object_get_ex(o, "throughput_mb_s", NULL)));
	if (ops)
		json_object_object_add(o, "operations", ops);
	return o;
}

/* Its summary, or else its last progress line, counted operations. */
static bool dbench_worked(const struct engine_end *end, char *why, size_t len)
{
	long long seen = jint(end->results, "operations_seen", 0);

	if (jint(end->results, "completed", 0))
		snprintf(why, len, "completed: %.2f MB/s with %lld client(s)",
			 json_object_get_double(jget(end->results, "throughput_mb_s")),
			 jint(end->results, "clients", 0));
	else if (seen > 0)
		snprintf(why, len, "%lld operations in its last progress line (no summary)", seen);
	else
		snprintf(why, len, "dbench showed no operation (no summary, no progress line)");
	return jint(end->results, "completed", 0) || seen > 0;
}

const struct engine engine_dbench = {
	.name = "dbench",
	.help = "dbench: N clients replay a file server's load (needs [fs])",
	.opts = dbench_opts,
	.cfg_size = sizeof(struct dbench_cfg),
	.flags = ENGINE_NEEDS_FS,
	.program = "dbench",
	.validate = dbench_validate,
	.guest_needs = dbench_guest_needs,
	.argv = dbench_argv,
	.results = dbench_results,
	.worked = dbench_worked,
};

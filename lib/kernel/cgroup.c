// SPDX-License-Identifier: GPL-2.0
/*
 * Memory cgroup operations for memstress's own cgroups (see cgroup.h). Every
 * node memstress creates is named below "memstress-<run-id>" and recorded in
 * the undo journal before mkdir, so nothing else is ever touched.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libcgroup.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/undo.h"
#include "cgroup.h"

static int lc_errno(int r)
{
	int e;

	if (r == 0)
		return 0;
	if (r == ECGOTHER) {
		e = cgroup_get_last_errno();
		return e ? -e : -EIO;
	}
	e = cgroup_get_last_errno();
	return e ? -e : -EIO;
}

int cg_lib_init(void)
{
	static int done, result;

	if (!done) {
		int r = cgroup_init();
		result = r ? lc_errno(r) : 0;
		done = 1;
	}
	return result;
}

static int open_opt(const char *dir, const char *name)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return open(p, O_RDONLY | O_CLOEXEC);
}

void cg_free(struct cg *c)
{
	if (!c)
		return;
	int *fds[] = { &c->fd_current, &c->fd_events,	    &c->fd_oom_control,
		       &c->fd_failcnt, &c->fd_pressure,	    &c->fd_stat,
		       &c->fd_peak,    &c->fd_swap_current, &c->fd_swap_peak };
	for (size_t i = 0; i < ARRAY_SIZE(fds); i++)
		if (*fds[i] >= 0)
			close(*fds[i]);
	free(c->rel);
	free(c->path);
	free(c);
}

int cg_create(const char *mount, int version, const char *rel, struct undo *u, struct cg **ret)
{
	struct cgroup *lc = NULL;
	struct cg *c;
	int r;

	r = cg_lib_init();
	if (r < 0)
		return r;
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->version = version;
	c->fd_current = c->fd_events = c->fd_oom_control = c->fd_failcnt = c->fd_pressure = -1;
	c->fd_stat = c->fd_peak = c->fd_swap_current = c->fd_swap_peak = -1;
	c->rel = strdup(rel);
	if (!c->rel || asprintf(&c->path, "%s/%s", mount, rel) < 0) {
		cg_free(c);
		return -ENOMEM;
	}
	if (u) {
		char v[4];
		snprintf(v, sizeof(v), "%d", version);
		r = undo_record(u, "cgroup", c->path, v, NULL);
		if (r < 0)
			goto fail;
	}
	/* Made here, exclusively: a cgroup that exists already is someone
	 * else's (or another run's with the same id) and is never adopted,
	 * killed or removed. libcgroup then finds it and does the rest. */
	if (mkdir(c->path, 0755) < 0) {
		r = -errno;
		if (u)
			(void)undo_cancel_last(u);
		goto fail;
	}
	lc = cgroup_new_cgroup(rel);
	if (!lc || !cgroup_add_controller(lc, "memory")) {
		r = -ENOMEM;
		goto fail;
	}
	r = lc_errno(cgroup_create_cgroup(lc, 0));
	cgroup_free(&lc);
	if (r < 0)
		goto fail;
	if (!path_exists(c->path)) {
		r = -ENOENT;
		goto fail;
	}
	if (version == 2) {
		c->fd_current = open_opt(c->path, "memory.current");
		c->fd_events = open_opt(c->path, "memory.events");
		c->fd_pressure = open_opt(c->path, "memory.pressure");
		c->fd_peak = open_opt(c->path, "memory.peak");
		c->fd_swap_current = open_opt(c->path, "memory.swap.current");
		c->fd_swap_peak = open_opt(c->path, "memory.swap.peak");
	} else {
		c->fd_current = open_opt(c->path, "memory.usage_in_bytes");
		c->fd_oom_control = open_opt(c->path, "memory.oom_control");
		c->fd_failcnt = open_opt(c->path, "memory.failcnt");
		c->fd_peak = open_opt(c->path, "memory.max_usage_in_bytes");
	}
	c->fd_stat = open_opt(c->path, "memory.stat");
	*ret = c;
	return 0;
fail:
	cg_free(c);
	return r;
}

int cg_set(struct cg *c, const char *file, const char *value)
{
	struct cgroup *lc = cgroup_new_cgroup(c->rel);
	struct cgroup_controller *ctl;
	int r;

	if (!lc)
		return -ENOMEM;
	ctl = cgroup_add_controller(lc, "memory");
	if (!ctl) {
		cgroup_free(&lc);
		return -ENOMEM;
	}
	r = lc_errno(cgroup_add_value_string(ctl, file, value));
	if (r == 0)
		r = lc_errno(cgroup_modify_cgroup(lc));
	cgroup_free(&lc);
	if (r < 0) {
		/* libcgroup loses the kernel's errno on some paths: ask the kernel. */
		char p[512];
		snprintf(p, sizeof(p), "%s/%s", c->path, file);
		int k = write_string(p, value);
		if (k < 0)
			return k;
		return 0;
	}
	return 0;
}

int cg_enable_memory_subtree(struct cg *c, struct undo *u)
{
	char p[512];
	int r;

	(void)u; /* the flag goes away with the directory; nothing to restore */
	if (c->version != 2)
		return 0;
	snprintf(p, sizeof(p), "%s/cgroup.subtree_control", c->path);
	r = write_string(p, "+memory");
	return r;
}

int cg_attach(struct cg *c, pid_t pid)
{
	struct cgroup *lc = cgroup_new_cgroup(c->rel);
	int r;

	if (!lc)
		return -ENOMEM;
	if (!cgroup_add_controller(lc, "memory")) {
		cgroup_free(&lc);
		return -ENOMEM;
	}
	r = lc_errno(cgroup_attach_task_pid(lc, pid));
	cgroup_free(&lc);
	return r;
}

static uint64_t kv(const char *buf, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (!strncmp(p, key, kl) && p[kl] == ' ')
			return strtoull(p + kl + 1, NULL, 10);
	return 0;
}

void cg_parse_psi(const char *buf, struct cg_sample *s)
{
	const char *some = strstr(buf, "some ");
	const char *full = strstr(buf, "full ");

	if (some)
		sscanf(some, "some avg10=%lf %*s %*s total=%lu", &s->psi_some10,
		       (unsigned long *)&s->psi_some_total);
	if (full)
		sscanf(full, "full avg10=%lf %*s %*s total=%lu", &s->psi_full10,
		       (unsigned long *)&s->psi_full_total);
	s->has_psi = some != NULL;
}

int cg_sample(struct cg *c, struct cg_sample *s)
{
	char buf[8192];

	memset(s, 0, sizeof(*s));
	if (pread_all(c->fd_current, buf, sizeof(buf)) < 0)
		return -EIO;
	s->current = strtoull(buf, NULL, 10);
	if (pread_all(c->fd_peak, buf, sizeof(buf)) > 0)
		s->peak = strtoull(buf, NULL, 10);
	if (c->version == 2) {
		if (pread_all(c->fd_swap_current, buf, sizeof(buf)) > 0) {
			s->has_swap = true;
			s->swap_current = strtoull(buf, NULL, 10);
		}
		if (pread_all(c->fd_swap_peak, buf, sizeof(buf)) > 0)
			s->swap_peak = strtoull(buf, NULL, 10);
		if (pread_all(c->fd_events, buf, sizeof(buf)) > 0) {
			s->ev_low = kv(buf, "low");
			s->ev_high = kv(buf, "high");
			s->ev_max = kv(buf, "max");
			s->ev_oom = kv(buf, "oom");
			s->ev_oom_kill = kv(buf, "oom_kill");
			s->ev_oom_group_kill = kv(buf, "oom_group_kill");
		}
		if (pread_all(c->fd_pressure, buf, sizeof(buf)) > 0)
			cg_parse_psi(buf, s);
		if (pread_all(c->fd_stat, buf, sizeof(buf)) > 0) {
			s->anon = kv(buf, "anon");
			s->file = kv(buf, "file");
			s->kernel = kv(buf, "kernel");
			s->slab = kv(buf, "slab");
			s->file_dirty = kv(buf, "file_dirty");
			s->file_writeback = kv(buf, "file_writeback");
			s->pgmajfault = kv(buf, "pgmajfault");
			s->refault_anon = kv(buf, "workingset_refault_anon");
			s->refault_file = kv(buf, "workingset_refault_file");
			s->pgscan = kv(buf, "pgscan");
			s->pgsteal = kv(buf, "pgsteal");
			s->has_scan = true;
		}
	} else {
		if (pread_all(c->fd_failcnt, buf, sizeof(buf)) > 0)
			s->failcnt = s->ev_max = strtoull(buf, NULL, 10);
		if (pread_all(c->fd_oom_control, buf, sizeof(buf)) > 0) {
			s->under_oom = kv(buf, "under_oom") != 0;
			s->ev_oom_kill = kv(buf, "oom_kill");
		}
		if (pread_all(c->fd_stat, buf, sizeof(buf)) > 0) {
			s->anon = kv(buf, "total_rss");
			s->file = kv(buf, "total_cache");
			s->file_dirty = kv(buf, "total_dirty");
			s->file_writeback = kv(buf, "total_writeback");
			s->pgmajfault = kv(buf, "total_pgmajfault");
			s->refault_anon = kv(buf, "total_workingset_refault_anon");
			s->refault_file = kv(buf, "total_workingset_refault_file");
		}
	}
	return 0;
}

int cg_pids(const char *path, pid_t *pids, int max)
{
	_cleanup_free_ char *buf = NULL, *p = NULL;
	int n = 0;

	if (asprintf(&p, "%s/cgroup.procs", path) < 0)
		return -ENOMEM;
	int r = read_full_file(p, 0, &buf, NULL);
	if (r < 0)
		return r;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		if (n < max)
			pids[n] = (pid_t)atoi(l);
		n++;
	}
	return n;
}

/* Kill every task in this node (not below). Returns the number still there. */
static int kill_node(const char *path)
{
	pid_t pids[4096];
	int n = cg_pids(path, pids, 4096);

	if (n <= 0)
		return n < 0 ? 0 : 0;
	for (int i = 0; i < n && i < 4096; i++)
		kill(pids[i], SIGKILL);
	return n;
}

static int destroy_rec(const char *path, uint64_t deadline, char *msg, size_t msglen)
{
	_cleanup_closedir_ DIR *d = opendir(path);
	struct dirent *e;
	char p[1024];
	int r = 0;

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d))) {
		if (e->d_type != DT_DIR || e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s", path, e->d_name);
		int k = destroy_rec(p, deadline, msg, msglen);
		if (k < 0 && !r)
			r = k;
	}
	for (;;) {
		int left = kill_node(path);
		if (rmdir(path) == 0 || errno == ENOENT)
			return r;
		if (errno != EBUSY)
			return -errno;
		if (mono_ms() >= deadline) {
			pid_t pids[8];
			int n = cg_pids(path, pids, 8);
			size_t o = (size_t)snprintf(msg, msglen,
						    "%d task(s) in '%s' survive SIGKILL:", n, path);
			for (int i = 0; i < n && i < 8 && o < msglen; i++) {
				_cleanup_free_ char *st = NULL;
				char sp[64];
				snprintf(sp, sizeof(sp), "/proc/%d/wchan", pids[i]);
				(void)read_one_line(sp, &st);
				o += (size_t)snprintf(msg + o, msglen - o, " %d (in %s)", pids[i],
						      st && *st ? st : "?");
			}
			(void)left;
			return -EBUSY;
		}
		struct timespec ts = { 0, 20 * 1000000 };
		nanosleep(&ts, NULL);
	}
}

int cg_destroy_path(const char *path, unsigned timeout_ms, char *msg, size_t msglen)
{
	char p[1024];

	/* cgroup v2 (5.14+): one write kills the whole subtree. */
	snprintf(p, sizeof(p), "%s/cgroup.kill", path);
	if (path_exists(p))
		(void)write_string(p, "1");
	return destroy_rec(path, mono_ms() + timeout_ms, msg, msglen);
}

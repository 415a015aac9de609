// SPDX-License-Identifier: GPL-2.0
/*
 * Workloads: started with execve and an argv (never a shell) into their own
 * leaf cgroup, with the oom_score_adj the scenario asks for (the harness's
 * own -1000 is not inherited); followed through the process-events
 * connector so that every process they fork — stress-ng's stressors are
 * grandchildren — is known with its exit status; stopped with SIGTERM, a
 * grace period and SIGKILL, with bounded waits. Tasks that survive SIGKILL
 * are reported as unkillable rather than waited for.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/array.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "core/undo.h"
#include "kernel/procevents.h"
#include "report/writers.h"
#include "run_int.h"
#include "scenario/schema.h"

int workloads_prepare(struct run *r)
{
	size_t n = 0;
	char p[4096];

	for (size_t i = 0; i < r->s->n_workloads; i++)
		n += (size_t)r->s->workloads[i].instances;
	r->work.wl = calloc(n, sizeof(*r->work.wl));
	if (!r->work.wl)
		return -ENOMEM;
	snprintf(p, sizeof(p), "%s/workloads", r->dir);
	if (mkdir_p(p, 0755) < 0)
		return -errno;
	for (size_t i = 0; i < r->s->n_workloads; i++) {
		const struct sc_workload *w = &r->s->workloads[i];
		const struct engine *e = engine_find(w->engine);
		if (!e)
			return log_error_errno(
				-EINVAL, "[workload.%s] engine '%s' is not available in this build",
				w->name, w->engine);
		for (unsigned k = 0; k < (unsigned)w->instances; k++) {
			struct run_wl *x = &r->work.wl[r->work.n_wl++];
			x->w = w;
			x->e = e;
			x->instance = k;
			if (asprintf(&x->log_path, "%s/workloads/%s.%u.log", r->dir, w->name, k) <
				    0 ||
			    asprintf(&x->progress_path, "%s/workloads/%s.%u.progress", r->dir,
				     w->name, k) < 0 ||
			    asprintf(&x->journal_path, "%s/workloads/%s.%u.journal", r->dir,
				     w->name, k) < 0)
				return -ENOMEM;
		}
	}
	return 0;
}

/* --- process tracking ------------------------------------------------------- */

struct run_proc *run_proc_find(struct run *r, pid_t pid)
{
	for (size_t i = r->work.n_procs; i-- > 0;)
		if (r->work.procs[i].pid == pid)
			return &r->work.procs[i];
	return NULL;
}

static struct run_proc *track(struct run *r, pid_t pid, int wl)
{
	struct run_proc *p = run_proc_find(r, pid);

	if (p && !p->exited)
		return p;
	if (ARRAY_GROW(r->work.procs, r->work.n_procs + 1, r->work.cap_procs, 256) < 0)
		return NULL;
	p = &r->work.procs[r->work.n_procs++];
	memset(p, 0, sizeof(*p));
	p->pid = pid;
	p->wl = wl;
	r->work.wl[wl].procs++;
	return p;
}

static void track_thread(struct run *r, pid_t tid, pid_t tgid)
{
	int wl = workload_of_pid(r, tgid);

	if (wl < 0 ||
	    ARRAY_GROW(r->work.threads, r->work.n_threads + 1, r->work.cap_threads, 256) < 0)
		return;
	r->work.threads[r->work.n_threads++] = (struct run_thread){ tid, wl };
}

int workload_of_tid(const struct run *r, pid_t tid)
{
	int wl = workload_of_pid(r, tid);

	for (size_t i = r->work.n_threads; wl < 0 && i-- > 0;)
		if (r->work.threads[i].tid == tid)
			wl = r->work.threads[i].wl;
	return wl;
}

int workload_of_pid(const struct run *r, pid_t pid)
{
	for (size_t i = r->work.n_procs; i-- > 0;)
		if (r->work.procs[i].pid == pid)
			return r->work.procs[i].wl;
	return -1;
}

static void proc_exited(struct run *r, struct run_proc *p, int status, uint64_t at_ms)
{
	if (p->exited)
		return;
	p->exit_ms = at_ms ? at_ms : mono_ms();
	oomlife_exit(r, p->pid, p->exit_ms);
	p->exited = true;
	p->status = status;
	if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
		r->work.wl[p->wl].sigkilled++;
}

/*
 * The scenario's oom_score_adj holds from a process's birth (issue 28): read
 * it as the fork event arrives. A program that changed it (a preload that
 * did not take, a program that writes it some other way) shows here, and
 * the oom.victim check says so when such a process is killed.
 */
static void check_adj(struct run *r, pid_t pid, int wl)
{
	char p[64];
	int64_t v;

	snprintf(p, sizeof(p), "/proc/%d/oom_score_adj", (int)pid);
	if (read_int64(p, &v) < 0)
		return; /* gone already */
	r->work.wl[wl].adj_checked++;
	if (v != r->work.wl[wl].w->oom_score_adj) {
		if (!r->work.wl[wl].adj_different++)
			log_warning(
				"[workload.%s] pid %d has oom_score_adj %lld at birth, the "
				"scenario set %lld: the program changes it",
				r->work.wl[wl].w->name, (int)pid, (long long)v,
				(long long)r->work.wl[wl].w->oom_score_adj);
		r->work.wl[wl].adj_seen = (int)v;
	}
}

void workloads_proc_events(struct run *r)
{
	struct pe_event ev[64];
	int n;

	while ((n = procevents_read(r->work.pe_fd, ev, 64)) > 0) {
		for (int i = 0; i < n; i++) {
			struct run_proc *p;
			switch (ev[i].what) {
			case PE_FORK:
				if (ev[i].pid != ev[i].tgid) { /* a thread */
					track_thread(r, ev[i].pid, ev[i].tgid);
					break;
				}
				p = run_proc_find(r, ev[i].ptgid);
				if (p && !p->exited) {
					track(r, ev[i].pid, p->wl);
					check_adj(r, ev[i].pid, p->wl);
				}
				break;
			case PE_EXIT:
				if (ev[i].pid != ev[i].tgid)
					break;
				p = run_proc_find(r, ev[i].pid);
				if (p)
					proc_exited(r, p, ev[i].exit_code,
						    ev[i].timestamp_ns / 1000000);
				break;
			case PE_COMM:
				p = run_proc_find(r, ev[i].tgid);
				if (p)
					memcpy(p->comm, ev[i].comm, sizeof(p->comm));
				break;
			default: break;
			}
		}
	}
	if (n == -ENOBUFS)
		r->work.pe_lost = true;
}

/* Without the connector: learn the workloads' processes from their cgroups. */
static void adopt_from_cgroups(struct run *r)
{
	pid_t pids[1024];

	for (size_t i = 0; i < r->work.n_wl; i++) {
		if (!r->work.wl[i].leaf)
			continue;
		int n = cg_pids(r->work.wl[i].leaf->cg->path, pids, 1024);
		for (int k = 0; k < n && k < 1024; k++)
			track(r, pids[k], (int)i);
	}
}

/* --- starting ------------------------------------------------------------------ */

static int join_leaf(void *data)
{
	struct run_wl *w = data;

	return cg_attach(w->leaf->cg, getpid());
}

static bool wants_fault(const struct run *r, const struct run_wl *w)
{
	if (!w->w->fault)
		return false;
	for (size_t i = 0; i < r->s->n_faults; i++) {
		const struct sc_fault *f = &r->s->faults[i];
		if (!f->task_filter)
			continue;
		if (!f->workloads || strv_contains(f->workloads, w->w->name))
			return true;
	}
	return false;
}

/* The scenario file's directory, absolute: workloads run elsewhere. */
static char *self_dir_of(const char *path)
{
	_cleanup_free_ char *c = strdup(path);
	char real[4096];

	if (!c)
		return NULL;
	return strdup(realpath(dirname(c), real) ? real : dirname(c));
}

extern const char keep_oom_adj_so[];
extern const uint64_t keep_oom_adj_so_size;

/* keep_oom_adj.so (lib/preload) in a memfd, made once per run: no file on
 * any disk, and the same in a VM guest. */
static int preload_fd(struct run *r)
{
	size_t n = (size_t)keep_oom_adj_so_size;
	int fd;

	if (r->work.preload_fd >= 0)
		return r->work.preload_fd;
	fd = memfd_create("memstress-keep_oom_adj.so", MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (write(fd, keep_oom_adj_so, n) != (ssize_t)n) {
		int k = -errno ?: -EIO;
		close(fd);
		return k;
	}
	return r->work.preload_fd = fd;
}

/* The in-memory file of this name the run's workloads share (a memfd,
 * made at first use; it goes when the run ends). */
static int shared_fd(struct run *r, const char *name)
{
	for (size_t i = 0; i < r->work.n_shared; i++)
		if (!strcmp(r->work.shared[i].name, name))
			return r->work.shared[i].fd;
	if (r->work.n_shared == ARRAY_SIZE(r->work.shared))
		return -ENOSPC;
	char label[64];
	snprintf(label, sizeof(label), "memstress-%s", name);
	int fd = memfd_create(label, MFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	r->work.shared[r->work.n_shared++] = (struct run_shared){ strdup(name), fd };
	return fd;
}

void workload_ctx(const struct run *r, const struct run_wl *w, struct engine_ctx *c)
{
	*c = (struct engine_ctx){
		.w = { .name = w->w->name, .args = w->w->args, .cfg = w->w->engine_cfg },
		.instance = w->instance,
		.seed = r->s->sc.seed,
		.fs_mount = r->fs.ready || r->fs.mnt[0] ? r->fs.mnt : NULL,
		.run_dir = r->dir,
		.self_exe = r->o->self_exe,
		.progress_path = w->progress_path,
		.journal_path = w->journal_path,
		.log_path = w->log_path,
		.mem_total = r->m.mem_total,
		.shared_fd = -1,
	};
}

/* The environment of a workload: memstress's own, and what it may want to know about the run. */
static char **workload_env(const struct run *r, const struct run_wl *w, const char *scdir)
{
	char **env = NULL;
	extern char **environ;

	strv_extend_strv(&env, environ);
	strv_extendf(&env, "MEMSTRESS_RUN_DIR=%s", r->dir);
	strv_extendf(&env, "MEMSTRESS_BIN=%s", r->o->self_exe);
	strv_extendf(&env, "MEMSTRESS_WORKLOAD=%s", w->w->name);
	strv_extendf(&env, "MEMSTRESS_INSTANCE=%u", w->instance);
	if (r->s->path[0] != '<' && scdir)
		strv_extendf(&env, "MEMSTRESS_SCENARIO_DIR=%s", scdir);
	if (witness_marker(r))
		strv_extendf(&env, "MEMSTRESS_TRACE_MARKER=%s", witness_marker(r));
	if (r->fs.ready) {
		strv_extendf(&env, "MEMSTRESS_FS_MOUNT=%s", r->fs.mnt);
		strv_extendf(&env, "MEMSTRESS_FS_DEV=%s", r->fs.dev);
		strv_extendf(&env, "MEMSTRESS_FS_TYPE=%s", scenario_fs_type(r->s)->name);
	}
	return env;
}

/* A workload's process is running: journal it (to be killed after a crash), track it. */
static void started(struct run *r, struct run_wl *w, pid_t pid, const char *cmd)
{
	unsigned long long start;

	if (proc_start_time(pid, &start) == 0) {
		char a[32], b[32];
		snprintf(a, sizeof(a), "%d", (int)pid);
		snprintf(b, sizeof(b), "%llu", start);
		(void)undo_record(r->undo, "kill", a, b, NULL);
	}
	w->pid = pid;
	w->started = true;
	w->exited = false;
	w->started_ms = run_elapsed(r);
	w->progress_ms = r->clock.now_ms;
	track(r, pid, (int)(w - r->work.wl));
	log_info("started [workload.%s]%s as pid %d: %s", w->w->name,
		 w->w->instances > 1 ? " instance" : "", (int)pid, cmd ? cmd : "");
	if (wants_fault(r, w) && !(w->e->flags & ENGINE_OWN_MAKE_IT_FAIL))
		workloads_enforce_make_it_fail(r); /* right away */
}

static int start_one(struct run *r, struct run_wl *w)
{
	_cleanup_free_ char *scdir = self_dir_of(r->s->path);
	char err[256] = "", work_dir[4200];
	const char *what = NULL;
	const struct sc_fault *sweep = faults_sweep(r->s);
	struct engine_ctx ctx;
	workload_ctx(r, w, &ctx);
	ctx.fs_mount = r->fs.ready ? r->fs.mnt : NULL;
	ctx.work_dir = r->fs.ready ? r->fs.mnt : work_dir;
	ctx.scenario_dir = scdir ? scdir : ".";
	ctx.make_it_fail = wants_fault(r, w);
	ctx.sweep_ops = sweep && (w->e->flags & ENGINE_FAIL_NTH) ? sweep->ops : NULL;
	ctx.sweep_max_n = sweep ? sweep->max_n : 0;
	ctx.sweep_only_n = sweep ? sweep->only_n : 0;
	ctx.sweep_no_inject = sweep && !sweep->inject;
	const char *shared = w->e->shared_file ? w->e->shared_file(&ctx.w) : NULL;
	if (shared && (ctx.shared_fd = shared_fd(r, shared)) < 0)
		return log_error_errno(ctx.shared_fd,
				       "[workload.%s] cannot make the shared file "
				       "'%s': %m",
				       w->w->name, shared);
	uint64_t end = w->w->stop_ms ? w->w->stop_ms : r->s->sc.duration_ms;
	_cleanup_close_ int logfd = -1;
	snprintf(work_dir, sizeof(work_dir), "%s/workloads", r->dir);
	pid_t pid;
	int e;

	ctx.run_ms = end > run_elapsed(r) ? end - run_elapsed(r) : 1000;
	strv_free(w->argv);
	w->argv = NULL;
	e = w->e->argv(&ctx, &w->argv, err, sizeof(err));
	if (e < 0)
		return log_error_errno(e, "[workload.%s] %s", w->w->name,
				       *err ? err : "cannot build the command line");
	logfd = open(w->log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (logfd < 0)
		return log_error_errno(-errno, "cannot create '%s': %m", w->log_path);
	_cleanup_free_ char *cmd = strv_join(w->argv, " ");
	dprintf(logfd, "# memstress: starting [workload.%s] instance %u at %+.3fs: %s\n",
		w->w->name, w->instance, (double)run_elapsed(r) / 1000.0, cmd ? cmd : "?");
	char cwd[4200];
	snprintf(cwd, sizeof(cwd), "%s/workloads", r->dir);
	_cleanup_strv_free_ char **env = workload_env(r, w, scdir);
	/* engines whose program writes its own oom_score_adj: those writes change
	 * nothing (lib/preload/keep_oom_adj.c) */
	int keep_fd = ctx.shared_fd;
	if (w->e->overrides_oom_adj && w->e->overrides_oom_adj()) {
		const char *old = getenv("LD_PRELOAD");
		keep_fd = preload_fd(r);
		if (keep_fd < 0)
			return log_error_errno(keep_fd,
					       "[workload.%s] cannot make the preload "
					       "that keeps oom_score_adj: %m",
					       w->w->name);
		strv_extendf(&env, "LD_PRELOAD=/proc/self/fd/%d%s%s", keep_fd, old ? " " : "",
			     old ? old : "");
	}
	struct spawn_opts so = {
		.keep_fd = keep_fd,
		.argv = w->argv,
		.envp = env,
		.cwd = r->fs.ready ? r->fs.mnt : cwd, /* writable, ours */
		.stdin_fd = -1,
		.stdout_fd = logfd,
		.stderr_fd = logfd,
		.set_oom_score_adj = true,
		.oom_score_adj = (int)w->w->oom_score_adj,
		.new_session = true,
		.pdeathsig = SIGKILL,
		.in_child = join_leaf,
		.data = w,
		.in_child_what = "joining the workload's cgroup",
	};
	e = spawn(&so, &pid, &what);
	if (e < 0)
		return log_error_errno(e, "[workload.%s] cannot start %s (%s): %m", w->w->name,
				       w->argv[0], what ? what : "spawn");
	started(r, w, pid, cmd);
	return 0;
}

/* make-it-fail for every thread of a process (engines that do not mark their own). */
static void make_it_fail(pid_t pid)
{
	char p[128];
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *e;

	snprintf(p, sizeof(p), "/proc/%d/task", (int)pid);
	d = opendir(p);
	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "/proc/%d/task/%s/make-it-fail", (int)pid, e->d_name);
		_cleanup_free_ char *cur = NULL;
		if (read_one_line(p, &cur) == 0 && strcmp(cur, "1"))
			(void)write_string(p, "1");
	}
}

void workloads_enforce_make_it_fail(struct run *r)
{
	pid_t pids[1024];

	if (!r->faults.armed)
		return;
	for (size_t i = 0; i < r->work.n_wl; i++) {
		struct run_wl *w = &r->work.wl[i];

		if (!w->started || w->exited || !w->leaf || !wants_fault(r, w) ||
		    (w->e->flags & ENGINE_OWN_MAKE_IT_FAIL))
			continue;
		int n = cg_pids(w->leaf->cg->path, pids, 1024);
		for (int k = 0; k < n && k < 1024; k++)
			make_it_fail(pids[k]);
	}
}

void workloads_tick(struct run *r)
{
	uint64_t t = run_elapsed(r);

	if (r->work.pe_fd < 0)
		adopt_from_cgroups(r);
	for (size_t i = 0; i < r->work.n_wl; i++) {
		struct run_wl *w = &r->work.wl[i];
		bool due_start = !w->started && t >= w->w->start_ms;
		bool due_restart = w->started && w->exited && w->w->restart && !w->stopping &&
				   (!w->w->stop_ms || t < w->w->stop_ms) &&
				   t + 500 < r->s->sc.duration_ms;

		if (due_start || due_restart) {
			if (due_restart)
				w->restarts++;
			if (start_one(r, w) < 0) {
				w->started = true;
				w->exited = true;
				w->status = -1; /* could not start */
			}
			continue;
		}
		if (w->started && !w->exited && !w->stopping && w->w->stop_ms &&
		    t >= w->w->stop_ms) {
			w->stopping = true;
			w->sigkilled_before_stop = w->sigkilled;
			kill(-w->pid, engine_stop_signal(w->e));
		}
		uint64_t ops, errs = 0;
		if (w->started && w->e->progress_unit &&
		    progress_read(w->progress_path, "ops", &ops) == 0) {
			if (ops > w->progress_max)
				w->progress_max = ops;
			(void)progress_read(w->progress_path, "errors", &errs);
			if (r->files.progress)
				fprintf(r->files.progress,
					"%" PRIu64 "\t%s\t%u\t%" PRIu64 "\t%" PRIu64 "\n", t,
					w->w->name, w->instance, ops, errs);
		}
	}
	if (r->files.progress)
		fflush(r->files.progress);
}

void workloads_reap(struct run *r)
{
	int status;
	pid_t pid;

	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		struct run_proc *p = run_proc_find(r, pid);
		if (p)
			proc_exited(r, p, status, 0);
		for (size_t i = 0; i < r->work.n_wl; i++) {
			struct run_wl *w = &r->work.wl[i];
			if (w->pid != pid || w->exited)
				continue;
			w->exited = true;
			w->status = status;
			w->exited_ms = run_elapsed(r);
			w->stopped_by_us = w->stopping;
			if (WIFSIGNALED(status))
				log_info("[workload.%s] pid %d killed by signal %d (%s)",
					 w->w->name, (int)pid, WTERMSIG(status),
					 strsignal(WTERMSIG(status)));
			else
				log_info("[workload.%s] pid %d exited with status %d", w->w->name,
					 (int)pid, WEXITSTATUS(status));
		}
	}
}

bool workloads_all_done(const struct run *r)
{
	for (size_t i = 0; i < r->work.n_wl; i++) {
		const struct run_wl *w = &r->work.wl[i];
		if (!w->started || !w->exited)
			return false;
		if (w->w->restart && !w->stopping) /* it will be started again */
			return false;
	}
	return true;
}

static bool leaves_empty(struct run *r)
{
	pid_t pids[1];

	for (size_t i = 0; i < r->work.n_wl; i++)
		if (r->work.wl[i].leaf && cg_pids(r->work.wl[i].leaf->cg->path, pids, 1) > 0)
			return false;
	return true;
}

/* Wait up to ms for the workloads to end; an interruption ends the wait. */
static void wait_some(struct run *r, unsigned ms)
{
	struct timespec ts = { 0, 20 * 1000000 };

	for (unsigned waited = 0; waited < ms; waited += 20) {
		workloads_reap(r);
		if (r->work.pe_fd >= 0)
			workloads_proc_events(r);
		if (leaves_empty(r) && workloads_all_done(r))
			return;
		if (run_interrupted(r) && waited)
			return;
		nanosleep(&ts, NULL);
		r->clock.now_ms = mono_ms();
	}
}

static void note_unkillable(struct run *r)
{
	json_object *arr = result_arr(r->res->root, "unkillable");
	pid_t pids[64];

	for (size_t i = 0; i < r->work.n_wl; i++) {
		if (!r->work.wl[i].leaf)
			continue;
		int n = cg_pids(r->work.wl[i].leaf->cg->path, pids, 64);
		for (int k = 0; k < n && k < 64; k++) {
			json_object *t = json_object_new_object();
			char p[128];
			_cleanup_free_ char *wchan = NULL, *stack = NULL, *comm = NULL;
			snprintf(p, sizeof(p), "/proc/%d/wchan", (int)pids[k]);
			(void)read_one_line(p, &wchan);
			snprintf(p, sizeof(p), "/proc/%d/comm", (int)pids[k]);
			(void)read_one_line(p, &comm);
			snprintf(p, sizeof(p), "/proc/%d/stack", (int)pids[k]);
			(void)read_full_file(p, 8192, &stack, NULL);
			json_object_object_add(t, "workload",
					       json_object_new_string(r->work.wl[i].w->name));
			json_object_object_add(t, "pid", json_object_new_int(pids[k]));
			json_object_object_add(t, "comm",
					       json_object_new_string(comm ? comm : "?"));
			json_object_object_add(t, "wchan",
					       json_object_new_string(wchan ? wchan : "?"));
			if (stack)
				json_object_object_add(t, "stack", json_object_new_string(stack));
			json_object_array_add(arr, t);
			r->watch.unkillable = true;
			r->facts.unkillable_ev = arr;
			log_warning("[workload.%s] pid %d (%s) survives SIGKILL, blocked in %s",
				    r->work.wl[i].w->name, (int)pids[k], comm ? comm : "?",
				    wchan ? wchan : "?");
		}
	}
}

int workloads_stop_all(struct run *r)
{
	bool any = false;

	for (size_t i = 0; i < r->work.n_wl; i++) {
		struct run_wl *w = &r->work.wl[i];
		if (!w->stopping) {
			w->stopping = true;
			w->sigkilled_before_stop = w->sigkilled;
		}
		if (w->started && !w->exited) {
			/* once: a second signal while fio 3.33 runs its handler
			 * lands in its helper thread, whose select() then fails
			 * with EINTR and ends it (the workload leads its group) */
			if (kill(-w->pid, engine_stop_signal(w->e)) < 0 && errno == ESRCH)
				(void)kill(w->pid, engine_stop_signal(w->e));
			any = true;
		}
	}
	if (any)
		wait_some(r, (unsigned)r->s->sc.grace_ms);
	if (!leaves_empty(r) || !workloads_all_done(r)) {
		for (size_t i = 0; i < r->work.n_wl; i++) {
			struct run_wl *w = &r->work.wl[i];
			pid_t pids[1024];
			if (w->started && !w->exited)
				kill(-w->pid, SIGKILL);
			int n = w->leaf ? cg_pids(w->leaf->cg->path, pids, 1024) : 0;
			for (int k = 0; k < n && k < 1024; k++)
				kill(pids[k], SIGKILL);
		}
		/* interrupted: what SIGKILL has not ended in a moment, the undo's
		 * bounded cgroup removal deals with */
		wait_some(r, r->sig.interrupted ? 1000 : 5000);
	}
	if (!leaves_empty(r)) {
		note_unkillable(r);
		return -EBUSY;
	}
	return 0;
}

static const char *status_text(int status, char *buf, size_t len)
{
	if (status < 0)
		snprintf(buf, len, "not started");
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by SIG%s", sigabbrev_np(WTERMSIG(status)) ?: "?");
	else
		snprintf(buf, len, "exited %d", WEXITSTATUS(status));
	return buf;
}

/* oom_score_adj as the workload's processes had it at fork, and what kept it. */
static json_object *adj_json(const struct run_wl *w)
{
	json_object *adj = json_object_new_object();
	bool preload = w->e->overrides_oom_adj && w->e->overrides_oom_adj();

	json_object_object_add(adj, "processes_checked", json_object_new_int((int)w->adj_checked));
	json_object_object_add(adj, "different", json_object_new_int((int)w->adj_different));
	if (w->adj_different)
		json_object_object_add(adj, "seen", json_object_new_int(w->adj_seen));
	json_object_object_add(adj, "kept_by",
			       json_object_new_string(preload ? "preload" : "inheritance"));
	return adj;
}

/*
 * Did it do its work? The engine's evidence (engine_worked); failing that,
 * the OOM killer's: an instance whose processes it killed (its leaf's
 * counter), or that ended by a SIGKILL memstress did not send, pressed
 * memory, which was its work (stress-ng counts no bogo-op of a stressor the
 * OOM killer ends). A restart's earlier starts need show nothing: progress
 * counts over all of them, a summary is the last start's.
 */
static void judge_work(struct run_wl *w, json_object *results)
{
	uint64_t ops, kills = cgroups_leaf_oom_kills(w->leaf);
	struct engine_end end = {
		.status = w->status,
		/* one that never exited (unkillable) has no exit of its own */
		.stopped = w->stopped_by_us || !w->exited,
		.results = results,
	};
	char was[200];

	if (w->e->progress_unit && progress_read(w->progress_path, "ops", &ops) == 0 &&
	    ops > w->progress_max)
		w->progress_max = ops;
	end.progress = w->progress_max;
	w->worked = engine_worked(w->e, &end, w->work_evidence, sizeof(w->work_evidence));
	if (w->worked)
		return;
	snprintf(was, sizeof(was), "%s", w->work_evidence);
	if (kills)
		snprintf(w->work_evidence, sizeof(w->work_evidence),
			 "%" PRIu64 " OOM kill(s) in its cgroup: its pressure was its work (%s)",
			 kills, was);
	else if (w->exited && !w->stopped_by_us && WIFSIGNALED(w->status) &&
		 WTERMSIG(w->status) == SIGKILL)
		snprintf(w->work_evidence, sizeof(w->work_evidence),
			 "killed by SIGKILL before memstress stopped it (the OOM killer's: its "
			 "pressure was its work; %s)",
			 was);
	else
		return;
	w->worked = true;
}

static json_object *work_json(const struct run_wl *w)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "load", json_object_new_boolean(w->w->load));
	json_object_object_add(o, "worked", json_object_new_boolean(w->worked));
	json_object_object_add(o, "evidence", json_object_new_string(w->work_evidence));
	return o;
}

static json_object *workload_json(const struct run *r, struct run_wl *w)
{
	json_object *o = json_object_new_object(), *argv = json_object_new_array();
	struct engine_ctx c;
	char buf[64];

	json_object_object_add(o, "name", json_object_new_string(w->w->name));
	json_object_object_add(o, "engine", json_object_new_string(w->w->engine));
	json_object_object_add(o, "instance", json_object_new_int((int)w->instance));
	STRV_FOREACH(a, w->argv)
		json_object_array_add(argv, json_object_new_string(*a));
	json_object_object_add(o, "argv", argv);
	json_object_object_add(o, "pid", json_object_new_int(w->pid));
	json_object_object_add(o, "oom_score_adj", json_object_new_int((int)w->w->oom_score_adj));
	json_object_object_add(o, "cgroup",
			       json_object_new_string(w->leaf ? w->leaf->cg->path : ""));
	json_object_object_add(o, "started_s",
			       json_object_new_double((double)w->started_ms / 1000.0));
	json_object_object_add(
		o, "exit",
		json_object_new_string(!w->started ? "not started" :
				       !w->exited  ? "running" :
						     status_text(w->status, buf, sizeof(buf))));
	json_object_object_add(o, "restarts", json_object_new_int((int)w->restarts));
	json_object_object_add(o, "processes_seen", json_object_new_int((int)w->procs));
	json_object_object_add(o, "sigkilled", json_object_new_int((int)w->sigkilled));
	json_object_object_add(o, "oom_kills_counted",
			       json_object_new_int64((int64_t)cgroups_leaf_oom_kills(w->leaf)));
	json_object_object_add(o, "oom_score_adj_at_fork", adj_json(w));
	json_object_object_add(o, "log", json_object_new_string(w->log_path + strlen(r->dir) + 1));
	if (w->e->progress_unit)
		json_object_object_add(o, "progress_unit",
				       json_object_new_string(w->e->progress_unit));
	/* what the engine reported about its own work, under its name */
	workload_ctx(r, w, &c);
	json_object *x = w->e->results ? w->e->results(&c) : NULL;
	if (w->started && w->status != -1) {
		judge_work(w, x);
		json_object_object_add(o, "work", work_json(w));
	}
	if (x)
		json_object_object_add(o, w->e->name, x);
	return o;
}

void workloads_record(struct run *r)
{
	json_object *arr = result_arr(r->res->root, "workloads");

	for (size_t i = 0; i < r->work.n_wl; i++)
		json_object_array_add(arr, workload_json(r, &r->work.wl[i]));
	json_object *pe = result_obj(r->res->root, "process_events");
	json_object_object_add(pe, "available", json_object_new_boolean(r->work.pe_fd >= 0));
	json_object_object_add(pe, "lost", json_object_new_boolean(r->work.pe_lost));
	json_object_object_add(pe, "processes", json_object_new_int64((int64_t)r->work.n_procs));
}

/* --- kernel notices ------------------------------------------------------------- */

void run_on_notice(enum oracle_notice what, long pid, double ts, void *userdata)
{
	oomlife_notice(userdata, what, pid, ts);
}

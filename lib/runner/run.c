// SPDX-License-Identifier: GPL-2.0
/*
 * A scenario's life, in order:
 *	check requirements (a scenario that cannot run here is skipped, with
 *	the reason, before anything is changed); make the run directory;
 *	open the undo journal; protect the harness; open /dev/kmsg and mark
 *	the start; set up cgroups, filesystem, watchdog and fault knobs; run
 *	the workloads under the monitor; stop them; disarm the faults; finish
 *	the filesystem (shutdown, remount, durability, fsck); evaluate the
 *	expectations; unwind the journal; write the results.
 * Every exit path after the journal is opened goes through the unwind.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/ident.h"
#include "core/interrupt.h"
#include "core/lock.h"
#include "core/log.h"
#include "core/strv.h"
#include "core/undo.h"
#include "kernel/identity.h"
#include "kernel/procevents.h"
#include "kernel/recover.h"
#include "kernel/undo_ops.h"
#include "report/writers.h"
#include "reclaim.h"
#include "run_int.h"
#include "scenario/schema.h"
#include "core/version.h"

char *run_id_new(const char *scenario)
{
	char ts[32], *id;
	time_t t = time(NULL);
	unsigned rnd;
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	_cleanup_free_ char *name = ident_sanitize(scenario, 64);

	if (!name)
		return NULL;
	if (fd < 0 || read(fd, &rnd, sizeof(rnd)) != sizeof(rnd))
		rnd = (unsigned)getpid() ^ (unsigned)t;
	if (fd >= 0)
		close(fd);
	strftime(ts, sizeof(ts), "%Y%m%d-%H%M%S", localtime(&t));
	if (asprintf(&id, "%s-%s-%04x", ts, name, rnd & 0xffff) < 0)
		return NULL;
	return id;
}

int run_dir_make(const struct run_opts *o, const char *scenario, char **id, char **dir, char *why,
		 size_t whylen)
{
	_cleanup_free_ char *i = NULL, *d = NULL;
	char real[4096], b[64];
	const char *bad;
	int k;

	if (o->run_id && (bad = ident_problem(o->run_id, RUN_ID_MAX, b, sizeof(b)))) {
		snprintf(why, whylen, "--run-id '%s' %s", o->run_id, bad);
		return -EINVAL;
	}
	i = o->run_id ? strdup(o->run_id) : run_id_new(scenario);
	if (!i || asprintf(&d, "%s/%s", o->results_root ? o->results_root : "results", i) < 0)
		return -ENOMEM;
	k = mkdir_new(d, 0755);
	if (k == -EEXIST) {
		snprintf(why, whylen, "the run directory '%s' exists already (another --run-id?)",
			 d);
		return k;
	}
	if (k < 0 || !realpath(d, real)) {
		snprintf(why, whylen, "cannot create the run directory '%s': %s", d,
			 strerror(k < 0 ? -k : errno));
		return k < 0 ? k : -errno;
	}
	free(d);
	d = strdup(real);
	if (!d)
		return -ENOMEM;
	*id = TAKE_PTR(i);
	*dir = TAKE_PTR(d);
	return 0;
}

/* --- requirements ----------------------------------------------------------- */

/* Everything the scenario needs here: its `requires` and what its content implies. */
int scenario_requirements(const struct scenario *s, char ***ret)
{
	char **v = NULL;
	int k = 0;

#define NEED(x)                                                               \
	do {                                                                  \
		if (!strv_contains(v, (x)) && (k = strv_extend(&v, (x))) < 0) \
			goto out;                                             \
	} while (0)
	STRV_FOREACH(q, s->sc.requires)
		NEED(*q);
	NEED("root");
	NEED("memcg");
	NEED("kmsg");
	for (size_t i = 0; i < s->n_workloads; i++) {
		const struct engine *e = engine_find(s->workloads[i].engine);
		if (e && e->program)
			NEED(e->program);
		if (s->workloads[i].oom_score_adj < 0)
			NEED("negative-oom-score-adj");
	}
	if (s->has_fs) {
		NEED("loop");
		NEED(scenario_fs_type(s)->name);
	}
	if (s->sc.trace == SW_YES)
		NEED("tracefs");
	if (s->sc.leaks == SW_YES)
		NEED("kmemleak");
	for (size_t i = 0; i < s->n_faults; i++) {
		const struct sc_fault *f = &s->faults[i];
		NEED("debugfs");
		NEED(f->kind); /* each injector is a requirement of its name */
		if (f->target || f->require_start || f->reject_start)
			NEED("stacktrace-filter");
		if (f->target)
			NEED("kallsyms");
	}
#undef NEED
out:
	if (k < 0) {
		strv_free(v);
		return k;
	}
	*ret = v;
	return 0;
}

/* Reasons the scenario cannot run here; NULL if it can. */
char **scenario_unmet(const struct scenario *s, const struct machine *m, bool allow_system_wide)
{
	_cleanup_strv_free_ char **req = NULL;
	char **why = NULL;
	char buf[512];

	if (scenario_requirements(s, &req) < 0)
		return NULL;
	STRV_FOREACH(q, req) {
		/* memstress's guest gets the scenario's own swap disk ([vm] swap):
		 * a guest probed without it (memstress check --kernel) will have it */
		if (!strcmp(*q, "swap") && m->in_guest && s->vm.swap.set)
			continue;
		if (!machine_meets(m, *q, buf, sizeof(buf)))
			strv_extendf(&why, "%s: %s", *q, buf);
	}
	if (s->sc.target == TARGET_VM && !m->in_guest)
		strv_extend(
			&why,
			"target = vm: this scenario only runs inside a VM (memstress run --kernel BZIMAGE)");
	if (s->sc.target == TARGET_HOST && m->in_guest)
		strv_extend(&why, "target = host: this scenario does not run inside a VM");
	for (size_t i = 0; i < s->n_faults; i++)
		if (s->faults[i].system_wide && !m->in_guest && !allow_system_wide)
			strv_extendf(
				&why,
				"[fault.%s] system_wide: fault injection outside the workloads on the host "
				"needs --allow-system-wide",
				s->faults[i].kind);
	return why;
}

json_object *scenario_unmet_json(const struct scenario *s, const char *path, char **why)
{
	json_object *o = json_object_new_object(), *w = json_object_new_array();

	json_object_object_add(o, "name", json_object_new_string(s->name));
	if (path)
		json_object_object_add(o, "path", json_object_new_string(path));
	json_object_object_add(o, "can_run", json_object_new_boolean(!why));
	STRV_FOREACH(x, why)
		json_object_array_add(w, json_object_new_string(*x));
	json_object_object_add(o, "why_not", w);
	return o;
}

/* --- results --------------------------------------------------------------------- */

static void record_meta(struct run *r)
{
	json_object *root = r->res->root, *tg = result_obj(root, "target"),
		    *sc = result_obj(root, "scenario");
	char t[64];
	_cleanup_free_ char *eff = scenario_effective(r->s);

	run_iso_time(t, sizeof(t));
	json_object_object_add(root, "memstress_version",
			       json_object_new_string(MEMSTRESS_VERSION));
	json_object_object_add(root, "started", json_object_new_string(t));
	if (r->o->origin)
		json_object_object_add(root, "origin", json_object_new_string(r->o->origin));
	json_object_object_add(
		tg, "kind", json_object_new_string(r->o->target_kind ? r->o->target_kind : "host"));
	json_object_object_add(tg, "kernel_release", json_object_new_string(r->m.release));
	json_object_object_add(tg, "hostname", json_object_new_string(r->m.hostname));
	json_object_object_add(tg, "machine", json_object_new_string(r->m.machine));
	json_object_object_add(tg, "mem_total", json_object_new_int64((int64_t)r->m.mem_total));
	json_object_object_add(tg, "cpus", json_object_new_int((int)r->m.cpus));
	json_object_object_add(tg, "cgroup_layout",
			       json_object_new_string(cgroup_layout_name(r->m.cgroup_layout)));
	json_object_object_add(tg, "memcg_version", json_object_new_int(r->m.memcg_version));
	if (r->o->kernel_image)
		json_object_object_add(tg, "kernel_image",
				       json_object_new_string(r->o->kernel_image));
	/* which kernel is judged, and its taint before anything ran */
	json_object *k = kernel_identity_json();
	r->log.taint_before = r->log.taint_after = kernel_tainted();
	json_object_object_add(k, "taint_before", kernel_taint_json(r->log.taint_before));
	json_object_object_add(root, "kernel", k);
	json_object_object_add(sc, "name", json_object_new_string(r->s->name));
	json_object_object_add(sc, "path", json_object_new_string(r->s->path));
	json_object_object_add(sc, "description", json_object_new_string(r->s->sc.description));
	json_object_object_add(sc, "effective", json_object_new_string(eff ? eff : ""));
	json_object_object_add(sc, "seed", json_object_new_int64(r->s->sc.seed));
}

/* MEMSTRESS_TEST_HOLD=undoing: the undo begins 3 s late, for a test to
 * send a second signal while it runs. */
static void run_test_hold_undo(void)
{
	const char *hold = getenv("MEMSTRESS_TEST_HOLD");
	uint64_t until = mono_ms() + 3000;

	if (!hold || strcmp(hold, "undoing"))
		return;
	log_notice("MEMSTRESS_TEST_HOLD: holding for 3s at the start of the undo");
	while (mono_ms() < until) {
		struct timespec ts = { 0, 20 * 1000000 };
		nanosleep(&ts, NULL);
	}
}

/* Find our start marker in the log to relate kernel timestamps to the run. */
static void sync_kernel_time(struct run *r)
{
	struct kmsg_record rec;
	char marker[256];

	r->log.kernel_t0 = -1;
	if (!r->log.have_kmsg)
		return;
	snprintf(marker, sizeof(marker), "memstress: run %s: start", r->id);
	/* the kernel stamps the marker as it is written: our clock now, not
	 * when it is read back after the whole boot log (in a guest, a few
	 * hundred ms later, which put every kill that far in the future) */
	uint64_t written = mono_ms();
	run_log_kmsg_marker(r, "start");
	for (int tries = 0; tries < 100; tries++) {
		int k = kmsg_read(&r->log.kmsg, &rec);
		if (k < 0)
			return;
		if (k == 0) {
			struct timespec ts = { 0, 10 * 1000000 };
			nanosleep(&ts, NULL);
			continue;
		}
		monitor_feed_record(r, &rec);
		if (strstr(rec.text, marker)) {
			r->log.kernel_t0 = (double)rec.ts_usec / 1e6;
			r->log.kernel_t0_mono_ms = written;
			return;
		}
	}
}

static void protect_harness(struct run *r)
{
	json_object *h = result_obj(r->res->root, "harness");
	int k = write_string("/proc/self/oom_score_adj", "-1000");

	unsigned long long start = 0;
	_cleanup_free_ char *boot = boot_id();
	(void)proc_start_time(getpid(), &start);
	json_object_object_add(h, "pid", json_object_new_int(getpid()));
	json_object_object_add(h, "start_ticks", json_object_new_int64((int64_t)start));
	if (boot)
		json_object_object_add(h, "boot_id", json_object_new_string(boot));
	json_object_object_add(h, "oom_score_adj", json_object_new_int(k < 0 ? 0 : -1000));
	if (k < 0) {
		log_info(
			"cannot set the harness's oom_score_adj to -1000 (%s); it stays outside the stressed cgroups",
			strerror(-k));
		json_object_object_add(
			h, "note",
			json_object_new_string(
				"oom_score_adj -1000 refused (no CAP_SYS_RESOURCE): protected only by staying outside the stressed cgroups"));
	}
	(void)prctl(PR_SET_CHILD_SUBREAPER, 1);
}

static int open_fds(struct run *r)
{
	sigset_t mask;
	struct itimerspec it = { 0 };

	if (interrupt_setup() < 0)
		return log_error_errno(-errno, "signalfd: %m");
	sigemptyset(&mask);
	sigaddset(&mask, SIGCHLD);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	r->sig.fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	if (r->sig.fd < 0)
		return log_error_errno(-errno, "signalfd: %m");
	r->sig.timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	if (r->sig.timer_fd < 0)
		return log_error_errno(-errno, "timerfd: %m");
	it.it_interval.tv_sec = (time_t)(r->s->sc.sample_ms / 1000);
	it.it_interval.tv_nsec = (long)(r->s->sc.sample_ms % 1000) * 1000000;
	it.it_value = it.it_interval;
	timerfd_settime(r->sig.timer_fd, 0, &it, NULL);
	return 0;
}

static void undo_report(const struct undo_entry *e, int k, const char *msg, void *ud)
{
	struct run *r = ud;
	json_object *c = result_arr(r->res->root, "cleanup");
	json_object *o = json_object_new_object();

	json_object_object_add(o, "op", json_object_new_string(e->op));
	json_object_object_add(o, "target", json_object_new_string(e->arg[0] ? e->arg[0] : ""));
	json_object_object_add(o, "ok", json_object_new_boolean(k >= 0));
	if (msg && *msg)
		json_object_object_add(o, "message", json_object_new_string(msg));
	json_object_array_add(c, o);
	if (k < 0)
		log_warning("cleanup: %s '%s': %s", e->op, e->arg[0] ? e->arg[0] : "",
			    *msg ? msg : strerror(-k));
	else if (msg && *msg)
		log_notice("cleanup: %s", msg);
}

static void teardown(struct run *r)
{
	if (!r->undo)
		return;
	faults_disarm(r); /* knobs first, whatever happened */
	interrupt_during_undo();
	run_test_hold_undo();
	int failed = undo_unwind(r->undo, undo_ops, undo_report, r);
	interrupt_undo_end();
	if (failed)
		result_add_check(
			r->res, "harness.cleanup", CHECK_ERROR,
			"some changes could not be undone; run `memstress cleanup` (see \"cleanup\" in result.json)",
			NULL);
	undo_free(r->undo);
	r->undo = NULL;
}

static void release(struct run *r)
{
	events_free(r);
	for (size_t i = 0; i < r->cgroups.n; i++) {
		cg_free(r->cgroups.node[i].cg);
		free(r->cgroups.node[i].label);
	}
	free(r->cgroups.node);
	for (size_t i = 0; i < r->work.n_wl; i++) {
		free(r->work.wl[i].log_path);
		free(r->work.wl[i].progress_path);
		free(r->work.wl[i].journal_path);
		strv_free(r->work.wl[i].argv);
	}
	free(r->work.wl);
	free(r->work.procs);
	strv_free(r->facts.applied_keys);
	oracle_free(r->log.oracle);
	witness_free(r);
	leaks_free_state(r);
	pageleaks_free_state(r);
	oomlife_free(r);
	free(r->work.threads);
	if (r->log.have_kmsg)
		kmsg_close(&r->log.kmsg);
	if (r->files.kmsg_log)
		fclose(r->files.kmsg_log);
	if (r->files.series)
		fclose(r->files.series);
	reclaim_close(r);
	if (r->files.progress)
		fclose(r->files.progress);
	if (r->files.harness_log) {
		log_set_tee(NULL);
		fclose(r->files.harness_log);
	}
	if (r->work.pe_fd >= 0)
		close(r->work.pe_fd);
	if (r->work.preload_fd >= 0)
		close(r->work.preload_fd);
	for (size_t i = 0; i < r->work.n_shared; i++) {
		close(r->work.shared[i].fd);
		free(r->work.shared[i].name);
	}
	if (r->sig.fd >= 0)
		close(r->sig.fd);
	if (r->sig.timer_fd >= 0)
		close(r->sig.timer_fd);
	result_free(r->res);
	machine_release(&r->m);
	for (size_t i = 0; i < r->locks.n; i++)
		lock_release(r->locks.fd[i], r->locks.name[i]);
	if (r->lock_fd >= 0) {
		char lname[RUN_ID_MAX + 8];
		snprintf(lname, sizeof(lname), "run-%s", r->id);
		lock_release(r->lock_fd, lname);
	}
	free(r->id);
	free(r->dir);
}

static double self_cpu_s(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	       (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static void finish_results(struct run *r, const char *status)
{
	char t[64];

	run_iso_time(t, sizeof(t));
	json_object_object_add(r->res->root, "finished", json_object_new_string(t));
	json_object_object_add(
		r->res->root, "duration_s",
		json_object_new_double((double)(mono_ms() - r->clock.t0_ms) / 1000.0));
	events_record(r);
	result_finalize(r->res, status);
	int k = result_save(r->res);
	if (k < 0)
		log_warning("cannot write '%s/result.json': %s", r->dir, strerror(-k));
	k = result_write_views(r->res);
	if (k < 0)
		log_warning("cannot write the result views in '%s': %s", r->dir, strerror(-k));
	if (!r->o->quiet) {
		status_final(r);
		write_verdict(r->res->root, log_stdout(), false, r->dir, NULL);
	} else if (!r->m.in_guest) { /* -q: the verdict and why, nothing else */
		write_verdict(r->res->root, log_stdout(), true, r->dir, NULL);
	}
}

/* A skipped run: check `name` says why (requirements, or --exclude's reason). */
static int skip_run(struct run *r, const char *name, char **why)
{
	_cleanup_free_ char *all = strv_join(why, "; ");

	STRV_FOREACH(w, why)
		log_notice("skipping %s: %s", r->s->name, *w);
	result_add_check(r->res, name, CHECK_SKIP, all, NULL);
	finish_results(r, "skipped");
	return EXIT_SKIP;
}

/*
 * The system-wide resources the scenario changes, each under a lock
 * (core/lock.h): one run at a time arms the fault-injection knobs (and
 * mounts debugfs for them), sets the hung-task sysctls, or reads the
 * whole kernel's leak witnesses (kmemleak, page_owner). A run that needs
 * one another run holds waits for it with --wait, else stops (exit 3)
 * naming that run. Runs that need none of the same go side by side.
 */
static int take_locks(struct run *r)
{
	const char *need[4];
	size_t n = 0;
	char holder[256];

	if (r->s->n_faults)
		need[n++] = "fault-injection";
	if (r->s->watchdog.hung_task_timeout > 0)
		need[n++] = "hung-task";
	/* kmemleak's report and page_owner's stacks are the whole kernel's:
	 * another run's allocations would be this one's leaks */
	if (r->s->sc.leaks != SW_NO && (r->m.kmemleak || r->m.page_owner))
		need[n++] = "leak-witness";
	snprintf(holder, sizeof(holder), "run %s, pid %d", r->id, (int)getpid());
	for (size_t i = 0; i < n; i++) {
		char who[256] = "";
		int fd;
		bool said = false;
		while ((fd = lock_take(need[i], holder, false, who, sizeof(who))) == -EBUSY &&
		       r->o->wait_locks) {
			if (!said)
				log_notice("waiting for %s, held by %s", need[i], who);
			said = true;
			if (run_interrupted(r))
				return -EINTR;
			struct timespec ts = { 0, 200 * 1000000 };
			nanosleep(&ts, NULL);
		}
		if (fd == -EBUSY)
			return log_error_errno(fd,
					       "%s is in use by %s: one run at a time changes it "
					       "(memstress run --wait waits for it)",
					       need[i], who);
		if (fd < 0)
			return log_error_errno(fd, "cannot take the lock on %s: %m", need[i]);
		r->locks.fd[r->locks.n] = fd;
		r->locks.name[r->locks.n++] = need[i];
	}
	return 0;
}

static int setup(struct run *r)
{
	int k;

#define STEP(x)                         \
	do {                            \
		if ((k = (x)) < 0)      \
			return k;       \
		if (run_interrupted(r)) \
			return -EINTR;  \
	} while (0)

	r->work.pe_fd = procevents_open();
	if (r->work.pe_fd < 0)
		log_info("process events unavailable (%s): exit statuses only for direct children",
			 strerror(-r->work.pe_fd));
	STEP(take_locks(r));
	STEP(workloads_prepare(r));
	/* the kernel's witnesses first: a set-up the kernel makes fail is
	 * the kernel's failure, and they must have seen it (setup_verdict) */
	STEP(witness_setup(r));
	STEP(cgroups_setup(r));
	STEP(leaks_setup(r)); /* before the filesystem: the slab counts without it */
	STEP(pageleaks_setup(r));
	STEP(fs_setup(r));
	STEP(watchdog_setup(r));
	r->faults.undo_mark = (unsigned)r->undo->n;
	STEP(faults_setup(r)); /* last: armed just before the workloads start */
	return 0;
#undef STEP
}

/* The machine, the run directory, the result and the effective scenario. */
static int begin(struct run *r, char **run_dir)
{
	const struct scenario *s = r->s;
	const struct run_opts *o = r->o;
	int k;

	machine_probe(&r->m);
	engines_probe(&r->m, false);
	for (size_t i = 0; i < s->n_workloads; i++) {
		const struct engine *e = engine_find(s->workloads[i].engine);
		if (e && e->probe)
			e->probe();
	}
	if (o->run_dir) {
		/* a guest: the host made the directory and checked the id */
		char absdir[4096];
		r->id = o->run_id ? strdup(o->run_id) : run_id_new(s->name);
		r->dir = strdup(realpath(o->run_dir, absdir) ? absdir : o->run_dir);
		if (!r->id || !r->dir)
			return EXIT_HARNESS;
	} else {
		char msg[512];
		k = run_dir_make(o, s->name, &r->id, &r->dir, msg, sizeof(msg));
		if (k < 0) {
			log_error("%s", k == -ENOMEM ? strerror(ENOMEM) : msg);
			return k == -EINVAL || k == -EEXIST ? EXIT_USAGE : EXIT_HARNESS;
		}
	}
	if (run_dir)
		*run_dir = strdup(r->dir);
	if (result_new(r->dir, r->id, &r->res) < 0)
		return EXIT_HARNESS;
	record_meta(r);
	_cleanup_free_ char *eff = scenario_effective(s);
	char p[4096];
	snprintf(p, sizeof(p), "%s/scenario.ini", r->dir);
	if (eff)
		(void)write_atomic(p, eff, strlen(eff));
	r->clock.t0_ms = r->clock.now_ms = mono_ms();
	return 0;
}

/* A setup failure before anything ran: recorded as the harness's error. */
static int setup_error(struct run *r, const char *why)
{
	result_add_check(r->res, "harness.setup", CHECK_ERROR, why, NULL);
	finish_results(r, "harness_error");
	return EXIT_HARNESS;
}

/* The run's log, its lock (who owns memstress-<id>) and its undo journal. */
static int take_ownership(struct run *r)
{
	char lname[RUN_ID_MAX + 8], holder[256], who[256] = "";
	int k;

	r->files.harness_log = run_open_file(r, "harness.log", "we");
	if (r->files.harness_log)
		log_set_tee(r->files.harness_log);
	log_set_before_print(status_clear);
	if (!r->o->quiet)
		fprintf(log_stderr(), "memstress: running %s (%.0fs) -> %s\n  %s\n", r->s->name,
			(double)r->s->sc.duration_ms / 1000.0, r->dir, r->s->sc.description);
	recover_before_run();
	/* held for the run's life, whatever the state directory (memstress
	 * cleanup --stray asks it) */
	snprintf(lname, sizeof(lname), "run-%s", r->id);
	snprintf(holder, sizeof(holder), "run %s, pid %d", r->id, (int)getpid());
	r->lock_fd = lock_take(lname, holder, false, who, sizeof(who));
	if (r->lock_fd < 0) {
		log_error("run %s: %s", r->id,
			  r->lock_fd == -EBUSY ? "another run with this id is going on" :
						 strerror(-r->lock_fd));
		if (who[0])
			log_error("(%s)", who);
		return setup_error(r, "another run with this id is going on");
	}
	k = undo_open(r->id, &r->undo);
	if (k < 0) {
		log_error_errno(k, "cannot create the undo journal in '%s': %m", undo_state_dir());
		return setup_error(r, "cannot create the undo journal");
	}
	json_object_object_add(result_obj(r->res->root, "harness"), "journal",
			       json_object_new_string(r->undo->path));
	protect_harness(r);
	return 0;
}

/* The files a run writes as it goes, and the kernel log through the oracle. */
static void open_outputs(struct run *r)
{
	(void)result_arr(r->res->root, "events"); /* its place; events_record fills it */
	r->files.kmsg_log = run_open_file(r, "kmsg.log", "we");
	r->files.series = run_open_file(r, "memory.tsv", "we");
	if (r->files.series)
		fputs("t_ms\tcgroup\tcurrent\tlimit\thigh\tmax\toom\toom_kill\tpsi_some10\tpsi_full10\tanon\tfile\n",
		      r->files.series);
	for (size_t i = 0; i < r->s->n_workloads && !r->files.progress; i++) {
		const struct engine *e = engine_find(r->s->workloads[i].engine);
		if (e && e->progress_unit &&
		    (r->files.progress = run_open_file(r, "progress.tsv", "we")))
			fputs("t_ms\tworkload\tinstance\tops\terrors\n", r->files.progress);
	}
	(void)reclaim_open(r);
	r->log.oracle =
		oracle_new(&(struct oracle_opts){ .keep_lines = 120, .notice = run_on_notice },
			   run_on_event, r);
	r->log.have_kmsg = kmsg_open(&r->log.kmsg, true) == 0;
	sync_kernel_time(r);
}

/* Set up, run the workloads under the monitor, stop them, check the
 * filesystem and leaks. Returns the run's status. */
static const char *run_workloads(struct run *r)
{
	int k = open_fds(r);

	if (k >= 0) {
		run_phase(r, "setting up");
		k = setup(r);
	}
	if (k < 0) {
		if (r->sig.interrupted)
			return "complete";
		snprintf(r->setup_error, sizeof(r->setup_error), "%s",
			 *log_last_error() ? log_last_error() : strerror(-k));
		return "setup_failed";
	}
	r->clock.now_ms = mono_ms();
	r->clock.t0_ms = r->clock.now_ms;
	run_phase(r, "running");
	workloads_tick(r);
	status_update(r, true);
	double cpu0 = self_cpu_s(), wall0 = (double)mono_ms() / 1000.0;
	k = monitor_loop(r);
	/* memstress's own cost while it watched (not its workloads'): `make bench` reads it */
	json_object *hj = result_obj(r->res->root, "harness");
	json_object_object_add(hj, "monitor_cpu_s", json_object_new_double(self_cpu_s() - cpu0));
	json_object_object_add(hj, "monitor_wall_s",
			       json_object_new_double((double)mono_ms() / 1000.0 - wall0));
	r->clock.now_ms = mono_ms();
	run_phase(r, "stopping");
	(void)workloads_stop_all(r);
	r->clock.stopped_ms = mono_ms();
	monitor_drain_kmsg(r);
	faults_disarm(r);
	witness_finish(r);
	run_phase(r, "checking");
	uint64_t t = mono_ms();
	if (!run_interrupted(r))
		(void)fs_finish(r);
	r->clock.fs_check_ms = mono_ms() - t;
	t = mono_ms();
	if (!run_interrupted(r))
		leaks_check(r); /* the filesystem is unmounted */
	if (!run_interrupted(r))
		pageleaks_check(r);
	r->clock.leak_scan_ms = mono_ms() - t;
	cgroups_sample(r);
	reclaim_sample(r);
	workloads_reap(r);
	if (r->work.pe_fd >= 0)
		workloads_proc_events(r);
	return k < 0 ? "harness_error" : "complete";
}

static void record_interrupt(struct run *r)
{
	json_object *in = result_obj(r->res->root, "interrupted");
	const char *sig = sigabbrev_np(r->sig.last_signal) ?: "?";
	char msg[256], sn[16];

	snprintf(sn, sizeof(sn), "SIG%s", sig);
	json_object_object_add(in, "signal", json_object_new_string(sn));
	json_object_object_add(in, "signo", json_object_new_int(r->sig.last_signal));
	json_object_object_add(in, "phase", json_object_new_string(r->sig.interrupt_phase));
	json_object_object_add(in, "at_s",
			       json_object_new_double((double)r->sig.interrupt_ms / 1000.0));
	snprintf(msg, sizeof(msg),
		 "interrupted by SIG%s while %s, at %+.1fs: the checks above judge only "
		 "what happened until then",
		 sig, r->sig.interrupt_phase, (double)r->sig.interrupt_ms / 1000.0);
	result_add_check(r->res, "run.completed", CHECK_ERROR, msg, NULL);
}

/*
 * Set-up failed. Whose failure was it? The kernel's, when its witnesses saw
 * it fail meanwhile (real allocation failures in the trace, failure reports
 * in its log): then a failed check (exit 1, what `git bisect run` calls bad)
 * that names them, as a mount that fails with ENOMEM because the kernel's
 * small GFP_NOFS allocations fail is the very bug memstress hunts. Without
 * such evidence, the harness's error, saying that nothing was witnessed.
 */
static const char *setup_verdict(struct run *r)
{
	struct witness_counts c;
	char sum[1024], wit[400] = "";

	witness_counts(r, &c);
	if (c.real)
		snprintf(wit, sizeof(wit),
			 "%u real allocation failure(s), %u of them GFP_NOFS (first: %s)", c.real,
			 c.real_nofs, c.first_real);
	if (r->log.failure_events)
		snprintf(wit + strlen(wit), sizeof(wit) - strlen(wit),
			 "%s%u kernel failure report(s)", *wit ? ", " : "", r->log.failure_events);
	if (*wit) {
		snprintf(sum, sizeof(sum), "setting up failed (%s) as the kernel failed: %s",
			 r->setup_error, wit);
		result_add_check(r->res, "kernel.setup", CHECK_FAIL, sum, NULL);
		return "complete";
	}
	snprintf(sum, sizeof(sum),
		 "setting up the scenario failed (%s); no kernel failure was witnessed meanwhile "
		 "(%s, %u kernel log record(s) read)",
		 r->setup_error,
		 c.trace ? "no real allocation failure in the trace" : "no tracepoint witness",
		 (unsigned)r->log.kmsg.records);
	result_add_check(r->res, "harness.setup", CHECK_ERROR, sum, NULL);
	return "harness_error";
}

/* Everything recorded, the checks judged, the system restored, the result written. */
static int conclude(struct run *r, const char *status)
{
	status_clear();
	run_log_kmsg_marker(r, "end");
	monitor_drain_kmsg(r);
	r->log.taint_after = kernel_tainted();
	json_object_object_add(result_obj(r->res->root, "kernel"), "taint_after",
			       kernel_taint_json(r->log.taint_after));
	oracle_flush(r->log.oracle);
	events_sort(r);
	if (r->cgroups.n)
		cgroups_summary(r);
	reclaim_record(r);
	workloads_record(r);
	witness_finish(r); /* when setting up or running stopped early */
	witness_record(r);
	faults_record(r); /* after the witnesses: the sweep's rows get their sites */
	oomlife_record(r);
	if (!r->phase || strcmp(r->phase, "checking"))
		run_phase(r, "checking");
	if (!strcmp(status, "setup_failed"))
		status = setup_verdict(r);
	else if (!strcmp(status, "complete") || r->sig.interrupted)
		checks_evaluate(r);
	if (run_interrupted(r)) {
		status = "interrupted";
		record_interrupt(r);
	}
	json_object *km = result_obj(r->res->root, "kmsg");
	json_object_object_add(km, "file", json_object_new_string("kmsg.log"));
	json_object_object_add(km, "records", json_object_new_int64((int64_t)r->log.kmsg.records));
	json_object_object_add(km, "lost", json_object_new_int64((int64_t)r->log.kmsg.lost));
	json_object_object_add(km, "lines_parsed",
			       json_object_new_int64((int64_t)oracle_line_count(r->log.oracle)));
	teardown(r);
	finish_results(r, status);
	return result_exit_code(r->res);
}

int run_scenario(const struct scenario *s, const struct run_opts *o, char **run_dir)
{
	struct run r = { .s = s,
			 .o = o,
			 .lock_fd = -1,
			 .sig = { .fd = -1, .timer_fd = -1 },
			 .work = { .pe_fd = -1, .preload_fd = -1 },
			 .log = { .kernel_t0 = -1 } };
	_cleanup_strv_free_ char **why = NULL;
	int code = begin(&r, run_dir);

	if (!code && o->excluded)
		code = strv_extendf(&why, "excluded: %s", o->excluded) < 0 ?
			       EXIT_HARNESS :
			       skip_run(&r, "run.excluded", why);
	else if (!code && (why = scenario_unmet(s, &r.m, o->allow_system_wide)))
		code = skip_run(&r, "requirements", why);
	else if (!code && !(code = take_ownership(&r))) {
		open_outputs(&r);
		code = conclude(&r, run_workloads(&r));
	}
	release(&r);
	return code;
}

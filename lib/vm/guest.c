// SPDX-License-Identifier: GPL-2.0
/*
 * memstress as the init (PID 1) of a VM guest. It mounts what a scenario
 * needs (proc, sys, devtmpfs, tmpfs on /tmp and /run, debugfs, the cgroup v2
 * hierarchy), mounts the run directory the host shares over 9p, says HELLO on
 * the status port (ttyS1), starts a keepalive thread, and runs the scenario
 * with the same runner as a host run, writing straight into the shared run
 * directory. Then DONE, sync, and reboot — QEMU runs with -no-reboot, so the
 * reboot ends it. PID 1 must never exit (the kernel would panic), so every
 * path ends in reboot(2).
 *
 * The tmpfs mounts cover the host's /tmp, /run and /var/tmp, and a checkout
 * of memstress can live there (CI clones into /tmp): before each is covered,
 * the host's directory is cloned (open_tree) and kept under HELD, and what
 * the guest needs from it — memstress's own directory, the scenario's, the
 * files `check` reads — is bound back at the same path.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/strv.h"
#include "engine/engine.h"
#include "kernel/probe.h"
#include "runner/run.h"
#include "scenario/scenario.h"
#include "vm.h"

#define RUN_MNT "/run/memstress-run"

static int status_fd = -1;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	buf[n++] = '\n';
	if (status_fd >= 0)
		(void)!write(status_fd, buf, (size_t)n);
}

static void *keepalive(void *arg)
{
	(void)arg;
	for (;;) {
		struct sysinfo si;
		sysinfo(&si);
		say("KA %ld", si.uptime);
		sleep(1);
	}
	return NULL;
}

/* clang-format off */
static const struct {
	const char *source, *target, *type, *data;
	unsigned long flags;
	bool required;
} mounts[] = {
	{ "proc", "/proc", "proc", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, true },
	{ "sysfs", "/sys", "sysfs", NULL, MS_NOSUID | MS_NODEV | MS_NOEXEC, true },
	{ "devtmpfs", "/dev", "devtmpfs", "mode=0755", MS_NOSUID, false },
	{ "tmpfs", "/tmp", "tmpfs", "mode=1777", MS_NOSUID | MS_NODEV, true },
	{ "tmpfs", "/run", "tmpfs", "mode=0755", MS_NOSUID | MS_NODEV, true },
	{ "tmpfs", "/var/tmp", "tmpfs", "mode=1777", MS_NOSUID | MS_NODEV, false },
	{ "debugfs", "/sys/kernel/debug", "debugfs", NULL, 0, false },
	{ "cgroup2", "/sys/fs/cgroup", "cgroup2", "nsdelegate", MS_NOSUID | MS_NODEV | MS_NOEXEC, false },
};
/* clang-format on */

/* The host's directories under the tmpfs mounts, cloned before they were
 * covered, are attached here (HELD "/tmp" is the host's /tmp). */
#define HELD "/run/memstress-host"

/* The host's directory under each tmpfs mount, cloned before it is covered
 * (-1: not a tmpfs, or nothing to clone); set for every mount before any is used. */
static int covered[ARRAY_SIZE(mounts)];

static void cover_mount(size_t i)
{
	covered[i] = strcmp(mounts[i].type, "tmpfs") ?
			     -1 :
			     open_tree(AT_FDCWD, mounts[i].target,
				       OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
}

/* Once every mount is in place: each clone attached under HELD (a detached
 * tree cannot be bound from, an attached one can). */
static void hold_covered(void)
{
	char p[256];

	for (size_t i = 0; i < ARRAY_SIZE(mounts); i++) {
		if (covered[i] < 0)
			continue;
		snprintf(p, sizeof(p), HELD "%s", mounts[i].target);
		if (mkdir_p(p, 0755) < 0 ||
		    move_mount(covered[i], "", AT_FDCWD, p, MOVE_MOUNT_F_EMPTY_PATH) < 0)
			fprintf(log_stderr(),
				"memstress guest: cannot keep the host's %s at %s: %m\n",
				mounts[i].target, p);
		close(covered[i]);
	}
}

/* An empty directory or file at path to mount on, with its parents. */
static int make_mount_point(const char *path, bool dir)
{
	char parent[4200];
	char *slash;
	int fd, k;

	if (dir)
		return mkdir_p(path, 0755);
	snprintf(parent, sizeof(parent), "%s", path);
	slash = strrchr(parent, '/');
	if (slash && slash != parent) {
		*slash = 0;
		if ((k = mkdir_p(parent, 0755)) < 0)
			return k;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/* Bind the host's `path` (a directory or file) back when a guest tmpfs covered it; a no-op when none
 * did, or when it is there already. Failures are said on the console: the
 * run goes on, and whatever then cannot find its files says so. */
static void uncover(const char *path)
{
	char held[4200];
	struct stat st;

	for (size_t i = 0; i < ARRAY_SIZE(mounts); i++) {
		size_t tl = strlen(mounts[i].target);
		if (covered[i] < 0 || strncmp(path, mounts[i].target, tl) || path[tl] != '/')
			continue;
		snprintf(held, sizeof(held), HELD "%s", path);
		if (access(path, F_OK) == 0 || stat(held, &st) < 0)
			return;
		if (make_mount_point(path, S_ISDIR(st.st_mode)) < 0 ||
		    mount(held, path, NULL, MS_BIND | MS_REC, NULL) < 0)
			fprintf(log_stderr(),
				"memstress guest: cannot bind the host's %s over the %s tmpfs: %m\n",
				path, mounts[i].target);
		return;
	}
}

/* uncover() the directory a path is in. */
static void uncover_parent(const char *path)
{
	_cleanup_free_ char *d = strdup(path);
	char *slash = d ? strrchr(d, '/') : NULL;

	if (slash && slash != d) {
		*slash = 0;
		uncover(d);
	}
}

_Noreturn static void halt(void)
{
	sync();
	(void)umount2(RUN_MNT, MNT_DETACH);
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

/* `memstress check --kernel`: answer from inside the guest. */
static int guest_check(char *files)
{
	struct machine m;
	_cleanup_strv_free_ char **list = NULL;
	char *txt = NULL;
	size_t tlen = 0;
	FILE *t = open_memstream(&txt, &tlen);
	json_object *out = json_object_new_object(), *scs = json_object_new_array();
	int code = EXIT_PASS;

	machine_probe(&m);
	engines_probe(&m, true);
	strv_split(files, "\t", &list);
	fprintf(t, "the kernel %s, booted in a VM:\n", m.release);
	machine_print(&m, t);
	fprintf(t, "scenarios in this kernel:\n");
	json_object_object_add(out, "machine", machine_json(&m));
	STRV_FOREACH(f, list) {
		struct scenario *s = NULL;
		_cleanup_free_ char *err = NULL;
		int k = strcmp(*f, "") ?
				scenario_load(*f, NULL, 0, &s, &err) :
				scenario_load_string(scenario_builtin_default, "default",
						     "<built-in default>", NULL, 0, &s, &err);
		if (k < 0) {
			fprintf(t, "  %s\n", err ? err : *f);
			code = EXIT_USAGE;
			continue;
		}
		_cleanup_strv_free_ char **why = scenario_unmet(s, &m, false);
		json_object_array_add(scs, scenario_unmet_json(s, NULL, why));
		if (!why)
			fprintf(t, "  %-24s can run in this kernel\n", s->name);
		else {
			fprintf(t, "  %-24s cannot run in this kernel:\n", s->name);
			STRV_FOREACH(x, why)
				fprintf(t, "  %-24s   - %s\n", "", *x);
			if (code == EXIT_PASS)
				code = EXIT_SKIP;
		}
		scenario_free(s);
	}
	json_object_object_add(out, "scenarios", scs);
	fclose(t);
	(void)write_atomic(RUN_MNT "/check.txt", txt, tlen);
	(void)write_json(RUN_MNT "/check.json", out);
	json_object_put(out);
	free(txt);
	machine_release(&m);
	return code;
}

static int read_job(char **run_id, char **name, char **scdir, bool *quiet, bool *allow_sw,
		    char **mode, char **files)
{
	_cleanup_free_ char *buf = NULL;
	int r = read_full_file(RUN_MNT "/vm/guest.job", 1 << 16, &buf, NULL);

	if (r < 0)
		return r;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		char *eq = strchr(l, '=');
		if (!eq)
			continue;
		*eq++ = 0;
		if (!strcmp(l, "run_id"))
			*run_id = strdup(eq);
		else if (!strcmp(l, "name"))
			*name = strdup(eq);
		else if (!strcmp(l, "scenario_dir"))
			*scdir = strdup(eq);
		else if (!strcmp(l, "quiet"))
			*quiet = atoi(eq);
		else if (!strcmp(l, "allow_system_wide"))
			*allow_sw = atoi(eq);
		else if (!strcmp(l, "mode"))
			*mode = strdup(eq);
		else if (!strcmp(l, "files"))
			*files = strdup(eq);
	}
	return *run_id && *name ? 0 : -EINVAL;
}

int vm_guest_main(int argc, char **argv)
{
	_cleanup_free_ char *run_id = NULL, *name = NULL, *scdir = NULL, *text = NULL, *err = NULL,
			    *mode = NULL, *files = NULL;
	struct scenario *s = NULL;
	bool quiet = false, allow_sw = false;
	struct utsname u;
	pthread_t ka;
	int k, code;

	(void)argc;
	(void)argv;
	if (getpid() != 1) {
		fprintf(log_stderr(),
			"memstress __guest: this is the init of a memstress VM guest, not a command\n");
		return EXIT_USAGE;
	}
	setenv("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", 1);
	setenv("HOME", "/root", 1);
	setenv("MEMSTRESS_GUEST", "1", 1);
	setenv("NO_COLOR", "1", 1); /* the console is a terminal, but it lands in console.log */
	for (size_t i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		mkdir(mounts[i].target, 0755);
		cover_mount(i);
		if (mount(mounts[i].source, mounts[i].target, mounts[i].type, mounts[i].flags,
			  mounts[i].data) < 0 &&
		    errno != EBUSY && mounts[i].required)
			fprintf(log_stderr(), "memstress guest: cannot mount %s on %s: %m\n",
				mounts[i].type, mounts[i].target);
	}
	hold_covered();
	status_fd = open("/dev/ttyS1", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	static char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = 0;
		/* the workloads run it again by this path; scenarios are found next to it */
		uncover_parent(exe);
		uncover(exe); /* when its directory is the tmpfs's own */
	}
	mkdir(RUN_MNT, 0755);
	if (mount("msrun", RUN_MNT, "9p", 0,
		  "trans=virtio,version=9p2000.L,msize=512000,cache=none") < 0) {
		fprintf(log_stderr(),
			"memstress guest: cannot mount the run directory (9p tag msrun): %m\n");
		say("LOG cannot mount the run directory: %s", strerror(errno));
		halt();
	}
	uname(&u);
	say("HELLO %s", u.release);
	/* The keepalive thread must block every signal: a process-directed signal
	 * (SIGCHLD) goes to any thread that does not block it, and there it would
	 * be discarded instead of reaching the runner's signalfd. */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	pthread_create(&ka, NULL, keepalive, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);

	k = read_job(&run_id, &name, &scdir, &quiet, &allow_sw, &mode, &files);
	if (k < 0) {
		say("LOG cannot read the job: %s", strerror(-k));
		halt();
	}
	if (scdir)
		uncover(scdir);
	if (mode && !strcmp(mode, "check")) {
		_cleanup_strv_free_ char **list = NULL;
		strv_split(files ? files : "", "\t", &list);
		STRV_FOREACH(f, list)
			if (**f == '/')
				uncover(*f);
		say("DONE %d", guest_check(files ? files : ""));
		halt();
	}
	if (chdir(scdir && path_exists(scdir) ? scdir : "/") < 0)
		(void)!chdir("/");
	/* the effective scenario the host wrote, loaded like any scenario */
	k = read_full_file(RUN_MNT "/scenario.ini", 1 << 20, &text, NULL);
	if (k >= 0) {
		char origin[4200];
		snprintf(origin, sizeof(origin), "%s/%s.ini", scdir ? scdir : ".", name);
		k = scenario_load_string(text, name, origin, NULL, 0, &s, &err);
	}
	if (k < 0) {
		say("LOG cannot load the scenario: %s", err ? err : strerror(-k));
		say("DONE %d", EXIT_HARNESS);
		halt();
	}
	char swap_msg[256];
	k = vm_guest_swapon(swap_msg, sizeof(swap_msg));
	if (k != 0)
		say("LOG %s", swap_msg);
	if (k < 0) {
		say("DONE %d", EXIT_HARNESS);
		halt();
	}
	struct run_opts ro = {
		.run_dir = RUN_MNT,
		.run_id = run_id,
		.self_exe = "/proc/self/exe",
		.quiet = quiet,
		.live = false,
		.allow_system_wide = allow_sw,
		.status_fd = status_fd,
		.target_kind = "vm",
	};
	if (n > 0)
		ro.self_exe = exe;
	log_set_level(LOG_LVL_NOTICE);
	code = run_scenario(s, &ro, NULL);
	scenario_free(s);
	say("DONE %d", code);
	halt();
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of a VM run. QEMU gets two serial ports: ttyS0 is the
 * guest's console (written to console.log and read live by the console
 * oracle), ttyS1 is memstress's status port (HELLO when the guest's
 * memstress starts, HB heartbeats with the run's counters, KA keepalives
 * from a separate thread, DONE with the exit code). The run directory is
 * shared into the guest over 9p, so the guest's runner writes result.json,
 * kmsg.log and the rest directly where a host run would.
 *
 * Outcomes judged from outside, each within a deadline:
 *	boot_failure   no HELLO within [vm] boot_timeout (or QEMU died first)
 *	panic          the console shows a panic and the guest is gone
 *	hang           HELLO seen, then no status line for [vm] silence
 *	crashed        QEMU exited without DONE and without a panic
 *	completed      DONE: the guest's own checks decide
 * QEMU is recorded in the undo journal and always killed.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "core/undo.h"
#include "core/version.h"
#include "engine/engine.h"
#include "kernel/blockdev.h"
#include "kernel/recover.h"
#include "kernel/undo_ops.h"
#include "oracle/oracle.h"
#include "report/live.h"
#include "report/result.h"
#include "report/writers.h"
#include "scenario/schema.h"
#include "vm.h"

static const char *self_exe_path(void)
{
	static char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n < 0)
		return "memstress";
	path[n] = 0;
	return path;
}

struct tail {
	int fd;
	char buf[16384];
	size_t len;
};

struct vm {
	const struct scenario *s;
	const struct run_opts *o;
	char *id, *dir, *vmdir;
	char kernel[4096];
	const char *accel;
	char accel_why[256];
	pid_t qemu;
	struct undo *undo;
	struct tail console, status;
	struct oracle *oracle;
	json_object *console_events;
	char panic_title[256];	 /* the last panic the console showed */
	char failure_title[256]; /* the first failure it showed */
	bool hello, done, panic, exited, interrupted;
	int guest_code;
	int qemu_status;
	char guest_release[128];
	uint64_t t0, booted, last_line;
	const char *outcome;
	char outcome_why[512];
	/* last heartbeat, for the status line */
	struct live_snap hb; /* the guest's last heartbeat */
	uint64_t hb_elapsed;
	struct live live;
	bool live_ready;
	char **argv;
};

static uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int vm_kernel_resolve(const char *arg, char *path, size_t len)
{
	if (!strcmp(arg, "auto")) {
		struct kbuild_opts ko = { .quiet = false };
		return kbuild(&ko, path, len, NULL);
	}
	if (!path_exists(arg))
		return -ENOENT;
	if (!realpath(arg, path))
		return -errno;
	return vm_kernel_is_bzimage(path) ? 0 : -ENOEXEC;
}

/* The x86 boot protocol: a bzImage has "HdrS" at 0x202 (Documentation/arch/x86/boot.rst). */
bool vm_kernel_is_bzimage(const char *path)
{
	_cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC);
	char magic[4];

	return fd >= 0 && pread(fd, magic, sizeof(magic), 0x202) == (ssize_t)sizeof(magic) &&
	       !memcmp(magic, "HdrS", 4);
}

static const char *kernel_error(int k)
{
	return k == -ENOENT  ? "no such file" :
	       k == -ENOEXEC ? "not a bzImage (no x86 boot header)" :
			       strerror(-k);
}

/* --- reading the serial ports ------------------------------------------------ */

static void tail_lines(struct tail *t, void (*fn)(struct vm *, const char *, size_t), struct vm *v)
{
	for (;;) {
		ssize_t k = read(t->fd, t->buf + t->len, sizeof(t->buf) - t->len);
		if (k <= 0)
			break;
		t->len += (size_t)k;
		size_t start = 0;
		for (size_t i = 0; i < t->len; i++)
			if (t->buf[i] == '\n') {
				fn(v, t->buf + start, i - start);
				start = i + 1;
			}
		if (start == 0 && t->len == sizeof(t->buf)) { /* a line longer than the buffer */
			fn(v, t->buf, t->len);
			start = t->len;
		}
		memmove(t->buf, t->buf + start, t->len - start);
		t->len -= start;
	}
}

static void on_console_event(struct oracle_event *e, void *ud)
{
	struct vm *v = ud;

	if (e->kind == EV_PANIC) {
		v->panic = true;
		snprintf(v->panic_title, sizeof(v->panic_title), "%s", e->title);
	} else if (e->severity == SEV_FAILURE && !v->failure_title[0])
		snprintf(v->failure_title, sizeof(v->failure_title), "%s", e->title);
	json_object_array_add(v->console_events, oracle_event_json(e));
	oracle_event_free(e);
}

static void console_line(struct vm *v, const char *l, size_t n)
{
	oracle_feed(v->oracle, l, n);
	if (memmem(l, n, "Kernel panic - not syncing", 26))
		v->panic = true;
}

static void status_clear(struct vm *v)
{
	if (v->live_ready)
		live_clear(&v->live);
}

static void status_line(struct vm *v, const char *l, size_t n)
{
	char line[512];

	snprintf(line, sizeof(line), "%.*s", (int)(n < 500 ? n : 500), l);
	v->last_line = mono_ms();
	if (!strncmp(line, "HELLO ", 6)) {
		v->hello = true;
		v->booted = v->last_line;
		snprintf(v->guest_release, sizeof(v->guest_release), "%s", line + 6);
		status_clear(v);
		if (!v->o->quiet)
			fprintf(log_stderr(), "memstress: guest %s up after %.1fs (%s)\n",
				v->guest_release, (double)(v->booted - v->t0) / 1000.0, v->accel);
	} else if (!strncmp(line, "HB ", 3)) {
		(void)live_snap_parse(line + 3, &v->hb);
		v->hb_elapsed = v->hb.elapsed_ms;
	} else if (!strncmp(line, "DONE ", 5)) {
		v->done = true;
		v->guest_code = atoi(line + 5);
	} else if (!strncmp(line, "LOG ", 4)) {
		status_clear(v);
		if (!v->o->quiet)
			fprintf(log_stderr(), "memstress: guest: %s\n", line + 4);
	}
}

static void draw(struct vm *v)
{
	char title[256];

	if (v->o->quiet)
		return;
	if (!v->live_ready) {
		live_init(&v->live, log_stderr(), v->o->live, log_use_color());
		v->live_ready = true;
	}
	snprintf(title, sizeof(title), "%s [vm %s]", v->s->name, v->accel);
	if (!v->hello) {
		struct live_snap boot = { .duration_ms = v->s->sc.duration_ms };
		snprintf(boot.phase, sizeof(boot.phase), "booting %.0fs",
			 (double)(mono_ms() - v->t0) / 1000.0);
		live_draw(&v->live, title, &boot, mono_ms(), false);
		return;
	}
	live_draw(&v->live, title, &v->hb, mono_ms(), false);
}

/* --- building the guest ------------------------------------------------------------- */

/* Programs the scenario runs, for the initramfs. */
static char **needed_programs(const struct scenario *s)
{
	char **v = NULL;

	for (size_t i = 0; i < s->n_workloads; i++) {
		const struct sc_workload *w = &s->workloads[i];
		const struct engine *e = engine_find(w->engine);
		if (e && e->program)
			strv_extend(&v, e->program);
		if (e && e->programs)
			(void)e->programs(&(struct engine_wl){ .name = w->name,
							       .args = w->args,
							       .cfg = w->engine_cfg },
					  &v);
	}
	if (s->has_fs) {
		static const char *const xfs[] = { "mkfs.xfs", "xfs_repair", "xfs_io", NULL };
		static const char *const ext4[] = { "mkfs.ext4", "e2fsck", "debugfs", NULL };
		for (const char *const *p = !strcmp(s->fs.type, "xfs") ? xfs : ext4; *p; p++)
			strv_extend(&v, *p);
	}
	strv_extend(&v, "ldd");
	return v;
}

static int write_job(struct vm *v, const char *mode, char **files)
{
	char p[4200], *text = NULL;
	_cleanup_free_ char *scdir = strdup(v->s->path), *eff = scenario_effective(v->s);
	char *slash = scdir ? strrchr(scdir, '/') : NULL, real[4096];

	if (slash)
		*slash = 0;
	/* the guest sees the host's root at the same paths: make it absolute */
	if (slash && realpath(scdir, real)) {
		free(scdir);
		scdir = strdup(real);
	}
	_cleanup_free_ char *flist = strv_join(files, "\t");
	if (!eff ||
	    asprintf(
		    &text,
		    "mode=%s\nrun_id=%s\nname=%s\nscenario_dir=%s\nquiet=%d\nallow_system_wide=%d\nfiles=%s\n",
		    mode, v->id, v->s->name, slash ? scdir : ".", v->o->quiet,
		    v->o->allow_system_wide, flist ? flist : "") < 0)
		return -ENOMEM;
	snprintf(p, sizeof(p), "%s/guest.job", v->vmdir);
	int k = write_atomic(p, text, strlen(text));
	free(text);
	if (k < 0)
		return k;
	snprintf(p, sizeof(p), "%s/scenario.ini", v->dir);
	return write_atomic(p, eff, strlen(eff));
}

/* A sparse image for a guest disk: the filesystem's (in the run directory,
 * kept with [fs] keep_image) or the swap's (in vm/, always removed). */
static int make_disk(struct vm *v, const char *path, uint64_t bytes, bool keep)
{
	int fd, k;

	if (!keep && (k = undo_record(v->undo, "file", path, NULL, NULL)) < 0)
		return k;
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return log_error_errno(-errno, "cannot create the disk image '%s': %m", path);
	k = ftruncate(fd, (off_t)bytes) < 0 ? -errno : 0;
	close(fd);
	if (k < 0)
		return log_error_errno(k, "cannot size the disk image '%s': %m", path);
	return 0;
}

static int make_disks(struct vm *v)
{
	char p[4200];
	int k;

	snprintf(p, sizeof(p), "%s/fs.img", v->dir);
	if (v->s->has_fs && (k = make_disk(v, p, v->s->fs.size.bytes, v->s->fs.keep_image)) < 0)
		return k;
	snprintf(p, sizeof(p), "%s/swap.img", v->vmdir);
	if (v->s->vm.swap.set && (k = make_disk(v, p, v->s->vm.swap.bytes, false)) < 0)
		return k;
	return 0;
}

/*
 * kmemleak=on for this boot: memstress's kernels have kmemleak built in but
 * off by default (it slows every allocation), and a scenario whose error
 * paths may leak (a filesystem, fault injection) or that asks for it
 * (leaks = yes) turns it on, when the kernel's config (kept next to
 * memstress's builds) says it is there.
 */
static bool wants_kmemleak(const struct vm *v)
{
	const struct scenario *s = v->s;
	_cleanup_free_ char *cfg = NULL;
	char p[4300];

	if (!strcmp(s->sc.leaks, "no") ||
	    (strcmp(s->sc.leaks, "yes") && !s->has_fs && !s->n_faults))
		return false;
	snprintf(p, sizeof(p), "%.*s/config", (int)(strrchr(v->kernel, '/') - v->kernel),
		 v->kernel);
	return read_full_file(p, 8 << 20, &cfg, NULL) == 0 &&
	       strstr(cfg, "\nCONFIG_DEBUG_KMEMLEAK=y");
}

static int build_argv(struct vm *v)
{
	const struct sc_vm *c = &v->s->vm;
	char **a = NULL;
	char mem[32];
	int r = 0;
	bool initramfs = !strcmp(c->root, "initramfs");
	_cleanup_free_ char *cmdline = NULL;

	snprintf(mem, sizeof(mem), "%lluM", (unsigned long long)(c->memory.bytes >> 20));
	if (initramfs)
		r = asprintf(&cmdline,
			     "console=ttyS0,115200 panic=-1 slab_nomerge%s rdinit=/memstress %s -- "
			     "__guest",
			     wants_kmemleak(v) ? " kmemleak=on" : "", c->cmdline ? c->cmdline : "");
	else
		r = asprintf(
			&cmdline,
			"console=ttyS0,115200 panic=-1 slab_nomerge%s root=/dev/root rootfstype=9p "
			"rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=512000 ro init=%s %s -- __guest",
			wants_kmemleak(v) ? " kmemleak=on" : "", v->o->self_exe,
			c->cmdline ? c->cmdline : "");
	if (r < 0)
		return -ENOMEM;
#define ADD(...)                                       \
	do {                                           \
		if (strv_extendf(&a, __VA_ARGS__) < 0) \
			goto oom;                      \
	} while (0)
	ADD("qemu-system-x86_64");
	ADD("-machine");
	ADD("q35,accel=%s", v->accel);
	ADD("-m");
	ADD("%s", mem);
	ADD("-smp");
	ADD("%lld", (long long)c->cpus);
	ADD("-nodefaults");
	ADD("-display");
	ADD("none");
	ADD("-monitor");
	ADD("none");
	ADD("-no-reboot");
	ADD("-serial");
	ADD("file:%s/console.log", v->dir);
	ADD("-serial");
	ADD("file:%s/status.log", v->vmdir);
	ADD("-kernel");
	ADD("%s", v->kernel);
	if (initramfs) {
		ADD("-initrd");
		ADD("%s/initramfs.cpio.gz", v->vmdir);
	} else {
		ADD("-fsdev");
		ADD("local,id=root,path=/,security_model=none,readonly=on,multidevs=remap");
		ADD("-device");
		ADD("virtio-9p-pci,fsdev=root,mount_tag=/dev/root");
	}
	if (v->s->has_fs) {
		/* the scenario's filesystem: an image in the run directory, seen by the
		 * guest as a virtio disk it recognises by its serial */
		ADD("-drive");
		ADD("file=%s/fs.img,if=none,id=msfs,format=raw,cache=writeback,discard=unmap",
		    v->dir);
		ADD("-device");
		ADD("virtio-blk-pci,drive=msfs,serial=" MEMSTRESS_FS_SERIAL);
	}
	if (v->s->vm.swap.set) {
		/* [vm] swap: a disk the guest makes its swap area, by its serial */
		ADD("-drive");
		ADD("file=%s/swap.img,if=none,id=msswap,format=raw,cache=unsafe", v->vmdir);
		ADD("-device");
		ADD("virtio-blk-pci,drive=msswap,serial=" MEMSTRESS_SWAP_SERIAL);
	}
	/* entropy from the host: without it the guest's first read of
	 * /dev/urandom waits ~2 s under TCG for the CRNG to initialise */
	ADD("-device");
	ADD("virtio-rng-pci");
	ADD("-fsdev");
	ADD("local,id=run,path=%s,security_model=none,multidevs=remap", v->dir);
	ADD("-device");
	ADD("virtio-9p-pci,fsdev=run,mount_tag=msrun");
	ADD("-append");
	ADD("%s", cmdline);
#undef ADD
	v->argv = a;
	return 0;
oom:
	strv_free(a);
	return -ENOMEM;
}

static int start_qemu(struct vm *v)
{
	char p[4200];
	_cleanup_close_ int log = -1;
	unsigned long long start;
	int k;

	snprintf(p, sizeof(p), "%s/qemu.log", v->vmdir);
	log = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	struct spawn_opts so = { .argv = v->argv,
				 .stdin_fd = -1,
				 .stdout_fd = log,
				 .stderr_fd = log,
				 .pdeathsig = SIGKILL };
	/* the console and status files exist before QEMU so we can open them now */
	snprintf(p, sizeof(p), "%s/console.log", v->dir);
	close(open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	v->console.fd = open(p, O_RDONLY | O_CLOEXEC);
	snprintf(p, sizeof(p), "%s/status.log", v->vmdir);
	close(open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
	v->status.fd = open(p, O_RDONLY | O_CLOEXEC);
	k = spawn(&so, &v->qemu, NULL);
	if (k < 0)
		return log_error_errno(k, "cannot start qemu-system-x86_64: %m");
	if (proc_start_time(v->qemu, &start) == 0) {
		char a[32], b[32];
		snprintf(a, sizeof(a), "%d", (int)v->qemu);
		snprintf(b, sizeof(b), "%llu", start);
		(void)undo_record(v->undo, "kill", a, b, NULL);
	}
	v->t0 = mono_ms();
	return 0;
}

static void stop_qemu(struct vm *v, const char *outcome, const char *why)
{
	if (!v->outcome) {
		v->outcome = outcome;
		snprintf(v->outcome_why, sizeof(v->outcome_why), "%s", why);
	}
	if (v->exited)
		return;
	kill(v->qemu, SIGTERM);
	for (int i = 0; i < 50; i++) {
		struct timespec ts = { 0, 100 * 1000000 };
		if (waitpid(v->qemu, &v->qemu_status, WNOHANG) == v->qemu) {
			v->exited = true;
			return;
		}
		nanosleep(&ts, NULL);
	}
	kill(v->qemu, SIGKILL);
	waitpid(v->qemu, &v->qemu_status, 0);
	v->exited = true;
}

static void watch(struct vm *v)
{
	const struct sc_vm *c = &v->s->vm;
	uint64_t hard = c->boot_timeout_ms + v->s->sc.duration_ms + v->s->sc.grace_ms + 600000;
	char why[512];

	for (;;) {
		struct pollfd p = { .fd = interrupt_fd(), .events = POLLIN };
		int sig;

		if (poll(&p, 1, 100) >= 0 && (sig = interrupt_check())) {
			v->interrupted = true;
			status_clear(v);
			log_warning("%s: stopping the guest", strsignal(sig));
			stop_qemu(v, "interrupted", "interrupted by a signal");
			return;
		}
		tail_lines(&v->console, console_line, v);
		tail_lines(&v->status, status_line, v);
		draw(v);
		if (waitpid(v->qemu, &v->qemu_status, WNOHANG) == v->qemu) {
			v->exited = true;
			tail_lines(&v->console, console_line, v);
			tail_lines(&v->status, status_line, v);
			return;
		}
		uint64_t now = mono_ms();
		if (!v->hello && now - v->t0 > c->boot_timeout_ms) {
			snprintf(why, sizeof(why),
				 "memstress did not start in the guest within %.0fs",
				 (double)c->boot_timeout_ms / 1000.0);
			stop_qemu(v, "boot_failure", why);
			return;
		}
		if (v->hello && !v->done && now - v->last_line > c->silence_ms) {
			snprintf(
				why, sizeof(why),
				"the guest went silent: no heartbeat for %.0fs (last run time %.1fs)",
				(double)(now - v->last_line) / 1000.0,
				(double)v->hb_elapsed / 1000.0);
			stop_qemu(v, "hang", why);
			return;
		}
		if (now - v->t0 > hard) {
			snprintf(why, sizeof(why), "the guest did not finish within %.0fs",
				 (double)hard / 1000.0);
			stop_qemu(v, "harness_timeout", why);
			return;
		}
		if (v->done && now - v->last_line > 30000) {
			stop_qemu(v, "completed", "the guest finished but did not power off");
			return;
		}
	}
}

/* --- results -------------------------------------------------------------------- */

static json_object *console_tail(const struct vm *v, unsigned lines)
{
	char p[4200];
	_cleanup_free_ char *buf = NULL;
	size_t len;

	snprintf(p, sizeof(p), "%s/console.log", v->dir);
	if (read_full_file(p, 64 << 20, &buf, &len) < 0)
		return json_object_new_string("");
	size_t start = len;
	for (unsigned n = 0; start > 0 && n <= lines; start--)
		if (buf[start - 1] == '\n')
			n++;
	return json_object_new_string(buf + start);
}

static void record_vm(struct vm *v, struct result *res)
{
	json_object *root = res->root, *vm = result_obj(root, "vm"),
		    *tg = result_obj(root, "target");
	json_object *argv = json_object_new_array();

	json_object_object_add(tg, "kind", json_object_new_string("vm"));
	if (v->o->origin)
		json_object_object_add(root, "origin", json_object_new_string(v->o->origin));
	json_object_object_add(tg, "kernel_image", json_object_new_string(v->kernel));
	json_object *kb = kbuild_record(v->kernel);
	if (kb)
		json_object_object_add(tg, "kernel_build", kb);
	if (v->guest_release[0] && !*jstr(tg, "kernel_release"))
		json_object_object_add(tg, "kernel_release",
				       json_object_new_string(v->guest_release));
	json_object_object_add(vm, "outcome", json_object_new_string(v->outcome));
	json_object_object_add(vm, "detail", json_object_new_string(v->outcome_why));
	json_object_object_add(vm, "accel", json_object_new_string(v->accel));
	if (v->accel_why[0])
		json_object_object_add(vm, "accel_note", json_object_new_string(v->accel_why));
	json_object_object_add(vm, "root", json_object_new_string(v->s->vm.root));
	json_object_object_add(vm, "memory", json_object_new_int64((int64_t)v->s->vm.memory.bytes));
	json_object_object_add(vm, "cpus", json_object_new_int((int)v->s->vm.cpus));
	if (v->s->vm.swap.set)
		json_object_object_add(vm, "swap",
				       json_object_new_int64((int64_t)v->s->vm.swap.bytes));
	if (v->hello)
		json_object_object_add(
			vm, "boot_s", json_object_new_double((double)(v->booted - v->t0) / 1000.0));
	json_object_object_add(vm, "wall_s",
			       json_object_new_double((double)(mono_ms() - v->t0) / 1000.0));
	STRV_FOREACH(a, v->argv)
		json_object_array_add(argv, json_object_new_string(*a));
	json_object_object_add(vm, "qemu_argv", argv);
	json_object_object_add(vm, "console", json_object_new_string("console.log"));
	json_object_object_add(root, "console_events", json_object_get(v->console_events));
	json_object_object_add(root, "host_memstress_version",
			       json_object_new_string(MEMSTRESS_VERSION));
}

static void outcome_checks(struct vm *v, struct result *res)
{
	char sum[1024];

	if (!strcmp(v->outcome, "completed")) {
		result_add_check(res, "vm.completed", CHECK_PASS,
				 "the guest ran the scenario and powered off", NULL);
		return;
	}
	json_object *ev = json_object_new_object();
	json_object_object_add(ev, "console_tail", console_tail(v, 40));
	static const struct {
		const char *outcome, *check;
		enum check_status st;
	} map[] = {
		{ "boot_failure", "vm.boot", CHECK_FAIL },
		{ "panic", "vm.panic", CHECK_FAIL },
		{ "hang", "vm.responsive", CHECK_FAIL },
		{ "crashed", "vm.completed", CHECK_FAIL },
		{ "harness_timeout", "vm.completed", CHECK_ERROR },
		{ "interrupted", "vm.completed", CHECK_ERROR },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (strcmp(map[i].outcome, v->outcome))
			continue;
		const char *title = v->panic_title[0]	? v->panic_title :
				    v->failure_title[0] ? v->failure_title :
							  NULL;
		snprintf(sum, sizeof(sum), "%s%s%s", v->outcome_why, title ? ": " : "",
			 title ? title : "");
		result_add_check(res, map[i].check, map[i].st, sum, ev);
		return;
	}
	json_object_put(ev);
}

static int finish(struct vm *v)
{
	struct result *res = NULL;
	_cleanup_free_ char *err = NULL;
	const char *status;

	if (!v->outcome) {
		if (v->done)
			v->outcome = "completed";
		else if (!v->hello)
			v->outcome = "boot_failure",
			snprintf(v->outcome_why, sizeof(v->outcome_why),
				 "the kernel stopped before memstress started in the guest%s",
				 v->panic ? " (it panicked)" : "");
		else if (v->panic)
			v->outcome = "panic", snprintf(v->outcome_why, sizeof(v->outcome_why),
						       "the guest kernel panicked");
		else if (!v->hello)
			v->outcome = "boot_failure",
			snprintf(v->outcome_why, sizeof(v->outcome_why),
				 "the kernel stopped before memstress started in the guest");
		else
			v->outcome = "crashed",
			snprintf(v->outcome_why, sizeof(v->outcome_why),
				 "the guest stopped without finishing (QEMU %s %d)",
				 WIFSIGNALED(v->qemu_status) ? "signal" : "exit",
				 WIFSIGNALED(v->qemu_status) ? WTERMSIG(v->qemu_status) :
							       WEXITSTATUS(v->qemu_status));
	}
	if (v->panic && v->hello && strcmp(v->outcome, "completed"))
		v->outcome = "panic";
	oracle_flush(v->oracle);
	bool guest_result = result_load(v->dir, &res, &err) == 0 &&
			    strcmp(jstr(res->root, "status"), "running");
	if (!guest_result) {
		result_free(res);
		res = NULL;
		if (result_new(v->dir, v->id, &res) < 0)
			return EXIT_HARNESS;
		json_object *sc = result_obj(res->root, "scenario");
		json_object_object_add(sc, "name", json_object_new_string(v->s->name));
		json_object_object_add(sc, "path", json_object_new_string(v->s->path));
		json_object_object_add(sc, "description",
				       json_object_new_string(v->s->sc.description));
		_cleanup_free_ char *eff = scenario_effective(v->s);
		json_object_object_add(sc, "effective", json_object_new_string(eff ? eff : ""));
		json_object_object_add(res->root, "memstress_version",
				       json_object_new_string(MEMSTRESS_VERSION));
		if (!strcmp(v->outcome, "completed")) {
			v->outcome = "crashed";
			snprintf(v->outcome_why, sizeof(v->outcome_why),
				 "the guest finished without writing result.json");
		}
	}
	record_vm(v, res);
	outcome_checks(v, res);
	/* the run's status (results/README.md): the guest's own when it finished;
	 * a panic, a hang or a boot failure are verdicts on the kernel, so the
	 * run is complete; only our own time limit is a harness error */
	status = !strcmp(v->outcome, "completed")	? jstr(res->root, "status") :
		 !strcmp(v->outcome, "interrupted")	? "interrupted" :
		 !strcmp(v->outcome, "harness_timeout") ? "harness_error" :
							  "complete";
	if (!*status)
		status = "complete";
	if (!strcmp(status, "interrupted") && !jget(res->root, "interrupted")) {
		/* the host was interrupted and stopped the guest */
		json_object *in = result_obj(res->root, "interrupted");
		int sig = interrupt_signal() ?: SIGINT;
		char sn[16];
		snprintf(sn, sizeof(sn), "SIG%s", sigabbrev_np(sig) ?: "?");
		json_object_object_add(in, "signal", json_object_new_string(sn));
		json_object_object_add(in, "signo", json_object_new_int(sig));
		json_object_object_add(in, "phase",
				       json_object_new_string(v->hello ? "running" : "setting up"));
		json_object_object_add(
			in, "at_s", json_object_new_double((double)(mono_ms() - v->t0) / 1000.0));
	}
	_cleanup_free_ char *st = strdup(status);
	result_finalize(res, st);
	(void)result_save(res);
	(void)result_write_views(res);
	int code = result_exit_code(res);
	if (!v->o->quiet) {
		status_clear(v);
		fputc('\n', log_stdout());
		write_text_color(res->root, log_stdout(), fd_use_color(fileno(log_stdout())));
		fprintf(log_stdout(), "results: %s (guest console: console.log)\n", v->dir);
		fflush(log_stdout());
	} else {
		write_text_brief(res->root, log_stdout(), fd_use_color(fileno(log_stdout())));
		fprintf(log_stdout(), "results: %s\n", v->dir);
		fflush(log_stdout());
	}
	result_free(res);
	return code;
}

static void undo_quiet(const struct undo_entry *e, int k, const char *msg, void *ud)
{
	(void)ud;
	if (k < 0)
		log_warning("cleanup: %s %s: %s", e->op, e->arg[0] ? e->arg[0] : "", msg);
}

/* The run never reached the guest: still leave a result saying why. */
/* Undo what the VM's set-up changed and free what it holds (not v->s). */
static void vm_release(struct vm *v)
{
	if (v->undo) {
		(void)undo_unwind(v->undo, undo_ops, undo_quiet, NULL);
		undo_free(v->undo);
	}
	if (v->console.fd >= 0)
		close(v->console.fd);
	if (v->status.fd >= 0)
		close(v->status.fd);
	oracle_free(v->oracle);
	json_object_put(v->console_events);
	strv_free(v->argv);
	free(v->id);
	free(v->dir);
	free(v->vmdir);
}

static void record_setup_failure(struct vm *v, int code, const char *why)
{
	struct result *res = NULL;
	char t[64];
	time_t now = time(NULL);

	if (result_new(v->dir, v->id, &res) < 0)
		return;
	strftime(t, sizeof(t), "%Y-%m-%dT%H:%M:%S+00:00", gmtime(&now));
	json_object *sc = result_obj(res->root, "scenario"), *tg = result_obj(res->root, "target");
	_cleanup_free_ char *eff = scenario_effective(v->s);
	json_object_object_add(sc, "name", json_object_new_string(v->s->name));
	json_object_object_add(sc, "path", json_object_new_string(v->s->path));
	json_object_object_add(sc, "description", json_object_new_string(v->s->sc.description));
	json_object_object_add(sc, "effective", json_object_new_string(eff ? eff : ""));
	json_object_object_add(tg, "kind", json_object_new_string("vm"));
	json_object_object_add(tg, "kernel_release", json_object_new_string(""));
	json_object_object_add(tg, "kernel_image", json_object_new_string(v->kernel));
	json_object *kb = kbuild_record(v->kernel);
	if (kb)
		json_object_object_add(tg, "kernel_build", kb);
	json_object_object_add(res->root, "memstress_version",
			       json_object_new_string(MEMSTRESS_VERSION));
	json_object_object_add(res->root, "started", json_object_new_string(t));
	json_object_object_add(res->root, "finished", json_object_new_string(t));
	if (v->o->origin)
		json_object_object_add(res->root, "origin", json_object_new_string(v->o->origin));
	if (code == EXIT_SKIP)
		result_add_check(res, v->o->excluded ? "run.excluded" : "requirements", CHECK_SKIP,
				 why, NULL);
	else
		result_add_check(res, "harness.setup", CHECK_ERROR, why, NULL);
	result_finalize(res, code == EXIT_SKIP ? "skipped" : "harness_error");
	(void)result_save(res);
	(void)result_write_views(res);
	result_free(res);
}

int vm_run_scenario(const struct scenario *s, const char *kernel, const struct run_opts *o,
		    char **run_dir)
{
	struct vm v = { .s = s, .o = o, .console = { .fd = -1 }, .status = { .fd = -1 } };
	char p[4200], err[512] = "", why[1024] = "";
	int k, code = EXIT_HARNESS;
	bool finished = false;

/* a failure before the guest ran: say it, and record it in the run's result */
#define SETUP_FAIL(...)                                  \
	do {                                             \
		snprintf(why, sizeof(why), __VA_ARGS__); \
		log_error("%s", why);                    \
		goto out;                                \
	} while (0)

	k = vm_kernel_resolve(kernel, v.kernel, sizeof(v.kernel));
	if (k < 0) {
		log_error("--kernel %s: %s", kernel, kernel_error(k));
		return k == -ENOENT || k == -ENOEXEC ? EXIT_USAGE : EXIT_HARNESS;
	}
	_cleanup_free_ char *qemu = find_executable("qemu-system-x86_64");
	if (!qemu) {
		log_error("qemu-system-x86_64 is not installed (apt-get install qemu-system-x86)");
		return EXIT_SKIP;
	}
	k = run_dir_make(o, s->name, &v.id, &v.dir, why, sizeof(why));
	if (k < 0) {
		log_error("%s", k == -ENOMEM ? strerror(ENOMEM) : why);
		return k == -EINVAL || k == -EEXIST ? EXIT_USAGE : EXIT_HARNESS;
	}
	if (asprintf(&v.vmdir, "%s/vm", v.dir) < 0 || mkdir_p(v.vmdir, 0755) < 0)
		SETUP_FAIL("cannot create '%s/vm'", v.dir);
	if (run_dir)
		*run_dir = strdup(v.dir);
	if (o->excluded) { /* --exclude: recorded as a skip, nothing booted */
		code = EXIT_SKIP;
		snprintf(why, sizeof(why), "excluded: %s", o->excluded);
		log_notice("skipping %s: %s", s->name, why);
		goto out;
	}
	v.accel = vm_accel(v.kernel, s->vm.accel, v.accel_why, sizeof(v.accel_why));
	if (!v.accel) {
		code = EXIT_SKIP;
		SETUP_FAIL("[vm] accel = kvm, but KVM does not work here: %s", v.accel_why);
	}
	if (v.accel_why[0])
		log_info("using TCG: %s", v.accel_why);
	if ((k = write_job(&v, "run", NULL)) < 0)
		SETUP_FAIL("cannot write the guest's job into '%s': %s", v.vmdir, strerror(-k));
	if (!strcmp(s->vm.root, "initramfs")) {
		_cleanup_strv_free_ char **progs = needed_programs(s);
		char *files[] = { "/etc/mke2fs.conf", "/etc/ld.so.cache", NULL };
		snprintf(p, sizeof(p), "%s/initramfs.cpio.gz", v.vmdir);
		struct initramfs_opts io = {
			.output = p, .self_exe = o->self_exe, .programs = progs, .files = files
		};
		if ((k = initramfs_build(&io, err, sizeof(err))) < 0)
			SETUP_FAIL("cannot build the guest's initramfs: %s",
				   err[0] ? err : strerror(-k));
	}
	recover_before_run();
	if ((k = undo_open(v.id, &v.undo)) < 0)
		SETUP_FAIL("cannot create the undo journal: %s", strerror(-k));
	if ((k = make_disks(&v)) < 0)
		SETUP_FAIL("cannot make the guest's disks ([fs], [vm] swap): %s", strerror(-k));
	if ((k = build_argv(&v)) < 0)
		SETUP_FAIL("cannot build QEMU's command line: %s", strerror(-k));
	v.console_events = json_object_new_array();
	v.oracle = oracle_new(&(struct oracle_opts){ .keep_lines = 80 }, on_console_event, &v);
	(void)interrupt_setup();
	if (!o->quiet) {
		char swap[48] = "";
		if (s->vm.swap.set)
			snprintf(swap, sizeof(swap), ", %s swap",
				 bytes_human(s->vm.swap.bytes, p, sizeof(p)));
		fprintf(log_stderr(),
			"memstress: running %s in a VM -> %s\n  %s, %s, %s root, %lldx CPU, %s RAM%s\n",
			s->name, v.dir, v.kernel, v.accel, s->vm.root, (long long)s->vm.cpus,
			bytes_human(s->vm.memory.bytes, err, sizeof(err)), swap);
	}
	if ((k = start_qemu(&v)) < 0)
		SETUP_FAIL("cannot start QEMU: %s", strerror(-k));
	watch(&v);
	stop_qemu(&v, NULL, "");
	code = finish(&v);
	finished = true;
out:
	if (!finished && v.dir)
		record_setup_failure(&v, code,
				     why[0] ? why :
					      "setting up the VM failed (see the messages above)");
	vm_release(&v);
	return code;
}

int vm_check(const char *kernel, char **files, bool json)
{
	struct run_opts ro = { .quiet = true, .status_fd = -1 };
	struct vm v = { .o = &ro, .console = { .fd = -1 }, .status = { .fd = -1 } };
	struct scenario *s = NULL;
	_cleanup_free_ char *err = NULL, *out = NULL;
	char tmpl[] = "/tmp/memstress-check.XXXXXX", p[4300], cfg[4300];
	int k, code = EXIT_HARNESS;

	k = vm_kernel_resolve(kernel, v.kernel, sizeof(v.kernel));
	if (k < 0) {
		log_error("--kernel %s: %s", kernel, kernel_error(k));
		return EXIT_USAGE;
	}
	/* a config next to the image (memstress builds keep one) answers without booting */
	snprintf(cfg, sizeof(cfg), "%.*s/config", (int)(strrchr(v.kernel, '/') - v.kernel),
		 v.kernel);
	if (!json && path_exists(cfg)) {
		_cleanup_strv_free_ char **missing = NULL;
		if (kbuild_verify_config(cfg, &missing) == 0) {
			fprintf(log_stdout(), "kernel config %s:\n", cfg);
			if (!missing)
				fprintf(log_stdout(), "  every option memstress needs is set\n");
			STRV_FOREACH(mi, missing)
				fprintf(log_stdout(), "  missing: %s\n", *mi);
		}
	}
	if (scenario_load_string(scenario_builtin_default, "check", "<check>", NULL, 0, &s, &err) <
	    0)
		return EXIT_HARNESS;
	v.s = s;
	ro.self_exe = self_exe_path();
	_cleanup_strv_free_ char **abs = NULL; /* before any goto out: its cleanup runs there */
	if (!mkdtemp(tmpl)) {
		scenario_free(s);
		return EXIT_HARNESS;
	}
	v.dir = strdup(tmpl);
	v.id = strdup("check");
	if (asprintf(&v.vmdir, "%s/vm", v.dir) < 0 || mkdir_p(v.vmdir, 0755) < 0)
		goto out;
	v.accel = vm_accel(v.kernel, "auto", v.accel_why, sizeof(v.accel_why));
	STRV_FOREACH(f, files) {
		char real[4096];
		strv_extend(&abs, **f && realpath(*f, real) ? real : *f);
	}
	if (write_job(&v, "check", abs) < 0 || build_argv(&v) < 0 ||
	    undo_open("check", &v.undo) < 0)
		goto out;
	v.console_events = json_object_new_array();
	v.oracle = oracle_new(NULL, on_console_event, &v);
	(void)interrupt_setup();
	fprintf(log_stderr(), "memstress: booting %s (%s) to see what it offers\n", v.kernel,
		v.accel);
	if (start_qemu(&v) < 0)
		goto out;
	watch(&v);
	stop_qemu(&v, NULL, "");
	snprintf(p, sizeof(p), "%s/%s", v.dir, json ? "check.json" : "check.txt");
	if (!v.done || read_full_file(p, 1 << 20, &out, NULL) < 0) {
		log_error("the guest did not answer (%s); its console:",
			  v.outcome ? v.outcome : "no DONE");
		json_object *t = console_tail(&v, 30);
		fprintf(log_stderr(), "%s", json_object_get_string(t));
		json_object_put(t);
		goto out;
	}
	fputs(out, log_stdout());
	code = v.guest_code;
out:
	vm_release(&v);
	(void)rm_rf(tmpl);
	scenario_free(s);
	return code;
}

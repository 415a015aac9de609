// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of a VM run, its entry points: run a scenario in a guest
 * (vm_run_scenario) and see what a kernel offers (vm_check). How a VM run
 * goes, and its other parts, are in vm_int.h.
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
#include "vm_int.h"

static const char *self_exe_path(void)
{
	static char path[4096];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n < 0)
		return "memstress";
	path[n] = 0;
	return path;
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
	v.accel = vm_accel(v.kernel, sc_word("vm", "accel", &s->vm), v.accel_why,
			   sizeof(v.accel_why));
	if (!v.accel) {
		code = EXIT_SKIP;
		SETUP_FAIL("[vm] accel = kvm, but KVM does not work here: %s", v.accel_why);
	}
	if (v.accel_why[0])
		log_info("using TCG: %s", v.accel_why);
	if ((k = vm_write_job(&v, "run", NULL)) < 0)
		SETUP_FAIL("cannot write the guest's job into '%s': %s", v.vmdir, strerror(-k));
	if (s->vm.root == VM_ROOT_INITRAMFS) {
		_cleanup_strv_free_ char **progs = NULL, **files = NULL;
		vm_needed(s, &progs, &files);
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
	if ((k = vm_make_disks(&v)) < 0)
		SETUP_FAIL("cannot make the guest's disks ([fs], [vm] swap): %s", strerror(-k));
	if ((k = vm_build_argv(&v)) < 0)
		SETUP_FAIL("cannot build QEMU's command line: %s", strerror(-k));
	v.console_events = json_object_new_array();
	v.oracle = oracle_new(&(struct oracle_opts){ .keep_lines = 80 }, vm_on_console_event, &v);
	(void)interrupt_setup();
	if (!o->quiet) {
		char swap[48] = "";
		if (s->vm.swap.set)
			snprintf(swap, sizeof(swap), ", %s swap",
				 bytes_human(s->vm.swap.bytes, p, sizeof(p)));
		fprintf(log_stderr(),
			"memstress: running %s in a VM -> %s\n  %s, %s, %s root, %lldx CPU, %s RAM%s\n",
			s->name, v.dir, v.kernel, v.accel, sc_word("vm", "root", &s->vm),
			(long long)s->vm.cpus, bytes_human(s->vm.memory.bytes, err, sizeof(err)),
			swap);
	}
	if ((k = vm_start_qemu(&v)) < 0)
		SETUP_FAIL("cannot start QEMU: %s", strerror(-k));
	vm_watch(&v);
	vm_stop_qemu(&v, NULL, "");
	code = vm_finish(&v);
	finished = true;
out:
	if (!finished && v.dir)
		vm_record_setup_failure(
			&v, code,
			why[0] ? why : "setting up the VM failed (see the messages above)");
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
	if (vm_write_job(&v, "check", abs) < 0 || vm_build_argv(&v) < 0 ||
	    undo_open("check", &v.undo) < 0)
		goto out;
	v.console_events = json_object_new_array();
	v.oracle = oracle_new(NULL, vm_on_console_event, &v);
	(void)interrupt_setup();
	fprintf(log_stderr(), "memstress: booting %s (%s) to see what it offers\n", v.kernel,
		v.accel);
	if (vm_start_qemu(&v) < 0)
		goto out;
	vm_watch(&v);
	vm_stop_qemu(&v, NULL, "");
	snprintf(p, sizeof(p), "%s/%s", v.dir, json ? "check.json" : "check.txt");
	if (!v.done || read_full_file(p, 1 << 20, &out, NULL) < 0) {
		log_error("the guest did not answer (%s); its console:",
			  v.outcome ? v.outcome : "no DONE");
		json_object *t = vm_console_tail(&v, 30);
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

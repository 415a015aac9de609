// SPDX-License-Identifier: GPL-2.0
/*
 * Building the guest: the programs it needs, its job file, its disks (the
 * [fs] image, [vm] swap) and QEMU's command line.
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
#include "fs/fstype.h"
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

/* --- building the guest ------------------------------------------------------------- */

/* Programs the scenario runs and the files they read, for the initramfs. */
void vm_needed(const struct scenario *s, char ***programs, char ***files)
{
	char **v = NULL;

	strv_extend(files, "/etc/mke2fs.conf");
	strv_extend(files, "/etc/ld.so.cache");
	for (size_t i = 0; i < s->n_workloads; i++) {
		const struct sc_workload *w = &s->workloads[i];
		const struct engine *e = engine_find(w->engine);
		if (e && e->program)
			strv_extend(&v, e->program);
		if (e && e->guest_needs)
			(void)e->guest_needs(&(struct engine_wl){ .name = w->name,
								  .args = w->args,
								  .cfg = w->engine_cfg },
					     &v, files);
	}
	const struct fs_type *ft = scenario_fs_type(s);
	if (ft) {
		strv_extend(&v, ft->mkfs);
		strv_extend(&v, ft->fsck);
		for (const char *const *p = ft->guest_tools; *p; p++)
			strv_extend(&v, *p);
	}
	strv_extend(&v, "ldd");
	*programs = v;
}

int vm_write_job(struct vm *v, const char *mode, char **files)
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

int vm_make_disks(struct vm *v)
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

/* The kernel's config (kept next to memstress's builds) has opt ("CONFIG_X=y"). */
static bool config_has(const struct vm *v, const char *opt)
{
	_cleanup_free_ char *cfg = NULL;
	char p[4300], want[128];

	snprintf(p, sizeof(p), "%.*s/config", (int)(strrchr(v->kernel, '/') - v->kernel),
		 v->kernel);
	snprintf(want, sizeof(want), "\n%s", opt);
	return read_full_file(p, 8 << 20, &cfg, NULL) == 0 && strstr(cfg, want);
}

/*
 * kmemleak=on for this boot: memstress's kernels have kmemleak built in but
 * off by default (it slows every allocation), and a scenario whose error
 * paths may leak (a filesystem, fault injection) or that asks for it
 * (leaks = yes) turns it on, when the kernel's config says it is there.
 */
static bool wants_kmemleak(const struct vm *v)
{
	const struct scenario *s = v->s;

	if (s->sc.leaks == SW_NO || (s->sc.leaks != SW_YES && !s->has_fs && !s->n_faults))
		return false;
	return config_has(v, "CONFIG_DEBUG_KMEMLEAK=y");
}

/*
 * page_owner=on for this boot: built in and off too (it saves a stack with
 * every page allocation); on where faults open error paths that may keep
 * pages (kernel.no_page_leaks), unless leaks = no.
 */
static bool wants_page_owner(const struct vm *v)
{
	const struct scenario *s = v->s;

	if (s->sc.leaks == SW_NO || !s->n_faults)
		return false;
	return config_has(v, "CONFIG_PAGE_OWNER=y");
}

int vm_build_argv(struct vm *v)
{
	const struct sc_vm *c = &v->s->vm;
	char **a = NULL;
	char mem[32];
	int r = 0;
	bool initramfs = c->root == VM_ROOT_INITRAMFS;
	_cleanup_free_ char *cmdline = NULL;

	snprintf(mem, sizeof(mem), "%lluM", (unsigned long long)(c->memory.bytes >> 20));
	if (initramfs)
		r = asprintf(
			&cmdline,
			"console=ttyS0,115200 panic=-1 slab_nomerge%s%s rdinit=/memstress %s -- "
			"__guest",
			wants_kmemleak(v) ? " kmemleak=on" : "",
			wants_page_owner(v) ? " page_owner=on" : "", c->cmdline ? c->cmdline : "");
	else
		r = asprintf(
			&cmdline,
			"console=ttyS0,115200 panic=-1 slab_nomerge%s%s root=/dev/root rootfstype=9p "
			"rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=512000 ro init=%s %s -- __guest",
			wants_kmemleak(v) ? " kmemleak=on" : "",
			wants_page_owner(v) ? " page_owner=on" : "", v->o->self_exe,
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

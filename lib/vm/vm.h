/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Running scenarios against another kernel: boot it in QEMU with memstress as
 * the guest's init, let the guest run the scenario with the same runner as a
 * host run, and judge from outside what the guest cannot report itself — a
 * boot that never reaches memstress, a panic, a guest that goes silent. The
 * host never waits without a deadline and always kills QEMU.
 *
 * Guest userspace is the host's root shared read-only over 9p ([vm] root =
 * 9p, quick to set up) or an initramfs holding memstress and what the
 * scenario runs ([vm] root = initramfs), for scenarios that exhaust the
 * guest's memory: measured here, a global OOM with the root on 9p silences
 * the guest.
 */
#ifndef MEMSTRESS_VM_VM_H
#define MEMSTRESS_VM_VM_H

#include <json-c/json.h>
#include <stdbool.h>
#include <stdint.h>

#include "runner/run.h"
#include "scenario/scenario.h"

/* Boot `kernel` and run the scenario in it; returns the exit code. */
int vm_run_scenario(const struct scenario *s, const char *kernel, const struct run_opts *o,
		    char **run_dir);

/* `memstress check --kernel`: boot it and report what the guest offers. */
int vm_check(const char *kernel, char **scenario_files, bool json);

/* The guest side: memstress as PID 1 (`memstress __guest`). */
int vm_guest_main(int argc, char **argv);
/* [vm] swap, in the guest: 1 swap is on, 0 none was asked for, -errno (msg
 * says why either way). */
int vm_guest_swapon(char *msg, size_t len);

/* Accelerator: "kvm" when a guest really boots on it, else "tcg" (cached per host boot). */
const char *vm_accel(const char *kernel, const char *want, char *why, size_t whylen);

/* The directory memstress caches kernels and probes in. Static string. */
const char *vm_cache_dir(void);

/* Resolve --kernel: a bzImage path, or "auto" (the cached default build). */
int vm_kernel_resolve(const char *arg, char *path, size_t len);
bool vm_kernel_is_bzimage(const char *path);

struct initramfs_opts {
	const char *output;   /* .cpio.gz path */
	const char *self_exe; /* memstress itself, as /memstress */
	char **programs;      /* programs to include with their libraries (PATH names or paths) */
	char **files;	      /* extra files, copied to the same path */
};
int initramfs_build(const struct initramfs_opts *o, char *err, size_t errlen);

/* Kernel builds (kbuild.c). */
struct kbuild_opts {
	const char *source; /* tarball or tree; NULL: Debian's linux-source-6.12 */
	char **with;	    /* optional fragments by name: lockdep, kasan, kmemleak, page_owner */
	char **fragments;   /* extra fragment files */
	unsigned jobs;	    /* 0: number of CPUs */
	bool force;	    /* rebuild even if cached */
	bool quiet;
	const char *base; /* "allnoconfig" (default) or "defconfig" (benchmark) */
	bool no_cache;	  /* build in a scratch directory (benchmarks) */
	bool dry;	  /* only say where the cached build is: -ENOENT if none */
};
/* Build (or find in the cache) and return the bzImage path in `image`. */
int kbuild(const struct kbuild_opts *o, char *image, size_t len, double *seconds);
/*
 * The build record memstress left beside an image it built (meta.json), as
 * result.json's target.kernel_build: source, identity, key, base,
 * kernel_release, build_seconds, and for a git tree git_commit, git_dirty
 * and patchset_hash. NULL for an image memstress did not build.
 */
json_object *kbuild_record(const char *image);
/* Required options a config lacks (strv, caller frees), given a .config path. */
int kbuild_verify_config(const char *config, char ***missing);
/*
 * The options of ci/kconfig/requirements.config that a kernel's .config
 * text lacks (strv, caller frees), each as "CONFIG_X=y: what needs it".
 */
int kconfig_requirements_missing(const char *config_text, char ***missing);
/* The embedded fragments (kconfig.S). */
extern const char kconfig_memstress[], kconfig_lockdep[], kconfig_kasan[], kconfig_kmemleak[],
	kconfig_page_owner[], kconfig_requirements[];

#endif

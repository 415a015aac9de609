// SPDX-License-Identifier: GPL-2.0
/*
 * Machine probing for `memstress check` and for deciding, before anything is
 * changed, whether a scenario can run here. Each requirement is one row of a
 * table: a predicate over struct machine and the reason it gives when unmet.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "identity.h"
#include "core/spawn.h"
#include "probe.h"
#include "procevents.h"

const char *cgroup_layout_name(enum cgroup_layout l)
{
	static const char *const n[] = {
		[CGL_NONE] = "none",
		[CGL_V1] = "v1",
		[CGL_V2] = "v2",
		[CGL_HYBRID] = "hybrid",
	};
	return n[l];
}

static bool has_cap(int cap)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };

	if (syscall(SYS_capget, &h, d) < 0)
		return false;
	return d[cap / 32].effective & (1U << (cap % 32));
}

static void probe_cgroups(struct machine *m)
{
	_cleanup_fclose_ FILE *f = setmntent("/proc/self/mounts", "re");
	bool v1 = false, v2 = false;
	struct mntent *e;

	if (!f)
		return;
	while ((e = getmntent(f))) {
		if (!strcmp(e->mnt_type, "cgroup")) {
			v1 = true;
			if (hasmntopt(e, "memory") && !m->memcg_version) {
				m->memcg_version = 1;
				snprintf(m->memcg_mount, sizeof(m->memcg_mount), "%s", e->mnt_dir);
			}
		} else if (!strcmp(e->mnt_type, "cgroup2")) {
			_cleanup_free_ char *ctl = NULL, *path = NULL;
			v2 = true;
			if (asprintf(&path, "%s/cgroup.controllers", e->mnt_dir) < 0)
				continue;
			if (read_one_line(path, &ctl) == 0 && strstr(ctl, "memory") &&
			    m->memcg_version != 1) {
				m->memcg_version = 2;
				snprintf(m->memcg_mount, sizeof(m->memcg_mount), "%s", e->mnt_dir);
			}
		}
	}
	m->cgroup_layout = v1 && v2 ? CGL_HYBRID : v1 ? CGL_V1 : v2 ? CGL_V2 : CGL_NONE;
	if (m->memcg_version == 1) {
		_cleanup_free_ char *p = NULL;
		if (asprintf(&p, "%s/memory.memsw.limit_in_bytes", m->memcg_mount) >= 0)
			m->memcg_memsw = path_exists(p);
	}
}

static void probe_debugfs(struct machine *m)
{
	_cleanup_fclose_ FILE *f = setmntent("/proc/self/mounts", "re");
	struct mntent *e;
	char p[512];

	while (f && (e = getmntent(f)))
		if (!strcmp(e->mnt_type, "debugfs") && !m->debugfs[0])
			snprintf(m->debugfs, sizeof(m->debugfs), "%s", e->mnt_dir);
	m->debugfs_mountable = m->root && path_exists("/sys/kernel/debug");
	if (!m->debugfs[0])
		return;
	const struct injector *inj;
	for (size_t i = 0; (inj = injector_at(i)); i++)
		if (inj->debugfs) {
			snprintf(p, sizeof(p), "%s/%s/probability", m->debugfs, inj->debugfs);
			m->injector[i] = path_exists(p);
		}
	snprintf(p, sizeof(p), "%s/failslab/require-start", m->debugfs);
	m->stacktrace_filter = path_exists(p);
	/* made only when page_owner is on for this boot (mm/page_owner.c) */
	snprintf(p, sizeof(p), "%s/page_owner_stacks/show_stacks", m->debugfs);
	m->page_owner = path_exists(p);
}

static bool filesystem_supported(const char *fs)
{
	_cleanup_free_ char *buf = NULL;

	if (read_full_file("/proc/filesystems", 0, &buf, NULL) < 0)
		return false;
	for (char *l = strtok(buf, "\n"); l; l = strtok(NULL, "\n")) {
		char *t = strrchr(l, '\t');
		if (!strcmp(t ? t + 1 : l, fs))
			return true;
	}
	return false;
}

void machine_add_program(struct machine *m, const char *name, bool found, const char *about)
{
	for (unsigned i = 0; i < m->n_programs; i++)
		if (!strcmp(m->programs[i].name, name))
			return;
	if (m->n_programs >= ARRAY_SIZE(m->programs))
		return;
	struct machine_program *p = &m->programs[m->n_programs++];
	p->name = name;
	p->found = found;
	snprintf(p->about, sizeof(p->about), "%s", about);
}

static void probe_kallsyms(struct machine *m)
{
	_cleanup_fclose_ FILE *f = fopen("/proc/kallsyms", "re");
	char line[256];

	if (!f || !fgets(line, sizeof(line), f))
		return;
	/* Unprivileged readers (or kptr_restrict) see zeros. */
	m->kallsyms = strspn(line, "0") < 16;
	/* cppcheck-suppress resourceLeak ; closed by _cleanup_fclose_ */
}

/* kmemleak: built in (the config), and on for this boot:
 * on by default unless the config says DEFAULT_OFF, and kmemleak= on the
 * command line decides over both. */
static bool kmemleak_available(const struct machine *m)
{
	_cleanup_free_ char *cmd = NULL, *cfg = NULL;
	bool built, on;

	(void)m; /* its debugfs file is there, and reads empty, when it is off too */
	if (kernel_config(&cfg) < 0)
		return false;
	built = strstr(cfg, "\nCONFIG_DEBUG_KMEMLEAK=y") != NULL;
	on = !strstr(cfg, "\nCONFIG_DEBUG_KMEMLEAK_DEFAULT_OFF=y");
	if (read_one_line("/proc/cmdline", &cmd) == 0) {
		if (strstr(cmd, "kmemleak=on"))
			on = true;
		if (strstr(cmd, "kmemleak=off"))
			on = false;
	}
	return built && on;
}

/* /proc/swaps lists a swap area below its header line. */
static bool swap_on(void)
{
	_cleanup_free_ char *buf = NULL;

	if (read_full_file("/proc/swaps", 1 << 16, &buf, NULL) < 0)
		return false;
	const char *nl = strchr(buf, '\n');
	return nl && nl[1];
}

void machine_probe(struct machine *m)
{
	struct utsname u;
	struct sysinfo si;

	memset(m, 0, sizeof(*m));
	if (uname(&u) == 0) {
		snprintf(m->release, sizeof(m->release), "%s", u.release);
		snprintf(m->hostname, sizeof(m->hostname), "%s", u.nodename);
		snprintf(m->machine, sizeof(m->machine), "%s", u.machine);
	}
	if (sysinfo(&si) == 0)
		m->mem_total = (uint64_t)si.totalram * si.mem_unit;
	m->cpus = (unsigned)sysconf(_SC_NPROCESSORS_ONLN);
	m->root = geteuid() == 0;
	m->cap_sys_resource = has_cap(CAP_SYS_RESOURCE);
	m->in_guest = getenv("MEMSTRESS_GUEST") != NULL;

	probe_cgroups(m);
	m->kmsg = access("/dev/kmsg", R_OK) == 0;
	m->psi = access("/proc/pressure/memory", R_OK) == 0;
	m->sysrq = access("/proc/sysrq-trigger", W_OK) == 0;
	m->hung_task =
		read_int64("/proc/sys/kernel/hung_task_timeout_secs", &m->hung_task_timeout) == 0;
	m->hung_task_detect_count = path_exists("/proc/sys/kernel/hung_task_detect_count");
	m->lockdep = path_exists("/proc/lockdep");
	probe_kallsyms(m);
	probe_debugfs(m);
	const struct injector *inj;
	for (size_t i = 0; (inj = injector_at(i)); i++)
		if (inj->file)
			m->injector[i] = path_exists(inj->file);
	m->loop = path_exists("/dev/loop-control");
	const struct fs_type *t;
	for (size_t i = 0; (t = fs_type_at(i)); i++) {
		m->fs[i].kernel = filesystem_supported(t->name);
		m->fs[i].mkfs = find_executable(t->mkfs);
		m->fs[i].fsck = find_executable(t->fsck);
	}
	m->qemu = find_executable("qemu-system-x86_64");
	m->proc_connector = m->root && procevents_available();
	m->tracefs = filesystem_supported("tracefs");
	m->kmemleak = kmemleak_available(m);
	m->swap = swap_on();
}

void machine_release(struct machine *m)
{
	for (size_t i = 0; i < FS_TYPES_MAX; i++) {
		free(m->fs[i].mkfs);
		free(m->fs[i].fsck);
	}
	free(m->qemu);
	memset(m, 0, sizeof(*m));
}

/* --- requirements ----------------------------------------------------- */

typedef const char *(*req_fn)(const struct machine *m);

/* The framework with debugfs knobs: any injector that has them. */
static bool any_debugfs_injector(const struct machine *m)
{
	const struct injector *inj;
	bool any = false;

	for (size_t i = 0; (inj = injector_at(i)); i++)
		any |= inj->debugfs && m->injector[i];
	return any;
}

#define REQ(name, cond, reason)                                \
	static const char *req_##name(const struct machine *m) \
	{                                                      \
		return (cond) ? NULL : (reason);               \
	}

REQ(root, m->root, "not running as root")
REQ(memcg, m->memcg_version > 0, "no memory cgroup controller is mounted")
REQ(cgroup_v2, m->memcg_version == 2,
    "the memory controller is not on cgroup v2 here (run it in a VM with --kernel)")
REQ(cgroup_v1, m->memcg_version == 1, "the memory controller is not on cgroup v1 here")
REQ(psi, m->psi, "no /proc/pressure/memory (CONFIG_PSI, or psi=0 on the command line)")
REQ(kmsg, m->kmsg, "/dev/kmsg is not readable")
REQ(hung_task, m->hung_task, "no hung-task detector (CONFIG_DETECT_HUNG_TASK)")
REQ(sysrq, m->sysrq, "/proc/sysrq-trigger is not writable (CONFIG_MAGIC_SYSRQ)")
REQ(loop, m->loop, "no loop devices (/dev/loop-control)")
REQ(debugfs, m->debugfs[0] || m->debugfs_mountable, "debugfs is neither mounted nor mountable")
REQ(fault_injection, any_debugfs_injector(m),
    "this kernel has no fault injection (CONFIG_FAULT_INJECTION_DEBUG_FS); build one with `memstress kernel build` and run with --kernel")
REQ(stacktrace_filter, m->stacktrace_filter,
    "no fault-injection stack filter (CONFIG_FAULT_INJECTION_STACKTRACE_FILTER)")
REQ(kallsyms, m->kallsyms,
    "/proc/kallsyms shows no addresses (CONFIG_KALLSYMS, kptr_restrict or not root)")
REQ(lockdep, m->lockdep,
    "no lockdep (CONFIG_PROVE_LOCKING); build with `memstress kernel build --with lockdep`")
REQ(neg_oom, m->cap_sys_resource,
    "no CAP_SYS_RESOURCE here, so oom_score_adj cannot go below 0 (run it in a VM with --kernel)")
REQ(proc_connector, m->proc_connector,
    "no process events connector (CONFIG_PROC_EVENTS) or not root")
REQ(qemu, m->qemu, "qemu-system-x86_64 is not installed")
REQ(tracefs, m->tracefs, "the kernel has no tracefs (CONFIG_TRACING)")
REQ(swap, m->swap, "no swap area is on (/proc/swaps); in a VM, [vm] swap = SIZE adds one")
REQ(kmemleak, m->kmemleak,
    "no kmemleak in this kernel, or it is off (CONFIG_DEBUG_KMEMLEAK; kmemleak=on); memstress's "
    "own kernel has it (run with --kernel)")
REQ(page_owner, m->page_owner,
    "page_owner is not on in this kernel (CONFIG_PAGE_OWNER; page_owner=on); memstress's own "
    "kernel has it (run with --kernel)")

static const struct {
	const char *name;
	req_fn fn;
} requirements[] = {
	{ "root", req_root },
	{ "memcg", req_memcg },
	{ "cgroup-v2", req_cgroup_v2 },
	{ "cgroup-v1", req_cgroup_v1 },
	{ "psi", req_psi },
	{ "kmsg", req_kmsg },
	{ "hung-task", req_hung_task },
	{ "sysrq", req_sysrq },
	{ "loop", req_loop },
	{ "debugfs", req_debugfs },
	{ "fault-injection", req_fault_injection },
	{ "stacktrace-filter", req_stacktrace_filter },
	{ "kallsyms", req_kallsyms },
	{ "lockdep", req_lockdep },
	{ "negative-oom-score-adj", req_neg_oom },
	{ "proc-connector", req_proc_connector },
	{ "qemu", req_qemu },
	{ "tracefs", req_tracefs },
	{ "kmemleak", req_kmemleak },
	{ "page-owner", req_page_owner },
	{ "swap", req_swap },
};

bool machine_meets(const struct machine *m, const char *req, char *why, size_t len)
{
	for (size_t i = 0; i < ARRAY_SIZE(requirements); i++) {
		if (strcmp(requirements[i].name, req))
			continue;
		const char *r = requirements[i].fn(m);
		if (r && why)
			snprintf(why, len, "%s", r);
		return !r;
	}
	const struct injector *inj;
	for (size_t i = 0; (inj = injector_at(i)); i++) {
		if (strcmp(inj->name, req))
			continue;
		if (!m->injector[i] && why)
			snprintf(why, len, "%s", inj->missing);
		return m->injector[i];
	}
	const struct fs_type *t;
	for (size_t i = 0; (t = fs_type_at(i)); i++) {
		if (strcmp(t->name, req))
			continue;
		const struct machine_fs *f = &m->fs[i];
		if (!f->kernel && why)
			snprintf(why, len, "the kernel has no %s", t->label);
		else if ((!f->mkfs || !f->fsck) && why)
			snprintf(why, len, "%s or %s missing (apt-get install %s)", t->mkfs,
				 t->fsck, t->package);
		return f->kernel && f->mkfs && f->fsck;
	}
	for (unsigned i = 0; i < m->n_programs; i++) {
		if (strcmp(m->programs[i].name, req))
			continue;
		if (!m->programs[i].found && why)
			snprintf(why, len, "%s is not installed", req);
		return m->programs[i].found;
	}
	if (why)
		snprintf(why, len, "unknown requirement '%s'", req);
	return false;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Choosing QEMU's accelerator. /dev/kvm existing proves nothing on these
 * machines (measured: with -cpu host QEMU aborts on an MSR assertion; without
 * it the guest hangs before the kernel prints a line), so KVM is used only
 * when a short probe boot of the kernel prints "Linux version" within a few
 * seconds. The answer is cached for the rest of the host's boot.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/spawn.h"
#include "vm.h"

#define PROBE_SECONDS 8

const char *vm_cache_dir(void)
{
	static char dir[1024];
	const char *e = getenv("MEMSTRESS_CACHE"), *x = getenv("XDG_CACHE_HOME"),
		   *h = getenv("HOME");

	if (!dir[0]) {
		if (e && *e)
			snprintf(dir, sizeof(dir), "%s", e);
		else if (x && *x)
			snprintf(dir, sizeof(dir), "%s/memstress", x);
		else
			snprintf(dir, sizeof(dir), "%s/.cache/memstress", h && *h ? h : "/root");
	}
	return dir;
}

/* "works" / "hangs" / "fails": boot the kernel on KVM for a few seconds. */
static const char *probe(const char *kernel, char *why, size_t len)
{
	char log[1200], cmd[64];
	_cleanup_free_ char *out = NULL;
	const char *res = "hangs";
	pid_t pid;
	int status = 0;

	snprintf(log, sizeof(log), "%s/kvm-probe.console", vm_cache_dir());
	unlink(log);
	char serial[1300];
	snprintf(serial, sizeof(serial), "file:%s", log);
	snprintf(cmd, sizeof(cmd), "console=ttyS0 panic=-1 init=/nonexistent");
	char *argv[] = { "qemu-system-x86_64",
			 "-machine",
			 "q35,accel=kvm",
			 "-m",
			 "256M",
			 "-smp",
			 "1",
			 "-display",
			 "none",
			 "-monitor",
			 "none",
			 "-no-reboot",
			 "-serial",
			 serial,
			 "-kernel",
			 (char *)kernel,
			 "-append",
			 cmd,
			 NULL };
	_cleanup_close_ int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	struct spawn_opts so = { .argv = argv,
				 .stdin_fd = -1,
				 .stdout_fd = devnull,
				 .stderr_fd = devnull,
				 .pdeathsig = SIGKILL };
	int k = spawn(&so, &pid, NULL);
	if (k < 0) {
		snprintf(why, len, "cannot start qemu: %s", strerror(-k));
		return "fails";
	}
	for (int i = 0; i < PROBE_SECONDS * 10; i++) {
		struct timespec ts = { 0, 100 * 1000000 };
		if (waitpid(pid, &status, WNOHANG) == pid) {
			snprintf(why, len, "qemu exited (%s %d) before the kernel printed anything",
				 WIFSIGNALED(status) ? "signal" : "status",
				 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
			unlink(log);
			return "fails";
		}
		free(out);
		out = NULL;
		if (read_full_file(log, 1 << 20, &out, NULL) == 0 && strstr(out, "Linux version")) {
			res = "works";
			break;
		}
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	unlink(log);
	if (!strcmp(res, "hangs"))
		snprintf(why, len, "a guest on KVM printed nothing in %d s", PROBE_SECONDS);
	return res;
}

const char *vm_accel(const char *kernel, const char *want, char *why, size_t len)
{
	_cleanup_free_ char *boot = NULL, *cached = NULL;
	char path[1200];

	why[0] = 0;
	if (!strcmp(want, "tcg"))
		return "tcg";
	if (access("/dev/kvm", R_OK | W_OK) != 0) {
		snprintf(why, len, "no usable /dev/kvm");
		return !strcmp(want, "kvm") ? NULL : "tcg";
	}
	(void)read_one_line("/proc/sys/kernel/random/boot_id", &boot);
	snprintf(path, sizeof(path), "%s/kvm-probe", vm_cache_dir());
	if (read_one_line(path, &cached) == 0 && boot && !strncmp(cached, boot, strlen(boot))) {
		const char *verdict = cached + strlen(boot) + 1;
		if (!strncmp(verdict, "works", 5))
			return "kvm";
		snprintf(why, len, "%s (probed earlier this boot)", verdict);
		return !strcmp(want, "kvm") ? NULL : "tcg";
	}
	(void)mkdir_p(vm_cache_dir(), 0755);
	const char *res = probe(kernel, why, len);
	char line[600];
	snprintf(line, sizeof(line), "%s %s %s\n", boot ? boot : "?", res, why);
	(void)write_atomic(path, line, strlen(line));
	if (!strcmp(res, "works"))
		return "kvm";
	return !strcmp(want, "kvm") ? NULL : "tcg";
}

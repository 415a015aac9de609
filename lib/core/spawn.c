// SPDX-License-Identifier: GPL-2.0
/*
 * fork/execve with pre-exec setup and error reporting through a CLOEXEC pipe.
 * The harness blocks its signals to read them from a signalfd; every child
 * gets an empty mask and default dispositions back before execve.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "scope.h"
#include "interrupt.h"
#include "spawn.h"

extern char **environ;

char *find_executable(const char *name)
{
	const char *path = getenv("PATH");
	_cleanup_free_ char *copy = NULL;
	char *save = NULL;

	if (strchr(name, '/'))
		return access(name, X_OK) == 0 ? strdup(name) : NULL;
	copy = strdup(path && *path ?
			      path :
			      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
	if (!copy)
		return NULL;
	for (char *d = strtok_r(copy, ":", &save); d; d = strtok_r(NULL, ":", &save)) {
		char *full;
		struct stat st;

		if (asprintf(&full, "%s/%s", d, name) < 0)
			return NULL;
		if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
			return full;
		free(full);
	}
	return NULL;
}

struct child_error {
	int err;
	int stage;
};

enum { STAGE_SETUP, STAGE_FDS, STAGE_CWD, STAGE_OOM, STAGE_FAIL, STAGE_HOOK, STAGE_EXEC };
static const char *const stage_names[] = {
	[STAGE_SETUP] = "setting up the child",
	[STAGE_FDS] = "redirecting file descriptors",
	[STAGE_CWD] = "changing directory",
	[STAGE_OOM] = "setting oom_score_adj",
	[STAGE_FAIL] = "setting make-it-fail",
	[STAGE_HOOK] = "preparing the child",
	[STAGE_EXEC] = "execve",
};

_Noreturn static void child_fail(int pipefd, int stage, int err)
{
	struct child_error ce = { .err = err, .stage = stage };

	(void)!write(pipefd, &ce, sizeof(ce));
	_exit(127);
}

static int write_proc_self(const char *file, const char *value)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/self/%s", file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ssize_t k = write(fd, value, strlen(value));
	int r = k < 0 ? -errno : 0;
	close(fd);
	return r;
}

_Noreturn static void child(const struct spawn_opts *o, const char *exe, int pipefd)
{
	sigset_t empty;
	int r;

	sigemptyset(&empty);
	for (int s = 1; s < NSIG; s++)
		signal(s, SIG_DFL);
	sigprocmask(SIG_SETMASK, &empty, NULL);
	if (o->pdeathsig && prctl(PR_SET_PDEATHSIG, o->pdeathsig) < 0)
		child_fail(pipefd, STAGE_SETUP, errno);
	if (o->new_session && setsid() < 0)
		child_fail(pipefd, STAGE_SETUP, errno);

	int in = o->stdin_fd >= 0 ? o->stdin_fd : open("/dev/null", O_RDONLY);
	if (in < 0 || dup2(in, 0) < 0)
		child_fail(pipefd, STAGE_FDS, errno);
	if (o->stdout_fd >= 0 && dup2(o->stdout_fd, 1) < 0)
		child_fail(pipefd, STAGE_FDS, errno);
	if (o->stderr_fd >= 0 && dup2(o->stderr_fd, 2) < 0)
		child_fail(pipefd, STAGE_FDS, errno);
	if (o->cwd && chdir(o->cwd) < 0)
		child_fail(pipefd, STAGE_CWD, errno);
	if (o->in_child) {
		r = o->in_child(o->data);
		if (r < 0)
			child_fail(pipefd, STAGE_HOOK, -r);
	}
	if (o->set_oom_score_adj) {
		char v[16];
		snprintf(v, sizeof(v), "%d", o->oom_score_adj);
		r = write_proc_self("oom_score_adj", v);
		if (r < 0)
			child_fail(pipefd, STAGE_OOM, -r);
	}
	if (o->make_it_fail) {
		r = write_proc_self("make-it-fail", "1");
		if (r < 0)
			child_fail(pipefd, STAGE_FAIL, -r);
	}
	if (o->keep_fd > 2 && fcntl(o->keep_fd, F_SETFD, 0) < 0)
		child_fail(pipefd, STAGE_FDS, errno);
	execve(exe, o->argv, o->envp ? o->envp : environ);
	child_fail(pipefd, STAGE_EXEC, errno);
}

int spawn(const struct spawn_opts *o, pid_t *ret, const char **what)
{
	_cleanup_free_ char *exe = find_executable(o->argv[0]);
	struct child_error ce;
	int pipefd[2];
	pid_t pid;
	ssize_t k;

	if (!exe) {
		if (what)
			*what = "looking up the program in PATH";
		return -ENOENT;
	}
	if (pipe2(pipefd, O_CLOEXEC) < 0)
		return -errno;
	pid = fork();
	if (pid < 0) {
		int r = -errno;
		close(pipefd[0]);
		close(pipefd[1]);
		return r;
	}
	if (pid == 0) {
		close(pipefd[0]);
		child(o, exe, pipefd[1]);
	}
	close(pipefd[1]);
	do
		k = read(pipefd[0], &ce, sizeof(ce));
	while (k < 0 && errno == EINTR);
	close(pipefd[0]);
	if (k == (ssize_t)sizeof(ce)) {
		(void)waitpid(pid, NULL, 0);
		if (what) {
			*what = stage_names[ce.stage];
			if (ce.stage == STAGE_HOOK && o->in_child_what)
				*what = o->in_child_what;
		}
		return -ce.err;
	}
	*ret = pid;
	return 0;
}

int run_capture(char *const *argv, char **output, int *status)
{
	_cleanup_free_ char *buf = NULL;
	size_t len = 0, cap = 1 << 20;
	int p[2], st = 0, r;
	bool killed = false;
	pid_t pid;
	struct spawn_opts o = { .argv = argv, .stdin_fd = -1, .new_session = true };

	if (pipe2(p, O_CLOEXEC) < 0)
		return -errno;
	o.stdout_fd = o.stderr_fd = p[1];
	r = spawn(&o, &pid, NULL);
	close(p[1]);
	if (r < 0) {
		close(p[0]);
		return r;
	}
	buf = malloc(cap + 1);
	if (!buf) {
		close(p[0]);
		kill(-pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return -ENOMEM;
	}
	for (;;) {
		struct pollfd pf[2] = { { .fd = p[0], .events = POLLIN },
					{ .fd = interrupt_fd(), .events = POLLIN } };
		if (poll(pf, pf[1].fd >= 0 ? 2 : 1, -1) < 0 && errno != EINTR)
			break;
		if (pf[1].revents && interrupt_check()) {
			/* its whole session: a tool's own children too */
			kill(-pid, SIGKILL);
			killed = true;
			break;
		}
		if (!pf[0].revents)
			continue;
		ssize_t k = read(p[0], buf + len, cap - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		len += (size_t)k;
		if (len == cap) {
			char sink[4096];
			while (read(p[0], sink, sizeof(sink)) > 0)
				;
			break;
		}
	}
	close(p[0]);
	buf[len] = 0;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (status)
		*status = st;
	if (output)
		*output = TAKE_PTR(buf);
	return killed ? -EINTR : 0;
}

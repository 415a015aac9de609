/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Starting programs: fork + execve with an argv, never a shell. Setup that
 * must happen before the program's first instruction (joining a cgroup,
 * oom_score_adj, make-it-fail) runs in the child between fork and exec, and
 * any failure there or in execve is reported back to the parent through a
 * close-on-exec pipe, as posix_spawn does.
 */
#ifndef MEMSTRESS_CORE_SPAWN_H
#define MEMSTRESS_CORE_SPAWN_H

#include <stdbool.h>
#include <sys/types.h>

struct spawn_opts {
	char *const *argv; /* argv[0] is looked up in PATH unless it has a '/' */
	char *const *envp; /* NULL: inherit */
	const char *cwd;   /* NULL: inherit */
	int stdin_fd;	   /* -1: /dev/null */
	int stdout_fd;	   /* -1: inherit */
	int stderr_fd;	   /* -1: inherit */
	bool set_oom_score_adj;
	int oom_score_adj;
	bool make_it_fail; /* /proc/self/make-it-fail = 1 (fault injection) */
	bool new_session;  /* setsid(): own process group, no controlling tty */
	int pdeathsig;	   /* signal when the harness dies (0: none) */
	int keep_fd;	   /* > 2: this close-on-exec descriptor stays open in the program */
	/* Runs in the child after fork; return 0 or a negative errno. */
	int (*in_child)(void *data);
	void *data;
	const char *in_child_what; /* for the error message: "joining cgroup ..." */
};

/*
 * Start the program. On failure in the child, returns the child's negative
 * errno and, when what is non-NULL, sets *what to a static description of
 * the step that failed ("execve", "oom_score_adj", ...).
 */
int spawn(const struct spawn_opts *o, pid_t *ret, const char **what);

/* Find an executable in PATH; returns a new string or NULL. */
char *find_executable(const char *name);

/* Run a program to completion, capturing stdout+stderr (up to 1 MiB). An
 * interruption (core/interrupt.h) kills it and its session: -EINTR. */
int run_capture(char *const *argv, char **output, int *status);

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * The fail-nth sweep (syzkaller style): for each fstx operation, for
 * N = 1, 2, ...: prepare a fresh target, write N to
 * /proc/thread-self/fail-nth, perform the operation's one system call, and
 * read fail-nth back — 0 means the Nth fault-able allocation in that call
 * was failed. What userspace saw is recorded (success, or the errno), and
 * whether the filesystem shut down. The sweep of an operation ends at the
 * first N for which nothing was injected: the call then has fewer than N
 * fault sites. The table is written as JSON for the results.
 *
 * A reproducer runs one step: only_n = N performs step N alone (a fresh
 * target, the one call with fail-nth N), and its control the same step
 * with fail-nth never armed (inject = false).
 *
 * Which allocations count is decided by the failslab/fail_page_alloc knobs
 * (ignore-gfp-wait, min-order, cache-filter), which the harness sets with
 * probability 0 so that only fail-nth fires.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "engine.h"
#include "core/log.h"
#include "core/strv.h"
#include "fstx.h"

struct target {
	int dirfd;
	char path[4200];
	char a[64], b[64];
	unsigned n;
};

static int make_file(int dirfd, const char *name, size_t len)
{
	unsigned char buf[8192];
	int fd = openat(dirfd, name, O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);

	if (fd < 0)
		return -errno;
	fstx_content(42, 1, buf, len > sizeof(buf) ? sizeof(buf) : len);
	if (write(fd, buf, len > sizeof(buf) ? sizeof(buf) : len) < 0 || fsync(fd) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	close(fd);
	return 0;
}

/* Set up what the operation needs; not under fail-nth. */
static int prepare(enum fstx_op op, struct target *t)
{
	snprintf(t->a, sizeof(t->a), "a%u", t->n);
	snprintf(t->b, sizeof(t->b), "b%u", t->n);
	switch (op) {
	case OP_CREATE:
	case OP_MKDIR:
	case OP_TMPFILE: return 0;
	default: return make_file(t->dirfd, t->a, 4096);
	}
}

/* The operation's one system call, under fail-nth. */
static int perform(enum fstx_op op, struct target *t)
{
	unsigned char v[64];
	int fd, r = 0;

	switch (op) {
	case OP_CREATE:
		fd = openat(t->dirfd, t->a, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0644);
		if (fd < 0)
			return -errno;
		close(fd);
		return 0;
	case OP_RENAME: return renameat(t->dirfd, t->a, t->dirfd, t->b) < 0 ? -errno : 0;
	case OP_LINK: return linkat(t->dirfd, t->a, t->dirfd, t->b, 0) < 0 ? -errno : 0;
	case OP_UNLINK: return unlinkat(t->dirfd, t->a, 0) < 0 ? -errno : 0;
	case OP_MKDIR: return mkdirat(t->dirfd, t->a, 0755) < 0 ? -errno : 0;
	case OP_SETXATTR: {
		char p[4300];
		memset(v, 'x', sizeof(v));
		snprintf(p, sizeof(p), "%s/%s", t->path, t->a);
		return setxattr(p, "user.fstx.sweep", v, sizeof(v), 0) < 0 ? -errno : 0;
	}
	case OP_WRITE:
	case OP_TRUNCATE:
	case OP_FALLOCATE:
	case OP_FSYNC:
		fd = openat(t->dirfd, t->a, O_WRONLY | O_CLOEXEC);
		if (fd < 0)
			return -errno;
		if (op == OP_WRITE)
			r = pwrite(fd, "memstress", 9, 8192) < 0 ? -errno : 0;
		else if (op == OP_TRUNCATE)
			r = ftruncate(fd, 100) < 0 ? -errno : 0;
		else if (op == OP_FALLOCATE)
			r = fallocate(fd, 0, 65536, 65536) < 0 ? -errno : 0;
		else
			r = fsync(fd) < 0 ? -errno : 0;
		close(fd);
		return r;
	case OP_TMPFILE:
		fd = openat(t->dirfd, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
		if (fd < 0)
			return -errno;
		close(fd);
		return 0;
	default: return -EINVAL;
	}
}

/* After an injected failure: is the filesystem still writable? */
static bool fs_shut_down(int dirfd)
{
	int fd = openat(dirfd, "probe", O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0)
		return errno == EIO || errno == EROFS || errno == EUCLEAN;
	bool down = write(fd, "x", 1) < 0 && (errno == EIO || errno == EROFS);
	if (!down && fsync(fd) < 0 && (errno == EIO || errno == EROFS))
		down = true;
	close(fd);
	return down;
}

/* The run's trace instance (MEMSTRESS_TRACE_MARKER): each step is marked,
 * so the runner's witnesses can tell which failed allocation, with which
 * stack, was which step's. */
static int marker = -1;
static struct progress *progress; /* steps done, published as ops */
static unsigned long steps_done;

static void mark(enum fstx_op op, unsigned n)
{
	char m[64];
	int k;

	if (marker < 0)
		return;
	k = snprintf(m, sizeof(m), "memstress-sweep %s %u", fstx_op_names[op], n);
	(void)!write(marker, m, (size_t)k);
}

static int sweep_op(int nth_fd, const char *dir, enum fstx_op op, const struct fstx_sweep_opts *so,
		    json_object *out, bool *shutdown)
{
	char sub[4200];
	json_object *o = json_object_new_object(), *table = json_object_new_array(),
		    *sum = json_object_new_object();
	struct target t = { 0 };
	bool complete = false, fired = false;
	unsigned n;

	snprintf(sub, sizeof(sub), "%s/sweep.%s", dir, fstx_op_names[op]);
	snprintf(t.path, sizeof(t.path), "%s", sub);
	if (mkdir_p(sub, 0755) < 0 ||
	    (t.dirfd = open(sub, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0) {
		json_object_put(o);
		return -errno;
	}
	unsigned first = so->only_n ? so->only_n : 1, last = so->only_n ? so->only_n : so->max_n;
	for (n = first; n <= last; n++) {
		char val[32];
		t.n = n;
		int e = prepare(op, &t);
		if (e < 0) {
			json_object *row = json_object_new_object();
			json_object_object_add(row, "n", json_object_new_int((int)n));
			json_object_object_add(row, "prepare_failed",
					       json_object_new_string(strerrorname_np(-e) ?: "?"));
			json_object_array_add(table, row);
			*shutdown = fs_shut_down(t.dirfd);
			break;
		}
		snprintf(val, sizeof(val), "%u", n);
		mark(op, n);
		if (so->inject && pwrite(nth_fd, val, strlen(val), 0) < 0) {
			json_object_put(o);
			close(t.dirfd);
			return -errno;
		}
		int res = perform(op, &t);
		ssize_t k = so->inject ? pread(nth_fd, val, sizeof(val) - 1, 0) : 0;
		val[k > 0 ? k : 0] = 0;
		fired = k > 0 && atoi(val) == 0;
		if (so->inject)
			(void)!pwrite(nth_fd, "0", 1, 0); /* disarm */

		json_object *row = json_object_new_object();
		const char *what = res < 0 ? strerrorname_np(-res) : "ok";
		json_object_object_add(row, "n", json_object_new_int((int)n));
		json_object_object_add(row, "fired", json_object_new_boolean(fired));
		json_object_object_add(row, "result", json_object_new_string(what ? what : "?"));
		json_object *cnt;
		if (!json_object_object_get_ex(sum, what ? what : "?", &cnt))
			json_object_object_add(sum, what ? what : "?",
					       json_object_new_int(fired ? 1 : 0));
		else if (fired)
			json_object_int_inc(cnt, 1);
		if (fired && fs_shut_down(t.dirfd)) {
			json_object_object_add(row, "fs_shutdown", json_object_new_boolean(true));
			*shutdown = true;
		}
		json_object_array_add(table, row);
		if (progress) {
			char buf[64];
			snprintf(buf, sizeof(buf), "ops %lu\nerrors 0\nstate sweep\n",
				 ++steps_done);
			(void)progress_publish(progress, buf);
		}
		if (!fired && !so->only_n) {
			complete = true; /* fewer than n fault sites: done */
			break;
		}
		if (*shutdown)
			break;
	}
	close(t.dirfd);
	json_object_object_add(o, "op", json_object_new_string(fstx_op_names[op]));
	json_object_object_add(o, "fault_sites", json_object_new_int(complete ? (int)n - 1 : -1));
	json_object_object_add(o, "complete", json_object_new_boolean(complete));
	json_object_object_add(o, "results", sum);
	json_object_object_add(o, "table", table);
	json_object_array_add(out, o);
	if (so->only_n)
		fprintf(log_stdout(), "fstx sweep: %-12s step %u alone, fail-nth %s%s\n",
			fstx_op_names[op], so->only_n,
			!so->inject ? "not armed" :
			fired	    ? "fired" :
				      "did not fire",
			*shutdown ? " (filesystem shut down)" : "");
	else
		fprintf(log_stdout(), "fstx sweep: %-12s %s after %u step(s)%s\n",
			fstx_op_names[op], complete ? "complete" : "stopped", complete ? n - 1 : n,
			*shutdown ? " (filesystem shut down)" : "");
	fflush(log_stdout());
	return 0;
}

int fstx_sweep(const char *dir, char **ops, const struct fstx_sweep_opts *so, const char *out_path,
	       struct progress *prog)
{
	_cleanup_close_ int nth = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	json_object *root = json_object_new_object(), *arr = json_object_new_array();
	bool shutdown = false;
	int r = 0;

	if (nth < 0) {
		fprintf(log_stderr(),
			"fstx: /proc/thread-self/fail-nth: %m (CONFIG_FAULT_INJECTION)\n");
		return -errno;
	}
	const char *m = getenv("MEMSTRESS_TRACE_MARKER");
	if (m)
		marker = open(m, O_WRONLY | O_CLOEXEC);
	progress = prog && prog->fd >= 0 ? prog : NULL;
	STRV_FOREACH(op, ops) {
		int k = fstx_op_from_name(*op);
		if (k < 0) {
			fprintf(log_stderr(), "fstx: unknown operation '%s' to sweep\n", *op);
			r = -EINVAL;
			break;
		}
		r = sweep_op(nth, dir, (enum fstx_op)k, so, arr, &shutdown);
		if (r < 0 || shutdown)
			break;
	}
	if (marker >= 0)
		close(marker);
	json_object_object_add(root, "ops", arr);
	json_object_object_add(root, "fs_shutdown", json_object_new_boolean(shutdown));
	json_object_object_add(root, "max_n", json_object_new_int((int)so->max_n));
	if (so->only_n)
		json_object_object_add(root, "only_n", json_object_new_int((int)so->only_n));
	json_object_object_add(root, "inject", json_object_new_boolean(so->inject));
	if (out_path)
		(void)write_json(out_path, root);
	json_object_put(root);
	return r;
}

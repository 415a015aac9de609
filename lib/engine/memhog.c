// SPDX-License-Identifier: GPL-2.0
/*
 * memhog: memstress's own memory consumer. It allocates exactly `size` bytes
 * of anonymous memory in `step` chunks at `rate` bytes per second, touching
 * every page, then holds it (re-touching a page per chunk every heartbeat, so
 * it visibly makes progress) until told to stop. Unlike stress-ng it never
 * changes its own oom_score_adj, so victim-selection scenarios get exactly
 * the oom_score_adj they ask for.
 *
 * With `file`, it then writes into an in-memory file the run shares among
 * the workloads naming it, again and again, `file_write` bytes in one
 * writev() — one hold of the file's inode lock, and with `file_rewrite` one
 * charge of that much memory while the lock is held. Two memhogs on one file
 * make the OOM deadlock of LWN 627419: one allocates while it holds the lock,
 * the other (the OOM victim) waits for the lock in D state and cannot exit.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/strv.h"
#include "engine.h"

struct memhog_cfg {
	struct size_spec size;
	struct size_spec step;
	struct size_spec rate; /* bytes per second; 0: as fast as possible */
	bool hold;
	char *file; /* a shared in-memory file (memfd) the run makes, by name */
	struct size_spec
		file_write; /* then write() this much into it, in one call, again and again */
	bool file_rewrite;  /* empty it before each write (each write allocates anew) */
};

#define MH(f) offsetof(struct memhog_cfg, f)
/* clang-format off */
static const struct opt_def memhog_opts[] = {
	{ "size", OPT_SIZE, MH(size), NULL, "anonymous memory to allocate and touch (0: none)", OPT_REQUIRED | OPT_NO_MAX },
	{ "step", OPT_SIZE, MH(step), "1M", "allocation chunk", OPT_NO_MAX | OPT_NO_PERCENT },
	{ "rate", OPT_SIZE, MH(rate), "0", "bytes per second (0: as fast as it can)", OPT_NO_MAX | OPT_NO_PERCENT },
	{ "hold", OPT_BOOL, MH(hold), "yes", "keep the memory until stopped (no: free and start over)" },
	{ "file", OPT_STR, MH(file), NULL, "then write into a shared in-memory file of this name (a memfd the run makes; workloads naming the same file share it)" },
	{ "file_write", OPT_SIZE, MH(file_write), "4K", "bytes per write() into the file: one call, one hold of the file's inode lock", OPT_NO_MAX | OPT_NO_PERCENT },
	{ "file_rewrite", OPT_BOOL, MH(file_rewrite), "no", "empty the file before each write, so that each write allocates (and charges) its memory anew" },
	{ 0 }
};
/* clang-format on */

static int memhog_argv(const struct engine_ctx *c, char ***ret, char *err, size_t len)
{
	const struct memhog_cfg *m = c->w.cfg;
	char **v = NULL;
	int r;

	(void)err;
	(void)len;
	if ((r = strv_extend(&v, c->self_exe)) < 0 || (r = strv_extend(&v, "__memhog")) < 0 ||
	    (r = strv_extendf(&v, "--size=%llu",
			      (unsigned long long)size_resolve(&m->size, c->mem_total))) < 0 ||
	    (r = strv_extendf(&v, "--step=%llu",
			      (unsigned long long)size_resolve(&m->step, c->mem_total))) < 0 ||
	    (r = strv_extendf(&v, "--rate=%llu", (unsigned long long)m->rate.bytes)) < 0 ||
	    (r = strv_extend(&v, m->hold ? "--hold" : "--cycle")) < 0 ||
	    (c->progress_path && (r = strv_extendf(&v, "--progress=%s", c->progress_path)) < 0) ||
	    (c->shared_fd >= 0 &&
	     ((r = strv_extendf(&v, "--file-fd=%d", c->shared_fd)) < 0 ||
	      (r = strv_extendf(&v, "--file-write=%llu", (unsigned long long)m->file_write.bytes)) <
		      0 ||
	      (m->file_rewrite && (r = strv_extend(&v, "--file-rewrite")) < 0)))) {
		strv_free(v);
		return r;
	}
	*ret = v;
	return 0;
}

static const char *memhog_shared_file(const struct engine_wl *w)
{
	return ((const struct memhog_cfg *)w->cfg)->file;
}

const struct engine engine_memhog = {
	.name = "memhog",
	.help = "memstress's own allocator: allocates and touches `size`, exactly",
	.opts = memhog_opts,
	.cfg_size = sizeof(struct memhog_cfg),
	.argv = memhog_argv,
	.progress_unit = "MiB touched",
	.shared_file = memhog_shared_file,
};

/* --- the process --------------------------------------------------------- */

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void publish(struct progress *p, unsigned long long allocated, unsigned long long ops,
		    const char *state)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "ops %llu\nallocated %llu\nstate %s\n", ops, allocated, state);
	(void)progress_publish(p, buf);
}

/* Write `len` bytes into the shared file in one writev() (from one small
 * buffer), again and again until stopped. */
static int write_file(int fd, unsigned long long len, bool rewrite, struct progress *prog,
		      unsigned long long held, unsigned long long ops)
{
	static char buf[1 << 20];
	struct iovec iov[1024];
	int n = 0;

	memset(buf, 'm', sizeof(buf));
	for (unsigned long long left = len; left && n < 1024; n++) {
		iov[n].iov_base = buf;
		iov[n].iov_len = left < sizeof(buf) ? (size_t)left : sizeof(buf);
		left -= iov[n].iov_len;
	}
	fprintf(log_stdout(), "memhog: writing %llu bytes at a time into the shared file%s\n", len,
		rewrite ? ", emptied before each write" : "");
	fflush(log_stdout());
	while (!stop) {
		if (rewrite && ftruncate(fd, 0) < 0)
			return 1;
		if (lseek(fd, 0, SEEK_SET) < 0 || writev(fd, iov, n) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(log_stderr(), "memhog: writing the shared file: %m\n");
			return 1;
		}
		publish(prog, held, ++ops, "writing");
		if (rewrite) { /* let the others at the file between two big writes */
			struct timespec ts = { 0, 500 * 1000000 };
			nanosleep(&ts, NULL);
		}
	}
	publish(prog, 0, ops, "stopped");
	progress_close(prog);
	return 0;
}

int memhog_main(int argc, char **argv)
{
	static const struct option opts[] = { { "size", required_argument, NULL, 's' },
					      { "step", required_argument, NULL, 't' },
					      { "rate", required_argument, NULL, 'r' },
					      { "hold", no_argument, NULL, 'h' },
					      { "cycle", no_argument, NULL, 'c' },
					      { "progress", required_argument, NULL, 'p' },
					      { "file-fd", required_argument, NULL, 'F' },
					      { "file-write", required_argument, NULL, 'W' },
					      { "file-rewrite", no_argument, NULL, 'R' },
					      { 0 } };
	int file_fd = -1;
	unsigned long long file_write = 4096;
	bool rewrite = false;
	unsigned long long size = 0, step = 1 << 20, rate = 0, ops = 0;
	const char *progress_path = NULL;
	bool hold = true;
	long page = sysconf(_SC_PAGESIZE);
	struct progress prog = { .fd = -1 };
	int c;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) >= 0) {
		switch (c) {
		case 's': size = strtoull(optarg, NULL, 10); break;
		case 't': step = strtoull(optarg, NULL, 10); break;
		case 'r': rate = strtoull(optarg, NULL, 10); break;
		case 'h': hold = true; break;
		case 'c': hold = false; break;
		case 'p': progress_path = optarg; break;
		case 'F': file_fd = atoi(optarg); break;
		case 'W': file_write = strtoull(optarg, NULL, 10); break;
		case 'R': rewrite = true; break;
		default: return 2;
		}
	}
	if ((!size && file_fd < 0) || !step) {
		fprintf(log_stderr(), "memhog: --size and --step must be > 0\n");
		return 2;
	}
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	if (progress_open(&prog, progress_path) < 0)
		fprintf(log_stderr(), "memhog: cannot write progress to %s: %m\n", progress_path);

	size_t nchunks = (size_t)((size + step - 1) / step);
	char **chunks = calloc(nchunks ? nchunks : 1, sizeof(char *));
	size_t *lens = calloc(nchunks ? nchunks : 1, sizeof(size_t));
	if (!chunks || !lens)
		return 1;
	fprintf(log_stdout(), "memhog: allocating %llu bytes in %zu chunks of %llu\n", size,
		nchunks, step);
	fflush(log_stdout());
	while (!stop) {
		double t0 = mono_s();
		unsigned long long done = 0;

		for (size_t i = 0; i < nchunks && !stop; i++) {
			size_t len = (size_t)(size - done < step ? size - done : step);
			lens[i] = len;
			chunks[i] = mmap(NULL, len, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (chunks[i] == MAP_FAILED) {
				chunks[i] = NULL;
				fprintf(log_stderr(),
					"memhog: mmap of %zu bytes failed after %llu: %m\n", len,
					done);
				return 1;
			}
			for (size_t off = 0; off < len; off += (size_t)page)
				chunks[i][off] = (char)(off / (size_t)page + 1);
			done += len;
			publish(&prog, done, ++ops, "allocating");
			if (rate) {
				double due = t0 + (double)done / (double)rate,
				       wait = due - mono_s();
				if (wait > 0) {
					struct timespec ts = {
						(time_t)wait, (long)((wait - (time_t)wait) * 1e9)
					};
					nanosleep(&ts, NULL);
				}
			}
		}
		fprintf(log_stdout(), "memhog: %llu bytes allocated and touched\n", done);
		fflush(log_stdout());
		if (file_fd >= 0)
			return write_file(file_fd, file_write, rewrite, &prog, done, ops);
		if (!hold) {
			for (size_t i = 0; i < nchunks; i++) {
				if (chunks[i])
					munmap(chunks[i], lens[i]);
				chunks[i] = NULL;
			}
			continue;
		}
		while (!stop) {
			struct timespec ts = { 0, 200 * 1000000 };
			for (size_t i = 0; i < nchunks; i++)
				if (chunks[i])
					chunks[i][(ops * (size_t)page) % lens[i]]++;
			publish(&prog, done, ++ops, "holding");
			nanosleep(&ts, NULL);
		}
	}
	publish(&prog, 0, ops, "stopped");
	progress_close(&prog);
	return 0;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memhog: memstress's own memory consumer. It allocates exactly `size` bytes
 * of anonymous memory in `step` chunks at `rate` bytes per second, touching
 * every page, then holds it (re-touching a page per chunk every heartbeat, so
 * it visibly makes progress) until told to stop. Unlike stress-ng it never
 * changes its own oom_score_adj, so victim-selection scenarios get exactly
 * the oom_score_adj they ask for.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "core/parse.h"
#include "core/strv.h"
#include "engine.h"
#include "scenario/schema.h"

static int memhog_argv(const struct engine_ctx *c, char ***ret, char *err, size_t len)
{
	const struct memhog_cfg *m = c->w->engine_cfg;
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
	    (c->progress_path && (r = strv_extendf(&v, "--progress=%s", c->progress_path)) < 0)) {
		strv_free(v);
		return r;
	}
	*ret = v;
	return 0;
}

const struct engine engine_memhog = {
	.name = "memhog",
	.argv = memhog_argv,
	.publishes_progress = true,
};

/* --- the process --------------------------------------------------------- */

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void publish(struct progress *p, unsigned long long allocated, unsigned long long ops,
		    const char *state)
{
	char buf[256];

	snprintf(buf, sizeof(buf), "ops %llu\nallocated %llu\nstate %s\n", ops, allocated, state);
	(void)progress_publish(p, buf);
}

int memhog_main(int argc, char **argv)
{
	static const struct option opts[] = { { "size", required_argument, NULL, 's' },
					      { "step", required_argument, NULL, 't' },
					      { "rate", required_argument, NULL, 'r' },
					      { "hold", no_argument, NULL, 'h' },
					      { "cycle", no_argument, NULL, 'c' },
					      { "progress", required_argument, NULL, 'p' },
					      { 0 } };
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
		default: return 2;
		}
	}
	if (!size || !step) {
		fprintf(stderr, "memhog: --size and --step must be > 0\n");
		return 2;
	}
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	if (progress_open(&prog, progress_path) < 0)
		fprintf(stderr, "memhog: cannot write progress to %s: %m\n", progress_path);

	size_t nchunks = (size_t)((size + step - 1) / step);
	char **chunks = calloc(nchunks, sizeof(char *));
	size_t *lens = calloc(nchunks, sizeof(size_t));
	if (!chunks || !lens)
		return 1;
	printf("memhog: allocating %llu bytes in %zu chunks of %llu\n", size, nchunks, step);
	fflush(stdout);
	while (!stop) {
		double t0 = now_s();
		unsigned long long done = 0;

		for (size_t i = 0; i < nchunks && !stop; i++) {
			size_t len = (size_t)(size - done < step ? size - done : step);
			lens[i] = len;
			chunks[i] = mmap(NULL, len, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (chunks[i] == MAP_FAILED) {
				chunks[i] = NULL;
				fprintf(stderr, "memhog: mmap of %zu bytes failed after %llu: %m\n",
					len, done);
				return 1;
			}
			for (size_t off = 0; off < len; off += (size_t)page)
				chunks[i][off] = (char)(off / (size_t)page + 1);
			done += len;
			publish(&prog, done, ++ops, "allocating");
			if (rate) {
				double due = t0 + (double)done / (double)rate, wait = due - now_s();
				if (wait > 0) {
					struct timespec ts = {
						(time_t)wait, (long)((wait - (time_t)wait) * 1e9)
					};
					nanosleep(&ts, NULL);
				}
			}
		}
		printf("memhog: %llu bytes allocated and touched\n", done);
		fflush(stdout);
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

// SPDX-License-Identifier: GPL-2.0
/*
 * The per-event load of ci/bench/trace.sh: page faults into anonymous
 * memory, DURATION seconds. Each fault is one page allocation (one kmem
 * tracepoint) and one memory cgroup charge (one entry to try_charge_memcg,
 * the allocation probes' busiest path), and nothing else that varies: in a
 * TCG guest its rate moves 2 % from run to run where fstx's moves 10 to
 * 25 %, so the witnesses' cost per event can be told apart.
 * Prints "faults N per_s R".
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#define AREA (32UL << 20) /* within the scenario's memory.max: no reclaim */

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	double dur = argc > 1 ? atof(argv[1]) : 8, t0 = now(), t;
	unsigned long long n = 0;
	size_t page = (size_t)sysconf(_SC_PAGESIZE);

	do {
		char *p = mmap(NULL, AREA, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			       0);

		if (p == MAP_FAILED) {
			perror("mmap");
			return 1;
		}
		for (size_t i = 0; i < AREA; i += page)
			p[i] = 1;
		munmap(p, AREA);
		n += AREA / page;
		t = now();
	} while (t - t0 < dur);
	printf("faults %llu per_s %.0f\n", n, (double)n / (t - t0));
	return 0;
}

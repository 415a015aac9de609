/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one clock memstress times itself by: CLOCK_MONOTONIC, in
 * milliseconds or seconds. (The kernel's timestamps are put on it in
 * runner/run_int.h.)
 */
#ifndef MEMSTRESS_CORE_CLOCK_H
#define MEMSTRESS_CORE_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline uint64_t mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static inline double mono_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

#endif

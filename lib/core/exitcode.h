/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exit codes of every memstress command, in one place. README.md and
 * memstress(1) document the same table; `memstress bisect` maps them onto
 * git bisect run's convention (see cmd/bisect.c).
 */
#ifndef MEMSTRESS_CORE_EXITCODE_H
#define MEMSTRESS_CORE_EXITCODE_H

enum exit_code {
	EXIT_PASS = 0,	  /* every check passed */
	EXIT_FAIL = 1,	  /* a check failed: the kernel misbehaved */
	EXIT_USAGE = 2,	  /* bad command line or scenario file */
	EXIT_HARNESS = 3, /* memstress itself or the machine failed us */
	EXIT_SKIP = 4,	  /* requirements missing: nothing was judged */
	/* 128 + N: interrupted by signal N (130 Ctrl-C, 143 SIGTERM, 129 SIGHUP),
	 * after every change was undone; as a shell reports a signal's death */
	EXIT_INTERRUPTED = 128,
};

/* git bisect run: 0 good, 1 bad, 125 cannot test, >= 128 abort. */
enum bisect_exit {
	BISECT_GOOD = 0,
	BISECT_BAD = 1,
	BISECT_SKIP = 125,
	BISECT_ABORT = 128,
};

/* The worse of two verdict exit codes: harness > usage > fail > skip > pass. */
static inline int exit_code_worst(int a, int b)
{
	static const int rank[] = {
		[EXIT_PASS] = 0,  [EXIT_SKIP] = 1,    [EXIT_FAIL] = 2,
		[EXIT_USAGE] = 3, [EXIT_HARNESS] = 4,
	};
	if (a < 0 || a > EXIT_SKIP)
		return a;
	if (b < 0 || b > EXIT_SKIP)
		return b;
	return rank[a] >= rank[b] ? a : b;
}

#endif

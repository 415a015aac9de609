// SPDX-License-Identifier: GPL-2.0
/*
 * memstress repro: narrow a failed fault-injection run to the code site
 * whose failed allocations make the failure, then to one fault with a
 * standalone reproducer (lib/vm/repro*.c do it).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/exitcode.h"
#include "core/parse.h"
#include "vm/repro.h"

static const char usage[] =
	"usage: memstress repro [options] RUN\n"
	"\n"
	"Narrow a failed fault-injection run to the code site whose failed allocations\n"
	"make the failure. The run's scenario runs again on the run's kernel with its\n"
	"faults aimed at one function: the leaked object's allocation site first, then\n"
	"the sites the run's faults landed in, the most frequent first. The first that\n"
	"fails with the run's failed checks is narrowed to one fault: fstx's\n"
	"operations whose system calls the site's faults came from, each alone with\n"
	"fail-nth 1 (then 2) counting only allocations under the site. The first that\n"
	"fails the same way is confirmed: it must fail so in 4 of 5 runs, and the\n"
	"step with fail-nth unarmed must pass 5 of 5. Without one fault, the site is\n"
	"confirmed the same way, against the scenario without faults. Writes RUN/repro/:\n"
	"repro.ini (the one-fault scenario, else the site's), site.ini (the site's),\n"
	"repro.c and repro.sh (the one fault as a standalone C program, and the\n"
	"command that boots the run's kernel with it), report.txt (the upstream\n"
	"report of a confirming run), repro.log (every attempt), runs/.\n"
	"\n"
	"  -n, --confirm N     runs each way to confirm (default 5; 4 of 5 must fail)\n"
	"      --sites N       try at most N sites (default 8)\n"
	"      --faults N      try at most N one-fault steps (default 8; 0: stop at\n"
	"                      the site)\n"
	"      --budget TIME   stop trying sites after TIME (default 20m)\n"
	"  -q, --quiet         the runs print only what run -q does (progress goes on)\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: 0 reproduced and confirmed, 1 no site reproduced it, 2 the run\n"
	"cannot be narrowed (it passed, injected no faults, its kernel image is gone,\n"
	"...), 3 a run did not complete, 128+N interrupted by signal N.\n";

int cmd_repro(int argc, char **argv)
{
	static const struct option opts[] = { { "confirm", required_argument, NULL, 'n' },
					      { "sites", required_argument, NULL, 's' },
					      { "faults", required_argument, NULL, 'f' },
					      { "budget", required_argument, NULL, 'b' },
					      { "quiet", no_argument, NULL, 'q' },
					      { "help", no_argument, NULL, 'h' },
					      { 0 } };
	struct run_opts ro = { .status_fd = -1 };
	struct repro_opts o = {
		.confirm = 5, .max_sites = 8, .max_faults = 8, .budget_s = 1200, .ro = &ro
	};
	int64_t v;
	uint64_t ms;
	int c;

	while ((c = getopt_long(argc, argv, "n:qh", opts, NULL)) >= 0) {
		switch (c) {
		case 'n':
			if (parse_int64(optarg, 1, 100, &v) < 0)
				return usage_error("repro", "--confirm %s: a number from 1 to 100",
						   optarg);
			o.confirm = (unsigned)v;
			break;
		case 's':
			if (parse_int64(optarg, 1, 1000, &v) < 0)
				return usage_error("repro", "--sites %s: a number from 1 to 1000",
						   optarg);
			o.max_sites = (unsigned)v;
			break;
		case 'f':
			if (parse_int64(optarg, 0, 1000, &v) < 0)
				return usage_error("repro", "--faults %s: a number from 0 to 1000",
						   optarg);
			o.max_faults = (unsigned)v;
			break;
		case 'b':
			if (parse_duration_ms(optarg, &ms) < 0 || !ms)
				return usage_error(
					"repro", "--budget %s: a duration (90s, 20m, 1h)", optarg);
			o.budget_s = (double)ms / 1000.0;
			break;
		case 'q': ro.quiet = true; break;
		case 'h': return usage_print(usage);
		default: return usage_error("repro", "unknown option");
		}
	}
	if (argc - optind != 1)
		return usage_error("repro", "which run? give one run directory");
	/* RUN/ as a shell completes it: the paths repro prints have one '/' */
	char *run = argv[optind];
	for (size_t n = strlen(run); n > 1 && run[n - 1] == '/'; n--)
		run[n - 1] = '\0';
	o.run = run;
	ro.self_exe = self_exe();
	ro.quiet |= !isatty(STDERR_FILENO);
	return repro(&o);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memstress bisect: made for `git bisect run memstress bisect --scenario S`
 * inside a kernel tree. Every error of its own is an abort (128), never a
 * "bad": exit 2 would tell git bisect the commit is bad.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/scope.h"
#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "vm/bisect.h"

static const char usage[] =
	"usage: memstress bisect --scenario S [options] [TREE]\n"
	"\n"
	"One step of a bisect, for `git bisect run`:\n"
	"    git bisect start BAD GOOD\n"
	"    git bisect run memstress bisect --scenario S [--runs N]\n"
	"Builds the kernel tree's HEAD (TREE, default: the current directory;\n"
	"incremental, cached) with the memstress config, boots it in QEMU and runs\n"
	"the scenario up to N times, stopping at the first failure. A commit is bad\n"
	"only when it fails the way the known-bad commit (refs/bisect/bad) does —\n"
	"the same failed checks and the same first kernel failure title — which the\n"
	"first step learns by testing that commit; another failure is a skip.\n"
	"\n"
	"  -s, --scenario S        the scenario (a name or an .ini file)\n"
	"  -n, --runs N            runs per commit at most (default 3)\n"
	"  -F, --fingerprint TEXT  bad means: the failure's fingerprint contains TEXT\n"
	"                          (instead of learning it from the bad commit)\n"
	"      --learn             test HEAD as the bad commit and record its failure\n"
	"  -S, --set SEC.KEY=VAL   override a scenario key (repeatable)\n"
	"  -w, --with NAME         kernel config: add an optional fragment (lockdep,\n"
	"                          kasan, kmemleak, page_owner)\n"
	"  -c, --config FILE       kernel config: add a fragment of your own\n"
	"  -j, --jobs N            parallel build jobs\n"
	"  -r, --results DIR       where the runs go (default: <git dir>/memstress-bisect/results)\n"
	"  -h, --help              show this help\n"
	"\n"
	"State and a log of every step (log.tsv) are kept in <git dir>/memstress-bisect.\n"
	"\n"
	"Exit status (git bisect run's): 0 good, 1 bad, 125 cannot be tested (does\n"
	"not build or boot, a requirement is missing, another failure), 128 abort\n"
	"(memstress failed, bad arguments, interrupted).\n";

int cmd_bisect(int argc, char **argv)
{
	static const struct option opts[] = { { "scenario", required_argument, NULL, 's' },
					      { "runs", required_argument, NULL, 'n' },
					      { "fingerprint", required_argument, NULL, 'F' },
					      { "learn", no_argument, NULL, 'L' },
					      { "set", required_argument, NULL, 'S' },
					      { "with", required_argument, NULL, 'w' },
					      { "config", required_argument, NULL, 'c' },
					      { "jobs", required_argument, NULL, 'j' },
					      { "results", required_argument, NULL, 'r' },
					      { "help", no_argument, NULL, 'h' },
					      { 0 } };
	struct bisect_opts bo = { .tree = ".", .runs = 3 };
	struct run_opts ro = { .status_fd = -1, .target_kind = "vm" };
	_cleanup_strv_free_ char **with = NULL, **frags = NULL;
	_cleanup_free_ char *results = NULL;
	struct sc_override ov[32];
	const char *scenario = NULL;
	size_t n_ov = 0;
	int64_t v;
	int c, code;

	while ((c = getopt_long(argc, argv, "s:n:F:S:w:c:j:r:h", opts, NULL)) >= 0) {
		switch (c) {
		case 's': scenario = optarg; break;
		case 'n':
			if (parse_int64(optarg, 1, 1000, &v) < 0) {
				usage_error("bisect", "--runs %s: a number from 1 to 1000", optarg);
				return BISECT_ABORT;
			}
			bo.runs = (unsigned)v;
			break;
		case 'F': bo.fingerprint = optarg; break;
		case 'L': bo.learn = true; break;
		case 'S':
			if (n_ov == sizeof(ov) / sizeof(ov[0]) ||
			    sc_override_parse(optarg, &ov[n_ov]) < 0) {
				usage_error("bisect", "--set %s: expected SECTION.KEY=VALUE",
					    optarg);
				return BISECT_ABORT;
			}
			n_ov++;
			break;
		case 'w': {
			_cleanup_strv_free_ char **w = NULL;
			if (strv_split(optarg, ",", &w) == 0)
				strv_extend_strv(&with, w);
			break;
		}
		case 'c': strv_extend(&frags, optarg); break;
		case 'j':
			if (parse_int64(optarg, 1, 1024, &v) < 0) {
				usage_error("bisect", "--jobs %s: a number from 1 to 1024", optarg);
				return BISECT_ABORT;
			}
			bo.jobs = (unsigned)v;
			break;
		case 'r': ro.results_root = optarg; break;
		case 'h': return usage_print(usage);
		default: usage_error("bisect", "unknown option"); return BISECT_ABORT;
		}
	}
	if (!scenario) {
		usage_error("bisect", "which scenario? give --scenario");
		return BISECT_ABORT;
	}
	if (argc - optind > 1) {
		usage_error("bisect", "one TREE at most");
		return BISECT_ABORT;
	}
	if (optind < argc)
		bo.tree = argv[optind];
	struct scenario *s = NULL;
	code = scenario_resolve(scenario, ov, n_ov, &s);
	for (size_t i = 0; i < n_ov; i++)
		sc_override_release(&ov[i]);
	if (code != EXIT_PASS)
		return BISECT_ABORT;
	if (!ro.results_root) {
		/* inside the git dir: never in the tree being built */
		_cleanup_free_ char *gd = NULL;
		char *a[] = {
			"git", "-C", (char *)bo.tree, "rev-parse", "--absolute-git-dir", NULL
		};
		int status;
		if (run_capture(a, &gd, &status) == 0 && status == 0 && gd) {
			gd[strcspn(gd, "\n")] = '\0';
			if (asprintf(&results, "%s/memstress-bisect/results", gd) > 0)
				ro.results_root = results;
		}
		if (!ro.results_root)
			ro.results_root = "results";
	}
	ro.self_exe = self_exe();
	ro.quiet = !isatty(STDERR_FILENO);
	bo.s = s;
	bo.with = with;
	bo.fragments = frags;
	bo.ro = &ro;
	code = bisect_step(&bo);
	scenario_free(s);
	return code;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memstress run: load every scenario first (a bad one stops everything
 * before the system is touched, exit 2), then run them one after another on
 * this kernel, or in a VM booted from --kernel. The exit code is the worst
 * verdict: harness error > usage > fail > skip > pass.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/scope.h"
#include "core/exitcode.h"
#include "core/ident.h"
#include "core/interrupt.h"
#include "core/log.h"
#include "core/strv.h"
#include "report/html.h"
#include "report/result.h"
#include "runner/run.h"
#include "select.h"
#include "vm/vm.h"

static const char usage[] =
	"usage: memstress run [options] [SCENARIO...]\n"
	"\n"
	"Run scenarios (names from `memstress list`, globs of them such as 'memcg-*',\n"
	"or .ini files) and judge the kernel. Without a SCENARIO, run the built-in\n"
	"default scenario.\n"
	"\n"
	"  -r, --results DIR          where run directories are made (default: results)\n"
	"      --set SECTION.KEY=VAL  override a scenario key, e.g. --set cgroup.memory.max=128M\n"
	"  -k, --kernel BZIMAGE       boot this kernel in QEMU and run the scenarios inside it\n"
	"      --run-id ID            name of the run directory (one scenario only)\n"
	"      --allow-system-wide    allow [fault.*] system_wide = yes on this host\n"
	"      --allow-exec           allow engine exec on this host (it runs the scenario's\n"
	"                             command as root: only for scenario files you trust)\n"
	"      --wait                 wait for system-wide resources (fault knobs, hung-task\n"
	"                             sysctls) another run holds, instead of stopping (exit 3)\n"
	"      --html                 also write report.html (plots, events) in each run directory\n"
	"      --shard I/N            run only shard I of N of the scenarios (all shipped ones\n"
	"                             when none is named): each lands in exactly one shard\n"
	"      --exclude FILE         skip list, \"SCENARIO REASON\" per line (globs allowed):\n"
	"                             those scenarios are recorded as skipped, with the reason\n"
	"      --origin NAME          KCIDB origin of the results (default memstress)\n"
	"  -q, --quiet                print only the failed checks and the verdict\n"
	"  -v, --verbose              say more about what happens\n"
	"  -h, --help                 show this help\n"
	"\n"
	"Exit status: 0 every check passed, 1 a check failed, 2 usage or scenario error,\n"
	"3 harness error, 4 skipped (requirements missing), 128+N interrupted by signal N\n"
	"(130: Ctrl-C) after every change was undone.\n";

static void write_html(const char *dir)
{
	struct result *r = NULL;
	_cleanup_free_ char *err = NULL;
	char out[4300];
	int k;

	if (result_load(dir, &r, &err) < 0) {
		log_warning("no report.html: %s", err ? err : "cannot read the result");
		return;
	}
	if ((k = report_html(dir, r->root, out, sizeof(out))) < 0)
		log_warning("cannot write %s/report.html: %s", dir, strerror(-k));
	else
		fprintf(stderr, "report: %s\n", out);
	result_free(r);
}

int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = { { "results", required_argument, NULL, 'r' },
					      { "set", required_argument, NULL, 'S' },
					      { "kernel", required_argument, NULL, 'k' },
					      { "run-id", required_argument, NULL, 'I' },
					      { "allow-system-wide", no_argument, NULL, 'A' },
					      { "allow-exec", no_argument, NULL, 'E' },
					      { "wait", no_argument, NULL, 'W' },
					      { "quiet", no_argument, NULL, 'q' },
					      { "verbose", no_argument, NULL, 'v' },
					      { "help", no_argument, NULL, 'h' },
					      { "html", no_argument, NULL, 'H' },
					      { "shard", required_argument, NULL, 'D' },
					      { "exclude", required_argument, NULL, 'X' },
					      { "origin", required_argument, NULL, 'O' },
					      { 0 } };
	struct run_opts ro = { .results_root = "results", .status_fd = -1, .target_kind = "host" };
	struct sc_override ov[64];
	size_t n_ov = 0;
	const char *kernel = NULL, *exclude = NULL;
	struct shard shard = { 0 };
	bool html = false, allow_exec = false;
	int c, code = EXIT_PASS;

	while ((c = getopt_long(argc, argv, "r:k:qvh", opts, NULL)) >= 0) {
		switch (c) {
		case 'r': ro.results_root = optarg; break;
		case 'S':
			if (n_ov == 64)
				return usage_error("run", "too many --set options");
			if (sc_override_parse(optarg, &ov[n_ov]) < 0)
				return usage_error("run", "--set '%s': expected SECTION.KEY=VALUE",
						   optarg);
			n_ov++;
			break;
		case 'k': kernel = optarg; break;
		case 'I': {
			char b[64];
			const char *bad = ident_problem(optarg, RUN_ID_MAX, b, sizeof(b));
			if (bad)
				return usage_error("run", "--run-id '%s' %s", optarg, bad);
			ro.run_id = optarg;
			break;
		}
		case 'A': ro.allow_system_wide = true; break;
		case 'E': allow_exec = true; break;
		case 'W': ro.wait_locks = true; break;
		case 'q': ro.quiet = true; break;
		case 'H': html = true; break;
		case 'D':
			if (shard_parse(optarg, &shard) < 0)
				return usage_error("run", "--shard '%s': expected I/N, 1 <= I <= N",
						   optarg);
			break;
		case 'X': exclude = optarg; break;
		case 'O':
			if (!*optarg || strspn(optarg, "abcdefghijklmnopqrstuvwxyz0123456789_") !=
						strlen(optarg))
				return usage_error("run",
						   "--origin '%s': KCIDB origins are [a-z0-9_]+",
						   optarg);
			ro.origin = optarg;
			break;
		case 'v': log_set_level(LOG_LVL_INFO); break;
		case 'h': return usage_print(usage);
		default: return usage_error("run", "unknown option");
		}
	}
	/* From here a Ctrl-C waits for the run's signalfd: it is then undone
	 * properly instead of killing memstress halfway through setting up. */
	int k = interrupt_setup();
	if (k < 0) {
		log_error_errno(k, "cannot take SIGINT and SIGTERM: %m");
		return EXIT_HARNESS;
	}
	_cleanup_strv_free_ char **args = NULL;
	k = select_scenarios(argv + optind, (size_t)(argc - optind), &shard, &args);
	if (k < 0)
		return k == -ENOENT ? EXIT_USAGE : EXIT_HARNESS;
	if (!args && (argc > optind || shard.count)) {
		fprintf(stderr, "memstress: shard %u/%u has no scenario to run\n", shard.index,
			shard.count);
		return EXIT_PASS;
	}
	_cleanup_(exclude_freep) struct exclude_list *ex = NULL;
	if (exclude && exclude_load(exclude, &ex) < 0)
		return EXIT_USAGE;
	size_t n = args ? strv_length(args) : 1;
	if (ro.run_id && n > 1)
		return usage_error("run", "--run-id names one run; give one scenario");
	struct scenario **sc = calloc(n, sizeof(*sc));
	if (!sc)
		return EXIT_HARNESS;
	for (size_t i = 0; i < n; i++) {
		const char *arg = args ? args[i] : NULL;
		if (scenario_resolve(arg, ov, n_ov, &sc[i]) < 0) {
			code = EXIT_USAGE;
			break;
		}
		/* In a VM the command runs in a throwaway guest; here it would run as
		 * root on the user's machine, where a scenario file must not be able
		 * to do anything but what memstress itself does. */
		const struct sc_workload *x = scenario_exec_workload(sc[i]);
		if (x && !kernel && !allow_exec && !getenv("MEMSTRESS_GUEST")) {
			log_error(
				"%s: [workload.%s] engine exec runs the scenario's own command as "
				"root on this machine; pass --allow-exec if you trust this file "
				"(or run it in a VM with --kernel)",
				sc[i]->path, x->name);
			code = EXIT_USAGE;
			break;
		}
	}
	if (code == EXIT_PASS) {
		ro.self_exe = self_exe();
		ro.live = isatty(STDERR_FILENO) && !ro.quiet && getenv("TERM") &&
			  strcmp(getenv("TERM"), "dumb");
		for (size_t i = 0; i < n && !interrupt_check(); i++) {
			_cleanup_free_ char *dir = NULL;
			struct run_opts one = ro;
			one.excluded = exclude_reason(ex, sc[i]->name);
			k = kernel ? vm_run_scenario(sc[i], kernel, &one, &dir) :
				     run_scenario(sc[i], &one, &dir);
			code = i ? exit_code_worst(code, k) : k;
			if (html && dir)
				write_html(dir);
		}
		/* a signal before a run began: nothing was changed, say so all the same */
		if (interrupt_signal() && code < EXIT_INTERRUPTED)
			code = EXIT_INTERRUPTED + interrupt_signal();
	}
	for (size_t i = 0; i < n; i++)
		scenario_free(sc[i]);
	free(sc);
	for (size_t i = 0; i < n_ov; i++)
		sc_override_release(&ov[i]);
	return code;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memstress check: what this machine offers memstress (or a kernel, with
 * --kernel), and for each scenario whether it can run here and, if not,
 * exactly why. Probing changes nothing.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/scope.h"
#include "core/exitcode.h"
#include "core/strv.h"
#include "kernel/identity.h"
#include "engine/engine.h"
#include "kernel/probe.h"
#include "runner/run.h"
#include "vm/vm.h"

static const char usage[] =
	"usage: memstress check [options] [SCENARIO...]\n"
	"\n"
	"Probe this machine: root, cgroup layout and where the memory controller is,\n"
	"/dev/kmsg, debugfs and the fault-injection knobs, the hung-task detector,\n"
	"loop devices, XFS and ext4 tools, stress-ng, fio, qemu. Then say for each\n"
	"scenario (default: all of `memstress list`) whether it can run here, and why not.\n"
	"\n"
	"  -k, --kernel BZIMAGE   check what that kernel offers instead (boots it in QEMU)\n"
	"      --json             machine-readable output\n"
	"  -h, --help             show this help\n"
	"\n"
	"Exit status: 0 every scenario can run, 4 some cannot, 2 a scenario file is bad.\n";

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = { { "kernel", required_argument, NULL, 'k' },
					      { "json", no_argument, NULL, 'J' },
					      { "help", no_argument, NULL, 'h' },
					      { 0 } };
	struct machine m;
	bool json = false;
	const char *kernel = NULL;
	_cleanup_strv_free_ char **files = NULL;
	int c, code = EXIT_PASS;

	while ((c = getopt_long(argc, argv, "k:h", opts, NULL)) >= 0) {
		switch (c) {
		case 'k': kernel = optarg; break;
		case 'J': json = true; break;
		case 'h': return usage_print(usage);
		default: return usage_error("check", "unknown option");
		}
	}
	if (optind < argc) {
		for (int i = optind; i < argc; i++)
			strv_extend(&files, argv[i]);
	} else {
		files = scenario_files();
		if (!has_default(files))
			strv_extend(&files, "");
	}
	if (kernel) {
		/* the guest reads files: names become the files they name */
		STRV_FOREACH(f, files) {
			struct scenario *sc = NULL;
			if (!**f || scenario_resolve(*f, NULL, 0, &sc) < 0)
				continue;
			if (sc->path && *sc->path && strcmp(sc->path, *f)) {
				char *p = strdup(sc->path);
				if (p) {
					free(*f);
					*f = p;
				}
			}
			scenario_free(sc);
		}
		return vm_check(kernel, files, json);
	}

	machine_probe(&m);
	engines_probe(&m, true);
	json_object *out = json ? json_object_new_object() : NULL,
		    *scs = json ? json_object_new_array() : NULL;
	/* the options memstress's checks use (ci/kconfig/requirements.config) */
	_cleanup_free_ char *cfg = NULL;
	_cleanup_strv_free_ char **missing = NULL;
	bool have_cfg = kernel_config(&cfg) == 0 &&
			kconfig_requirements_missing(cfg, &missing) == 0;
	if (json) {
		json_object_object_add(out, "machine", machine_json(&m));
		json_object *kc = json_object_new_object(), *mi = json_object_new_array();
		json_object_object_add(kc, "readable", json_object_new_boolean(have_cfg));
		STRV_FOREACH(x, missing)
			json_object_array_add(mi, json_object_new_string(*x));
		json_object_object_add(kc, "missing", mi);
		json_object_object_add(out, "kconfig", kc);
	} else {
		printf("this machine:\n");
		machine_print(&m, stdout);
		if (!have_cfg)
			printf("kernel config: not readable (no /proc/config.gz or /boot/config-%s)\n",
			       m.release);
		else if (!missing)
			printf("kernel config: every option of ci/kconfig/requirements.config is set\n");
		else {
			printf("kernel config: %zu option(s) of ci/kconfig/requirements.config not set\n",
			       strv_length(missing));
			STRV_FOREACH(x, missing)
				printf("  %s\n", *x);
		}
		printf("scenarios:\n");
	}
	STRV_FOREACH(f, files) {
		struct scenario *s = NULL;
		if (scenario_resolve(**f ? *f : NULL, NULL, 0, &s) < 0) {
			code = EXIT_USAGE;
			continue;
		}
		_cleanup_strv_free_ char **why = scenario_unmet(s, &m, false);
		if (why && code == EXIT_PASS)
			code = EXIT_SKIP;
		if (json) {
			json_object_array_add(scs, scenario_unmet_json(s, s->path, why));
		} else if (!why)
			printf("  %-24s can run here\n", s->name);
		else {
			printf("  %-24s cannot run here:\n", s->name);
			STRV_FOREACH(x, why)
				printf("  %-24s   - %s\n", "", *x);
		}
		scenario_free(s);
	}
	if (json) {
		json_object_object_add(out, "scenarios", scs);
		puts(json_object_to_json_string_ext(out, JSON_C_TO_STRING_PRETTY |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(out);
	}
	machine_release(&m);
	return code;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * The command table: main.c dispatches from it, `memstress help` lists it
 * and `help COMMAND` finds the command in it, the shell completion reads the
 * list `memstress help` prints, and the CLI test checks every entry
 * (ci/tests/host/00-cli.t). Preconditions live on the entry.
 */
#include <string.h>

#include "cmd.h"

/* clang-format off */
static const struct command commands[] = {
	{ "run", cmd_run, 0, "run scenarios on this kernel, or on another one in a VM (--kernel)" },
	{ "check", cmd_check, 0, "what this machine (or a kernel) offers, and which scenarios can run" },
	{ "list", cmd_list, 0, "the scenarios, and the scenario format's sections and keys" },
	{ "scan", cmd_scan, 0, "find OOM kills, hangs, warnings, ... in a kernel log" },
	{ "kernel", cmd_kernel, 0, "build a kernel with fault injection for --kernel" },
	{ "report", cmd_report, 0, "show a run, regenerate its KTAP/JUnit/KCIDB/HTML files" },
	{ "compare", cmd_compare, 0, "compare runs or sets of runs; exit 1 on a regression" },
	{ "bisect", cmd_bisect, 0, "one step of `git bisect run`: build, boot, run, judge" },
	{ "repro", cmd_repro, 0, "narrow a failed fault run to the code site that makes it fail" },
	{ "cleanup", cmd_cleanup, CMD_NEED_ROOT, "undo what a crashed or killed run left behind" },
	{ "help", cmd_help, 0, "show help for memstress or a command" },
	{ "version", cmd_version, 0, "show the version" },
	{ "__guest", cmd_guest, CMD_HIDDEN, "init of a memstress VM guest" },
	{ "__memhog", cmd_memhog, CMD_HIDDEN, "the memhog engine" },
	{ "__fstx", cmd_fstx, CMD_HIDDEN, "the fstx engine" },
};
/* clang-format on */

const struct command *command_find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

const struct command *command_table(size_t *n)
{
	*n = sizeof(commands) / sizeof(commands[0]);
	return commands;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memstress help [COMMAND]: the command list, or a command's own --help.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/exitcode.h"

void main_print_commands(FILE *f);

static const char usage[] =
	"usage: memstress help [COMMAND]\n"
	"\n"
	"Show the list of commands, or the help of one command.\n";

int cmd_help(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **);
	} cmds[] = {
		{ "run", cmd_run },	    { "check", cmd_check },	{ "list", cmd_list },
		{ "scan", cmd_scan },	    { "kernel", cmd_kernel },	{ "report", cmd_report },
		{ "cleanup", cmd_cleanup }, { "version", cmd_version }, { "help", cmd_help },
	};

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return usage_print(usage);
	if (argc > 2)
		return usage_error("help", "too many arguments");
	if (argc == 2) {
		for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
			if (!strcmp(cmds[i].name, argv[1]))
				return cmds[i].fn(2, (char *[]){ argv[1], "--help", NULL });
		return usage_error("help", "no command '%s'", argv[1]);
	}
	printf("usage: memstress <command> [options]\n\n"
	       "memstress stresses a Linux kernel's memory management and checks what it does:\n"
	       "OOM victims, GFP_NOFS allocation failures, hangs, warnings, filesystem damage.\n\n"
	       "commands:\n");
	main_print_commands(stdout);
	printf("\nexit codes: 0 pass, 1 a check failed, 2 usage or scenario error,\n"
	       "            3 harness error, 4 skipped (requirements missing)\n"
	       "\nSee 'memstress help <command>' or memstress(1).\n");
	return EXIT_PASS;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memstress help [COMMAND]: the command list, or a command's own --help.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "core/exitcode.h"

static const char usage[] =
	"usage: memstress help [COMMAND]\n"
	"\n"
	"Show the list of commands, or the help of one command.\n";

int cmd_help(int argc, char **argv)
{
	const struct command *c;
	size_t n;

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return usage_print(usage);
	if (argc > 2)
		return usage_error("help", "too many arguments");
	if (argc == 2) {
		c = command_find(argv[1]);
		if (!c || (c->flags & CMD_HIDDEN))
			return usage_error("help", "no command '%s'", argv[1]);
		return c->fn(2, (char *[]){ argv[1], "--help", NULL });
	}
	printf("usage: memstress <command> [options]\n\n"
	       "memstress stresses a Linux kernel's memory management and checks what it does:\n"
	       "OOM victims, GFP_NOFS allocation failures, hangs, warnings, filesystem damage.\n\n"
	       "commands:\n");
	c = command_table(&n);
	for (size_t i = 0; i < n; i++)
		if (!(c[i].flags & CMD_HIDDEN))
			printf("   %-9s %s\n", c[i].name, c[i].summary);
	printf("\nexit codes: 0 pass, 1 a check failed, 2 usage or scenario error,\n"
	       "            3 harness error, 4 skipped (requirements missing)\n"
	       "\nSee 'memstress help <command>' or memstress(1).\n");
	return EXIT_PASS;
}

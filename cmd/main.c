// SPDX-License-Identifier: GPL-2.0
/*
 * memstress: the dispatcher over the command table (commands.c). Commands are matched by
 * their exact name (no prefixes: a new command never steals an
 * abbreviation). Preconditions live on the table entry and are checked once
 * here. Output errors (a full disk, a closed pipe) are caught when stdout is
 * closed, as git's run_builtin does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/exitcode.h"
#include "core/log.h"

static int finish(int code)
{
	if (fflush(stdout) || ferror(stdout) || fclose(stdout)) {
		if (errno != EPIPE)
			log_error("cannot write the output: %m");
		return code ? code : EXIT_HARNESS;
	}
	return code;
}

int main(int argc, char **argv)
{
	const struct command *c;

	/* the command decides where library code prints (core/log.h) */
	log_set_streams(stdout, stderr);
	if (argc < 2)
		return finish(cmd_help(1, (char *[]){ "help", NULL }));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return finish(cmd_help(1, (char *[]){ "help", NULL }));
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return finish(cmd_version(1, (char *[]){ "version", NULL }));
	c = command_find(argv[1]);
	if (!c) {
		fprintf(stderr,
			"memstress: '%s' is not a memstress command. See 'memstress help'.\n",
			argv[1]);
		return EXIT_USAGE;
	}
	bool help = argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));
	if ((c->flags & CMD_NEED_ROOT) && !help && geteuid() != 0) {
		fprintf(stderr, "memstress %s: must be run as root (it changes kernel state)\n",
			c->name);
		return EXIT_SKIP;
	}
	return finish(c->fn(argc - 1, argv + 1));
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memstress: the command table and the dispatcher. Commands are matched by
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

enum {
	NEED_ROOT = 1 << 0, /* changes kernel state */
	HIDDEN = 1 << 1,    /* internal: built-in engines, the VM guest's init */
};

/* clang-format off */
static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	unsigned flags;
	const char *summary;
} commands[] = {
	{ "run", cmd_run, 0, "run scenarios on this kernel, or on another one in a VM (--kernel)" },
	{ "check", cmd_check, 0, "what this machine (or a kernel) offers, and which scenarios can run" },
	{ "list", cmd_list, 0, "the scenarios, and the scenario format's sections and keys" },
	{ "scan", cmd_scan, 0, "find OOM kills, hangs, warnings, ... in a kernel log" },
	{ "kernel", cmd_kernel, 0, "build a kernel with fault injection for --kernel" },
	{ "report", cmd_report, 0, "show a run, regenerate its KTAP/JUnit/KCIDB/HTML files" },
	{ "compare", cmd_compare, 0, "compare runs or sets of runs; exit 1 on a regression" },
	{ "bisect", cmd_bisect, 0, "one step of `git bisect run`: build, boot, run, judge" },
	{ "cleanup", cmd_cleanup, NEED_ROOT, "undo what a crashed or killed run left behind" },
	{ "help", cmd_help, 0, "show help for memstress or a command" },
	{ "version", cmd_version, 0, "show the version" },
	{ "__guest", cmd_guest, HIDDEN, "init of a memstress VM guest" },
	{ "__memhog", cmd_memhog, HIDDEN, "the memhog engine" },
	{ "__fstx", cmd_fstx, HIDDEN, "the fstx engine" },
};
/* clang-format on */

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

void main_print_commands(FILE *f);
void main_print_commands(FILE *f)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!(commands[i].flags & HIDDEN))
			fprintf(f, "   %-9s %s\n", commands[i].name, commands[i].summary);
}

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

	if (argc < 2)
		return finish(cmd_help(1, (char *[]){ "help", NULL }));
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))
		return finish(cmd_help(1, (char *[]){ "help", NULL }));
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V"))
		return finish(cmd_version(1, (char *[]){ "version", NULL }));
	c = find(argv[1]);
	if (!c) {
		fprintf(stderr,
			"memstress: '%s' is not a memstress command. See 'memstress help'.\n",
			argv[1]);
		return EXIT_USAGE;
	}
	bool help = argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"));
	if ((c->flags & NEED_ROOT) && !help && geteuid() != 0) {
		fprintf(stderr, "memstress %s: must be run as root (it changes kernel state)\n",
			c->name);
		return EXIT_SKIP;
	}
	return finish(c->fn(argc - 1, argv + 1));
}

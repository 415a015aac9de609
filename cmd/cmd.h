/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The memstress commands: one file per command, each exporting only
 * cmd_<name>(argc, argv), which returns an exit code (core/exitcode.h).
 * commands.c holds the table, main.c the dispatcher.
 */
#ifndef MEMSTRESS_CMD_CMD_H
#define MEMSTRESS_CMD_CMD_H

#include <stdbool.h>

#include "scenario/scenario.h"

int cmd_run(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_cleanup(int argc, char **argv);
int cmd_scan(int argc, char **argv);
int cmd_kernel(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_bisect(int argc, char **argv);
int cmd_repro(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_guest(int argc, char **argv);
int cmd_memhog(int argc, char **argv);
int cmd_fstx(int argc, char **argv);

/* The command table (commands.c). */
enum {
	CMD_NEED_ROOT = 1 << 0, /* changes kernel state */
	CMD_HIDDEN = 1 << 1,	/* internal: built-in engines, the VM guest's init */
};

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	unsigned flags;
	const char *summary;
};

const struct command *command_find(const char *name);
const struct command *command_table(size_t *n);

/* Shared by the commands (cmd/common.c). */

/* "memstress CMD: msg" + "Try 'memstress CMD --help'." on stderr; returns EXIT_USAGE. */
int usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Print a command's usage text to stdout; returns EXIT_PASS. */
int usage_print(const char *text);

/*
 * Resolve a scenario argument: a path to an .ini file, or a name looked up
 * in the workloads directories ($MEMSTRESS_WORKLOADS, ./workloads, the
 * installed share/memstress/workloads). NULL: the built-in default.
 */
int scenario_resolve(const char *arg, const struct sc_override *ov, size_t n_ov,
		     struct scenario **ret);
/* Every scenario file in the workloads directories, first of each name wins (strv). */
char **scenario_files(void);
/* Is one of the files the default scenario (then the built-in copy is not listed)? */
bool has_default(char **files);
/* The workloads directories, in search order (static storage). */
const char *const *workload_dirs(void);
/* The running binary's absolute path (static storage). */
const char *self_exe(void);

#endif

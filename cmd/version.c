// SPDX-License-Identifier: GPL-2.0
/*
 * memstress version: the version, and those of the libraries it was built with.
 */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>

#include "cmd.h"
#include "core/exitcode.h"
#include "core/version.h"

static const char usage[] =
	"usage: memstress version\n"
	"\n"
	"Print the memstress version and the versions of the libraries it uses.\n";

int cmd_version(int argc, char **argv)
{
	static const struct option opts[] = { { "help", no_argument, NULL, 'h' }, { 0 } };
	int c;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) >= 0) {
		if (c == 'h')
			return usage_print(usage);
		return usage_error("version", "unknown option");
	}
	if (optind < argc)
		return usage_error("version", "unexpected argument '%s'", argv[optind]);
	printf("memstress %s\n", MEMSTRESS_VERSION);
	printf("json-c %s\n", json_c_version());
	return EXIT_PASS;
}

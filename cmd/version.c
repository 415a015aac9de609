// SPDX-License-Identifier: GPL-2.0
/*
 * memstress version: the version, and those of the libraries it was built with.
 */
#include <getopt.h>
#include <archive.h>
#include <json-c/json.h>
#include <openssl/crypto.h>
#include <stdio.h>
#include <zlib.h>

#include "cmd.h"
#include "core/exitcode.h"
#include "core/version.h"
#include "oracle/prefilter.h"

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
	/* the ones with a version call say what is loaded, the others what was built against */
	const struct {
		const char *name, *version;
	} libs[] = {
		{ "json-c", json_c_version() },
		{ "libarchive", archive_version_details() },
		{ "openssl", OpenSSL_version(OPENSSL_VERSION) },
		{ "zlib", zlibVersion() },
		{ "inih", INIH_VERSION " (built against)" },
		{ "libcgroup", LIBCGROUP_VERSION " (built against)" },
		{ "vectorscan", prefilter_engine() },
	};
	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++)
		printf("%-11s %s\n", libs[i].name, libs[i].version);
	return EXIT_PASS;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memstress version: the version, and those of the libraries it was built with.
 */
#include <getopt.h>
#include <archive.h>
#include <json-c/json.h>
#include <stdio.h>
#include <zlib.h>

#include "cmd.h"
#include "core/dlib.h"
#include "core/exitcode.h"
#include "core/version.h"
#include "oracle/prefilter.h"

/* the library memstress opens on first use (core/dlib.h) that has a
 * version call; vectorscan's is prefilter_engine() */
static __typeof__(archive_version_details) *archive_version;
static const struct dlib_fn archive_fns[] = { { "archive_version_details",
						(void **)&archive_version } };
static struct dlib libarchive = { ARCHIVE_SONAME, archive_fns, 1 };

static const char *loaded(struct dlib *d, const char *(*version)(void))
{
	return dlib_load(d) < 0 ? d->error : version();
}

static const char *archive_version_details_fn(void)
{
	return archive_version();
}

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
		{ "libarchive", loaded(&libarchive, archive_version_details_fn) },
		{ "zlib", zlibVersion() },
		{ "inih", INIH_VERSION " (built against)" },
		{ "libcgroup", LIBCGROUP_VERSION " (built against)" },
		{ "vectorscan", prefilter_engine() },
	};
	for (size_t i = 0; i < sizeof(libs) / sizeof(libs[0]); i++)
		printf("%-11s %s\n", libs[i].name, libs[i].version);
	return EXIT_PASS;
}

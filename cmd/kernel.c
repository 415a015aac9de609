// SPDX-License-Identifier: GPL-2.0
/*
 * memstress kernel: build a kernel with fault injection for --kernel, and
 * find or list the ones already built.
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/scope.h"
#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/strv.h"
#include "vm/vm.h"

static const char usage[] =
	"usage: memstress kernel build [options] [SOURCE]\n"
	"       memstress kernel path [options] [SOURCE]\n"
	"       memstress kernel list\n"
	"\n"
	"Build a kernel that has what memstress needs (fault injection with debugfs\n"
	"knobs and the stack filter, memcg, PSI, XFS, ext4, loop, 9p, the hung-task\n"
	"detector): allnoconfig plus the fragment in ci/kconfig. SOURCE is a kernel\n"
	"tree (a git checkout, built incrementally) or a tarball; default: Debian's\n"
	"linux-source-6.12 (installed with apt-get if missing). Builds are cached;\n"
	"the path of the bzImage is printed on stdout. `path` prints it without\n"
	"building (exit 4 if it is not built yet).\n"
	"\n"
	"  -w, --with NAME      add an optional fragment (repeatable): lockdep, kasan,\n"
	"                       kmemleak, page_owner\n"
	"  -c, --config FILE    add a config fragment of your own (repeatable)\n"
	"  -j, --jobs N         parallel jobs (default: the number of CPUs)\n"
	"  -f, --force          rebuild even if a cached build exists\n"
	"      --base CONFIG    start from this config target instead of allnoconfig, the\n"
	"                       fragment merged on top (e.g. defconfig: the benchmark's baseline)\n"
	"      --scratch        build in a fresh object directory, removed after (benchmarks)\n"
	"  -q, --quiet          no progress\n"
	"  -h, --help           show this help\n";

static int list(void)
{
	char dir[4200];
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *e;

	snprintf(dir, sizeof(dir), "%s/kernels", vm_cache_dir());
	d = opendir(dir);
	while (d && (e = readdir(d))) {
		char p[4600];
		_cleanup_free_ char *meta = NULL;
		if (e->d_name[0] == '.')
			continue;
		snprintf(p, sizeof(p), "%s/%s/bzImage", dir, e->d_name);
		if (!path_exists(p))
			continue;
		printf("%s\n", p);
		snprintf(p, sizeof(p), "%s/%s/meta.json", dir, e->d_name);
		if (read_full_file(p, 1 << 16, &meta, NULL) == 0) {
			char *rel = strstr(meta, "\"kernel_release\": \""),
			     *src = strstr(meta, "\"source\": \"");
			if (rel)
				printf("  release %.*s\n", (int)strcspn(rel + 19, "\""), rel + 19);
			if (src)
				printf("  source  %.*s\n", (int)strcspn(src + 11, "\""), src + 11);
		}
	}
	return EXIT_PASS;
}

int cmd_kernel(int argc, char **argv)
{
	static const struct option opts[] = { { "with", required_argument, NULL, 'w' },
					      { "config", required_argument, NULL, 'c' },
					      { "jobs", required_argument, NULL, 'j' },
					      { "force", no_argument, NULL, 'f' },
					      { "quiet", no_argument, NULL, 'q' },
					      { "help", no_argument, NULL, 'h' },
					      { "base", required_argument, NULL, 'B' },
					      { "scratch", no_argument, NULL, 'X' },
					      { 0 } };
	_cleanup_strv_free_ char **with = NULL, **frags = NULL;
	struct kbuild_opts ko = { 0 };
	char image[4200];
	int c;

	if (argc < 2)
		return usage_error("kernel", "which one: build, path or list?");
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))
		return usage_print(usage);
	const char *sub = argv[1];
	if (strcmp(sub, "build") && strcmp(sub, "path") && strcmp(sub, "list"))
		return usage_error("kernel", "unknown subcommand '%s' (build, path, list)", sub);
	argc--;
	argv++;
	while ((c = getopt_long(argc, argv, "w:c:j:fqh", opts, NULL)) >= 0) {
		switch (c) {
		case 'w': {
			_cleanup_strv_free_ char **v = NULL;
			strv_split(optarg, ",", &v);
			strv_extend_strv(&with, v);
			break;
		}
		case 'c': strv_extend(&frags, optarg); break;
		case 'j': ko.jobs = (unsigned)atoi(optarg); break;
		case 'f': ko.force = true; break;
		case 'q': ko.quiet = true; break;
		case 'B':
			if (strcmp(optarg, "allnoconfig") && strcmp(optarg, "defconfig") &&
			    strcmp(optarg, "tinyconfig"))
				return usage_error(
					"kernel", "--base %s: allnoconfig, tinyconfig or defconfig",
					optarg);
			ko.base = optarg;
			break;
		case 'X': ko.no_cache = true; break;
		case 'h': return usage_print(usage);
		default: return usage_error("kernel", "unknown option");
		}
	}
	if (!strcmp(sub, "list"))
		return list();
	if (argc - optind > 1)
		return usage_error("kernel", "one SOURCE at most");
	ko.source = optind < argc ? argv[optind] : NULL;
	ko.with = with;
	ko.fragments = frags;
	if (!strcmp(sub, "path")) {
		ko.quiet = true;
		ko.dry = true;
		int k = kbuild(&ko, image, sizeof(image), NULL);
		if (k < 0) {
			fprintf(stderr,
				"memstress kernel path: not built yet (memstress kernel build)\n");
			return EXIT_SKIP;
		}
		printf("%s\n", image);
		return EXIT_PASS;
	}
	if (kbuild(&ko, image, sizeof(image), NULL) < 0)
		return EXIT_HARNESS;
	printf("%s\n", image);
	return EXIT_PASS;
}

// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers every command uses: usage errors, scenario lookup by name or path.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/exitcode.h"
#include "core/fileio.h"
#include "core/scope.h"
#include "core/log.h"
#include "core/strv.h"
#include <dirent.h>

#ifndef MEMSTRESS_DATADIR
#define MEMSTRESS_DATADIR "/usr/local/share/memstress"
#endif

int usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "memstress %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'memstress %s --help'.\n", cmd);
	return EXIT_USAGE;
}

int usage_print(const char *text)
{
	fputs(text, stdout);
	return EXIT_PASS;
}

const char *self_exe(void)
{
	static char path[PATH_MAX];

	if (!path[0]) {
		ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
		if (n < 0)
			snprintf(path, sizeof(path), "memstress");
		else
			path[n] = 0;
	}
	return path;
}

const char *const *workload_dirs(void)
{
	static char exe_dir[PATH_MAX + 16];
	static const char *dirs[5];

	if (!dirs[0]) {
		size_t n = 0;
		const char *env = getenv("MEMSTRESS_WORKLOADS");
		if (env && *env)
			dirs[n++] = env;
		dirs[n++] = "workloads";
		/* next to the binary (a build tree run from elsewhere) */
		snprintf(exe_dir, sizeof(exe_dir), "%s", self_exe());
		char *slash = strrchr(exe_dir, '/');
		if (slash) {
			snprintf(slash, sizeof(exe_dir) - (size_t)(slash - exe_dir), "/workloads");
			dirs[n++] = exe_dir;
		}
		dirs[n++] = MEMSTRESS_DATADIR "/workloads";
		dirs[n] = NULL;
	}
	return dirs;
}

int scenario_resolve(const char *arg, const struct sc_override *ov, size_t n_ov,
		     struct scenario **ret)
{
	_cleanup_free_ char *err = NULL;
	char path[PATH_MAX];
	int k;

	if (!arg) {
		k = scenario_load_string(scenario_builtin_default, "default", "<built-in default>",
					 ov, n_ov, ret, &err);
		if (k < 0)
			log_error("%s", err ? err : "cannot load the built-in scenario");
		return k;
	}
	if (strchr(arg, '/') || (strlen(arg) > 4 && !strcmp(arg + strlen(arg) - 4, ".ini")) ||
	    path_exists(arg))
		snprintf(path, sizeof(path), "%s", arg);
	else {
		path[0] = 0;
		for (const char *const *d = workload_dirs(); *d; d++) {
			snprintf(path, sizeof(path), "%s/%s.ini", *d, arg);
			if (path_exists(path))
				break;
			path[0] = 0;
		}
		if (!path[0]) {
			log_error(
				"no scenario '%s' (looked for %s.ini in the workloads directories; see `memstress list`)",
				arg, arg);
			return -ENOENT;
		}
	}
	k = scenario_load(path, ov, n_ov, ret, &err);
	if (k < 0)
		fprintf(stderr, "memstress: %s\n", err ? err : strerror(-k));
	return k;
}

char **scenario_files(void)
{
	char **files = NULL, **names = NULL;

	for (const char *const *d = workload_dirs(); *d; d++) {
		struct dirent **ents = NULL;
		int n = scandir(*d, &ents, NULL, alphasort);
		for (int i = 0; i < n; i++) {
			const char *nm = ents[i]->d_name;
			size_t l = strlen(nm);
			if (l > 4 && !strcmp(nm + l - 4, ".ini") && nm[0] != '.') {
				char base[256];
				snprintf(base, sizeof(base), "%.*s", (int)(l - 4), nm);
				if (!strv_contains(names, base)) {
					strv_extend(&names, base);
					strv_extendf(&files, "%s/%s", *d, nm);
				}
			}
			free(ents[i]);
		}
		free(ents);
	}
	strv_free(names);
	return files;
}

bool has_default(char **files)
{
	STRV_FOREACH(f, files) {
		const char *b = strrchr(*f, '/');
		if (!strcmp(b ? b + 1 : *f, "default.ini"))
			return true;
	}
	return false;
}

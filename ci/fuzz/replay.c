// SPDX-License-Identifier: GPL-2.0
/*
 * Runs a fuzz target over files and directories of inputs without libFuzzer:
 * the same target code, built with any compiler and the sanitizers, replays
 * the seed corpus and the hostile inputs in `make check-fuzz` (TAP output,
 * one test per input directory or file).
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t len = 0, cap = 0;

	if (!f) {
		fprintf(stderr, "# %s: %s\n", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			uint8_t *n = realloc(buf, cap);
			if (!n)
				abort();
			buf = n;
		}
		size_t k = fread(buf + len, 1, cap - len, f);
		if (k == 0)
			break;
		len += k;
	}
	fclose(f);
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	return 0;
}

static int run_path(const char *path, unsigned *n)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "# %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		++*n;
		return run_file(path);
	}
	struct dirent **names;
	int k = scandir(path, &names, NULL, alphasort), rc = 0;
	if (k < 0)
		return -1;
	for (int i = 0; i < k; i++) {
		if (names[i]->d_name[0] != '.') {
			char sub[4096];
			snprintf(sub, sizeof(sub), "%s/%s", path, names[i]->d_name);
			if (run_path(sub, n) < 0)
				rc = -1;
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	printf("1..%d\n", argc - 1);
	for (int i = 1; i < argc; i++) {
		unsigned n = 0;
		int rc = run_path(argv[i], &n);
		printf("%sok %d - %s: %u input(s) ran clean\n", rc < 0 || n == 0 ? "not " : "", i,
		       argv[i], n);
	}
	return 0;
}

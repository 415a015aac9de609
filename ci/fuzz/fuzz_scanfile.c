// SPDX-License-Identifier: GPL-2.0
/*
 * Fuzz target (differential): a parallel scan of a file must give exactly
 * the output of a sequential one — same events, same order, same line
 * numbers — whatever the input. The input is written to a memfd and scanned
 * with 1 thread, then with 2 and 3 threads in chunks as small as they can be
 * (up to 8 per thread: so many handovers, over any line of the input), and
 * with 2 threads in chunks of the default size; any difference aborts. And
 * silent (scan -q: nothing written, the counts only), 1, 2 and 3 threads:
 * the counts of the rendered sequential scan, and not a byte of output.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"
#include "oracle/scanfile.h"

static unsigned render(struct oracle_event *e, FILE *f, void *ud)
{
	json_object *j = oracle_event_json(e);
	unsigned flags = RENDER_EVENT | (e->severity == SEV_FAILURE ? RENDER_FAILURE : 0);

	(void)ud;
	fputs(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN), f);
	json_object_put(j);
	oracle_event_free(e);
	return flags;
}

/* scan -q's kind: nothing rendered with a line number in it */
static unsigned render_unnumbered(struct oracle_event *e, FILE *f, void *ud)
{
	unsigned flags = RENDER_EVENT | (e->severity == SEV_FAILURE ? RENDER_FAILURE : 0);

	(void)ud;
	fprintf(f, "%s %s", ev_kind_name(e->kind), e->title);
	oracle_event_free(e);
	return flags;
}

/* scan -q's: nothing written, no stream given */
static unsigned render_silent(struct oracle_event *e, FILE *f, void *ud)
{
	unsigned flags = RENDER_EVENT | (e->severity == SEV_FAILURE ? RENDER_FAILURE : 0);

	(void)ud;
	if (f)
		abort();
	oracle_event_free(e);
	return flags;
}

static char *scan_as(int fd, unsigned threads, size_t chunk_min, bool unnumbered, bool silent,
		     struct scan_result *res)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	struct scan_opts o = { .render = silent	    ? render_silent :
					 unnumbered ? render_unnumbered :
						      render,
			       .out = out,
			       .sep_first = "",
			       .sep = "\n",
			       .threads = threads,
			       .chunk_min = chunk_min,
			       .unnumbered = unnumbered || silent,
			       .silent = silent };

	if (!out)
		abort();
	lseek(fd, 0, SEEK_SET);
	if (scan_file(fd, &o, res) < 0)
		abort();
	fclose(out);
	return buf;
}

static char *scan(int fd, unsigned threads, size_t chunk_min, bool unnumbered,
		  struct scan_result *res)
{
	return scan_as(fd, threads, chunk_min, unnumbered, false, res);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd = memfd_create("fuzz-scanfile", MFD_CLOEXEC);
	struct scan_result r1, rn;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	static const struct {
		unsigned threads;
		size_t chunk_min;
		bool unnumbered;
	} runs[] = {
		{ 2, 1, false }, { 3, 1, false }, { 2, 0, false }, { 2, 1, true }, { 3, 1, true }
	};
	char *one = scan(fd, 1, 0, false, &r1), *one_u = scan(fd, 1, 0, true, &r1);
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		unsigned t = runs[i].threads;
		char *par = scan(fd, t, runs[i].chunk_min, runs[i].unnumbered, &rn);
		if (strcmp(runs[i].unnumbered ? one_u : one, par) || r1.lines != rn.lines ||
		    r1.events != rn.events || r1.failures != rn.failures) {
			fprintf(stderr,
				"fuzz_scanfile: %u threads (chunks from %zu bytes%s) differ from 1 (lines %lu/%lu, events %lu/%lu)\n",
				t, runs[i].chunk_min, runs[i].unnumbered ? ", unnumbered" : "",
				r1.lines, rn.lines, r1.events, rn.events);
			abort();
		}
		free(par);
	}
	static const struct {
		unsigned threads;
		size_t chunk_min;
	} quiet[] = { { 1, 0 }, { 2, 1 }, { 3, 1 }, { 2, 0 } };
	for (size_t i = 0; i < sizeof(quiet) / sizeof(quiet[0]); i++) {
		char *out = scan_as(fd, quiet[i].threads, quiet[i].chunk_min, true, true, &rn);
		if (*out || r1.lines != rn.lines || r1.events != rn.events ||
		    r1.failures != rn.failures) {
			fprintf(stderr,
				"fuzz_scanfile: silent, %u threads (chunks from %zu bytes): %zu bytes written; lines %lu/%lu, events %lu/%lu, failures %lu/%lu\n",
				quiet[i].threads, quiet[i].chunk_min, strlen(out), r1.lines,
				rn.lines, r1.events, rn.events, r1.failures, rn.failures);
			abort();
		}
		free(out);
	}
	free(one);
	free(one_u);
	close(fd);
	return 0;
}

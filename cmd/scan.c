// SPDX-License-Identifier: GPL-2.0
/*
 * memstress scan: the console oracle over a log file — dmesg output, a serial
 * console capture, syslog, kmsg.log of a run. Events are printed as they are
 * found (streamed, so memory stays constant whatever the size of the log).
 * Exit 0 when the log is clean, 1 when it holds a failure-class event.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/cleanup.h"
#include "core/exitcode.h"
#include "core/log.h"
#include "core/strv.h"
#include "oracle/oracle.h"

static const char usage[] =
	"usage: memstress scan [options] [FILE|-]\n"
	"\n"
	"Find what the kernel reported in a log (dmesg, serial console, syslog, a run's\n"
	"kmsg.log; standard input with - or no FILE): OOM kills, allocation failures,\n"
	"injected faults, hung tasks and stalls, lockdep reports, warnings, BUGs, oopses,\n"
	"panics and filesystem errors, each with its fields and call trace.\n"
	"\n"
	"      --json          print the events as a JSON array\n"
	"  -k, --kind LIST     only these kinds (comma-separated): oom, alloc_failure,\n"
	"                      fault_injected, hang, lockdep, warning, bug, oops, panic,\n"
	"                      fs_error, blocked_tasks\n"
	"      --lines         with --json, include each event's raw lines\n"
	"  -q, --quiet         print nothing; only the exit status\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: 0 no failure-class event, 1 at least one, 2 usage error,\n"
	"3 the file could not be read.\n";

struct scan {
	bool json, quiet, color;
	unsigned long kinds; /* bit per ev_kind; 0: all */
	unsigned long events, failures;
};

static void emit(struct oracle_event *e, void *ud)
{
	struct scan *s = ud;

	if (s->kinds && !(s->kinds & (1UL << e->kind))) {
		oracle_event_free(e);
		return;
	}
	if (e->severity == SEV_FAILURE)
		s->failures++;
	if (!s->quiet) {
		if (s->json) {
			json_object *j = oracle_event_json(e);
			fputs(s->events ? ",\n" : "\n", stdout);
			fputs(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE), stdout);
			json_object_put(j);
		} else
			oracle_event_print(e, stdout, s->color);
	}
	s->events++;
	oracle_event_free(e);
}

#define CHUNK (1 << 20)
#define MAX_LINE (1 << 20)

static int scan_fd(int fd, struct oracle *o)
{
	char *buf = malloc(CHUNK + MAX_LINE);
	size_t have = 0;
	bool skipping = false; /* inside a line longer than MAX_LINE */

	if (!buf)
		return -ENOMEM;
	for (;;) {
		ssize_t k = read(fd, buf + have, CHUNK);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			return -errno;
		}
		if (k == 0)
			break;
		have += (size_t)k;
		char *p = buf, *end = buf + have;
		for (;;) {
			char *nl = memchr(p, '\n', (size_t)(end - p));
			if (!nl)
				break;
			if (!skipping)
				oracle_feed(o, p, (size_t)(nl - p));
			skipping = false;
			p = nl + 1;
		}
		have = (size_t)(end - p);
		if (have >= MAX_LINE) { /* an absurd line: feed its start, drop the rest */
			if (!skipping)
				oracle_feed(o, p, MAX_LINE);
			skipping = true;
			have = 0;
		} else
			memmove(buf, p, have);
	}
	if (have && !skipping)
		oracle_feed(o, buf, have);
	free(buf);
	return 0;
}

int cmd_scan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'J' }, { "kind", required_argument, NULL, 'k' },
		{ "lines", no_argument, NULL, 'L' }, { "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' }, { 0 }
	};
	struct scan s = { 0 };
	struct oracle_opts oo = { 0 };
	int c;

	while ((c = getopt_long(argc, argv, "k:qh", opts, NULL)) >= 0) {
		switch (c) {
		case 'J': s.json = true; break;
		case 'L': oo.keep_lines = 400; break;
		case 'q': s.quiet = true; break;
		case 'k': {
			_cleanup_strv_free_ char **v = NULL;
			strv_split(optarg, ",", &v);
			STRV_FOREACH(x, v) {
				int k = ev_kind_from_name(*x);
				if (k < 0)
					return usage_error("scan", "--kind: unknown kind '%s'", *x);
				s.kinds |= 1UL << k;
			}
			break;
		}
		case 'h': return usage_print(usage);
		default: return usage_error("scan", "unknown option");
		}
	}
	if (argc - optind > 1)
		return usage_error("scan", "one FILE at most");
	const char *path = optind < argc ? argv[optind] : "-";
	_cleanup_close_ int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : dup(STDIN_FILENO);
	if (fd < 0) {
		log_error("cannot open '%s': %m", path);
		return EXIT_HARNESS;
	}
	s.color = !s.json && fd_use_color(STDOUT_FILENO);
	struct oracle *o = oracle_new(&oo, emit, &s);
	if (!o)
		return EXIT_HARNESS;
	if (s.json && !s.quiet)
		fputc('[', stdout);
	int k = scan_fd(fd, o);
	oracle_flush(o);
	unsigned long lines = oracle_line_count(o);
	oracle_free(o);
	if (s.json && !s.quiet)
		fputs(s.events ? "\n]\n" : "]\n", stdout);
	else if (!s.quiet)
		fprintf(stderr, "%lu line(s), %lu event(s), %lu failure(s)\n", lines, s.events, s.failures);
	if (k < 0) {
		log_error("cannot read '%s': %s", path, strerror(-k));
		return EXIT_HARNESS;
	}
	return s.failures ? EXIT_FAIL : EXIT_PASS;
}

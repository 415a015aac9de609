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
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "core/scope.h"
#include "core/exitcode.h"
#include "core/log.h"
#include "core/strv.h"
#include "core/parse.h"
#include "oracle/oracle.h"
#include "oracle/scanfile.h"

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
	"  -j, --threads N     scan a regular file with N threads (default: one per CPU\n"
	"                      for files of 16 MB or more; the output is the same)\n"
	"  -q, --quiet         print nothing; only the exit status\n"
	"      --explain LINE  say what the scan makes of one line: which prefix\n"
	"                      recogniser strips it, the message, the rule that\n"
	"                      starts a report on it, and the event it gives alone\n"
	"  -h, --help          show this help\n"
	"\n"
	"Exit status: 0 no failure-class event, 1 at least one, 2 usage error,\n"
	"3 the file could not be read.\n";

struct scan {
	bool json, color, quiet;
	unsigned long kinds; /* bit per ev_kind; 0: all */
};

/* One event as the user asked for it (runs in the scan's worker threads). */
static unsigned render(struct oracle_event *e, FILE *f, void *ud)
{
	const struct scan *s = ud;
	unsigned flags = RENDER_EVENT;

	if (s->kinds && !(s->kinds & (1UL << e->kind))) {
		oracle_event_free(e);
		return 0;
	}
	if (e->severity == SEV_FAILURE)
		flags |= RENDER_FAILURE;
	if (!s->quiet) {
		if (s->json) {
			json_object *j = oracle_event_json(e);
			fputs(json_object_to_json_string_ext(
				      j, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE),
			      f);
			json_object_put(j);
		} else
			oracle_event_print(e, f, s->color);
	}
	oracle_event_free(e);
	return flags;
}

static void explained_event(struct oracle_event *e, void *ud)
{
	const struct scan *s = ud;

	oracle_event_print(e, stdout, s->color);
	oracle_event_free(e);
}

/* scan --explain LINE: what each stage makes of the line. */
static int explain_line(const char *line, struct scan *s)
{
	struct oracle_explanation x;
	size_t len = strlen(line);

	oracle_explain(line, len, &x);
	s->color = fd_use_color(STDOUT_FILENO);
	printf("prefix:   %s\n", x.prefix);
	printf("message:  %.*s\n", (int)x.msg_len, x.msg);
	if (x.ts >= 0)
		printf("time:     %.6f s\n", x.ts);
	if (x.caller[0])
		printf("caller:   %s\n", x.caller);
	if (x.level >= 0)
		printf("level:    %d\n", x.level);
	if (x.rule)
		printf("rule:     starts a report: \"%s\"\n", x.rule);
	else if (x.frame)
		printf("rule:     none; a call-trace frame (%.*s) of the report it follows\n",
		       (int)x.frame_len, x.frame);
	else
		printf("rule:     none; a report's continuation at most\n");
	struct oracle *o = oracle_new(NULL, explained_event, s);
	if (!o)
		return EXIT_HARNESS;
	oracle_feed(o, line, len);
	oracle_flush(o);
	oracle_free(o);
	return EXIT_PASS;
}

int cmd_scan(int argc, char **argv)
{
	static const struct option opts[] = { { "json", no_argument, NULL, 'J' },
					      { "kind", required_argument, NULL, 'k' },
					      { "lines", no_argument, NULL, 'L' },
					      { "quiet", no_argument, NULL, 'q' },
					      { "threads", required_argument, NULL, 'j' },
					      { "explain", required_argument, NULL, 'E' },
					      { "help", no_argument, NULL, 'h' },
					      { 0 } };
	struct scan s = { 0 };
	struct scan_opts so = { .render = render, .ud = &s, .out = stdout };
	bool quiet = false;
	const char *explain = NULL;
	int64_t threads;
	int c;

	while ((c = getopt_long(argc, argv, "k:j:qh", opts, NULL)) >= 0) {
		switch (c) {
		case 'J': s.json = true; break;
		case 'L': so.oracle.keep_lines = 400; break;
		case 'q': quiet = s.quiet = so.unnumbered = so.silent = true; break;
		case 'E': explain = optarg; break;
		case 'j':
			if (parse_int64(optarg, 1, 64, &threads) < 0)
				return usage_error("scan", "--threads %s: a number from 1 to 64",
						   optarg);
			so.threads = (unsigned)threads;
			break;
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
	if (explain) {
		if (optind < argc)
			return usage_error("scan", "--explain takes a line, not a FILE");
		return explain_line(explain, &s);
	}
	if (argc - optind > 1)
		return usage_error("scan", "one FILE at most");
	const char *path = optind < argc ? argv[optind] : "-";
	_cleanup_close_ int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) :
						     dup(STDIN_FILENO);
	if (fd < 0) {
		log_error("cannot open '%s': %m", path);
		return EXIT_HARNESS;
	}
	s.color = !s.json && fd_use_color(STDOUT_FILENO);
	if (s.json && !quiet) {
		so.sep_first = "\n";
		so.sep = ",\n";
		fputc('[', so.out);
	}
	/* Events are blocks of a few kB, made and freed at a high rate: by
	 * default glibc hands the top of the heap back to the kernel and faults
	 * it in again every few events (a seventh of the scan's time). */
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	mallopt(M_TOP_PAD, 1 << 20);
	struct scan_result res;
	int k = scan_file(fd, &so, &res);
	if (s.json && !quiet)
		fputs(res.events ? "\n]\n" : "]\n", so.out);
	else if (!quiet)
		fprintf(stderr, "%lu line(s), %lu event(s), %lu failure(s)\n", res.lines,
			res.events, res.failures);
	if (k < 0) {
		log_error("cannot read '%s': %s", path, strerror(-k));
		return EXIT_HARNESS;
	}
	return res.failures ? EXIT_FAIL : EXIT_PASS;
}

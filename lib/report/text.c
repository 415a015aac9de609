// SPDX-License-Identifier: GPL-2.0
/*
 * Plain-text view of a result: the table of checks with one line of evidence
 * each, the kernel events, and where the files are. Colour is the caller's
 * business (this view is also written to files).
 */
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/log.h"
#include "result.h"
#include "oracle/oracle.h"
#include "writers.h"

int write_text(json_object *root, FILE *f)
{
	return write_text_color(root, f, false);
}

static const char *status_color(const char *st)
{
	static const struct {
		const char *status, *color;
	} colors[] = {
		{ "pass", "\033[32m" },
		{ "fail", "\033[1;31m" },
		{ "skip", "\033[33m" },
		{ "error", "\033[1;35m" },
	};
	for (size_t i = 0; i < sizeof(colors) / sizeof(colors[0]); i++)
		if (!strcmp(colors[i].status, st))
			return colors[i].color;
	return "";
}

/* A terminal's width; 0 (no wrapping) for a file or a pipe. */
static size_t term_cols(FILE *f)
{
	struct winsize ws;

	if (!isatty(fileno(f)) || ioctl(fileno(f), TIOCGWINSZ, &ws) < 0 || ws.ws_col < 60)
		return 0;
	return ws.ws_col;
}

/*
 * "  PASS  name                         summary": on a terminal the summary
 * wraps at word boundaries under itself, so the table reads at 80 columns.
 */
/*
 * The rest of a line whose first `indent` columns are printed: on a terminal
 * it wraps at word boundaries under itself, so tables read at 80 columns.
 */
static void wrapped(FILE *f, size_t indent, const char *text)
{
	size_t cols = term_cols(f);

	while (cols > indent + 20 && strlen(text) > cols - indent - 1) {
		size_t room = cols - indent - 1, cut = room;
		while (cut > room / 2 && text[cut] != ' ')
			cut--;
		if (text[cut] != ' ')
			cut = room;
		fprintf(f, "%.*s\n%*s", (int)cut, text, (int)indent, "");
		text += cut + (text[cut] == ' ');
	}
	fprintf(f, "%s\n", text);
}

/* "  PASS  name                         summary" */
static void check_line(json_object *c, FILE *f, bool color)
{
	const char *st = jstr(c, "status");
	char up[8];
	size_t k;

	for (k = 0; st[k] && k < sizeof(up) - 1; k++)
		up[k] = (char)(st[k] >= 'a' && st[k] <= 'z' ? st[k] - 32 : st[k]);
	up[k] = 0;
	int w = fprintf(f, "  %s%-5s%s %-28s ", color ? status_color(st) : "", up,
			color ? "\033[0m" : "", jstr(c, "name"));
	wrapped(f, (size_t)w - (color ? strlen(status_color(st)) + 4 : 0), jstr(c, "summary"));
}

static void verdict_line(json_object *root, FILE *f, bool color)
{
	fprintf(f, "verdict: %s%s%s (exit %lld)\n",
		color ? status_color(jstr(root, "verdict")) : "", jstr(root, "verdict"),
		color ? "\033[0m" : "", jint(root, "exit_code", -1));
}

int write_text_color(json_object *root, FILE *f, bool color)
{
	json_object *sc = jget(root, "scenario"), *tg = jget(root, "target");
	json_object *checks = jget(root, "checks"), *events = jget(root, "events");
	size_t nc = checks ? json_object_array_length(checks) : 0;
	size_t ne = events ? json_object_array_length(events) : 0;

	fprintf(f, "run %s: scenario %s on %s (%s)\n", jstr(root, "run_id"), jstr(sc, "name"),
		jstr(tg, "kernel_release"), jstr(tg, "kind"));
	json_object *kn = jget(root, "kernel");
	if (kn) {
		json_object *tb = jget(kn, "taint_before"), *ta = jget(kn, "taint_after");
		const char *sha = jstr(jget(kn, "config"), "sha256");
		fprintf(f, "kernel: %s, config %.12s%s, taint %s", jstr(kn, "version"),
			sha[0] ? sha : "unknown", sha[0] ? "..." : "",
			jstr(tb, "flags")[0] ? jstr(tb, "flags") : "none");
		if (ta)
			fprintf(f, " -> %s", jstr(ta, "flags")[0] ? jstr(ta, "flags") : "none");
		fputc('\n', f);
	}
	if (ne) {
		size_t shown = 0;
		fprintf(f, "kernel events: %zu\n", ne);
		for (size_t i = 0; i < ne && shown < 12; i++) {
			json_object *e = json_object_array_get_idx(events, i);
			if (jevent_kind(e) == EV_FAULT_INJECTED && ne > 12)
				continue;
			int w = fprintf(f, "  %+8.2fs  %-14s ", jdouble(e, "run_time", 0),
					jstr(e, "kind"));
			wrapped(f, (size_t)w, jstr(e, "title"));
			shown++;
		}
		if (shown < ne)
			fprintf(f, "  ... %zu more in result.json\n", ne - shown);
	}
	fprintf(f, "checks:\n");
	for (size_t i = 0; i < nc; i++)
		check_line(json_object_array_get_idx(checks, i), f, color);
	if (!strcmp(jstr(root, "status"), "running")) {
		/* no verdict: the run is going on, or it was killed before it finished */
		json_object *pr = jget(root, "progress");
		fprintf(f,
			"verdict: none: the run did not finish; its record was last written "
			"while %s, at %s (%+.1fs)\n",
			jstr(pr, "phase")[0] ? jstr(pr, "phase") : "setting up",
			jstr(pr, "updated")[0] ? jstr(pr, "updated") : jstr(root, "started"),
			jdouble(pr, "elapsed_s", 0));
		if (jget(root, "still_running"))
			fprintf(f, "  it is still running (pid %lld)\n",
				jint(jget(root, "harness"), "pid", -1));
		else
			fprintf(f,
				"  its process is gone: it was killed (SIGKILL) or the machine "
				"stopped; `memstress cleanup` undoes what it left\n");
		return 0;
	}
	if (jget(root, "interrupted")) {
		json_object *in = jget(root, "interrupted");
		fprintf(f, "interrupted by %s while %s, at %+.1fs; every change was undone\n",
			jstr(in, "signal"), jstr(in, "phase"), jdouble(in, "at_s", 0));
	}
	verdict_line(root, f, color);
	return 0;
}

int write_text_brief(json_object *root, FILE *f, bool color)
{
	json_object *checks = jget(root, "checks");
	size_t nc = checks ? json_object_array_length(checks) : 0;

	for (size_t i = 0; i < nc; i++) {
		json_object *c = json_object_array_get_idx(checks, i);
		if (!strcmp(jstr(c, "status"), "fail") || !strcmp(jstr(c, "status"), "error"))
			check_line(c, f, color);
	}
	verdict_line(root, f, color);
	return 0;
}

void write_verdict(json_object *root, FILE *f, bool brief, const char *dir, const char *where)
{
	bool color = fd_use_color(fileno(f));

	if (brief) {
		write_text_brief(root, f, color);
	} else {
		fputc('\n', f);
		write_text_color(root, f, color);
	}
	fprintf(f, "results: %s%s%s%s\n", dir, where ? " (" : "", where ? where : "",
		where ? ")" : "");
	fflush(f);
}

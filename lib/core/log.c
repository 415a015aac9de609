// SPDX-License-Identifier: GPL-2.0
/*
 * Diagnostics on stderr with levels, optional colour and a tee into the run's
 * harness.log. See log.h for the conventions.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static enum log_level max_level = LOG_LVL_NOTICE;
static FILE *tee_file;
static void (*before_print)(void);
static char last_error[512];

const char *log_last_error(void)
{
	return last_error;
}

void log_set_level(enum log_level level)
{
	max_level = level;
}

enum log_level log_get_level(void)
{
	return max_level;
}

void log_set_tee(FILE *f)
{
	tee_file = f;
}

void log_set_before_print(void (*fn)(void))
{
	before_print = fn;
}

bool fd_use_color(int fd)
{
	const char *nc = getenv("NO_COLOR");

	return isatty(fd) && !(nc && *nc);
}

static FILE *out_stream, *err_stream;

void log_set_streams(FILE *out, FILE *err)
{
	out_stream = out;
	err_stream = err;
}

FILE *log_stdout(void)
{
	return out_stream ? out_stream : stdout;
}

FILE *log_stderr(void)
{
	return err_stream ? err_stream : stderr;
}

bool log_use_color(void)
{
	static int cached = -1;

	if (cached < 0)
		cached = fd_use_color(fileno(log_stderr()));
	return cached;
}

static const struct {
	const char *prefix;
	const char *color;
} levels[] = {
	[LOG_LVL_ERROR] = { "error: ", "\033[1;31m" },
	[LOG_LVL_WARNING] = { "warning: ", "\033[1;33m" },
	[LOG_LVL_NOTICE] = { "", "" },
	[LOG_LVL_INFO] = { "", "" },
	[LOG_LVL_DEBUG] = { "debug: ", "\033[2m" },
};

int log_full_errno(enum log_level level, int r, const char *fmt, ...)
{
	int saved = errno;
	char msg[4096];
	va_list ap;

	if (level > max_level && !tee_file)
		return r;

	/* %m in fmt expands to strerror(errno); make that the error passed in. */
	errno = r < 0 ? -r : saved;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (level == LOG_LVL_ERROR)
		snprintf(last_error, sizeof(last_error), "%s", msg);

	if (tee_file) {
		fprintf(tee_file, "%s%s\n", levels[level].prefix, msg);
		fflush(tee_file);
	}
	if (level <= max_level) {
		bool c = log_use_color() && *levels[level].color;

		if (before_print)
			before_print();
		fprintf(log_stderr(), "memstress: %s%s%s%s\n", c ? levels[level].color : "",
			levels[level].prefix, c ? "\033[0m" : "", msg);
	}
	errno = saved;
	return r;
}

/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Diagnostics on stderr. Library code returns negative errno values and the
 * command that decides what to do logs once, e.g.
 *
 *	return log_error_errno(r, "cannot set memory.max on '%s': %m", path);
 *
 * %m prints strerror(-r). Messages are lowercase and say what failed first.
 * A run can tee every message into its own harness.log.
 */
#ifndef MEMSTRESS_CORE_LOG_H
#define MEMSTRESS_CORE_LOG_H

#include <stdbool.h>
#include <stdio.h>

enum log_level {
	LOG_LVL_ERROR,
	LOG_LVL_WARNING,
	LOG_LVL_NOTICE,
	LOG_LVL_INFO,
	LOG_LVL_DEBUG,
};

void log_set_level(enum log_level level);
enum log_level log_get_level(void);
/* Also write every message (whatever the level, debug included) to f. */
void log_set_tee(FILE *f);
/* Colours: only when stderr is a TTY and NO_COLOR is unset. */
bool log_use_color(void);
/* The same rule for any output: a TTY, and NO_COLOR unset or empty (no-color.org). */
bool fd_use_color(int fd);

/* Returns r, so `return log_error_errno(r, ...)` propagates the error. */
int log_full_errno(enum log_level level, int r, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* The last error message logged ("" if none): what a caller that only has
 * an errno can name when it reports the failure again. */
const char *log_last_error(void);

#define log_error_errno(r, ...) log_full_errno(LOG_LVL_ERROR, (r), __VA_ARGS__)
#define log_warning_errno(r, ...) log_full_errno(LOG_LVL_WARNING, (r), __VA_ARGS__)
#define log_debug_errno(r, ...) log_full_errno(LOG_LVL_DEBUG, (r), __VA_ARGS__)
#define log_error(...) ((void)log_full_errno(LOG_LVL_ERROR, 0, __VA_ARGS__))
#define log_warning(...) ((void)log_full_errno(LOG_LVL_WARNING, 0, __VA_ARGS__))
#define log_notice(...) ((void)log_full_errno(LOG_LVL_NOTICE, 0, __VA_ARGS__))
#define log_info(...) ((void)log_full_errno(LOG_LVL_INFO, 0, __VA_ARGS__))
#define log_debug(...) ((void)log_full_errno(LOG_LVL_DEBUG, 0, __VA_ARGS__))

/*
 * The command's two streams, which it sets (main: stdout and stderr) and
 * library code prints through, never stdout or stderr itself:
 *   log_stdout()  what the command outputs (a run's verdict, a bisect step's answer)
 *   log_stderr()  messages for people beside it: banners, progress, live status lines
 * Diagnostics go through log_*() above, which write to log_stderr().
 */
void log_set_streams(FILE *out, FILE *err);
FILE *log_stdout(void);
FILE *log_stderr(void);

/* Hook called before a message is printed (the live status line clears itself). */
void log_set_before_print(void (*fn)(void));

#endif

// SPDX-License-Identifier: GPL-2.0
/*
 * The engine registry: adding an engine is one file and one line here. And
 * the checks engines share for their keys (directories below the [fs] mount,
 * files beside the scenario).
 */
#include <errno.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "core/fileio.h"
#include "core/parse.h"
#include "core/scope.h"
#include "core/spawn.h"
#include "engine.h"

extern const struct engine engine_stress_ng, engine_memhog, engine_fstx, engine_fio, engine_exec,
	engine_dbench;

static const struct engine *const engines[] = {
	&engine_stress_ng, &engine_memhog, &engine_fstx, &engine_fio, &engine_exec, &engine_dbench,
};

const struct engine *engine_at(size_t i)
{
	return i < sizeof(engines) / sizeof(engines[0]) ? engines[i] : NULL;
}

const struct engine *engine_find(const char *name)
{
	const struct engine *e;

	for (size_t i = 0; (e = engine_at(i)); i++)
		if (!strcmp(e->name, name))
			return e;
	return NULL;
}

const struct engine *engine_by_program(const char *program)
{
	const struct engine *e;

	for (size_t i = 0; (e = engine_at(i)); i++)
		if (e->program && !strcmp(e->program, program))
			return e;
	return NULL;
}

void engines_probe(struct machine *m, bool describe)
{
	const struct engine *e;

	for (size_t i = 0; (e = engine_at(i)); i++) {
		if (!e->program)
			continue;
		char *path = find_executable(e->program), about[160];
		snprintf(about, sizeof(about), "%s", path ? "yes" : "not installed");
		if (path && describe && e->describe)
			e->describe(about, sizeof(about));
		machine_add_program(m, e->program, path != NULL, about);
		free(path);
	}
}

int engine_stop_signal(const struct engine *e)
{
	return e->stop_signal ? e->stop_signal : SIGTERM;
}

/* How it ended, in words: "exited 2", "killed by SIGSEGV". */
static const char *ended(int status, char *buf, size_t len)
{
	if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by SIG%s", sigabbrev_np(WTERMSIG(status)) ?: "?");
	else
		snprintf(buf, len, "exited %d", WEXITSTATUS(status));
	return buf;
}

bool engine_worked(const struct engine *e, const struct engine_end *end, char *why, size_t len)
{
	char how[48];

	if (e->worked)
		return e->worked(end, why, len);
	if (e->progress_unit) {
		if (end->progress)
			snprintf(why, len, "%" PRIu64 " %s", end->progress, e->progress_unit);
		else
			snprintf(why, len, "no %s in its progress file", e->progress_unit);
		return end->progress > 0;
	}
	/* a program that says nothing else: its own exit 0 is the evidence */
	if (!end->stopped && WIFEXITED(end->status) && WEXITSTATUS(end->status) == 0) {
		snprintf(why, len, "exited 0 by itself");
		return true;
	}
	if (end->stopped)
		snprintf(why, len,
			 "still running when memstress stopped it, with nothing to show: "
			 "its evidence is an exit 0 of its own");
	else
		snprintf(why, len, "%s", ended(end->status, how, sizeof(how)));
	return false;
}

int engine_key_below(struct engine_err *e, const char *key, const char *dir)
{
	if (!dir || path_relative_below(dir))
		return 0;
	e->key = key;
	snprintf(e->msg, sizeof(e->msg),
		 "%s: '%.300s' must be a relative path below the [fs] mount", key, dir);
	return -EINVAL;
}

int engine_key_read(struct engine_err *e, const char *key, const char *scenario_path,
		    const char *file, size_t max, char **text)
{
	_cleanup_free_ char *path = path_beside(scenario_path, file);
	unsigned mode = 0;
	int r = path ? read_regular_file(path, max, text, NULL, &mode) : -ENOMEM;

	if (r >= 0)
		return 0;
	e->key = key;
	snprintf(e->msg, sizeof(e->msg), "%s: cannot read '%.300s': %s", key, path ? path : file,
		 r == -EBADFD ? file_type_name(mode) : strerror(-r));
	return r;
}

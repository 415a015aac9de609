// SPDX-License-Identifier: GPL-2.0
/*
 * exec engine: any program, args being its command line (split like a shell
 * would, executed directly).
 */
#include <errno.h>
#include <stdio.h>

#include "core/parse.h"
#include "core/scope.h"
#include "core/strv.h"
#include "engine.h"

static int exec_argv(const struct engine_ctx *c, char ***ret, char *err, size_t len)
{
	char **v = NULL;
	int r = split_args(c->w.args ? c->w.args : "", &v);

	if (r < 0)
		return r;
	if (!strv_length(v)) {
		strv_free(v);
		snprintf(err, len, "exec needs args: the command line to run");
		return -EINVAL;
	}
	*ret = v;
	return 0;
}

/* A guest needs the program args names. */
static int exec_guest_needs(const struct engine_wl *w, char ***v, char ***files)
{
	_cleanup_strv_free_ char **a = NULL;
	int r = split_args(w->args ? w->args : "", &a);

	(void)files;
	if (r < 0 || !a[0])
		return r;
	return strv_extend(v, a[0]);
}

static const struct opt_def no_opts[] = { { 0 } };

const struct engine engine_exec = {
	.name = "exec",
	.help = "any program: args is its command line",
	.opts = no_opts,
	.flags = ENGINE_ANY_COMMAND | ENGINE_NEEDS_ARGS,
	.guest_needs = exec_guest_needs,
	.argv = exec_argv,
};

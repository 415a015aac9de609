// SPDX-License-Identifier: GPL-2.0
/*
 * The hidden commands behind the built-in engines (`memstress __memhog`,
 * `memstress __fstx`): the harness re-executes itself so the engines run as
 * ordinary processes it can place in a cgroup, OOM-kill and fail.
 */
#include "cmd.h"
#include "engine/engine.h"

int cmd_memhog(int argc, char **argv)
{
	return memhog_main(argc, argv);
}

int cmd_fstx(int argc, char **argv)
{
	return fstx_main(argc, argv);
}

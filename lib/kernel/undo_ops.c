// SPDX-License-Identifier: GPL-2.0
/*
 * The undo-journal executors, one row per operation (see core/undo.h):
 *
 *	write PATH OLD       write OLD back to a knob (sysctl, debugfs, procfs)
 *	cgroup PATH VER      kill what is inside, wait (bounded), remove
 *	subtree PATH CTRL    take CTRL out of a cgroup.subtree_control again
 *	mount TARGET SOURCE  unmount if TARGET is still SOURCE's mount
 *	loop DEV IMAGE       detach DEV if IMAGE still backs it
 *	freeze MNT           thaw
 *	file PATH / dir PATH remove what memstress created
 *	kill PID START       SIGKILL a process memstress started, if it is the same one
 *	probe FILE G/N       delete the probe event G/N memstress defined in FILE
 *	trigger FILE SPEC    remove a trigger memstress added to an event's FILE
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "blockdev.h"
#include "cgroup.h"
#include "tracefs.h"
#include "core/fileio.h"
#include "undo_ops.h"

static int revert_write(const struct undo_entry *e, char *msg, size_t len)
{
	int r;

	if (!path_exists(e->arg[0]))
		return 0; /* the knob went away with its owner */
	r = write_string(e->arg[0], e->arg[1] ? e->arg[1] : "");
	if (r < 0)
		snprintf(msg, len, "cannot restore '%s' to '%s': %s", e->arg[0], e->arg[1],
			 strerror(-r));
	return r;
}

static int revert_subtree(const struct undo_entry *e, char *msg, size_t len)
{
	char v[64];
	int r;

	snprintf(v, sizeof(v), "-%s", e->arg[1]);
	r = write_string(e->arg[0], v);
	if (r < 0 && r != -ENOENT)
		snprintf(msg, len, "cannot write '%s' to '%s': %s", v, e->arg[0], strerror(-r));
	return r == -ENOENT ? 0 : r;
}

static int revert_cgroup(const struct undo_entry *e, char *msg, size_t len)
{
	return cg_destroy_path(e->arg[0], 10000, msg, len);
}

static int revert_mount(const struct undo_entry *e, char *msg, size_t len)
{
	bool lazy = false;
	int r = fs_umount_if(e->arg[0], e->arg[1], 10000, &lazy);

	if (r < 0)
		snprintf(msg, len, "cannot unmount '%s': %s", e->arg[0], strerror(-r));
	else if (lazy)
		snprintf(msg, len, "'%s' stayed busy for 10s: lazily unmounted", e->arg[0]);
	return r;
}

static int revert_loop(const struct undo_entry *e, char *msg, size_t len)
{
	int r = loop_detach_if(e->arg[0], e->arg[1]);

	if (r < 0)
		snprintf(msg, len, "cannot detach %s: %s", e->arg[0], strerror(-r));
	return r;
}

static int revert_freeze(const struct undo_entry *e, char *msg, size_t len)
{
	int r = fs_thaw(e->arg[0]);

	if (r == -ENOENT || r == -ENOTTY)
		return 0;
	if (r < 0)
		snprintf(msg, len, "cannot thaw '%s': %s", e->arg[0], strerror(-r));
	return r;
}

static int revert_file(const struct undo_entry *e, char *msg, size_t len)
{
	if (unlink(e->arg[0]) < 0 && errno != ENOENT) {
		snprintf(msg, len, "cannot remove '%s': %m", e->arg[0]);
		return -errno;
	}
	return 0;
}

static int revert_dir(const struct undo_entry *e, char *msg, size_t len)
{
	if (rmdir(e->arg[0]) < 0 && errno != ENOENT) {
		snprintf(msg, len, "cannot remove directory '%s': %m", e->arg[0]);
		return -errno;
	}
	return 0;
}

static int revert_probe(const struct undo_entry *e, char *msg, size_t len)
{
	return tracefs_revert_probe(e->arg[0], e->arg[1] ? e->arg[1] : "", msg, len);
}

static int revert_trigger(const struct undo_entry *e, char *msg, size_t len)
{
	return tracefs_revert_trigger(e->arg[0], e->arg[1] ? e->arg[1] : "", msg, len);
}

static int revert_kill(const struct undo_entry *e, char *msg, size_t len)
{
	unsigned long long start, want = strtoull(e->arg[1] ? e->arg[1] : "0", NULL, 10);
	pid_t pid = (pid_t)atoi(e->arg[0]);

	(void)msg;
	(void)len;
	if (pid <= 1 || proc_start_time(pid, &start) < 0 || start != want)
		return 0; /* gone, or the pid now belongs to someone else */
	kill(pid, SIGKILL);
	return 0;
}

const struct undo_op undo_ops[] = {
	{ "write", revert_write, "write the old value back" },
	{ "cgroup", revert_cgroup, "kill the tasks inside and remove the cgroup" },
	{ "subtree", revert_subtree, "disable a controller enabled in cgroup.subtree_control" },
	{ "mount", revert_mount, "unmount" },
	{ "loop", revert_loop, "detach the loop device" },
	{ "freeze", revert_freeze, "thaw the filesystem" },
	{ "file", revert_file, "remove the file" },
	{ "dir", revert_dir, "remove the directory" },
	{ "kill", revert_kill, "kill the process" },
	{ "probe", revert_probe, "delete the trace probe event" },
	{ "trigger", revert_trigger, "remove the trace event trigger" },
	{ 0 }
};

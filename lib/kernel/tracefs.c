// SPDX-License-Identifier: GPL-2.0
/*
 * A run's trace instance and probe events (see tracefs.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blockdev.h"
#include "core/scope.h"
#include "core/fileio.h"
#include "core/undo.h"
#include "tracefs.h"

static bool is_tracefs(const char *dir)
{
	char p[600];

	snprintf(p, sizeof(p), "%s/instances", dir);
	return path_exists(p);
}

int tracefs_open(struct tracefs *t, const char *private_mnt, struct undo *u)
{
	static const char *const known[] = { "/sys/kernel/tracing", "/sys/kernel/debug/tracing" };
	int k;

	memset(t, 0, sizeof(*t));
	for (size_t i = 0; i < ARRAY_SIZE(known) && !t->root[0]; i++)
		if (is_tracefs(known[i]))
			snprintf(t->root, sizeof(t->root), "%s", known[i]);
	if (!t->root[0]) {
		/* mounted at the run's own mount point: another run's unmount never
		 * takes it from under this one */
		if ((k = undo_record(u, "dir", private_mnt, NULL, NULL)) < 0)
			return k;
		if (mkdir(private_mnt, 0700) < 0 && errno != EEXIST)
			return -errno;
		if ((k = undo_record(u, "mount", private_mnt, "tracefs", NULL)) < 0)
			return k;
		if (mount("tracefs", private_mnt, "tracefs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
			  NULL) < 0) {
			k = -errno;
			(void)undo_cancel_last(u);
			return k == -ENODEV ? -ENOENT : k;
		}
		snprintf(t->root, sizeof(t->root), "%s", private_mnt);
		t->mounted = true;
	}
	return 0;
}

int tracefs_instance_journal(struct tracefs *t, const char *name, struct undo *u)
{
	snprintf(t->instance, sizeof(t->instance), "%s/instances/%s", t->root, name);
	return undo_record(u, "dir", t->instance, NULL, NULL);
}

int tracefs_instance_make(const struct tracefs *t)
{
	return mkdir(t->instance, 0700) < 0 ? -errno : 0;
}

int tracefs_instance(struct tracefs *t, const char *name, struct undo *u)
{
	int k;

	if ((k = tracefs_instance_journal(t, name, u)) < 0)
		return k;
	if ((k = tracefs_instance_make(t)) < 0)
		(void)undo_cancel_last(u); /* an instance of that name is not ours */
	return k;
}

bool tracefs_has_event(const struct tracefs *t, const char *event)
{
	char p[800];

	snprintf(p, sizeof(p), "%s/events/%s/enable", t->instance, event);
	return path_exists(p);
}

int tracefs_write(const struct tracefs *t, const char *file, const char *value)
{
	char p[800];

	snprintf(p, sizeof(p), "%s/%s", t->instance, file);
	return write_string(p, value);
}

int tracefs_event(const struct tracefs *t, const char *event, const char *filter,
		  const char *trigger)
{
	char f[800];
	int k;

	if (filter) {
		snprintf(f, sizeof(f), "events/%s/filter", event);
		if ((k = tracefs_write(t, f, filter)) < 0)
			return k;
	}
	if (trigger) {
		snprintf(f, sizeof(f), "events/%s/trigger", event);
		if ((k = tracefs_write(t, f, trigger)) < 0)
			return k;
	}
	snprintf(f, sizeof(f), "events/%s/enable", event);
	return tracefs_write(t, f, "1");
}

static int append(const char *path, const char *line)
{
	_cleanup_close_ int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC);
	size_t n = strlen(line);

	if (fd < 0)
		return -errno;
	return write(fd, line, n) == (ssize_t)n ? 0 : -errno;
}

/* Define GROUP/NAME in tracefs's FILE (kprobe_events, dynamic_events),
 * journaled for deletion. */
static int define_event(const struct tracefs *t, const char *file, const char *group_name,
			const char *definition, struct undo *u)
{
	char p[600];
	int k;

	snprintf(p, sizeof(p), "%s/%s", t->root, file);
	if (!path_exists(p))
		return -ENOENT;
	if ((k = undo_record(u, "probe", p, group_name, NULL)) < 0)
		return k;
	k = append(p, definition);
	if (k < 0)
		(void)undo_cancel_last(u);
	return k;
}

int tracefs_probe(const struct tracefs *t, const char *group, const char *name,
		  const char *definition, struct undo *u)
{
	char gn[200];

	snprintf(gn, sizeof(gn), "%s/%s", group, name);
	return define_event(t, "kprobe_events", gn, definition, u);
}

bool tracefs_has_probes(const struct tracefs *t)
{
	char p[600];

	snprintf(p, sizeof(p), "%s/kprobe_events", t->root);
	return path_exists(p);
}

int tracefs_dynamic_event(const struct tracefs *t, const char *group_name, const char *definition,
			  struct undo *u)
{
	return define_event(t, "dynamic_events", group_name, definition, u);
}

int tracefs_trigger_journal(const struct tracefs *t, const char *event, const char *trigger,
			    struct undo *u)
{
	char f[800];

	snprintf(f, sizeof(f), "%s/events/%s/trigger", t->instance, event);
	return undo_record(u, "trigger", f, trigger, NULL);
}

int tracefs_trigger_set(const struct tracefs *t, const char *event, const char *trigger)
{
	char f[800];

	snprintf(f, sizeof(f), "%s/events/%s/trigger", t->instance, event);
	return append(f, trigger);
}

int tracefs_trigger(const struct tracefs *t, const char *event, const char *trigger, struct undo *u)
{
	int k;

	if ((k = tracefs_trigger_journal(t, event, trigger, u)) < 0)
		return k;
	k = tracefs_trigger_set(t, event, trigger);
	if (k < 0)
		(void)undo_cancel_last(u);
	return k;
}

int tracefs_revert_trigger(const char *file, const char *spec, char *msg, size_t len)
{
	char line[1024];
	int k;

	if (!path_exists(file))
		return 0; /* the instance is gone, and its triggers with it */
	snprintf(line, sizeof(line), "!%s", spec);
	k = append(file, line);
	if (k == -ENOENT || k == -EINVAL)
		return 0; /* not there any more */
	if (k < 0)
		snprintf(msg, len, "cannot remove the trigger '%s' of %s: %s", spec, file,
			 strerror(-k));
	return k;
}

void tracefs_last_error(const struct tracefs *t, char *buf, size_t len)
{
	_cleanup_free_ char *log = NULL;

	buf[0] = '\0';
	if (tracefs_read(t, "error_log", &log) < 0 || !log)
		return;
	/* the last command and its caret line: "[ 12.3] hist:...: error: ..." */
	size_t n = strlen(log);
	while (n && log[n - 1] == '\n')
		log[--n] = '\0';
	char *err = NULL;
	for (char *p = log; (p = strstr(p, "error: ")); p++)
		err = p;
	snprintf(buf, len, "%s", err ? err : "");
	char *nl = strchr(buf, '\n');
	if (nl)
		*nl = '\0';
}

int tracefs_read(const struct tracefs *t, const char *file, char **ret)
{
	char p[800];

	snprintf(p, sizeof(p), "%s/%s", t->instance, file);
	return read_full_file(p, 16 << 20, ret, NULL);
}

int tracefs_revert_probe(const char *kprobe_events, const char *group_name, char *msg, size_t len)
{
	char line[256];
	int k;

	if (!path_exists(kprobe_events))
		return 0; /* tracefs went away (its mount was undone first) */
	snprintf(line, sizeof(line), "-:%s", group_name);
	k = append(kprobe_events, line);
	if (k == -ENOENT || k == -EINVAL)
		return 0; /* no such event any more */
	if (k < 0)
		snprintf(msg, len, "cannot delete the probe event %s: %s", group_name,
			 strerror(-k));
	return k;
}

int tracefs_open_file(const struct tracefs *t, const char *file, int flags)
{
	char p[800];
	int fd;

	snprintf(p, sizeof(p), "%s/%s", t->instance, file);
	fd = open(p, flags | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int tracefs_format(const struct tracefs *t, const char *event, char **ret)
{
	char p[800];

	snprintf(p, sizeof(p), "%s/events/%s/format", t->root, event);
	return read_full_file(p, 1 << 20, ret, NULL);
}

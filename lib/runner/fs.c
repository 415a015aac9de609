// SPDX-License-Identifier: GPL-2.0
/*
 * The scenario's filesystem: a sparse image file in the run directory (never
 * a user's device), made with mkfs.xfs or mkfs.ext4, attached to a loop
 * device and mounted at <run>/mnt, each step recorded in the undo journal.
 * Optionally frozen mid-run (fsfreeze) for hang scenarios.
 *
 * At the end: thaw, force a shutdown if asked (the XFS and ext4 "going
 * down" ioctl without flushing the log, as a crash would), unmount, mount
 * again so the log is replayed, check that every operation fstx acknowledged
 * as durable survived, unmount, and run xfs_repair -n / e2fsck -fn (and
 * where [expect] fsck = repairable and it found damage, repair and look
 * again).
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/scope.h"
#include "core/fileio.h"
#include "core/log.h"
#include "core/parse.h"
#include "core/spawn.h"
#include "core/strv.h"
#include "core/undo.h"
#include "engine/engine.h"
#include "fs/fstype.h"
#include "kernel/blockdev.h"
#include <dirent.h>
#include "report/writers.h"
#include "run_int.h"
#include "scenario/schema.h"

/* XFS_IOC_GOINGDOWN and EXT4_IOC_SHUTDOWN are the same request. */
#define FS_IOC_GOINGDOWN _IOR('X', 125, uint32_t)
#define FS_GOING_FLAGS_NOLOGFLUSH 0x2

static int run_tool(char **argv, json_object *into, const char *key)
{
	_cleanup_free_ char *out = NULL;
	int status = 0;
	int k = run_capture(argv, &out, &status);
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	STRV_FOREACH(s, argv)
		json_object_array_add(a, json_object_new_string(*s));
	json_object_object_add(o, "program", json_object_new_string(argv[0]));
	json_object_object_add(o, "argv", a);
	if (k < 0) {
		json_object_object_add(o, "error", json_object_new_string(strerror(-k)));
		json_object_object_add(into, key, o);
		return k;
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	json_object_object_add(o, "exit_code", json_object_new_int(code));
	if (out) {
		size_t n = strlen(out);
		json_object_object_add(o, "output",
				       json_object_new_string_len(out + (n > 16000 ? n - 16000 : 0),
								  (int)(n > 16000 ? 16000 : n)));
	}
	json_object_object_add(into, key, o);
	return code;
}

/* The first line a tool printed (static storage), for error messages. */
static const char *tool_first_line(json_object *fs, const char *key)
{
	static char line[256];
	const char *out = jstr(jget(fs, key), "output");

	snprintf(line, sizeof(line), "%.*s", (int)strcspn(out, "\n"), out);
	return line[0] ? line : "(no output)";
}

/* In a memstress guest the filesystem is on the virtio disk the host made
 * for it, recognised by its serial; no other disk is ever touched. */
static int setup_guest_disk(struct run *r, const struct fs_type *t)
{
	_cleanup_strv_free_ char **argv = NULL, **extra = NULL;
	int k = blockdev_by_serial(MEMSTRESS_FS_SERIAL, r->fs.dev, sizeof(r->fs.dev));

	if (k < 0)
		return log_error_errno(k, "no virtio disk with serial %s in this guest",
				       MEMSTRESS_FS_SERIAL);
	r->fs.image[0] = 0;
	if ((k = split_args(r->s->fs.mkfs_options ? r->s->fs.mkfs_options : "", &extra)) < 0)
		return k;
	strv_extend(&argv, t->mkfs);
	for (size_t i = 0; t->mkfs_args[i]; i++)
		strv_extend(&argv, t->mkfs_args[i]);
	strv_extend_strv(&argv, extra);
	strv_extend(&argv, r->fs.dev);
	k = run_tool(argv, r->fs.result, "mkfs");
	if (k != 0)
		return log_error_errno(k < 0 ? k : -EIO, "%s failed on %s: %s", t->mkfs, r->fs.dev,
				       tool_first_line(r->fs.result, "mkfs"));
	return 0;
}

int fs_setup(struct run *r)
{
	const struct sc_fs *fs = &r->s->fs;
	const struct fs_type *t;
	_cleanup_strv_free_ char **argv = NULL, **extra = NULL;
	_cleanup_close_ int fd = -1;
	int k;

	if (!r->s->has_fs)
		return 0;
	t = scenario_fs_type(r->s);
	r->fs.result = result_obj(r->res->root, "fs");
	r->facts.fs.made = true;
	snprintf(r->fs.image, sizeof(r->fs.image), "%s/fs.img", r->dir);
	snprintf(r->fs.mnt, sizeof(r->fs.mnt), "%s/mnt", r->dir);
	char real[4096];
	if (realpath(r->dir, real)) {
		snprintf(r->fs.image, sizeof(r->fs.image), "%s/fs.img", real);
		snprintf(r->fs.mnt, sizeof(r->fs.mnt), "%s/mnt", real);
	}
	if (r->m.in_guest) {
		/* not on the 9p share: the mount point lives in the guest's /run */
		snprintf(r->fs.mnt, sizeof(r->fs.mnt), "/run/memstress-fs");
		if ((k = setup_guest_disk(r, t)) < 0)
			return k;
		goto mount;
	}
	if (!fs->keep_image && (k = undo_record(r->undo, "file", r->fs.image, NULL, NULL)) < 0)
		return k;
	fd = open(r->fs.image, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0)
		return log_error_errno(-errno, "cannot create the image '%s': %m", r->fs.image);
	if (ftruncate(fd, (off_t)fs->size.bytes) < 0)
		return log_error_errno(-errno, "cannot size the image '%s': %m", r->fs.image);
	close(TAKE_FD(fd));

	if ((k = split_args(fs->mkfs_options ? fs->mkfs_options : "", &extra)) < 0)
		return k;
	strv_extend(&argv, t->mkfs);
	for (size_t i = 0; t->mkfs_args[i]; i++)
		strv_extend(&argv, t->mkfs_args[i]);
	strv_extend_strv(&argv, extra);
	strv_extend(&argv, r->fs.image);
	k = run_tool(argv, r->fs.result, "mkfs");
	if (k != 0)
		return log_error_errno(k < 0 ? k : -EIO, "%s failed on '%s': %s", t->mkfs,
				       r->fs.image, tool_first_line(r->fs.result, "mkfs"));
	k = loop_attach(r->fs.image, r->undo, r->fs.dev, sizeof(r->fs.dev));
	if (k < 0)
		return log_error_errno(k, "cannot attach '%s' to a loop device: %m", r->fs.image);
mount:
	if ((k = undo_record(r->undo, "dir", r->fs.mnt, NULL, NULL)) < 0)
		return k;
	if (mkdir(r->fs.mnt, 0755) < 0 && errno != EEXIST)
		return log_error_errno(-errno, "cannot create '%s': %m", r->fs.mnt);
	k = fs_mount(r->fs.dev, r->fs.mnt, scenario_fs_type(r->s)->name, fs->mount_options,
		     r->undo);
	if (k < 0)
		return log_error_errno(k, "cannot mount %s (%s) on '%s': %m", r->fs.dev,
				       scenario_fs_type(r->s)->name, r->fs.mnt);
	chmod(r->fs.mnt, 0777);
	r->fs.ready = true;
	json_object_object_add(r->fs.result, "type",
			       json_object_new_string(scenario_fs_type(r->s)->name));
	json_object_object_add(r->fs.result, "size",
			       json_object_new_int64((int64_t)fs->size.bytes));
	json_object_object_add(r->fs.result, "image",
			       json_object_new_string(r->fs.image[0] ?
							      r->fs.image :
							      "fs.img (the guest's virtio disk)"));
	json_object_object_add(r->fs.result, "device", json_object_new_string(r->fs.dev));
	json_object_object_add(r->fs.result, "mount", json_object_new_string(r->fs.mnt));
	log_info("%s on %s (%s) mounted at %s", scenario_fs_type(r->s)->name, r->fs.dev,
		 r->fs.image, r->fs.mnt);
	return 0;
}

void fs_tick(struct run *r)
{
	const struct sc_fs *fs = &r->s->fs;
	uint64_t t = run_elapsed(r);

	if (!r->fs.ready || !fs->freeze_at_ms)
		return;
	if (!r->watch.frozen && !r->watch.freeze_ms && t >= fs->freeze_at_ms) {
		if (undo_record(r->undo, "freeze", r->fs.mnt, NULL, NULL) < 0)
			return;
		int k = fs_freeze(r->fs.mnt);
		if (k < 0) {
			log_warning("cannot freeze '%s': %s", r->fs.mnt, strerror(-k));
			r->watch.freeze_ms = 1;
			return;
		}
		r->watch.frozen = true;
		r->watch.freeze_ms = t;
		run_log_kmsg_marker(r, "froze the filesystem");
		log_notice("froze %s at %+.1fs", r->fs.mnt, (double)t / 1000.0);
		json_object_object_add(r->fs.result, "frozen_at_s",
				       json_object_new_double((double)t / 1000.0));
	}
	if (r->watch.frozen && fs->freeze_for_ms && t >= r->watch.freeze_ms + fs->freeze_for_ms) {
		(void)fs_thaw(r->fs.mnt);
		r->watch.frozen = false;
		log_notice("thawed %s at %+.1fs", r->fs.mnt, (double)t / 1000.0);
		json_object_object_add(r->fs.result, "thawed_at_s",
				       json_object_new_double((double)t / 1000.0));
	}
}

static int force_shutdown(struct run *r)
{
	_cleanup_close_ int fd = open(r->fs.mnt, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	uint32_t flags = FS_GOING_FLAGS_NOLOGFLUSH;
	json_object *o = json_object_new_object();
	int k = 0;

	run_log_kmsg_marker(r, "forcing a filesystem shutdown");
	r->log.fs_shutdown_ordered = true;
	if (fd < 0 || ioctl(fd, FS_IOC_GOINGDOWN, &flags) < 0)
		k = -errno;
	json_object_object_add(o, "requested", json_object_new_boolean(true));
	json_object_object_add(o, "flags", json_object_new_string("NOLOGFLUSH"));
	json_object_object_add(o, "ok", json_object_new_boolean(k == 0));
	if (k < 0)
		json_object_object_add(o, "error", json_object_new_string(strerror(-k)));
	json_object_object_add(r->fs.result, "shutdown", o);
	return k;
}

static int remount(struct run *r)
{
	int k = fs_mount(r->fs.dev, r->fs.mnt, scenario_fs_type(r->s)->name, r->s->fs.mount_options,
			 NULL);

	if (r->fs.image[0] && (k == -ENXIO || k == -ENOENT || k == -ENOTBLK)) {
		/* the loop device went away (someone detached it): attach again */
		k = loop_attach(r->fs.image, r->undo, r->fs.dev, sizeof(r->fs.dev));
		if (k >= 0)
			k = fs_mount(r->fs.dev, r->fs.mnt, scenario_fs_type(r->s)->name,
				     r->s->fs.mount_options, r->undo);
	}
	return k;
}

/* t's fsck with args on the filesystem, its output as `key` in into */
static int run_fsck(struct run *r, const struct fs_type *t, const char *const *args,
		    json_object *into, const char *key)
{
	_cleanup_strv_free_ char **argv = NULL;

	strv_extend(&argv, t->fsck);
	for (size_t i = 0; args[i]; i++)
		strv_extend(&argv, args[i]);
	if (r->fs.image[0] && t->fsck_image_arg)
		strv_extend(&argv, t->fsck_image_arg);
	strv_extend(&argv, r->fs.image[0] ? r->fs.image : r->fs.dev);
	return run_tool(argv, into, key);
}

/*
 * fsck = repairable: the damage fsck found is what the filesystem's own
 * repair exists for (ext4 with errors=continue leaves truncations half done
 * on its orphan list after an error, and refuses the list at the next mount
 * while the error stands). Repair, then look again: clean is repairable.
 */
static void repair(struct run *r, const struct fs_type *t)
{
	json_object *o = json_object_new_object();
	int k = run_fsck(r, t, t->repair_args, o, "repair");

	r->facts.fs.repaired = true;
	r->facts.fs.repair_exit = k < 0 ? -1 : k;
	r->facts.fs.after_repair_exit = -1;
	if (k >= 0 && !run_interrupted(r)) {
		k = run_fsck(r, t, t->fsck_args, o, "after");
		r->facts.fs.after_repair_exit = k < 0 ? -1 : k;
	}
	json_object_object_add(r->fs.result, "repair", o);
	r->facts.fs.repair_ev = o;
}

static bool want_durability(const struct run *r)
{
	for (size_t i = 0; i < r->work.n_wl; i++)
		if (r->work.wl[i].e->journals && r->work.wl[i].e->journals(&(struct engine_wl){
							 .name = r->work.wl[i].w->name,
							 .args = r->work.wl[i].w->args,
							 .cfg = r->work.wl[i].w->engine_cfg }))
			return true;
	return false;
}

static void verify_durability(struct run *r, const char *after)
{
	json_object *d = json_object_new_object(), *per = json_object_new_array();
	long long checked = 0, missing = 0, corrupt = 0, unknown = 0;

	json_object_object_add(d, "after", json_object_new_string(after));
	for (size_t i = 0; i < r->work.n_wl; i++) {
		struct run_wl *w = &r->work.wl[i];
		json_object *v = NULL;
		struct engine_ctx c;
		if (!w->e->verify)
			continue;
		workload_ctx(r, w, &c);
		c.fs_mount = r->fs.mnt;
		int k = w->e->verify(&c, &v);
		if (k < 0) {
			json_object_object_add(d, "error", json_object_new_string(strerror(-k)));
			continue;
		}
		checked += jint(v, "checked", 0);
		missing += jint(v, "missing", 0);
		corrupt += jint(v, "corrupt", 0);
		unknown += jint(v, "contents_unknown", 0);
		json_object_object_add(v, "workload", json_object_new_string(w->w->name));
		json_object_array_add(per, v);
	}
	json_object_object_add(d, "checked", json_object_new_int64(checked));
	json_object_object_add(d, "missing", json_object_new_int64(missing));
	json_object_object_add(d, "corrupt", json_object_new_int64(corrupt));
	json_object_object_add(d, "contents_unknown", json_object_new_int64(unknown));
	json_object_object_add(d, "workloads", per);
	json_object_object_add(r->fs.result, "durability", d);
	r->facts.fs.durability = true;
	r->facts.fs.durability_after = after;
	r->facts.fs.checked = checked;
	r->facts.fs.missing = missing;
	r->facts.fs.corrupt = corrupt;
	r->facts.fs.unknown = unknown;
	r->facts.fs.durability_ev = d;
	if (missing || corrupt)
		log_warning("durability: %lld durable file(s) missing, %lld corrupt after %s",
			    missing, corrupt, after);
}

int fs_finish(struct run *r)
{
	const struct sc_fs *fs = &r->s->fs;
	const struct fs_type *t;
	bool lazy = false;
	int k;

	if (!r->fs.ready)
		return 0;
	t = scenario_fs_type(r->s);
	if (r->watch.frozen) {
		(void)fs_thaw(r->fs.mnt);
		r->watch.frozen = false;
	}
	if (fs->shutdown && force_shutdown(r) < 0)
		log_warning("cannot force a shutdown of '%s'", r->fs.mnt);
	k = fs_umount_if(r->fs.mnt, r->fs.dev, 10000, &lazy);
	if (k < 0 || lazy) {
		r->facts.fs.error =
			lazy ? "the filesystem stayed busy: lazily unmounted, not checked" :
			       strerror(-k);
		json_object_object_add(r->fs.result, "error",
				       json_object_new_string(r->facts.fs.error));
		return k < 0 ? k : -EBUSY;
	}
	if (run_interrupted(r))
		return -EINTR;
	if (want_durability(r)) {
		k = remount(r);
		if (k < 0) {
			json_object *d = json_object_new_object();
			char msg[256];
			snprintf(msg, sizeof(msg), "the filesystem could not be mounted again: %s",
				 strerror(-k));
			json_object_object_add(d, "skipped", json_object_new_string(msg));
			json_object_object_add(r->fs.result, "durability", d);
			r->facts.fs.durability = true;
			snprintf(r->facts.fs.durability_skipped,
				 sizeof(r->facts.fs.durability_skipped), "%s", msg);
		} else {
			verify_durability(r, fs->shutdown ? "a forced shutdown and remount" :
							    "unmount and remount");
			k = fs_umount_if(r->fs.mnt, r->fs.dev, 10000, &lazy);
			if (k < 0 || lazy)
				return k < 0 ? k : -EBUSY;
		}
	}
	if (!fs->fsck || run_interrupted(r))
		return 0;
	k = run_fsck(r, t, t->fsck_args, r->fs.result, "fsck");
	r->facts.fs.fsck_ran = true;
	r->facts.fs.fsck_program = t->fsck;
	r->facts.fs.fsck_exit = k < 0 ? -1 : k;
	r->facts.fs.fsck_ev = jget(r->fs.result, "fsck");
	if (k == -EINTR)
		(void)run_interrupted(r);
	else if (k > 0) {
		log_warning("%s found problems in %s (exit %d)", t->fsck,
			    r->fs.image[0] ? r->fs.image : r->fs.dev, k);
		if (r->s->expect.fsck == EXPECT_REPAIRABLE && !run_interrupted(r))
			repair(r, t);
	}
	return 0;
}

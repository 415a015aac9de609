// SPDX-License-Identifier: GPL-2.0
/*
 * Replaying the undo journals of runs that died (see recover.h): the one
 * loop over the state directory, shared by `memstress cleanup` and by the
 * start of every run.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/scope.h"
#include "core/lock.h"
#include "core/log.h"
#include "core/strv.h"
#include "kernel/recover.h"
#include "kernel/undo_ops.h"

static int dry_op(const struct undo_entry *e, char *msg, size_t len)
{
	(void)e;
	snprintf(msg, len, "(dry run)");
	return 0;
}

static bool is_journal(const char *name)
{
	size_t l = strlen(name);

	return l > 5 && !strcmp(name + l - 5, ".undo");
}

static void replay(struct undo *u, const struct recover_opts *o)
{
	struct undo_op dry[64];
	size_t k = 0;

	if (!o->dry) {
		undo_unwind(u, undo_ops, o->entry, o->userdata);
		return;
	}
	for (const struct undo_op *op = undo_ops; op->name && k < 63; op++, k++)
		dry[k] = (struct undo_op){ op->name, dry_op, op->help };
	dry[k] = (struct undo_op){ 0 };
	/* a dry run changes nothing, the journal file included */
	int fd = u->fd;
	char *path = u->path;
	u->fd = -1;
	u->path = NULL;
	undo_unwind(u, dry, o->entry, o->userdata);
	u->fd = fd;
	u->path = path;
}

int recover_dead_runs(const struct recover_opts *o)
{
	char dir[1024], p[2048];
	struct dirent **ents = NULL;
	int n, runs = 0;

	snprintf(dir, sizeof(dir), "%s/journal", undo_state_dir());
	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0)
		return errno == ENOENT ? 0 : -errno;
	for (int i = 0; i < n; i++) {
		struct undo *u = NULL;
		bool alive;

		snprintf(p, sizeof(p), "%s/%s", dir, ents[i]->d_name);
		if (!is_journal(ents[i]->d_name))
			goto next;
		if (undo_load(p, &u) < 0) {
			if (o->unreadable)
				o->unreadable(p, o->userdata);
			goto next;
		}
		for (size_t k = 0; o->journaled && k < u->n; k++)
			if (!strcmp(u->entries[k].op, "cgroup") && u->entries[k].arg[0])
				strv_extend(o->journaled, u->entries[k].arg[0]);
		alive = undo_owner_alive(u) && !o->force;
		if (o->run)
			o->run(u, alive, o->userdata);
		if (!alive) {
			replay(u, o);
			runs++;
		}
		undo_free(u);
next:
		free(ents[i]);
	}
	free(ents);
	return runs;
}

/* ---- the quiet form every run uses ---- */

static size_t pending(const struct undo *u)
{
	size_t n = 0;

	for (size_t k = 0; k < u->n; k++)
		n += !u->entries[k].done;
	return n;
}

static void before_run_journal(const struct undo *u, bool alive, void *ud)
{
	(void)ud;
	if (!alive)
		log_warning("run %s (pid %d) died and left %zu change%s behind; undoing %s first",
			    u->run_id ? u->run_id : "?", (int)u->owner_pid, pending(u),
			    pending(u) == 1 ? "" : "s", pending(u) == 1 ? "it" : "them");
}

static void before_run_entry(const struct undo_entry *e, int r, const char *msg, void *ud)
{
	(void)ud;
	if (r < 0)
		log_warning("cannot undo %s %s: %s (see `memstress cleanup`)", e->op,
			    e->arg[0] ? e->arg[0] : "", msg && *msg ? msg : strerror(-r));
}

static void before_run_unreadable(const char *path, void *ud)
{
	(void)ud;
	log_warning("cannot read the undo journal %s; leaving it for `memstress cleanup`", path);
}

void recover_before_run(void)
{
	int r = recover_dead_runs(&(struct recover_opts){
		.run = before_run_journal,
		.entry = before_run_entry,
		.unreadable = before_run_unreadable,
	});

	if (r < 0)
		log_warning_errno(r, "cannot read the journals in '%s': %m", undo_state_dir());
	/* and the lock files of runs killed outright: nobody holds them */
	(void)lock_prune(false);
}

// SPDX-License-Identifier: GPL-2.0
/*
 * memstress cleanup: repair after a run that could not undo its own changes
 * (SIGKILL, a crash): replay the undo journal of every run whose process is
 * gone, newest change first. Runs still alive are left alone. Cgroups named
 * memstress-* that no journal mentions are reported, and removed with
 * --stray (the name is memstress's own, so they are memstress's).
 */
#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "core/scope.h"
#include "core/exitcode.h"
#include "core/lock.h"
#include "core/strv.h"
#include "core/undo.h"
#include "kernel/cgroup.h"
#include "kernel/probe.h"
#include "kernel/recover.h"

static const char usage[] =
	"usage: memstress cleanup [options]\n"
	"\n"
	"Undo what crashed or killed runs left behind: cgroups, mounts, loop devices,\n"
	"fault-injection knobs, sysctls and processes, from each run's undo journal\n"
	"(in $MEMSTRESS_STATE_DIR or /run/memstress). Runs still going are left alone.\n"
	"\n"
	"  -n, --dry-run   show what would be undone\n"
	"      --stray     also remove memstress-* cgroups no journal mentions\n"
	"  -f, --force     replay journals of runs that still seem to be alive\n"
	"  -h, --help      show this help\n"
	"\n"
	"Exit status: 0 nothing left behind, 3 something could not be undone.\n";

struct ctx {
	bool dry;
	unsigned done, failed;
};

static void report(const struct undo_entry *e, int r, const char *msg, void *ud)
{
	struct ctx *c = ud;

	if (r < 0) {
		c->failed++;
		printf("  FAILED %s %s: %s\n", e->op, e->arg[0] ? e->arg[0] : "",
		       msg && *msg ? msg : strerror(-r));
	} else {
		c->done++;
		printf("  undone %s %s%s%s\n", e->op, e->arg[0] ? e->arg[0] : "",
		       msg && *msg ? ": " : "", msg ? msg : "");
	}
}

static void run_header(const struct undo *u, bool alive, void *ud)
{
	(void)ud;
	if (alive)
		printf("run %s is still going (pid %d): left alone\n", u->run_id ? u->run_id : "?",
		       (int)u->owner_pid);
	else
		printf("run %s (pid %d, gone):\n", u->run_id ? u->run_id : "?", (int)u->owner_pid);
}

static void unreadable(const char *path, void *ud)
{
	struct ctx *c = ud;

	printf("cannot read journal %s\n", path);
	c->failed++;
}

static void stray_cgroups(bool remove, char **journaled, unsigned *found)
{
	struct machine m;
	_cleanup_closedir_ DIR *d = NULL;
	struct dirent *e;

	machine_probe(&m);
	d = m.memcg_mount[0] ? opendir(m.memcg_mount) : NULL;
	while (d && (e = readdir(d))) {
		char p[1024], msg[512] = "";
		if (strncmp(e->d_name, "memstress-", 10) || e->d_type != DT_DIR)
			continue;
		snprintf(p, sizeof(p), "%s/%s", m.memcg_mount, e->d_name);
		if (strv_contains(journaled, p))
			continue;
		/* a run's ownership is its own record: its run lock, held while it
		 * lives, whatever state directory its journal is in */
		char lname[300], who[256] = "";
		snprintf(lname, sizeof(lname), "run-%s", e->d_name + 10);
		if (lock_held(lname, who, sizeof(who))) {
			printf("cgroup %s belongs to a run still going (%s): left alone\n", p, who);
			continue;
		}
		(*found)++;
		if (!remove) {
			printf("stray cgroup %s (no journal; remove it with --stray)\n", p);
			continue;
		}
		int r = cg_destroy_path(p, 10000, msg, sizeof(msg));
		printf("%s stray cgroup %s%s%s\n", r < 0 ? "FAILED to remove" : "removed", p,
		       *msg ? ": " : "", msg);
	}
	machine_release(&m);
}

int cmd_cleanup(int argc, char **argv)
{
	static const struct option opts[] = { { "dry-run", no_argument, NULL, 'n' },
					      { "stray", no_argument, NULL, 'S' },
					      { "force", no_argument, NULL, 'f' },
					      { "help", no_argument, NULL, 'h' },
					      { 0 } };
	struct ctx c = { 0 };
	bool force = false, stray = false;
	_cleanup_strv_free_ char **journaled = NULL;
	unsigned runs = 0, strays = 0;
	int opt;

	while ((opt = getopt_long(argc, argv, "nfh", opts, NULL)) >= 0) {
		switch (opt) {
		case 'n': c.dry = true; break;
		case 'S': stray = true; break;
		case 'f': force = true; break;
		case 'h': return usage_print(usage);
		default: return usage_error("cleanup", "unknown option");
		}
	}
	if (optind < argc)
		return usage_error("cleanup", "unexpected argument '%s'", argv[optind]);
	int r = recover_dead_runs(&(struct recover_opts){ .dry = c.dry,
							  .force = force,
							  .run = run_header,
							  .entry = report,
							  .unreadable = unreadable,
							  .userdata = &c,
							  .journaled = &journaled });
	if (r < 0) {
		printf("cannot read the journals in %s/journal: %s\n", undo_state_dir(),
		       strerror(-r));
		c.failed++;
	}
	runs = r > 0 ? (unsigned)r : 0;
	stray_cgroups(stray && !c.dry, journaled, &strays);
	/* the lock files of runs killed outright (nobody holds them) */
	int stale = lock_prune(c.dry);
	if (stale > 0)
		printf("%s %d stale lock file(s) in %s\n", c.dry ? "would remove" : "removed",
		       stale, lock_dir());
	if (!runs && !strays && stale <= 0 && !c.failed)
		printf("nothing to clean up\n");
	return c.failed ? EXIT_HARNESS : EXIT_PASS;
}

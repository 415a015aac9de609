// SPDX-License-Identifier: GPL-2.0
/*
 * The filesystem: errors the kernel logged, fsck after the run, data that
 * fsync acknowledged still there after a remount.
 */
#include <stdio.h>

#include "judge.h"

static void judge_errors(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	static const enum ev_kind k[] = { EV_FS_ERROR };

	if (!f->s->has_fs && !f->event_counts[EV_FS_ERROR] && e->fs_errors != EXPECT_EXPECTED)
		return;
	judge_events(f, e, v, "fs.no_errors", k, 1, "fs_errors", e->fs_errors,
		     "filesystem error(s)");
}

/*
 * fsck = repairable and fsck found damage: it passes when the filesystem
 * reported errors of its own during the run (the damage is what it left
 * e2fsck when told to go on) and its repair leaves it clean on a second
 * look. Damage without such an error is damage nobody admitted: it fails.
 */
static void judge_repair(const struct run_facts *f, struct verdict *v)
{
	const struct fs_facts *fs = &f->fs;
	json_object *ev = json_object_new_object();
	enum check_status st = CHECK_FAIL;
	char sum[512];
	int n = snprintf(sum, sizeof(sum), "%s exited %d: damaged", fs->fsck_program,
			 fs->fsck_exit);
	size_t o = n > 0 && (size_t)n < sizeof(sum) ? (size_t)n : 0, left = sizeof(sum) - o;

	json_object_object_add(ev, "fsck", json_object_get(fs->fsck_ev));
	if (fs->repair_ev)
		json_object_object_add(ev, "repair", json_object_get(fs->repair_ev));
	if (!f->event_counts[EV_FS_ERROR])
		snprintf(
			sum + o, left,
			", and the kernel reported no filesystem error (fsck = repairable allows only "
			"damage that follows one)");
	else if (!fs->repaired || fs->repair_exit < 0 || fs->after_repair_exit < 0) {
		snprintf(sum + o, left, ", and the repair could not run");
		st = CHECK_ERROR;
	} else if (fs->after_repair_exit == 0) {
		snprintf(sum + o, left,
			 " after the filesystem's own errors; the repair exited %d, and a second "
			 "look found it clean (fsck = repairable)",
			 fs->repair_exit);
		st = CHECK_PASS;
	} else {
		snprintf(
			sum + o, left,
			"; the repair exited %d, and a second look found it still damaged (exit %d)",
			fs->repair_exit, fs->after_repair_exit);
		if (fs->repair_exit >= 8) /* e2fsck: its own failure, not the filesystem's */
			st = CHECK_ERROR;
	}
	verdict_add(v, "fs.fsck", st, sum, ev);
}

static void judge_fsck(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	const struct fs_facts *fs = &f->fs;
	char sum[512], note[128];

	if (!f->s->has_fs)
		return;
	if (!fs->made)
		verdict_add(v, "fs.fsck", CHECK_ERROR, "the filesystem was never checked", NULL);
	else if (!f->s->fs.fsck)
		verdict_add(v, "fs.fsck", CHECK_SKIP, "fsck = no", NULL);
	else if (!fs->fsck_ran)
		verdict_add(v, "fs.fsck", CHECK_ERROR, fs->error ? fs->error : "fsck did not run",
			    NULL);
	else if (fs->fsck_exit < 0)
		verdict_add(v, "fs.fsck", CHECK_ERROR, "fsck could not run",
			    json_object_get(fs->fsck_ev));
	else if (fs->fsck_exit != 0 && e->fsck == EXPECT_REPAIRABLE)
		judge_repair(f, v);
	else {
		bool damaged = fs->fsck_exit != 0;
		expect_note(e, "fsck", e->fsck, damaged, note, sizeof(note));
		snprintf(sum, sizeof(sum), "%s exited %d: %s%s", fs->fsck_program, fs->fsck_exit,
			 damaged ? "the filesystem is damaged (output in the evidence)" : "clean",
			 note);
		verdict_add(v, "fs.fsck", expect_status(e->fsck, damaged), sum,
			    json_object_get(fs->fsck_ev));
	}
}

static void judge_lost_data(const struct run_facts *f, const struct sc_expect *e, struct verdict *v)
{
	const struct fs_facts *fs = &f->fs;
	char sum[512], note[128];

	if (!f->s->has_fs || !fs->made || !fs->durability)
		return;
	if (fs->durability_skipped[0]) {
		verdict_add(v, "fs.no_lost_data", CHECK_SKIP, fs->durability_skipped, NULL);
		return;
	}
	bool lost = fs->missing || fs->corrupt;
	expect_note(e, "lost_data", e->lost_data, lost, note, sizeof(note));
	char unknown[96] = "";
	if (fs->unknown)
		snprintf(unknown, sizeof(unknown),
			 " (%lld by name only: a failed call left their contents unknown)",
			 fs->unknown);
	snprintf(
		sum, sizeof(sum),
		"%lld durable file(s) checked after %s%s: %lld missing, %lld with wrong contents%s",
		fs->checked, fs->durability_after, unknown, fs->missing, fs->corrupt, note);
	verdict_add(v, "fs.no_lost_data", expect_status(e->lost_data, lost), sum,
		    json_object_get(fs->durability_ev));
}

/* clang-format off */
static const struct check_def defs[] = {
	{ "fs.no_errors", "fs_errors", "an XFS shutdown or corruption, or an ext4 error",
	  .judge = judge_errors },
	{ "fs.fsck", "fsck", "fsck found damage after the run", .needs = NEEDS_FS,
	  .span = SPAN_FS, .judge = judge_fsck },
	{ "fs.no_lost_data", "lost_data", "data fsync acknowledged is gone after a remount",
	  .needs = NEEDS_FS, .span = SPAN_FS, .judge = judge_lost_data },
};
/* clang-format on */

const struct check_family checks_fs = { "filesystems", defs, ARRAY_SIZE(defs) };

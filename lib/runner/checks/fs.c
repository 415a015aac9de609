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

/* fsck = repairable and fsck found damage: clean after the repair passes */
static void judge_repair(const struct fs_facts *fs, struct verdict *v)
{
	json_object *ev = json_object_new_object();
	char sum[512];
	bool clean = fs->repaired && fs->after_repair_exit == 0;

	json_object_object_add(ev, "fsck", json_object_get(fs->fsck_ev));
	if (fs->repair_ev)
		json_object_object_add(ev, "repair", json_object_get(fs->repair_ev));
	if (!fs->repaired)
		snprintf(sum, sizeof(sum), "%s exited %d: damaged, and the repair did not run",
			 fs->fsck_program, fs->fsck_exit);
	else if (fs->repair_exit < 0 || fs->after_repair_exit < 0)
		snprintf(sum, sizeof(sum), "%s exited %d: damaged, and the repair could not run",
			 fs->fsck_program, fs->fsck_exit);
	else
		snprintf(
			sum, sizeof(sum),
			"%s exited %d: damaged; the repair exited %d, and a second look found it %s (fsck = repairable)",
			fs->fsck_program, fs->fsck_exit, fs->repair_exit,
			clean ? "clean" : "still damaged");
	verdict_add(v, "fs.fsck",
		    clean				 ? CHECK_PASS :
		    fs->repaired && fs->repair_exit >= 0 ? CHECK_FAIL :
							   CHECK_ERROR,
		    sum, ev);
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
	else if (fs->fsck_exit != 0 && e->fsck == EXPECT_REPAIRABLE)
		judge_repair(fs, v);
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
	snprintf(sum, sizeof(sum),
		 "%lld durable file(s) checked after %s: %lld missing, %lld with wrong contents%s",
		 fs->checked, fs->durability_after, fs->missing, fs->corrupt, note);
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

// SPDX-License-Identifier: GPL-2.0
/*
 * What a guest that never wrote its result still showed: its heartbeats
 * carry the counts the guest's checks judge (real GFP_NOFS and other
 * allocation failures, OOM kills), and a count only grows, so one already
 * past its expected maximum fails that check whatever the guest did after.
 * A hang, a panic or a crash is then named with the check its kernel had
 * already failed, not only vm.responsive. Nothing passes from a heartbeat:
 * a count within its range might have left it later. Only for the guest's
 * own stops (a hang, a panic, a crash), never for the harness's (QEMU's
 * death, our time limit, Ctrl-C); and the allocation counts only where the
 * tracepoints counted them: without them the heartbeat counts every logged
 * failure, the ones a check allows too (witness.c).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "core/parse.h"
#include "report/live.h"
#include "report/result.h"
#include "scenario/scenario.h"
#include "vm_int.h"

static const struct {
	const char *check; /* the guest's check of the same count (runner/checks/) */
	size_t want;	   /* its range in struct sc_expect */
	size_t count;	   /* the count in struct live_snap (unsigned) */
	const char *what;
	bool traced; /* counted as the check counts them only with the tracepoints */
} partial[] = {
	{ "alloc.nofs_failures", offsetof(struct sc_expect, nofs_failures),
	  offsetof(struct live_snap, nofs_failures), "real GFP_NOFS allocation failures", true },
	{ "alloc.failures", offsetof(struct sc_expect, alloc_failures),
	  offsetof(struct live_snap, alloc_failures), "real allocation failures", true },
	{ "oom.kills", offsetof(struct sc_expect, oom_kills), offsetof(struct live_snap, oom_kills),
	  "OOM kills", false },
};

void vm_partial_checks(const struct vm *v, struct result *res)
{
	char sum[512], rb[64];

	if (!v->hello || !v->hb.elapsed_ms)
		return;
	for (size_t i = 0; i < sizeof(partial) / sizeof(partial[0]); i++) {
		const struct range *want =
			(const struct range *)((const char *)&v->s->expect + partial[i].want);
		unsigned got = *(const unsigned *)((const char *)&v->hb + partial[i].count);

		if ((partial[i].traced && !v->hb.has_reclaim) || !want->set || want->percent ||
		    range_contains(want, got) || got < want->lo)
			continue;
		range_format(want, rb, sizeof(rb));
		snprintf(sum, sizeof(sum),
			 "%s: %u (expected %s) by the guest's last heartbeat, %.1fs into the "
			 "run, before it stopped without its result",
			 partial[i].what, got, rb, (double)v->hb.elapsed_ms / 1000.0);
		json_object *ev = json_object_new_object();
		json_object_object_add(ev, "source", json_object_new_string("heartbeat"));
		json_object_object_add(ev, "count", json_object_new_int64(got));
		json_object_object_add(ev, "elapsed_s",
				       json_object_new_double((double)v->hb.elapsed_ms / 1000.0));
		result_add_check(res, partial[i].check, CHECK_FAIL, sum, ev);
	}
}

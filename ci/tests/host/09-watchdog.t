#!/bin/bash
# A frozen XFS under fstx is reported as a hang within the stall threshold
# plus 2 seconds, naming the freeze wait, the run recovers by thawing and
# cleans up; the same run without the freeze reports no hang.
. "$(dirname "$0")/../lib.sh"
need_root

plan 7
mrun xfs-freeze-hang
is_rc 0 "the frozen filesystem is reported as the expected hang"
d=$(last_run)
lat=$(json "$d/result.json" 'r["watchdog"]["stalls"][0]["detected_at_s"] - r["fs"]["frozen_at_s"]')
thr=$(json "$d/result.json" 'r["watchdog"]["threshold_s"]')
ok "$(python3 -c "print(0 if $lat <= $thr + 2 else 1)")" "detected ${lat}s after the freeze (threshold ${thr}s + 2s)"
like "$(json "$d/result.json" 'r["watchdog"]["stalls"][0]["summary"]')" "state D\) in percpu_rwsem_wait" \
	"the stall names the blocked function"
like "$(json "$d/result.json" 'r["watchdog"]["stalls"][0]["recovery"]')" "thawed the filesystem" "it recovered by thawing"
is "$(json "$d/result.json" 'r["fs"]["fsck"]["exit_code"]')" 0 "and the run's cleanup and fsck went through"
mrun --set fs.freeze_at=0 --set expect.hang=no --set scenario.duration=15s \
	xfs-freeze-hang
is_rc 0 "the control run without the freeze reports no hang"
is "$(leftovers)" "" "nothing left behind"
done_testing

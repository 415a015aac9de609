#!/bin/bash
# The memory-cgroup scenarios on cgroup v2 in the guest: victim by
# oom_score_adj (down to -1000), memory.oom.group, nested limits (memory.high,
# memory.min and the OOM reaper: 11-proofs.t); a deliberately wrong expectation fails.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 7
for s in memcg-victim-adj memcg-unkillable memcg-oom-group memcg-nested; do
	mrun --kernel "$KERNEL" $s
	is_rc 0 "$s passes on cgroup v2"
done
mrun --kernel "$KERNEL" memcg-oom-group --set expect.survives=worker
is_rc 1 "expecting a group member to survive fails"
is "$(json "$(last_run)/result.json" '[c["status"] for c in r["checks"] if c["name"]=="oom.survives.worker"][0]')" fail \
	"oom.survives.worker is the failing check"
is "$(leftovers)" "" "nothing left running"
done_testing

#!/bin/bash
# The checks can fail: deliberately wrong expectations on the default
# scenario fail, with the evidence of all three witnesses.
. "$(dirname "$0")/../lib.sh"
need_root

plan 9
mrun --set scenario.duration=15s --set expect.oom_victim=steady \
	--set expect.survives=hog
is_rc 1 "expecting the small task to be killed fails (exit 1)"
d=$(last_run)
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="oom.victim"][0]')" fail "oom.victim fails"
like "$(json "$d/result.json" '[c["summary"] for c in r["checks"] if c["name"]=="oom.victim"][0]')" \
	"expected victim steady, but all witnesses say otherwise: kernel hog\([0-9]+\), counters hog\([0-9]+\), SIGKILL exits hog\([0-9]+\)" \
	"and says what each witness saw"
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="oom.survives.hog"][0]')" fail "oom.survives.hog fails"
# -q says nothing but why: the failed checks, then the verdict
like "$(cat "$TMP/out")" "^  FAIL +oom.victim +expected victim steady" "run -q prints the failed checks"
like "$(grep -v '^results:' "$TMP/out" | grep -v '^  FAIL' | grep -v '^memstress' )" "^verdict: fail \(exit 1\)$" \
	"and the verdict line, nothing else (no passed check, no progress)"
ev=$(json "$d/result.json" '[c["evidence"] for c in r["checks"] if c["name"]=="oom.victim"][0]["victims"][0]["workload"]')
is "$ev" hog "the evidence lists the victims with their workload"
mrun --set scenario.duration=10s --set expect.oom_kills=0
is_rc 1 "expecting no OOM kill fails"
is "$(leftovers)" "" "nothing left behind"
done_testing

#!/bin/bash
# A pass rests on evidence that the load happened (workloads.worked): a
# workload memstress had to stop with nothing to show makes the run an error
# (exit 3), unless the scenario marks it as a helper (load = no); one that
# ends by itself with its work done passes, with the engine's evidence in
# result.json. A set-up that fails with no kernel failure witnessed stays the
# harness's error and says so (kernel.setup, the kernel's own failure while
# setting up, is proven in a VM: ci/tests/vm/11-proofs.t, nofs-slab-silent).
. "$(dirname "$0")/../lib.sh"
need_root
command -v stress-ng >/dev/null || skip_all "stress-ng is not installed (ci/setup installs it)"
command -v mkfs.xfs >/dev/null || skip_all "xfsprogs is not installed (ci/setup installs it)"

plan 12
scenario() { # NAME ARGS [EXTRA]
	cat >"$TMP/$1.ini" <<INI
[scenario]
description = test: workloads.worked ($1)
duration = 4s
[workload.w]
engine = exec
args = $2
${3:-}
INI
}
# each case in a results directory of its own: last_run picks by name, and
# two runs in one second sort by scenario name
top_results=$RESULTS
case_results() { RESULTS=$top_results/$1; }
worked() { json "$(last_run)/result.json" '[c["status"] for c in r["checks"] if c["name"] == "workloads.worked"][0]'; }
evidence() { json "$(last_run)/result.json" 'r["workloads"][0]["work"]["evidence"]'; }

scenario idle "sleep 60"
case_results idle
mrun --allow-exec "$TMP/idle.ini"
is_rc 3 "a workload stopped at the end with nothing to show: the run is an error"
is "$(worked)" error "workloads.worked is the error"
like "$(evidence)" "nothing to show" "its evidence says why"
grep -q '^not ok .*workloads.worked # ERROR' "$(last_run)/result.ktap"
ok $? "KTAP names it: not ok ... workloads.worked # ERROR"

scenario helper "sleep 60" "load = no"
case_results helper
mrun --allow-exec "$TMP/helper.ini"
is_rc 0 "the same workload marked load = no (a helper) passes"

scenario quick "true"
case_results quick
mrun --allow-exec "$TMP/quick.ini"
is_rc 0 "a workload that exits 0 by itself passes"
is "$(evidence)" "exited 0 by itself" "its evidence: its own exit 0"

case_results default
mrun --set scenario.duration=6s --set expect.oom_kills=">=1"
is_rc 0 "the default scenario, 6 s, passes"
is "$(json "$(last_run)/result.json" '" ".join("%s:%s" % (w["name"], w["work"]["worked"]) for w in r["workloads"])')" \
	"steady:True hog:True" "both of its workloads worked"
like "$(json "$(last_run)/result.json" '[w for w in r["workloads"] if w["name"] == "steady"][0]["work"]["evidence"]')" \
	"^[1-9][0-9]* bogo-ops from 1 stressor" "stress-ng's evidence: its bogo-ops, though memstress stopped it"

case_results setup
mrun "$TOP/workloads/xfs-fstx.ini" --set fs.size=2M --set scenario.duration=4s
like "$(json "$(last_run)/result.json" '[c["status"] + ": " + c["summary"] for c in r["checks"] if c["name"] == "harness.setup"][0]')" \
	"^error: setting up the scenario failed \(mkfs.xfs failed .*no kernel failure was witnessed" \
	"a set-up that fails with no kernel failure witnessed: the harness's error, saying so"
RESULTS=$top_results # (what lib.sh keeps for check-suite)
is "$(leftovers)" "" "nothing left behind"
done_testing

#!/bin/bash
# Two runs on one host: the default scenario twice at once (the same
# workload names, OOM kills in both) gives both the right verdict, each
# counting only the kills in its own cgroups, and both clean up. Runs that
# need the same system-wide resource do not go side by side: while one run
# holds the hung-task sysctls, a second refuses (exit 3, naming the holder),
# and with --wait it waits for it, then runs.
. "$(dirname "$0")/../lib.sh"
need_root
plan 12

run_bg() { # ID OUT ARGS...: a run in the background
	local id=$1 out=$2; shift 2
	"$MEMSTRESS" run -q --results "$RESULTS" --run-id "$id" "$@" >"$out" 2>&1 &
}
run_bg c1 "$TMP/c1" --set scenario.duration=20s; p1=$!
run_bg c2 "$TMP/c2" --set scenario.duration=20s; p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
is "$r1 $r2" "0 0" "two default runs at once: both pass"
for id in c1 c2; do
	other=$([ $id = c1 ] && echo c2 || echo c1)
	kills=$(json "$RESULTS/$id/result.json" 'sum(1 for e in r["events"] if e["kind"]=="oom" and "victim_pid" in e["fields"])')
	ok "$([ "$kills" -ge 3 ] && echo 0 || echo 1)" "$id: its OOM kills are in its result ($kills)"
	is "$(json "$RESULTS/$id/result.json" 'sorted(set(e["fields"].get("oom_memcg","").split("/")[1] for e in r["events"] if e["kind"]=="oom" and "victim_pid" in e["fields"]))')" \
		"['memstress-$id']" "$id: every kill it counts was in its own cgroup, none of $other's"
	is "$(json "$RESULTS/$id/result.json" '[c["summary"] for c in r["checks"] if c["name"]=="oom.victim"][0].count("hog(")')" 3 \
		"$id: the three witnesses agree on hog"
done

# the hung-task sysctls: one run at a time
run_bg h1 "$TMP/h1" --set scenario.duration=12s --set watchdog.hung_task_timeout=60; p1=$!
for _ in $(seq 100); do [ -s "$RESULTS/h1/memory.tsv" ] && break; sleep 0.1; done
"$MEMSTRESS" run -q --results "$RESULTS" --run-id h2 --set scenario.duration=5s \
	--set watchdog.hung_task_timeout=60 >"$TMP/h2" 2>&1; rc=$?
is "$rc" 3 "a second run that needs the hung-task sysctls refuses (exit 3)"
like "$(cat "$TMP/h2")" "hung-task is in use by run h1, pid $p1" "naming the run that holds them"
"$MEMSTRESS" run -q --wait --results "$RESULTS" --run-id h3 --set scenario.duration=8s --set "expect.oom_kills=>=1" \
	--set watchdog.hung_task_timeout=60 >"$TMP/h3" 2>&1; rc=$?
wait $p1
is "$rc" 0 "with --wait it waits for them, then runs"
like "$(cat "$TMP/h3")" "waiting for hung-task, held by run h1, pid $p1" "saying what it waits for"
is "$(leftovers)" "" "both cleaned up: nothing left behind"
done_testing

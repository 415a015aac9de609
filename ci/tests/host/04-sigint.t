#!/bin/bash
# SIGINT at any moment of a run (setting up, running, stopping) undoes
# everything: no cgroup, no journal; the record says "interrupted", and the
# run exits 130 (128 + SIGINT), whatever the phase. (Each phase on purpose,
# and the time it takes: 16-hostile.t.)
. "$(dirname "$0")/../lib.sh"
need_root

delays="0.2 1 4 9.8"
plan $(( $(echo $delays | wc -w) * 4 ))
for t in $delays; do
	"$MEMSTRESS" run -q --results "$RESULTS" --run-id "int-$t" --set scenario.duration=10s >/dev/null 2>&1 &
	pid=$!
	sleep "$t"
	kill -INT $pid
	wait $pid; rc=$?
	is "$rc" 130 "SIGINT after ${t}s: memstress exits by itself, 128 + SIGINT"
	is "$(leftovers)" "" "SIGINT after ${t}s: nothing left behind"
	st=$(json "$RESULTS/int-$t/result.json" 'r["status"], r["verdict"], r["exit_code"]' 2>/dev/null)
	is "$st" "interrupted interrupted 130" "SIGINT after ${t}s: result.json says interrupted"
	like "$(json "$RESULTS/int-$t/result.json" 'r["interrupted"]["phase"]' 2>/dev/null)" \
		"^(setting up|running|stopping|checking)$" "SIGINT after ${t}s: and in which phase"
done
done_testing

#!/bin/bash
# SIGINT at any moment of a run (setting up, running, stopping) undoes
# everything: no cgroup, no journal; the record says "interrupted" (exit 3).
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
	ok "$([ "$rc" = 3 ] || [ "$rc" = 0 ] && echo 0 || echo 1)" "SIGINT after ${t}s: memstress exits by itself ($rc)"
	is "$(leftovers)" "" "SIGINT after ${t}s: nothing left behind"
	st=$(json "$RESULTS/int-$t/result.json" 'r["status"]' 2>/dev/null)
	ok "$([ "$st" = interrupted ] || [ "$st" = complete ] || [ "$st" = skipped ] && echo 0 || echo 1)" "SIGINT after ${t}s: result.json is readable ($st)"
	ok "$([ "$st" != interrupted ] || [ "$rc" = 3 ] && echo 0 || echo 1)" "SIGINT after ${t}s: an interrupted run exits 3"
done
done_testing

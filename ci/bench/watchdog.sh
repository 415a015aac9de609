#!/bin/bash
# Stall detection latency: one run freezes XFS under fstx for 260 s; the
# result has when memstress's watchdog reported the stall (default threshold)
# and when the kernel's hung-task detector did (its default 120 s timeout).
# Target: memstress at least 10x faster. Also the monitor's own CPU use in
# that run (target <= 1% of one core at the default sampling rate).
. "$(dirname "$0")/lib.sh"
need_root watchdog-latency
timeout=$(cat /proc/sys/kernel/hung_task_timeout_secs 2>/dev/null) || { summary "watchdog-latency: not run (no hung-task detector)"; exit 0; }
[ "$timeout" -gt 0 ] || { summary "watchdog-latency: not run (hung_task_timeout_secs is 0: detector off)"; exit 0; }
# the detector stops reporting when its warning budget is spent: give it one
# for this run and put the old value back after
old=$(cat /proc/sys/kernel/hung_task_warnings)
trap 'echo "$old" > /proc/sys/kernel/hung_task_warnings' EXIT
echo 10 > /proc/sys/kernel/hung_task_warnings
res=$BENCH_TMP/watchdog
rm -rf "$res"
"$MEMSTRESS" run -q --results "$res" "$TOP/ci/bench/watchdog-latency.ini" >/dev/null 2>&1
d=$(ls -d "$res"/*/ | head -1)
read -r frozen ours kernel cpu wall < <(python3 - "$d/result.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
frozen = r["fs"].get("frozen_at_s", 0)
stalls = r.get("watchdog", {}).get("stalls", [])
ours = stalls[0]["detected_at_s"] if stalls else -1
hung = [e["run_time"] for e in r["events"] if e["kind"] == "hang" and "run_time" in e]
kernel = min(hung) if hung else -1
h = r.get("harness", {})
print(frozen, ours, kernel, h.get("monitor_cpu_s", -1), h.get("monitor_wall_s", 1))
PY
)
say "frozen at +${frozen}s; kernel hung_task_timeout_secs=$timeout"
if [ "$(calc "$ours < 0" 0)" = 1 ] || [ "$(calc "$kernel < 0" 0)" = 1 ]; then
	summary "watchdog-latency: no measurement (memstress at $ours, kernel at $kernel; see $d)"
else
	lo=$(calc "$ours - $frozen") lk=$(calc "$kernel - $frozen")
	say "memstress watchdog reported the stall after ${lo} s; the kernel's hung-task detector after ${lk} s"
	r=$(calc "$lk / $lo" 1)
	summary "watchdog-latency: memstress ${lo} s vs kernel hung-task ${lk} s; ${r}x faster (target >= 10x): $(met "$r" ">=" 10)"
fi
pct=$(calc "100 * $cpu / $wall")
summary "monitor-cpu: $(calc "$cpu" 3) s of CPU over $(calc "$wall" 1) s of monitoring = ${pct}% of one core (target <= 1%): $(met "$pct" "<=" 1)"

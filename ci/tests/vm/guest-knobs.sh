#!/bin/bash
# Runs inside a memstress guest as a workload (ci/tests/scenarios/vm-knobs.ini):
# nested memstress runs arm failslab and fail_page_alloc; after a normal exit,
# after SIGINT, and after SIGKILL + `memstress cleanup`, every knob must be
# back to its value before. Prints TAP-ish lines; exits 1 on any mismatch.
set -u
cd "$(dirname "$0")/../../.."
M=$MEMSTRESS_BIN
R=$(mktemp -d /tmp/knobs.XXXXXX)
inner=ci/tests/scenarios/knobs-inner.ini
knobs="probability interval times space verbose task-filter ignore-gfp-wait verbose_ratelimit_interval_ms verbose_ratelimit_burst"
# the fault knobs, and what the tracepoint witnesses add: the run's trace
# instance, its kretprobe events, a tracefs mount of its own
snap() { for i in failslab fail_page_alloc; do for k in $knobs; do echo "$i/$k=$(cat /sys/kernel/debug/$i/$k)"; done; done; echo "fail_page_alloc/min-order=$(cat /sys/kernel/debug/fail_page_alloc/min-order)"
	echo "instances=$(ls /sys/kernel/debug/tracing/instances 2>/dev/null | tr '\n' ' ')"
	echo "probes=$(cat /sys/kernel/debug/tracing/kprobe_events 2>/dev/null | tr '\n' ' ')"
	echo "mounts=$(grep -c tracefs /proc/mounts)"; }
armed() { [ "$(cat /sys/kernel/debug/failslab/probability)" != 0 ]; }
# waits up to 120 s (a TCG guest on a loaded CI machine is slow to set up);
# says how long arming took, so a slow CI run shows in the log
wait_armed() { local t0=$SECONDS; for _ in $(seq 1200); do armed && { echo "# armed after $((SECONDS - t0)) s"; return 0; }; sleep 0.1; done; return 1; }
never_armed() { echo "not ok - the inner run never armed the knobs; its output:"; sed 's/^/#   /' "$1"; fail=1; }
fail=0
check() { if [ "$(snap)" = "$before" ]; then echo "ok - knobs restored after $1"; else echo "not ok - knobs after $1:"; diff <(echo "$before") <(snap); fail=1; fi; }

before=$(snap)
"$M" run -q --results "$R" "$inner" >/dev/null 2>&1
check "a normal exit"

"$M" run -q --results "$R" "$inner" >"$R/sigint.out" 2>&1 &
pid=$!
wait_armed || never_armed "$R/sigint.out"
kill -INT $pid; wait $pid
check "SIGINT"

"$M" run -q --results "$R" "$inner" >"$R/sigkill.out" 2>&1 &
pid=$!
wait_armed || never_armed "$R/sigkill.out"
kill -KILL $pid; wait $pid 2>/dev/null
if armed; then echo "ok - after SIGKILL the knobs are still armed (nothing could undo them)"; else echo "not ok - SIGKILL disarmed? the run's output:"; sed 's/^/#   /' "$R/sigkill.out"; fail=1; fi
"$M" cleanup 2>&1 | sed 's/^/# cleanup: /'
check "SIGKILL and memstress cleanup"
rm -rf "$R"
exit $fail

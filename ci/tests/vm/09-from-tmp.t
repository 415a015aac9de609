#!/bin/bash
# memstress kept under /tmp (where CI may clone it): the guest mounts its own
# tmpfs on /tmp, and must still find memstress (which its workloads re-run by
# path) and a scenario file there.
. "$(dirname "$0")/../lib.sh"
need_kernel

plan 6
case "$TMP" in /tmp/*) ;; *) skip_all "the test directory $TMP is not under /tmp" ;; esac
mkdir -p "$TMP/checkout/workloads"
cp "$MEMSTRESS" "$TMP/checkout/memstress"
sed 's/^duration = .*/duration = 12s/; s/^oom_kills = .*/oom_kills = >=1/' "$TOP/workloads/default.ini" \
	>"$TMP/checkout/workloads/short.ini"
cp "$TMP/checkout/workloads/short.ini" "$TMP/short-in-tmp.ini"

"$TMP/checkout/memstress" run -q --results "$RESULTS" --kernel "$KERNEL" \
	"$TMP/checkout/workloads/short.ini" >"$TMP/out" 2>&1; rc=$?
is_rc 0 "a run from $TMP/checkout passes in the guest"
d=$(last_run)
is "$(grep -c 'cannot start' "$d/console.log" 2>/dev/null)" 0 "every workload started (the guest saw $TMP/checkout/memstress)"
ok "$(grep -q 'cannot bind the host' "$d/console.log" 2>/dev/null && echo 1 || echo 0)" "the guest bound the host's directory back"
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="oom.victim"][0]')" pass "the runaway was the OOM victim"

out=$("$TMP/checkout/memstress" check --kernel "$KERNEL" --json "$TMP/short-in-tmp.ini" 2>"$TMP/err"); rc=$?
is "$rc" 0 "check --kernel of a scenario file directly in /tmp"
is "$(printf '%s' "$out" | python3 -c 'import json,sys; print([s["can_run"] for s in json.load(sys.stdin)["scenarios"]])' 2>&1)" \
	"[True]" "the guest read it and says it can run"
done_testing

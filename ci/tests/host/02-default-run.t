#!/bin/bash
# The main job on the host kernel: the built-in default scenario provokes
# memcg OOM kills, gets the right verdict from three agreeing witnesses,
# writes every result file, and leaves nothing behind. `memstress scan` over
# the saved kmsg.log finds the same OOM kills as the live monitor did.
. "$(dirname "$0")/../lib.sh"
need_root

plan 23
"$MEMSTRESS" run --quiet --results "$RESULTS" >"$TMP/out" 2>&1; rc=$?
is_rc 0 "memstress run (built-in default) passes on this kernel"
d=$(last_run)
for f in result.json result.ktap junit.xml kcidb.json kmsg.log scenario.ini memory.tsv harness.log; do
	ok "$([ -s "$d/$f" ] && echo 0 || echo 1)" "the run wrote $f"
done
is "$(json "$d/result.json" 'r["verdict"]')" pass "result.json says pass"
is "$(grep -v '^memstress: ' "$TMP/out")" "$(printf 'verdict: pass (exit 0)\nresults: %s' "$d")" \
	"run -q prints the verdict and where the results are, nothing else"
# which kernel was judged, and its taint before and after
is "$(json "$d/result.json" 'r["kernel"]["release"], r["kernel"]["cmdline"]')" \
	"$(uname -r) $(cat /proc/cmdline)" \
	"result.json: the kernel's release and command line"
is "$(json "$d/result.json" 'r["kernel"]["config"]["sha256"]')" "$(zcat /proc/config.gz | sha256sum | cut -d' ' -f1)" \
	"result.json: the hash of /proc/config.gz"
is "$(json "$d/result.json" 'r["kernel"]["config"]["options"]["CONFIG_MEMCG"]')" y "with the options memstress cares about"
is "$(json "$d/result.json" 'r["kernel"]["taint_before"]["value"], r["kernel"]["taint_after"]["value"]')" \
	"$(cat /proc/sys/kernel/tainted) $(cat /proc/sys/kernel/tainted)" "the taint before and after"
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="kernel.no_new_taint"][0]')" pass \
	"kernel.no_new_taint passes"
kills=$(json "$d/result.json" 'sum(1 for e in r["events"] if e["kind"]=="oom" and e.get("victim_workload")=="hog")')
ok "$([ "$kills" -ge 3 ] && echo 0 || echo 1)" "result.json has the OOM kills of hog as events ($kills)"
is "$(json "$d/result.json" '[c["status"] for c in r["checks"] if c["name"]=="oom.victim"][0]')" pass "oom.victim passes"
scanned=$("$MEMSTRESS" scan --json --kind oom "$d/kmsg.log" 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')
is "$scanned" "$(json "$d/result.json" 'sum(1 for e in r["events"] if e["kind"]=="oom")')" "memstress scan kmsg.log finds the same OOM events"
# the scenario's 30 s and 10 s of grace, not 30000 s: stress-ng has no "ms" suffix
like "$(grep -m1 'setting to a' "$d/workloads/steady.0.log")" "setting to a 40 second run" \
	"stress-ng's own timeout is a backstop just past the scenario's end"
like "$(head -3 "$d/result.ktap")" "^KTAP version 1" "result.ktap is KTAP"
"$MEMSTRESS" report --no-write "$d" >/dev/null; rc=$?
is "$rc" 0 "memstress report gives the run's verdict as its exit code"
is "$(leftovers)" "" "nothing left behind"
done_testing

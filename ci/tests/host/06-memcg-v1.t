#!/bin/bash
# Memory-cgroup scenarios on this kernel: those its memcg can express run and
# pass; those it cannot (cgroup v2 only, negative oom_score_adj without
# CAP_SYS_RESOURCE) are skipped with the reason, exit 4; so is a check the
# kernel's memcg cannot support (memory.swap.max on v1).
. "$(dirname "$0")/../lib.sh"
need_root

version=$("$MEMSTRESS" check --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["machine"]["memcg_version"])')
plan 8
for s in memcg-victim-size memcg-victim-adj memcg-nested; do
	mrun $s
	is_rc 0 "$s passes on cgroup v$version"
done
if [ "$version" = 1 ]; then
	for s in memcg-oom-group memcg-high-throttle; do
		mrun $s
		is_rc 4 "$s (cgroup v2 only) is skipped on cgroup v1"
	done
	like "$(json "$(last_run)/result.json" '[c["summary"] for c in r["checks"]][0]')" \
		"cgroup-v2: the memory controller is not on cgroup v2 here" "with the reason"
	# memory.swap.max maps to memory.memsw.limit_in_bytes, which limits memory
	# and swap together: its own check is a skip with the reason, never a pass
	"$MEMSTRESS" run -q --results "$RESULTS/swap" --set scenario.duration=6s \
		--set cgroup.memory.swap.max=32M >"$TMP/out" 2>&1
	like "$(json "$(ls -d "$RESULTS"/swap/*/)/result.json" '" ".join(c["name"] + "=" + c["status"] + ": " + c["summary"] for c in r["checks"] if c["name"].startswith("memcg."))')" \
		"memcg.max_held=pass: .*memcg.swap_max_held=skip: memory.swap.max: cgroup v1 limits memory and swap together" \
		"memory.swap.max on v1: memcg.max_held passes, memcg.swap_max_held is a skip with the reason"
else
	ok 0 "cgroup v2 here: memory.swap.max is checked in the guest (vm/11-proofs, memcg-swap)"
	for s in memcg-oom-group memcg-high-throttle; do
		mrun $s
		is_rc 0 "$s passes on cgroup v2"
	done
	ok 0 "cgroup v2 here: nothing skipped"
fi
is "$(leftovers)" "" "nothing left behind"
done_testing

#!/bin/bash
# Memory-cgroup scenarios on this kernel: those its memcg can express run and
# pass; those it cannot (cgroup v2 only, negative oom_score_adj without
# CAP_SYS_RESOURCE) are skipped with the reason, exit 4.
. "$(dirname "$0")/../lib.sh"
need_root

version=$("$MEMSTRESS" check --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["machine"]["memcg_version"])')
plan 7
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
else
	for s in memcg-oom-group memcg-high-throttle; do
		mrun $s
		is_rc 0 "$s passes on cgroup v2"
	done
	ok 0 "cgroup v2 here: nothing skipped"
fi
is "$(leftovers)" "" "nothing left behind"
done_testing

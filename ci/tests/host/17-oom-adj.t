#!/bin/bash
# Issue 28's scenario, as a user wrote it: two stress-ng workloads in a 256M
# memcg, `big` (160M) at oom_score_adj 0 and `small` (120M) at 1000; the
# OOM killer must take `small`. Debian 12's stress-ng writes 1000 into every
# stressor child it forks; memstress's preload keeps the scenario's value
# from each process's first instruction. Three runs with a CPU load beside
# them (a busy CI machine): each passes, every process of both workloads had
# the scenario's value at its fork event, and each victim had 1000 when
# killed, as the kernel's report says.
. "$(dirname "$0")/../lib.sh"
need_root
command -v stress-ng >/dev/null || skip_all "stress-ng is not installed"

cat >"$TMP/adj.ini" <<'INI'
[scenario]
description = issue 28: the OOM killer follows the scenario's oom_score_adj, not stress-ng's
duration = 15s

[cgroup]
memory.max = 256M

[workload.big]
engine = stress-ng
args = --vm 1 --vm-bytes 160M --vm-keep
oom_score_adj = 0

[workload.small]
engine = stress-ng
args = --vm 1 --vm-bytes 120M --vm-keep
oom_score_adj = 1000
start = 2s

[expect]
oom_victim = small
oom_kills = >=1
survives = big
INI

runs=3
plan $((runs * 5 + 1))
setsid stress-ng --cpu "$(nproc)" --timeout 120 >/dev/null 2>&1 &
load=$!
trap 'kill -- -$load 2>/dev/null; at_exit' EXIT
for i in $(seq $runs); do
	mrun "$TMP/adj.ini"
	is_rc 0 "run $i under a CPU load: the victim is small"
	d=$(last_run)
	adj() { json "$d/result.json" "[w['oom_score_adj_at_fork']['$2'] for w in r['workloads'] if w['name']=='$1'][0]"; }
	ok "$([ "$(adj big processes_checked)" -ge 2 ] && [ "$(adj small processes_checked)" -ge 2 ] && echo 0 || echo 1)" \
		"run $i: the fork of every stressor was seen (big $(adj big processes_checked), small $(adj small processes_checked))"
	is "$(adj big different) $(adj small different)" "0 0" "run $i: none had another oom_score_adj at its fork"
	is "$(adj big kept_by)" preload "run $i: kept by the preload library (this stress-ng has no --no-oom-adjust)"
	is "$(json "$d/result.json" "sorted(set(v['oom_score_adj'] for v in [c for c in r['checks'] if c['name']=='oom.victim'][0]['evidence']['victims']))")" \
		"[1000]" "run $i: every victim had 1000 when killed (the kernel's report)"
done
kill -- -$load 2>/dev/null
is "$(leftovers)" "" "nothing left behind"
done_testing

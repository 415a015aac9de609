#!/bin/bash
# What the kernel witnesses cost: the same fstx-under-pressure scenario
# (xfs-fstx, 20 s) with the witnesses on and off, alternated, TRACE_RUNS (3)
# pairs; fstx operations per second, the median of each side. Target: on
# >= 0.95x off.
#   host  `[scenario] trace = yes` (the kmem and vmscan tracepoints in a
#         trace instance of the run's own, read live) against `trace = no`
#   vm    every witness memstress's kernel has (when one is built): the
#         tracepoints, the allocation-latency probes and histograms
#         (alloclat.c), kmemleak (`leaks = auto`: booted with kmemleak=on)
#         and page_owner (booted with page_owner=on), against none of them
#         (`trace = no`, `leaks = no`)
. "$(dirname "$0")/lib.sh"
need_root trace
N=${TRACE_RUNS:-3}
res=$BENCH_TMP/trace
rm -rf "$res"
ops() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(w["fstx"]["ops_per_s"] for w in r["workloads"] if "fstx" in w))' "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
side() { # LABEL on|off [run args...]: one run, prints its fstx ops/s
	local label=$1 tr=$2; shift 2
	"$MEMSTRESS" run -q --results "$res/$label-$tr" --set scenario.duration=20s "$@" \
		xfs-fstx >/dev/null 2>&1
	local d=$(ls -td "$res/$label-$tr"/*/ | head -1)
	ops "$d/result.json"
}
ON_host="--set scenario.trace=yes" OFF_host="--set scenario.trace=no"
ON_vm="--set scenario.trace=yes --set scenario.leaks=auto --set vm.cmdline=page_owner=on"
OFF_vm="--set scenario.trace=no --set scenario.leaks=no"
bench() { # LABEL [run args...]
	local label=$1; shift
	local on= off= von=ON_$label voff=OFF_$label
	for _ in $(seq "$N"); do
		off="$off $(side "$label" off ${!voff} "$@")"
		on="$on $(side "$label" on ${!von} "$@")"
	done
	local mon=$(median $on) moff=$(median $off)
	say "$label: fstx ops/s with the witnesses:$on; without:$off"
	summary "trace-$label: fstx ops/s with the kernel witnesses $mon vs $moff without (median of $N); ratio $(calc "$mon / $moff") (target >= 0.95): $(met "$(calc "$mon / $moff" 3)" ">=" 0.95)"
}
bench host
if K=$("$MEMSTRESS" kernel path 2>/dev/null); then
	bench vm --kernel "$K"
else
	summary "trace-vm: not run (no kernel built: make kernel)"
fi

#!/bin/bash
# What the kernel witnesses cost: the same fstx-under-pressure scenario
# (xfs-fstx, 20 s) with the witnesses on and off, alternated, TRACE_RUNS (5)
# rounds; fstx operations per second. The ratio is the median of each
# round's own (a setting's run against the run without witnesses beside it),
# printed with their range: fstx's throughput under the hog drifts by a
# quarter from round to round in the guest, and a ratio of each setting's
# median does not cancel that drift (5 rounds of it gave 0.89x and 1.17x).
#   host  `[scenario] trace = yes` (the kmem and vmscan tracepoints in a
#         trace instance of the run's own, read live) against `trace = no`.
#         Target: on >= 0.95x off.
#   vm    memstress's own witnesses in its kernel: the tracepoints and the
#         allocation-latency probes and histograms (alloclat.c; xfs-fstx
#         bounds its stalls, so they are on), against none (`trace = no`).
#         Target: >= 0.95x. Beside them, each alone and all together, the
#         kernel's own debuggers memstress boots it with: kmemleak
#         (`leaks = auto`: kmemleak=on; it records every slab object and its
#         stack) and page_owner (`vm.cmdline=page_owner=on`, for scenarios
#         that ask for it): what they cost is said, not held to the target.
. "$(dirname "$0")/lib.sh"
need_root trace
N=${TRACE_RUNS:-5}
res=$BENCH_TMP/trace
rm -rf "$res"
ops() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(w["fstx"]["ops_per_s"] for w in r["workloads"] if "fstx" in w))' "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
side() { # LABEL SETTING [run args...]: one run, prints its fstx ops/s
	local label=$1 tr=$2; shift 2
	"$MEMSTRESS" run -q --results "$res/$label-$tr" --set scenario.duration=20s "$@" \
		xfs-fstx >/dev/null 2>&1
	local d=$(ls -td "$res/$label-$tr"/*/ | head -1)
	ops "$d/result.json"
}
declare -A SET
SET[host-off]="--set scenario.trace=no"
SET[host-on]="--set scenario.trace=yes"
SET[vm-off]="--set scenario.trace=no --set scenario.leaks=no"
SET[vm-on]="--set scenario.trace=yes --set scenario.leaks=no"
SET[vm-kmemleak]="--set scenario.trace=no --set scenario.leaks=auto"
SET[vm-page_owner]="--set scenario.trace=no --set scenario.leaks=no --set vm.cmdline=page_owner=on"
SET[vm-all]="--set scenario.trace=yes --set scenario.leaks=auto --set vm.cmdline=page_owner=on"
declare -A GOT
bench() { # LABEL "SETTINGS" [run args...]: the settings alternated, N rounds
	local label=$1 settings=$2; shift 2
	for _ in $(seq "$N"); do
		for s in $settings; do
			GOT[$s]="${GOT[$s]:-} $(side "$label" "$s" ${SET[$label-$s]} "$@")"
		done
	done
	for s in $settings; do
		say "$label, $s: fstx ops/s${GOT[$s]}"
	done
}
# ratios SETTING: each round's SETTING run over its run without witnesses
ratios() {
	paste -d' ' <(printf '%s\n' ${GOT[$1]}) <(printf '%s\n' ${GOT[off]}) |
		awk '$2 > 0 { printf "%.3f\n", $1 / $2 }'
}
ratio() { median $(ratios "$1"); }
spread() { ratios "$1" | sort -g | sed -n '1p;$p' | paste -sd- -; }
# said SETTING: "0.97 (rounds 0.94-1.22)"
said() { printf '%s (rounds %s)' "$(calc "$(ratio "$1")")" "$(spread "$1")"; }
bench host "off on"
summary "trace-host: fstx ops/s with the kernel witnesses $(median ${GOT[on]}) vs $(median ${GOT[off]}) without (medians of $N); ratio, the median of the rounds' own, $(said on) (target >= 0.95): $(met "$(ratio on)" ">=" 0.95)"
unset GOT
declare -A GOT
if K=$("$MEMSTRESS" kernel path 2>/dev/null); then
	bench vm "off on kmemleak page_owner all" --kernel "$K"
	summary "trace-vm: fstx ops/s with memstress's witnesses (tracepoints, allocation probes) $(median ${GOT[on]}) vs $(median ${GOT[off]}) without (medians of $N); ratio, the median of the rounds' own, $(said on) (target >= 0.95): $(met "$(ratio on)" ">=" 0.95); the kernel's debuggers, alone: kmemleak $(said kmemleak), page_owner $(said page_owner); all on $(said all)"
else
	summary "trace-vm: not run (no kernel built: make kernel)"
fi

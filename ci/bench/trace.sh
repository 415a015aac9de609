#!/bin/bash
# What the kernel witnesses cost: the same fstx-under-pressure scenario
# (xfs-fstx; 20 s on the host, TRACE_VM_SECONDS (40) in the VM) with the
# witnesses on and off, alternated, TRACE_RUNS (10) rounds; fstx operations
# per second. The ratio is the median of each
# round's own (a setting's run against the run without witnesses beside it),
# printed with their range: fstx's throughput under the hog drifts by a
# quarter from round to round in the guest, and a ratio of each setting's
# median does not cancel that drift (5 rounds of it gave 0.89x and 1.17x);
# the rounds' ratios spread over 0.84 to 1.11 (8 pairs of 20 s, 2026-12-07),
# so ten of them, not five, for the witnesses against none, and 40 s runs in
# the VM: fstx's rate moves by a tenth from one 6 s window to the next in one
# guest, and a longer run averages more of them; the kernel's debuggers,
# said and not held to a target, get TRACE_DEBUG_RUNS (3). TRACE_TARGETS="vm"
# (or "host") runs one half.
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
#   per event, in the VM: what fstx's noise hides, from a load that does
#         not vary (ci/bench/faults.c: page faults, each one page allocation
#         and one memory cgroup charge; 2 % from run to run), TRACE_FAULT_RUNS
#         (3) rounds of: no witnesses, the tracepoints, the tracepoints and
#         the allocation probes. The difference of the time a fault takes is
#         each part's cost per event; the probes' times the charges an
#         xfs-fstx run with them timed (result.json alloc_latency) is their
#         share of that run's CPU.
. "$(dirname "$0")/lib.sh"
need_root trace
N=${TRACE_RUNS:-10}
ND=${TRACE_DEBUG_RUNS:-3}
NF=${TRACE_FAULT_RUNS:-3}
res=$BENCH_TMP/trace
rm -rf "$res"
ops() { python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(sum(w["fstx"]["ops_per_s"] for w in r["workloads"] if "fstx" in w))' "$1"; }
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
VM_SECONDS=${TRACE_VM_SECONDS:-40}
declare -A SECONDS_OF=([host]=20 [vm]=$VM_SECONDS)
side() { # LABEL SETTING [run args...]: one run, prints its fstx ops/s
	local label=$1 tr=$2; shift 2
	"$MEMSTRESS" run -q --results "$res/$label-$tr" --set "scenario.duration=${SECONDS_OF[$label]}s" "$@" \
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
bench() { # LABEL "SETTINGS" "DEBUGGERS" [run args...]: alternated, N rounds
	local label=$1 settings=$2 debuggers=$3 i; shift 3
	for i in $(seq "$N"); do
		for s in $settings $([ "$i" -gt "$ND" ] || echo $debuggers); do
			GOT[$s]="${GOT[$s]:-} $(side "$label" "$s" ${SET[$label-$s]} "$@")"
		done
	done
	for s in $settings $debuggers; do
		say "$label, $s: fstx ops/s${GOT[$s]}"
	done
}
# ratios SETTING: each round's SETTING run over its run without witnesses
# (a setting run in fewer rounds: its rounds, the first)
ratios() {
	paste -d' ' <(printf '%s\n' ${GOT[$1]}) <(printf '%s\n' ${GOT[off]}) |
		awk '$2 > 0 { printf "%.3f\n", $1 / $2 }'
}
ratio() { median $(ratios "$1"); }
spread() { ratios "$1" | sort -g | sed -n '1p;$p' | paste -sd- -; }
# said SETTING: "0.97 (rounds 0.94-1.22)"
said() { printf '%s (rounds %s)' "$(calc "$(ratio "$1")")" "$(spread "$1")"; }
# TRACE_TARGETS: "host vm" (both), or one of them
TARGETS=${TRACE_TARGETS:-host vm}
if [[ " $TARGETS " == *" host "* ]]; then
	bench host "off on" ""
	summary "trace-host: fstx ops/s with the kernel witnesses $(median ${GOT[on]}) vs $(median ${GOT[off]}) without (medians of $N); ratio, the median of the rounds' own, $(said on) (target >= 0.95): $(met "$(ratio on)" ">=" 0.95)"
fi
unset GOT
declare -A GOT
# per_event: the fault load with each part of the witnesses
faults() { # SETTING [run args...]: faults per second of one run
	local tr=$1 d; shift
	"$MEMSTRESS" run -q --results "$res/faults-$tr" --kernel "$K" "$@" \
		--set "workload.faults.args=$prog 8" "$TOP/ci/bench/trace-faults.ini" \
		>/dev/null 2>&1
	d=$(ls -td "$res/faults-$tr"/*/ | head -1)
	awk '$1 == "faults" { print $4 }' "$d"/workloads/faults.0.log
}
per_event() {
	local i off tp all f_off f_tp f_all charges cost cpu_on cpu_off
	# where the guest sees it: its tmpfs covers the host's /tmp and /var/tmp
	prog=$TOP/build/bench/faults
	mkdir -p "${prog%/*}" && gcc -O2 -static -o "$prog" "$TOP/ci/bench/faults.c" || return
	for i in $(seq "$NF"); do
		off="${off:-} $(faults off --set scenario.trace=no --set scenario.leaks=no)"
		tp="${tp:-} $(faults tracepoints --set scenario.trace=yes --set scenario.leaks=no)"
		all="${all:-} $(faults probes --set scenario.trace=yes --set scenario.leaks=no \
			--set 'expect.alloc_stall_max=<2s')"
	done
	say "vm, page faults/s: none$off; tracepoints$tp; and the probes$all"
	f_off=$(median $off) f_tp=$(median $tp) f_all=$(median $all)
	if [ -z "$f_off" ] || [ -z "$f_tp" ] || [ -z "$f_all" ]; then # a run that did not run its load
		summary "trace-vm-per-event: not measured (a faults run printed no rate: see $res/faults-*)"
		return
	fi
	# the charges the on runs' probes timed, a second of the run (medians)
	charges=$(for d in $(ls -d "$res"/vm-on/*/); do python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["alloc_latency"]["paths"]["charge"]["count"] / float(sys.argv[2]))' "$d/result.json" "$VM_SECONDS"; done)
	cost=$(calc "1e6 / $f_all - 1e6 / $f_tp")
	# the runner's own CPU (arming the triggers, reading the pipes), on and off
	cpu() { for d in $(ls -d "$res/vm-$1"/*/); do python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["harness"]["monitor_cpu_s"])' "$d/result.json"; done; }
	cpu_on=$(median $(cpu on)) cpu_off=$(median $(cpu off))
	summary "trace-vm-per-event: a page fault in the guest $(calc "1e6 / $f_off") us without witnesses ($f_off/s, medians of $NF); the tracepoints add $(calc "1e6 / $f_tp - 1e6 / $f_off") us an allocation, the allocation probes $cost us a charge; xfs-fstx's on runs timed $(calc "$(median $charges)" 0) charges a second: the probes' share of its 2 vCPUs $(calc "$(median $charges) * $cost / 1e6 / 2 * 100" 1) %; memstress's runner took $(calc "$cpu_on") s of CPU with them, $(calc "$cpu_off") s without: $(calc "($cpu_on - $cpu_off) / $VM_SECONDS / 2 * 100" 1) %"
}
if [[ " $TARGETS " != *" vm "* ]]; then
	:
elif K=$("$MEMSTRESS" kernel path 2>/dev/null); then
	bench vm "off on" "kmemleak page_owner all" --kernel "$K"
	summary "trace-vm: xfs-fstx ${VM_SECONDS} s, fstx ops/s with memstress's witnesses (tracepoints, allocation probes) $(median ${GOT[on]}) vs $(median ${GOT[off]}) without (medians of $N); ratio, the median of the rounds' own, $(said on) (target >= 0.95): $(met "$(ratio on)" ">=" 0.95); the kernel's debuggers ($ND rounds), alone: kmemleak $(said kmemleak), page_owner $(said page_owner); all on $(said all)"
	per_event
else
	summary "trace-vm: not run (no kernel built: make kernel)"
fi

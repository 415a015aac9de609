#!/bin/bash
# Boot to the first workload under memstress against a bare boot of the same
# kernel (same QEMU machine, accelerator, memory, CPUs and 9p root) to an init
# that powers off at once. Wall time from launch, best of 3 each.
# Target: memstress <= 1.5x the bare boot, with the tracepoint witnesses
# every run has, and with the allocation-latency probes a scenario that
# bounds a stall adds. What each part costs: the same run without the
# witnesses (`trace = no`) beside them, and the guest's own clock
# (console.log: the runner's start and the first workload's line).
. "$(dirname "$0")/lib.sh"
kernel_or_skip boot-to-first-workload
command -v qemu-system-x86_64 >/dev/null || { summary "boot-to-first-workload: not run (no QEMU)"; exit 0; }
init=$BENCH_TMP/poweroff-init
gcc -O2 -static -o "$init" "$TOP/ci/bench/poweroff-init.c"
res=$BENCH_TMP/boot
rm -rf "$res"; mkdir -p "$res"

# The wait must not take the guest's CPU: TCG's vCPUs are host threads, and a
# grep forked every 10 ms cost the guest a second on 2 CPUs. So a short poll
# for the run directory (made within 30 ms of launch), then tail -F
# (inotify) into one grep that notes the time of the line.
first() { # RESULTS [RUN-ARGS] -> seconds from launch to the first workload's line on the guest console
	local t0 d= t=
	t0=$(now)
	"$MEMSTRESS" run -q --results "$1" --kernel "$KERNEL" "${@:2}" "$TOP/ci/bench/boot-first.ini" >"$res/out" 2>&1 &
	local pid=$!
	while [ -z "$d" ] && kill -0 $pid 2>/dev/null; do
		d=$(ls -d "$1"/*-boot-first-*/ 2>/dev/null | head -1)
		[ -n "$d" ] || sleep 0.05
	done
	[ -n "$d" ] && t=$(timeout 120 tail -n +1 -F "$d/console.log" 2>/dev/null |
		{ grep -aq -m1 "memstress-bench: first workload" && elapsed "$t0"; })
	wait $pid
	echo "${t:-999}"
}
accel=
bare() {
	local t0
	t0=$(now)
	timeout 120 qemu-system-x86_64 -machine "q35,accel=$accel" -m 512M -smp 2 -nodefaults -display none \
		-monitor none -no-reboot -serial "file:$res/bare.console" -kernel "$KERNEL" \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=/dev/root -device virtio-rng-pci \
		-append "console=ttyS0,115200 panic=-1 root=/dev/root rootfstype=9p rootflags=trans=virtio,version=9p2000.L,cache=loose,msize=512000 ro init=$init" \
		>/dev/null 2>&1
	elapsed "$t0"
}
# guest seconds: kernel start to the runner's start, and to the first workload
guest() { awk '/as init process/ { i = $2 } / run .*: start/ { s = $2 } /memstress-bench: first workload/ { f = $2 } END { gsub(/\]/, "", i); gsub(/\]/, "", s); gsub(/\]/, "", f); printf "%.2f %.2f %.2f", i, s, f }' "$(ls -td "$1"/*-boot-first-*/ | head -1)/console.log"; }
bm=999 bb=999 bn=999 bl=999
for i in 1 2 3; do
	t=$(first "$res/n$i" --set scenario.trace=no); bn=$(awk -v a="$bn" -v b="$t" 'BEGIN { print b < a ? b : a }')
	read -r gin gsn gfn < <(guest "$res/n$i")
	t=$(first "$res/m$i"); bm=$(awk -v a="$bm" -v b="$t" 'BEGIN { print b < a ? b : a }')
	read -r gi gs gf < <(guest "$res/m$i")
	# a bound on allocations: the latency probes and histograms too
	t=$(first "$res/l$i" --set 'expect.alloc_stall_max=<5s'); bl=$(awk -v a="$bl" -v b="$t" 'BEGIN { print b < a ? b : a }')
	read -r gil gsl gfl < <(guest "$res/l$i")
	[ -z "$accel" ] && accel=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["vm"]["accel"])' \
		"$(ls -td "$res/m$i"/*-boot-first-*/ | head -1)/result.json")
	t=$(bare); bb=$(awk -v a="$bb" -v b="$t" 'BEGIN { print b < a ? b : a }')
done
grep -aq "reboot: Power down" "$res/bare.console" || say "warning: the bare boot did not power off (see $res/bare.console)"
say "kernel $KERNEL ($accel), 512M, 2 CPUs, root over 9p; best of 3"
say "bare boot to an init that powers off: $bb s"
say "memstress run --kernel, launch to the first workload: $bm s; without the tracepoint witnesses: $bn s; with the allocation probes too (a scenario that bounds a stall): $bl s"
say "guest clock (the last three): kernel to init $gi s, to the runner's start $gs s, to the first workload $gf s; without the witnesses $gin, $gsn, $gfn s; with the probes $gil, $gsl, $gfl s"
say "so: QEMU and the kernel's boot $bb s (bare), memstress's runner and set-up $(calc "$bn - $bb") s, the tracepoint witnesses' set-up $(calc "$bm - $bn") s, the allocation probes' $(calc "$bl - $bm") s"
r=$(calc "$bm / $bb") rl=$(calc "$bl / $bb")
summary "boot-to-first-workload: memstress $bm s vs bare boot $bb s; ratio ${r}x (target <= 1.5x): $(met "$r" "<=" 1.5); with the allocation probes $bl s, ${rl}x: $(met "$rl" "<=" 1.5)"
